package io.switchboard.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.WsClient;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Connections do not outlive {@code switchboard.connection.max-lifetime}, so credentials get re-checked. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LifetimeIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("lifetime", Map.of("switchboard.connection.max-lifetime", "3s"));
    }

    @ArquillianResource
    URL base;

    @Test
    void connectionOlderThanMaxLifetimeIsClosedWith4001() {
        try (WsClient c = WsClient.connect(Deployments.wsUri(base))) {
            c.send("{\"type\":\"ping\"}");
            assertThat(c.next().getString("type")).isEqualTo("pong");
            assertThat(c.awaitClose().getCloseCode().getCode()).isEqualTo(4001);
        }
    }
}
