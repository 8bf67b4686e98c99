package io.switchboard.history;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Publishers' message ids as stored for deduplication: as given, or hashed when longer than the column. */
public final class ClientIds {

    static final int MAX_STORED = 128;

    private ClientIds() {
    }

    public static String stored(String id) {
        if (id == null || id.length() <= MAX_STORED) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
