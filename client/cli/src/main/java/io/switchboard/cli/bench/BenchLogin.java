package io.switchboard.cli.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs the generator in before it connects: the hub refuses handshakes without a login session (or
 * an API key) and an allowed Origin. Every generated connection to a server shares the one session;
 * each server (host and port) gets its own login, since each allows only its own Origin.
 */
final class BenchLogin {

    private static final Map<String, Map<String, String>> HEADERS = new ConcurrentHashMap<>();

    private BenchLogin() {
    }

    static void login(URI ws, String user, String password) throws Exception {
        String origin = "http://" + ws.getHost() + ":" + ws.getPort();
        String path = ws.getRawPath().replaceFirst("/ws$", "");
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(HttpRequest.newBuilder(URI.create(origin + path + "/api/login"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Origin", origin)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":" + JsonWriter.quote(user) + ",\"password\":" + JsonWriter.quote(password) + "}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("login as " + user + " answered " + response.statusCode() + " " + response.body());
        }
        String cookie = String.join("; ", response.headers().allValues("Set-Cookie").stream()
                .map(c -> c.split(";", 2)[0]).toList());
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Cookie", cookie);
        h.put("Origin", origin);
        HEADERS.put(ws.getAuthority(), Map.copyOf(h));
    }

    /** Headers every handshake to {@code ws}'s server carries: the session cookie and the server's own Origin. */
    static Map<String, String> headers(URI ws) {
        return HEADERS.getOrDefault(ws.getAuthority(), Map.of());
    }
}
