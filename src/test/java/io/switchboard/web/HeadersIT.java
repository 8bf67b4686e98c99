package io.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Browser;
import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * Every response of the WAR carries the security headers, script files are text/javascript, and a
 * real browser under that policy runs the site's own module, opens a same-origin WebSocket and
 * refuses inline script.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HeadersIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

    /** A page with an inline script (which must not run) and a module of the site (which must). */
    private static final String PROBE_PAGE = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>probe</title>
            <script type="module" src="csp-probe.js"></script></head>
            <body><p id="inline">inline script did not run</p><p id="result">waiting</p>
            <script>document.getElementById('inline').textContent = 'inline script ran';</script>
            </body></html>
            """;

    /** Logs in as alice, opens the page's own WebSocket and shows what happened. */
    private static final String PROBE_MODULE = """
            const result = document.getElementById('result');
            const violations = [];
            document.addEventListener('securitypolicyviolation', e => violations.push(e.violatedDirective));
            await fetch('api/login', {method: 'POST', headers: {'Content-Type': 'application/json'},
                body: JSON.stringify({username: 'alice', password: 'demo'})});
            const url = new URL('ws', location.href);
            url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
            const socket = new WebSocket(url, 'switchboard.v1');
            socket.onopen = () => socket.send('{"type":"ping","id":"p1"}');
            socket.onmessage = e => {
                result.textContent = 'answered ' + e.data + ' violations ' + violations.length;
                socket.close();
            };
            socket.onclose = e => {
                if (!result.textContent.startsWith('answered')) {
                    result.textContent = 'closed ' + e.code + ' violations ' + violations.join(',');
                }
            };
            """;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("headers", Map.of())
                .add(new StringAsset(PROBE_PAGE), "csp-probe.html")
                .add(new StringAsset(PROBE_MODULE), "csp-probe.js");
    }

    @ArquillianResource
    URL base;

    URI root;

    @BeforeEach
    void uri() {
        root = URI.create("http://127.0.0.1:" + base.getPort() + base.getPath() + (base.getPath().endsWith("/") ? "" : "/"));
    }

    @Test
    void pagesScriptsTheApiAndErrorsCarryTheSecurityHeaders() throws Exception {
        for (String path : new String[] {"", "switchboard.js", "api/me", "no-such-page"}) {
            HttpResponse<String> answer = send(path, "GET", Map.of(), "");
            assertSecurityHeaders(path, answer.headers()::firstValue);
        }
        assertThat(send("api/me", "GET", Map.of(), "").statusCode()).isEqualTo(401);
        assertThat(send("no-such-page", "GET", Map.of(), "").statusCode()).isEqualTo(404);
    }

    @Test
    void refusalsBeforeAnyResourceCarryTheSecurityHeadersToo() throws Exception {
        HttpResponse<String> badKey = send("api/me", "GET", Map.of("Authorization", "Bearer sbk_unknown"), "");
        assertThat(badKey.statusCode()).isEqualTo(401);
        assertSecurityHeaders("unknown API key", badKey.headers()::firstValue);

        HttpResponse<String> notJson = send("api/login", "POST", Map.of("Content-Type", "text/plain",
                "Origin", "http://127.0.0.1:" + base.getPort()), "x");
        assertThat(notJson.statusCode()).isEqualTo(415);
        assertSecurityHeaders("415", notJson.headers()::firstValue);

        URI ws = Deployments.wsUri(base);
        RawWebSocket.Handshake anonymous = RawWebSocket.handshakeOnly(ws.getHost(), ws.getPort(), ws.getRawPath(),
                List.of(WsClient.V1), Map.of("Origin", "http://127.0.0.1:" + base.getPort()));
        assertThat(anonymous.status()).isEqualTo(401);
        assertSecurityHeaders("refused handshake", name -> Optional.ofNullable(anonymous.header(name)));
    }

    /** The container keeps a 101's header fields while the connection is open; these would only cost memory. */
    @Test
    void anAcceptedHandshakeIsAnsweredWithoutThem() {
        URI ws = Deployments.wsUri(base);
        RawWebSocket.Handshake accepted = RawWebSocket.handshakeOnly(ws.getHost(), ws.getPort(), ws.getRawPath(),
                List.of(WsClient.V1), Login.fresh(ws, "alice", "demo").headers());
        assertThat(accepted.status()).isEqualTo(101);
        assertThat(accepted.header("Content-Security-Policy")).isNull();
        assertThat(accepted.header("X-Content-Type-Options")).isNull();
        assertThat(accepted.header("Referrer-Policy")).isNull();
        // X-Frame-Options stays: the container sets SAMEORIGIN on any response without one.
    }

    private static void assertSecurityHeaders(String what, Function<String, Optional<String>> header) {
        assertThat(header.apply("Content-Security-Policy")).as(what)
                .hasValue("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                        + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
                        + "object-src 'none'");
        assertThat(header.apply("X-Content-Type-Options")).as(what).hasValue("nosniff");
        assertThat(header.apply("Referrer-Policy")).as(what).hasValue("no-referrer");
        assertThat(header.apply("X-Frame-Options")).as(what).hasValue("DENY");
    }

    @Test
    void scriptFilesAreServedAsTextJavascript() throws Exception {
        HttpResponse<String> script = send("switchboard.js", "GET", Map.of(), "");

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
    }

    @Test
    void theWebSocketHandshakeStillUpgradesThroughTheFilter() {
        try (WsClient client = WsClient.connect(Deployments.wsUri(base))) {
            client.send("{\"type\":\"ping\",\"id\":\"p1\"}");
            assertThat(client.next("pong").getString("id")).isEqualTo("p1");
        }
    }

    @Test
    void aBrowserRunsTheSitesModuleConnectsToItsOwnWebSocketAndRefusesInlineScript() {
        try (Browser browser = Browser.open()) {
            browser.driver().get(root.resolve("csp-probe.html").toString());

            browser.waiting().until(d -> !d.findElement(By.id("result")).getText().equals("waiting"));
            assertThat(browser.driver().findElement(By.id("result")).getText())
                    .isEqualTo("answered {\"type\":\"pong\",\"id\":\"p1\"} violations 0");
            assertThat(browser.driver().findElement(By.id("inline")).getText()).isEqualTo("inline script did not run");
        }
    }

    private HttpResponse<String> send(String path, String method, Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(root.resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
