package io.switchboard.connection;

import io.switchboard.config.Settings;
import io.switchboard.protocol.CloseCode;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Closes connections off the caller's thread: writing a close frame to a client that stopped
 * reading can wait on the socket, a close started on a container HTTP thread corrupts that
 * thread's later requests (see {@link Connection#closeNow}), and after the close timeout the TCP
 * connection is aborted.
 */
@ApplicationScoped
public class ConnectionCloser {

    private static final Logger LOG = Logger.getLogger(ConnectionCloser.class.getName());

    @Resource
    ManagedExecutorService executor;

    @Inject
    ScheduledExecutorService scheduler;

    @Inject
    Settings settings;

    void close(FrameSink sink, CloseCode code) {
        executor.execute(() -> {
            try {
                sink.close(code);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "close failed; aborting", e);
                sink.abort();
            }
        });
    }

    /** Closes the session of a connection whose socket has closed (see {@link FrameSink#closeLost}). */
    void closeLost(FrameSink sink) {
        executor.execute(sink::closeLost);
    }

    /**
     * Aborts the connection when the close timeout has passed, unless it has closed by then. Not
     * decided from the session's state: the container marks the session closed once the close
     * frame is queued, while the socket stays open until that frame has been written.
     */
    void abortIfStillOpenLater(FrameSink sink) {
        scheduler.schedule(sink::abort, settings.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
