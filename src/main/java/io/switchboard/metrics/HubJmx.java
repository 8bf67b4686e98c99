package io.switchboard.metrics;

import io.switchboard.config.Setting;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.eclipse.microprofile.config.Config;

/**
 * Puts {@link HubMXBean} on the platform MBean server while the application runs. Payara exports
 * MicroProfile Metrics over HTTP and to its monitoring console's data collection, but not as
 * MBeans, so a JMX client would not see them otherwise. Taken off again when the application
 * stops, so a redeployed one can register anew and the old one's classes can be unloaded.
 */
@ApplicationScoped
public class HubJmx {

    private static final Logger LOG = Logger.getLogger(HubJmx.class.getName());

    static final String NAME = "io.switchboard:type=Hub";

    @Inject
    HubStats stats;

    @Inject
    Config config;

    private MBeanServer server;
    private ObjectName registered;

    void started(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (Setting.METRICS_JMX.booleanValue(config)) {
            register(ManagementFactory.getPlatformMBeanServer());
        }
    }

    /** Registers the MXBean; logs and goes on without it when another application already has the name. */
    synchronized void register(MBeanServer server) {
        try {
            ObjectName name = new ObjectName(NAME);
            server.registerMBean(new HubMBean(stats), name);
            this.server = server;
            registered = name;
            LOG.info(() -> "hub figures registered over JMX as " + NAME);
        } catch (InstanceAlreadyExistsException e) {
            LOG.warning(() -> NAME + " is already registered (another deployment of the hub in this server?); "
                    + "this one's figures are not on JMX");
        } catch (JMException e) {
            LOG.log(Level.WARNING, "could not register " + NAME, e);
        }
    }

    @PreDestroy
    synchronized void unregister() {
        if (registered == null) {
            return;
        }
        try {
            server.unregisterMBean(registered);
            LOG.info(() -> "hub figures taken off JMX (" + NAME + ")");
        } catch (InstanceNotFoundException gone) {
            // someone else took it off: nothing left to do
        } catch (JMException e) {
            LOG.log(Level.WARNING, "could not unregister " + NAME, e);
        }
        registered = null;
    }
}
