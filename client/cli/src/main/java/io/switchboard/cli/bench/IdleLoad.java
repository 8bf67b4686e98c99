package io.switchboard.cli.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens {@code connections} idle logged-in connections, at most {@code parallel} handshakes in
 * flight at a time, and reports how long that took; then holds them open until the file {@code
 * holdUntil} exists (checked twice a second, at most {@code hold}), so that the server's memory
 * can be measured with them open (bench/idle.sh), and drops them.
 */
final class IdleLoad {

    record Settings(URI url, int connections, int parallel, Optional<Path> holdUntil, Duration hold,
                    Duration timeout, String user, String password) {
    }

    private final Settings settings;
    private final Report report;
    private final boolean progress;
    private final List<WebSocket> open = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger closedByServer = new AtomicInteger();

    IdleLoad(Settings settings, Report report, boolean progress) {
        this.settings = settings;
        this.report = report;
        this.progress = progress;
    }

    BenchResult run() throws InterruptedException {
        URI ws = settings.url();
        int n = settings.connections();
        int parallel = settings.parallel();
        try {
            BenchLogin.login(ws, settings.user(), settings.password());
        } catch (Exception e) {
            throw new BenchFailure("cannot log in at " + ws + ": " + (e.getMessage() == null ? e : e.getMessage()), e);
        }
        HttpClient client = HttpClient.newHttpClient();
        Semaphore inFlight = new Semaphore(parallel);
        WebSocket.Listener idle = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                if (closedByServer.incrementAndGet() <= 5) {
                    report.warn("closed by the server: " + statusCode + " " + reason);
                }
                return null;
            }
        };
        long start = System.nanoTime();
        long deadline = start + settings.timeout().toNanos();
        int started = 0;
        boolean inTime = true;
        try (Progress p = Progress.start(progress, "idle", () -> String.format(Locale.ROOT,
                "%d of %d open, %d failed, %d closed by the server", open.size(), n, failed.get(),
                closedByServer.get()), report.err())) {
            for (; started < n; started++) {
                if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    inTime = false;
                    break;
                }
                WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30));
                BenchLogin.headers(ws).forEach(builder::header);
                builder.subprotocols(BenchSocket.SUBPROTOCOL).buildAsync(ws, idle).whenComplete((socket, error) -> {
                    if (error != null) {
                        if (failed.incrementAndGet() <= 5) {
                            report.warn("connect failed: " + error);
                        }
                    } else {
                        open.add(socket);
                    }
                    inFlight.release();
                });
            }
            // every handshake started has ended, in time
            inTime = inFlight.tryAcquire(parallel, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                    && inTime;
            double seconds = LoadRun.seconds(System.nanoTime() - start);
            int opened = open.size();
            report.info(String.format(Locale.ROOT, "opened %d idle connections in %.2f s (%d at a time, %d failed)",
                    opened, seconds, parallel, failed.get()));

            if (settings.holdUntil().isPresent()) {
                Path flag = settings.holdUntil().get();
                long until = System.nanoTime() + settings.hold().toNanos();
                while (!Files.exists(flag) && System.nanoTime() < until) {
                    TimeUnit.MILLISECONDS.sleep(500);
                }
            }
            int closed = closedByServer.get();
            report.info(String.format(Locale.ROOT, "still open when released: %d (closed by the server: %d)",
                    opened - closed, closed));
            synchronized (open) {
                open.forEach(WebSocket::abort);
            }
            boolean complete = inTime && started == n && opened == n && failed.get() == 0 && closed == 0;
            String summary = String.format(Locale.ROOT,
                    "idle: %d of %d connections opened in %.2f s = %.0f handshakes/s, %d at a time; %d failed; "
                            + "%d closed by the server; %s",
                    opened, n, seconds, opened / seconds, parallel, failed.get(), closed,
                    complete ? "complete" : "INCOMPLETE (timeout, failed handshakes or closes)");
            return BenchResult.of("idle")
                    .put("connections", n)
                    .put("parallel", parallel)
                    .put("opened", opened)
                    .put("failed", failed.get())
                    .put("seconds", seconds, 3)
                    .put("handshakes_per_s", opened / seconds, 0)
                    .put("closed_by_server", closed)
                    .put("complete", complete)
                    .build(Outcome.of(complete, 0), summary);
        }
    }
}
