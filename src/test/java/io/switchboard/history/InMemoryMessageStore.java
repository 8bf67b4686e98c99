package io.switchboard.history;

import io.switchboard.config.PrefixTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The message store's contract held in memory, for unit tests of what stores and reads channels. */
public class InMemoryMessageStore extends MessageStore {

    private final Map<String, ChannelState> channels = new HashMap<>();
    private final Map<String, TreeMap<Long, StoredMessage>> messages = new HashMap<>();
    public volatile boolean failing;
    // Every prune step, for tests of how retention talks to the database.
    final List<PruneCall> pruneCalls = new ArrayList<>();

    record PruneCall(String prefix, long keep, String from, int limit, int deleted) {
    }

    public InMemoryMessageStore() {
        firstEpochs = new FirstEpochs();
        firstEpochs.use(newEpoch() + newEpoch());
    }

    @Override
    public synchronized ChannelState state(String channel) {
        check();
        ChannelState row = channels.get(channel);
        return row != null ? row : new ChannelState(firstEpochs.of(channel), 0);
    }

    @Override
    public synchronized ChannelState open(String channel) {
        check();
        return channels.computeIfAbsent(channel, c -> new ChannelState(firstEpochs.of(c), 0));
    }

    @Override
    public synchronized Appended append(String channel, List<Publish> batch, boolean durable, long now, long dedupSince) {
        check();
        ChannelState state = open(channel);
        long last = state.lastSeq();
        TreeMap<Long, StoredMessage> stored = messages.computeIfAbsent(channel, c -> new TreeMap<>());
        long[] seqs = new long[batch.size()];
        boolean[] duplicates = new boolean[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            Publish p = batch.get(i);
            StoredMessage first = p.clientId() == null ? null : stored.values().stream()
                    .filter(m -> m.sender.equals(p.sender()) && p.clientId().equals(m.clientId) && m.ts >= dedupSince)
                    .findFirst().orElse(null);
            if (first != null) {
                seqs[i] = first.seq;
                duplicates[i] = true;
                continue;
            }
            seqs[i] = ++last;
            if (durable) {
                stored.put(last, new StoredMessage(channel, last, p.data(), p.sender(), p.clientId(), now));
            }
        }
        channels.put(channel, new ChannelState(state.epoch(), last));
        return new Appended(state.epoch(), last, seqs, duplicates);
    }

    @Override
    public synchronized List<StoredMessage> range(String channel, long after, long upTo) {
        check();
        return new ArrayList<>(messages.getOrDefault(channel, new TreeMap<>()).subMap(after, false, upTo, true).values());
    }

    @Override
    public synchronized List<StoredMessage> before(String channel, long before, int limit) {
        List<StoredMessage> all = new ArrayList<>(messages.getOrDefault(channel, new TreeMap<>()).headMap(before, false).values());
        return new ArrayList<>(all.subList(Math.max(0, all.size() - limit), all.size()));
    }

    @Override
    public synchronized boolean delete(String channel, long seq) {
        StoredMessage m = messages.getOrDefault(channel, new TreeMap<>()).get(seq);
        if (m == null) {
            return false;
        }
        m.delete();
        return true;
    }

    @Override
    public synchronized ChannelState reset(String channel) {
        messages.remove(channel);
        ChannelState row = channels.get(channel);
        ChannelState state = new ChannelState(newEpoch(), row == null ? 0 : row.lastSeq());
        channels.put(channel, state);
        return state;
    }

    /** Stores a message as if published at {@code ts}, for retention tests. */
    synchronized void put(String channel, long seq, long ts) {
        ChannelState row = channels.computeIfAbsent(channel, c -> new ChannelState(firstEpochs.of(c), 0));
        channels.put(channel, new ChannelState(row.epoch(), Math.max(row.lastSeq(), seq)));
        messages.computeIfAbsent(channel, c -> new TreeMap<>())
                .put(seq, new StoredMessage(channel, seq, "null", "s", null, ts));
    }

    synchronized List<Long> seqs(String channel) {
        return new ArrayList<>(messages.getOrDefault(channel, new TreeMap<>()).keySet());
    }

    @Override
    public synchronized Pruned prune(PrefixTable.Scope<?> scope, long keep, long olderThan, String from, int limit) {
        check();
        List<StoredMessage> expired = new ArrayList<>();
        for (String channel : new TreeSet<>(messages.keySet())) {
            if (!scope.contains(channel) || (from != null && channel.compareTo(from) < 0)) {
                continue;
            }
            long last = channels.get(channel).lastSeq();
            messages.get(channel).values().stream()
                    .filter(m -> m.seq <= last - keep || m.ts < olderThan)
                    .forEach(expired::add);
        }
        List<StoredMessage> batch = expired.subList(0, Math.min(limit, expired.size()));
        batch.forEach(m -> messages.get(m.channel).remove(m.seq));
        String next = batch.size() == limit ? batch.get(limit - 1).channel : null;
        pruneCalls.add(new PruneCall(scope.prefix(), keep, from, limit, batch.size()));
        return new Pruned(batch.size(), next);
    }

    /** The channels that have a row: those a publish (or a reset) created. */
    public synchronized Set<String> rows() {
        return Set.copyOf(channels.keySet());
    }

    private void check() {
        if (failing) {
            throw new IllegalStateException("database down");
        }
    }
}
