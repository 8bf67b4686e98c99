package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the handshake gate is told about a user, and when it reads the account again. */
class ConnectingAccountsTest {

    private final Map<String, Account> stored = new HashMap<>();
    private final Map<String, Integer> reads = new HashMap<>();
    // Runs inside the next read of the account, as a change committed meanwhile would.
    private Runnable duringRead;
    private final ConnectingAccounts connecting = new ConnectingAccounts();

    @BeforeEach
    void setUp() {
        connecting.accounts = new Accounts() {
            @Override
            public Optional<Account> find(String username) {
                reads.merge(username, 1, Integer::sum);
                Optional<Account> found = Optional.ofNullable(stored.get(username));
                if (duringRead != null) {
                    Runnable change = duringRead;
                    duringRead = null;
                    change.run();
                }
                return found;
            }
        };
        stored.put("alice", new Account("alice", "hash", Set.of(Role.USER, Role.MODERATOR)));
    }

    @Test
    void aUserWhoMayConnectIsReadOnceForManyHandshakes() {
        for (int i = 0; i < 5; i++) {
            assertThat(connecting.rolesOf("alice")).contains(Set.of(Role.USER, Role.MODERATOR));
        }
        assertThat(reads.get("alice")).isEqualTo(1);
    }

    @Test
    void aBanTakesEffectAtTheNextHandshakeOnceForgotten() {
        connecting.rolesOf("alice");
        stored.get("alice").changeBanned(true);
        connecting.forget("alice");

        assertThat(connecting.rolesOf("alice")).isEmpty();
    }

    @Test
    void aRoleChangeIsReadAtTheNextHandshakeOnceForgotten() {
        connecting.rolesOf("alice");
        stored.get("alice").changeRoles(Set.of(Role.ADMIN));
        connecting.forget("alice");

        assertThat(connecting.rolesOf("alice")).contains(Set.of(Role.ADMIN));
    }

    @Test
    void refusalsAreNotRememberedSoAnUnbanCountsAtOnce() {
        stored.get("alice").changeBanned(true);
        assertThat(connecting.rolesOf("alice")).isEmpty();
        assertThat(connecting.rolesOf("nobody")).isEmpty();

        stored.get("alice").changeBanned(false);
        stored.put("nobody", new Account("nobody", "hash", Set.of(Role.USER)));

        assertThat(connecting.rolesOf("alice")).contains(Set.of(Role.USER, Role.MODERATOR));
        assertThat(connecting.rolesOf("nobody")).contains(Set.of(Role.USER));
    }

    @Test
    void aDisabledUserMayNotConnect() {
        stored.get("alice").changeDisabled(true);

        assertThat(connecting.rolesOf("alice")).isEmpty();
    }

    @Test
    void aReadOvertakenByABanIsNotRemembered() {
        // The read saw the account before the ban's commit; the forget came before the read ended.
        duringRead = () -> {
            stored.put("alice", banned("alice"));
            connecting.forget("alice");
        };
        assertThat(connecting.rolesOf("alice")).isPresent();

        assertThat(connecting.rolesOf("alice")).isEmpty();
    }

    private static Account banned(String name) {
        Account account = new Account(name, "hash", Set.of(Role.USER));
        account.changeBanned(true);
        return account;
    }
}
