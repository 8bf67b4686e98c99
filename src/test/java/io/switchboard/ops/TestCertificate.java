package io.switchboard.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;

/**
 * A throwaway self-signed certificate and key as PEM files, so that the proxies' TLS settings can
 * be checked for real. Made with the JDK's keytool (always there, unlike openssl) and read back
 * with {@link KeyStore}.
 */
record TestCertificate(Path certificate, Path key) {

    private static final char[] PASSWORD = "throwaway".toCharArray();

    private static TestCertificate shared;

    /** One certificate for every check of a test run (making one takes a second or more). */
    static synchronized TestCertificate shared() {
        if (shared == null) {
            shared = createIn(ConfigFile.scratch("tls"));
        }
        return shared;
    }

    /** Writes fullchain.pem and privkey.pem into {@code dir}. */
    static TestCertificate createIn(Path dir) {
        Path keystore = dir.resolve("test.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Tool.Result made = new Tool(keytool).run(dir, "-genkeypair", "-alias", "test", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
        if (made.exitCode() != 0) {
            throw new IllegalStateException("keytool failed: " + made.output());
        }
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD);
            Key key = store.getKey("test", PASSWORD);
            Certificate certificate = store.getCertificate("test");
            return new TestCertificate(
                    ConfigFile.write(dir.resolve("fullchain.pem"), pem("CERTIFICATE", certificate.getEncoded())),
                    ConfigFile.write(dir.resolve("privkey.pem"), pem("PRIVATE KEY", key.getEncoded())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The certificate followed by its key in one file, as HAProxy takes them. */
    Path combinedIn(Path dir) {
        try {
            return ConfigFile.write(dir.resolve("combined.pem"),
                    Files.readString(certificate, StandardCharsets.US_ASCII) + Files.readString(key, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
