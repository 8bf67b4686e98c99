package io.switchboard.cli.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cli.ExitCodes;
import io.switchboard.cli.auth.Target;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.SavedLogin;
import io.switchboard.client.StateChange;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a final close of the client becomes an exit status and one line of explanation. */
class HubConnectionTest {

    private static final Target SAVED = new Target(URI.create("http://127.0.0.1:8080"), null,
            new SavedLogin("alice", Map.of("JSESSIONID", "s")), null);
    private static final Target KEY = new Target(URI.create("http://127.0.0.1:8080"), "sbk_secret", null, null);

    private static StateChange closed(int code, String reason, int httpStatus) {
        return new StateChange(ConnectionState.CLOSED, code, reason, httpStatus, false, 1, Duration.ZERO);
    }

    @Test
    void aKickIsClosedForGood() {
        HubConnection.Ending kicked = HubConnection.ending(closed(4003, "", 0), SAVED);
        assertThat(kicked.exitCode()).isEqualTo(ExitCodes.CLOSED);
        assertThat(kicked.message()).isEqualTo("the hub closed the connection for good: 4003 kicked");
        assertThat(HubConnection.ending(closed(1009, "too big", 0), SAVED).message()).endsWith("1009 too big");
    }

    @Test
    void aRefusedSavedLoginOrKeyCouldNotRunAndSaysWhatToDo() {
        HubConnection.Ending login = HubConnection.ending(closed(1006, "handshake answered 401", 401), SAVED);
        assertThat(login.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(login.message()).contains("the saved login of alice", "run switchboard login again");
        HubConnection.Ending key = HubConnection.ending(closed(1006, "handshake answered 401", 401), KEY);
        assertThat(key.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(key.message()).contains("the API key").doesNotContain("sbk_secret");
        HubConnection.Ending banned = HubConnection.ending(closed(1006, "handshake answered 403", 403), SAVED);
        assertThat(banned.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(banned.message()).contains("403");
    }
}
