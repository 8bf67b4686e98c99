package io.switchboard.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import java.util.Base64;

/**
 * Bytes inside JSON data: the object {@code {"$bin":"<standard base64>"}}. A MessagePack client's
 * {@code bin} values are kept in this form, and it is sent back to MessagePack clients as
 * {@code bin} whoever published it, so text clients see base64 and MessagePack clients bytes.
 */
public final class BinJson {

    public static final String KEY = "$bin";

    private static final JsonProvider JSON = JsonProvider.provider();

    private BinJson() {
    }

    public static JsonObject of(byte[] bytes) {
        return JSON.createObjectBuilder().add(KEY, Base64.getEncoder().encodeToString(bytes)).build();
    }

    /** The bytes {@code object} stands for, or null unless it is exactly {@code {"$bin": valid base64}}. */
    public static byte[] bytesOf(JsonObject object) {
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
