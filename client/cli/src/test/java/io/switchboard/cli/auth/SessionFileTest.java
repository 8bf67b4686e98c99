package io.switchboard.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.client.SavedLogin;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionFileTest {

    @TempDir
    Path dir;

    private static StoredSession session(String sessionId) {
        return new StoredSession(URI.create("http://127.0.0.1:8080"),
                new SavedLogin("alice", Map.of("JSESSIONID", sessionId, "JSESSIONIDVERSION", "2f:0", "SBLOGIN", "tok")));
    }

    @Test
    void theFileAndItsDirectoryAreTheOwnersAlone() throws IOException {
        SessionFile file = new SessionFile(dir.resolve("config/switchboard/session"));
        file.write(session("s1"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path().getParent()))).isEqualTo("rwx------");
        assertThat(file.looseness()).isEmpty();
        try (var listing = Files.list(file.path().getParent())) {
            assertThat(listing).containsExactly(file.path());
        }
    }

    @Test
    void itHoldsTheUrlUserAndEveryCookieAsJson() throws IOException {
        SessionFile file = new SessionFile(dir.resolve("session"));
        file.write(session("s1"));
        JsonObject o = Json.createReader(new StringReader(Files.readString(file.path()))).readObject();
        assertThat(o.getInt("version")).isEqualTo(1);
        assertThat(o.getString("url")).isEqualTo("http://127.0.0.1:8080");
        assertThat(o.getString("user")).isEqualTo("alice");
        assertThat(o.getJsonObject("cookies").keySet()).containsExactly("JSESSIONID", "JSESSIONIDVERSION", "SBLOGIN");
        assertThat(file.read()).contains(session("s1"));
    }

    @Test
    void aNewLoginReplacesTheFileAndKeepsItPrivate() throws IOException {
        SessionFile file = new SessionFile(dir.resolve("session"));
        file.write(session("s1"));
        file.write(session("s2"));
        assertThat(file.read().orElseThrow().login().cookies()).containsEntry("JSESSIONID", "s2");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
    }

    @Test
    void noFileIsNoSessionAndDeletingTwiceIsFine() throws IOException {
        SessionFile file = new SessionFile(dir.resolve("nothing/session"));
        assertThat(file.read()).isEmpty();
        assertThat(file.delete()).isFalse();
        file.write(session("s1"));
        assertThat(file.delete()).isTrue();
        assertThat(file.read()).isEmpty();
    }

    @Test
    void aFileThatIsNotASessionIsAnErrorThatSaysLogInAgain() throws IOException {
        Path path = dir.resolve("session");
        Files.writeString(path, "JSESSIONID=abc");
        assertThatThrownBy(() -> new SessionFile(path).read()).isInstanceOf(IOException.class).hasMessageContaining("log in again");
        Files.writeString(path, "{\"version\":2,\"url\":\"http://x\",\"user\":\"a\",\"cookies\":{\"a\":\"b\"}}");
        assertThatThrownBy(() -> new SessionFile(path).read()).isInstanceOf(IOException.class).hasMessageContaining("version");
        Files.writeString(path, "{\"version\":1,\"url\":\"http://x\",\"user\":\"a\",\"cookies\":{\"a\":\"b; c\"}}");
        assertThatThrownBy(() -> new SessionFile(path).read()).isInstanceOf(IOException.class);
    }

    @Test
    void aFileOthersMayReadIsWarnedAbout() throws IOException {
        SessionFile file = new SessionFile(dir.resolve("session"));
        file.write(session("s1"));
        Files.setPosixFilePermissions(file.path(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(file.looseness()).hasValueSatisfying(w -> assertThat(w).contains("chmod 600", "rw-r--r--"));
    }
}
