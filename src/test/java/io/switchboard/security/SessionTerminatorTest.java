package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cluster.Disconnect;
import io.switchboard.cluster.LocalBus;
import io.switchboard.config.Settings;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.connection.TestConnections;
import io.switchboard.connection.TestConnections.TestConnection;
import io.switchboard.protocol.CloseCode;
import io.switchboard.testing.TestBeans;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which connections each way of ending a login closes, with which code, and what happens to the login. */
class SessionTerminatorTest {

    private final ConnectionRegistry registry = TestConnections.registry();
    private final LoginSessions loginSessions = new LoginSessions();
    private final SessionTerminator terminator = new SessionTerminator();
    // What each ending did to the persistent logins: "login KEY", "later KEY", "user NAME".
    private final List<String> tokensEnded = new ArrayList<>();
    private final PersistentLogins persistentLogins = new PersistentLogins() {
        @Override
        public void endLogin(String loginKey) {
            tokensEnded.add("login " + loginKey);
        }

        @Override
        public void endLoginLater(String loginKey) {
            tokensEnded.add("later " + loginKey);
        }

        @Override
        public void endAllOf(String user) {
            tokensEnded.add("user " + user);
        }
    };
    // The HTTP sessions invalidated, in order, with what was closed by then.
    private final List<String> invalidated = new ArrayList<>();
    // The HTTP sessions whose login was removed, in order.
    private final List<String> cleared = new ArrayList<>();
    // Invalidations wait for the close timeout; they run when the test says.
    private final List<Runnable> scheduled = new ArrayList<>();
    private final List<Long> delaysMillis = new ArrayList<>();

    private TestConnection aliceTab1;
    private TestConnection aliceTab2;
    private TestConnection aliceElsewhere;
    private TestConnection bob;
    private TestConnection aliceKey;

    @BeforeEach
    void setUp() {
        TestBeans.wire(terminator, registry, loginSessions, new LocalBus(), persistentLogins, new ConnectingAccounts());
        loginSessions.settings = new Settings() {
            @Override
            public Duration closeTimeout() {
                return Duration.ofSeconds(5);
            }
        };
        loginSessions.security = new SecuritySettings() {
            @Override
            public Duration sessionTimeout() {
                return Duration.ofHours(8);
            }
        };
        loginSessions.scheduler = (ScheduledExecutorService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ScheduledExecutorService.class}, (self, method, args) -> {
                    if (!method.getName().equals("schedule")) {
                        throw new UnsupportedOperationException(method.toString());
                    }
                    scheduled.add((Runnable) args[0]);
                    delaysMillis.add(((TimeUnit) args[2]).toMillis((Long) args[1]));
                    return null;
                });
        aliceTab1 = open("alice", "s1");
        aliceTab2 = open("alice", "s1");
        aliceElsewhere = open("alice", "s2");
        bob = open("bob", "s3");
        aliceKey = open("alice", null);
        loginSessions.register("s1", "alice", session("s1"));
        loginSessions.register("s2", "alice", session("s2"));
        loginSessions.register("s3", "bob", session("s3"));
    }

    private TestConnection open(String name, String sessionKey) {
        return TestConnections.open(registry, new Identity(name, Set.of(Role.USER), sessionKey, "127.0.0.1"));
    }

    /** An HTTP session that records its invalidation and whether alice's first tab was closed by then. */
    private HttpSession session(String key) {
        return (HttpSession) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpSession.class},
                (self, method, args) -> {
                    if (method.getName().equals("invalidate")) {
                        invalidated.add(key + (aliceTab1.sink().closedWith() == null ? "" : " after close"));
                    }
                    if (method.getName().equals("removeAttribute")) {
                        cleared.add(key);
                    }
                    return null;
                });
    }

    @Test
    void anEndedLoginClosesItsConnectionsWith4001AndIsForgottenButNotInvalidated() {
        terminator.endLogin("s1");

        assertThat(aliceTab1.sink().closedWith()).isEqualTo(CloseCode.SESSION_ENDED);
        assertThat(aliceTab2.sink().closedWith()).isEqualTo(CloseCode.SESSION_ENDED);
        assertThat(List.of(aliceElsewhere, bob, aliceKey)).allSatisfy(c -> assertThat(c.sink().closedWith()).isNull());
        assertThat(loginSessions.keysOf("alice")).containsExactly("s2");
        assertThat(invalidated).isEmpty();
    }

    @Test
    void anExpiredLoginClosesItsConnectionsThenItsSessionIsInvalidatedAfterTheCloseTimeout() {
        terminator.expireLogin("s1");

        assertThat(aliceTab1.sink().closedWith()).isEqualTo(CloseCode.SESSION_ENDED);
        assertThat(invalidated).isEmpty();
        assertThat(delaysMillis).singleElement().satisfies(d -> assertThat(d).isGreaterThan(5_000));
        scheduled.forEach(Runnable::run);
        assertThat(invalidated).containsExactly("s1 after close");
        assertThat(loginSessions.keysOf("alice")).containsExactly("s2");
    }

    @Test
    void aKickClosesEveryConnectionOfTheNameWith4003AndLeavesTheLoginsAlone() {
        int closed = terminator.disconnectUser("alice", CloseCode.KICKED, false);

        assertThat(closed).isEqualTo(4);
        assertThat(List.of(aliceTab1, aliceTab2, aliceElsewhere, aliceKey))
                .allSatisfy(c -> assertThat(c.sink().closedWith()).isEqualTo(CloseCode.KICKED));
        assertThat(bob.sink().closedWith()).isNull();
        assertThat(invalidated).isEmpty();
    }

    @Test
    void aRoleChangeClosesTheUsersConnectionsThenEndsAllTheirLogins() {
        terminator.disconnectUser("alice", CloseCode.SESSION_ENDED, true);

        assertThat(aliceElsewhere.sink().closedWith()).isEqualTo(CloseCode.SESSION_ENDED);
        assertThat(invalidated).isEmpty();
        scheduled.forEach(Runnable::run);
        assertThat(invalidated).containsExactlyInAnyOrder("s1 after close", "s2 after close");
        assertThat(loginSessions.keysOf("alice")).isEmpty();
        assertThat(loginSessions.keysOf("bob")).containsExactly("s3");
    }

    @Test
    void aRevokedApiKeyClosesOnlyTheConnectionsItOpened() {
        terminator.disconnectApiKey("alice");

        assertThat(aliceKey.sink().closedWith()).isEqualTo(CloseCode.KICKED);
        assertThat(List.of(aliceTab1, aliceTab2, aliceElsewhere, bob))
                .allSatisfy(c -> assertThat(c.sink().closedWith()).isNull());
    }

    private static SessionLogin login(String user, String key, long started) {
        return new SessionLogin(user, Set.of(Role.USER), key, started);
    }

    @Test
    void aLoginEndedOnAnotherInstanceIsRefusedInEveryCopyOfItsSessionAndItsConnectionsHereClose() {
        TestConnection carol = open("carol", "c1");
        loginSessions.seen(login("carol", "c1", 1_000), session("c1"));
        assertThat(loginSessions.isCopy("c1")).isTrue();

        terminator.disconnectHere(new Disconnect.Login("c1", false));

        assertThat(carol.sink().closedWith()).isEqualTo(CloseCode.SESSION_ENDED);
        assertThat(cleared).containsExactly("c1");
        assertThat(loginSessions.hasEnded(login("carol", "c1", 1_000))).isTrue();
        assertThat(loginSessions.hasEnded(login("carol", "c2", 1_000))).isFalse();
        // a copy not loaded here yet is refused when it is
        terminator.disconnectHere(new Disconnect.Login("c3", false));
        assertThat(loginSessions.hasEnded(login("carol", "c3", 1_000))).isTrue();
    }

    @Test
    void aLogoutHereEndsTheLoginWithoutTouchingItsSessionWhichTheLogoutEnds() {
        terminator.endLogin("s1");

        assertThat(cleared).isEmpty();
        assertThat(loginSessions.hasEnded(login("alice", "s1", 1_000))).isTrue();
        assertThat(loginSessions.hasEnded(login("alice", "s2", 1_000))).isFalse();
    }

    @Test
    void endingAUsersLoginsRefusesEveryLoginOfTheirsStartedBeforeThenAndNoLaterOne() {
        long before = System.currentTimeMillis();
        loginSessions.seen(login("alice", "a9", before - 60_000), session("a9"));

        terminator.disconnectUser("alice", CloseCode.SESSION_ENDED, true);

        assertThat(loginSessions.hasEnded(login("alice", "never-seen-here", before - 1))).isTrue();
        assertThat(loginSessions.hasEnded(login("alice", "new", System.currentTimeMillis() + 1_000))).isFalse();
        assertThat(loginSessions.hasEnded(login("bob", "s3", before))).isFalse();
        assertThat(loginSessions.keysOf("alice")).isEmpty();
        assertThat(cleared).contains("s1", "s2", "a9");
    }

    @Test
    void aKickEndsNoLogin() {
        terminator.disconnectUser("alice", CloseCode.KICKED, false);

        assertThat(loginSessions.hasEnded(login("alice", "s1", 1_000))).isFalse();
    }

    @Test
    void aCopyIsNotExpiredHereAndItsSessionEndingHereEndsNothingElsewhere() {
        TestConnection carol = open("carol", "c1");
        loginSessions.seen(login("carol", "c1", 1_000), session("c1"));

        assertThat(loginSessions.isExpired("c1", Long.MAX_VALUE)).isFalse();
        terminator.sessionDestroyed("c1", session("c1"));

        assertThat(carol.sink().closedWith()).isNull();
        assertThat(loginSessions.isCopy("c1")).isFalse();
        assertThat(loginSessions.hasEnded(login("carol", "c1", 1_000))).isFalse();
    }

    @Test
    void theSessionALoginStartedInEndingEndsTheLogin() {
        HttpSession home = session("s1");
        loginSessions.register("s1", "alice", home);
        terminator.sessionDestroyed("s1", home);

        assertThat(aliceTab1.sink().closedWith()).isEqualTo(CloseCode.SESSION_ENDED);
        assertThat(loginSessions.hasEnded(login("alice", "s1", 1_000))).isTrue();
        assertThat(tokensEnded).containsExactly("later s1");
    }

    @Test
    void anotherSessionOfALoginRestoredTwiceEndingEndsNothing() {
        HttpSession first = session("s1");
        HttpSession inUse = session("s1");
        loginSessions.register("s1", "alice", first);
        loginSessions.seen(login("alice", "s1", 1_000), inUse);

        terminator.sessionDestroyed("s1", first);

        assertThat(aliceTab1.sink().closedWith()).isNull();
        assertThat(loginSessions.hasEnded(login("alice", "s1", 1_000))).isFalse();
        assertThat(tokensEnded).isEmpty();
    }

    @Test
    void endingOrExpiringALoginEndsItsPersistentLogins() {
        terminator.endLogin("s1");
        terminator.expireLogin("s2");

        assertThat(tokensEnded).containsExactly("login s1", "login s2");
    }

    @Test
    void endingAUsersSessionsEndsTheirPersistentLoginsButAKickDoesNot() {
        terminator.disconnectUser("bob", CloseCode.KICKED, false);
        terminator.disconnectUser("alice", CloseCode.SESSION_ENDED, true);

        assertThat(tokensEnded).containsExactly("user alice");
    }

    @Test
    void aLoginStartedHereIsNeverTakenForACopy() {
        loginSessions.seen(login("alice", "s1", 1_000), session("s1"));

        assertThat(loginSessions.isCopy("s1")).isFalse();
    }
}
