package io.switchboard.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Browser;
import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.openqa.selenium.WebDriver;

/**
 * The browser client with {@code {encoding: 'msgpack'}} in headless Chromium against the real
 * server, under the site's Content-Security-Policy: it loads the MessagePack library the WAR serves,
 * publishes bytes that a text client sees as {@code {"$bin":..}}, and gets a text client's
 * {@code $bin} as a Uint8Array.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MsgpackClientPageIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

    /** Logs in as alice and runs the module; everything it sees is written into the page. */
    private static final String PAGE = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>msgpack client</title>
            <script type="module" src="msgpack-probe.js"></script></head>
            <body><p id="encoding"></p><p id="state"></p><p id="ack"></p>
            <ol id="messages"></ol><ol id="errors"></ol><p id="violations">0</p></body></html>
            """;

    private static final String MODULE = """
            import { SwitchboardClient } from './switchboard.js';

            const $ = (id) => document.getElementById(id);
            const item = (list, text) => {
              const li = document.createElement('li');
              li.textContent = text;
              $(list).append(li);
            };
            let violations = 0;
            document.addEventListener('securitypolicyviolation', () => { $('violations').textContent = ++violations; });
            // Bytes shown as hex, so the test sees that a Uint8Array arrived.
            const shown = (v) => v instanceof Uint8Array ? 'bytes ' + [...v].map((b) => b.toString(16).padStart(2, '0')).join(' ')
              : Array.isArray(v) ? v.map(shown)
              : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shown(x)]))
              : v;

            const channel = new URLSearchParams(location.search).get('channel');
            try {
              const login = await fetch('api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify({ username: 'alice', password: 'demo' }) });
              if (!login.ok) throw new Error('login answered ' + login.status);
              const hub = new SwitchboardClient({ encoding: 'msgpack' });
              $('encoding').textContent = hub.encoding;
              hub.on('state', (s) => { $('state').textContent = s.state; });
              hub.on('error', (e) => item('errors', e.code + ': ' + e.message));
              hub.on('message', (m) => item('messages', JSON.stringify({ seq: m.seq, from: m.from, data: shown(m.data) })));
              hub.connect();
              await hub.subscribe(channel);
              const ack = await hub.publish(channel, { text: 'hello from the browser', bytes: new Uint8Array([0, 1, 254, 255]) });
              $('ack').textContent = String(ack.seq);
            } catch (e) {
              item('errors', 'page: ' + e.message);
            }
            """;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("msgpack-page", Map.of())
                .add(new StringAsset(PAGE), "msgpack-probe.html")
                .add(new StringAsset(MODULE), "msgpack-probe.js");
    }

    @ArquillianResource
    URL base;

    URI root;
    URI ws;

    @BeforeEach
    void uri() {
        root = URI.create("http://127.0.0.1:" + base.getPort() + base.getPath() + (base.getPath().endsWith("/") ? "" : "/"));
        ws = Deployments.wsUri(base);
    }

    @Test
    void aMsgpackPageSendsBytesAsBinAndReceivesATextClientsBinObjectAsBytes() {
        String channel = "bytes-" + System.nanoTime();
        try (WsClient bob = WsClient.connect(ws, Login.shared(ws, "bob")); Browser browser = Browser.open()) {
            bob.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\",\"id\":\"s1\"}");
            assertThat(bob.expect("subscribed").getString("id")).isEqualTo("s1");

            WebDriver page = browser.driver();
            page.get(root.resolve("msgpack-probe.html?channel=" + channel).toString());
            browser.waiting().until(d -> !text(d, "ack").isEmpty() || !items(d, "errors").isEmpty());
            assertThat(items(page, "errors")).isEmpty();
            assertThat(text(page, "encoding")).isEqualTo("msgpack");
            assertThat(text(page, "state")).isEqualTo("open");
            assertThat(text(page, "ack")).isEqualTo("1");
            browser.waiting().until(d -> items(d, "messages").size() == 1);
            assertThat(items(page, "messages")).containsExactly(
                    "{\"seq\":1,\"from\":\"alice\",\"data\":{\"text\":\"hello from the browser\",\"bytes\":\"bytes 00 01 fe ff\"}}");

            // What the browser sent as bin, a text client sees as {"$bin": base64}.
            JsonObject seen = bob.next("message");
            assertThat(seen.getString("from")).isEqualTo("alice");
            assertThat(seen.get("data").toString())
                    .isEqualTo("{\"text\":\"hello from the browser\",\"bytes\":{\"$bin\":\"AAH+/w==\"}}");

            // And a text client's {"$bin": base64} reaches the page as a Uint8Array.
            bob.send("{\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":{\"$bin\":\"3q2+7w==\"},\"id\":\"b1\"}");
            assertThat(bob.expect("ack").getString("id")).isEqualTo("b1");
            browser.waiting().until(d -> items(d, "messages").size() == 2);
            assertThat(items(page, "messages").get(1)).isEqualTo("{\"seq\":2,\"from\":\"bob\",\"data\":\"bytes de ad be ef\"}");

            assertThat(items(page, "errors")).isEmpty();
            assertThat(text(page, "violations")).as("Content-Security-Policy violations").isEqualTo("0");
        }
    }

    @Test
    void theMessagePackLibraryIsServedAsJavaScriptWhereTheClientLoadsItFrom() throws Exception {
        String client = get("switchboard.js").body();
        Matcher library = Pattern.compile("MSGPACK_LIBRARY = '([^']+)'").matcher(client);
        assertThat(library.find()).as("switchboard.js names the library it loads").isTrue();
        String index = library.group(1);
        assertThat(index).isEqualTo("vendor/msgpack/3.1.3/dist.esm/index.mjs");

        for (String path : List.of(index, "vendor/msgpack/3.1.3/dist.esm/Decoder.mjs",
                "vendor/msgpack/3.1.3/dist.esm/utils/utf8.mjs")) {
            HttpResponse<String> script = get(path);
            assertThat(script.statusCode()).as(path).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type").orElseThrow()).as(path).startsWith("text/javascript");
            assertThat(script.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
        }
        assertThat(get(index).body()).contains("export { decode, decodeMulti }");
        HttpResponse<String> license = get("vendor/msgpack/3.1.3/LICENSE");
        assertThat(license.statusCode()).isEqualTo(200);
        assertThat(license.body()).contains("The MessagePack Community");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(root.resolve(path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String text(WebDriver page, String id) {
        return page.findElement(By.id(id)).getText();
    }

    private static List<String> items(WebDriver page, String list) {
        return page.findElements(By.cssSelector("#" + list + " li")).stream().map(e -> e.getText()).toList();
    }
}
