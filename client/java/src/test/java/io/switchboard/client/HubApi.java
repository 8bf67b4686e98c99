package io.switchboard.client;

import java.io.IOException;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The hub's HTTP API as one logged-in user, for what tests set up or do as an admin or moderator. */
public final class HubApi {

    private final HubProcess hub;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .cookieHandler(new CookieManager()).build();

    private HubApi(HubProcess hub) {
        this.hub = hub;
    }

    public static HubApi loggedIn(HubProcess hub, String user, String password) {
        HubApi api = new HubApi(hub);
        HttpResponse<String> r = api.post("api/login", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
        if (r.statusCode() != 204) {
            throw new IllegalStateException("login of " + user + " answered " + r.statusCode() + " " + r.body());
        }
        return api;
    }

    /** POSTs JSON with the hub's own Origin, as its pages do. */
    public HttpResponse<String> post(String path, String json) {
        return send("POST", path, json);
    }

    /** PUTs JSON with the hub's own Origin. */
    public HttpResponse<String> put(String path, String json) {
        return send("PUT", path, json);
    }

    private HttpResponse<String> send(String method, String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(hub.base().resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Origin", hub.origin())
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
