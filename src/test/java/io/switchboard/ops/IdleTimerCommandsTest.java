package io.switchboard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every pre-boot file installs the idle-timer scheduler, and every command line that passes one
 * also gives the server the scheduler's jar: without it the server stops at boot. On Payara
 * Server the scheduler is installed by payara-server.asadmin once add-library has put the jar in
 * the domain; its pre-boot file, payara-server-loopback.asadmin, only moves the listeners.
 */
class IdleTimerCommandsTest {

    private static final String DELETE = "delete-managed-scheduled-executor-service concurrent/__defaultManagedScheduledExecutorService";
    private static final String SERVER_PREBOOT = "payara-server-loopback.asadmin";
    private static final String SERVER_GROUP = "payara-server-group.asadmin";
    private static final String CREATE = "create-custom-resource --restype jakarta.enterprise.concurrent.ManagedScheduledExecutorService"
            + " --factoryclass io.switchboard.idletimers.IdleTimerExecutorFactory concurrent/__defaultManagedScheduledExecutorService";

    @Test
    void everyPreBootFileReplacesTheDefaultScheduledExecutor() throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.list(Path.of("server-config"))) {
            files = all.filter(p -> p.toString().endsWith(".asadmin")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("loopback.asadmin", "loopback-cluster.asadmin", "alone.asadmin", "cluster.asadmin",
                        "payara-server.asadmin", SERVER_PREBOOT, SERVER_GROUP);
        // a deployment group's instances take the domain's resources, the replaced executor among them
        for (Path file : files.stream().filter(f -> !f.endsWith(SERVER_PREBOOT) && !f.endsWith(SERVER_GROUP)).toList()) {
            List<String> commands = Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
            assertThat(commands).as(file.toString()).containsSubsequence(DELETE, CREATE);
        }
    }

    @Test
    void everyServerCommandLineWithAPreBootFileAddsTheJar() throws IOException {
        Pattern start = Pattern.compile("--prebootcommandfile");
        for (String name : List.of("README.md", "bench/run.sh", "bench/console.sh", "bench/compare.sh", "server-config/switchboard.service",
                "server-config/Dockerfile", "server-config/kubernetes/deployment.yaml", "src/test/resources/arquillian.xml",
                "src/test/java/io/switchboard/testing/MicroServer.java")) {
            String text = Files.readString(Path.of(name));
            Matcher m = start.matcher(text);
            int found = 0;
            while (m.find()) {
                found++;
                // the same command: up to the next blank line or end of the (possibly continued) line
                int end = text.indexOf("\n\n", m.start());
                String command = text.substring(Math.max(0, text.lastIndexOf("\n\n", m.start())), end < 0 ? text.length() : end);
                // Payara Server takes the jar with add-library before payara-server.asadmin, not at start
                assertThat(command).as(name + " near offset " + m.start())
                        .contains(command.contains("start-domain") ? "add-library" : "--addlibs")
                        .containsPattern("switchboard-idle-timers.jar|switchboard.idleTimersJar");
            }
            assertThat(found).as(name).isPositive();
        }
    }

    @Test
    void payaraServerPreBootFileLeavesTheSchedulerAlone() throws IOException {
        // run before add-library could have put the jar in the domain, so it must not need it
        String commands = Files.readString(Path.of("server-config", SERVER_PREBOOT));
        assertThat(commands).doesNotContain("managed-scheduled-executor-service").doesNotContain("create-custom-resource");
    }
}
