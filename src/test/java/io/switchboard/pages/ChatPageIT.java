package io.switchboard.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testing.Browser;
import io.switchboard.testing.Login;
import io.switchboard.testing.MicroServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chat page in headless Chromium against a real server: two users chatting, a kick, and a
 * server restart under an open page. Runs its own Payara Micro processes (the restart test stops
 * one), started as the README starts the server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatPageIT {

    private static final Duration PAGE = Duration.ofSeconds(30);
    // The page's reconnect backoff is capped at 30 s; a restart takes a few of its steps.
    private static final Duration RECONNECT = Duration.ofSeconds(120);
    private static final Path SCREENSHOT = Path.of("docs", "images", "chat.png");

    private static MicroServer server;

    @BeforeAll
    static void start() throws Exception {
        server = MicroServer.start("chat-page", Map.of());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1) // first on the shared server: the screenshot shows exactly its channels
    void twoUsersChatInTheLobbyAndEachSeesTheOthersMessagesAndPresence() {
        URI uri = server.httpUri();
        URI ws = server.wsUri();
        HttpResponse<String> news = Login.post(ws, "/api/channels/announce.news/messages",
                "{\"data\":{\"text\":\"Welcome to Switchboard\"}}", Login.fresh(ws, "mod", Login.DEMO_PASSWORD));
        assertThat(news.statusCode()).as(news.body()).isEqualTo(201);
        try (Browser a = Browser.open(1280, 800)) {
            ChatPage alice = new ChatPage(a).open(uri).logIn("alice", Login.DEMO_PASSWORD);
            // lobby first, then the stored channels alice may read
            alice.waitUntil(p -> p.channels().equals(List.of("lobby", "announce.news")), PAGE);
            try (Browser b = Browser.open(1280, 800)) {
                ChatPage bob = new ChatPage(b).open(uri).logIn("bob", Login.DEMO_PASSWORD);
                alice.waitUntil(p -> p.online().equals(List.of("alice", "bob")), PAGE);
                bob.waitUntil(p -> p.online().equals(List.of("alice", "bob")), PAGE);

                alice.send("Hi Bob! The new hub is up.");
                bob.waitUntil(p -> p.texts().contains("Hi Bob! The new hub is up."), PAGE);
                bob.send("Great. Do <b>reconnects</b> work too?");
                alice.waitUntil(p -> p.texts().size() == 2, PAGE);
                alice.send("They do: every missed message comes back, once.");
                List<ChatPage.Shown> expected = List.of(
                        new ChatPage.Shown(1, "alice", "Hi Bob! The new hub is up."),
                        new ChatPage.Shown(2, "bob", "Great. Do <b>reconnects</b> work too?"),
                        new ChatPage.Shown(3, "alice", "They do: every missed message comes back, once."));
                for (ChatPage page : List.of(alice, bob)) {
                    page.waitUntil(p -> p.messages().size() == 3, PAGE);
                    assertThat(page.messages()).as("in order, shown as text (never as HTML)").isEqualTo(expected);
                }
                alice.waitUntil(p -> p.banner().isEmpty() && p.pendingCount() == 0, PAGE);
                a.screenshot(SCREENSHOT);
            }
            alice.waitUntil(p -> p.online().equals(List.of("alice")), PAGE);

            // a phone-sized window: one column, nothing cut off at the side
            alice.resize(390, 800);
            alice.waitUntil(ChatPage::fitsNarrowWindow, PAGE);
        }
    }

    @Test
    @Order(2)
    void joiningAChannelByNameShowsItsNewestMessagesAndOlderOnesOnRequest() {
        List<String> notes = IntStream.rangeClosed(1, 60).mapToObj(i -> "note " + i).toList();
        publishTo(server.wsUri(), "history.demo", notes.toArray(String[]::new));
        try (Browser a = Browser.open(1280, 800)) {
            ChatPage alice = new ChatPage(a).open(server.httpUri()).logIn("alice", Login.DEMO_PASSWORD);
            alice.join("history.demo");
            alice.waitUntil(p -> p.texts().size() == 50, PAGE);
            assertThat(alice.texts()).as("the newest page").isEqualTo(notes.subList(10, 60));
            assertThat(alice.showsHistoryStart()).isFalse();

            alice.loadOlder();
            alice.waitUntil(p -> p.texts().size() == 60, PAGE);
            assertThat(alice.texts()).as("every message once, in order").isEqualTo(notes);
            alice.waitUntil(ChatPage::showsHistoryStart, PAGE);
        }
    }

    @Test
    @Order(3)
    void aKickedUserSeesWhyAndThePageStopsReconnecting() {
        URI uri = server.httpUri();
        URI ws = server.wsUri();
        try (Browser b = Browser.open(1280, 800)) {
            ChatPage bob = new ChatPage(b).open(uri).logIn("bob", Login.DEMO_PASSWORD);
            bob.waitUntil(p -> p.online().contains("bob"), PAGE);

            HttpResponse<String> kicked = Login.post(ws, "/api/admin/users/bob/kick", "",
                    Login.fresh(ws, "admin", Login.DEMO_PASSWORD));
            assertThat(kicked.statusCode()).as(kicked.body()).isEqualTo(200);

            bob.waitUntil(p -> p.banner().contains("removed by an administrator"), PAGE);
            // Reconnecting would take at most a second or two of backoff: in that time the page
            // opens no new connection, so a second kick finds none.
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(20))
                    .until(() -> bob.banner().contains("removed by an administrator"));
            HttpResponse<String> again = Login.post(ws, "/api/admin/users/bob/kick", "",
                    Login.fresh(ws, "admin", Login.DEMO_PASSWORD));
            assertThat(again.body()).contains("\"closed\":0");
        }
    }

    @Test
    @Order(4)
    void afterAServerRestartThePageShowsEveryMessageSentMeanwhileExactlyOnceAndInOrder() throws Exception {
        Map<String, String> settings = Map.of(
                "switchboard.data-dir", Path.of("target", "it-data", "chat-restart-" + System.nanoTime())
                        .toAbsolutePath().toString(),
                "switchboard.shutdown.drain-seconds", "2");
        int port;
        try (Browser a = Browser.open(1280, 800)) {
            ChatPage alice;
            try (MicroServer first = MicroServer.launch("chat-restart-1").settings(settings).heap("512m").start().awaitReady()) {
                port = first.port();
                alice = new ChatPage(a).open(first.httpUri()).logIn("alice", Login.DEMO_PASSWORD);
                alice.waitUntil(p -> p.online().contains("alice"), PAGE);
                publish(first.wsUri(), "before 1", "before 2");
                alice.waitUntil(p -> p.texts().equals(List.of("before 1", "before 2")), PAGE);

                first.terminate();
                assertThat(first.awaitExit(Duration.ofSeconds(60))).as("the first server stopped").isTrue();
            }
            alice.waitUntil(p -> p.banner().contains("Reconnecting") || p.banner().contains("Connection lost"), PAGE);

            try (MicroServer second = MicroServer.launch("chat-restart-2").settings(settings).heap("512m")
                    .port(port).start().awaitReady()) {
                // Right after the restart, before the page is back.
                publish(second.wsUri(), "during 1", "during 2", "during 3");

                // The session was in the first server's memory; the login cookie restores the
                // login, so the page reconnects by itself and resumes each channel where it was.
                List<String> expected = List.of("before 1", "before 2", "during 1", "during 2", "during 3");
                alice.waitUntil(p -> p.texts().size() >= expected.size(), RECONNECT);
                assertThat(alice.showsLogin()).as("no second login").isFalse();
                publish(second.wsUri(), "after");
                alice.waitUntil(p -> p.texts().contains("after"), PAGE);
                assertThat(alice.texts()).as("every message once, in order")
                        .isEqualTo(List.of("before 1", "before 2", "during 1", "during 2", "during 3", "after"));
                assertThat(alice.messages()).extracting(ChatPage.Shown::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
                assertThat(alice.banner()).isEmpty();
                assertThat(alice.showsLogin()).isFalse();
            }
        }
    }

    /** Publishes each text to lobby as bob over the HTTP API, in order, each once stored. */
    private static void publish(URI ws, String... texts) {
        publishTo(ws, "lobby", texts);
    }

    private static void publishTo(URI ws, String channel, String... texts) {
        Login.Credentials bob = Login.fresh(ws, "bob", Login.DEMO_PASSWORD);
        for (String text : texts) {
            HttpResponse<String> r = Login.post(ws, "/api/channels/" + channel + "/messages",
                    "{\"data\":{\"text\":\"" + text + "\"}}", bob);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
    }
}
