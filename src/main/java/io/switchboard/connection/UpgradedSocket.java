package io.switchboard.connection;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The TCP connection under an upgraded request, so that a WebSocket can be dropped without a close
 * handshake, and a close the container missed can be seen. JSR-356 offers only
 * {@code Session.close}, and the container closes the socket only once everything queued before the
 * close frame has been written: never, for a client that has stopped reading. Payara's (Grizzly's)
 * connection is reached through public methods of its request objects, by reflection so that the
 * WAR needs none of the container's classes; on another container there is none, and closes stay
 * graceful only.
 */
public final class UpgradedSocket {

    private static final Logger LOG = Logger.getLogger(UpgradedSocket.class.getName());
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final AtomicBoolean WRITER_WARNED = new AtomicBoolean();
    // Looked up once per container class, not at every handshake.
    private static final ClassValue<Map<String, Method>> METHODS = new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    // Payara's RequestFacade -> its catalina Request -> the Grizzly request -> the Grizzly connection.
    private static final String[] PATH = {"getUnwrappedCoyoteRequest", "getCoyoteRequest", "getConnection"};

    private final Object connection;
    private final Method isOpen;
    private final Method terminate;

    private UpgradedSocket(Object connection, Method isOpen, Method terminate) {
        this.connection = connection;
        this.isOpen = isOpen;
        this.terminate = terminate;
    }

    /** The socket under {@code request}, or empty where the container does not let us reach it. */
    public static Optional<UpgradedSocket> of(ServletRequest request) {
        ServletRequest innermost = request;
        while (innermost instanceof ServletRequestWrapper wrapper) {
            innermost = wrapper.getRequest();
        }
        return find(innermost);
    }

    static Optional<UpgradedSocket> find(Object containerRequest) {
        try {
            Object target = containerRequest;
            for (String getter : PATH) {
                target = method(target.getClass(), getter).invoke(target);
                if (target == null) {
                    return Optional.empty();
                }
            }
            Class<?> type = target.getClass();
            return Optional.of(new UpgradedSocket(target, method(type, "isOpen"),
                    method(type, "terminateSilently")));
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (WARNED.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "cannot reach the TCP connection under a WebSocket upgrade (request "
                        + containerRequest.getClass().getName() + "); a client that stops reading keeps its socket"
                        + " open after its close", e);
            }
            return Optional.empty();
        }
    }

    /**
     * A writer straight to this connection's write queue ({@link SocketWireWriter}), or null where
     * frames must take the container's servlet stream: over TLS, or where the container's network
     * classes are not visible to the application.
     */
    public WireWriter writer() {
        try {
            return SocketWireWriter.of(connection);
        } catch (LinkageError e) {
            if (WRITER_WARNED.compareAndSet(false, true)) {
                LOG.log(Level.INFO, "frames take the servlet output stream: the container's connection class "
                        + connection.getClass().getName() + " is not one this build can write to", e);
            }
            return null;
        }
    }

    /** Whether the connection is still open; true when that cannot be read. */
    public boolean isOpen() {
        try {
            return (Boolean) isOpen.invoke(connection);
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            LOG.log(Level.FINE, "could not read whether the connection is open", e);
            return true;
        }
    }

    /**
     * Drops the connection at once, discarding whatever is still queued for it; false when it had
     * already closed.
     */
    public boolean abort() {
        try {
            if (!(Boolean) isOpen.invoke(connection)) {
                return false;
            }
            terminate.invoke(connection);
            return true;
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not drop the connection", e);
            return false;
        }
    }

    private static Method method(Class<?> type, String name) throws NoSuchMethodException {
        Map<String, Method> known = METHODS.get(type);
        Method method = known.get(name);
        if (method == null) {
            method = type.getMethod(name);
            // Public, but possibly declared by one of the container's non-public classes.
            method.trySetAccessible();
            known.put(name, method);
        }
        return method;
    }
}
