package io.switchboard.payaraserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.PayaraServerDomain;
import io.switchboard.testing.PayaraServerSession;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The domain set up the README's way listens on the loopback interface only: the pre-boot file
 * moves every listener (HTTP, HTTPS, admin, IIOP, JMX, data grid) there before it first opens.
 */
@EnabledIfSystemProperty(named = "payara.server.home", matches = ".+")
class DomainListenersIT {

    @Test
    void nothingListensBeyondLoopback() throws IOException {
        PayaraServerDomain domain = PayaraServerSession.domain();

        assertThat(domain.listeners()).as("listening sockets of the server")
                .contains("127.0.0.1:" + domain.adminPort(), "127.0.0.1:" + domain.httpPort());
        assertThat(domain.listenersOffLoopback()).isEmpty();
    }
}
