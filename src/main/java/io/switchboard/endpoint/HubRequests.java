package io.switchboard.endpoint;

import io.switchboard.channel.Broadcaster;
import io.switchboard.channel.Publishes;
import io.switchboard.channel.Refused;
import io.switchboard.channel.SubscribeResult;
import io.switchboard.channel.Subscriptions;
import io.switchboard.connection.Connection;
import io.switchboard.connection.OutboundFrame;
import io.switchboard.history.HistoryMessage;
import io.switchboard.history.HistoryPages;
import io.switchboard.history.Position;
import io.switchboard.history.PublishOutcome;
import io.switchboard.metrics.HubStats;
import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.security.BroadcastLimit;
import io.switchboard.security.ChannelRules;
import io.switchboard.security.SecuritySettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The channel requests and broadcasts of a connection: checks the caller's rights, hands the
 * request to its service and answers with frames built from the result. Subscribe, unsubscribe,
 * publish and history run on the connection's request lane (they may wait on the database) and
 * answer through the send threads, like fan-out: a worker must not wait on a socket. A broadcast
 * runs on the connection's message thread and answers from there.
 */
@ApplicationScoped
public class HubRequests {

    private static final Logger LOG = Logger.getLogger(HubRequests.class.getName());

    @Inject
    Subscriptions subscriptions;

    @Inject
    Publishes publishes;

    @Inject
    HistoryPages history;

    @Inject
    Broadcaster broadcaster;

    @Inject
    SecuritySettings securitySettings;

    @Inject
    HubStats stats;

    public void subscribe(Connection connection, String channel, ClientFrame.Since since, String requestId) {
        if (!rules().mayRead(connection.identity().roles(), channel)) {
            reply(connection, forbidden("subscribe to", channel, requestId));
            return;
        }
        Position from = since == null ? null : new Position(since.seq(), since.epoch());
        subscriptions.subscribe(connection, channel, from, result -> answer(connection, result, requestId));
    }

    // Called under the channel's monitor when subscribed: these frames are queued before any live one.
    private void answer(Connection connection, SubscribeResult result, String requestId) {
        if (result instanceof SubscribeResult.Subscribed s) {
            reply(connection, new ServerFrame.Subscribed(s.channel(), s.seq(), s.epoch(), s.presence(),
                    s.recovered(), requestId));
            for (HistoryMessage m : s.missed()) {
                reply(connection, m.deleted()
                        ? new ServerFrame.Deleted(s.channel(), m.seq())
                        : new ServerFrame.ChannelMessage(s.channel(), m.seq(), m.data(), m.sender(), m.ts()));
            }
        } else {
            reply(connection, error((Refused) result, requestId));
        }
    }

    public void unsubscribe(Connection connection, String channel, String requestId) {
        subscriptions.unsubscribe(connection, channel);
        reply(connection, new ServerFrame.Unsubscribed(channel, requestId));
    }

    public void publish(Connection publisher, String channel, JsonValue data, String requestId) {
        if (!rules().mayWrite(publisher.identity().roles(), channel)) {
            reply(publisher, forbidden("publish in", channel, requestId));
            return;
        }
        boolean queued = publishes.publish(publisher.name(), channel, data.toString(), requestId, outcome -> {
            if (outcome instanceof PublishOutcome.Stored s) {
                reply(publisher, new ServerFrame.Ack(requestId, s.seq(), s.duplicate()));
            } else {
                reply(publisher, unavailable(((PublishOutcome.Unavailable) outcome).reason(), requestId));
            }
        });
        if (!queued) {
            reply(publisher, unavailable("too many publishes waiting in " + channel + "; nothing was stored", requestId));
        }
    }

    public void history(Connection connection, String channel, Long before, Integer limit, String requestId) {
        if (!rules().mayRead(connection.identity().roles(), channel)) {
            reply(connection, forbidden("read", channel, requestId));
            return;
        }
        try {
            HistoryPages.Page page = history.page(channel, before, limit);
            List<ServerFrame.HistoryEntry> entries = new ArrayList<>(page.messages().size());
            for (HistoryMessage m : page.messages()) {
                entries.add(new ServerFrame.HistoryEntry(m.seq(), m.data(), m.sender(), m.ts(), m.deleted()));
            }
            reply(connection, new ServerFrame.History(channel, page.epoch(), entries, requestId));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "history of " + channel + " failed", e);
            reply(connection, unavailable("could not read the history of " + channel + " now", requestId));
        }
    }

    /** On the sender's message thread, which owns {@code limit}. */
    public void broadcast(Connection sender, BroadcastLimit limit, JsonValue data, String requestId) {
        broadcaster.broadcast(sender, limit, data).ifPresent(refused -> {
            stats.errorSent(refused.code());
            sender.replyOnMessageThread(error(refused, requestId));
        });
    }

    private ChannelRules rules() {
        return securitySettings.channelRules();
    }

    private void reply(Connection connection, ServerFrame frame) {
        if (frame instanceof ServerFrame.Error e) {
            stats.errorSent(e.code());
        }
        connection.queueForSendThreads(OutboundFrame.of(frame));
    }

    private static ServerFrame error(Refused refused, String requestId) {
        return new ServerFrame.Error(refused.code(), refused.message(), requestId);
    }

    private static ServerFrame forbidden(String action, String channel, String requestId) {
        return new ServerFrame.Error(ErrorCode.FORBIDDEN, "you may not " + action + " " + channel, requestId);
    }

    private static ServerFrame unavailable(String message, String requestId) {
        return new ServerFrame.Error(ErrorCode.UNAVAILABLE, message, requestId);
    }
}
