package io.switchboard.channel;

import io.switchboard.cluster.BatchCommitted;
import io.switchboard.cluster.ChannelReset;
import io.switchboard.cluster.MessageDeleted;
import io.switchboard.connection.Connection;
import io.switchboard.connection.OutboundFrame;
import io.switchboard.protocol.FrameWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Delivers to this instance's subscribers what happened in their channels, each under the
 * channel's monitor so all of them see one order. Every frame is written once and the same text
 * queued to every subscriber; the sends happen on the send threads, so the caller (a writer, or
 * whoever delivers for the {@link io.switchboard.cluster.ClusterBus}) never waits on a socket.
 */
@ApplicationScoped
public class LocalFanOut {

    @Inject
    LocalChannels channels;

    /** A committed batch: each message the subscribers have not been told of yet, in seq order. */
    public void deliver(BatchCommitted batch) {
        Channel channel = channels.get(batch.channel());
        if (channel == null) {
            return;
        }
        synchronized (channel) {
            for (BatchCommitted.Message m : batch.messages()) {
                // Subscribers told a seq at or past this one (read after the commit) must not get it.
                if (m.seq() > channel.lastSeq) {
                    if (!channel.subscribers.isEmpty()) {
                        fanOut(channel.subscribers, FrameWriter.message(batch.channel(), m.seq(), m.data(), m.sender(), m.ts()));
                    }
                    channel.lastSeq = m.seq();
                }
            }
            channel.lastSeq = Math.max(channel.lastSeq, batch.lastSeq());
            channel.epoch = batch.epoch();
            channel.loaded = true;
        }
    }

    public void deleted(MessageDeleted deleted) {
        Channel channel = channels.get(deleted.channel());
        if (channel == null) {
            return;
        }
        synchronized (channel) {
            if (!channel.subscribers.isEmpty()) {
                fanOut(channel.subscribers, FrameWriter.deleted(deleted.channel(), deleted.seq()));
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

    /** A user's first connection joined or their last one left. Call under the channel's monitor. */
    void presence(List<Connection> to, String channel, boolean join, String user) {
        if (!to.isEmpty()) {
            fanOut(to, FrameWriter.presence(channel, join, user));
        }
    }

    private static void fanOut(List<Connection> to, String frame) {
        OutboundFrame encoded = OutboundFrame.of(frame);
        for (Connection c : to) {
            c.queueForSendThreads(encoded);
        }
    }
}
