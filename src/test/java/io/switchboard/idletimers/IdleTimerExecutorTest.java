package io.switchboard.idletimers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.Trigger;
import java.time.ZonedDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdleTimerExecutorTest {

    private final IdleTimerExecutor executor = new IdleTimerExecutor(1);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aTimerReArmedOnEveryFrameLeavesOnlyTheLastOneQueued() {
        ScheduledFuture<?> timer = null;
        for (int frame = 0; frame < 10_000; frame++) {
            if (timer != null) {
                timer.cancel(false);
            }
            timer = executor.schedule(() -> { }, 10, TimeUnit.MINUTES);
        }

        assertThat(executor.getQueue()).hasSize(1);
    }

    @Test
    void runsWhatIsDueOnADaemonThread() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        boolean[] daemon = new boolean[1];
        executor.schedule(() -> {
            daemon[0] = Thread.currentThread().isDaemon();
            ran.countDown();
        }, 1, TimeUnit.MILLISECONDS);

        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(daemon[0]).isTrue();
    }

    @Test
    void isTheServersDefaultKindOfExecutorAndItsFactoryAlwaysGivesTheSameOne() throws Exception {
        IdleTimerExecutorFactory factory = new IdleTimerExecutorFactory();

        Object first = factory.getObjectInstance(null, null, null, null);
        assertThat(first).isInstanceOf(ManagedScheduledExecutorService.class)
                .isSameAs(factory.getObjectInstance(null, null, null, null))
                .isSameAs(new IdleTimerExecutorFactory().getObjectInstance(null, null, null, null));
    }

    @Test
    void itsStagesCompleteAndRunTheirDependentsOnIt() throws Exception {
        CompletableFuture<String> supplied = executor.supplyAsync(() -> Thread.currentThread().getName());
        assertThat(supplied.get(10, TimeUnit.SECONDS)).startsWith("switchboard-idle-timers-");
        assertThat(supplied.thenApplyAsync(v -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS))
                .startsWith("switchboard-idle-timers-");
        assertThat(executor.completedFuture(3).get()).isEqualTo(3);
        assertThat(executor.failedFuture(new IllegalStateException("x"))).isCompletedExceptionally();
        CompletableFuture<Integer> source = new CompletableFuture<>();
        CompletableFuture<Integer> copy = executor.copy(source);
        source.complete(7);
        assertThat(copy.get(10, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(executor.runAsync(() -> { }).get(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void saysPlainlyThatItHasNoTriggersAndNoContext() {
        Trigger trigger = new Trigger() {
            @Override
            public java.util.Date getNextRunTime(jakarta.enterprise.concurrent.LastExecution last, java.util.Date scheduled) {
                return java.util.Date.from(ZonedDateTime.now().toInstant());
            }

            @Override
            public boolean skipRun(jakarta.enterprise.concurrent.LastExecution last, java.util.Date scheduled) {
                return false;
            }
        };
        assertThatThrownBy(() -> executor.schedule(() -> { }, trigger)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(executor::getContextService).isInstanceOf(UnsupportedOperationException.class);
    }
}
