package io.switchboard.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sequence numbers as subscribers see them: consecutive, gap-free, one order for everyone. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ChannelOrderingIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("ordering", Map.of());
    }

    @ArquillianResource
    URL base;

    URI ws;

    @BeforeEach
    void uri() {
        ws = Deployments.wsUri(base);
    }

    @Test
    void thousandPublishesReachThreeSubscribersInOrderWithConsecutiveAcks() {
        List<WsClient> subscribers = connectSubscribers("orders.one", 3);
        try (WsClient publisher = WsClient.connect(ws)) {
            for (int i = 1; i <= 1000; i++) {
                publisher.send("{\"type\":\"publish\",\"channel\":\"orders.one\",\"data\":" + i + ",\"id\":\"m" + i + "\"}");
            }
            for (int i = 1; i <= 1000; i++) {
                JsonObject ack = publisher.next("ack");
                assertThat(ack.getString("id")).isEqualTo("m" + i);
                assertThat(ack.getJsonNumber("seq").longValue()).isEqualTo(i);
            }
            for (WsClient s : subscribers) {
                for (int i = 1; i <= 1000; i++) {
                    JsonObject m = s.next("message");
                    assertThat(m.getJsonNumber("seq").longValue()).isEqualTo(i);
                    assertThat(m.getInt("data")).isEqualTo(i);
                }
            }
        } finally {
            subscribers.forEach(WsClient::close);
        }
    }

    @Test
    void concurrentPublishersKeepOneOrderForAllSubscribers() throws Exception {
        int publishers = 4;
        int each = 500;
        List<WsClient> subscribers = connectSubscribers("orders.many", 3);
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        try {
            List<Future<List<Long>>> acks = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                int publisher = p;
                acks.add(pool.submit(() -> publishAndCollectAcks(publisher, each)));
            }
            for (Future<List<Long>> f : acks) {
                List<Long> seqs = f.get(60, TimeUnit.SECONDS);
                assertThat(seqs).hasSize(each).isSorted().doesNotHaveDuplicates();
            }
            List<List<String>> seen = new ArrayList<>();
            for (WsClient s : subscribers) {
                List<String> order = new ArrayList<>();
                for (int i = 1; i <= publishers * each; i++) {
                    JsonObject m = s.next("message");
                    assertThat(m.getJsonNumber("seq").longValue()).isEqualTo(i);
                    order.add(m.getString("data"));
                }
                seen.add(order);
            }
            assertThat(seen.get(1)).isEqualTo(seen.get(0));
            assertThat(seen.get(2)).isEqualTo(seen.get(0));
            for (int p = 0; p < publishers; p++) {
                String prefix = "p" + p + "-";
                List<String> mine = seen.get(0).stream().filter(d -> d.startsWith(prefix)).toList();
                List<String> sent = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    sent.add(prefix + i);
                }
                assertThat(mine).as("publisher %d's messages in the order sent", p).isEqualTo(sent);
            }
        } finally {
            pool.shutdownNow();
            subscribers.forEach(WsClient::close);
        }
    }

    private List<Long> publishAndCollectAcks(int publisher, int count) {
        try (WsClient c = WsClient.connect(ws)) {
            for (int i = 0; i < count; i++) {
                c.send("{\"type\":\"publish\",\"channel\":\"orders.many\",\"data\":\"p" + publisher + "-" + i + "\"}");
            }
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                seqs.add(c.next("ack").getJsonNumber("seq").longValue());
            }
            return seqs;
        }
    }

    private List<WsClient> connectSubscribers(String channel, int count) {
        List<WsClient> subscribers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            WsClient s = WsClient.connect(ws);
            s.send("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}");
            assertThat(s.next().getString("type")).isEqualTo("subscribed");
            subscribers.add(s);
        }
        return subscribers;
    }
}
