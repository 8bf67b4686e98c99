package io.switchboard.connection;

import io.switchboard.security.Identity;
import io.switchboard.security.Role;
import java.util.EnumSet;

import io.switchboard.config.Settings;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Subprotocol;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Test fixture: {@link Connection}s without a container, over a {@link RecordingSink}. Closing
 * works: the closer writes the close frame on the calling thread and schedules its abort check on
 * a shared daemon scheduler.
 */
public final class TestConnections {

    private static final ScheduledExecutorService SCHEDULER = daemonScheduler();
    // Only used by OutboundQueue past its inline-send depth; must not run tasks on the caller's thread.
    // Flushes run on the offering thread, so tests see sends as soon as offer returns; deep
    // completion chains still hop to the common pool (see OutboundQueue's depth guard).
    private static final Executor HANDOFF = new Executor() {
        private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

        @Override
        public void execute(Runnable task) {
            int[] d = depth.get();
            if (d[0] > 0) {
                ForkJoinPool.commonPool().execute(task);
                return;
            }
            d[0]++;
            try {
                task.run();
            } finally {
                d[0]--;
            }
        }
    };

    private TestConnections() {
    }

    /** Send threads that are the offering thread (see {@link #HANDOFF}), rounds included. */
    public static SendExecutor sends() {
        return new SendExecutor() {
            @Override
            public void execute(Runnable flush) {
                HANDOFF.execute(flush);
            }
        };
    }

    /** A connection and the sink that records what was sent to it. */
    public record TestConnection(Connection connection, RecordingSink sink) {
    }

    /** A connection whose sends complete at once, with a 1 MiB queue and 64 KiB batches. */
    public static TestConnection open(String id) {
        return open(id, 1 << 20, 65536, true);
    }

    /**
     * A connection whose identity is {@code id}; with {@code completeSends} false, sends never
     * complete (a client that stopped reading) and the queue fills up.
     */
    public static TestConnection open(String id, long maxBytes, int batchMaxBytes, boolean completeSends) {
        return open(id, Subprotocol.V1, maxBytes, batchMaxBytes, completeSends);
    }

    /** As {@link #open(String)}, for a connection speaking {@code protocol}. */
    public static TestConnection open(String id, Subprotocol protocol) {
        return open(id, protocol, 1 << 20, 65536, true);
    }

    public static TestConnection open(String id, Subprotocol protocol, long maxBytes, int batchMaxBytes,
                                      boolean completeSends) {
        RecordingSink sink = new RecordingSink(completeSends);
        Identity identity = new Identity(id, EnumSet.of(Role.USER), null, "127.0.0.1");
        Connection connection = new Connection(id, identity, protocol, sink, closer(Duration.ofSeconds(5)),
                listener -> new OutboundQueue(sink, listener, HANDOFF, maxBytes, batchMaxBytes));
        return new TestConnection(connection, sink);
    }

    /**
     * A registry usable outside the container: the connections it opens (see {@link #open(ConnectionRegistry,
     * Identity)}) send on the offering thread, with a 1 MiB queue, and close at once.
     */
    public static ConnectionRegistry registry() {
        ConnectionRegistry registry = new ConnectionRegistry();
        registry.closer = closer(Duration.ofSeconds(5));
        registry.sends = sends();
        registry.settings = new Settings() {
            @Override
            public long outboundMaxBytes() {
                return 1 << 20;
            }

            @Override
            public int outboundBatchMaxBytes() {
                return 65536;
            }
        };
        return registry;
    }

    /** A connection of {@code identity} opened in {@code registry}, whose sends complete at once. */
    public static TestConnection open(ConnectionRegistry registry, Identity identity) {
        RecordingSink sink = new RecordingSink(true);
        return new TestConnection(registry.open(sink, identity, null), sink);
    }

    /** A closer usable outside the container. */
    public static ConnectionCloser closer(Duration closeTimeout) {
        ConnectionCloser closer = new ConnectionCloser();
        closer.executor = proxy(ManagedExecutorService.class, Runnable::run);
        closer.scheduler = SCHEDULER;
        closer.settings = new Settings() {
            @Override
            public Duration closeTimeout() {
                return closeTimeout;
            }
        };
        return closer;
    }

    /**
     * Records every frame sent and, of text frames, every line (a coalesced send is split on
     * newlines) and every close.
     */
    public static final class RecordingSink implements FrameSink {

        private final boolean completeSends;
        private final List<String> lines = new ArrayList<>();
        private final List<String> sends = new ArrayList<>();
        private final List<OutboundFrame> frames = new ArrayList<>();
        private volatile CloseCode closedWith;
        private volatile boolean aborted;
        private volatile int pings;
        private volatile boolean socketClosed;
        private final AtomicInteger lostCloses = new AtomicInteger();

        RecordingSink(boolean completeSends) {
            this.completeSends = completeSends;
        }

        @Override
        public void send(OutboundFrame frame, Consumer<Throwable> done) {
            synchronized (this) {
                frames.add(frame);
                if (!frame.isBinary()) {
                    String text = frame.text();
                    sends.add(text);
                    lines.addAll(Arrays.asList(text.split("\n", -1)));
                }
            }
            if (completeSends) {
                done.accept(null);
            }
        }

        /** Every JSON object sent so far, in order. */
        public synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        /** Every send (WebSocket frame) so far, in order. */
        public synchronized List<String> sends() {
            return List.copyOf(sends);
        }

        /** Every frame sent so far, as it was handed to the socket. */
        public synchronized List<OutboundFrame> frames() {
            return List.copyOf(frames);
        }

        public synchronized void clear() {
            lines.clear();
            sends.clear();
            frames.clear();
        }

        /** The code this sink was closed with, or null. */
        public CloseCode closedWith() {
            return closedWith;
        }

        public int pings() {
            return pings;
        }

        @Override
        public void ping() {
            pings++;
        }

        /** Whether the connection was dropped without a close handshake. */
        public boolean aborted() {
            return aborted;
        }

        @Override
        public void close(CloseCode code) {
            closedWith = code;
        }

        @Override
        public void abort() {
            aborted = true;
        }

        /** Makes the socket under this sink look closed, as after a drop the container missed. */
        public void dropSocket() {
            socketClosed = true;
        }

        @Override
        public boolean socketClosed() {
            return socketClosed;
        }

        /** How many times the session of this sink was closed as lost. */
        public int lostCloses() {
            return lostCloses.get();
        }

        @Override
        public void closeLost() {
            lostCloses.incrementAndGet();
        }
    }

    /** Implements a managed executor interface with the methods of a plain one; the rest throw. */
    private static <T> T proxy(Class<T> type, Executor delegate) {
        return type.cast(Proxy.newProxyInstance(TestConnections.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> invoke(self, delegate, method, args)));
    }

    private static Object invoke(Object self, Object delegate, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
                case "equals":
                    return self == args[0];
                case "hashCode":
                    return System.identityHashCode(delegate);
                default:
                    return "TestConnections proxy over " + delegate;
            }
        }
        if (!method.getDeclaringClass().isInstance(delegate)) {
            throw new UnsupportedOperationException(method.toString());
        }
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static ScheduledExecutorService daemonScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "test-connections-scheduler");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }
}
