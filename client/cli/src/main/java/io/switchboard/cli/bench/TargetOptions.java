package io.switchboard.cli.bench;

import io.switchboard.cli.DurationConverter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where a run connects, as whom, and how long it may take. */
public final class TargetOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--url", defaultValue = "ws://127.0.0.1:8080/ws", paramLabel = "URL",
            description = "The hub's WebSocket URL, ws://127.0.0.1:PORT/ws (127.0.0.1 only; default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--user", defaultValue = "alice", paramLabel = "NAME",
            description = "Every connection logs in as this user (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password", defaultValue = "demo", paramLabel = "PASSWORD", description = "Its password (default: ${DEFAULT-VALUE}).")
    String password;

    @Option(names = "--timeout", defaultValue = "120s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "The whole run's bound, e.g. 90s or 5m, at most 1h (default: ${DEFAULT-VALUE}); a run "
                    + "that reaches it is incomplete.")
    Duration timeout;

    /** The URLs of {@code --url} (a comma-separated list when {@code several}), each checked. */
    List<URI> urls(boolean several) {
        List<URI> urls = new ArrayList<>();
        for (String one : url.split(",")) {
            URI u;
            try {
                u = URI.create(one.trim());
            } catch (IllegalArgumentException e) {
                throw new OptionBounds(spec).fail("--url is not a URL: " + one);
            }
            if (!"ws".equals(u.getScheme()) || !"127.0.0.1".equals(u.getHost()) || u.getPort() <= 0) {
                throw new OptionBounds(spec).fail("--url must be ws://127.0.0.1:PORT/...: " + one);
            }
            urls.add(u);
        }
        if (urls.size() > 1 && !several) {
            throw new OptionBounds(spec).fail("several --url only in fanout");
        }
        return urls;
    }

    Duration timeout() {
        return new OptionBounds(spec).check("--timeout", timeout, Duration.ofMillis(1), Duration.ofHours(1));
    }
}
