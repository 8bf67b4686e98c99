package io.switchboard.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Stored publishes per second to one channel. First {@code subscribers} connections (0 allowed)
 * subscribe; the seq in their {@code subscribed} is the base (channels are durable, so on a re-run
 * it is where the last run left off). Then {@code publishers} connections each send {@code
 * messages} publishes, keeping {@code window} un-answered, each with a unique {@code id} (a per-run
 * prefix and the message's number, so the server's deduplication never drops one) and a string
 * {@code data} of {@code size} bytes that starts with the message's number. Checked: every publish
 * is answered by one {@code ack} (an {@code error} frame is counted by code and makes the run
 * incomplete), not marked {@code duplicate}; each publisher's acks have strictly increasing seq;
 * every subscriber gets seq base+1..base+N exactly once and in order, N the number of acked
 * publishes; and the message a subscriber gets as seq S is the one acked with seq S.
 */
final class PublishLoad {

    record Settings(int publishers, int messages, int size, int window, int subscribers, String channel) {
    }

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

    private final LoadRun run;
    private final Settings settings;
    private final boolean progress;
    private final LongAdder acked = new LongAdder();         // acks answering one of our publishes, first answer
    private final AtomicLong answered = new AtomicLong();    // our publishes answered (ack or error)
    private final LongAdder deliveries = new LongAdder();

    PublishLoad(LoadRun run, Settings settings, boolean progress) {
        this.run = run;
        this.settings = settings;
        this.progress = progress;
    }

    BenchResult run() throws InterruptedException {
        long total = (long) settings.publishers() * settings.messages();
        try (Progress p = Progress.start(progress, "publish", () -> String.format(Locale.ROOT,
                "%d of %d answered, %d acked, %d deliveries, closes %s, errors %d", answered.get(), total,
                acked.sum(), deliveries.sum(), run.closeCodes, run.errors.sum()), run.report.err())) {
            return measure();
        }
    }

    /**
     * Stored publishes per second to one channel. Message k (0..total-1) is publisher k / messages's
     * number k % messages; its data is the string {@code "k.xxx..."} ({@code size} bytes with the
     * quotes) and its id {@code idPrefix + k}, so acks, deliveries and sequence numbers can be
     * matched up.
     */
    private BenchResult measure() throws InterruptedException {
        int publisherCount = settings.publishers();
        int messages = settings.messages();
        int size = settings.size();
        int window = settings.window();
        int subscriberCount = settings.subscribers();
        String channel = settings.channel();
        int total = publisherCount * messages;
        int perConnection = Math.min(window, messages);
        long perChannel = (long) publisherCount * perConnection;
        if (perConnection > 256 || perChannel > 10_000) {
            run.report.warn(String.format(Locale.ROOT, "publish: note: up to %d publishes in flight per connection "
                    + "and %d per channel; the server's defaults refuse more than 256 and 10000 with `unavailable` "
                    + "(switchboard.connection.max-pending-requests, switchboard.publish.max-pending; bench/run.sh "
                    + "raises both for this mode)", perConnection, perChannel));
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
        Latency ackLatency = new Latency();
        LongAdder duplicates = new LongAdder();    // ... of which marked "duplicate"
        LongAdder strayAnswers = new LongAdder();  // acks and errors with an unknown id or a second answer
        AtomicLong lastAck = new AtomicLong();
        AtomicLong firstSend = new AtomicLong();
        Map<String, LongAdder> errorFrames = new ConcurrentSkipListMap<>();
        LongAdder unknown = new LongAdder();
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
                if (i >= messages || run.remainingNanos() == 0) {
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

        BenchSocket.Handler subscriberHandler = run.new ClosingHandler() {
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
                    run.error("subscriber got " + text.substring(start, Math.min(end, start + 200)));
                }
            }
        };

        BenchSocket.Handler publisherHandler = run.new ClosingHandler() {
            @Override
            public void onLine(BenchSocket socket, String text, int start, int end) {
                String type = Lines.type(text, start, end);
                boolean ack = "ack".equals(type);
                if (!ack && !"error".equals(type)) {
                    unknown.increment();
                    run.error("publisher got " + text.substring(start, Math.min(end, start + 200)));
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
                    run.error("publisher " + socket.index + " got " + text.substring(start, Math.min(end, start + 200)));
                }
                if (!ours) {
                    strayAnswers.increment();
                    return;
                }
                answeredIds[(int) key] = 1;
                if (ack) {
                    long latency = now - sentAt[(int) key];
                    ackLatency.recordNanos(latency);
                }
                answered.incrementAndGet();
                shared.sendNext(socket, p);
            }
        };

        // Subscribers first, each at the channel's current seq (the channel is durable: on a re-run
        // the numbering goes on from where it was).
        long t0 = System.nanoTime();
        List<BenchSocket> subs = subscriberCount > 0 ? run.connectAll(subscriberCount, subscriberHandler) : List.of();
        long connected = System.nanoTime();
        for (BenchSocket s : subs) {
            s.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"id\":\"s" + s.index + "\"}");
        }
        boolean allSubscribed = subs.size() == subscriberCount;
        // Not waiting on after an error: a refused subscribe (error frame) never answers subscribed.
        while (allSubscribed && run.remainingNanos() > 0 && run.closeCodes.isEmpty() && run.errors.sum() == 0
                && !subs.stream().allMatch(s -> checkers[s.index].base >= 0)) {
            Thread.sleep(5);
        }
        allSubscribed = allSubscribed && subs.stream().allMatch(s -> checkers[s.index].base >= 0);
        long baseViolations = 0;
        String baseExample = null;
        if (subscriberCount > 0) {
            run.report.info(String.format(Locale.ROOT,
                    "publish: %d of %d subscribers connected in %.1f s, %s to %s in %.1f s",
                    subs.size(), subscriberCount, LoadRun.seconds(connected - t0),
                    allSubscribed ? "subscribed at seq " + checkers[0].base : "NOT ALL subscribed", channel,
                    LoadRun.seconds(System.nanoTime() - connected)));
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

        List<BenchSocket> pubs = allSubscribed ? run.connectAll(publisherCount, publisherHandler) : List.of();
        boolean publishing = allSubscribed && pubs.size() == publisherCount && run.closeCodes.isEmpty();
        if (publishing) {
            run.report.info(String.format(Locale.ROOT,
                    "publish: %d publishers connected; sending %d messages each, ids %s0..%d",
                    pubs.size(), messages, idPrefix, total - 1));
            // Each connection's first `window` publishes; from then on every answer sends the next.
            for (int w = 0; w < perConnection; w++) {
                for (BenchSocket s : pubs) {
                    shared.sendNext(s, publishers[s.index]);
                }
            }
        } else {
            run.report.info(String.format(Locale.ROOT, "publish: not every subscriber was subscribed or not every "
                    + "publisher connected (%d of %d); not publishing", pubs.size(), publisherCount));
        }
        // Until every publish is answered and every subscriber has had the last stored seq (after a
        // gap too: the gap is a violation, not a reason to wait), a connection is lost, or the time is up.
        boolean done = false;
        while (publishing && run.remainingNanos() > 0 && run.closeCodes.isEmpty()) {
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
        Map<String, Long> codes = new LinkedHashMap<>();
        errorFrames.forEach((code, n) -> codes.put(code, n.sum()));
        boolean complete = done && errorFrameCount == 0 && run.closeCodes.isEmpty();

        long first = firstSend.get();
        long ackSpan = first == 0 ? 0 : (done ? lastAck.get() : end) - first;
        long deliverySpan = first == 0 ? 0 : (done && lastDelivery.get() > 0 ? lastDelivery.get() : end) - first;
        double publishesPerSecond = acked.sum() / LoadRun.seconds(ackSpan);
        double deliveriesPerSecond = deliveries.sum() / LoadRun.seconds(deliverySpan);
        List<BenchSocket> everyone = new ArrayList<>(subs);
        everyone.addAll(pubs);
        run.closeAll(everyone);

        long maxMicros = ackLatency.maxMicros();
        String summary = String.format(Locale.ROOT,
                "publish %s: %d publishers x %d msgs x %d B, window %d, to %s: %d of %d acked in %.2f s = "
                        + "%.0f publishes/s (ack p50 %s, p99 %s, max %s); %d subscribers: %d deliveries%s = "
                        + "%.0f deliveries/s; violations %d (ack order %d, duplicate acks %d, stray answers %d, "
                        + "seq/content %d, delivery %d)%s; error frames %d%s; subscribers short %d; closes %s; "
                        + "errors %d%s; %s",
                run.client, publisherCount, messages, size, window, channel, acked.sum(), total,
                LoadRun.seconds(ackSpan), publishesPerSecond, LoadRun.millis(ackLatency.quantileMicros(0.5)),
                LoadRun.millis(ackLatency.quantileMicros(0.99)), LoadRun.millis(maxMicros), subscriberCount,
                deliveries.sum(), base < 0 ? "" : " (seq " + (base + 1) + ".." + lastSeq + " expected)",
                deliveriesPerSecond, violations, orderErrors, duplicates.sum(), strayAnswers.sum(),
                contentErrors.get(), subscriberViolations, example == null ? "" : " (" + example + ")",
                errorFrameCount, codes.isEmpty() ? "" : " (" + codes + ")", shortCount, run.closeCodes,
                run.errors.sum(), run.firstErrorText(),
                complete ? "complete" : "INCOMPLETE (timeout, lost connections or error frames)");
        return BenchResult.of("publish")
                .put("client", run.client.toString())
                .put("publishers", publisherCount)
                .put("messages", messages)
                .put("size", size)
                .put("window", window)
                .put("subscribers", subscriberCount)
                .put("channel", channel)
                .put("acks", acked.sum())
                .put("seconds", LoadRun.seconds(ackSpan), 3)
                .put("publishes_per_s", publishesPerSecond, 0)
                .put("ack_p50_us", ackLatency.quantileMicros(0.5))
                .put("ack_p99_us", ackLatency.quantileMicros(0.99))
                .put("ack_max_us", maxMicros)
                .put("deliveries", deliveries.sum())
                .put("deliveries_per_s", deliveriesPerSecond, 0)
                .put("first_seq", base < 0 ? -1 : base + 1)
                .put("last_seq", base < 0 ? -1 : lastSeq)
                .put("violations", violations)
                .put("ack_order_errors", orderErrors)
                .put("duplicate_acks", duplicates.sum())
                .put("stray_answers", strayAnswers.sum())
                .put("content_errors", contentErrors.get())
                .put("delivery_violations", subscriberViolations)
                .put("error_frames", errorFrameCount)
                .put("error_codes", codes)
                .put("short", shortCount)
                .put("unexpected", unknown.sum())
                .put("errors", run.errors.sum())
                .put("complete", complete)
                .build(Outcome.of(complete, violations), summary);
    }
}
