package io.switchboard.channel;

import io.switchboard.cluster.BatchCommitted;
import io.switchboard.cluster.ChannelReset;
import io.switchboard.cluster.MessageDeleted;
import io.switchboard.cluster.PresenceChanged;
import io.switchboard.connection.Connection;
import io.switchboard.connection.FlushRound;
import io.switchboard.connection.OutboundFrame;
import io.switchboard.connection.SendExecutor;
import io.switchboard.history.HistoryMessage;
import io.switchboard.history.HistoryPages;
import io.switchboard.protocol.FrameWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Delivers to this instance's subscribers what happened in their channels, each under the
 * channel's monitor so all of them see one order. Every frame is written once and the same bytes
 * queued to every subscriber; the sends happen on the send threads, so the caller (a writer, or
 * whoever delivers for the {@link io.switchboard.cluster.ClusterBus}) never waits on a socket. Each
 * frame's sends (a committed batch's, all together) go to them as one {@link FlushRound}.
 *
 * <p>A single instance's batches arrive in seq order, from the channel's one writer, and go out
 * as they come. Clustered, the batches of every instance's writer arrive in any order: the
 * {@code inOrder} methods pass them through the channel's {@link SeqGate}.
 */
@ApplicationScoped
public class LocalFanOut {

    @Inject
    LocalChannels channels;

    @Inject
    SeqGates gates;

    @Inject
    HistoryPages history;

    @Inject
    SendExecutor sends;

    /** A committed batch: each message the subscribers have not been told of yet, in seq order. */
    public void deliver(BatchCommitted batch) {
        Channel channel = channels.get(batch.channel());
        if (channel == null) {
            return;
        }
        FlushRound round = sends.round();
        synchronized (channel) {
            for (BatchCommitted.Message m : batch.messages()) {
                // Subscribers told a seq at or past this one (read after the commit) must not get it.
                if (m.seq() > channel.lastSeq) {
                    if (!channel.subscribers.isEmpty()) {
                        queueAll(channel.subscribers, OutboundFrame.message(
                                FrameWriter.message(batch.channel(), m.seq(), m.data(), m.sender(), m.ts()), m.ts()), round);
                    }
                    channel.lastSeq = m.seq();
                }
            }
            channel.lastSeq = Math.max(channel.lastSeq, batch.lastSeq());
            channel.epoch = batch.epoch();
            channel.loaded = true;
        }
        round.start();
    }

    public void deleted(MessageDeleted deleted) {
        Channel channel = channels.get(deleted.channel());
        if (channel == null) {
            return;
        }
        synchronized (channel) {
            if (!channel.subscribers.isEmpty()) {
                fanOut(channel.subscribers, OutboundFrame.of(FrameWriter.deleted(deleted.channel(), deleted.seq())), sends);
            }
        }
    }

    /** Subscribers are not told; a resubscribe learns the new epoch. */
    public void reset(ChannelReset reset) {
        Channel channel = channels.get(reset.channel());
        if (channel == null) {
            return;
        }
        synchronized (channel) {
            channel.epoch = reset.epoch();
        }
    }

    /** A committed batch from this instance or another, through the channel's gate. */
    public void deliverInOrder(BatchCommitted batch) {
        Channel channel = channels.get(batch.channel());
        if (channel == null) {
            return;
        }
        List<HistoryMessage> messages = new ArrayList<>(batch.messages().size());
        for (BatchCommitted.Message m : batch.messages()) {
            messages.add(new HistoryMessage(m.seq(), m.data(), m.sender(), m.ts(), false));
        }
        synchronized (channel) {
            gate(channel).offer(batch.epoch(), messages);
            channel.loaded = true;
        }
    }

    /** A deletion, told to the subscribers once they have had the message (else it goes out as deleted). */
    public void deletedInOrder(MessageDeleted deleted) {
        Channel channel = channels.get(deleted.channel());
        if (channel == null) {
            return;
        }
        synchronized (channel) {
            if (gate(channel).deleted(deleted.seq()) && !channel.subscribers.isEmpty()) {
                fanOut(channel.subscribers, OutboundFrame.of(FrameWriter.deleted(deleted.channel(), deleted.seq())), sends);
            }
        }
    }

    /** A reset: the new epoch, and no waiting for messages numbered before it. */
    public void resetInOrder(ChannelReset reset) {
        Channel channel = channels.get(reset.channel());
        if (channel == null) {
            return;
        }
        synchronized (channel) {
            gate(channel).reset(reset.epoch(), reset.lastSeq());
        }
    }

    /**
     * Clustered: the channel's messages up to {@code seq} read from the database and passed
     * through its gate at once, so its subscribers here get them in order and the channel's last
     * seq reaches {@code seq} (if the database has it), reading at most {@link SeqGate#MAX_READ}
     * messages: a client claiming more than that beyond this instance is told its position is lost.
     * Call under the channel's monitor.
     */
    void bringUpTo(Channel channel, long seq) {
        long upTo = Math.min(seq, channel.lastSeq + SeqGate.MAX_READ);
        gate(channel).offer(channel.epoch, history.range(channel.name, channel.lastSeq, upTo));
    }

    /** The channels with subscribers here, for a {@link #catchUp}. */
    public List<String> subscribed() {
        List<String> names = new ArrayList<>();
        for (Channel channel : channels.all()) {
            synchronized (channel) {
                if (channel.loaded && !channel.subscribers.isEmpty()) {
                    names.add(channel.name);
                }
            }
        }
        return names;
    }

    /**
     * Each channel named gets, through its gate, what its subscribers here have not been told of
     * up to the last seq given (read from the database by the caller, outside the monitors).
     */
    public void catchUp(Map<String, Long> lastSeqs) {
        lastSeqs.forEach((name, last) -> {
            Channel channel = channels.get(name);
            if (channel != null) {
                synchronized (channel) {
                    if (channel.loaded && !channel.subscribers.isEmpty()) {
                        gate(channel).catchUp(last);
                    }
                }
            }
        });
    }

    /** Call under the channel's monitor. */
    private SeqGate gate(Channel channel) {
        if (channel.gate == null) {
            channel.gate = new SeqGate(channel.name, channel, new Feed(channel, sends), gates.shared());
        }
        return channel.gate;
    }

    /** The channel under its monitor, as its gate sees it. */
    private record Feed(Channel channel, SendExecutor sends) implements SeqGate.Feed {

        @Override
        public long lastSeq() {
            return channel.lastSeq;
        }

        @Override
        public void deliver(HistoryMessage m) {
            if (!channel.subscribers.isEmpty()) {
                fanOut(channel.subscribers, m.deleted() ? OutboundFrame.of(FrameWriter.deleted(channel.name, m.seq()))
                        : OutboundFrame.message(FrameWriter.message(channel.name, m.seq(), m.data(), m.sender(), m.ts()), m.ts()),
                        sends);
            }
            channel.lastSeq = m.seq();
        }

        @Override
        public void skipTo(long seq) {
            channel.lastSeq = seq;
        }

        @Override
        public void epoch(String epoch) {
            channel.epoch = epoch;
        }

        @Override
        public boolean hasSubscribers() {
            return !channel.subscribers.isEmpty();
        }
    }

    /**
     * Clustered: a user's presence in a channel changed cluster wide; the subscribers here are told
     * if it changes what they were told.
     */
    public void presenceChanged(PresenceChanged change) {
        Channel channel = channels.get(change.channel());
        if (channel == null) {
            return;
        }
        synchronized (channel) {
            if (channel.view == null) {
                return;
            }
            Boolean join = channel.view.changed(change.user(), change.join(), change.version(),
                    channel.present.containsKey(change.user()));
            if (join != null) {
                presence(channel.subscribers, channel.name, join, change.user());
            }
        }
    }

    /**
     * Clustered, after the cluster changed: every channel whose subscribers here were told who is
     * present is told what changed since, as {@code present} reads it from the cluster (outside
     * the channels' monitors).
     */
    public void reconcilePresence(Function<String, Map<String, Long>> present) {
        for (Channel channel : channels.all()) {
            boolean viewed;
            synchronized (channel) {
                viewed = channel.view != null;
            }
            if (viewed) {
                Map<String, Long> now = present.apply(channel.name);
                synchronized (channel) {
                    if (channel.view != null) {
                        channel.view.reconcile(now, channel.present::containsKey).forEach((user, join) ->
                                presence(channel.subscribers, channel.name, join, user));
                    }
                }
            }
        }
    }

    /** Whether the user has a connection here subscribed to the channel. */
    public boolean presentHere(String name, String user) {
        Channel channel = channels.get(name);
        if (channel == null) {
            return false;
        }
        synchronized (channel) {
            return channel.present.containsKey(user);
        }
    }

    /** The users with a connection here subscribed, per channel (with presence on). */
    public Map<String, List<String>> presentHere() {
        Map<String, List<String>> all = new HashMap<>();
        for (Channel channel : channels.all()) {
            synchronized (channel) {
                if (!channel.present.isEmpty()) {
                    all.put(channel.name, List.copyOf(channel.present.keySet()));
                }
            }
        }
        return all;
    }

    /** A user's first connection joined or their last one left. Call under the channel's monitor. */
    void presence(List<Connection> to, String channel, boolean join, String user) {
        if (!to.isEmpty()) {
            fanOut(to, OutboundFrame.of(FrameWriter.presence(channel, join, user)), sends);
        }
    }

    private static void fanOut(List<Connection> to, OutboundFrame frame, SendExecutor sends) {
        FlushRound round = sends.round();
        queueAll(to, frame, round);
        round.start();
    }

    private static void queueAll(List<Connection> to, OutboundFrame frame, FlushRound round) {
        for (Connection c : to) {
            c.queueInRound(frame, round);
        }
    }
}
