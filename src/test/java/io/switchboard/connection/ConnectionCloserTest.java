package io.switchboard.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.connection.TestConnections.RecordingSink;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.security.Identity;
import io.switchboard.security.Role;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/**
 * The close timeout: whatever became of the close frame, the socket is dropped once it has passed.
 * The sink records the close frame and the abort; what a container does with them is its business.
 */
class ConnectionCloserTest {

    private static final Duration CLOSE_TIMEOUT = Duration.ofMillis(100);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void socketIsDroppedAtTheCloseTimeoutAlthoughTheCloseFrameWasHandedOver() {
        // The container counts a session closed as soon as its close frame is queued; behind data a
        // client no longer reads, that frame never leaves and only the abort ends the connection.
        RecordingSink sink = new RecordingSink(true);
        Connection connection = connection(sink, 1 << 20);

        connection.close(CloseCode.HEARTBEAT_TIMEOUT);

        assertThat(sink.closedWith()).isEqualTo(CloseCode.HEARTBEAT_TIMEOUT);
        await().atMost(WAIT).until(sink::aborted);
    }

    @Test
    void connectionWhoseSocketClosedUnnoticedIsEndedAsLostOnce() {
        RecordingSink sink = new RecordingSink(true);
        Connection connection = connection(sink, 1 << 20);
        assertThat(connection.endIfSocketClosed()).as("socket open").isFalse();

        sink.dropSocket();

        assertThat(connection.endIfSocketClosed()).isTrue();
        assertThat(connection.endIfSocketClosed()).as("a second sweep").isFalse();
        assertThat(sink.lostCloses()).isEqualTo(1);
        assertThat(connection.closedWith()).as("not a close the server chose").isEmpty();
        assertThat(sink.closedWith()).isNull();
    }

    @Test
    void connectionAlreadyClosingIsLeftToItsClose() {
        RecordingSink sink = new RecordingSink(true);
        Connection connection = connection(sink, 1 << 20);
        connection.close(CloseCode.KICKED);
        sink.dropSocket();

        assertThat(connection.endIfSocketClosed()).isFalse();
        assertThat(sink.lostCloses()).isZero();
        assertThat(sink.closedWith()).isEqualTo(CloseCode.KICKED);
    }

    @Test
    void slowConsumerIsDroppedAtTheCloseTimeoutWhileItsSendNeverCompletes() {
        RecordingSink sink = new RecordingSink(false);
        Connection connection = connection(sink, 150);

        // The first send never completes; the second frame no longer fits and overflows the queue.
        connection.replyOnMessageThread(new ServerFrame.Pong("a".repeat(80)));
        connection.replyOnMessageThread(new ServerFrame.Pong("b".repeat(80)));

        assertThat(connection.isClosing()).isTrue();
        await().atMost(WAIT).until(sink::aborted);
        assertThat(sink.closedWith()).as("no close frame behind the send in flight").isNull();
    }

    private static Connection connection(RecordingSink sink, long maxBytes) {
        Identity identity = new Identity("alice", EnumSet.of(Role.USER), null, "127.0.0.1");
        return new Connection("c1", identity, sink, TestConnections.closer(CLOSE_TIMEOUT),
                listener -> new OutboundQueue(sink, listener, Runnable::run, maxBytes, 65536));
    }
}
