package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import io.switchboard.testing.WsClient;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The instance-wide connection cap, set to two. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class GlobalCapIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("globalcap", Map.of("switchboard.connections.max", "2"));
    }

    @ArquillianResource
    URL base;

    URI ws;

    @BeforeEach
    void uri() {
        ws = Deployments.wsUri(base);
    }

    @Test
    void connectionBeyondTheInstanceCapIsRefusedWith503AndAJsonError() {
        try (WsClient alice = WsClient.connect(ws, Login.fresh(ws, "alice", "demo"));
             WsClient bob = WsClient.connect(ws, Login.fresh(ws, "bob", "demo"))) {
            SecurityIT.ready(alice);
            SecurityIT.ready(bob);

            SecurityIT.Answer third = SecurityIT.upgrade(ws, "", Login.fresh(ws, "mod", "demo").headers());

            assertThat(third.status()).as(third.toString()).isEqualTo(503);
            assertThat(third.json().getString("error")).isEqualTo("too_many_connections");
            assertThat(third.json().getString("message")).isNotBlank();
            assertThat(third.header("Retry-After")).isNotBlank();
            // The refusal left the open connections alone.
            SecurityIT.ready(alice);
            SecurityIT.ready(bob);
        }
    }
}
