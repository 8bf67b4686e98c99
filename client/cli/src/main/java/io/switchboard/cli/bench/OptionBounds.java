package io.switchboard.cli.bench;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Range checks of option values; a value out of range is a usage error naming the option and its range. */
final class OptionBounds {

    private final CommandSpec spec;

    OptionBounds(CommandSpec spec) {
        this.spec = spec;
    }

    int check(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw fail(option + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    /** {@code min} is zero or one millisecond: whether zero is allowed. */
    Duration check(String option, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0 || value.isZero() && !min.isZero()) {
            throw fail(option + " must be " + (min.isZero() ? "at least 0" : "positive") + " and at most "
                    + describe(max) + ", not " + describe(value));
        }
        return value;
    }

    ParameterException fail(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 != 0 ? d.toMillis() + "ms" : d.toSeconds() + "s";
    }
}
