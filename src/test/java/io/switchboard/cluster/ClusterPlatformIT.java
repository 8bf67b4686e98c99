package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testing.Login;
import io.switchboard.testing.MicroCluster;
import io.switchboard.testing.MicroServer;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What the cluster is built on, proven on three Payara Micro instances forming one data grid over
 * loopback, on one PostgreSQL database: membership as the product reads it, a login valid on every
 * instance, clustered CDI events (with their latency and order printed), and how an instance
 * stopped with SIGTERM or killed leaves the others' view. Runs in the PostgreSQL pass only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterPlatformIT {

    private static final int EVENTS = 200;

    private static MicroCluster cluster;
    private static MicroServer a;
    private static MicroServer b;
    private static MicroServer c;
    private static Path notes;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        assumeTrue("postgresql".equals(System.getProperty("switchboard.test.db")), "needs -Dswitchboard.test.db=postgresql");
        notes = Path.of("target", "cluster-platform-notes-" + System.nanoTime() + ".txt").toAbsolutePath();
        long start = System.nanoTime();
        cluster = MicroCluster.start("cluster-platform", 3, Map.of("cluster-probe.notes", notes.toString()), ProbeWar.build());
        System.out.printf("cluster of 3 ready and formed in %.1f s%n", (System.nanoTime() - start) / 1e9);
        a = cluster.member(0);
        b = cluster.member(1);
        c = cluster.member(2);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void everyInstanceSeesEveryMemberByNameAndItself() {
        JsonObject onA = ProbeClient.members(a);
        JsonObject onB = ProbeClient.members(b);
        System.out.println("membership on a: " + onA);
        for (JsonObject view : List.of(onA, onB, ProbeClient.members(c))) {
            assertThat(view.getBoolean("clustered")).isTrue();
            assertThat(names(view)).containsExactlyInAnyOrder(a.name(), b.name(), c.name());
        }
        assertThat(onA.getJsonObject("self").getString("name")).isEqualTo(a.name());
        assertThat(onB.getJsonObject("self").getString("name")).isEqualTo(b.name());
        assertThat(onA.getJsonObject("self").getString("id")).isNotEqualTo(onB.getJsonObject("self").getString("id"));
    }

    @Test
    @Order(2)
    void aLoginOnOneInstanceIsValidOnTheOtherOverHttpAndWebSocket() {
        Login.Credentials onA = Login.fresh(a.wsUri(), "alice", Login.DEMO_PASSWORD);
        assertThat(onA.cookie()).as("cookies set by the login").contains("JSESSIONID=", "JSESSIONIDVERSION=");
        Login.Credentials onB = new Login.Credentials(onA.cookie(), Login.origin(b.wsUri()));

        HttpResponse<String> me = Login.get(b.wsUri(), "/api/me", onB);
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(me.body()).contains("\"username\":\"alice\"");

        try (WsClient client = WsClient.connect(b.wsUri(), onB)) {
            client.send("{\"type\":\"ping\",\"id\":\"x\"}");
            assertThat(client.expect("pong").getString("id")).isEqualTo("x");
        }
    }

    /**
     * The other instance serves its own copy of the replicated session, which the logout does not
     * reach; the end of the login crosses on the cluster bus, within the latency of an event.
     */
    @Test
    @Order(3)
    void aLogoutOnOneInstanceEndsTheLoginOnTheOther() {
        Login.Credentials onA = Login.fresh(a.wsUri(), "bob", Login.DEMO_PASSWORD);
        Login.Credentials onB = new Login.Credentials(onA.cookie(), Login.origin(b.wsUri()));
        assertThat(Login.get(b.wsUri(), "/api/me", onB).statusCode()).isEqualTo(200);

        assertThat(Login.post(a.wsUri(), "/api/logout", "", onA).statusCode()).isEqualTo(204);

        assertThat(Login.get(a.wsUri(), "/api/me", onA).statusCode()).isEqualTo(401);
        long loggedOut = System.nanoTime();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> Login.get(b.wsUri(), "/api/me", onB).statusCode() == 401);
        System.out.printf("logout on %s: refused on %s after %.0f ms%n", a.name(), b.name(),
                (System.nanoTime() - loggedOut) / 1e6);
    }

    @Test
    @Order(4)
    void clusteredEventsFiredOnOneInstanceReachEveryOtherOnceEach() {
        // paced: the latency of one event; burst: what many at once do to latency and order
        for (long gapMicros : new long[] {5_000, 0}) {
            String run = "gap" + gapMicros + "-" + System.nanoTime();
            JsonObject fired = ProbeClient.fire(a, run, EVENTS, gapMicros);
            List<JsonObject> seen = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> events(ProbeClient.received(b, run)), s -> s.size() >= EVENTS);

            assertThat(seen).extracting(e -> e.getInt("seq")).containsExactlyInAnyOrderElementsOf(
                    IntStream.rangeClosed(1, EVENTS).boxed().toList());
            assertThat(seen).allSatisfy(e -> assertThat(e.getString("sender")).isEqualTo(a.name()));
            assertThat(await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> events(ProbeClient.received(c, run)), s -> s.size() >= EVENTS)).hasSize(EVENTS);
            assertThat(events(ProbeClient.received(a, run))).as("the sender does not observe its own events").isEmpty();
            System.out.println(report(run, gapMicros, fired, seen));
        }
    }

    @Test
    @Order(5)
    void anInstanceStoppedWithSigtermLeavesAtOnceAndWhatItSendsWhileStoppingStillArrives() throws Exception {
        long stopped = System.nanoTime();
        c.terminate();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> names(ProbeClient.members(a)), n -> !n.contains(c.name()));
        System.out.printf("after SIGTERM to %s, %s saw it gone in %.2f s%n", c.name(), a.name(),
                (System.nanoTime() - stopped) / 1e9);
        assertThat(c.awaitExit(Duration.ofSeconds(60))).isTrue();
        // the probe fires "goodbye" when the container destroys it, as the hub drains its connections
        assertThat(Files.readString(notes)).contains("goodbye fired by " + c.name());
        for (MicroServer survivor : List.of(a, b)) {
            assertThat(events(ProbeClient.received(survivor, "goodbye")))
                    .extracting(e -> e.getString("sender")).containsExactly(c.name());
        }
        assertThat(names(ProbeClient.members(b))).containsExactlyInAnyOrder(a.name(), b.name());
    }

    @Test
    @Order(6)
    void aKilledInstanceLeavesTheOthersViewWithinSeconds() throws Exception {
        long killed = System.nanoTime();
        b.kill();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> names(ProbeClient.members(a)), n -> n.equals(List.of(a.name())));
        System.out.printf("after kill -9 of %s, %s saw it gone in %.2f s%n", b.name(), a.name(),
                (System.nanoTime() - killed) / 1e9);
        // the survivor goes on serving
        assertThat(Login.get(a.wsUri(), "/api/me", Login.fresh(a.wsUri(), "alice", Login.DEMO_PASSWORD)).statusCode())
                .isEqualTo(200);
    }

    private static List<String> names(JsonObject view) {
        return view.getJsonArray("members").getValuesAs(JsonObject.class).stream()
                .map(m -> m.getString("name")).toList();
    }

    private static List<JsonObject> events(JsonObject received) {
        return received.getJsonArray("events").getValuesAs(JsonObject.class);
    }

    /** Latency percentiles, how many events were observed before an event sent earlier, and the threads. */
    private static String report(String run, long gapMicros, JsonObject fired, List<JsonObject> seen) {
        long[] latency = seen.stream().mapToLong(e -> e.getJsonNumber("latencyMicros").longValue()).sorted().toArray();
        List<Integer> seqsInArrivalOrder = seen.stream().sorted(Comparator.comparingInt(e -> e.getInt("arrival")))
                .map(e -> e.getInt("seq")).toList();
        int overtaken = 0;
        int highest = 0;
        for (int seq : seqsInArrivalOrder) {
            if (seq < highest) {
                overtaken++;
            }
            highest = Math.max(highest, seq);
        }
        Set<String> threads = seen.stream().map(e -> e.getString("thread")).collect(Collectors.toCollection(TreeSet::new));
        return String.format("clustered CDI events %s: %d fired %d us apart in %.1f ms; latency ms p50 %.2f p90 %.2f"
                        + " p99 %.2f max %.2f; observed after a later one: %d of %d; %d observer threads %s",
                run, fired.getInt("fired"), gapMicros, fired.getJsonNumber("micros").longValue() / 1e3,
                pct(latency, 50), pct(latency, 90), pct(latency, 99), latency[latency.length - 1] / 1e3,
                overtaken, seen.size(), threads.size(), threads);
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e3;
    }
}
