package io.switchboard.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RequestLaneTest {

    private static final int PER_TURN = 16;

    /** A one-thread FIFO pool whose tasks the test runs itself, one at a time. */
    private final ArrayDeque<Runnable> pool = new ArrayDeque<>();
    private final List<String> ran = new ArrayList<>();

    private void runPool() {
        for (int tasks = 0; !pool.isEmpty(); tasks++) {
            assertThat(tasks).as("tasks run").isLessThan(10_000);
            pool.poll().run();
        }
    }

    private Runnable logs(String entry) {
        return () -> ran.add(entry);
    }

    @Test
    void aConnectionWithAThousandRequestsQueuedLetsAnotherRunWithinOneTurn() {
        RequestLane flooder = new RequestLane(pool::add, 10_000, PER_TURN);
        RequestLane other = new RequestLane(pool::add, 10_000, PER_TURN);
        for (int i = 0; i < 1000; i++) {
            assertThat(flooder.submit(logs("f" + i))).isTrue();
        }
        assertThat(other.submit(logs("other"))).isTrue();

        runPool();

        assertThat(ran.indexOf("other")).as("flooder requests run before the other's").isLessThanOrEqualTo(PER_TURN);
        assertThat(ran.stream().filter(e -> e.startsWith("f")).collect(Collectors.toList()))
                .as("the flooder's requests, all in the order sent")
                .isEqualTo(IntStream.range(0, 1000).mapToObj(i -> "f" + i).collect(Collectors.toList()));
    }

    @Test
    void aRequestArrivingWhileAFloodIsUnderWayWaitsForAtMostOneTurn() {
        RequestLane flooder = new RequestLane(pool::add, 10_000, PER_TURN);
        RequestLane other = new RequestLane(pool::add, 10_000, PER_TURN);
        for (int i = 0; i < 1000; i++) {
            flooder.submit(logs("f" + i));
        }
        for (int turn = 0; turn < 3 && !pool.isEmpty(); turn++) {
            pool.poll().run();
        }
        int before = ran.size();
        assertThat(before).as("requests run in three turns").isEqualTo(3 * PER_TURN);
        other.submit(logs("other"));

        runPool();

        assertThat(ran.indexOf("other") - before).as("flooder requests run after the other's arrived")
                .isLessThanOrEqualTo(PER_TURN);
        assertThat(ran).hasSize(1001);
    }

    @Test
    void aLaneHasAtMostOneTurnQueuedAndIdleLanesQueueNone() {
        RequestLane lane = new RequestLane(pool::add, 10_000, PER_TURN);
        for (int i = 0; i < 100; i++) {
            lane.submit(logs("r" + i));
        }
        assertThat(pool).hasSize(1);
        pool.poll().run();
        assertThat(ran).hasSize(PER_TURN);
        assertThat(pool).as("the lane queued again for the rest").hasSize(1);
        lane.submit(logs("late"));
        assertThat(pool).as("a submit while a turn is queued starts none").hasSize(1);

        runPool();
        assertThat(ran).hasSize(101).last().isEqualTo("late");
        lane.submit(logs("after"));
        assertThat(pool).as("an emptied lane starts a turn on the next submit").hasSize(1);
    }

    @Test
    @Timeout(60)
    void requestsRunOneAtATimeInOrderAcrossTurnsOnManyThreadsAndFinishRunsLast() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            RequestLane lane = new RequestLane(threads, 100_000, 3);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            // Not thread-safe on purpose: the lane's turns must hand it from thread to thread safely.
            List<Integer> order = new ArrayList<>();
            CountDownLatch finished = new CountDownLatch(1);
            int n = 20_000;
            for (int i = 0; i < n; i++) {
                int request = i;
                assertThat(lane.submit(() -> {
                    if (running.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    order.add(request);
                    running.decrementAndGet();
                })).isTrue();
            }
            lane.finish(() -> {
                order.add(-1);
                finished.countDown();
            });
            assertThat(lane.submit(() -> order.add(-2))).as("a submit after finish").isFalse();

            assertThat(finished.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(overlaps).hasValue(0);
            List<Integer> expected = IntStream.range(0, n).boxed().collect(Collectors.toList());
            expected.add(-1);
            assertThat(order).isEqualTo(expected);
        } finally {
            threads.shutdownNow();
            assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
