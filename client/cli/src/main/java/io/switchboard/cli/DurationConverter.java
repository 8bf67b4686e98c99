package io.switchboard.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code 500ms}, {@code 20s}, {@code 2m}, {@code 1h} or a bare number of seconds. */
public final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String raw) {
        String r = raw.trim();
        try {
            if (r.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(r.substring(0, r.length() - 2)));
            } else if (r.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(r.substring(0, r.length() - 1)));
            } else if (r.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(r.substring(0, r.length() - 1)));
            } else if (r.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(r.substring(0, r.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(r));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + raw + "' is not a duration like 500ms, 20s or 2m");
        }
    }
}
