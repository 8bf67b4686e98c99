package io.switchboard.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.connection.TestConnections.RecordingSink;
import io.switchboard.protocol.CloseCode;
import io.switchboard.security.Identity;
import io.switchboard.security.Role;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** A close by rule reaches the connections whose handshake had passed its checks but not yet opened. */
class ConnectionRegistryTest {

    private final ConnectionRegistry registry = TestConnections.registry();

    private static Identity user(String name) {
        return new Identity(name, EnumSet.of(Role.USER), null, "127.0.0.1");
    }

    private Connection openInSlot(String slot, String name, RecordingSink sink) {
        return registry.open(sink, user(name), slot);
    }

    @Test
    void aKickBetweenTheHandshakeAndTheOpenClosesTheConnectionWhenItOpens() {
        String slot = registry.reserve("bob", "127.0.0.1", 100, 100, 100).slot();

        assertThat(registry.closeAllNow(c -> c.name().equals("bob"), CloseCode.KICKED)).isZero();
        Connection bob = openInSlot(slot, "bob", new RecordingSink(true));

        assertThat(bob.isClosing()).as("opened after the kick its handshake preceded").isTrue();
    }

    @Test
    void aCloseDoesNotReachHandshakesThatBeganAfterItOrOtherUsers() {
        String aliceSlot = registry.reserve("alice", "127.0.0.1", 100, 100, 100).slot();
        registry.closeAll(c -> c.name().equals("bob"), CloseCode.KICKED);
        String bobSlot = registry.reserve("bob", "127.0.0.1", 100, 100, 100).slot();

        assertThat(openInSlot(aliceSlot, "alice", new RecordingSink(true)).isClosing()).isFalse();
        assertThat(openInSlot(bobSlot, "bob", new RecordingSink(true)).isClosing())
                .as("a handshake checked after the kick is a new login's").isFalse();
    }

    @Test
    void closesOlderThanTheSlotsExpiryAreForgotten() {
        String slot = registry.reserve("bob", "127.0.0.1", 100, 100, 100).slot();
        registry.closeAll(c -> c.name().equals("bob"), CloseCode.KICKED);
        registry.expireSlots(System.nanoTime() + 1);

        assertThat(openInSlot(slot, "bob", new RecordingSink(true)).isClosing())
                .as("its slot expired: counted as opened, no close remembered").isFalse();
    }
}
