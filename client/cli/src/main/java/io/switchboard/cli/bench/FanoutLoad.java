package io.switchboard.cli.bench;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * One publisher, not subscribed, keeps {@code window} un-acked publishes to a channel that {@code
 * subscribers} connections subscribed to; every subscriber must get every message, in order. With
 * several URLs (instances of one cluster) the publisher is on the first and subscriber {@code i}
 * on URL {@code i mod n}. Each message's data starts with its number (sizes of 10 or more), from
 * which the subscribers measure delivery latency per instance. The messages of one committed batch
 * share their {@code ts}, so subscriber 0 counts the batches.
 */
final class FanoutLoad {

    record Settings(int subscribers, int messages, int size, int window, String channel) {
    }

    /** Per-subscriber order check; touched only by that socket's receive callback. */
    private static final class Subscriber {
        volatile long base = -1;        // seq in "subscribed"; -1 until it arrives
        long expected;                  // next seq due
        volatile long received;
        long violations;
        String firstViolation;
        long lastTs = -1;               // subscriber 0: the batches, as runs of equal ts
        volatile long batches;
    }

    private final LoadRun run;
    private final Settings settings;
    private final boolean progress;
    private final int instances;

    private final Subscriber[] states;
    private final CountDownLatch subscribed;
    private final CountDownLatch delivered;
    private final LongAdder deliveries = new LongAdder();
    private final AtomicLong lastDelivery = new AtomicLong();
    private final LongAdder unknown = new LongAdder();
    // when each message was sent, by its number (which its data starts with)
    private final AtomicLongArray sentNanos;
    // by instance (the subscriber's URL)
    private final Latency[] deliveryLatency;

    // The publisher: not subscribed, at most `window` un-acked publishes.
    private final Semaphore inFlight;
    private final LongAdder acks = new LongAdder();
    private final AtomicLong lastAck = new AtomicLong();
    private final AtomicLong ackSeqErrors = new AtomicLong();
    private final AtomicLong previousAckSeq = new AtomicLong(-1);
    private final Latency ackLatency = new Latency();
    private final CountDownLatch allAcked;
    private final AtomicLong published = new AtomicLong();

    FanoutLoad(LoadRun run, Settings settings, boolean progress) {
        this.run = run;
        this.settings = settings;
        this.progress = progress;
        this.instances = run.urls.size();
        this.states = new Subscriber[settings.subscribers()];
        for (int i = 0; i < states.length; i++) {
            states[i] = new Subscriber();
        }
        this.subscribed = new CountDownLatch(settings.subscribers());
        this.delivered = new CountDownLatch(settings.subscribers());
        this.sentNanos = new AtomicLongArray(settings.messages());
        this.deliveryLatency = new Latency[instances];
        for (int u = 0; u < instances; u++) {
            deliveryLatency[u] = new Latency();
        }
        this.inFlight = new Semaphore(settings.window());
        this.allAcked = new CountDownLatch(settings.messages());
    }

    private BenchSocket.Handler subscriberHandler() {
        int messages = settings.messages();
        int size = settings.size();
        return run.new ClosingHandler() {
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
                        deliveryLatency[socket.index % instances].recordNanos(System.nanoTime() - sentNanos.get((int) n));
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
                        lastDelivery.accumulateAndGet(System.nanoTime(), Math::max);
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
                    run.error("subscriber got " + text.substring(start, Math.min(end, start + 200)));
                }
            }

            private void violation(Subscriber s, String what) {
                if (s.violations++ == 0) {
                    s.firstViolation = what;
                }
            }
        };
    }

    private BenchSocket.Handler publisherHandler(long[] sentAt) {
        int messages = settings.messages();
        return run.new ClosingHandler() {
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
                        run.error("publisher got " + text.substring(start, Math.min(end, start + 200)));
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
    }

    BenchResult run() throws InterruptedException {
        int subscribers = settings.subscribers();
        try (Progress p = Progress.start(progress, "fanout", () -> String.format(Locale.ROOT,
                "%d of %d subscribed, %d published, %d acks, %d of %d deliveries, closes %s, errors %d",
                subscribers - subscribed.getCount(), subscribers, published.get(), acks.sum(), deliveries.sum(),
                (long) subscribers * settings.messages(), run.closeCodes, run.errors.sum()), run.report.err())) {
            return measure();
        }
    }

    private BenchResult measure() throws InterruptedException {
        int subscribers = settings.subscribers();
        int messages = settings.messages();
        int size = settings.size();
        int window = settings.window();
        String channel = settings.channel();
        long[] sentAt = new long[messages];
        BenchSocket.Handler subscriberHandler = subscriberHandler();
        BenchSocket.Handler publisherHandler = publisherHandler(sentAt);

        long t0 = System.nanoTime();
        List<BenchSocket> subs = run.connectAll(subscribers, subscriberHandler, i -> run.urls.get(i % instances));
        long connected = System.nanoTime();
        if (subs.size() < subscribers) {
            run.report.info(String.format(Locale.ROOT, "fanout: only %d of %d subscribers connected", subs.size(),
                    subscribers));
        }
        boolean packed = run.encoding == WireEncoding.MSGPACK;
        for (BenchSocket s : subs) {
            if (packed) {
                s.send(Msgpack.map("type", "subscribe", "channel", channel, "id", "s" + s.index));
            } else {
                s.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"id\":\"s" + s.index + "\"}");
            }
        }
        boolean allSubscribed = subscribed.await(run.remainingNanos(), TimeUnit.NANOSECONDS);
        long ready = System.nanoTime();
        run.report.info(String.format(Locale.ROOT, "fanout: %d connected in %.1f s, %d subscribed to %s in %.1f s",
                subs.size(), LoadRun.seconds(connected - t0), subscribers - subscribed.getCount(), channel,
                LoadRun.seconds(ready - connected)));

        List<BenchSocket> pubs = allSubscribed ? run.connectAll(1, publisherHandler, i -> run.url) : List.of();
        long[] cpuBefore = null;
        long firstPublish = System.nanoTime();
        // what the subscribers got before the first publish (subscribed, presence) is not a message's
        long[] bytesBefore = new long[subscribers];
        long[] framesBefore = new long[subscribers];
        if (pubs.size() == 1) {
            BenchSocket publisher = pubs.get(0);
            String head = "{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":";
            for (BenchSocket s : subs) {
                bytesBefore[s.index] = s.bytes;
                framesBefore[s.index] = s.frames;
            }
            cpuBefore = run.serverCpuMillis();
            firstPublish = System.nanoTime();
            // wall-clock times, to match a server's profile (bench/run.sh --jfr-top --since, --until)
            run.report.info("fanout: publishing from " + LocalTime.now());
            for (int i = 0; i < messages; i++) {
                if (!inFlight.tryAcquire(run.remainingNanos(), TimeUnit.NANOSECONDS)) {
                    break;
                }
                sentAt[i] = System.nanoTime();
                sentNanos.set(i, sentAt[i]);
                String data = size >= 10 ? LoadRun.numbered(i, size) : LoadRun.payload(size);
                if (packed) {
                    // the same string, a str header in place of the quotes: as many bytes
                    publisher.send(Msgpack.map("type", "publish", "channel", channel,
                            "data", data.substring(1, data.length() - 1), "id", Integer.toString(i)));
                } else {
                    publisher.send(head + data + ",\"id\":\"" + i + "\"}");
                }
                published.incrementAndGet();
            }
        } else {
            run.report.info("fanout: not every subscriber was subscribed (or the publisher could not connect); "
                    + "not publishing");
        }
        boolean complete = published.get() == messages
                && delivered.await(run.remainingNanos(), TimeUnit.NANOSECONDS)
                && allAcked.await(run.remainingNanos(), TimeUnit.NANOSECONDS);
        long end = System.nanoTime();
        long[] cpuAfter = run.serverCpuMillis();
        run.report.info("fanout: publishing done at " + LocalTime.now());
        List<Long> cpu = new ArrayList<>();
        for (int k = 0; k < cpuAfter.length && cpuBefore != null; k++) {
            cpu.add(cpuAfter[k] < 0 || cpuBefore[k] < 0 ? -1 : cpuAfter[k] - cpuBefore[k]);
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
        long messageBytes = 0;
        long messageFrames = 0;
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
            messageBytes += s.bytes - bytesBefore[s.index];
            messageFrames += s.frames - framesBefore[s.index];
        }
        behind += subscribers - subs.size();
        double deliveriesPerSecond = total / LoadRun.seconds(span);
        double publishesPerSecond = acks.sum() / LoadRun.seconds(ackSpan);
        StringBuilder latencyText = new StringBuilder();
        List<Long> latencyP50 = new ArrayList<>();
        List<Long> latencyP99 = new ArrayList<>();
        for (int u = 0; u < instances; u++) {
            latencyText.append(u == 0 ? "" : ", ").append("instance ").append(u + 1).append(" p50 ")
                    .append(LoadRun.millis(deliveryLatency[u].quantileMicros(0.5))).append(" p99 ")
                    .append(LoadRun.millis(deliveryLatency[u].quantileMicros(0.99)));
            latencyP50.add(deliveryLatency[u].quantileMicros(0.5));
            latencyP99.add(deliveryLatency[u].quantileMicros(0.99));
        }
        List<BenchSocket> everyone = new ArrayList<>(subs);
        everyone.addAll(pubs);
        run.closeAll(everyone);

        double linesPerFrame = frames == 0 ? 0.0 : (double) lines / frames;
        double bytesPerMessage = total == 0 ? 0.0 : (double) messageBytes / total;
        String cpuText = cpu.isEmpty() ? "-" : cpu.stream().map(String::valueOf).reduce((a, b) -> a + "/" + b).get();
        String summary = String.format(Locale.ROOT,
                "fanout %s %s: 1 publisher -> %d subscribers on %d instance(s), %d msgs x %d B, window %d: %d deliveries "
                        + "in %.2f s = %.0f deliveries/s; %d acks = %.0f publishes/s (ack p50 %s, p99 %s); delivery %s; "
                        + "%d batches; server CPU %s ms; %.2f lines/frame; %.1f bytes/message in %d frames; "
                        + "violations %d%s; subscribers short %d; closes %s; errors %d%s; %s",
                run.client, run.encoding, subscribers, instances, messages, size, window, total, LoadRun.seconds(span),
                deliveriesPerSecond, acks.sum(), publishesPerSecond, LoadRun.millis(ackLatency.quantileMicros(0.5)),
                LoadRun.millis(ackLatency.quantileMicros(0.99)), latencyText, states[0].batches, cpuText,
                linesPerFrame, bytesPerMessage, messageFrames, violations, example == null ? "" : " (" + example + ")", behind, run.closeCodes,
                run.errors.sum(), run.firstErrorText(),
                complete ? "complete" : "INCOMPLETE (timeout or lost connections)");
        Outcome outcome = Outcome.of(complete, violations + ackSeqErrors.get());
        return BenchResult.of("fanout")
                .put("client", run.client.toString())
                .put("encoding", run.encoding.toString())
                .put("subscribers", subscribers)
                .put("instances", instances)
                .put("messages", messages)
                .put("size", size)
                .put("window", window)
                .put("deliveries", total)
                .put("seconds", LoadRun.seconds(span), 3)
                .put("deliveries_per_s", deliveriesPerSecond, 0)
                .put("acks", acks.sum())
                .put("publishes_per_s", publishesPerSecond, 0)
                .put("ack_p50_us", ackLatency.quantileMicros(0.5))
                .put("ack_p99_us", ackLatency.quantileMicros(0.99))
                .put("ack_max_us", ackLatency.maxMicros())
                .put("delivery_p50_us", latencyP50)
                .put("delivery_p99_us", latencyP99)
                .put("batches", states[0].batches)
                .put("server_cpu_ms", cpu)
                .put("lines_per_frame", linesPerFrame, 2)
                .put("message_bytes", messageBytes)
                .put("message_frames", messageFrames)
                .put("bytes_per_message", bytesPerMessage, 1)
                .put("violations", violations)
                .put("ack_seq_errors", ackSeqErrors.get())
                .put("short", behind)
                .put("unexpected", unknown.sum())
                .put("errors", run.errors.sum())
                .put("complete", complete)
                .build(outcome, summary);
    }
}
