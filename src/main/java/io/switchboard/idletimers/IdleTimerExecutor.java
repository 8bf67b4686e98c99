package io.switchboard.idletimers;

import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.Trigger;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The server's default managed scheduled executor, replaced by a plain scheduler that captures no
 * thread context. The container's WebSocket layer re-arms each session's idle timer on this
 * executor for every frame sent or received, and the stock executor captures context for each
 * such task with a class-path scan: half of the server's time per frame. The timers need no
 * context; the application schedules its own work elsewhere (on its own managed threads).
 *
 * <p>Installed by the pre-boot commands in server-config/*.asadmin, with this jar added to the
 * server's class path (--addlibs): see the README's "Idle timers".
 */
public class IdleTimerExecutor extends ScheduledThreadPoolExecutor implements ManagedScheduledExecutorService {

    private static final AtomicInteger THREADS = new AtomicInteger();

    public IdleTimerExecutor(int threads) {
        super(threads, task -> {
            Thread t = new Thread(task, "switchboard-idle-timers-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // Every frame cancels the timer the previous frame set; cancelled timers must leave the
        // queue at once, or a busy connection would fill it with dead ones until they expire.
        setRemoveOnCancelPolicy(true);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, Trigger trigger) {
        throw new UnsupportedOperationException("triggers are not supported by " + getClass().getName());
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, Trigger trigger) {
        throw new UnsupportedOperationException("triggers are not supported by " + getClass().getName());
    }

    @Override
    public <U> CompletableFuture<U> completedFuture(U value) {
        CompletableFuture<U> f = newIncompleteFuture();
        f.complete(value);
        return f;
    }

    @Override
    public <U> CompletionStage<U> completedStage(U value) {
        return completedFuture(value);
    }

    @Override
    public <T> CompletableFuture<T> copy(CompletableFuture<T> stage) {
        return copyOf(stage);
    }

    @Override
    public <T> CompletionStage<T> copy(CompletionStage<T> stage) {
        return copyOf(stage);
    }

    private <T> CompletableFuture<T> copyOf(CompletionStage<T> stage) {
        CompletableFuture<T> f = newIncompleteFuture();
        stage.whenComplete((value, failure) -> {
            if (failure != null) {
                f.completeExceptionally(failure);
            } else {
                f.complete(value);
            }
        });
        return f;
    }

    @Override
    public <U> CompletableFuture<U> failedFuture(Throwable failure) {
        CompletableFuture<U> f = newIncompleteFuture();
        f.completeExceptionally(failure);
        return f;
    }

    @Override
    public <U> CompletionStage<U> failedStage(Throwable failure) {
        return failedFuture(failure);
    }

    @Override
    public ContextService getContextService() {
        throw new UnsupportedOperationException(getClass().getName() + " propagates no context");
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new Stage<>(this);
    }

    @Override
    public CompletableFuture<Void> runAsync(Runnable task) {
        return supplyAsync(() -> {
            task.run();
            return null;
        });
    }

    @Override
    public <U> CompletableFuture<U> supplyAsync(Supplier<U> supplier) {
        CompletableFuture<U> f = newIncompleteFuture();
        execute(() -> {
            try {
                f.complete(supplier.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    /** A stage whose dependent actions run on this executor by default, as the interface asks. */
    private static final class Stage<T> extends CompletableFuture<T> {

        private final Executor executor;

        Stage(Executor executor) {
            this.executor = executor;
        }

        @Override
        public Executor defaultExecutor() {
            return executor;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new Stage<>(executor);
        }
    }
}
