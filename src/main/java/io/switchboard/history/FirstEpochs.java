package io.switchboard.history;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The epoch a channel has from its first use until its first reset: an HMAC of its name under the
 * database's epoch key, cut to the 16 hex digits of every epoch. Every instance sharing the database
 * derives the same one, so a subscriber told it before the channel has a row gets the epoch that
 * the first publish then stores; another database (another key) gives other epochs, so a client
 * never recovers across a database that was replaced.
 */
@ApplicationScoped
public class FirstEpochs {

    private static final String MAC = "HmacSHA256";

    // Set at startup by EpochKeySetup, before any request is served.
    private volatile SecretKeySpec key;

    void use(String secretHex) {
        key = new SecretKeySpec(HexFormat.of().parseHex(secretHex), MAC);
    }

    String of(String channel) {
        SecretKeySpec k = key;
        if (k == null) {
            throw new IllegalStateException("the epoch key is not loaded yet");
        }
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(k);
            byte[] digest = mac.doFinal(channel.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
