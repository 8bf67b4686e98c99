package io.switchboard.channel;

import io.switchboard.connection.Connection;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.connection.OutboundFrame;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.Utf8;
import io.switchboard.security.BroadcastLimit;
import io.switchboard.security.BroadcastRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;

/**
 * Sends a broadcast to every open connection but its sender, once the sender's
 * {@link BroadcastLimit} allows it; a refused broadcast reaches no one and is answered with an error.
 */
@ApplicationScoped
public class Broadcaster {

    @Inject
    ConnectionRegistry registry;

    /** Runs on the sender's message thread, which owns {@code limit}. */
    public void broadcast(Connection sender, BroadcastLimit limit, JsonValue data, String requestId) {
        // Measured as it will be forwarded, so the limit bounds what lands in every other queue.
        ServerFrame.BroadcastMessage message = new ServerFrame.BroadcastMessage(data, sender.name());
        int bytes = Utf8.length(message.data());
        BroadcastRule rule = limit.rule();
        switch (limit.check(sender.identity(), bytes, System.nanoTime())) {
            case ACCEPT -> fanOut(sender, OutboundFrame.of(message));
            case FORBIDDEN -> sender.replyOnMessageThread(new ServerFrame.Error(ErrorCode.FORBIDDEN,
                    "you may not broadcast: it needs the role " + rule.role().wire(), requestId));
            case TOO_LARGE -> sender.replyOnMessageThread(new ServerFrame.Error(ErrorCode.LIMIT_EXCEEDED,
                    "broadcast data is " + bytes + " bytes, over the limit of " + rule.maxBytes(), requestId));
            case REFUSE_AND_TELL -> sender.replyOnMessageThread(new ServerFrame.Error(ErrorCode.RATE_LIMITED,
                    "too many broadcasts; this one was dropped", requestId));
            case REFUSE_QUIETLY -> { }
        }
    }

    private void fanOut(Connection sender, OutboundFrame frame) {
        for (Connection c : registry.all()) {
            if (c != sender) {
                c.queueForSendThreads(frame);
            }
        }
    }
}
