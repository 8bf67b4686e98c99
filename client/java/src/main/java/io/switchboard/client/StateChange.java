package io.switchboard.client;

import java.time.Duration;

/**
 * A change of {@link ConnectionState}. For {@code WAITING}, {@code SUSPENDED} and {@code CLOSED},
 * {@code closeCode} and {@code reason} say what ended the last connection or attempt (1006 for a
 * connection lost or given up without a close frame, and for a refused handshake, whose HTTP
 * status is then in {@code httpStatus}, else 0), and {@code reconnect} whether the client goes on
 * trying. {@code attempt} counts the attempts since the last stable connection; {@code delay} is
 * the wait before the next one (zero otherwise).
 */
public record StateChange(ConnectionState state, int closeCode, String reason, int httpStatus, boolean reconnect,
                          int attempt, Duration delay) {

    static StateChange of(ConnectionState state, int attempt) {
        return new StateChange(state, 0, "", 0, state != ConnectionState.CLOSED, attempt, Duration.ZERO);
    }
}
