package io.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventDispatcherTest {

    @Test
    void eventsBeyondTheLimitAreRefusedWhileCompletionsAreTakenInOrder() throws Exception {
        EventDispatcher dispatcher = new EventDispatcher(2, "test-events");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        assertThat(dispatcher.offerEvent(() -> {
            blocked.countDown();
            await(release);
        })).isTrue();
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(dispatcher.offerEvent(() -> ran.add("e1"))).isTrue();
        dispatcher.complete(() -> ran.add("c1"));
        assertThat(dispatcher.offerEvent(() -> ran.add("e2"))).isTrue();
        assertThat(dispatcher.offerEvent(() -> ran.add("e3"))).as("a third event waiting").isFalse();
        release.countDown();
        dispatcher.shutdown();
        assertThat(dispatcher.awaitTermination(10_000)).isTrue();
        assertThat(ran).containsExactly("e1", "c1", "e2");
    }

    @Test
    void aFailingHandlerDoesNotStopTheNext() throws Exception {
        EventDispatcher dispatcher = new EventDispatcher(10, "test-events");
        CountDownLatch next = new CountDownLatch(1);
        dispatcher.offerEvent(() -> {
            throw new IllegalStateException("handler bug");
        });
        dispatcher.offerEvent(next::countDown);
        assertThat(next.await(10, TimeUnit.SECONDS)).isTrue();
        dispatcher.shutdown();
        assertThat(dispatcher.awaitTermination(10_000)).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
