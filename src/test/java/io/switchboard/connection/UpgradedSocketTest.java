package io.switchboard.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reaching the socket through the container's request objects, modelled on Payara's. */
class UpgradedSocketTest {

    @Test
    void abortTerminatesTheContainersConnectionOnce() {
        GrizzlyLikeConnection tcp = new GrizzlyLikeConnection();
        Optional<UpgradedSocket> socket = UpgradedSocket.find(new Facade(tcp));

        assertThat(socket).isPresent();
        assertThat(socket.get().abort()).isTrue();
        assertThat(socket.get().abort()).as("already closed").isFalse();
        assertThat(tcp.terminations).isEqualTo(1);
    }

    @Test
    void anotherContainersRequestHasNoSocket() {
        assertThat(UpgradedSocket.find(new Object())).isEmpty();
        assertThat(UpgradedSocket.find(new Facade(null))).isEmpty();
    }

    /** What the upgrade request is inside Payara: a facade over its catalina request. */
    public static final class Facade {
        private final GrizzlyLikeConnection connection;

        Facade(GrizzlyLikeConnection connection) {
            this.connection = connection;
        }

        public CatalinaRequest getUnwrappedCoyoteRequest() {
            return new CatalinaRequest(connection);
        }
    }

    public static final class CatalinaRequest {
        private final GrizzlyLikeConnection connection;

        CatalinaRequest(GrizzlyLikeConnection connection) {
            this.connection = connection;
        }

        public GrizzlyRequest getCoyoteRequest() {
            return new GrizzlyRequest(connection);
        }
    }

    public static final class GrizzlyRequest {
        private final GrizzlyLikeConnection connection;

        GrizzlyRequest(GrizzlyLikeConnection connection) {
            this.connection = connection;
        }

        public Closeable getConnection() {
            return connection;
        }
    }

    public interface Closeable {
        boolean isOpen();

        void terminateSilently();
    }

    // Not public, like Grizzly's connection classes: its methods must be found all the same.
    static final class GrizzlyLikeConnection implements Closeable {
        private boolean open = true;
        int terminations;

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void terminateSilently() {
            open = false;
            terminations++;
        }
    }
}
