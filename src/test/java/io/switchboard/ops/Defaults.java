package io.switchboard.ops;

import io.switchboard.config.Setting;
import java.time.Duration;

/** The server's default timings the deployment files are sized against. */
final class Defaults {

    private Defaults() {
    }

    static Duration of(Setting setting) {
        return setting.parseDuration(setting.defaultValue());
    }

    /** The longest a graceful stop takes before the JVM exits: the drain, then the last close frames. */
    static Duration stop(Duration drain) {
        return drain.plus(of(Setting.CLOSE_TIMEOUT));
    }
}
