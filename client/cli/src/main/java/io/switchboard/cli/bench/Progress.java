package io.switchboard.cli.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A line on stderr every second while a run goes on: its counts so far. */
final class Progress implements AutoCloseable {

    private final ScheduledExecutorService timer;

    private Progress(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Starts reporting {@code counts} (when {@code enabled}) until closed. */
    static Progress start(boolean enabled, String mode, Supplier<String> counts, PrintWriter err) {
        if (!enabled) {
            return new Progress(null);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        timer.scheduleAtFixedRate(() -> {
            try {
                err.printf(Locale.ROOT, "bench %s %ds: %s%n", mode,
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), counts.get());
            } catch (RuntimeException e) {
                // a count read mid-update; the next second tries again
            }
        }, 1, 1, TimeUnit.SECONDS);
        return new Progress(timer);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
