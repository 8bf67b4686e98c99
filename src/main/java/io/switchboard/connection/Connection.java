package io.switchboard.connection;

import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.Subprotocol;
import io.switchboard.security.Identity;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One open WebSocket connection: its identity, its outbound queue and what it is subscribed to.
 * Thread-safe; frames may be offered from any thread.
 */
public final class Connection implements OutboundQueue.Listener {

    private final String id;
    private final Identity identity;
    private final long openedNanos = System.nanoTime();
    private final long openedAtMillis = System.currentTimeMillis();
    private final Subprotocol protocol;
    private final FrameSink sink;
    private final ConnectionCloser closer;
    private final OutboundQueue queue;
    // Mutated only by channel.Subscriptions, under the channel's lock.
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final AtomicReference<CloseCode> closeCode = new AtomicReference<>();
    // Set once the socket was found closed under a session the container still holds open.
    private final AtomicBoolean lost = new AtomicBoolean();
    private volatile CloseCode closeWhenDrained;
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile long lastPingNanos = System.nanoTime();

    Connection(String id, Identity identity, FrameSink sink, ConnectionCloser closer,
               Function<OutboundQueue.Listener, OutboundQueue> queues) {
        this(id, identity, Subprotocol.V1, sink, closer, queues);
    }

    Connection(String id, Identity identity, Subprotocol protocol, FrameSink sink, ConnectionCloser closer,
               Function<OutboundQueue.Listener, OutboundQueue> queues) {
        this.id = id;
        this.identity = identity;
        this.protocol = protocol;
        this.sink = sink;
        this.closer = closer;
        this.queue = queues.apply(this);
    }

    public String id() {
        return id;
    }

    public Identity identity() {
        return identity;
    }

    /** What the connection speaks: every frame queued to it is encoded for that. */
    public Subprotocol protocol() {
        return protocol;
    }

    /** The name other clients see in {@code from}. */
    public String name() {
        return identity.name();
    }

    long openedNanos() {
        return openedNanos;
    }

    /** When the connection opened, in milliseconds since the epoch. */
    public long openedAtMillis() {
        return openedAtMillis;
    }

    public Set<String> channels() {
        return channels;
    }

    /**
     * Answers a frame of this connection on the container thread that is handling it: when nothing
     * is queued or in flight the send starts on this thread, sparing the reply a thread hop (see
     * {@link OutboundQueue#offerReply}). Any other thread uses {@link #queueForSendThreads}.
     */
    public boolean replyOnMessageThread(ServerFrame frame) {
        return queue.offerReply(OutboundFrame.of(frame, protocol));
    }

    /**
     * Queues a frame from any thread (a writer fanning out, a request worker, an admin request);
     * the send threads send it, so the caller never waits on this connection's socket. A text
     * frame goes to a MessagePack connection in its MessagePack form, made once per frame.
     */
    public boolean queueForSendThreads(OutboundFrame frame) {
        return queue.offer(frame.in(protocol));
    }

    /** As {@link #queueForSendThreads}, the send this frame starts left to {@code round}. */
    public boolean queueInRound(OutboundFrame frame, FlushRound round) {
        return queue.offer(frame.in(protocol), round);
    }

    /** Records that the client was heard from (any frame or pong). */
    public void heard() {
        lastHeardNanos = System.nanoTime();
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    long lastPingNanos() {
        return lastPingNanos;
    }

    void ping(long now) {
        lastPingNanos = now;
        sink.ping();
    }

    public boolean isClosing() {
        return closeCode.get() != null;
    }

    /** The code the server chose to close with, if it started the close. */
    public Optional<CloseCode> closedWith() {
        return Optional.ofNullable(closeCode.get());
    }

    /**
     * Drops the queue and closes with {@code code} as soon as the send in flight (if any) is
     * done; aborts the connection if that takes longer than the close timeout. Later calls are
     * ignored.
     */
    public void close(CloseCode code) {
        if (closeCode.compareAndSet(null, code)) {
            closer.abortIfStillOpenLater(sink);
            queue.stop(() -> closer.close(sink, code));
        }
    }

    /**
     * Drops the queue and starts the close at once, without waiting for a send in flight. Never
     * on the caller's thread: a close started on one of the container's HTTP threads (an admin's
     * kick, a logout) lets the container recycle the upgrade request's objects into that thread's
     * cache while the socket still uses them, and a later request on that thread was served with
     * them (HTTP 500s, requests answered with another's state).
     */
    public void closeNow(CloseCode code) {
        if (closeCode.compareAndSet(null, code)) {
            queue.close();
            closer.abortIfStillOpenLater(sink);
            closer.close(sink, code);
        }
    }

    /**
     * Ends the connection if its socket has closed without the container noticing (see
     * {@link FrameSink#socketClosed}); true when it had. Its close is reported as the container
     * reports a dropped connection's, with 1006. Nothing once a close has started.
     */
    public boolean endIfSocketClosed() {
        if (isClosing() || !sink.socketClosed() || !lost.compareAndSet(false, true)) {
            return false;
        }
        queue.close();
        closer.closeLost(sink);
        return true;
    }

    /** Lets queued frames go out first, then closes with {@code code}. */
    public void closeWhenDrained(CloseCode code) {
        closeWhenDrained = code;
        queue.drainThenStop();
    }

    void discard() {
        queue.close();
    }

    public long queuedBytes() {
        return queue.queuedBytes();
    }

    @Override
    public void overflowed() {
        close(CloseCode.SLOW_CONSUMER);
    }

    @Override
    public void drained() {
        close(closeWhenDrained);
    }

    @Override
    public void sendFailed(Throwable cause) {
        close(CloseCode.INTERNAL_ERROR);
    }
}
