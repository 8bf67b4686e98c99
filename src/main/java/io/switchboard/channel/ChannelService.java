package io.switchboard.channel;

import io.switchboard.config.ChannelSettings;
import io.switchboard.config.Settings;
import io.switchboard.connection.Connection;
import io.switchboard.connection.OutboundFrame;
import io.switchboard.history.ClientIds;
import io.switchboard.history.MessageStore;
import io.switchboard.history.Publish;
import io.switchboard.history.PublishOutcome;
import io.switchboard.history.StoredMessage;
import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.security.SecuritySettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Subscribe, unsubscribe, publish and history. WebSocket requests arrive on the connection's
 * request lane (never a container thread), since they may wait on the database. Publishes are
 * stored by a writer, a batch per transaction per channel, then fanned out in seq order and acked.
 * All frames go through the connections' send threads: nothing here blocks on a socket.
 */
@ApplicationScoped
public class ChannelService {

    private static final Logger LOG = Logger.getLogger(ChannelService.class.getName());

    @Inject
    MessageStore store;

    @Inject
    ChannelSettings channelSettings;

    @Inject
    Settings settings;

    @Inject
    SecuritySettings securitySettings;

    @Inject
    ChannelWorkers workers;

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    /** A page of history: the channel's epoch and entries in ascending seq. */
    public record Page(String epoch, List<ServerFrame.HistoryEntry> messages) {
    }

    // ---- WebSocket requests

    public void subscribe(Connection connection, String name, ClientFrame.Since since, String requestId) {
        if (!securitySettings.channelRules().mayRead(connection.identity().roles(), name)) {
            reply(connection, forbidden("subscribe to", name, requestId));
            return;
        }
        int limit = settings.maxSubscriptions();
        if (connection.channels().size() >= limit && !connection.channels().contains(name)) {
            reply(connection, new ServerFrame.Error(ErrorCode.LIMIT_EXCEEDED,
                    "at most " + limit + " subscriptions per connection", requestId));
            return;
        }
        try {
            inChannel(name, channel -> join(channel, connection, since, requestId));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "subscribe to " + name + " failed", e);
            reply(connection, unavailable("could not subscribe to " + name + " now", requestId));
        }
        forgetIfIdle(name);
    }

    private void join(Channel channel, Connection connection, ClientFrame.Since since, String requestId) {
        load(channel);
        if (connection.channels().contains(channel.name)) {
            reply(connection, new ServerFrame.Subscribed(channel.name, channel.lastSeq, channel.epoch,
                    channel.presence(), null, requestId));
            return;
        }
        List<StoredMessage> missed = since == null ? List.of() : recoverable(channel, since);
        connection.channels().add(channel.name);
        channel.subscribers.add(connection);
        String user = connection.name();
        boolean arrived = channel.policy.presence() && channel.present.merge(user, 1, Integer::sum) == 1;
        reply(connection, new ServerFrame.Subscribed(channel.name, channel.lastSeq, channel.epoch,
                channel.presence(), since == null ? null : missed != null, requestId));
        if (missed != null) {
            for (StoredMessage m : missed) {
                reply(connection, m.deleted()
                        ? new ServerFrame.Deleted(channel.name, m.seq())
                        : new ServerFrame.ChannelMessage(channel.name, m.seq(), m.data(), m.sender(), m.ts()));
            }
        }
        if (arrived) {
            fanOut(channel.subscribersBut(connection), new ServerFrame.Presence(channel.name, true, user));
        }
    }

    /**
     * The messages after {@code since}, or null when they cannot all be given: another epoch, a
     * seq from the future, an ephemeral channel, too many, or some already pruned. Read under the
     * channel's monitor, so nothing is delivered between them and the live messages that follow.
     */
    private List<StoredMessage> recoverable(Channel channel, ClientFrame.Since since) {
        long after = since.seq();
        long last = channel.lastSeq;
        if (!since.epoch().equals(channel.epoch) || after > last) {
            return null;
        }
        if (after == last) {
            return List.of();
        }
        if (!channel.policy.durable() || last - after > channelSettings.recoveryMaxMessages()) {
            return null;
        }
        List<StoredMessage> rows = store.range(channel.name, after, last);
        return rows.size() == last - after ? rows : null;
    }

    public void unsubscribe(Connection connection, String name, String requestId) {
        leave(connection, name);
        reply(connection, new ServerFrame.Unsubscribed(name, requestId));
    }

    public void publish(Connection publisher, String name, JsonValue data, String requestId) {
        if (!securitySettings.channelRules().mayWrite(publisher.identity().roles(), name)) {
            reply(publisher, forbidden("publish in", name, requestId));
            return;
        }
        boolean queued = publish(publisher.name(), name, data.toString(), requestId, outcome -> {
            if (outcome instanceof PublishOutcome.Stored s) {
                reply(publisher, new ServerFrame.Ack(requestId, s.seq(), s.duplicate()));
            } else {
                reply(publisher, unavailable(((PublishOutcome.Unavailable) outcome).reason(), requestId));
            }
        });
        if (!queued) {
            reply(publisher, unavailable("too many publishes waiting in " + name + "; nothing was stored", requestId));
        }
    }

    public void history(Connection connection, String name, Long before, Integer limit, String requestId) {
        if (!securitySettings.channelRules().mayRead(connection.identity().roles(), name)) {
            reply(connection, forbidden("read", name, requestId));
            return;
        }
        try {
            Page page = history(name, before, limit);
            reply(connection, new ServerFrame.History(name, page.epoch(), page.messages(), requestId));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "history of " + name + " failed", e);
            reply(connection, unavailable("could not read the history of " + name + " now", requestId));
        }
    }

    /** Removes a closed connection from every channel it was in. */
    public void leaveAll(Connection connection) {
        for (String name : connection.channels().toArray(String[]::new)) {
            leave(connection, name);
        }
    }

    // ---- shared with the HTTP API

    /**
     * Queues a publish to be stored; {@code done} hears the outcome on a writer thread. False
     * (and nothing queued) when the channel already has its maximum of publishes waiting.
     *
     * @param id the publisher's id for the message; with the sender it identifies a resend
     */
    public boolean publish(String sender, String name, String dataJson, String id, Consumer<PublishOutcome> done) {
        Publish publish = new Publish(sender, ClientIds.stored(id), dataJson, done);
        while (true) {
            Channel channel = channels.computeIfAbsent(name, this::newChannel);
            boolean startWriter;
            synchronized (channel.pending) {
                if (channel.retired) {
                    continue;
                }
                if (channel.pending.size() >= channelSettings.publishMaxPending()) {
                    return false;
                }
                channel.pending.add(publish);
                startWriter = !channel.writing;
                channel.writing = true;
            }
            if (startWriter) {
                workers.writers().execute(() -> write(channel));
            }
            return true;
        }
    }

    /**
     * Stores the channel's waiting publishes, a batch per transaction, until none are left or this
     * turn has run its batches; then the channel queues again behind the other channels' writers,
     * so one whose publishers never pause cannot keep a writer thread. It stays {@code writing}
     * meanwhile, so no second writer starts: one transaction in flight, fanned out in seq order.
     */
    private void write(Channel channel) {
        if (!channel.created) {
            // The row exists before any batch locks it, so a batch never races to create it.
            try {
                open(channel.name);
                channel.created = true;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "channel " + channel.name + " could not be created", e);
            }
        }
        int maxBatch = channelSettings.publishMaxBatch();
        int perTurn = channelSettings.publishBatchesPerTurn();
        for (int batches = 0; ; batches++) {
            List<Publish> batch = new ArrayList<>(Math.min(maxBatch, 64));
            synchronized (channel.pending) {
                if (channel.pending.isEmpty()) {
                    channel.writing = false;
                    break;
                }
                while (batches < perTurn && batch.size() < maxBatch && !channel.pending.isEmpty()) {
                    batch.add(channel.pending.poll());
                }
            }
            if (batch.isEmpty()) {
                // The turn is used up and publishes wait. Outside the lock: a saturated pool runs
                // the task on this very thread.
                workers.writers().execute(() -> write(channel));
                return;
            }
            store(channel, batch);
        }
        forgetIfIdle(channel.name);
    }

    private void store(Channel channel, List<Publish> batch) {
        long now = System.currentTimeMillis();
        long dedupSince = now - channelSettings.dedupWindow().toMillis();
        MessageStore.Appended appended;
        try {
            appended = append(channel, batch, now, dedupSince);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "storing " + batch.size() + " publishes to " + channel.name + " failed", e);
            PublishOutcome failed = new PublishOutcome.Unavailable("the message could not be stored; nothing was published");
            batch.forEach(p -> p.done().accept(failed));
            return;
        }
        synchronized (channel) {
            for (int i = 0; i < batch.size(); i++) {
                long seq = appended.seqs()[i];
                // Subscribers told a seq at or past this one (read after the commit) must not get it.
                if (!appended.duplicates()[i] && seq > channel.lastSeq) {
                    Publish p = batch.get(i);
                    fanOut(channel.subscribers, new ServerFrame.ChannelMessage(channel.name, seq, p.data(), p.sender(), now));
                    channel.lastSeq = seq;
                }
            }
            channel.lastSeq = Math.max(channel.lastSeq, appended.lastSeq());
            channel.epoch = appended.epoch();
            channel.loaded = true;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().accept(new PublishOutcome.Stored(appended.seqs()[i], appended.epoch(), appended.duplicates()[i]));
        }
    }

    /** One retry: a failed transaction stored nothing, so a transient failure costs no message. */
    private MessageStore.Appended append(Channel channel, List<Publish> batch, long now, long dedupSince) {
        try {
            return store.append(channel.name, batch, channel.policy.durable(), now, dedupSince);
        } catch (RuntimeException first) {
            LOG.log(Level.FINE, "storing to " + channel.name + " failed once; retrying", first);
            return store.append(channel.name, batch, channel.policy.durable(), now, dedupSince);
        }
    }

    /** Up to {@code limit} (capped) messages before {@code before} (or the newest), ascending. */
    public Page history(String name, Long before, Integer limit) {
        int max = channelSettings.historyMaxLimit();
        int count = limit == null ? max : Math.min(limit, max);
        MessageStore.State state = store.state(name);
        if (!channelSettings.policy(name).durable()) {
            return new Page(state.epoch(), List.of());
        }
        List<ServerFrame.HistoryEntry> entries = new ArrayList<>();
        for (StoredMessage m : store.before(name, before == null ? Long.MAX_VALUE : before, count)) {
            entries.add(new ServerFrame.HistoryEntry(m.seq(), m.deleted() ? null : m.data(), m.sender(), m.ts(), m.deleted()));
        }
        return new Page(state.epoch(), entries);
    }

    /** Marks a message deleted and tells the subscribers; false if no such message is stored. */
    public boolean delete(String name, long seq) {
        if (!store.delete(name, seq)) {
            return false;
        }
        Channel channel = channels.get(name);
        if (channel != null) {
            synchronized (channel) {
                fanOut(channel.subscribers, new ServerFrame.Deleted(name, seq));
            }
        }
        return true;
    }

    /** Deletes the history and starts a new epoch. */
    public MessageStore.State reset(String name) {
        Channel channel = channels.get(name);
        if (channel == null) {
            return creatingRow(name, () -> store.reset(name));
        }
        synchronized (channel) {
            MessageStore.State state = creatingRow(name, () -> store.reset(name));
            channel.epoch = state.epoch();
            return state;
        }
    }

    /** The users present in the channel, or null where presence is off. */
    public List<String> presence(String name) {
        if (!channelSettings.policy(name).presence()) {
            return null;
        }
        Channel channel = channels.get(name);
        if (channel == null) {
            return List.of();
        }
        synchronized (channel) {
            return channel.presence();
        }
    }

    public int channelCount() {
        return channels.size();
    }

    // ---- internals

    private Channel newChannel(String name) {
        return new Channel(name, channelSettings.policy(name));
    }

    private void load(Channel channel) {
        if (channel.loaded) {
            return;
        }
        // Reading creates no row: until the first publish the channel has its first epoch and seq 0.
        MessageStore.State state = store.state(channel.name);
        channel.epoch = state.epoch();
        channel.lastSeq = Math.max(channel.lastSeq, state.lastSeq());
        channel.loaded = true;
    }

    /** The channel's stored state, creating its row on its first publish. */
    private MessageStore.State open(String name) {
        return creatingRow(name, () -> store.open(name));
    }

    /**
     * Runs a store call that may create the channel's row. Two writers (two instances) or a writer
     * and a reset may create it at the same moment; the one that loses gets a key violation, and a
     * later attempt finds the row once the winner's short transaction has committed.
     */
    private static MessageStore.State creatingRow(String name, Supplier<MessageStore.State> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException createdElsewhereMeanwhile) {
                if (attempt == 5) {
                    throw createdElsewhereMeanwhile;
                }
                LOG.log(Level.FINE, "creating channel " + name + " raced; looking again", createdElsewhereMeanwhile);
            }
        }
    }

    private void leave(Connection connection, String name) {
        Channel channel = channels.get(name);
        if (channel == null) {
            return;
        }
        synchronized (channel) {
            if (connection.channels().remove(name)) {
                channel.subscribers.remove(connection);
                String user = connection.name();
                if (channel.policy.presence() && channel.present.merge(user, -1, Integer::sum) == 0) {
                    channel.present.remove(user);
                    fanOut(channel.subscribers, new ServerFrame.Presence(name, false, user));
                }
            }
        }
        forgetIfIdle(name);
    }

    private void inChannel(String name, Consumer<Channel> action) {
        while (true) {
            Channel channel = channels.computeIfAbsent(name, this::newChannel);
            synchronized (channel) {
                if (!channel.retired) {
                    action.accept(channel);
                    return;
                }
            }
        }
    }

    private void forgetIfIdle(String name) {
        channels.computeIfPresent(name, (key, channel) -> {
            synchronized (channel) {
                if (!channel.idle()) {
                    return channel;
                }
                synchronized (channel.pending) {
                    channel.retired = true;
                }
                return null;
            }
        });
    }

    private static void fanOut(List<Connection> to, ServerFrame frame) {
        if (to.isEmpty()) {
            return;
        }
        OutboundFrame encoded = OutboundFrame.of(frame);
        for (Connection c : to) {
            c.queueForSendThreads(encoded);
        }
    }

    /** Through the send threads, like fan-out: the caller is a worker that must not wait on a socket. */
    private static void reply(Connection connection, ServerFrame frame) {
        connection.queueForSendThreads(OutboundFrame.of(frame));
    }

    private static ServerFrame forbidden(String action, String channel, String requestId) {
        return new ServerFrame.Error(ErrorCode.FORBIDDEN, "you may not " + action + " " + channel, requestId);
    }

    private static ServerFrame unavailable(String message, String requestId) {
        return new ServerFrame.Error(ErrorCode.UNAVAILABLE, message, requestId);
    }
}
