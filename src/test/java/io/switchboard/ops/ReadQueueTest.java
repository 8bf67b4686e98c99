package io.switchboard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The container drops connections whose read task finds its HTTP thread pool's queue full, and
 * each open connection can have one such task queued: every pre-boot file keeps that queue above
 * the default connection cap, so all connections sending at once is not a way to lose them.
 */
class ReadQueueTest {

    private static final Pattern QUEUE = Pattern.compile(
            "^set configs\\.config\\.[a-z-]+\\.thread-pools\\.thread-pool\\.http-thread-pool\\.max-queue-size=(\\d+)$",
            Pattern.MULTILINE);

    @Test
    void everyPreBootFileQueuesMoreReadsThanTheConnectionCap() throws IOException {
        int cap = Integer.parseInt(Setting.CONNECTIONS_MAX.defaultValue());
        List<Path> files;
        try (Stream<Path> all = Files.list(Path.of("server-config"))) {
            files = all.filter(p -> p.toString().endsWith(".asadmin")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);
        // Payara Server's first pre-boot file only moves the listeners; payara-server.asadmin sets the queue
        for (Path file : files.stream().filter(f -> !f.endsWith("payara-server-loopback.asadmin")).toList()) {
            Matcher m = QUEUE.matcher(Files.readString(file));
            assertThat(m.find()).as(file + " sets the HTTP thread pool's queue").isTrue();
            assertThat(Integer.parseInt(m.group(1))).as(file.toString()).isGreaterThan(cap);
        }
    }
}
