package io.switchboard.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IdleTimerSchedulerTest {

    /** The shape of the container's WebSocket layer: the scheduler it found, in a final field of a superclass. */
    abstract static class BaseContainer {
        private final ScheduledExecutorService managedScheduledExecutorService;

        BaseContainer(ScheduledExecutorService found) {
            this.managedScheduledExecutorService = found;
        }

        ScheduledExecutorService scheduler() {
            return managedScheduledExecutorService;
        }
    }

    static final class ServerContainer extends BaseContainer {
        ServerContainer(ScheduledExecutorService found) {
            super(found);
        }
    }

    @Test
    void takesThePlaceOfTheSchedulerTheContainerFoundAndRunsItsTimersOnItsOwnThreads() throws Exception {
        ScheduledExecutorService stock = Executors.newSingleThreadScheduledExecutor();
        IdleTimerScheduler own = new IdleTimerScheduler(2);
        try {
            ServerContainer container = new ServerContainer(stock);
            assertThat(IdleTimerScheduler.inUse(container)).isSameAs(stock);

            assertThat(own.installOn(container)).isTrue();

            assertThat(container.scheduler()).isNotSameAs(stock).isSameAs(IdleTimerScheduler.inUse(container));
            CountDownLatch ran = new CountDownLatch(1);
            String[] thread = new String[1];
            container.scheduler().schedule(() -> {
                thread[0] = Thread.currentThread().getName();
                ran.countDown();
            }, 1, TimeUnit.MILLISECONDS);
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(thread[0]).startsWith("switchboard-idle-timers-");
        } finally {
            own.shutdown();
            stock.shutdownNow();
        }
    }

    @Test
    void afterShutdownATimerArmedByAClosingConnectionIsDroppedNotRefused() {
        IdleTimerScheduler own = new IdleTimerScheduler(1);
        ServerContainer container = new ServerContainer(null);
        assertThat(own.installOn(container)).isTrue();
        own.shutdown();

        ScheduledFuture<?> timer = container.scheduler().schedule(() -> { }, 1, TimeUnit.HOURS);

        assertThat(timer.cancel(false)).isTrue();
    }

    @Test
    void leavesAContainerItDoesNotKnowAlone() {
        IdleTimerScheduler own = new IdleTimerScheduler(1);
        try {
            assertThat(IdleTimerScheduler.inUse(new Object())).isNull();
            assertThat(IdleTimerScheduler.inUse(null)).isNull();
            assertThat(own.installOn(new Object())).isFalse();
            assertThat(own.installOn(null)).isFalse();
        } finally {
            own.shutdown();
        }
    }
}
