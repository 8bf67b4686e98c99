package io.switchboard.cluster;

import io.switchboard.testing.MicroServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls {@link ClusterProbe} on one instance. */
final class ProbeClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ProbeClient() {
    }

    static JsonObject members(MicroServer server) {
        return call(server, "GET", "cluster-probe/members");
    }

    static JsonObject fire(MicroServer server, String run, int count, long gapMicros) {
        return call(server, "POST", "cluster-probe/fire?run=" + run + "&count=" + count + "&gapMicros=" + gapMicros);
    }

    static JsonObject received(MicroServer server, String run) {
        return call(server, "GET", "cluster-probe/received?run=" + run);
    }

    private static JsonObject call(MicroServer server, String method, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.httpUri() + path))
                .timeout(Duration.ofSeconds(60)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(method + " " + path + " on " + server.name() + " answered "
                        + response.statusCode() + " " + response.body());
            }
            return Json.createReader(new StringReader(response.body())).readObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
