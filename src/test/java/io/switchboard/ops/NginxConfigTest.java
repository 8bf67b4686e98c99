package io.switchboard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * server-config/nginx.conf and the TLS server it includes on demand, nginx-tls.conf: accepted by
 * nginx -t as shipped and with each option turned on, and saying what the instances need.
 */
class NginxConfigTest {

    private static final String FILE = "nginx.conf";
    private static final String TLS_FILE = "nginx-tls.conf";
    private static final String STICKY = "# hash $cookie_JSESSIONID consistent;";
    private static final String TLS = "# include nginx-tls.conf;";

    private final String text = ConfigFile.read(FILE);
    private final String active = ConfigFile.withoutComments(text);
    private final String tlsActive = ConfigFile.withoutComments(ConfigFile.read(TLS_FILE));

    @Test
    void passesNginxTestAsShipped() {
        assertPasses(nginxTest("nginx", text));
    }

    @Test
    void passesNginxTestWithTheTlsServerIncluded() {
        assertPasses(nginxTest("nginx-tls", ConfigFile.replaceOnce(text, TLS, TLS.substring(2))));
    }

    @Test
    void stickinessOptionPassesNginxTestWhenUncommented() {
        assertPasses(nginxTest("nginx-sticky", ConfigFile.replaceOnce(text, STICKY, STICKY.substring(2))));
    }

    @Test
    void runsAsAnOrdinaryUserUnderItsPrefix() {
        // Relative paths resolve under -p; an absolute one (/var/log/nginx, /run) needs root.
        Matcher paths = Pattern.compile("(?m)^\\s*(pid|error_log|access_log|\\w+_temp_path)\\s+(\\S+)").matcher(active);
        int found = 0;
        while (paths.find()) {
            found++;
            assertThat(paths.group(2)).as(paths.group(1)).doesNotStartWith("/");
        }
        assertThat(found).as("pid, logs and temp paths set").isGreaterThanOrEqualTo(8);
        assertThat(active).doesNotContainPattern("(?m)^\\s*user\\s");
    }

    @Test
    void spreadsOverTheThreeInstances() {
        assertThat(active).contains("upstream switchboard {")
                .contains("server 127.0.0.1:8080 ", "server 127.0.0.1:8081 ", "server 127.0.0.1:8082 ");
        for (String server : List.of(active, tlsActive)) {
            assertThat(Pattern.compile("proxy_pass http://switchboard;").matcher(server).results().count())
                    .as("every location proxies to the instances").isEqualTo(3);
        }
    }

    @Test
    void passesWebSocketUpgradesOn() {
        assertThat(active).containsPattern("map \\$http_upgrade \\$connection_upgrade \\{\\s*~\\*\\^websocket\\$\\s+upgrade;\\s*default\\s+'';")
                .containsPattern("map \\$http_upgrade \\$websocket_upgrade \\{\\s*~\\*\\^websocket\\$\\s+websocket;\\s*default\\s+'';")
                .contains("proxy_http_version 1.1;")
                .contains("proxy_set_header Upgrade $websocket_upgrade;")
                .contains("proxy_set_header Connection $connection_upgrade;");
        // One proxy_set_header in a server or location would drop all those it inherits.
        assertThat(active.lastIndexOf("proxy_set_header")).isLessThan(active.indexOf("server {"));
        assertThat(tlsActive).doesNotContain("proxy_set_header");
    }

    @Test
    void keepsSocketsOpenLongerThanTheHeartbeat() {
        for (String directive : List.of("proxy_read_timeout", "proxy_send_timeout")) {
            Duration timeout = duration(directive);
            assertThat(timeout).as(directive).isGreaterThan(Defaults.of(Setting.HEARTBEAT_INTERVAL))
                    .isGreaterThan(Defaults.of(Setting.HEARTBEAT_TIMEOUT));
        }
    }

    @Test
    void forwardsCookiesHostAndClientAddressUntouched() {
        assertThat(active).doesNotContain("proxy_cookie_", "proxy_hide_header", "proxy_ignore_headers",
                "proxy_set_header Cookie", "proxy_pass_request_headers off");
        assertThat(active).contains("proxy_set_header Host $http_host;")
                .contains("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;")
                .contains("proxy_set_header X-Forwarded-Proto $scheme;");
    }

    @Test
    void limitsConnectionsAndLoginsPerClientAddress() {
        assertThat(active).contains("limit_conn_zone $binary_remote_addr zone=per_address:")
                .contains("limit_req_zone $binary_remote_addr zone=logins:");
        for (String server : List.of(active, tlsActive)) {
            assertThat(server).containsPattern("limit_conn per_address \\d+;")
                    .containsPattern("location = /api/login \\{\\s*limit_req zone=logins");
        }
    }

    @Test
    void terminatesTlsAndPassesHealthAndMetricsThrough() {
        assertThat(tlsActive).containsPattern("listen \\S+ ssl;")
                .contains("ssl_certificate /etc/ssl/switchboard/fullchain.pem;")
                .contains("ssl_certificate_key /etc/ssl/switchboard/privkey.pem;");
        for (String server : List.of(active, tlsActive)) {
            assertThat(server).contains("location ~ ^/(health|metrics)(/|$) {");
        }
    }

    private Duration duration(String directive) {
        Matcher m = Pattern.compile("(?m)^\\s*" + directive + "\\s+(\\d+s);").matcher(active);
        assertThat(m.find()).as(directive + " set in seconds").isTrue();
        return Setting.HEARTBEAT_TIMEOUT.parseDuration(m.group(1));
    }

    private static void assertPasses(Tool.Result result) {
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).as("no warnings").doesNotContain("[warn]", "[emerg]", "[alert]");
    }

    /**
     * nginx -t on a copy, under its own prefix, beside a copy of nginx-tls.conf whose certificate
     * paths point at a throwaway certificate.
     */
    private static Tool.Result nginxTest(String name, String config) {
        Tool nginx = Tool.require("nginx");
        Path dir = ConfigFile.scratch(name);
        TestCertificate tls = TestCertificate.shared();
        String server = ConfigFile.replaceOnce(ConfigFile.read(TLS_FILE), "/etc/ssl/switchboard/fullchain.pem", tls.certificate().toString());
        ConfigFile.write(dir.resolve(TLS_FILE), ConfigFile.replaceOnce(server, "/etc/ssl/switchboard/privkey.pem", tls.key().toString()));
        Path file = ConfigFile.write(dir.resolve(FILE), config);
        Path prefix = dir.resolve("prefix");
        try {
            Files.createDirectories(prefix.resolve("logs"));
            Files.createDirectories(prefix.resolve("temp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // -e stderr: the log nginx opens before it reads the file would otherwise be /var/log/nginx.
        return nginx.run(dir, "-t", "-e", "stderr", "-p", prefix.toString(), "-c", file.toString());
    }
}
