package io.switchboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;

/**
 * A TCP relay on 127.0.0.1 in front of a server's port, for dropping a client's connection the way
 * a network failure does: {@link #cut()} closes every relayed connection and closes new ones at
 * once until {@link #reopen()}, while the server itself stays up and reachable directly.
 */
public final class CuttableProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    // Guarded by this: the sockets of every relayed connection, and whether new ones are refused.
    private final Set<Socket> open = new HashSet<>();
    private boolean refusing;
    private int accepted;

    private CuttableProxy(ServerSocket listener, int target) {
        this.listener = listener;
        this.target = target;
    }

    /** Starts relaying a free port of 127.0.0.1 to {@code targetPort} of 127.0.0.1. */
    public static CuttableProxy to(int targetPort) throws IOException {
        CuttableProxy proxy = new CuttableProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
        daemon("proxy-accept", proxy::acceptLoop).start();
        return proxy;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections relayed so far (not counting those closed at once while cut). */
    public synchronized int accepted() {
        return accepted;
    }

    /** Drops every relayed connection (each side sees the TCP connection end) and refuses new ones. */
    public synchronized void cut() {
        refusing = true;
        open.forEach(CuttableProxy::closeQuietly);
        open.clear();
    }

    /** Relays new connections again. */
    public synchronized void reopen() {
        refusing = false;
    }

    @Override
    public void close() {
        cut();
        closeQuietly(listener);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = relayed(client);
                if (server != null) {
                    daemon("proxy-up", () -> pump(client, server)).start();
                    daemon("proxy-down", () -> pump(server, client)).start();
                }
            } catch (IOException e) {
                // the listener closed, or one connection failed: the loop condition decides
            }
        }
    }

    /** The connection to the server for {@code client}, or null when refusing (client then closed). */
    private synchronized Socket relayed(Socket client) throws IOException {
        if (refusing) {
            closeQuietly(client);
            return null;
        }
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        open.add(client);
        open.add(server);
        accepted++;
        return server;
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: close both below, as a network failure would
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
