package io.switchboard.metrics;

/** Test fixture: a {@link HubStats} that counts without a container (and without a connection registry: 0 open). */
public final class TestStats {

    private TestStats() {
    }

    public static HubStats local() {
        return new HubStats(new LocalMeters(), () -> 0);
    }
}
