package io.switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.glassfish.tyrus.client.ClientManager;

/**
 * Command-line load generator for Switchboard's protocol v1, bounded in count and time and only
 * ever aimed at 127.0.0.1.
 *
 * <pre>
 * fanout --url ws://127.0.0.1:8080/ws[,ws://127.0.0.1:8081/ws...] --subscribers 1000 --messages 500
 *        --size 100 --window 32 [--timeout 120s] [--client jdk|tyrus] [--threads 2] [--connect-concurrency 32]
 * echo   --url ws://127.0.0.1:8080/ws --connections 100 --seconds 20 [--warmup 3] [--size 32]
 *        [--timeout 120s] [--client jdk|tyrus] [--threads 2]
 * publish --url ws://127.0.0.1:8080/ws [--publishers 4] [--messages 5000] [--size 100] [--window 64]
 *        [--subscribers 1] [--channel bench.publish] [--timeout 120s] [--client jdk|tyrus]
 *        [--threads 2] [--connect-concurrency 32]
 * </pre>
 *
 * Every connection is logged in as the demo user {@code alice} ({@code --user}, {@code --password}
 * to change).
 *
 * <p>{@code fanout}: one publisher, not subscribed, keeps {@code --window} un-acked publishes to a
 * fresh channel that {@code --subscribers} connections subscribed to; reports deliveries/s and
 * checks every subscriber gets every message in order. With several {@code --url}s (comma-separated,
 * instances of one cluster) the publisher connects to the first and subscriber {@code i} to URL
 * number {@code i mod n}, so the subscribers are split evenly and most of them get each message
 * through the cluster's hop. Each message's {@code data} starts with its number ({@code "17.xxxx"},
 * when {@code --size} is 10 or more), from which each subscriber measures its delivery latency
 * (publish sent to message received), reported per instance. The messages of one committed batch
 * share their {@code ts}, so subscriber 0 counts the batches (runs of equal {@code ts}; two batches
 * committed within the same millisecond count as one). With {@code --server-pids P1,P2} (the
 * servers' process ids, as bench/run.sh passes them) it also reports the CPU time each server
 * used from the first publish to the last delivery, from {@code /proc/PID/stat}. {@code echo}: {@code --connections} each
 * keep one {@code echo} in flight for {@code --seconds} after {@code --warmup}; reports round
 * trips/s.
 *
 * <p>{@code publish}: stored publishes per second to one channel ({@code --channel}, default {@code
 * bench.publish}). First {@code --subscribers} connections (0 allowed) subscribe to it; the seq in
 * their {@code subscribed} is the base (channels are durable, so on a re-run it is where the last
 * run left off). Then {@code --publishers} connections each send {@code --messages} publishes,
 * keeping {@code --window} un-answered, each with a unique {@code id} (a per-run prefix and the
 * message's number, so the server's deduplication never drops one) and a string {@code data} of
 * {@code --size} bytes (10 or more), quotes included, that starts with the message's number
 * ({@code "17.xxxx"}). Checked: every
 * publish is answered by one {@code ack} (an {@code error} frame is counted by code and makes the
 * run incomplete), not marked {@code duplicate}; each publisher's acks have strictly increasing
 * seq; every subscriber gets seq base+1..base+N exactly once and in order, N the number of acked
 * publishes; and the message a subscriber gets as seq S is the one acked with seq S. Reported:
 * acked publishes divided by the time from the first send to the last ack, ack latency (p50, p99,
 * max), deliveries/s and the check's counts. The server's defaults refuse more than 256 pending
 * requests per connection and 10000 pending publishes per channel ({@code
 * switchboard.connection.max-pending-requests}, {@code switchboard.publish.max-pending}) and limit
 * each connection to 50 frames/s; bench/run.sh raises all three.
 *
 * <p>Each run prints one human summary line and one machine-readable {@code RESULT key=value ...}
 * line. Exit status: 0 complete and correct, 1 bad arguments or setup failure, 2 incomplete (the
 * timeout struck or connections were lost; in {@code publish} also error frames), 3 ordering
 * violations (gap, reorder, duplicate; in {@code publish} also ack order, duplicate or stray acks
 * and seq/content mismatches; reported as 3 even when the run is also incomplete).
 */
public final class LoadGenerator {

    static final String SUBPROTOCOL = "switchboard.v1";
    // USER_HZ of /proc/PID/stat; 100 on every Linux this runs on (getconf CLK_TCK)
    private static final long CLOCK_TICKS = 100;

    private static final int EXIT_OK = 0;
    private static final int EXIT_SETUP = 1;
    private static final int EXIT_INCOMPLETE = 2;
    private static final int EXIT_VIOLATIONS = 3;

    private final Map<String, String> opts;
    private final URI url;
    // fanout only: the subscribers spread over these; url is the first
    private final List<URI> urls;
    private final String clientKind;
    private final int threads;
    private final int connectConcurrency;
    private final long deadline;
    private final long timeoutNanos;
    private final ExecutorService clientPool;
    private HttpClient jdk;
    private ClientManager tyrus;
    private final Map<Integer, Integer> closeCodes = new ConcurrentHashMap<>();
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    private LoadGenerator(Map<String, String> opts) {
        this.opts = opts;
        List<URI> given = new ArrayList<>();
        for (String one : opts.getOrDefault("url", "ws://127.0.0.1:8080/ws").split(",")) {
            URI u = URI.create(one.trim());
            if (!"127.0.0.1".equals(u.getHost()) || !"ws".equals(u.getScheme())) {
                throw new IllegalArgumentException("--url must be ws://127.0.0.1:PORT/...: " + u);
            }
            given.add(u);
        }
        this.urls = List.copyOf(given);
        this.url = urls.get(0);
        this.clientKind = opts.getOrDefault("client", "jdk");
        this.threads = intOpt("threads", 2, 1, 64);
        this.connectConcurrency = intOpt("connect-concurrency", 32, 1, 1000);
        this.timeoutNanos = durationOpt("timeout", Duration.ofSeconds(120), Duration.ofHours(1)).toNanos();
        this.deadline = System.nanoTime() + timeoutNanos;
        this.clientPool = Executors.newFixedThreadPool(threads, daemon("client"));
        for (URI u : urls) {
            try {
                BenchLogin.login(u, opts.getOrDefault("user", "alice"), opts.getOrDefault("password", "demo"));
            } catch (Exception e) {
                throw new IllegalStateException("cannot log in at " + u + ": " + e.getMessage(), e);
            }
        }
        if ("jdk".equals(clientKind)) {
            jdk = HttpClient.newBuilder().executor(clientPool).connectTimeout(Duration.ofSeconds(10)).build();
        } else if ("tyrus".equals(clientKind)) {
            tyrus = TyrusSocket.manager(threads);
        } else {
            throw new IllegalArgumentException("--client must be jdk or tyrus");
        }
    }

    public static void main(String[] args) {
        if (args.length == 0 || !List.of("fanout", "echo", "publish").contains(args[0])) {
            usage("first argument must be fanout, echo or publish");
        }
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage("bad argument " + args[i]);
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        int exit;
        try {
            if (!"fanout".equals(args[0]) && opts.getOrDefault("url", "").contains(",")) {
                throw new IllegalArgumentException("several --url only in fanout");
            }
            LoadGenerator generator = new LoadGenerator(opts);
            // A hard stop well after the deadline, whatever hangs (a close that never completes).
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(generator.timeoutNanos) + 30_000);
                    System.err.println("watchdog: generator did not finish, halting");
                    Runtime.getRuntime().halt(EXIT_INCOMPLETE);
                } catch (InterruptedException e) {
                    // finished in time
                }
            }, "watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            exit = switch (args[0]) {
                case "fanout" -> generator.fanout();
                case "echo" -> generator.echo();
                default -> generator.publish();
            };
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
        } catch (Exception e) {
            e.printStackTrace();
            exit = EXIT_SETUP;
        }
        System.out.flush();
        System.exit(exit);
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: LoadGenerator fanout --url ws://127.0.0.1:8080/ws[,ws://...] --subscribers 1000 "
                + "--messages N --size BYTES --window W [--timeout 120s] [--client jdk|tyrus] [--threads 2] "
                + "[--connect-concurrency 32] [--channel NAME]");
        System.err.println("       LoadGenerator echo --url ws://127.0.0.1:8080/ws --connections 100 --seconds 20 "
                + "[--warmup 3] [--size 32] [--timeout 120s] [--client jdk|tyrus] [--threads 2]");
        System.err.println("       LoadGenerator publish --url ws://127.0.0.1:8080/ws [--publishers 4] "
                + "[--messages 5000] [--size 100] [--window 64] [--subscribers 1] [--channel bench.publish] "
                + "[--timeout 120s] [--client jdk|tyrus] [--threads 2] [--connect-concurrency 32]");
        System.exit(EXIT_SETUP);
    }

    // ---------------------------------------------------------------- fanout

    /** Per-subscriber order check; touched only by that socket's receive callback. */
    private static final class Subscriber {
        volatile long base = -1;        // seq in "subscribed"; -1 until it arrives
        long expected;                  // next seq due
        volatile long received;
        long violations;
        String firstViolation;
        long lastTs = -1;               // subscriber 0: the batches, as runs of equal ts
        volatile long batches;
        volatile long doneNanos;
    }

    private int fanout() throws Exception {
        int subscribers = intOpt("subscribers", 1000, 1, 20_000);
        int messages = intOpt("messages", 500, 1, 10_000_000);
        int size = intOpt("size", 100, 2, 60_000);
        int window = intOpt("window", 32, 1, 100_000);
        String channel = opts.getOrDefault("channel", "bench." + Long.toHexString(System.nanoTime()));

        Subscriber[] states = new Subscriber[subscribers];
        for (int i = 0; i < subscribers; i++) {
            states[i] = new Subscriber();
        }
        CountDownLatch subscribed = new CountDownLatch(subscribers);
        CountDownLatch delivered = new CountDownLatch(subscribers);
        LongAdder deliveries = new LongAdder();
        AtomicLong lastDelivery = new AtomicLong();
        LongAdder unknown = new LongAdder();
        // by instance (the subscriber's URL); from the number the data starts with
        AtomicLongArray sentNanos = new AtomicLongArray(messages);
        Histogram[] deliveryLatency = new Histogram[urls.size()];
        for (int u = 0; u < urls.size(); u++) {
            deliveryLatency[u] = new Histogram();
        }

        BenchSocket.Handler subscriberHandler = new ClosingHandler() {
            @Override
            public void onLine(BenchSocket socket, String text, int start, int end) {
                Subscriber s = states[socket.index];
                String type = Lines.type(text, start, end);
                if ("message".equals(type)) {
                    long seq = Lines.longField(text, start, end, "seq");
                    if (s.base < 0) {
                        violation(s, "message seq " + seq + " before subscribed");
                    } else if (seq != s.expected) {
                        violation(s, "expected seq " + s.expected + " got " + seq);
                    }
                    s.expected = seq + 1;
                    long n = size >= 10 ? Lines.dataNumber(text, start, end) : -1;
                    if (n >= 0 && n < messages && sentNanos.get((int) n) != 0) {
                        deliveryLatency[socket.index % urls.size()].recordNanos(System.nanoTime() - sentNanos.get((int) n));
                    }
                    long got = s.received + 1;
                    s.received = got;
                    deliveries.increment();
                    if (socket.index == 0) {
                        long ts = Lines.longField(text, start, end, "ts");
                        if (ts != s.lastTs) {
                            s.lastTs = ts;
                            s.batches = s.batches + 1;
                        }
                    }
                    if (got == messages) {
                        long now = System.nanoTime();
                        s.doneNanos = now;
                        lastDelivery.accumulateAndGet(now, Math::max);
                        delivered.countDown();
                    }
                } else if ("subscribed".equals(type)) {
                    if (s.base < 0) {
                        long seq = Lines.longField(text, start, end, "seq");
                        s.expected = seq + 1;
                        s.base = seq;
                        subscribed.countDown();
                    }
                } else {
                    unknown.increment();
                    error("subscriber got " + text.substring(start, Math.min(end, start + 200)));
                }
            }

            private void violation(Subscriber s, String what) {
                if (s.violations++ == 0) {
                    s.firstViolation = what;
                }
            }
        };

        long t0 = System.nanoTime();
        List<BenchSocket> subs = connectAll(subscribers, subscriberHandler, i -> urls.get(i % urls.size()));
        long connected = System.nanoTime();
        if (subs.size() < subscribers) {
            System.out.printf(Locale.ROOT, "fanout: only %d of %d subscribers connected%n", subs.size(), subscribers);
        }
        for (BenchSocket s : subs) {
            s.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"id\":\"s" + s.index + "\"}");
        }
        boolean allSubscribed = subscribed.await(remainingNanos(), TimeUnit.NANOSECONDS);
        long ready = System.nanoTime();
        System.out.printf(Locale.ROOT, "fanout: %d connected in %.1f s, %d subscribed to %s in %.1f s%n",
                subs.size(), seconds(connected - t0), subscribers - subscribed.getCount(), channel,
                seconds(ready - connected));

        // The publisher: not subscribed, at most `window` un-acked publishes.
        Semaphore inFlight = new Semaphore(window);
        LongAdder acks = new LongAdder();
        AtomicLong lastAck = new AtomicLong();
        AtomicLong ackSeqErrors = new AtomicLong();
        AtomicLong previousAckSeq = new AtomicLong(-1);
        long[] sentAt = new long[messages];
        Histogram ackLatency = new Histogram();
        CountDownLatch allAcked = new CountDownLatch(messages);
        BenchSocket.Handler publisherHandler = new ClosingHandler() {
            @Override
            public void onLine(BenchSocket socket, String text, int start, int end) {
                String type = Lines.type(text, start, end);
                if ("ack".equals(type) || "error".equals(type)) {
                    long now = System.nanoTime();
                    if ("ack".equals(type)) {
                        long seq = Lines.longField(text, start, end, "seq");
                        long prev = previousAckSeq.getAndSet(seq);
                        if (prev >= 0 && seq != prev + 1) {
                            ackSeqErrors.incrementAndGet();
                        }
                        acks.increment();
                        lastAck.set(now);
                    } else {
                        error("publisher got " + text.substring(start, Math.min(end, start + 200)));
                    }
                    int n = Lines.idNumber(text, start, end);
                    if (n >= 0 && n < messages) {
                        ackLatency.recordNanos(now - sentAt[n]);
                    }
                    inFlight.release();
                    allAcked.countDown();
                } else {
                    unknown.increment();
                }
            }
        };
        List<BenchSocket> pubs = allSubscribed ? connectAll(1, publisherHandler, i -> url) : List.of();
        long[] cpuBefore = null;
        long firstPublish = System.nanoTime();
        int published = 0;
        if (pubs.size() == 1) {
            BenchSocket publisher = pubs.get(0);
            String head = "{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":";
            cpuBefore = serverCpuMillis();
            firstPublish = System.nanoTime();
            // wall-clock times, to match a server's profile (bench/run.sh --jfr-top --since, --until)
            System.out.println("fanout: publishing from " + LocalTime.now());
            for (int i = 0; i < messages; i++) {
                if (!inFlight.tryAcquire(remainingNanos(), TimeUnit.NANOSECONDS)) {
                    break;
                }
                sentAt[i] = System.nanoTime();
                sentNanos.set(i, sentAt[i]);
                publisher.send(head + (size >= 10 ? numbered(i, size) : payload(size)) + ",\"id\":\"" + i + "\"}");
                published++;
            }
        } else {
            System.out.println("fanout: not every subscriber was subscribed (or the publisher could not connect); "
                    + "not publishing");
        }
        boolean complete = published == messages
                && delivered.await(remainingNanos(), TimeUnit.NANOSECONDS)
                && allAcked.await(remainingNanos(), TimeUnit.NANOSECONDS);
        long end = System.nanoTime();
        long[] cpuAfter = serverCpuMillis();
        System.out.println("fanout: publishing done at " + LocalTime.now());
        StringBuilder cpuText = new StringBuilder();
        for (int k = 0; k < cpuAfter.length && cpuBefore != null; k++) {
            cpuText.append(k == 0 ? "" : "/").append(cpuAfter[k] < 0 || cpuBefore[k] < 0 ? -1 : cpuAfter[k] - cpuBefore[k]);
        }

        long total = deliveries.sum();
        long last = lastDelivery.get();
        // When incomplete, the time runs to the moment the run gave up.
        long span = (complete && last > 0 ? last : end) - firstPublish;
        long ackSpan = (complete ? lastAck.get() : end) - firstPublish;
        long violations = 0;
        long behind = 0;
        String example = null;
        long frames = 0;
        long lines = 0;
        for (BenchSocket s : subs) {
            Subscriber st = states[s.index];
            violations += st.violations;
            if (example == null && st.firstViolation != null) {
                example = "subscriber " + s.index + ": " + st.firstViolation;
            }
            if (st.received < messages) {
                behind++;
            }
            frames += s.frames;
            lines += s.lines;
        }
        behind += subscribers - subs.size();
        double deliveriesPerSecond = total / seconds(span);
        double publishesPerSecond = acks.sum() / seconds(ackSpan);
        StringBuilder latencyText = new StringBuilder();
        StringBuilder latencyP50 = new StringBuilder();
        StringBuilder latencyP99 = new StringBuilder();
        for (int u = 0; u < urls.size(); u++) {
            String sep = u == 0 ? "" : "/";
            latencyText.append(u == 0 ? "" : ", ").append("instance ").append(u + 1).append(" p50 ")
                    .append(millis(deliveryLatency[u].quantileMicros(0.5))).append(" p99 ")
                    .append(millis(deliveryLatency[u].quantileMicros(0.99)));
            latencyP50.append(sep).append(deliveryLatency[u].quantileMicros(0.5));
            latencyP99.append(sep).append(deliveryLatency[u].quantileMicros(0.99));
        }
        List<BenchSocket> everyone = new ArrayList<>(subs);
        everyone.addAll(pubs);
        closeAll(everyone);

        System.out.printf(Locale.ROOT,
                "fanout %s: 1 publisher -> %d subscribers on %d instance(s), %d msgs x %d B, window %d: %d deliveries in %.2f s = "
                        + "%.0f deliveries/s; %d acks = %.0f publishes/s (ack p50 %s, p99 %s); delivery %s; %d batches; server CPU %s ms; %.2f lines/frame; "
                        + "violations %d%s; subscribers short %d; closes %s; errors %d%s; %s%n",
                clientKind, subscribers, urls.size(), messages, size, window, total, seconds(span), deliveriesPerSecond,
                acks.sum(), publishesPerSecond, millis(ackLatency.quantileMicros(0.5)),
                millis(ackLatency.quantileMicros(0.99)), latencyText, states[0].batches, cpuText.length() == 0 ? "-" : cpuText, frames == 0 ? 0.0 : (double) lines / frames,
                violations, example == null ? "" : " (" + example + ")", behind, closeCodes, errors.sum(),
                firstError.get() == null ? "" : " (" + firstError.get() + ")",
                complete ? "complete" : "INCOMPLETE (timeout or lost connections)");
        System.out.printf(Locale.ROOT,
                "RESULT mode=fanout client=%s subscribers=%d instances=%d messages=%d size=%d window=%d deliveries=%d "
                        + "seconds=%.3f deliveries_per_s=%.0f acks=%d publishes_per_s=%.0f ack_p50_us=%d "
                        + "ack_p99_us=%d delivery_p50_us=%s delivery_p99_us=%s batches=%d server_cpu_ms=%s lines_per_frame=%.2f violations=%d ack_seq_errors=%d short=%d "
                        + "unexpected=%d errors=%d complete=%b%n",
                clientKind, subscribers, urls.size(), messages, size, window, total, seconds(span), deliveriesPerSecond,
                acks.sum(), publishesPerSecond, ackLatency.quantileMicros(0.5), ackLatency.quantileMicros(0.99),
                latencyP50, latencyP99, states[0].batches, cpuText.length() == 0 ? "-" : cpuText, frames == 0 ? 0.0 : (double) lines / frames, violations, ackSeqErrors.get(), behind,
                unknown.sum(), errors.sum(), complete);
        if (!complete) {
            return EXIT_INCOMPLETE;
        }
        return violations > 0 || ackSeqErrors.get() > 0 ? EXIT_VIOLATIONS : EXIT_OK;
    }

    // ---------------------------------------------------------------- echo

    private int echo() throws Exception {
        int connections = intOpt("connections", 100, 1, 10_000);
        long measureNanos = durationOpt("seconds", Duration.ofSeconds(20), Duration.ofHours(1)).toNanos();
        long warmupNanos = durationOpt("warmup", Duration.ofSeconds(3), Duration.ofMinutes(10)).toNanos();
        int size = intOpt("size", 32, 2, 60_000);
        String request = "{\"type\":\"echo\",\"data\":" + payload(size) + ",\"id\":\"e\"}";

        long[] sentAt = new long[connections];
        LongAdder roundTrips = new LongAdder();
        LongAdder unknown = new LongAdder();
        Histogram latency = new Histogram();
        // 0 warm-up, 1 measuring, 2 stopped
        AtomicInteger phase = new AtomicInteger();
        AtomicInteger outstanding = new AtomicInteger();

        BenchSocket.Handler handler = new ClosingHandler() {
            @Override
            public void onLine(BenchSocket socket, String text, int start, int end) {
                if (!"echo".equals(Lines.type(text, start, end))) {
                    unknown.increment();
                    error("echo client got " + text.substring(start, Math.min(end, start + 200)));
                    return;
                }
                long now = System.nanoTime();
                int p = phase.get();
                if (p == 1) {
                    roundTrips.increment();
                    latency.recordNanos(now - sentAt[socket.index]);
                }
                if (p == 2) {
                    outstanding.decrementAndGet();
                    return;
                }
                sentAt[socket.index] = System.nanoTime();
                socket.send(request);
            }
        };

        long t0 = System.nanoTime();
        List<BenchSocket> sockets = connectAll(connections, handler);
        System.out.printf(Locale.ROOT, "echo: %d of %d connected in %.1f s%n", sockets.size(), connections,
                seconds(System.nanoTime() - t0));
        outstanding.set(sockets.size());
        for (BenchSocket s : sockets) {
            sentAt[s.index] = System.nanoTime();
            s.send(request);
        }
        sleepUntil(Math.min(deadline, System.nanoTime() + warmupNanos));
        long start = System.nanoTime();
        phase.set(1);
        long planned = start + measureNanos;
        sleepUntil(Math.min(deadline, planned));
        phase.set(2);
        long stop = System.nanoTime();
        long count = roundTrips.sum();
        boolean complete = sockets.size() == connections && stop >= planned && closeCodes.isEmpty();
        // Let the last round trips land (bounded) so the close is clean.
        long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (outstanding.get() > 0 && System.nanoTime() < settle) {
            Thread.sleep(10);
        }
        closeAll(sockets);

        double perSecond = count / seconds(stop - start);
        System.out.printf(Locale.ROOT,
                "echo %s: %d connections, %d B data: %d round trips in %.2f s = %.0f round trips/s "
                        + "(p50 %s, p99 %s); closes %s; errors %d%s; %s%n",
                clientKind, sockets.size(), size, count, seconds(stop - start), perSecond,
                millis(latency.quantileMicros(0.5)), millis(latency.quantileMicros(0.99)), closeCodes,
                errors.sum(), firstError.get() == null ? "" : " (" + firstError.get() + ")",
                complete ? "complete" : "INCOMPLETE (timeout or lost connections)");
        System.out.printf(Locale.ROOT,
                "RESULT mode=echo client=%s connections=%d size=%d round_trips=%d seconds=%.3f "
                        + "round_trips_per_s=%.0f p50_us=%d p99_us=%d unexpected=%d errors=%d complete=%b%n",
                clientKind, sockets.size(), size, count, seconds(stop - start), perSecond,
                latency.quantileMicros(0.5), latency.quantileMicros(0.99), unknown.sum(), errors.sum(), complete);
        return complete ? EXIT_OK : EXIT_INCOMPLETE;
    }

    // ---------------------------------------------------------------- publish

    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /** One publishing connection; {@code next} is shared, the rest only its receive callback touches. */
    private static final class Publisher {
        final AtomicInteger next = new AtomicInteger();   // next message index (0..messages) to send
        long lastAckSeq = -1;
        long orderErrors;
        String firstOrderError;
    }

    /** Per-subscriber check of the publish mode; touched only by that socket's receive callback. */
    private static final class Checker {
        volatile long base = -1;        // seq in "subscribed"; -1 until it arrives
        long expected;                  // next seq due
        volatile long maxSeq = -1;      // highest seq seen
        volatile long received;
        long violations;
        String firstViolation;

        void violation(String what) {
            if (violations++ == 0) {
                firstViolation = what;
            }
        }
    }

    /**
     * Stored publishes per second to one channel. Message k (0..total-1) is publisher k / messages's
     * number k % messages; its data is the string {@code "k.xxx..."} ({@code size} bytes with the
     * quotes) and its id {@code idPrefix + k}, so acks, deliveries and sequence numbers can be
     * matched up.
     */
    private int publish() throws Exception {
        int publisherCount = intOpt("publishers", 4, 1, 1_000);
        int messages = intOpt("messages", 5_000, 1, 10_000_000);
        int size = intOpt("size", 100, 10, 60_000);
        int window = intOpt("window", 64, 1, 100_000);
        int subscriberCount = intOpt("subscribers", 1, 0, 1_000);
        String channel = opts.getOrDefault("channel", "bench.publish");
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("--channel must match [A-Za-z0-9._:-]{1,128}: " + channel);
        }
        if ((long) publisherCount * messages > 10_000_000L) {
            throw new IllegalArgumentException("--publishers times --messages must be at most 10000000");
        }
        int total = publisherCount * messages;
        int perConnection = Math.min(window, messages);
        long perChannel = (long) publisherCount * perConnection;
        if (perConnection > 256 || perChannel > 10_000) {
            System.err.printf(Locale.ROOT, "publish: note: up to %d publishes in flight per connection and %d per "
                    + "channel; the server's defaults refuse more than 256 and 10000 with `unavailable` "
                    + "(switchboard.connection.max-pending-requests, switchboard.publish.max-pending; bench/run.sh "
                    + "raises both for this mode)%n", perConnection, perChannel);
        }
        // Unique across runs too: the server drops a publish whose sender and id it stored within its
        // dedup window, and every connection here is the same user.
        String idPrefix = "b" + Long.toString(System.currentTimeMillis(), 36) + "."
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36) + "-";
        String padding = "x".repeat(size);
        String head = "{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":\"";

        long[] sentAt = new long[total];
        byte[] answeredIds = new byte[total];      // each entry written only by its publisher's callback
        // keyAtSeq[seq - base - 1] = k + 1 for the message numbered seq, set by whichever of its ack
        // and its deliveries comes first; one naming another message is a content violation.
        AtomicIntegerArray keyAtSeq = subscriberCount > 0 ? new AtomicIntegerArray(total) : null;
        AtomicLong channelBase = new AtomicLong(-1);
        AtomicLong contentErrors = new AtomicLong();
        AtomicReference<String> firstContentError = new AtomicReference<>();
        Histogram ackLatency = new Histogram();
        AtomicLong maxLatency = new AtomicLong(-1);
        LongAdder acked = new LongAdder();         // acks answering one of our publishes, first answer
        LongAdder duplicates = new LongAdder();    // ... of which marked "duplicate"
        LongAdder strayAnswers = new LongAdder();  // acks and errors with an unknown id or a second answer
        AtomicLong answered = new AtomicLong();    // our publishes answered (ack or error)
        AtomicLong lastAck = new AtomicLong();
        AtomicLong firstSend = new AtomicLong();
        Map<String, LongAdder> errorFrames = new ConcurrentSkipListMap<>();
        LongAdder unknown = new LongAdder();
        LongAdder deliveries = new LongAdder();
        AtomicLong lastDelivery = new AtomicLong();

        Publisher[] publishers = new Publisher[publisherCount];
        for (int i = 0; i < publisherCount; i++) {
            publishers[i] = new Publisher();
        }
        Checker[] checkers = new Checker[subscriberCount];
        for (int i = 0; i < subscriberCount; i++) {
            checkers[i] = new Checker();
        }

        final class Shared {
            /** Records that seq is message key; a content violation if something else said otherwise. */
            void claim(long seq, long key, String who) {
                long base = channelBase.get();
                long offset = seq - base - 1;
                if (keyAtSeq == null || base < 0 || offset < 0 || offset >= total || key < 0 || key >= total) {
                    return; // the callers report what is out of range
                }
                int previous = keyAtSeq.compareAndExchange((int) offset, 0, (int) key + 1);
                if (previous != 0 && previous != key + 1) {
                    contentErrors.incrementAndGet();
                    firstContentError.compareAndSet(null, "seq " + seq + " is message " + (previous - 1)
                            + " to the first to report it but message " + key + " to " + who);
                }
            }

            /** Sends publisher p's next message, unless it sent them all or time is up. */
            void sendNext(BenchSocket socket, Publisher p) {
                int i = p.next.getAndIncrement();
                if (i >= messages || remainingNanos() == 0) {
                    return;
                }
                int key = socket.index * messages + i;
                String k = Integer.toString(key);
                StringBuilder frame = new StringBuilder(head.length() + size + idPrefix.length() + 32)
                        .append(head).append(k).append('.')
                        .append(padding, 0, Math.max(0, size - 3 - k.length()))
                        .append("\",\"id\":\"").append(idPrefix).append(k).append("\"}");
                long now = System.nanoTime();
                sentAt[key] = now;
                firstSend.compareAndSet(0, now);
                socket.send(frame.toString());
            }
        }
        Shared shared = new Shared();

        BenchSocket.Handler subscriberHandler = new ClosingHandler() {
            @Override
            public void onLine(BenchSocket socket, String text, int start, int end) {
                Checker c = checkers[socket.index];
                String type = Lines.type(text, start, end);
                if ("message".equals(type)) {
                    long now = System.nanoTime();
                    long seq = Lines.longField(text, start, end, "seq");
                    long base = c.base;
                    if (base < 0) {
                        c.violation("message seq " + seq + " before subscribed");
                    } else if (seq <= base || seq > base + total) {
                        c.violation("seq " + seq + " outside " + (base + 1) + ".." + (base + total));
                    } else if (seq != c.expected) {
                        c.violation("expected seq " + c.expected + " got " + seq);
                    }
                    c.expected = seq + 1;
                    if (seq > c.maxSeq) {
                        c.maxSeq = seq;
                    }
                    c.received = c.received + 1;
                    long key = Lines.dataNumber(text, start, end);
                    if (key < 0 || key >= total) {
                        c.violation("seq " + seq + " carries data this run did not publish");
                    } else {
                        shared.claim(seq, key, "subscriber " + socket.index);
                    }
                    deliveries.increment();
                    lastDelivery.accumulateAndGet(now, Math::max);
                } else if ("subscribed".equals(type)) {
                    if (c.base < 0) {
                        long seq = Lines.longField(text, start, end, "seq");
                        c.expected = seq + 1;
                        c.base = seq;
                    } else {
                        c.violation("a second subscribed");
                    }
                } else if ("presence".equals(type)) {
                    // the demo user joining; not part of the check
                } else if ("deleted".equals(type)) {
                    c.violation("got " + text.substring(start, Math.min(end, start + 200)));
                } else {
                    unknown.increment();
                    error("subscriber got " + text.substring(start, Math.min(end, start + 200)));
                }
            }
        };

        BenchSocket.Handler publisherHandler = new ClosingHandler() {
            @Override
            public void onLine(BenchSocket socket, String text, int start, int end) {
                String type = Lines.type(text, start, end);
                boolean ack = "ack".equals(type);
                if (!ack && !"error".equals(type)) {
                    unknown.increment();
                    error("publisher got " + text.substring(start, Math.min(end, start + 200)));
                    return;
                }
                long now = System.nanoTime();
                Publisher p = publishers[socket.index];
                long key = Lines.prefixedIdNumber(text, start, end, idPrefix);
                boolean ours = key >= 0 && key < total && key / messages == socket.index
                        && answeredIds[(int) key] == 0;
                if (ack) {
                    lastAck.set(now);
                    long seq = Lines.longField(text, start, end, "seq");
                    if (seq <= p.lastAckSeq && p.orderErrors++ == 0) {
                        p.firstOrderError = "publisher " + socket.index + ": ack seq " + seq + " after "
                                + p.lastAckSeq;
                    }
                    p.lastAckSeq = Math.max(p.lastAckSeq, seq);
                    if (ours) {
                        acked.increment();
                        if (Lines.flag(text, start, end, "duplicate")) {
                            duplicates.increment();
                        } else {
                            long base = channelBase.get();
                            if (base >= 0 && (seq <= base || seq > base + total)) {
                                contentErrors.incrementAndGet();
                                firstContentError.compareAndSet(null, "publisher " + socket.index + ": ack seq "
                                        + seq + " outside " + (base + 1) + ".." + (base + total));
                            } else {
                                shared.claim(seq, key, "the ack to publisher " + socket.index);
                            }
                        }
                    }
                } else {
                    String code = Lines.stringField(text, start, end, "code");
                    errorFrames.computeIfAbsent(code == null ? "?" : code, c -> new LongAdder()).increment();
                    error("publisher " + socket.index + " got " + text.substring(start, Math.min(end, start + 200)));
                }
                if (!ours) {
                    strayAnswers.increment();
                    return;
                }
                answeredIds[(int) key] = 1;
                if (ack) {
                    long latency = now - sentAt[(int) key];
                    ackLatency.recordNanos(latency);
                    maxLatency.accumulateAndGet(latency, Math::max);
                }
                answered.incrementAndGet();
                shared.sendNext(socket, p);
            }
        };

        // Subscribers first, each at the channel's current seq (the channel is durable: on a re-run
        // the numbering goes on from where it was).
        long t0 = System.nanoTime();
        List<BenchSocket> subs = subscriberCount > 0 ? connectAll(subscriberCount, subscriberHandler) : List.of();
        long connected = System.nanoTime();
        for (BenchSocket s : subs) {
            s.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"id\":\"s" + s.index + "\"}");
        }
        boolean allSubscribed = subs.size() == subscriberCount;
        // Not waiting on after an error: a refused subscribe (error frame) never answers subscribed.
        while (allSubscribed && remainingNanos() > 0 && closeCodes.isEmpty() && errors.sum() == 0
                && !subs.stream().allMatch(s -> checkers[s.index].base >= 0)) {
            Thread.sleep(5);
        }
        allSubscribed = allSubscribed && subs.stream().allMatch(s -> checkers[s.index].base >= 0);
        long baseViolations = 0;
        String baseExample = null;
        if (subscriberCount > 0) {
            System.out.printf(Locale.ROOT, "publish: %d of %d subscribers connected in %.1f s, %s to %s in %.1f s%n",
                    subs.size(), subscriberCount, seconds(connected - t0),
                    allSubscribed ? "subscribed at seq " + checkers[0].base : "NOT ALL subscribed", channel,
                    seconds(System.nanoTime() - connected));
            if (allSubscribed) {
                long base = checkers[0].base;
                for (Checker c : checkers) {
                    if (c.base != base && baseViolations++ == 0) {
                        baseExample = "subscribed at seq " + c.base + " and at seq " + base;
                    }
                }
                channelBase.set(base);
            }
        }

        List<BenchSocket> pubs = allSubscribed ? connectAll(publisherCount, publisherHandler) : List.of();
        boolean publishing = allSubscribed && pubs.size() == publisherCount && closeCodes.isEmpty();
        if (publishing) {
            System.out.printf(Locale.ROOT, "publish: %d publishers connected; sending %d messages each, ids %s0..%d%n",
                    pubs.size(), messages, idPrefix, total - 1);
            // Each connection's first `window` publishes; from then on every answer sends the next.
            for (int w = 0; w < perConnection; w++) {
                for (BenchSocket s : pubs) {
                    shared.sendNext(s, publishers[s.index]);
                }
            }
        } else {
            System.out.printf(Locale.ROOT, "publish: not every subscriber was subscribed or not every publisher "
                    + "connected (%d of %d); not publishing%n", pubs.size(), publisherCount);
        }
        // Until every publish is answered and every subscriber has had the last stored seq (after a
        // gap too: the gap is a violation, not a reason to wait), a connection is lost, or the time is up.
        boolean done = false;
        while (publishing && remainingNanos() > 0 && closeCodes.isEmpty()) {
            if (answered.get() == total) {
                long storedSoFar = acked.sum() - duplicates.sum();
                long last = channelBase.get() + storedSoFar;
                if (storedSoFar == 0 || subs.stream().allMatch(s -> checkers[s.index].maxSeq >= last)) {
                    done = true;
                    break;
                }
            }
            Thread.sleep(2);
        }
        long end = System.nanoTime();

        long stored = acked.sum() - duplicates.sum();
        long base = channelBase.get();
        long lastSeq = base + stored;
        long subscriberViolations = baseViolations;
        String example = baseExample;
        long shortCount = subscriberCount - subs.size();
        for (BenchSocket s : subs) {
            Checker c = checkers[s.index];
            subscriberViolations += c.violations;
            if (example == null && c.firstViolation != null) {
                example = "subscriber " + s.index + ": " + c.firstViolation;
            }
            if (c.base < 0) {
                shortCount++; // never subscribed
            } else if (!done) {
                if (c.received < stored || stored > 0 && c.maxSeq < lastSeq) {
                    shortCount++;
                }
            } else if (c.received != stored || stored > 0 && c.maxSeq != lastSeq) {
                // Not exactly the stored messages: a gap, a duplicate or a message that was never acked.
                subscriberViolations++;
                if (example == null) {
                    example = "subscriber " + s.index + ": " + c.received + " messages up to seq " + c.maxSeq
                            + " for " + stored + " stored up to seq " + lastSeq;
                }
            }
        }
        long orderErrors = 0;
        for (Publisher p : publishers) {
            orderErrors += p.orderErrors;
            if (example == null && p.firstOrderError != null) {
                example = p.firstOrderError;
            }
        }
        if (example == null && firstContentError.get() != null) {
            example = firstContentError.get();
        }
        long violations = subscriberViolations + orderErrors + duplicates.sum() + strayAnswers.sum()
                + contentErrors.get();
        long errorFrameCount = errorFrames.values().stream().mapToLong(LongAdder::sum).sum();
        StringBuilder codes = new StringBuilder();
        errorFrames.forEach((code, n) -> codes.append(codes.length() == 0 ? "" : ",").append(code).append(':')
                .append(n.sum()));
        boolean complete = done && errorFrameCount == 0 && closeCodes.isEmpty();

        long first = firstSend.get();
        long ackSpan = first == 0 ? 0 : (done ? lastAck.get() : end) - first;
        long deliverySpan = first == 0 ? 0 : (done && lastDelivery.get() > 0 ? lastDelivery.get() : end) - first;
        double publishesPerSecond = acked.sum() / seconds(ackSpan);
        double deliveriesPerSecond = deliveries.sum() / seconds(deliverySpan);
        List<BenchSocket> everyone = new ArrayList<>(subs);
        everyone.addAll(pubs);
        closeAll(everyone);

        long maxMicros = maxLatency.get() < 0 ? -1 : maxLatency.get() / 1000;
        System.out.printf(Locale.ROOT,
                "publish %s: %d publishers x %d msgs x %d B, window %d, to %s: %d of %d acked in %.2f s = "
                        + "%.0f publishes/s (ack p50 %s, p99 %s, max %s); %d subscribers: %d deliveries%s = "
                        + "%.0f deliveries/s; violations %d (ack order %d, duplicate acks %d, stray answers %d, "
                        + "seq/content %d, delivery %d)%s; error frames %d%s; subscribers short %d; closes %s; "
                        + "errors %d%s; %s%n",
                clientKind, publisherCount, messages, size, window, channel, acked.sum(), total, seconds(ackSpan),
                publishesPerSecond, millis(ackLatency.quantileMicros(0.5)), millis(ackLatency.quantileMicros(0.99)),
                millis(maxMicros), subscriberCount, deliveries.sum(),
                base < 0 ? "" : " (seq " + (base + 1) + ".." + lastSeq + " expected)", deliveriesPerSecond,
                violations, orderErrors, duplicates.sum(), strayAnswers.sum(), contentErrors.get(),
                subscriberViolations, example == null ? "" : " (" + example + ")", errorFrameCount,
                codes.length() == 0 ? "" : " (" + codes + ")", shortCount, closeCodes, errors.sum(),
                firstError.get() == null ? "" : " (" + firstError.get() + ")",
                complete ? "complete" : "INCOMPLETE (timeout, lost connections or error frames)");
        System.out.printf(Locale.ROOT,
                "RESULT mode=publish client=%s publishers=%d messages=%d size=%d window=%d subscribers=%d "
                        + "channel=%s acks=%d seconds=%.3f publishes_per_s=%.0f ack_p50_us=%d ack_p99_us=%d "
                        + "ack_max_us=%d deliveries=%d deliveries_per_s=%.0f first_seq=%d last_seq=%d violations=%d "
                        + "ack_order_errors=%d duplicate_acks=%d stray_answers=%d content_errors=%d "
                        + "delivery_violations=%d error_frames=%d error_codes=%s short=%d unexpected=%d errors=%d "
                        + "complete=%b%n",
                clientKind, publisherCount, messages, size, window, subscriberCount, channel, acked.sum(),
                seconds(ackSpan), publishesPerSecond, ackLatency.quantileMicros(0.5),
                ackLatency.quantileMicros(0.99), maxMicros, deliveries.sum(), deliveriesPerSecond,
                base < 0 ? -1 : base + 1, base < 0 ? -1 : lastSeq, violations, orderErrors, duplicates.sum(),
                strayAnswers.sum(), contentErrors.get(), subscriberViolations, errorFrameCount,
                codes.length() == 0 ? "-" : codes, shortCount, unknown.sum(), errors.sum(), complete);
        if (violations > 0) {
            return EXIT_VIOLATIONS;
        }
        return complete ? EXIT_OK : EXIT_INCOMPLETE;
    }

    // ---------------------------------------------------------------- plumbing

    /** Records closes and errors; the mode supplies onLine. */
    private abstract class ClosingHandler implements BenchSocket.Handler {
        @Override
        public void onClose(BenchSocket socket, int code, String reason) {
            closeCodes.merge(code, 1, Integer::sum);
        }

        @Override
        public void onError(BenchSocket socket, Throwable error) {
            error(String.valueOf(error));
        }
    }

    private void error(String what) {
        errors.increment();
        firstError.compareAndSet(null, what);
    }

    /** Connects up to n sockets, at most connectConcurrency handshakes at a time, before the deadline. */
    private List<BenchSocket> connectAll(int n, BenchSocket.Handler handler) throws InterruptedException {
        return connectAll(n, handler, i -> url);
    }

    /** Connects sockets 0..n-1, socket {@code i} to {@code to.apply(i)}. */
    private List<BenchSocket> connectAll(int n, BenchSocket.Handler handler, IntFunction<URI> to)
            throws InterruptedException {
        List<BenchSocket> sockets = Collections.synchronizedList(new ArrayList<>(n));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        int workers = Math.min(n, connectConcurrency);
        ExecutorService pool = Executors.newFixedThreadPool(workers, daemon("connect"));
        Duration each = Duration.ofSeconds(10);
        for (int w = 0; w < workers; w++) {
            pool.execute(() -> {
                int i;
                while ((i = next.getAndIncrement()) < n && remainingNanos() > 0) {
                    try {
                        sockets.add("jdk".equals(clientKind)
                                ? JdkSocket.connect(jdk, to.apply(i), i, handler, each)
                                : TyrusSocket.connect(tyrus, to.apply(i), i, handler));
                    } catch (Exception e) {
                        if (failures.getAndIncrement() == 0) {
                            System.err.println("connect failed: " + e);
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
    private void closeAll(List<BenchSocket> sockets) throws InterruptedException {
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

    private long remainingNanos() {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(left))));
        }
    }

    /**
     * The CPU time (user and system) each process of {@code --server-pids} has used so far, in ms,
     * -1 for one that cannot be read; empty without the option. Linux only.
     */
    private long[] serverCpuMillis() {
        String pids = opts.getOrDefault("server-pids", "");
        if (pids.isBlank()) {
            return new long[0];
        }
        String[] each = pids.split(",");
        long[] millis = new long[each.length];
        for (int k = 0; k < each.length; k++) {
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", each[k].trim(), "stat"));
                // fields after the command name, which is in parentheses and may hold spaces
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // utime and stime are fields 14 and 15 of the line, 12 and 13 here, in clock ticks
                millis[k] = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / CLOCK_TICKS;
            } catch (java.io.IOException | RuntimeException e) {
                millis[k] = -1;
            }
        }
        return millis;
    }

    /** A JSON string value of exactly {@code size} bytes (10 or more), quotes included, starting {@code "n.}. */
    private static String numbered(int n, int size) {
        String head = "\"" + n + ".";
        return head + "x".repeat(Math.max(0, size - head.length() - 1)) + "\"";
    }

    /** A JSON string value of exactly {@code size} bytes, quotes included. */
    private static String payload(int size) {
        return "\"" + "x".repeat(size - 2) + "\"";
    }

    private int intOpt(String name, int dflt, int min, int max) {
        String raw = opts.get(name);
        if (raw == null) {
            return dflt;
        }
        int v;
        try {
            v = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number: " + raw);
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max);
        }
        return v;
    }

    /** {@code 500ms}, {@code 20s}, {@code 2m} or a bare number of seconds. */
    private Duration durationOpt(String name, Duration dflt, Duration max) {
        String raw = opts.get(name);
        if (raw == null) {
            return dflt;
        }
        Duration d;
        try {
            String r = raw.trim();
            if (r.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(r.substring(0, r.length() - 2)));
            } else if (r.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(r.substring(0, r.length() - 1)));
            } else if (r.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(r.substring(0, r.length() - 1)));
            } else {
                d = Duration.ofSeconds(Long.parseLong(r));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a duration like 20s: " + raw);
        }
        if (d.isNegative() || d.isZero() && !name.equals("warmup") || d.compareTo(max) > 0) {
            throw new IllegalArgumentException("--" + name + " must be positive and at most " + max);
        }
        return d;
    }

    private static double seconds(long nanos) {
        return Math.max(1, nanos) / 1e9;
    }

    private static String millis(long micros) {
        return micros < 0 ? "-" : String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
