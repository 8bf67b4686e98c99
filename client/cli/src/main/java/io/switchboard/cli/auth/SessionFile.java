package io.switchboard.cli.auth;

import io.switchboard.client.SavedLogin;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The file holding a saved login: one JSON object {@code {"version":1,"url":..,"user":..,"cookies":{..}}}.
 * Its cookies are a credential, so the file is created with owner-only permissions (0600, its
 * directory 0700) from the first byte: written to a temporary file made with those permissions,
 * then moved over the old one, so no reader ever sees it half written or readable by others.
 */
public final class SessionFile {

    static final int VERSION = 1;
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final Path path;

    public SessionFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    public Path path() {
        return path;
    }

    /** The saved session; empty when there is no file. */
    public Optional<StoredSession> read() throws IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            JsonObject o = reader.readObject();
            if (o.getInt("version", 0) != VERSION) {
                throw new IOException(path + " has an unknown version; log in again");
            }
            Map<String, String> cookies = new LinkedHashMap<>();
            for (Map.Entry<String, JsonValue> c : o.getJsonObject("cookies").entrySet()) {
                cookies.put(c.getKey(), ((JsonString) c.getValue()).getString());
            }
            return Optional.of(new StoredSession(URI.create(o.getString("url")),
                    new SavedLogin(o.getString("user"), cookies)));
        } catch (JsonException | ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new IOException(path + " is not a session file of switchboard login (" + e.getMessage() + "); log in again");
        }
    }

    /** Replaces the file with {@code session}, owner-only from its creation. */
    public void write(StoredSession session) throws IOException {
        Path dir = path.getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
            } else {
                Files.createDirectories(dir);
            }
        }
        FileAttribute<?>[] attributes = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(dir, ".session-", ".tmp", attributes);
        try {
            Files.writeString(temporary, format(session) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Deletes the file; false when there was none. */
    public boolean delete() throws IOException {
        return Files.deleteIfExists(path);
    }

    /** A warning when others than the owner may read or change the file (it was not made by {@link #write}). */
    public Optional<String> looseness() {
        try {
            if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix") || !Files.exists(path)) {
                return Optional.empty();
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
            perms.removeAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE));
            return perms.isEmpty() ? Optional.empty()
                    : Optional.of(path + " may be read by others (" + PosixFilePermissions.toString(Files.getPosixFilePermissions(path))
                            + "): chmod 600 it, or log in again");
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String format(StoredSession session) {
        JsonObjectBuilder cookies = JSON.createObjectBuilder();
        session.login().cookies().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(c -> cookies.add(c.getKey(), c.getValue()));
        return JSON.createObjectBuilder().add("version", VERSION).add("url", session.url().toString())
                .add("user", session.login().username()).add("cookies", cookies).build().toString();
    }
}
