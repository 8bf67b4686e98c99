package io.switchboard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every file in server-config/ is listed, with how to use it, in the README's Deployment files. */
class DeploymentFilesReadmeTest {

    private static final String HEADING = "### Deployment files";

    @Test
    void readmeListsEveryFileOrDirectoryOfServerConfig() throws IOException {
        String section = section(Files.readAllLines(Path.of("README.md")));

        try (Stream<Path> entries = Files.list(ConfigFile.DIR)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName() + (Files.isDirectory(entry) ? "/" : "");
                assertThat(section).as("README's %s lists %s", HEADING, name).contains("`" + name + "`");
            }
        }
    }

    private static String section(List<String> readme) {
        int start = readme.indexOf(HEADING);
        assertThat(start).as("README has %s", HEADING).isNotNegative();
        StringBuilder text = new StringBuilder();
        for (String line : readme.subList(start + 1, readme.size())) {
            if (line.startsWith("#")) {
                break;
            }
            text.append(line).append('\n');
        }
        return text.toString();
    }
}
