package io.switchboard.client;

import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A password login ({@code POST /api/login} with the hub's Origin) and the cookies it sets: the
 * session cookies and {@code SBLOGIN}, all sent back on each handshake (a cluster may not find the
 * session without {@code JSESSIONIDVERSION}; {@code SBLOGIN} restores the login after a server
 * restart). Thread-safe.
 */
final class HttpLogin {

    /** The server refused the credentials: trying again unchanged fails again. */
    static final class RefusedException extends Exception {
        final int status;

        RefusedException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private static final JsonProvider JSON = JsonProvider.provider();

    private final URI base;
    private final String origin;
    private final String username;
    private final String password;
    private final Duration timeout;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ORIGINAL_SERVER);
    private final HttpClient http;

    HttpLogin(URI base, String origin, String username, String password, Duration timeout) {
        this(base, origin, username, password, timeout, null);
    }

    /** With {@code saved}, the login starts from its cookies and has no password to log in again. */
    HttpLogin(URI base, String origin, String username, String password, Duration timeout, SavedLogin saved) {
        this.base = base;
        this.origin = origin;
        this.username = username;
        this.password = password;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        if (saved != null) {
            saved.cookies().forEach((name, value) -> {
                HttpCookie cookie = new HttpCookie(name, value);
                cookie.setVersion(0);
                cookie.setPath("/");
                cookies.getCookieStore().add(base, cookie);
            });
        }
    }

    /** Whether {@link #login()} can run: false for a saved login, which has no password. */
    boolean canLogIn() {
        return password != null;
    }

    /** The cookies as they stand (a handshake may have replaced the session's), or null without any. */
    SavedLogin saved() {
        Map<String, String> current = new LinkedHashMap<>();
        cookies.getCookieStore().get(base).forEach(c -> current.put(c.getName(), c.getValue()));
        return current.isEmpty() ? null : new SavedLogin(username, current);
    }

    /**
     * Ends the login on the server ({@code POST /api/logout}); false when the server answered
     * something else than 204.
     */
    boolean logout() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("api/logout"))
                .timeout(timeout)
                .header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
    }

    boolean hasSession() {
        return !cookies.getCookieStore().get(base).isEmpty();
    }

    /**
     * Logs in; throws {@link RefusedException} for 401 (wrong credentials) and 403 (origin), and
     * {@link IOException} for what may pass (network, 429, 5xx).
     */
    void login() throws IOException, InterruptedException, RefusedException {
        if (password == null) {
            throw new IllegalStateException("a saved login has no password to log in again");
        }
        cookies.getCookieStore().removeAll();
        String body = JSON.createObjectBuilder().add("username", username).add("password", password).build().toString();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("api/login"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status == 204 || status == 200) {
            return;
        }
        String message = "login of " + username + " answered " + status + " " + response.body();
        if (status == 401 || status == 403 || status == 400) {
            throw new RefusedException(status, message);
        }
        throw new IOException(message);
    }

    /** The Cookie header for the handshake, empty when there is no login. */
    String cookieHeader() {
        return cookies.getCookieStore().get(base).stream()
                .map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
    }

    /** Keeps the cookies a handshake response set (a restored login gets a new session). */
    void handshakeResponse(Map<String, List<String>> headers) {
        headers.forEach((name, values) -> {
            if ("set-cookie".equalsIgnoreCase(name)) {
                for (String value : values) {
                    try {
                        for (HttpCookie cookie : HttpCookie.parse(value)) {
                            if (cookie.getPath() == null) {
                                cookie.setPath("/");
                            }
                            cookies.getCookieStore().add(base, cookie);
                        }
                    } catch (IllegalArgumentException ignored) {
                        // a cookie Java cannot parse is not one of the hub's
                    }
                }
            }
        });
    }
}
