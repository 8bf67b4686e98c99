package io.switchboard.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testing.Login;
import io.switchboard.testing.MicroServer;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;

/**
 * The hub's figures as an operator's JMX client sees them: a server started with the JDK's JMX
 * agent on 127.0.0.1, read remotely, agreeing with {@code /metrics}. The per-user rate limit is
 * set low here, so it also counts frames dropped by it.
 */
class HubJmxIT {

    private static final Duration SETTLE = Duration.ofSeconds(20);

    @Test
    void hubMXBeanShowsTheSameFiguresAsMetrics() throws Exception {
        int jmxPort = freePort();
        try (MicroServer server = MicroServer.start("jmx", Map.of(
                "switchboard.rate.messages-per-second", "5",
                "switchboard.rate.burst", "10",
                "switchboard.rate.close-after-seconds", "60",
                "com.sun.management.jmxremote.port", String.valueOf(jmxPort),
                "com.sun.management.jmxremote.rmi.port", String.valueOf(jmxPort),
                "com.sun.management.jmxremote.host", "127.0.0.1",
                "java.rmi.server.hostname", "127.0.0.1",
                "com.sun.management.jmxremote.authenticate", "false",
                "com.sun.management.jmxremote.ssl", "false"))) {
            // (Taking the MXBean off at undeploy is HubJmxTest's: Micro's log is closed by the time
            // the application stops, and the JVM ends right after.)
            readFiguresOverJmx(server, jmxPort);
        }
    }

    private static void readFiguresOverJmx(MicroServer server, int jmxPort) throws Exception {
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"))) {
            MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
            ObjectName hub = new ObjectName("io.switchboard:type=Hub");
            assertThat(mbeans.isRegistered(hub)).isTrue();
            long receivedBefore = (Long) mbeans.getAttribute(hub, "MessagesReceived");

            int burst = 30;
            List<JsonObject> answers = new ArrayList<>();
            URI ws = server.wsUri();
            try (WsClient c = WsClient.connect(ws, Login.shared(ws, "alice"))) {
                await().atMost(SETTLE).until(() -> (Integer) mbeans.getAttribute(hub, "Connections") == 1);
                for (int i = 0; i < burst; i++) {
                    c.send("{\"type\":\"ping\",\"id\":\"b" + i + "\"}");
                }
                answers.addAll(c.drain(Duration.ofSeconds(1)));
            }
            assertIdleTimersOnTheirOwnScheduler(mbeans);
            long pongs = answers.stream().filter(f -> "pong".equals(f.getString("type", ""))).count();
            assertThat(pongs).as(answers.toString()).isBetween(10L, burst - 1L);

            await().atMost(SETTLE).until(() -> (Integer) mbeans.getAttribute(hub, "Connections") == 0);
            assertThat((Long) mbeans.getAttribute(hub, "MessagesReceived") - receivedBefore).isEqualTo(burst);
            assertThat((Long) mbeans.getAttribute(hub, "RateLimitedFrames")).isEqualTo(burst - pongs);
            assertThat(tabular(mbeans.getAttribute(hub, "ErrorsByCode"))).containsEntry("rate_limited", 1L);
            assertThat(tabular(mbeans.getAttribute(hub, "ClosesByCode"))).containsEntry("1000", 1L);

            PrometheusText metrics = scrape(server.httpUri().resolve("/metrics"));
            assertThat(metrics.count("switchboard_rate_limited_frames_total"))
                    .isEqualTo(((Long) mbeans.getAttribute(hub, "RateLimitedFrames")).doubleValue());
            assertThat(metrics.count("switchboard_messages_received_total"))
                    .isEqualTo(((Long) mbeans.getAttribute(hub, "MessagesReceived")).doubleValue());
            assertThat(metrics.count("switchboard_messages_sent_total"))
                    .isEqualTo(((Long) mbeans.getAttribute(hub, "MessagesSent")).doubleValue());
        }
    }

    /** An MXBean's {@code Map<String, Long>} as a JMX client receives it: rows of key and value. */
    private static Map<String, Long> tabular(Object attribute) {
        Map<String, Long> map = new java.util.TreeMap<>();
        for (Object row : ((TabularData) attribute).values()) {
            CompositeData entry = (CompositeData) row;
            map.put((String) entry.get("key"), (Long) entry.get("value"));
        }
        return map;
    }

    private static PrometheusText scrape(URI metrics) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics)
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return PrometheusText.parse(response.body());
    }

    /**
     * The frames above re-armed the container's idle timers: they ran on the scheduler the
     * pre-boot file installs, and the stock managed scheduled executor never started a thread.
     */
    private static void assertIdleTimersOnTheirOwnScheduler(MBeanServerConnection mbeans) throws Exception {
        ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(mbeans, ManagementFactory.THREAD_MXBEAN_NAME,
                ThreadMXBean.class);
        List<String> names = Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(Objects::nonNull).map(ThreadInfo::getThreadName).toList();
        assertThat(names).anyMatch(n -> n.startsWith("switchboard-idle-timers-"))
                .noneMatch(n -> n.startsWith("concurrent/__defaultManagedScheduledExecutorService"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
