package io.switchboard.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs test users in over {@code POST /api/login} the way a browser page would (with its Origin)
 * and hands out the headers a WebSocket handshake then needs.
 */
public final class Login {

    /** The password of every demo user. */
    public static final String DEMO_PASSWORD = "demo";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
    private static final Map<String, Credentials> CACHE = new ConcurrentHashMap<>();

    private Login() {
    }

    /** What a client presents at the handshake: the session cookie and its page's Origin. */
    public record Credentials(String cookie, String origin) {

        public Map<String, String> headers() {
            return cookie == null ? Map.of("Origin", origin) : Map.of("Cookie", cookie, "Origin", origin);
        }
    }

    /** A login of {@code user} shared by every caller for this deployment (do not log it out). */
    public static Credentials shared(URI anyUri, String user) {
        // keyed by deployment: each test class deploys anew on the same port, and an older
        // deployment's session cookie means nothing to the next one
        return CACHE.computeIfAbsent(origin(anyUri) + contextPath(anyUri) + "|" + user, k -> fresh(anyUri, user, DEMO_PASSWORD));
    }

    /** Drops every shared login; called when a new deployment is made. */
    public static void forgetShared() {
        CACHE.clear();
    }

    /** A new login session of its own. */
    public static Credentials fresh(URI anyUri, String user, String password) {
        HttpResponse<String> response = post(anyUri, "/api/login",
                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}", null);
        if (response.statusCode() != 204) {
            throw new IllegalStateException("login of " + user + " answered " + response.statusCode() + " " + response.body());
        }
        String cookie = response.headers().allValues("Set-Cookie").stream()
                .map(c -> c.split(";", 2)[0])
                .reduce((a, b) -> a + "; " + b)
                .orElseThrow(() -> new IllegalStateException("login set no cookie"));
        return new Credentials(cookie, origin(anyUri));
    }

    /** Headers for a client that has not logged in: only the Origin of a same-site page. */
    public static Credentials anonymous(URI anyUri) {
        return new Credentials(null, origin(anyUri));
    }

    /** POSTs {@code body} to {@code path} on the server of {@code anyUri}, as the page of that server. */
    public static HttpResponse<String> post(URI anyUri, String path, String body, Credentials as) {
        return send(anyUri, path, as, HttpRequest.BodyPublishers.ofString(body), "POST");
    }

    public static HttpResponse<String> send(URI anyUri, String path, Credentials as,
                                            HttpRequest.BodyPublisher body, String method) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin(anyUri) + contextPath(anyUri) + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Origin", origin(anyUri))
                .method(method, body);
        if (as != null && as.cookie() != null) {
            request.header("Cookie", as.cookie());
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static HttpResponse<String> get(URI anyUri, String path, Credentials as) {
        return send(anyUri, path, as, HttpRequest.BodyPublishers.noBody(), "GET");
    }

    /** {@code http://host:port} of the server. */
    public static String origin(URI anyUri) {
        return "http://" + anyUri.getHost() + ":" + anyUri.getPort();
    }

    /** The context path, derived from a {@code .../ws} URI or an HTTP base URL. */
    private static String contextPath(URI anyUri) {
        String path = anyUri.getRawPath() == null ? "" : anyUri.getRawPath();
        if (path.endsWith("/ws")) {
            path = path.substring(0, path.length() - 3);
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
