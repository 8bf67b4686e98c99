package io.switchboard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Setting;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * server-config/haproxy.cfg: accepted by haproxy -c, without a warning, as shipped and with each
 * option turned on, and saying what the instances need.
 */
class HaproxyConfigTest {

    private static final String FILE = "haproxy.cfg";
    private static final String PEM = "/etc/ssl/switchboard/switchboard.pem";
    private static final String TLS = "    # bind 127.0.0.1:8443 ssl crt " + PEM + " alpn http/1.1\n";

    private final String text = ConfigFile.read(FILE);
    private final String active = ConfigFile.withoutComments(text);

    @Test
    void passesHaproxyCheckAsShipped() {
        Tool.Result result = haproxyCheck("haproxy", text);

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void passesHaproxyCheckWithTheTlsBindUncommented() {
        Tool.Result result = haproxyCheck("haproxy-tls", ConfigFile.replaceOnce(text, TLS, TLS.replace("# ", "")));

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void stickinessOptionPassesHaproxyCheckWhenUncommented() {
        String sticky = ConfigFile.replaceOnce(text, "    # balance hash req.cook(JSESSIONID)\n", "    balance hash req.cook(JSESSIONID)\n");
        sticky = ConfigFile.replaceOnce(sticky, "    # hash-type consistent\n", "    hash-type consistent\n");
        sticky = ConfigFile.replaceOnce(sticky, "    balance roundrobin\n", "");

        Tool.Result result = haproxyCheck("haproxy-sticky", sticky);

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void spreadsOverTheThreeInstancesCheckingTheirReadiness() {
        assertThat(active).contains("mode http")
                .containsPattern("server \\S+ 127\\.0\\.0\\.1:8080\\s")
                .containsPattern("server \\S+ 127\\.0\\.0\\.1:8081\\s")
                .containsPattern("server \\S+ 127\\.0\\.0\\.1:8082\\s")
                .contains("option httpchk GET /health/ready")
                .contains("default-server check");
    }

    @Test
    void keepsTunnelsOpenLongerThanTheHeartbeat() {
        Matcher m = Pattern.compile("timeout tunnel (\\d+s)").matcher(active);
        assertThat(m.find()).as("timeout tunnel set in seconds").isTrue();

        assertThat(Setting.HEARTBEAT_TIMEOUT.parseDuration(m.group(1)))
                .isGreaterThan(Defaults.of(Setting.HEARTBEAT_INTERVAL))
                .isGreaterThan(Defaults.of(Setting.HEARTBEAT_TIMEOUT));
    }

    @Test
    void forwardsCookiesHostAndClientAddressUntouched() {
        assertThat(active).doesNotContainPattern("(?m)^\\s*cookie\\s")
                .doesNotContainPattern("(?i)del-header\\s+(cookie|set-cookie|host)")
                .doesNotContainPattern("(?i)set-header\\s+(cookie|host)")
                .doesNotContainPattern("(?i)replace-header\\s+(cookie|set-cookie|host)");
        assertThat(active).contains("option forwardfor")
                .contains("http-request set-header X-Forwarded-Proto https if { ssl_fc }");
    }

    @Test
    void limitsConnectionsAndLoginsPerClientAddress() {
        assertThat(active).containsPattern("stick-table type ipv6 .*store conn_cur")
                .contains("tcp-request connection track-sc0 src")
                .containsPattern("http-request deny deny_status 429 if \\{ sc0_conn_cur gt \\d+ }")
                .containsPattern("http-request deny deny_status 429 if \\{ path /api/login } \\{ sc1_http_req_rate\\(login_attempts\\) gt \\d+ }");
    }

    /** haproxy -c in zero-warning mode on a copy whose certificate, if it uses one, is a throwaway one. */
    private static Tool.Result haproxyCheck(String name, String config) {
        Tool haproxy = Tool.require("haproxy");
        Path dir = ConfigFile.scratch(name);
        Path pem = TestCertificate.shared().combinedIn(dir);
        Path file = ConfigFile.write(dir.resolve(FILE), ConfigFile.replaceOnce(config, PEM, pem.toString()));
        return haproxy.run(dir, "-c", "-dW", "-f", file.toString());
    }
}
