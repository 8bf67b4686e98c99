package io.switchboard.cli.tail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.CloseReason;
import java.net.URI;
import org.junit.jupiter.api.Test;

class TailCommandTest {

    @Test
    void onlyJsonObjectsAreSent() {
        assertThat(TailCommand.objectProblem("{\"type\":\"ping\"}")).isNull();
        assertThat(TailCommand.objectProblem("[1]")).contains("not a JSON object");
        assertThat(TailCommand.objectProblem("\"ping\"")).contains("not a JSON object");
        assertThat(TailCommand.objectProblem("{\"type\":")).contains("is not JSON");
        assertThat(TailCommand.objectProblem("ping")).contains("is not JSON");
    }

    @Test
    void closesAreDescribedWithTheTablesReason() {
        assertThat(TailCommand.describe(new CloseReason(CloseReason.CloseCodes.getCloseCode(4003), ""))).isEqualTo("4003 kicked");
        assertThat(TailCommand.describe(new CloseReason(CloseReason.CloseCodes.getCloseCode(4001), "logged out")))
                .isEqualTo("4001 logged out");
    }

    @Test
    void theSocketIsTheHubsWsUnderItsPath() {
        assertThat(RawConnection.wsUri(URI.create("http://127.0.0.1:8080"))).isEqualTo(URI.create("ws://127.0.0.1:8080/ws"));
        assertThat(RawConnection.wsUri(URI.create("https://hub.example/sb/"))).isEqualTo(URI.create("wss://hub.example/sb/ws"));
        assertThat(RawConnection.origin(URI.create("https://hub.example/sb/"))).isEqualTo("https://hub.example");
    }
}
