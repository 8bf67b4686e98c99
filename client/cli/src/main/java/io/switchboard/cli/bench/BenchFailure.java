package io.switchboard.cli.bench;

import io.switchboard.cli.ExitCodes;

/** A run that could not start (login refused, server unreachable); exits with {@link ExitCodes#FAILED}. */
public final class BenchFailure extends RuntimeException {

    public BenchFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
