package io.switchboard.cli.channel;

import io.switchboard.cli.CommandFailure;
import io.switchboard.cli.DurationConverter;
import io.switchboard.cli.ExitCodes;
import io.switchboard.cli.Main;
import io.switchboard.cli.auth.ApiKeyOption;
import io.switchboard.cli.auth.HubOptions;
import io.switchboard.client.ServerFrame;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code switchboard history}: one page of a channel's stored messages, one JSON line each. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Prints a page of the channel's stored messages, oldest first, one JSON object a line: "
                + "{\"seq\":N,\"data\":..,\"from\":..,\"ts\":..}, or \"deleted\":true instead of data. "
                + "The channel's epoch goes to stderr. Older pages: --before the first seq printed."})
public final class HistoryCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    HubOptions hub;

    @Mixin
    ApiKeyOption key;

    @Parameters(index = "0", paramLabel = "CHANNEL", description = "The channel.")
    String channel;

    @Option(names = "--before", paramLabel = "SEQ", description = "Only messages below this seq (default: up to the newest).")
    Long before;

    @Option(names = "--limit", paramLabel = "N", description = "At most N messages, the newest of them (default and "
            + "cap: the hub's switchboard.history.max-limit, 100).")
    Integer limit;

    @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "The longest wait for the answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        Channels.check(channel);
        if (before != null && before < 1) {
            throw new CommandFailure(ExitCodes.USAGE, "--before must be at least 1, not " + before);
        }
        if (limit != null && limit < 1) {
            throw new CommandFailure(ExitCodes.USAGE, "--limit must be at least 1, not " + limit);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new CommandFailure(ExitCodes.USAGE, "--timeout must be positive");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (HubConnection connection = HubConnection.open(hub.target(main.environment(), key.apiKey(), err), err, hub.quiet())) {
            CompletableFuture<ServerFrame.History> page = connection.client()
                    .history(channel, before == null ? 0 : before, limit == null ? 0 : limit);
            ServerFrame.History history;
            try {
                history = page.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).get();
            } catch (ExecutionException e) {
                if (Channels.closed(e)) {
                    HubConnection.Ending ending = connection.closed().get(10, TimeUnit.SECONDS);
                    throw new CommandFailure(ending.exitCode(), ending.message());
                }
                throw new CommandFailure(ExitCodes.REFUSED, "history of " + channel + ": " + Channels.why(e));
            }
            // the entries as the hub sent them, fields it added after v1 included
            history.raw().getJsonArray("messages").forEach(out::println);
            out.flush();
            connection.note(channel + ": epoch " + history.epoch() + ", " + history.messages().size() + " messages");
            return ExitCodes.COMPLETE;
        }
    }
}
