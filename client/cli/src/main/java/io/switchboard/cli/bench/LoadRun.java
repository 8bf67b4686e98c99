package io.switchboard.cli.bench;

import io.switchboard.cli.ExitCodes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.glassfish.tyrus.client.ClientManager;

/**
 * One run's connections: logs in, opens and closes the sockets with the chosen client library,
 * keeps the run's deadline and records every close and error the sockets see.
 */
final class LoadRun {

    // USER_HZ of /proc/PID/stat; 100 on every Linux this runs on (getconf CLK_TCK)
    private static final long CLOCK_TICKS = 100;

    /** Where and how to connect. */
    record Settings(List<URI> urls, ClientKind client, int threads, int connectConcurrency, Duration timeout,
                    String user, String password, List<Long> serverPids, WireEncoding encoding) {

        Settings(List<URI> urls, ClientKind client, int threads, int connectConcurrency, Duration timeout,
                 String user, String password, List<Long> serverPids) {
            this(urls, client, threads, connectConcurrency, timeout, user, password, serverPids, WireEncoding.JSON);
        }

        Settings withEncoding(WireEncoding e) {
            return new Settings(urls, client, threads, connectConcurrency, timeout, user, password, serverPids, e);
        }
    }

    final List<URI> urls;
    final URI url;
    final ClientKind client;
    final WireEncoding encoding;
    final Report report;
    private final Settings settings;
    private final long deadline;
    private final ExecutorService clientPool;
    private final HttpClient jdk;
    private final ClientManager tyrus;
    // mutated by the sockets' callbacks
    final Map<Integer, Integer> closeCodes = new ConcurrentHashMap<>();
    final LongAdder errors = new LongAdder();
    final AtomicReference<String> firstError = new AtomicReference<>();

    LoadRun(Settings settings, Report report) {
        this.settings = settings;
        this.report = report;
        this.urls = List.copyOf(settings.urls());
        this.url = urls.get(0);
        this.client = settings.client();
        this.encoding = settings.encoding();
        this.deadline = System.nanoTime() + settings.timeout().toNanos();
        for (URI u : urls) {
            try {
                BenchLogin.login(u, settings.user(), settings.password());
            } catch (Exception e) {
                throw new BenchFailure("cannot log in at " + u + ": " + (e.getMessage() == null ? e : e.getMessage()), e);
            }
        }
        this.clientPool = Executors.newFixedThreadPool(settings.threads(), daemon("client"));
        this.jdk = client == ClientKind.JDK
                ? HttpClient.newBuilder().executor(clientPool).connectTimeout(Duration.ofSeconds(10)).build()
                : null;
        this.tyrus = client == ClientKind.TYRUS ? TyrusSocket.manager(settings.threads()) : null;
        startWatchdog(settings.timeout());
    }

    /** A hard stop well after the deadline, whatever hangs (a close that never completes). */
    private void startWatchdog(Duration timeout) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(timeout.toMillis() + 30_000);
                report.warn("watchdog: the run did not finish 30 s after its timeout, halting");
                Runtime.getRuntime().halt(ExitCodes.INCOMPLETE);
            } catch (InterruptedException e) {
                // finished in time
            }
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Records closes and errors; the mode supplies onLine. */
    abstract class ClosingHandler implements BenchSocket.Handler {
        @Override
        public void onClose(BenchSocket socket, int code, String reason) {
            closeCodes.merge(code, 1, Integer::sum);
        }

        @Override
        public void onError(BenchSocket socket, Throwable error) {
            error(String.valueOf(error));
        }
    }

    void error(String what) {
        errors.increment();
        firstError.compareAndSet(null, what);
    }

    /** {@code " (first error)"}, or empty. */
    String firstErrorText() {
        return firstError.get() == null ? "" : " (" + firstError.get() + ")";
    }

    /** Connects up to n sockets to the first URL, at most connectConcurrency handshakes at a time, before the deadline. */
    List<BenchSocket> connectAll(int n, BenchSocket.Handler handler) throws InterruptedException {
        return connectAll(n, handler, i -> url);
    }

    /** Connects sockets 0..n-1, socket {@code i} to {@code to.apply(i)}. */
    List<BenchSocket> connectAll(int n, BenchSocket.Handler handler, IntFunction<URI> to) throws InterruptedException {
        List<BenchSocket> sockets = Collections.synchronizedList(new ArrayList<>(n));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        int workers = Math.min(n, settings.connectConcurrency());
        ExecutorService pool = Executors.newFixedThreadPool(workers, daemon("connect"));
        Duration each = Duration.ofSeconds(10);
        for (int w = 0; w < workers; w++) {
            pool.execute(() -> {
                int i;
                while ((i = next.getAndIncrement()) < n && remainingNanos() > 0) {
                    try {
                        sockets.add(client == ClientKind.JDK
                                ? JdkSocket.connect(jdk, to.apply(i), i, handler, each, encoding)
                                : TyrusSocket.connect(tyrus, to.apply(i), i, handler, encoding));
                    } catch (Exception e) {
                        if (failures.getAndIncrement() == 0) {
                            report.warn("connect failed: " + e);
                        }
                        error("connect failed: " + e);
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(Math.max(1, remainingNanos()), TimeUnit.NANOSECONDS);
        pool.shutdownNow();
        List<BenchSocket> result = new ArrayList<>(sockets);
        result.sort((a, b) -> Integer.compare(a.index, b.index));
        return result;
    }

    /** Sends every close, waits (bounded) for the server's replies, then drops what is left. */
    void closeAll(List<BenchSocket> sockets) throws InterruptedException {
        for (BenchSocket s : sockets) {
            s.close();
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until && sockets.stream().anyMatch(BenchSocket::isOpen)) {
            Thread.sleep(20);
        }
        for (BenchSocket s : sockets) {
            if (s.isOpen()) {
                s.abort();
            }
        }
        if (tyrus != null) {
            tyrus.shutdown();
        }
        clientPool.shutdownNow();
    }

    long remainingNanos() {
        return Math.max(0, deadline - System.nanoTime());
    }

    long deadline() {
        return deadline;
    }

    static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(left))));
        }
    }

    /**
     * The CPU time (user and system) each process of {@code --server-pids} has used so far, in ms,
     * -1 for one that cannot be read; empty without the option. Linux only.
     */
    long[] serverCpuMillis() {
        List<Long> pids = settings.serverPids();
        long[] millis = new long[pids.size()];
        for (int k = 0; k < pids.size(); k++) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pids.get(k)), "stat"));
                // fields after the command name, which is in parentheses and may hold spaces
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // utime and stime are fields 14 and 15 of the line, 12 and 13 here, in clock ticks
                millis[k] = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / CLOCK_TICKS;
            } catch (IOException | RuntimeException e) {
                millis[k] = -1;
            }
        }
        return millis;
    }

    static double seconds(long nanos) {
        return Math.max(1, nanos) / 1e9;
    }

    static String millis(long micros) {
        return micros < 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f ms", micros / 1000.0);
    }

    /** A JSON string value of exactly {@code size} bytes, quotes included. */
    static String payload(int size) {
        return "\"" + "x".repeat(size - 2) + "\"";
    }

    /** A JSON string value of exactly {@code size} bytes (10 or more), quotes included, starting {@code "n.}. */
    static String numbered(int n, int size) {
        String head = "\"" + n + ".";
        return head + "x".repeat(Math.max(0, size - head.length() - 1)) + "\"";
    }

    static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
