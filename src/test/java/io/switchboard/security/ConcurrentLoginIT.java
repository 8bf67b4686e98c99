package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.Deployments;
import io.switchboard.testing.Login;
import io.switchboard.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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

/** Users who log in and connect at the same moment each get their own identity and roles. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConcurrentLoginIT {

    private static final String[] USERS = {"alice", "bob", "mod", "admin"};

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war("concurrentlogin", Map.of());
    }

    @ArquillianResource
    URL base;

    URI ws;

    @BeforeEach
    void uri() {
        ws = Deployments.wsUri(base);
    }

    @Test
    void fourUsersLoggingInAndConnectingTogetherEachGetTheirRoles() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(USERS.length);
        try {
            for (int round = 0; round < 15; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> results = new ArrayList<>();
                for (String user : USERS) {
                    int r = round;
                    results.add(pool.submit(() -> {
                        start.await();
                        try (WsClient c = WsClient.connect(ws, Login.fresh(ws, user, Login.DEMO_PASSWORD))) {
                            // announce.* needs a moderator to publish: the roles must be the user's own.
                            c.send("{\"type\":\"publish\",\"channel\":\"announce.r" + r + "\",\"data\":1,\"id\":\"p\"}");
                            JsonObject reply = c.next(f -> "p".equals(f.getString("id", "")));
                            return user + ":" + reply.getString("type") + ":" + reply.getString("code", "");
                        }
                    }));
                }
                start.countDown();
                List<String> answers = new ArrayList<>();
                for (Future<String> f : results) {
                    answers.add(f.get(60, TimeUnit.SECONDS));
                }
                assertThat(answers).as("round %d", round).containsExactly(
                        "alice:error:forbidden", "bob:error:forbidden", "mod:ack:", "admin:ack:");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
