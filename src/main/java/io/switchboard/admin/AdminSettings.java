package io.switchboard.admin;

import io.switchboard.config.Setting;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/** The admin console's limits, read and checked once at startup. */
@ApplicationScoped
public class AdminSettings {

    @Inject
    Config config;

    private int maxPageSize;
    private int maxConsoles;
    private Duration liveInterval;

    @PostConstruct
    void read() {
        maxPageSize = Setting.ADMIN_MAX_PAGE_SIZE.intValue(config);
        maxConsoles = Setting.ADMIN_MAX_CONSOLES.intValue(config);
        liveInterval = Setting.ADMIN_LIVE_INTERVAL.durationValue(config);
        if (maxPageSize < 1 || maxConsoles < 1 || liveInterval.toMillis() < 100) {
            throw new IllegalArgumentException(Setting.ADMIN_MAX_PAGE_SIZE.key() + " and "
                    + Setting.ADMIN_MAX_CONSOLES.key() + " must be at least 1, "
                    + Setting.ADMIN_LIVE_INTERVAL.key() + " at least 100ms");
        }
    }

    public int maxPageSize() {
        return maxPageSize;
    }

    public int maxConsoles() {
        return maxConsoles;
    }

    public Duration liveInterval() {
        return liveInterval;
    }
}
