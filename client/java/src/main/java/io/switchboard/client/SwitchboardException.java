package io.switchboard.client;

/**
 * A request the hub refused ({@link #code()} from its error frame, README "Error codes") or the
 * client could not take: {@link #CLOSED} once the client is closed, {@link #LIMIT_EXCEEDED} when
 * one of its own bounds is full.
 */
public final class SwitchboardException extends RuntimeException {

    /** The client closed (or was closed for good) before the request was answered. */
    public static final String CLOSED = "closed";
    /** A bound of the client (or the hub's {@code limit_exceeded}) refused the request. */
    public static final String LIMIT_EXCEEDED = "limit_exceeded";
    /** The server refused the login or the credential. */
    public static final String UNAUTHORIZED = "unauthorized";

    private final String code;
    private final String id;
    private final int closeCode;

    public SwitchboardException(String code, String message, String id) {
        this(code, message, id, 0);
    }

    SwitchboardException(String code, String message, String id, int closeCode) {
        super(code + ": " + message);
        this.code = code;
        this.id = id;
        this.closeCode = closeCode;
    }

    /** The error code: the hub's, or one of the client's constants above. */
    public String code() {
        return code;
    }

    /** The id of the request refused, or {@code null}. */
    public String id() {
        return id;
    }

    /** For {@link #CLOSED}: the close code that ended the client, or 0. */
    public int closeCode() {
        return closeCode;
    }
}
