package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.WsClient;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A login session that expires closes its connections with 4001. The session lives 2 s here, but
 * the container only reaps expired sessions every minute or so, hence the long wait.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SessionExpiryIT {

    private static final Duration REAPER = Duration.ofSeconds(120);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("sessionexpiry", Map.of("switchboard.session.timeout", "2s"));
    }

    @ArquillianResource
    URL base;

    URI ws;

    @BeforeEach
    void uri() {
        ws = Deployments.wsUri(base);
    }

    @Test
    void socketOfAnExpiredSessionIsClosedWith4001() {
        Login.Credentials session = Login.fresh(ws, "alice", "demo");
        try (WsClient c = WsClient.connect(ws, session)) {
            SecurityIT.ready(c);

            await().atMost(REAPER).pollInterval(Duration.ofMillis(500)).until(() -> !c.isOpen());

            assertThat(c.awaitClose().getCloseCode().getCode()).isEqualTo(4001);
        }
        // The session is gone: the old cookie no longer opens a connection.
        assertThat(RawWebSocket.handshakeStatus(ws.getHost(), ws.getPort(), ws.getRawPath(),
                List.of(WsClient.V1), session.headers())).isEqualTo(401);
    }
}
