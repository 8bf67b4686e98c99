package io.switchboard.client;

/** The life of a client's connection, as {@link StateChange}s report it. */
public enum ConnectionState {
    /** Built, {@link SwitchboardClient#connect()} not called yet. */
    NEW,
    /** Logging in and opening the WebSocket. */
    CONNECTING,
    /** Open: requests go out, frames come in. */
    CONNECTED,
    /** Lost or not opened; the next attempt comes after {@link StateChange#delay()} (backoff with jitter). */
    WAITING,
    /** Too many attempts failed in a row: the circuit breaker holds the next one for its cool-down. */
    SUSPENDED,
    /** Final: closed by the application, or by a close code or refusal that says not to reconnect. */
    CLOSED
}
