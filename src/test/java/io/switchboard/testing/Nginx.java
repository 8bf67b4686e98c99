package io.switchboard.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's nginx in front of test instances, as server-config/nginx.conf puts it in front of a
 * cluster: one address on 127.0.0.1 for logins and WebSocket connections, spread round robin over
 * the instances. Everything it writes (configuration, pid, logs, temporary files) is under its own
 * directory in target/, and it runs in the foreground as a child of the test JVM.
 */
public final class Nginx implements AutoCloseable {

    private static final String BINARY = "/usr/sbin/nginx";

    private final Process process;
    private final int port;
    private final Path dir;

    private Nginx(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /**
     * Starts nginx in front of the instances listening on {@code upstreamPorts} and waits until it
     * accepts connections. A handshake or request that meets a dead instance, or one answering 502
     * or 503 (shutting down), is passed to the next instance. No instance is ever marked failed
     * (max_fails=0): nginx counts a proxied WebSocket as a success only when it ends, so an
     * instance marked failed once would get one new connection per fail_timeout for as long as
     * its sockets stay open, and with another instance down there would be "no live upstreams".
     */
    public static Nginx start(String name, List<Integer> upstreamPorts) throws IOException {
        int port = MicroServer.freePort();
        Path dir = Path.of("target", name + "-nginx-" + Long.toHexString(System.nanoTime())).toAbsolutePath();
        Files.createDirectories(dir.resolve("temp"));
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, config(port, upstreamPorts));
        Process process = new ProcessBuilder(BINARY, "-e", dir.resolve("stderr.log").toString(), "-p", dir.toString(),
                "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("console.log").toFile()).start();
        Nginx nginx = new Nginx(process, port, dir);
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !process.isAlive() || accepts(port));
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("console.log"))
                        + " " + Files.readString(dir.resolve("error.log")));
            }
        } catch (RuntimeException | IOException e) {
            nginx.close();
            throw e;
        }
        return nginx;
    }

    static String config(int port, List<Integer> upstreamPorts) {
        String servers = upstreamPorts.stream()
                .map(p -> "        server 127.0.0.1:" + p + " max_fails=0;")
                .collect(Collectors.joining("\n"));
        return """
                daemon off;
                worker_processes 1;
                pid nginx.pid;
                error_log error.log warn;
                events {
                    worker_connections 4096;
                }
                http {
                    # Which instance answered what: a WebSocket's line is written when it closes.
                    log_format upstreams '$time_iso8601 $status $request_time "$request" $upstream_addr $upstream_status';
                    access_log access.log upstreams;
                    client_body_temp_path temp/client_body;
                    proxy_temp_path temp/proxy;
                    fastcgi_temp_path temp/fastcgi;
                    uwsgi_temp_path temp/uwsgi;
                    scgi_temp_path temp/scgi;
                    upstream switchboard {
                %s
                    }
                    # Only a WebSocket upgrade goes through: the JDK's HTTP client offers h2c on
                    # every plain request, and a POST passed on with that upgrade hangs upstream.
                    map $http_upgrade $websocket_upgrade {
                        ~*^websocket$ websocket;
                        default '';
                    }
                    map $websocket_upgrade $connection_upgrade {
                        websocket upgrade;
                        default '';
                    }
                    proxy_http_version 1.1;
                    proxy_set_header Upgrade $websocket_upgrade;
                    proxy_set_header Connection $connection_upgrade;
                    proxy_set_header Host $http_host;
                    proxy_read_timeout 75s;
                    proxy_send_timeout 75s;
                    proxy_connect_timeout 5s;
                    proxy_next_upstream error timeout http_500 http_502 http_503;
                    server {
                        listen 127.0.0.1:%d;
                        location / {
                            proxy_pass http://switchboard;
                        }
                    }
                }
                """.formatted(servers, port);
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** {@code ws://127.0.0.1:port/ws}. */
    public URI wsUri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    public Path dir() {
        return dir;
    }

    /** Stops nginx (SIGTERM: its fast shutdown), killing it if it has not exited within 20 s. */
    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
