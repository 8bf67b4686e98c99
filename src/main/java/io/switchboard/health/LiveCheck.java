package io.switchboard.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** UP while the application runs: answering at all is the proof; a restart is the only cure otherwise. */
@Liveness
@ApplicationScoped
public class LiveCheck implements HealthCheck {

    @Inject
    HubData data;

    @Override
    public HealthCheckResponse call() {
        return data.addTo(HealthCheckResponse.named("switchboard")).up().build();
    }
}
