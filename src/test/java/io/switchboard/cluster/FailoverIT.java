package io.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testing.Login;
import io.switchboard.testing.MicroCluster;
import io.switchboard.testing.MicroServer;
import io.switchboard.testing.Nginx;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The failover proof: three instances on loopback as one cluster on PostgreSQL, nginx in front;
 * 200 clients connected through nginx subscribe to a few of ten channels while publishers publish
 * continuously, each publish with an id of its own and resent after a reconnect until acked. One
 * run kills an instance (kill -9), the other restarts all three one by one (SIGTERM). Clients that
 * lose their connection reconnect through nginx with the same login and resubscribe with
 * {@code since}. Then every client must have received every acked message of its channels exactly
 * once and in seq order, every acked publish must be in history, and every client must have been
 * back within 10 s. Runs in the PostgreSQL pass only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIT {

    private static final int INSTANCES = 3;
    private static final int CLIENTS = 200;
    private static final int CHANNELS = 10;
    private static final int CHANNELS_PER_CLIENT = 3;
    private static final int PUBLISHERS = 4;
    private static final Duration PACE = Duration.ofMillis(80);
    private static final int WINDOW = 10;
    private static final int MAX_PER_PUBLISHER = 2500;
    private static final List<String> USERS = List.of("alice", "bob", "mod", "admin");
    private static final Duration BACK_WITHIN = Duration.ofSeconds(10);
    private static final Duration SETTLE = Duration.ofSeconds(90);

    private static MicroCluster cluster;
    private static Nginx nginx;
    private static ScheduledExecutorService scheduler;
    private static final List<Login.Credentials> logins = new ArrayList<>();
    private final List<ReconnectingClient> running = new ArrayList<>();

    @BeforeAll
    static void startClusterBehindNginx() throws Exception {
        assumeTrue("postgresql".equals(System.getProperty("switchboard.test.db")), "needs -Dswitchboard.test.db=postgresql");
        long start = System.nanoTime();
        cluster = MicroCluster.start("failover", INSTANCES, Map.of(
                        // every client comes from nginx's address
                        "switchboard.connections.max-per-address", "100000",
                        "switchboard.shutdown.drain-seconds", "5",
                        // keep every message of the test in history
                        "switchboard.channel-policies", "*:durable=true,max-messages=100000,max-age=24h,presence=true"),
                Path.of(System.getProperty("switchboard.war", "target/switchboard.war")));
        nginx = Nginx.start("failover", cluster.members().stream().map(MicroServer::port).toList());
        System.out.printf("failover: cluster of %d behind nginx on port %d ready in %.1f s%n", INSTANCES, nginx.port(),
                (System.nanoTime() - start) / 1e9);
        scheduler = Executors.newScheduledThreadPool(16);
        // one login per client, through nginx, so the sessions live on every instance
        for (int i = 0; i < CLIENTS + PUBLISHERS; i++) {
            logins.add(Login.fresh(nginx.wsUri(), USERS.get(i % USERS.size()), Login.DEMO_PASSWORD));
        }
    }

    @AfterAll
    static void stopEverything() {
        try {
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
        } finally {
            try {
                if (nginx != null) {
                    nginx.close();
                }
            } finally {
                if (cluster != null) {
                    cluster.close();
                }
            }
        }
    }

    @AfterEach
    void stopClients() {
        running.forEach(ReconnectingClient::stop);
        running.clear();
    }

    @Test
    @Order(1)
    void clientsOfAKilledInstanceReconnectAndMissNothing() throws Exception {
        Load load = startLoad("kill");
        load.awaitAcked(300);
        long killed = System.nanoTime();
        long closes = load.closes();
        cluster.member(1).kill();
        System.out.printf("failover kill: killed %s after %d acks%n", cluster.member(1).name(), load.ackedCount());
        load.awaitClosesAbove(closes);
        load.awaitEveryoneBack();
        System.out.printf("failover kill: everyone back %.1f s after the kill%n", (System.nanoTime() - killed) / 1e9);
        load.awaitAcked(load.ackedCount() + 300);
        load.finishAndCheck();
        assertThat(load.disconnectedClients()).as("clients of the killed instance").isPositive();
    }

    @Test
    @Order(2)
    void clientsOfInstancesRestartedOneByOneReconnectAndMissNothing() throws Exception {
        // the instance killed before comes back first
        for (int i = 0; i < INSTANCES; i++) {
            if (!cluster.member(i).isAlive()) {
                cluster.restart(i).awaitReady();
            }
        }
        cluster.awaitGridSize(INSTANCES);

        Load load = startLoad("rolling");
        load.awaitAcked(300);
        for (int i = 0; i < INSTANCES; i++) {
            MicroServer stopping = cluster.member(i);
            long stopped = System.nanoTime();
            long closes = load.closes();
            stopping.terminate();
            assertThat(stopping.awaitExit(Duration.ofSeconds(90))).as(stopping.name() + " exits after SIGTERM").isTrue();
            double exit = (System.nanoTime() - stopped) / 1e9;
            load.awaitClosesAbove(closes);
            for (MicroServer other : cluster.members()) {
                if (other != stopping) {
                    other.awaitGridSize(INSTANCES - 1, MicroCluster.FORMING);
                }
            }
            MicroServer again = cluster.restart(i).awaitReady();
            cluster.awaitGridSize(INSTANCES);
            load.awaitEveryoneBack();
            int acked = load.ackedCount();
            load.awaitAcked(acked + 100);
            System.out.printf("failover rolling: %s exited %.1f s after SIGTERM, %s back in the cluster after %.1f s%n",
                    stopping.name(), exit, again.name(), (System.nanoTime() - stopped) / 1e9);
        }
        load.finishAndCheck();
        assertThat(load.disconnectedClients()).as("clients moved by the restarts").isPositive();
        assertThat(load.closeCodes()).as("every close of a draining instance").containsOnlyKeys(1001);
    }

    private Load startLoad(String run) {
        String prefix = "fo-" + run + "-" + Long.toHexString(System.nanoTime());
        List<String> channels = IntStream.range(0, CHANNELS).mapToObj(i -> prefix + "." + i).toList();
        List<ResumingSubscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int first = i;
            List<String> mine = IntStream.range(0, CHANNELS_PER_CLIENT)
                    .mapToObj(k -> channels.get((first + k * 3) % CHANNELS)).toList();
            ResumingSubscriber s = new ResumingSubscriber("sub" + i, nginx.wsUri(), logins.get(i), mine, scheduler);
            subscribers.add(s);
            running.add(s);
            s.start();
        }
        await("every subscriber connected and subscribed").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> subscribers.stream().allMatch(ResumingSubscriber::isUp));
        List<RetryingPublisher> publishers = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            RetryingPublisher publisher = new RetryingPublisher(run + "-p" + p, nginx.wsUri(), logins.get(CLIENTS + p),
                    channels, PACE, WINDOW, MAX_PER_PUBLISHER, scheduler);
            publishers.add(publisher);
            running.add(publisher);
            publisher.start();
        }
        return new Load(run, channels, subscribers, publishers, System.nanoTime());
    }

    private record Load(String run, List<String> channels, List<ResumingSubscriber> subscribers,
                        List<RetryingPublisher> publishers, long started) {

        int ackedCount() {
            return publishers.stream().mapToInt(p -> p.acked().size()).sum();
        }

        void awaitAcked(int count) {
            await("at least " + count + " publishes acked").atMost(SETTLE).pollInterval(Duration.ofMillis(100))
                    .until(() -> ackedCount() >= count || publishers.stream().allMatch(p -> p.published() >= MAX_PER_PUBLISHER));
        }

        List<ReconnectingClient> everyone() {
            List<ReconnectingClient> all = new ArrayList<>(subscribers);
            all.addAll(publishers);
            return all;
        }

        void awaitEveryoneBack() {
            await("every client connected again").atMost(SETTLE).pollInterval(Duration.ofMillis(100))
                    .until(() -> subscribers.stream().allMatch(ResumingSubscriber::isUp)
                            && publishers.stream().noneMatch(ReconnectingClient::isDown));
        }

        /** Connections closed by the server side so far, every client together. */
        long closes() {
            return everyone().stream().mapToLong(c -> c.closeCodes().size()).sum();
        }

        void awaitClosesAbove(long closes) {
            await("connections closed").atMost(SETTLE).pollInterval(Duration.ofMillis(50))
                    .until(() -> closes() > closes);
        }

        long disconnectedClients() {
            return everyone().stream().filter(c -> !c.closeCodes().isEmpty()).count();
        }

        Map<Integer, Long> closeCodes() {
            return everyone().stream().flatMap(c -> c.closeCodes().stream())
                    .collect(Collectors.groupingBy(c -> c, TreeMap::new, Collectors.counting()));
        }

        void finishAndCheck() {
            publishers.forEach(RetryingPublisher::finish);
            await("every publish acked").atMost(SETTLE).pollInterval(Duration.ofMillis(100))
                    .until(() -> publishers.stream().allMatch(p -> p.unackedCount() == 0));
            double seconds = (System.nanoTime() - started) / 1e9;

            // what the acks say: channel -> seq -> id
            Map<String, TreeMap<Long, String>> acked = new HashMap<>();
            channels.forEach(c -> acked.put(c, new TreeMap<>()));
            for (RetryingPublisher p : publishers) {
                p.acked().forEach((id, a) -> {
                    String before = acked.get(a.channel()).put(a.seq(), id);
                    assertThat(before).as("%s seq %d acked to two publishes", a.channel(), a.seq()).isNull();
                });
            }
            for (String channel : channels) {
                assertThat(acked.get(channel).keySet()).as("the acked seqs of %s", channel)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, acked.get(channel).size()).boxed().toList());
            }

            // every subscriber ends at the last seq of each of its channels
            untilNoFailure("every subscriber received the last message of its channels", () -> {
                for (ResumingSubscriber s : subscribers) {
                    assertThat(s.isUp()).as(s.name + " up").isTrue();
                    for (String channel : s.channels()) {
                        assertThat(s.last(channel)).as("%s's last seq in %s", s.name, channel)
                                .isEqualTo(acked.get(channel).size());
                    }
                }
            });
            List<String> failures = everyone().stream().flatMap(c -> c.failures().stream()).toList();
            assertThat(failures).as("what clients saw go wrong").isEmpty();
            for (ResumingSubscriber s : subscribers) {
                for (String channel : s.channels()) {
                    List<ResumingSubscriber.Received> expected = acked.get(channel).entrySet().stream()
                            .map(e -> new ResumingSubscriber.Received(e.getKey(), e.getValue())).toList();
                    assertThat(s.received(channel)).as("what %s received in %s", s.name, channel)
                            .containsExactlyElementsOf(expected);
                }
            }
            Login.Credentials reader = logins.get(0);
            for (String channel : channels) {
                assertThat(history(channel, reader)).as("the history of %s", channel).isEqualTo(acked.get(channel));
            }

            // figures
            List<Long> outages = everyone().stream().flatMap(c -> c.outages().stream()).sorted().toList();
            long stillDown = everyone().stream().filter(ReconnectingClient::isDown).count();
            int published = publishers.stream().mapToInt(RetryingPublisher::published).sum();
            int ackedTotal = ackedCount();
            System.out.printf("failover %s figures: %d clients (%d subscribers to %d of %d channels, %d publishers),"
                            + " %d publishes sent, %d acked, %d resent (%d acked as duplicates), %d deliveries checked;"
                            + " %d clients disconnected, %d reconnects (close codes %s), %d handshakes refused;"
                            + " reconnect time median %.2f s, max %.2f s; %.1f s of load%n",
                    run, subscribers.size() + publishers.size(), subscribers.size(), CHANNELS_PER_CLIENT, CHANNELS,
                    publishers.size(), published, ackedTotal,
                    publishers.stream().mapToInt(RetryingPublisher::resent).sum(),
                    publishers.stream().mapToInt(RetryingPublisher::duplicates).sum(),
                    subscribers.stream().mapToLong(s -> s.channels().stream().mapToLong(c -> s.received(c).size()).sum()).sum(),
                    disconnectedClients(), outages.size(), closeCodes(),
                    everyone().stream().flatMap(c -> c.refusals().values().stream()).mapToInt(Integer::intValue).sum(),
                    outages.isEmpty() ? 0 : outages.get(outages.size() / 2) / 1e9,
                    outages.isEmpty() ? 0 : outages.get(outages.size() - 1) / 1e9, seconds);
            Map<String, Integer> refusals = new TreeMap<>();
            everyone().forEach(c -> c.refusals().forEach((reason, n) -> refusals.merge(reason, n, Integer::sum)));
            if (!refusals.isEmpty()) {
                System.out.printf("failover %s handshakes refused: %s%n", run, refusals);
            }
            assertThat(ackedTotal).isEqualTo(published);
            assertThat(stillDown).isZero();
            assertThat(outages).as("reconnect times (ns)").allSatisfy(t -> assertThat(t).isLessThan(BACK_WITHIN.toNanos()));
        }
    }

    private static void untilNoFailure(String what, ThrowingRunnable check) {
        await(what).atMost(SETTLE).pollInterval(Duration.ofMillis(200)).untilAsserted(check);
    }

    /** The channel's whole history over HTTP through nginx, seq -> data, paged back from the newest. */
    private static TreeMap<Long, String> history(String channel, Login.Credentials as) {
        TreeMap<Long, String> all = new TreeMap<>();
        Long before = null;
        while (true) {
            HttpResponse<String> response = Login.get(nginx.wsUri(),
                    "/api/channels/" + channel + "/messages?limit=100" + (before == null ? "" : "&before=" + before), as);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            List<JsonObject> page = Json.createReader(new StringReader(response.body())).readObject()
                    .getJsonArray("messages").getValuesAs(JsonObject.class);
            if (page.isEmpty()) {
                return all;
            }
            for (JsonObject m : page) {
                all.put(m.getJsonNumber("seq").longValue(), m.getString("data"));
            }
            before = page.get(0).getJsonNumber("seq").longValue();
            if (before <= 1) {
                return all;
            }
        }
    }
}
