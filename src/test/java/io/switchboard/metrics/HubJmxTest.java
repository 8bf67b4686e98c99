package io.switchboard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.ErrorCode;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;

class HubJmxTest {

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final HubStats stats = new HubStats(new LocalMeters(), () -> 2);

    private HubJmx jmx() {
        HubJmx jmx = new HubJmx();
        jmx.stats = stats;
        return jmx;
    }

    @Test
    void registersTheFiguresAsAnMXBeanAndTakesThemOffAgain() throws Exception {
        HubJmx jmx = jmx();
        jmx.register(server);
        ObjectName name = new ObjectName(HubJmx.NAME);
        stats.frameReceived();
        stats.errorSent(ErrorCode.INVALID);
        stats.closed(4003, true);

        assertThat(server.getAttribute(name, "Connections")).isEqualTo(2);
        assertThat(server.getAttribute(name, "MessagesReceived")).isEqualTo(1L);
        assertThat(((TabularData) server.getAttribute(name, "ErrorsByCode")).size()).isEqualTo(1);
        assertThat(((TabularData) server.getAttribute(name, "ClosesByCode")).get(new Object[] {"4003"}).get("value"))
                .isEqualTo(1L);

        jmx.unregister();
        assertThat(server.isRegistered(name)).isFalse();
    }

    @Test
    void aSecondDeploymentDoesNotTakeOverTheFirstOnesName() throws Exception {
        HubJmx first = jmx();
        first.register(server);
        HubJmx second = jmx();
        second.register(server);
        second.unregister();

        assertThat(server.isRegistered(new ObjectName(HubJmx.NAME))).isTrue();
        first.unregister();
        assertThat(server.isRegistered(new ObjectName(HubJmx.NAME))).isFalse();
    }
}
