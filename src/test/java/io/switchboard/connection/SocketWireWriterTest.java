package io.switchboard.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.nio.transport.TCPNIOServerConnection;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.glassfish.grizzly.ssl.SSLUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The writer on a real Grizzly transport, as Payara's listeners run it, against a plain socket. */
@Timeout(30)
class SocketWireWriterTest {

    private final CompletableFuture<Connection<?>> accepted = new CompletableFuture<>();
    private TCPNIOTransport transport;
    private Socket client;
    private Connection<?> server;

    @BeforeEach
    void start() throws Exception {
        transport = TCPNIOTransportBuilder.newInstance()
                .setProcessor(FilterChainBuilder.stateless()
                        .add(new TransportFilter())
                        .add(new BaseFilter() {
                            @Override
                            public NextAction handleAccept(FilterChainContext ctx) {
                                accepted.complete(ctx.getConnection());
                                return ctx.getInvokeAction();
                            }
                        })
                        .build())
                .build();
        TCPNIOServerConnection listening = transport.bind("127.0.0.1", 0);
        transport.start();
        client = new Socket();
        client.connect((InetSocketAddress) listening.getLocalAddress());
        server = accepted.get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        transport.shutdownNow();
    }

    @Test
    void framesArriveWholeAndInOrderEachCompletingOnce() throws Exception {
        WireWriter writer = SocketWireWriter.of(server);
        assertThat(writer).isNotNull();
        byte[][] frames = new byte[200][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new byte[1 + i * 97];
            Arrays.fill(frames[i], (byte) i);
        }
        // One after the other, as a connection's outbound queue sends: the next once the last completed.
        CompletableFuture<Void> all = new CompletableFuture<>();
        writeFrom(writer, frames, 0, all);

        DataInputStream in = new DataInputStream(client.getInputStream());
        for (byte[] frame : frames) {
            byte[] read = new byte[frame.length];
            in.readFully(read);
            assertThat(read).isEqualTo(frame);
        }
        all.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFrameTheReaderHasNotTakenCompletesOnlyOnceReadAndNothingOvertakesIt() throws Exception {
        WireWriter writer = SocketWireWriter.of(server);
        // Far more than the socket buffers on both sides hold.
        byte[] big = new byte[64 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        CompletableFuture<Throwable> done = new CompletableFuture<>();
        writer.write(ByteBuffer.wrap(big), done::complete);
        assertThat(done).isNotDone();

        // Bytes the container writes through its filter chain meanwhile (a ping, a close) come after.
        byte[] after = {1, 2, 3, 4};
        server.write(Buffers.wrap(server.getMemoryManager(), after));

        DataInputStream in = new DataInputStream(client.getInputStream());
        byte[] read = new byte[big.length];
        in.readFully(read);
        assertThat(Arrays.equals(read, big)).isTrue();
        assertThat(done.get(10, TimeUnit.SECONDS)).isNull();
        byte[] tail = new byte[after.length];
        in.readFully(tail);
        assertThat(tail).isEqualTo(after);
    }

    @Test
    void aClosedConnectionFailsTheWrite() throws Exception {
        WireWriter writer = SocketWireWriter.of(server);
        server.closeSilently();
        CompletableFuture<Throwable> done = new CompletableFuture<>();
        writer.write(ByteBuffer.wrap(new byte[] {1}), done::complete);
        assertThat(done.get(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void tlsConnectionsAndOtherContainersKeepTheServletStream() throws Exception {
        assertThat(SocketWireWriter.of("not a connection")).isNull();
        SSLUtils.setSSLEngine(server, SSLContext.getDefault().createSSLEngine());
        assertThat(SocketWireWriter.of(server)).isNull();
    }

    private static void writeFrom(WireWriter writer, byte[][] frames, int i, CompletableFuture<Void> all) {
        if (i == frames.length) {
            all.complete(null);
            return;
        }
        writer.write(ByteBuffer.wrap(frames[i]), failure -> {
            if (failure != null) {
                all.completeExceptionally(failure);
            } else {
                writeFrom(writer, frames, i + 1, all);
            }
        });
    }
}
