package io.switchboard.connection;

import java.lang.reflect.Field;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application's own context-free scheduler for the container's WebSocket idle timers, put in
 * place of the one the container looked up when that is still the stock managed executor. Payara
 * Server re-creates its default managed scheduled executor at every start, beside the replacement
 * the server library installs, and from the second start on the stock one is what the lookup
 * finds; a server started without the pre-boot commands has only the stock one.
 *
 * <p>The WebSocket layer (Tyrus) keeps what it looked up in a field of its container, read for
 * every session it opens; no API sets it, so this does it by reflection, before any session.
 */
final class IdleTimerScheduler {

    // Tyrus' BaseContainer: the managed scheduler it found when the container was made.
    static final String FIELD = "managedScheduledExecutorService";

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ScheduledThreadPoolExecutor executor;

    IdleTimerScheduler(int threads) {
        executor = new ScheduledThreadPoolExecutor(threads, task -> {
            Thread t = new Thread(task, "switchboard-idle-timers-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ScheduledThreadPoolExecutor.DiscardPolicy());
        // Every frame cancels the timer the previous one set: cancelled timers leave the queue at once.
        executor.setRemoveOnCancelPolicy(true);
        // At undeploy the threads end at once; a connection still closing re-arms nothing (discarded).
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** The scheduler {@code container} arms its idle timers on, or null when it is not a container this knows. */
    static Object inUse(Object container) {
        Field field = field(container);
        if (field == null) {
            return null;
        }
        try {
            return field.get(container);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    /** Puts this scheduler in place of {@code container}'s; false when the container is not one this knows. */
    boolean installOn(Object container) {
        Field field = field(container);
        if (field == null || !field.getType().isAssignableFrom(ScheduledExecutorService.class)) {
            return false;
        }
        try {
            field.set(container, executor);
            return field.get(container) == executor;
        } catch (IllegalAccessException | RuntimeException e) {
            return false;
        }
    }

    void shutdown() {
        executor.shutdown();
    }

    private static Field field(Object container) {
        for (Class<?> c = container == null ? null : container.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(FIELD);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // a superclass declares it
            } catch (RuntimeException e) {
                return null;
            }
        }
        return null;
    }
}
