package io.switchboard.health;

import io.switchboard.connection.ShutdownDrain;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * UP when the instance can take clients: the database answers (history and logins need it) and the
 * instance is not draining for shutdown, so a load balancer stops sending it new connections.
 */
@Readiness
@ApplicationScoped
public class ReadyCheck implements HealthCheck {

    @Inject
    HubData data;

    @Inject
    DatabaseProbe database;

    @Override
    public HealthCheckResponse call() {
        // the static flag: the drain bean may already be out of reach while the container stops
        boolean draining = ShutdownDrain.stopping();
        boolean databaseUp = !draining && database.answers();
        return data.addTo(HealthCheckResponse.named("switchboard"))
                .withData("database", databaseUp ? "UP" : draining ? "not checked" : "DOWN")
                .withData("draining", draining)
                .status(databaseUp && !draining)
                .build();
    }
}
