package io.switchboard.health;

import io.switchboard.connection.ConnectionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/** The figures both checks report: open connections on this instance and the application's uptime. */
@ApplicationScoped
public class HubData {

    @Inject
    ConnectionRegistry connections;

    @Inject
    Uptime uptime;

    public HealthCheckResponseBuilder addTo(HealthCheckResponseBuilder response) {
        return response.withData("connections", connections.size())
                .withData("uptimeSeconds", uptime.elapsed().toSeconds());
    }
}
