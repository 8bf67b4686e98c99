package io.switchboard.client;

import jakarta.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One channel the client is in, kept across connections so that each reconnect resubscribes from
 * where the last one stopped (README, "Recovery"): the highest seq handled and the epoch of the
 * {@code subscribed} that started the subscription. Guarded by the client's lock.
 */
final class ChannelSubscription {

    /** What a {@code subscribed} answer means for the stream. */
    record Outcome(boolean resumed, boolean recovered, RecoveryLost lost) {
    }

    final String channel;
    final ChannelHandler handler;
    /** Completed by the first {@code subscribed}; later ones only reach the handler. */
    final CompletableFuture<ServerFrame.Subscribed> first = new CompletableFuture<>();
    private long seq = -1;
    private String epoch;
    private boolean live;
    private Position sinceSent;
    private String requestId;
    private long sentAt;
    private long retryAt;
    private final Set<String> presence = new LinkedHashSet<>();

    ChannelSubscription(String channel, ChannelHandler handler, Position since) {
        this.channel = channel;
        this.handler = handler;
        if (since != null) {
            this.seq = since.seq();
            this.epoch = since.epoch();
        }
    }

    /** The subscribe frame for a new connection: with {@code since} once a position is known. */
    JsonObject subscribeFrame(String id, long now) {
        sinceSent = position();
        requestId = id;
        sentAt = now;
        retryAt = 0;
        return ClientFrames.subscribe(channel, sinceSent, id);
    }

    /** The same frame again, same id, for a request that went unanswered. */
    JsonObject resendFrame(long now) {
        sentAt = now;
        retryAt = 0;
        return ClientFrames.subscribe(channel, sinceSent, requestId);
    }

    Outcome onSubscribed(ServerFrame.Subscribed frame) {
        boolean resumed = sinceSent != null;
        boolean recovered = resumed && Boolean.TRUE.equals(frame.recovered()) && frame.epoch().equals(sinceSent.epoch());
        if (!recovered) {
            seq = frame.seq();
        }
        epoch = frame.epoch();
        live = true;
        requestId = null;
        presence.clear();
        if (frame.presence() != null) {
            presence.addAll(frame.presence());
        }
        RecoveryLost lost = resumed && !recovered ? new RecoveryLost(channel, sinceSent, frame.seq(), frame.epoch()) : null;
        return new Outcome(resumed, recovered, lost);
    }

    /** Whether a message (or deletion) of this seq is new: live, and above the last seq handled. */
    boolean isNew(long messageSeq) {
        return live && messageSeq > seq;
    }

    void handled(long messageSeq) {
        if (messageSeq > seq) {
            seq = messageSeq;
        }
    }

    void presence(ServerFrame.Presence change) {
        if (change.joined()) {
            presence.add(change.user());
        } else {
            presence.remove(change.user());
        }
    }

    List<String> presence() {
        return List.copyOf(presence);
    }

    /** Nothing sent on the old connection counts any more: wait for the next {@code subscribed}. */
    void connectionGone() {
        live = false;
        requestId = null;
        retryAt = 0;
    }

    Position position() {
        return seq >= 0 && epoch != null ? new Position(seq, epoch) : null;
    }

    boolean live() {
        return live;
    }

    String requestId() {
        return requestId;
    }

    long sentAt() {
        return sentAt;
    }

    /** A refusal for now (rate_limited, unavailable): sent again at {@code at}. */
    void retryAt(long at) {
        retryAt = at;
    }

    long retryAt() {
        return retryAt;
    }
}
