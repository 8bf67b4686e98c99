package io.switchboard.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Bytes inside data: the object {@code {"$bin":"<standard base64>"}} (README, "MessagePack
 * frames"). A MessagePack connection sends it as a {@code bin} and reads every {@code bin} back as
 * it; a JSON connection sends and sees the object itself. Either way the hub hands the bytes to
 * each subscriber in its own encoding, so a value made here reaches every client as bytes.
 */
public final class Bytes {

    /** The one field of a bytes object. */
    public static final String KEY = "$bin";

    private static final JsonProvider JSON = JsonProvider.provider();

    private Bytes() {
    }

    /** {@code bytes} as data: {@code {"$bin":"<base64>"}}. */
    public static JsonObject of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return JSON.createObjectBuilder().add(KEY, Base64.getEncoder().encodeToString(bytes)).build();
    }

    /**
     * The bytes {@code value} stands for: present when it is an object with exactly the one field
     * {@code $bin} holding valid standard base64 ({@code =} padding optional), as the hub reads it.
     */
    public static Optional<byte[]> from(JsonValue value) {
        return Optional.ofNullable(value instanceof JsonObject o ? bytesOf(o) : null);
    }

    /** As {@link #from}, null when not bytes. */
    static byte[] bytesOf(JsonObject object) {
        if (object.size() != 1 || !(object.get(KEY) instanceof JsonString base64)) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(base64.getString());
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
