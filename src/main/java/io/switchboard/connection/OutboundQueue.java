package io.switchboard.connection;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * One connection's outgoing frames, bounded in bytes, sent one asynchronous send at a time. What
 * queues up while a send is in flight goes out as one WebSocket frame (text frames joined by a
 * newline, MessagePack ones back to back),
 * which is what keeps the per-send cost of the container off the per-message path.
 *
 * <p>Offering never blocks and never sends more than one frame's worth of work on the caller's
 * thread. Overflow empties the queue and reports it once; the owner closes the connection.
 */
public final class OutboundQueue {

    /** What the queue tells its owner. Called outside the queue's lock. */
    public interface Listener {
        void overflowed();

        void drained();

        void sendFailed(Throwable cause);
    }

    private enum State { OPEN, DRAINING, CLOSED }

    // Completions can arrive on the sending thread itself; past this depth the next send is handed
    // to the executor so a fast socket cannot grow the stack without bound.
    private static final int MAX_INLINE_DEPTH = 8;
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final FrameSink sink;
    private final Listener listener;
    private final Executor executor;
    private final long maxBytes;
    private final int batchMaxBytes;
    private final SendStats stats;

    // All guarded by this. Small at first: an idle connection queues nothing, a busy one grows it once.
    private final ArrayDeque<OutboundFrame> frames = new ArrayDeque<>(3);
    private long queuedBytes;
    private int inFlightBytes;
    private int inFlightFrames;
    private boolean inFlight;
    private State state = State.OPEN;
    private Runnable onIdle;

    public OutboundQueue(FrameSink sink, Listener listener, Executor executor,
                         long maxBytes, int batchMaxBytes) {
        this(sink, listener, executor, maxBytes, batchMaxBytes, SendStats.NONE);
    }

    public OutboundQueue(FrameSink sink, Listener listener, Executor executor,
                         long maxBytes, int batchMaxBytes, SendStats stats) {
        this.sink = sink;
        this.listener = listener;
        this.executor = executor;
        this.maxBytes = maxBytes;
        this.batchMaxBytes = batchMaxBytes;
        this.stats = stats;
    }

    /**
     * Queues a frame; false when the queue is closed or has just overflowed. The send itself runs on
     * the executor, so a publisher fanning out to many queues only enqueues, and frames that arrive
     * before the executor gets to this queue go out together in one send.
     */
    public boolean offer(OutboundFrame frame) {
        return offer(frame, false);
    }

    /**
     * As {@link #offer}, but when nothing is queued or in flight the send starts on this thread: for
     * a reply to the connection's own request, where a thread hop would only add latency.
     */
    public boolean offerReply(OutboundFrame frame) {
        return offer(frame, true);
    }

    /**
     * As {@link #offer}, but a send this frame starts is left to {@code round}, which runs the sends
     * of a whole fan-out as a few tasks.
     */
    public boolean offer(OutboundFrame frame, FlushRound round) {
        return offer(frame, false, round);
    }

    private boolean offer(OutboundFrame frame, boolean sendHere) {
        return offer(frame, sendHere, null);
    }

    private boolean offer(OutboundFrame frame, boolean sendHere, FlushRound round) {
        OutboundFrame batch = null;
        synchronized (this) {
            if (state != State.OPEN) {
                return false;
            }
            if (queuedBytes + frame.bytes() <= maxBytes) {
                frames.add(frame);
                queuedBytes += frame.bytes();
                if (inFlight) {
                    return true;
                }
                inFlight = true;
                if (sendHere) {
                    batch = takeBatch();
                }
            } else {
                close();
                frame = null;
            }
        }
        if (frame == null) {
            listener.overflowed();
            return false;
        }
        if (batch != null) {
            send(batch);
        } else if (round != null) {
            round.add(this);
        } else {
            executor.execute(this::flush);
        }
        return true;
    }

    /** The send a {@link FlushRound} was handed. */
    void flushNow() {
        flush();
    }

    private void flush() {
        OutboundFrame batch;
        boolean drained = false;
        Runnable idle;
        synchronized (this) {
            idle = onIdle;
            onIdle = null;
            if (frames.isEmpty() || state == State.CLOSED) {
                inFlight = false;
                drained = state == State.DRAINING;
                batch = null;
            } else {
                batch = takeBatch();
            }
        }
        if (idle != null) {
            idle.run();
        } else if (batch != null) {
            send(batch);
        } else if (drained) {
            listener.drained();
        }
    }

    /** Stops taking frames; {@link Listener#drained()} fires once what is queued has been sent. */
    public void drainThenStop() {
        boolean idle;
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            state = State.DRAINING;
            idle = !inFlight;
        }
        if (idle) {
            listener.drained();
        }
    }

    /** Drops whatever is queued and takes nothing more. */
    public synchronized void close() {
        state = State.CLOSED;
        frames.clear();
        queuedBytes = inFlightBytes;
    }

    /**
     * Drops whatever is queued, then runs {@code whenIdle} once no send is in flight: at once, or
     * when the send in flight completes. A close frame written after that is next on the wire
     * instead of stuck behind frames the client may never read.
     */
    public void stop(Runnable whenIdle) {
        boolean idle;
        synchronized (this) {
            close();
            idle = !inFlight;
            if (!idle) {
                onIdle = whenIdle;
            }
        }
        if (idle) {
            whenIdle.run();
        }
    }

    public synchronized long queuedBytes() {
        return queuedBytes;
    }

    private void send(OutboundFrame batch) {
        int[] depth = DEPTH.get();
        if (depth[0] >= MAX_INLINE_DEPTH) {
            executor.execute(() -> send(batch));
            return;
        }
        depth[0]++;
        try {
            sink.send(batch, this::sent);
        } finally {
            depth[0]--;
        }
    }

    private void sent(Throwable failure) {
        OutboundFrame next = null;
        boolean drained = false;
        Runnable idle;
        int written = 0;
        synchronized (this) {
            queuedBytes -= inFlightBytes;
            inFlightBytes = 0;
            if (failure == null) {
                written = inFlightFrames;
            }
            inFlightFrames = 0;
            idle = onIdle;
            onIdle = null;
            if (failure != null) {
                close();
                inFlight = false;
            } else if (frames.isEmpty() || state == State.CLOSED) {
                inFlight = false;
                drained = state == State.DRAINING;
            } else {
                next = takeBatch();
            }
        }
        if (written > 0) {
            stats.framesSent(written);
        }
        if (idle != null) {
            idle.run();
        } else if (failure != null) {
            listener.sendFailed(failure);
        } else if (next != null) {
            send(next);
        } else if (drained) {
            listener.drained();
        }
    }

    // Caller holds the lock and has checked that frames is not empty. The latency of a message is
    // taken here, as its frame is handed to the socket; the frame counts as sent once the send completes.
    // A lone frame goes out as it was encoded (a fan-out message's bytes, shared by every subscriber);
    // several are joined into one new frame: text payloads separated by newlines, MessagePack ones
    // back to back (each object says where it ends). A connection's frames are all of one kind.
    private OutboundFrame takeBatch() {
        long now = 0;
        OutboundFrame first = frames.poll();
        if (first.isLiveMessage()) {
            now = System.currentTimeMillis();
            stats.messageWritten(first.publishedMillis(), now);
        }
        int batchBytes = first.bytes();
        boolean binary = first.isBinary();
        int separator = binary ? 0 : 1;
        OutboundFrame next = frames.peek();
        if (next == null || batchBytes + separator + next.bytes() > batchMaxBytes) {
            inFlightBytes = batchBytes;
            inFlightFrames = 1;
            return first;
        }
        // How many fit, first, so the joined frame is made at its final size.
        int count = 1;
        var waiting = frames.iterator();
        while (waiting.hasNext()) {
            OutboundFrame candidate = waiting.next();
            if (batchBytes + separator + candidate.bytes() > batchMaxBytes) {
                break;
            }
            batchBytes += separator + candidate.bytes();
            count++;
        }
        byte[] wire = OutboundFrame.withHeader(batchBytes, binary);
        int offset = wire.length - batchBytes;
        int at = append(wire, offset, first);
        for (int i = 1; i < count; i++) {
            OutboundFrame joined = frames.poll();
            if (joined.isLiveMessage()) {
                if (now == 0) {
                    now = System.currentTimeMillis();
                }
                stats.messageWritten(joined.publishedMillis(), now);
            }
            if (!binary) {
                wire[at++] = '\n';
            }
            at = append(wire, at, joined);
        }
        inFlightBytes = batchBytes - separator * (count - 1);
        inFlightFrames = count;
        return new OutboundFrame(wire, offset, 0);
    }

    private static int append(byte[] wire, int at, OutboundFrame frame) {
        int n = frame.bytes();
        System.arraycopy(frame.wire(), frame.payloadOffset(), wire, at, n);
        return at + n;
    }
}
