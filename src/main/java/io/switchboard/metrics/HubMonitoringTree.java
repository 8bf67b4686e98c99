package io.switchboard.metrics;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.external.probe.provider.PluginPoint;
import org.glassfish.external.probe.provider.StatsProviderManager;

/**
 * Puts {@link HubTreeStats} into the server's monitoring tree as {@code server.switchboard} while
 * the application runs, under the {@code web-container} monitoring module: the node shows once
 * that module's level is LOW or HIGH ({@code asadmin set-monitoring-level}). Payara's own tree
 * has no WebSocket node (Tyrus upgrades in a filter, not a servlet), so this is where an operator
 * of Payara Server finds connections, messages and closes.
 *
 * <p>The node's figures are copied from {@link HubStats} every {@value #REFRESH_MILLIS} ms on the
 * application's scheduler, never read from it on the server's threads (see {@link HubTreeStats}).
 * Payara Server and Payara Micro both carry the GlassFish monitoring classes; a server without
 * them gets a log line and the hub runs on. Taken off at undeploy, so the tree holds nothing of an
 * old deployment's classes.
 */
@ApplicationScoped
public class HubMonitoringTree {

    private static final Logger LOG = Logger.getLogger(HubMonitoringTree.class.getName());

    /** The monitoring module whose level turns the node on and off. */
    static final String MODULE = "web-container";
    static final String NODE = "switchboard";
    static final long REFRESH_MILLIS = 1000;

    @Inject
    HubStats stats;

    @Inject
    ScheduledExecutorService scheduler;

    private ScheduledFuture<?> refreshing;

    /** The registered {@link HubTreeStats}; typed Object so the bean loads where the monitoring classes are missing. */
    private Object registered;

    synchronized void started(@Observes @Initialized(ApplicationScoped.class) Object event) {
        try {
            HubTreeStats provider = new HubTreeStats(System.currentTimeMillis());
            provider.refresh(stats.snapshot());
            refreshing = scheduler.scheduleAtFixedRate(() -> provider.refresh(stats.snapshot()),
                    REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
            // LOW: the node costs one snapshot a second, which is nothing beside the frame paths
            StatsProviderManager.register(MODULE, PluginPoint.SERVER, NODE, provider, "LOW", null);
            registered = provider;
            LOG.info(() -> "hub figures in the server's monitoring tree as server." + NODE
                    + " (shown while the " + MODULE + " monitoring level is LOW or HIGH)");
        } catch (LinkageError | RuntimeException e) {
            if (refreshing != null) {
                refreshing.cancel(false);
            }
            LOG.log(Level.INFO, "no server monitoring tree here; the hub's figures stay at /metrics and on JMX", e);
        }
    }

    @PreDestroy
    synchronized void stopped() {
        if (refreshing != null) {
            refreshing.cancel(false);
        }
        if (registered == null) {
            return;
        }
        try {
            StatsProviderManager.unregister(registered);
        } catch (LinkageError | RuntimeException e) {
            LOG.log(Level.WARNING, "could not take server." + NODE + " off the monitoring tree", e);
        }
        registered = null;
    }
}
