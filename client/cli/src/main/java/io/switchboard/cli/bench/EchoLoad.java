package io.switchboard.cli.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code connections} connections each keep one {@code echo} in flight; round trips are counted
 * for {@code measure} after {@code warmup}, and every reply must be an {@code echo}.
 */
final class EchoLoad {

    record Settings(int connections, Duration measure, Duration warmup, int size) {
    }

    private static final int WARMING = 0;
    private static final int MEASURING = 1;
    private static final int STOPPED = 2;

    private final LoadRun run;
    private final Settings settings;
    private final boolean progress;
    private final LongAdder roundTrips = new LongAdder();
    private final LongAdder unknown = new LongAdder();
    private final Latency latency = new Latency();
    private final AtomicInteger phase = new AtomicInteger(WARMING);
    // replies still due once stopped
    private final AtomicInteger outstanding = new AtomicInteger();

    EchoLoad(LoadRun run, Settings settings, boolean progress) {
        this.run = run;
        this.settings = settings;
        this.progress = progress;
    }

    BenchResult run() throws InterruptedException {
        int connections = settings.connections();
        int size = settings.size();
        String request = "{\"type\":\"echo\",\"data\":" + LoadRun.payload(size) + ",\"id\":\"e\"}";
        String data = LoadRun.payload(size);
        // the same string, a str header in place of the quotes; one array for every send
        byte[] packedRequest = Msgpack.map("type", "echo", "data", data.substring(1, data.length() - 1), "id", "e");
        boolean packed = run.encoding == WireEncoding.MSGPACK;
        long[] sentAt = new long[connections];

        BenchSocket.Handler handler = run.new ClosingHandler() {
            @Override
            public void onLine(BenchSocket socket, String text, int start, int end) {
                if (!"echo".equals(Lines.type(text, start, end))) {
                    unknown.increment();
                    run.error("echo client got " + text.substring(start, Math.min(end, start + 200)));
                    return;
                }
                long now = System.nanoTime();
                int p = phase.get();
                if (p == MEASURING) {
                    roundTrips.increment();
                    latency.recordNanos(now - sentAt[socket.index]);
                }
                if (p == STOPPED) {
                    outstanding.decrementAndGet();
                    return;
                }
                sentAt[socket.index] = System.nanoTime();
                if (packed) {
                    socket.send(packedRequest);
                } else {
                    socket.send(request);
                }
            }
        };

        try (Progress p = Progress.start(progress, "echo", () -> String.format(Locale.ROOT,
                "%s, %d round trips measured, closes %s, errors %d",
                phase.get() == WARMING ? "warming up" : phase.get() == MEASURING ? "measuring" : "stopping",
                roundTrips.sum(), run.closeCodes, run.errors.sum()), run.report.err())) {
            long t0 = System.nanoTime();
            List<BenchSocket> sockets = run.connectAll(connections, handler);
            run.report.info(String.format(Locale.ROOT, "echo: %d of %d connected in %.1f s", sockets.size(),
                    connections, LoadRun.seconds(System.nanoTime() - t0)));
            outstanding.set(sockets.size());
            for (BenchSocket s : sockets) {
                sentAt[s.index] = System.nanoTime();
                if (packed) {
                    s.send(packedRequest);
                } else {
                    s.send(request);
                }
            }
            LoadRun.sleepUntil(Math.min(run.deadline(), System.nanoTime() + settings.warmup().toNanos()));
            long start = System.nanoTime();
            phase.set(MEASURING);
            long planned = start + settings.measure().toNanos();
            LoadRun.sleepUntil(Math.min(run.deadline(), planned));
            phase.set(STOPPED);
            long stop = System.nanoTime();
            long count = roundTrips.sum();
            boolean complete = sockets.size() == connections && stop >= planned && run.closeCodes.isEmpty()
                    && unknown.sum() == 0;
            // Let the last round trips land (bounded) so the close is clean.
            long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (outstanding.get() > 0 && System.nanoTime() < settle) {
                Thread.sleep(10);
            }
            run.closeAll(sockets);

            double perSecond = count / LoadRun.seconds(stop - start);
            String summary = String.format(Locale.ROOT,
                    "echo %s %s: %d connections, %d B data: %d round trips in %.2f s = %.0f round trips/s "
                            + "(p50 %s, p99 %s); closes %s; errors %d%s; %s",
                    run.client, run.encoding, sockets.size(), size, count, LoadRun.seconds(stop - start), perSecond,
                    LoadRun.millis(latency.quantileMicros(0.5)), LoadRun.millis(latency.quantileMicros(0.99)),
                    run.closeCodes, run.errors.sum(), run.firstErrorText(),
                    complete ? "complete" : "INCOMPLETE (timeout, lost connections or unexpected replies)");
            return BenchResult.of("echo")
                    .put("client", run.client.toString())
                    .put("encoding", run.encoding.toString())
                    .put("connections", sockets.size())
                    .put("size", size)
                    .put("round_trips", count)
                    .put("seconds", LoadRun.seconds(stop - start), 3)
                    .put("round_trips_per_s", perSecond, 0)
                    .put("p50_us", latency.quantileMicros(0.5))
                    .put("p99_us", latency.quantileMicros(0.99))
                    .put("p999_us", latency.quantileMicros(0.999))
                    .put("max_us", latency.maxMicros())
                    .put("unexpected", unknown.sum())
                    .put("errors", run.errors.sum())
                    .put("complete", complete)
                    .build(Outcome.of(complete, 0), summary);
        }
    }
}
