package io.switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens {@code --connections} idle logged-in connections (as alice), at most {@code --parallel}
 * handshakes in flight at a time, and prints how long that took; then holds them open until the
 * file {@code --hold-until} exists (checked twice a second, at most {@code --hold-seconds}), so that
 * the server's memory can be measured with them open (see bench/idle.sh), and closes them.
 *
 * <pre>IdleLoad --url ws://127.0.0.1:PORT/ws [--connections 10000] [--parallel 200]
 *          [--hold-until FILE] [--hold-seconds 600]</pre>
 */
public final class IdleLoad {

    private IdleLoad() {
    }

    public static void main(String[] args) throws Exception {
        URI ws = URI.create(option(args, "--url", "ws://127.0.0.1:8080/ws"));
        int n = Integer.parseInt(option(args, "--connections", "10000"));
        int parallel = Integer.parseInt(option(args, "--parallel", "200"));
        String holdUntil = option(args, "--hold-until", null);
        long holdSeconds = Long.parseLong(option(args, "--hold-seconds", "600"));

        BenchLogin.login(ws, "alice", "demo");
        HttpClient client = HttpClient.newHttpClient();
        List<WebSocket> open = Collections.synchronizedList(new ArrayList<>(n));
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger closedByServer = new AtomicInteger();
        Semaphore inFlight = new Semaphore(parallel);
        WebSocket.Listener idle = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                if (closedByServer.incrementAndGet() <= 5) {
                    System.err.println("closed by the server: " + statusCode + " " + reason);
                }
                return null;
            }
        };
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (!inFlight.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no handshake completed within 60 s");
            }
            WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30));
            BenchLogin.headers(ws).forEach(builder::header);
            builder.subprotocols(LoadGenerator.SUBPROTOCOL).buildAsync(ws, idle).whenComplete((socket, error) -> {
                if (error != null) {
                    if (failed.incrementAndGet() <= 5) {
                        System.err.println("connect failed: " + error);
                    }
                } else {
                    open.add(socket);
                }
                inFlight.release();
            });
        }
        if (!inFlight.tryAcquire(parallel, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("handshakes still running 60 s after the last started");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("opened %d idle connections in %.2f s (%d at a time, %d failed)%n",
                open.size(), seconds, parallel, failed.get());
        System.out.flush();

        if (holdUntil != null) {
            Path flag = Path.of(holdUntil);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(holdSeconds);
            while (!Files.exists(flag) && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }
        System.out.printf("still open when released: %d (closed by the server: %d)%n",
                open.size() - closedByServer.get(), closedByServer.get());
        synchronized (open) {
            open.forEach(WebSocket::abort);
        }
        System.exit(failed.get() == 0 ? 0 : 2);
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
