package io.switchboard.bench;

import io.switchboard.testing.Browser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Measures the admin console with many connections open: opens {@code --connections} idle
 * logged-in connections (as alice), then times the console's table requests, its live snapshots
 * (interval and age on arrival) and, in headless Chromium, the page's load (tables loaded, first
 * snapshot drawn) and each redraw, from the page's own performance marks.
 *
 * <pre>ConsoleLoad --url http://127.0.0.1:PORT/ [--connections 10000] [--rounds 5]</pre>
 */
public final class ConsoleLoad {

    private static final Pattern AT = Pattern.compile("\"at\":(\\d+)");
    private static final Pattern CONNECTIONS = Pattern.compile("\"connections\":(\\d+)");

    private ConsoleLoad() {
    }

    public static void main(String[] args) throws Exception {
        String root = option(args, "--url", "http://127.0.0.1:8080/");
        int n = Integer.parseInt(option(args, "--connections", "10000"));
        int rounds = Integer.parseInt(option(args, "--rounds", "5"));
        URI ws = URI.create(root.replaceFirst("^http", "ws") + "ws");

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, String> alice = login(http, root, "alice");
        List<WebSocket> sockets = Collections.synchronizedList(new ArrayList<>());
        long opening = System.nanoTime();
        open(ws, alice, n, sockets);
        System.out.printf("opened %d idle connections in %.1f s%n", sockets.size(), (System.nanoTime() - opening) / 1e9);

        Map<String, String> admin = login(http, root, "admin");

        for (String path : List.of("api/admin/connections?limit=50", "api/admin/connections?filter=alice&limit=50",
                "api/admin/connections?filter=no-such-user", "api/admin/connections?offset=" + (n - 50) + "&limit=50",
                "api/admin/channels?limit=50", "api/admin/audit?limit=50", "admin/", "admin/admin.js")) {
            time(http, root + path, admin);
        }
        snapshots(http, root, admin, 20);
        browser(root, rounds);

        sockets.forEach(WebSocket::abort);
        System.exit(0);
    }

    /** Opens n idle connections as the user whose session {@code headers} carry, 32 handshakes at a time. */
    private static void open(URI ws, Map<String, String> headers, int n, List<WebSocket> sockets)
            throws InterruptedException {
        HttpClient jdk = HttpClient.newHttpClient();
        WebSocket.Listener idle = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                System.err.println("connection closed " + statusCode + " " + reason);
                return null;
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(32);
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            pool.execute(() -> {
                try {
                    WebSocket.Builder builder = jdk.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(60));
                    headers.forEach(builder::header);
                    sockets.add(builder.subprotocols("switchboard.v1").buildAsync(ws, idle).get(60, TimeUnit.SECONDS));
                } catch (Exception e) {
                    if (failed.incrementAndGet() < 5) {
                        System.err.println("connect failed: " + e);
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        if (failed.get() > 0) {
            System.out.println("connections that failed to open: " + failed.get());
        }
    }

    private static Map<String, String> login(HttpClient http, String root, String user) throws Exception {
        String origin = root.replaceFirst("/$", "").replaceFirst("(//[^/]+)/.*$", "$1");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(root + "api/login"))
                .header("Origin", origin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"demo\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = String.join("; ", response.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0]).toList());
        return Map.of("Cookie", cookie, "Origin", origin);
    }

    /** 20 requests, after 3 unreported: median and largest time, and the body's size. */
    private static void time(HttpClient http, String url, Map<String, String> headers) throws Exception {
        List<Double> ms = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i < 23; i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
            headers.forEach(request::header);
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            double took = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode());
            }
            bytes = response.body().length;
            if (i >= 3) {
                ms.add(took);
            }
        }
        Collections.sort(ms);
        System.out.printf("GET %-55s median %6.1f ms  max %6.1f ms  %7d bytes%n", url.replaceFirst("^http://[^/]+/", "/"),
                ms.get(ms.size() / 2), ms.get(ms.size() - 1), bytes);
    }

    /** Reads {@code count} snapshots from the live socket: their interval, age on arrival and size. */
    private static void snapshots(HttpClient http, String root, Map<String, String> headers, int count) throws Exception {
        ConcurrentLinkedQueue<long[]> got = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(count);
        long opened = System.nanoTime();
        WebSocket.Builder builder = http.newWebSocketBuilder();
        headers.forEach(builder::header);
        StringBuilder partial = new StringBuilder();
        WebSocket socket = builder.buildAsync(URI.create(root.replaceFirst("^http", "ws") + "admin/live"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    Matcher at = AT.matcher(text);
                    Matcher c = CONNECTIONS.matcher(text);
                    if (at.find() && c.find()) {
                        got.add(new long[] {System.nanoTime(), System.currentTimeMillis() - Long.parseLong(at.group(1)),
                                text.length(), Long.parseLong(c.group(1))});
                        done.countDown();
                    }
                }
                webSocket.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        done.await(count * 3L, TimeUnit.SECONDS);
        socket.abort();
        List<long[]> list = new ArrayList<>(got);
        List<Long> intervals = new ArrayList<>();
        List<Long> ages = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            ages.add(list.get(i)[1]);
            if (i > 0) {
                intervals.add((list.get(i)[0] - list.get(i - 1)[0]) / 1_000_000);
            }
        }
        Collections.sort(intervals);
        Collections.sort(ages);
        System.out.printf("live: first snapshot %.0f ms after the handshake started; %d snapshots, interval median %d ms max %d ms;"
                        + " age on arrival median %d ms max %d ms; %d bytes each; connections %d%n",
                (list.get(0)[0] - opened) / 1e6, list.size(), intervals.get(intervals.size() / 2), intervals.get(intervals.size() - 1),
                ages.get(ages.size() / 2), ages.get(ages.size() - 1), list.get(0)[2], list.get(0)[3]);
    }

    /** The page in headless Chromium: each round a fresh load, timed by the page's own marks. */
    private static void browser(String root, int rounds) {
        try (Browser browser = Browser.open(1280, 1000)) {
            WebDriver driver = browser.driver();
            JavascriptExecutor js = (JavascriptExecutor) driver;
            driver.get(root + "webjars/uplot/1.6.30/LICENSE");
            Object status = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch(arguments[0], {method: 'POST', headers: {'Content-Type': 'application/json'},"
                    + " body: JSON.stringify({username: 'admin', password: 'demo'})}).then(r => done(r.status));", root + "api/login");
            if (!Long.valueOf(204).equals(status)) {
                throw new IllegalStateException("browser login answered " + status);
            }
            for (int r = 0; r < rounds; r++) {
                driver.get(root + "admin/");
                browser.waiting(Duration.ofSeconds(60)).until(d -> Boolean.TRUE.equals(js.executeScript(
                        "return performance.getEntriesByName('switchboard:first-snapshot').length > 0"
                                + " && performance.getEntriesByName('switchboard:tables-loaded').length > 0")));
                Object nav = js.executeScript("const n = performance.getEntriesByType('navigation')[0];"
                        + "return [n.responseEnd, n.domContentLoadedEventEnd,"
                        + " performance.getEntriesByName('switchboard:tables-loaded')[0].startTime,"
                        + " performance.getEntriesByName('switchboard:first-snapshot')[0].startTime];");
                System.out.println("browser load " + (r + 1) + " (ms from navigation start): page received, DOM ready,"
                        + " tables loaded, first snapshot drawn = " + nav);
            }
            // Let it run: redraws of the live numbers, one per snapshot.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            browser.waiting(Duration.ofSeconds(40)).until(d -> System.nanoTime() > until);
            Object draws = js.executeScript("const d = performance.getEntriesByName('switchboard:draw').map(e => e.duration)"
                    + ".sort((a, b) => a - b); return [d.length, d[Math.floor(d.length / 2)], d[d.length - 1]];");
            System.out.println("browser redraws over 20 s: [count, median ms, max ms] = " + draws);
        }
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
