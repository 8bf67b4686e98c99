package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.MicroCluster;
import io.switchboard.testing.MicroServer;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How one instance starts, clustered or not, whatever the database of the test pass. */
class ClusterStartupIT {

    @Test
    void clusteredOnTheEmbeddedDatabaseTheInstanceRefusesToStartAndSaysWhatToSet() throws Exception {
        Path dir = Path.of("target", "it-data", "clustered-embedded-" + System.nanoTime()).toAbsolutePath();
        Map<String, String> embedded = Map.of(
                "switchboard.datasource.class", "org.h2.jdbcx.JdbcDataSource",
                "switchboard.datasource.url", "jdbc:h2:file:" + dir + "/switchboard;MODE=LEGACY");
        MicroCluster.Layout layout = MicroCluster.Layout.fresh("clustered-embedded", 1);
        try (MicroServer server = MicroServer.launch(layout.memberName(0)).settings(embedded)
                .clustered(layout, 0).start()) {
            assertThat(server.awaitLog("Refusing to start", Duration.ofSeconds(120))).as("see " + server.logFile()).isTrue();
            // Payara Micro has no option to exit when its deployment fails: it finishes booting
            // without the application and says so on its readiness check.
            assertThat(server.awaitLog(MicroServer.READY, Duration.ofSeconds(60))).isTrue();
            HttpResponse<String> ready = get(server, "health/ready");
            System.out.println("readiness of the refused instance: " + ready.statusCode() + " " + ready.body());
            assertThat(ready.statusCode()).as(ready.body()).isNotEqualTo(200);
            HttpResponse<String> me = get(server, "api/me");
            System.out.println("GET /api/me on the refused instance: " + me.statusCode());
            assertThat(me.statusCode()).as("no application answers (401 would be the hub)").isGreaterThanOrEqualTo(404);
            assertThat(server.log()).contains("switchboard.datasource.class=org.postgresql.ds.PGSimpleDataSource",
                    "switchboard.datasource.url=jdbc:postgresql://", "switchboard.datasource.user",
                    "switchboard.datasource.password");
            assertThat(server.log()).doesNotContain("database schema at version");
        }
    }

    private static HttpResponse<String> get(MicroServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.httpUri().resolve(path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void startedWithNoclusterTheInstanceSaysItIsNotClustered() throws Exception {
        try (MicroServer server = MicroServer.launch("not-clustered").war(ProbeWar.build()).start().awaitReady()) {
            JsonObject view = ProbeClient.members(server);
            assertThat(view.getBoolean("clustered")).isFalse();
            assertThat(view.containsKey("self")).isFalse();
            assertThat(view.getJsonArray("members")).isEmpty();
        }
    }
}
