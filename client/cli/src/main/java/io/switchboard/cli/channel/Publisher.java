package io.switchboard.cli.channel;

import io.switchboard.client.SwitchboardClient;
import jakarta.json.JsonValue;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes with at most {@code window} publishes waiting for their ack: the next one waits for a
 * place. Each ack is printed as a JSON line; a publish refused or not acked within {@code timeout}
 * is reported on stderr and counted as failed.
 */
final class Publisher {

    private final SwitchboardClient client;
    private final String channel;
    private final int window;
    private final Duration timeout;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Semaphore places;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();

    Publisher(SwitchboardClient client, String channel, int window, Duration timeout, PrintWriter out, PrintWriter err) {
        this.client = client;
        this.channel = channel;
        this.window = window;
        this.timeout = timeout;
        this.out = out;
        this.err = err;
        this.places = new Semaphore(window);
    }

    /** Publishes {@code data}, first waiting for a place in the window; {@code what} names it in errors. */
    void publish(String what, JsonValue data) throws InterruptedException {
        places.acquire();
        client.publish(channel, data).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ack, failure) -> {
            try {
                if (failure == null) {
                    acked.incrementAndGet();
                    out.println(ack.raw());
                    out.flush();
                } else {
                    failed.incrementAndGet();
                    if (Channels.closed(failure)) {
                        closed.incrementAndGet();
                    } else {
                        err.println("switchboard: " + what + ": " + (failure instanceof java.util.concurrent.TimeoutException
                                ? "not acked within " + timeout.toMillis() + " ms (it may still be stored)"
                                : "publish refused: " + Channels.why(failure)));
                    }
                }
            } finally {
                places.release();
            }
        });
    }

    /** Counts an input that was not sent. */
    void skipped() {
        failed.incrementAndGet();
    }

    /** Waits until every publish has its ack or failed; each is bounded by the timeout, so this is too. */
    void awaitAll() throws InterruptedException {
        places.acquire(window);
        places.release(window);
    }

    long failed() {
        return failed.get();
    }

    /** Publishes that failed because the client closed: the connection's ending tells why. */
    long closed() {
        return closed.get();
    }

    long acked() {
        return acked.get();
    }
}
