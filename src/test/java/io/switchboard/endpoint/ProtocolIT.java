package io.switchboard.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.websocket.Extension;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.glassfish.tyrus.ext.extension.deflate.PerMessageDeflateExtension;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every v1 frame type and error code, as a client sees them. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProtocolIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("protocol", Map.of());
    }

    @ArquillianResource
    URL base;

    URI ws;

    @BeforeEach
    void uri() {
        ws = Deployments.wsUri(base);
    }

    @Test
    void pingGetsPong() {
        try (WsClient c = WsClient.connect(ws)) {
            c.send("{\"type\":\"ping\",\"id\":\"p1\"}");
            JsonObject pong = c.next();
            assertThat(pong.getString("type")).isEqualTo("pong");
            assertThat(pong.getString("id")).isEqualTo("p1");
        }
    }

    @Test
    void echoReturnsDataUnchanged() {
        try (WsClient c = WsClient.connect(ws)) {
            c.send("{\"type\":\"echo\",\"data\":{\"text\":\"héllo ✓ 😀\",\"n\":[1,2.5,null,true]}}");
            JsonObject echo = c.next();
            assertThat(echo.getString("type")).isEqualTo("echo");
            assertThat(echo.getJsonObject("data").getString("text")).isEqualTo("héllo ✓ 😀");
            assertThat(echo.getJsonObject("data").getJsonArray("n").toString()).isEqualTo("[1,2.5,null,true]");
        }
    }

    @Test
    void negotiatesSubprotocolV1() {
        try (WsClient c = WsClient.connect(ws)) {
            assertThat(c.session().getNegotiatedSubprotocol()).isEqualTo("switchboard.v1");
        }
    }

    @Test
    void clientWithoutSubprotocolSpeaksV1() {
        try (WsClient c = WsClient.connect(ws, List.of(), List.of(), null)) {
            c.send("{\"type\":\"ping\"}");
            assertThat(c.next().getString("type")).isEqualTo("pong");
        }
    }

    @Test
    void unknownSubprotocolIsClosedWith4000() {
        try (WsClient c = WsClient.connect(ws, List.of("chat.v9"), List.of(), null)) {
            assertThat(c.awaitClose().getCloseCode().getCode()).isEqualTo(4000);
        }
    }

    @Test
    void permessageDeflateIsNegotiatedWhenOffered() {
        List<Extension> deflate = List.of(new PerMessageDeflateExtension());
        try (WsClient c = WsClient.connect(ws, List.of(WsClient.V1), deflate, null)) {
            assertThat(c.session().getNegotiatedExtensions()).extracting(Extension::getName)
                    .containsExactly("permessage-deflate");
            String text = "compress me ".repeat(2000);
            c.send("{\"type\":\"echo\",\"data\":\"" + text + "\"}");
            assertThat(c.next().getString("data")).isEqualTo(text);
        }
    }

    @Test
    void noExtensionWhenNoneOffered() {
        try (WsClient c = WsClient.connect(ws)) {
            assertThat(c.session().getNegotiatedExtensions()).isEmpty();
        }
    }

    @Test
    void badJsonIsAnErrorAndTheConnectionStaysUsable() {
        try (WsClient c = WsClient.connect(ws)) {
            c.send("{not json");
            assertThat(c.next().getString("code")).isEqualTo("bad_json");
            c.send("[1,2]");
            assertThat(c.next().getString("code")).isEqualTo("bad_json");
            c.send("[".repeat(65) + "]".repeat(65));
            assertThat(c.next().getString("code")).isEqualTo("bad_json");
            c.send("{\"type\":\"echo\",\"data\":" + "[".repeat(60) + "]".repeat(60) + "}");
            assertThat(c.next().getString("type")).isEqualTo("echo");
        }
    }

    @Test
    void unknownTypeAndInvalidFieldsAreErrorsWithTheRequestId() {
        try (WsClient c = WsClient.connect(ws)) {
            c.send("{\"type\":\"fly\",\"id\":\"a\"}");
            assertError(c.next(), "unknown_type", "a");
            c.send("{\"id\":\"b\"}");
            assertError(c.next(), "invalid", "b");
            c.send("{\"type\":\"subscribe\",\"channel\":\"bad name!\",\"id\":\"c\"}");
            assertError(c.next(), "invalid", "c");
            c.send("{\"type\":\"subscribe\",\"channel\":\"" + "x".repeat(129) + "\",\"id\":\"d\"}");
            assertError(c.next(), "invalid", "d");
            c.send("{\"type\":\"publish\",\"channel\":\"room\",\"id\":\"e\"}");
            assertError(c.next(), "invalid", "e");
            c.send("{\"type\":\"subscribe\",\"channel\":7}");
            assertThat(c.next().getString("code")).isEqualTo("invalid");
            c.send("{\"type\":\"ping\",\"id\":5}");
            assertThat(c.next().getString("code")).isEqualTo("invalid");
            c.send("{\"type\":\"ping\"}");
            assertThat(c.next().getString("type")).isEqualTo("pong");
        }
    }

    @Test
    void broadcastReachesEveryoneButTheSender() throws InterruptedException {
        try (WsClient a = WsClient.connect(ws); WsClient b = WsClient.connect(ws); WsClient c = WsClient.connect(ws)) {
            // A pong proves the server has registered the connection, not just answered the handshake.
            for (WsClient other : List.of(b, c)) {
                other.send("{\"type\":\"ping\"}");
                assertThat(other.next().getString("type")).isEqualTo("pong");
            }
            a.send("{\"type\":\"broadcast\",\"data\":\"hi all\"}");
            for (WsClient other : List.of(b, c)) {
                JsonObject got = other.next("broadcast");
                assertThat(got.getString("data")).isEqualTo("hi all");
                assertThat(got.getString("from")).isNotBlank();
            }
            a.send("{\"type\":\"ping\"}");
            assertThat(a.next().getString("type")).isEqualTo("pong");
        }
    }

    @Test
    void subscribePublishAckAndMessage() {
        try (WsClient pub = WsClient.connect(ws); WsClient sub = WsClient.connect(ws)) {
            sub.send("{\"type\":\"subscribe\",\"channel\":\"news.eu\",\"id\":\"s\"}");
            JsonObject subscribed = sub.next();
            assertThat(subscribed.getString("type")).isEqualTo("subscribed");
            assertThat(subscribed.getString("channel")).isEqualTo("news.eu");
            assertThat(subscribed.getJsonNumber("seq").longValue()).isZero();

            pub.send("{\"type\":\"publish\",\"channel\":\"news.eu\",\"data\":{\"t\":1},\"id\":\"m1\"}");
            JsonObject ack = pub.next();
            assertThat(ack.getString("type")).isEqualTo("ack");
            assertThat(ack.getString("id")).isEqualTo("m1");
            assertThat(ack.getJsonNumber("seq").longValue()).isEqualTo(1);

            JsonObject message = sub.next();
            assertThat(message.getString("type")).isEqualTo("message");
            assertThat(message.getString("channel")).isEqualTo("news.eu");
            assertThat(message.getJsonNumber("seq").longValue()).isEqualTo(1);
            assertThat(message.getJsonObject("data").getInt("t")).isEqualTo(1);
            assertThat(message.getString("from")).isNotBlank();
            assertThat(message.getJsonNumber("ts").longValue()).isGreaterThan(1_700_000_000_000L);

            sub.send("{\"type\":\"subscribe\",\"channel\":\"news.eu\"}");
            assertThat(sub.next().getJsonNumber("seq").longValue()).isEqualTo(1);

            sub.send("{\"type\":\"unsubscribed\",\"channel\":\"news.eu\"}");
            assertThat(sub.next().getString("code")).isEqualTo("unknown_type");
            sub.send("{\"type\":\"unsubscribe\",\"channel\":\"news.eu\",\"id\":\"u\"}");
            JsonObject unsubscribed = sub.next();
            assertThat(unsubscribed.getString("type")).isEqualTo("unsubscribed");
            assertThat(unsubscribed.getString("id")).isEqualTo("u");
        }
    }

    @Test
    void subscribingPastTheLimitIsRefusedWithLimitExceeded() {
        try (WsClient c = WsClient.connect(ws)) {
            for (int i = 0; i < 1000; i++) {
                c.send("{\"type\":\"subscribe\",\"channel\":\"many." + i + "\"}");
            }
            for (int i = 0; i < 1000; i++) {
                assertThat(c.next().getString("type")).isEqualTo("subscribed");
            }
            c.send("{\"type\":\"subscribe\",\"channel\":\"many.1000\",\"id\":\"x\"}");
            assertError(c.next(), "limit_exceeded", "x");
            c.send("{\"type\":\"subscribe\",\"channel\":\"many.7\"}");
            assertThat(c.next().getString("type")).isEqualTo("subscribed");
        }
    }

    private static void assertError(JsonObject frame, String code, String id) {
        assertThat(frame.getString("type")).isEqualTo("error");
        assertThat(frame.getString("code")).isEqualTo(code);
        assertThat(frame.getString("message")).isNotBlank();
        assertThat(frame.getString("id")).isEqualTo(id);
    }
}
