package io.switchboard.connection;

/**
 * Runs a send with the thread's context class loader set to an empty loader. Each send re-arms
 * the container's idle timer, which schedules a task on the managed scheduled executor, and the
 * executor captures context by a ServiceLoader scan of the context class loader: with an empty
 * loader the scan finds nothing at once. See docs/performance.md for the profile behind this.
 */
final class ContextFreeScope implements AutoCloseable {

    private static final ClassLoader EMPTY = new ClassLoader(null) {
    };

    private final Thread thread;
    private final ClassLoader previous;

    private ContextFreeScope(Thread thread) {
        this.thread = thread;
        this.previous = thread.getContextClassLoader();
        thread.setContextClassLoader(EMPTY);
    }

    static ContextFreeScope enter() {
        return new ContextFreeScope(Thread.currentThread());
    }

    @Override
    public void close() {
        thread.setContextClassLoader(previous);
    }
}
