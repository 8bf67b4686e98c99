package io.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.client.HubApi;
import io.switchboard.client.HubProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user commands against a real server, run in this JVM as a shell would run them: arguments,
 * stdin, stdout, stderr and the exit status. One Payara Micro for the class; the tests build on
 * each other's login and messages, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static HubProcess hub;

    @TempDir
    static Path home;

    @BeforeAll
    static void startServer() throws Exception {
        hub = HubProcess.start("cli-it");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (hub != null) {
            hub.close();
        }
    }

    private static CliRun cli() {
        return new CliRun(home);
    }

    /** A run on its own thread, for commands that go on until something happens. */
    private static CompletableFuture<CliRun> background(CliRun run, String... args) {
        return CompletableFuture.supplyAsync(() -> run.run(args));
    }

    private static JsonObject json(String line) {
        return Json.createReader(new StringReader(line)).readObject();
    }

    private static Path sessionOf(String user) {
        return home.resolve(user + "/session");
    }

    private static void login(String user) {
        CliRun login = cli().stdin("demo\n").run("login", "--user", user, "--password-stdin", "--url", hub.base().toString(),
                "--session-file", sessionOf(user).toString());
        assertThat(login.status()).as(login.toString()).isZero();
    }

    @Test
    @Order(1)
    void loginWritesAnOwnerOnlySessionFileThatLaterCommandsUse() throws IOException {
        CliRun wrong = cli().stdin("nope\n").run("login", "--user", "alice", "--password-stdin", "--url", hub.base().toString());
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(wrong.err()).startsWith("switchboard: the login was refused");
        assertThat(home.resolve(".config/switchboard/session")).doesNotExist();

        CliRun login = cli().stdin("demo\n").run("login", "--user", "alice", "--password-stdin", "--url", hub.base().toString());
        assertThat(login.status()).as(login.toString()).isZero();
        Path session = home.resolve(".config/switchboard/session");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(session))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(session.getParent()))).isEqualTo("rwx------");
        JsonObject saved = json(Files.readString(session));
        assertThat(saved.getString("user")).isEqualTo("alice");
        assertThat(saved.getJsonObject("cookies").keySet()).contains("JSESSIONID", "SBLOGIN");
        assertThat(login.err()).doesNotContain(saved.getJsonObject("cookies").getString("SBLOGIN"));

        // no --url: the saved login's
        CliRun history = cli().run("history", "it.cli.empty");
        assertThat(history.status()).as(history.toString()).isZero();
        assertThat(history.out()).isEmpty();
    }

    @Test
    @Order(2)
    void threeLinesOfStdinAreThreeAcksAndListenGetsThemInOrder() throws Exception {
        CliRun listener = cli();
        CompletableFuture<CliRun> listening = background(listener, "listen", "it.cli.orders", "--count", "3", "--timeout", "90s");
        await().atMost(WAIT).until(() -> listener.out().contains("\"type\":\"subscribed\""));

        CliRun publish = cli().stdin("{\"n\":1}\n\"two\"\r\n\n3\n").run("publish", "it.cli.orders");
        assertThat(publish.status()).as(publish.toString()).isZero();
        List<JsonObject> acks = publish.lines().stream().map(CliIT::json).toList();
        assertThat(acks).extracting(a -> a.getString("type")).containsOnly("ack");
        assertThat(acks).extracting(a -> a.getJsonNumber("seq").longValue()).containsExactly(1L, 2L, 3L);

        CliRun listened = listening.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(listened.status()).as(listened.toString()).isZero();
        List<JsonObject> events = listened.lines().stream().map(CliIT::json).toList();
        assertThat(events.get(0).getString("type")).isEqualTo("subscribed");
        assertThat(events.get(0).getString("epoch")).isNotEmpty();
        List<JsonObject> messages = events.stream().filter(e -> e.getString("type").equals("message")).toList();
        assertThat(messages).extracting(m -> m.getJsonNumber("seq").longValue()).containsExactly(1L, 2L, 3L);
        assertThat(messages).extracting(m -> m.get("data").toString()).containsExactly("{\"n\":1}", "\"two\"", "3");
        assertThat(messages).extracting(m -> m.getString("from")).containsOnly("alice");
    }

    @Test
    @Order(3)
    void historyPrintsTheStoredMessagesAndListenSinceResumesAfterOne() throws Exception {
        CliRun history = cli().run("history", "it.cli.orders");
        assertThat(history.status()).as(history.toString()).isZero();
        List<JsonObject> entries = history.lines().stream().map(CliIT::json).toList();
        assertThat(entries).extracting(e -> e.getJsonNumber("seq").longValue()).containsExactly(1L, 2L, 3L);
        assertThat(entries.get(1).getString("data")).isEqualTo("two");
        assertThat(cli().run("history", "it.cli.orders", "--before", "3", "--limit", "1").lines())
                .singleElement().satisfies(line -> assertThat(json(line).getInt("seq")).isEqualTo(2));

        String epoch = json(cli().run("listen", "it.cli.orders", "--timeout", "2s").lines().get(0)).getString("epoch");
        CliRun resumed = cli().run("listen", "it.cli.orders", "--since", "1:" + epoch, "--count", "2", "--timeout", "60s");
        assertThat(resumed.status()).as(resumed.toString()).isZero();
        assertThat(resumed.lines().stream().map(CliIT::json).filter(e -> e.getString("type").equals("message")))
                .extracting(m -> m.getJsonNumber("seq").longValue()).containsExactly(2L, 3L);
    }

    @Test
    @Order(4)
    void aLineThatIsNotJsonAndARefusedPublishExitWith6AndSayWhy() {
        CliRun mixed = cli().stdin("{\"n\":4}\nnot json\n").run("publish", "it.cli.orders");
        assertThat(mixed.status()).as(mixed.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(mixed.err()).contains("switchboard: line 2 is not JSON").contains("not sent");
        assertThat(mixed.lines()).singleElement().satisfies(a -> assertThat(json(a).getInt("seq")).isEqualTo(4));

        CliRun text = cli().stdin("not json\n").run("publish", "it.cli.orders", "--text");
        assertThat(text.status()).as(text.toString()).isZero();

        CliRun forbidden = cli().run("publish", "announce.news", "\"hi\"");
        assertThat(forbidden.status()).as(forbidden.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(forbidden.err()).startsWith("switchboard: DATA: publish refused: forbidden");
        assertThat(forbidden.out()).isEmpty();

        CliRun badData = cli().run("publish", "it.cli.orders", "hello");
        assertThat(badData.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(badData.err()).startsWith("switchboard: DATA is not JSON");
    }

    @Test
    @Order(5)
    void listenEndsWith5WhenItsUserIsKicked() throws Exception {
        login("bob");
        CliRun listener = cli();
        CompletableFuture<CliRun> listening = background(listener, "listen", "it.cli.kick",
                "--session-file", sessionOf("bob").toString());
        await().atMost(WAIT).until(() -> listener.out().contains("\"type\":\"subscribed\""));

        HttpResponse<String> kicked = HubApi.loggedIn(hub, "mod", "demo").post("api/admin/users/bob/kick", "");
        assertThat(kicked.statusCode()).as(kicked.body()).isEqualTo(200);

        CliRun ended = listening.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(ended.status()).as(ended.toString()).isEqualTo(ExitCodes.CLOSED);
        assertThat(ended.err()).contains("switchboard: the hub closed the connection for good: 4003");
    }

    @Test
    @Order(6)
    void tailSendsWhatIsTypedAndPrintsEveryFrame() throws Exception {
        PipedOutputStream typing = new PipedOutputStream();
        CliRun tail = cli().stdin(new PipedInputStream(typing, 65536));
        CompletableFuture<CliRun> running = background(tail, "tail", "--wait", "0s");
        typing.write("{\"type\":\"ping\",\"id\":\"p1\"}\n".getBytes(StandardCharsets.UTF_8));
        typing.flush();
        await().atMost(WAIT).until(() -> tail.out().contains("\"type\":\"pong\""));
        typing.write("ping\n[1]\n{\"type\":\"echo\",\"data\":[1,\"é\"],\"id\":\"e1\"}\n".getBytes(StandardCharsets.UTF_8));
        typing.flush();
        await().atMost(WAIT).until(() -> tail.out().contains("\"type\":\"echo\""));
        typing.close();

        CliRun ended = running.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(ended.status()).as(ended.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(ended.lines()).extracting(line -> json(line).getString("type")).containsExactly("pong", "echo");
        assertThat(json(ended.lines().get(0)).getString("id")).isEqualTo("p1");
        assertThat(json(ended.lines().get(1)).getJsonArray("data").getString(1)).isEqualTo("é");
        assertThat(ended.err()).contains("switchboard: line 2 is not JSON", "switchboard: line 3 is not a JSON object");
    }

    @Test
    @Order(7)
    void logoutEndsTheLoginOnTheServerAndDeletesTheFile() throws IOException {
        Path session = home.resolve(".config/switchboard/session");
        Path copy = home.resolve("copy-of-session");
        Files.copy(session, copy);

        CliRun logout = cli().run("logout");
        assertThat(logout.status()).as(logout.toString()).isZero();
        assertThat(session).doesNotExist();

        CliRun notLoggedIn = cli().run("history", "it.cli.orders");
        assertThat(notLoggedIn.status()).isEqualTo(ExitCodes.FAILED);
        assertThat(notLoggedIn.err()).startsWith("switchboard: not logged in");

        CliRun stale = cli().run("history", "it.cli.orders", "--session-file", copy.toString());
        assertThat(stale.status()).as(stale.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(stale.err()).contains("run switchboard login again");
    }
}
