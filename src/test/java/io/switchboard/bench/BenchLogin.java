package io.switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logs the generator in before it connects: the hub refuses handshakes without a login session (or
 * an API key) and an allowed Origin. Every generated connection shares the one session.
 */
final class BenchLogin {

    /** Headers every handshake carries: the session cookie and the server's own Origin. */
    static volatile Map<String, String> headers = Map.of();

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
                                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("login as " + user + " answered " + response.statusCode() + " " + response.body());
        }
        String cookie = String.join("; ", response.headers().allValues("Set-Cookie").stream()
                .map(c -> c.split(";", 2)[0]).toList());
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Cookie", cookie);
        h.put("Origin", origin);
        headers = Map.copyOf(h);
    }
}
