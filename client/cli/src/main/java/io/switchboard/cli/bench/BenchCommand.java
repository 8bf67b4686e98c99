package io.switchboard.cli.bench;

import picocli.CommandLine.Command;

/** {@code switchboard bench}: the load generator's modes. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Load against a hub on 127.0.0.1, bounded in count and time, every reply and delivery "
                + "checked. Prints a summary and a RESULT key=value line (or, with --json, one JSON object) per run.",
                "Exit status: 0 complete and correct, 1 bad arguments, 2 incomplete (timeout, lost or failed "
                        + "connections, error frames), 3 violations (order, duplicates, mismatched acks), 4 could "
                        + "not run (login refused, server unreachable)."},
        subcommands = {FanoutCommand.class, EchoCommand.class, PublishCommand.class, IdleCommand.class})
public final class BenchCommand {
}
