package io.switchboard.cli;

/**
 * The exit statuses of every {@code switchboard} command (README, "Command line"): one meaning per
 * number across commands, so a script can tell "fix the command" from "log in again" from "the
 * server threw us out".
 */
public final class ExitCodes {

    /** Done: complete and correct. */
    public static final int COMPLETE = 0;
    /** Bad arguments: an unknown option, a value out of bounds, DATA that is not JSON. Nothing was sent. */
    public static final int USAGE = 1;
    /** Incomplete: the timeout struck first (bench; listen before --count messages), or bench's lost connections and error frames. */
    public static final int INCOMPLETE = 2;
    /** bench: what arrived was wrong (order, duplicates, mismatched acks). */
    public static final int VIOLATIONS = 3;
    /**
     * Could not run: no saved login or key, the login or key refused, the server unreachable at the
     * start, or an unexpected failure.
     */
    public static final int FAILED = 4;
    /** The server closed the connection for good (a close code marked "no", such as 4003 kicked); tail: any close it did not ask for. */
    public static final int CLOSED = 5;
    /** A request was refused by the server (its error code on stderr) or not answered within --timeout, or an input line was not sent. */
    public static final int REFUSED = 6;

    private ExitCodes() {
    }
}
