package io.switchboard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * server-config/Dockerfile, read instruction by instruction (Docker cannot run in CI, so the image
 * is not built here): the pinned Payara Micro image, the WAR, a non-root user, an explicit cluster
 * flag.
 */
class DockerfileTest {

    private record Instruction(String name, String arguments) {
    }

    private final List<Instruction> instructions = parse(ConfigFile.read("Dockerfile"));

    @Test
    void startsFromThePayaraMicroImageThePomPins() throws IOException {
        Matcher version = Pattern.compile("<payara.micro.version>([^<]+)</payara.micro.version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(version.find()).isTrue();

        assertThat(only("FROM")).isEqualTo("payara/micro:" + version.group(1) + "-jdk17");
        assertThat(instructions.get(0).name()).isEqualTo("FROM");
    }

    @Test
    void addsTheBuiltWarAndRunsItAtTheRoot() {
        assertThat(all("COPY")).containsExactly("target/switchboard.war /opt/payara/deployments/switchboard.war",
                "server-config/alone.asadmin server-config/cluster.asadmin /opt/payara/",
                "target/switchboard-idle-timers.jar /opt/payara/switchboard-idle-timers.jar");

        List<String> command = command();
        assertThat(command).containsSubsequence("--deploy", "/opt/payara/deployments/switchboard.war")
                .containsSubsequence("--contextroot", "/")
                .containsSubsequence("--port", "8080")
                .contains("--disablephonehome");
    }

    @Test
    void neverStartsWithoutAClusterFlag() {
        List<String> command = command();

        assertThat(command.contains("--nohazelcast") || command.contains("--clustermode")).as("%s", command).isTrue();
        // alone, sessions in memory: the WAR is distributable, and there is no grid to keep them
        assertThat(command).containsSubsequence("--nohazelcast", "--prebootcommandfile", "/opt/payara/alone.asadmin")
                .containsSubsequence("--addlibs", "/opt/payara/switchboard-idle-timers.jar");
        assertThat(Path.of("server-config/alone.asadmin")).content()
                .contains("web-container-availability.availability-enabled=false");
        assertThat(String.join(" ", command)).doesNotContain("multicast");
        assertThat(only("ENV")).contains("-Dhazelcast.phone.home.enabled=false").contains("${JVM_ARGS}");
    }

    @Test
    void runsAsTheImagesUnprivilegedUser() {
        String user = last("USER");

        assertThat(user).isNotNull().isNotIn("root", "0", "0:0");
        assertThat(indexOfLast("USER")).as("USER before CMD").isLessThan(indexOfLast("CMD"));
    }

    @Test
    void exposesHttpAndTheDataGridAndLeavesHealthToTheOrchestrator() {
        assertThat(only("EXPOSE").split("\\s+")).containsExactlyInAnyOrder("8080", "6900");
        assertThat(names()).doesNotContain("HEALTHCHECK")
                .as("the image's entrypoint (tini) passes SIGTERM on to the JVM").doesNotContain("ENTRYPOINT");
    }

    /** CMD in exec form, a JSON array, so no shell stands between the entrypoint and the JVM. */
    private List<String> command() {
        String cmd = only("CMD");
        assertThat(cmd).startsWith("[");
        try (var reader = Json.createReader(new StringReader(cmd))) {
            JsonArray array = reader.readArray();
            return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        }
    }

    private List<String> all(String name) {
        return instructions.stream().filter(i -> i.name().equals(name)).map(Instruction::arguments).toList();
    }

    private String only(String name) {
        List<Instruction> found = instructions.stream().filter(i -> i.name().equals(name)).toList();
        assertThat(found).as("one %s", name).hasSize(1);
        return found.get(0).arguments();
    }

    private String last(String name) {
        int at = indexOfLast(name);
        return at < 0 ? null : instructions.get(at).arguments();
    }

    private int indexOfLast(String name) {
        return names().lastIndexOf(name);
    }

    private List<String> names() {
        return instructions.stream().map(Instruction::name).toList();
    }

    /** Instructions with their continuation lines joined; comment lines dropped, as Docker does. */
    private static List<Instruction> parse(String text) {
        List<Instruction> result = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && pending.isEmpty())) {
                continue;
            }
            boolean continued = line.endsWith("\\");
            pending.append(continued ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continued) {
                String instruction = pending.toString().strip();
                int space = instruction.indexOf(' ');
                result.add(new Instruction(instruction.substring(0, space).toUpperCase(Locale.ROOT),
                        instruction.substring(space + 1).strip().replaceAll("\\s+", " ")));
                pending.setLength(0);
            }
        }
        return result;
    }
}
