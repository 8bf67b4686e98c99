package io.switchboard.cli.bench;

import io.switchboard.cli.ExitCodes;

/**
 * How a run ended, and the exit status it gives. Violations win over incompleteness: a run that
 * timed out after a reorder exits 3.
 */
public enum Outcome {
    /** Every connection, reply and delivery there and checked. */
    COMPLETE(ExitCodes.COMPLETE),
    /** The timeout struck, connections failed or were lost, or the server answered with error frames. */
    INCOMPLETE(ExitCodes.INCOMPLETE),
    /** Something arrived wrong: a gap, reorder or duplicate, an ack out of order or for the wrong message. */
    VIOLATIONS(ExitCodes.VIOLATIONS);

    private final int exitCode;

    Outcome(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    static Outcome of(boolean complete, long violations) {
        return violations > 0 ? VIOLATIONS : complete ? COMPLETE : INCOMPLETE;
    }
}
