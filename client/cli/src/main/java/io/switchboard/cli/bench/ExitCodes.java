package io.switchboard.cli.bench;

/** The exit statuses of {@code switchboard bench} (README, "switchboard bench"). */
public final class ExitCodes {

    /** Complete and correct. */
    public static final int COMPLETE = 0;
    /** Bad arguments: an unknown option, a value out of bounds, a URL that is not ws://127.0.0.1. */
    public static final int USAGE = 1;
    /** Incomplete: timeout, connections that failed or were lost, error frames. */
    public static final int INCOMPLETE = 2;
    /** Violations: what arrived was wrong (order, duplicates, mismatched acks). */
    public static final int VIOLATIONS = 3;
    /** Could not run: the login was refused, the server did not answer, or an unexpected failure. */
    public static final int FAILED = 4;

    private ExitCodes() {
    }
}
