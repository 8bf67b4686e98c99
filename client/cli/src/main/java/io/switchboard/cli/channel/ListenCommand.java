package io.switchboard.cli.channel;

import io.switchboard.cli.CommandFailure;
import io.switchboard.cli.DurationConverter;
import io.switchboard.cli.ExitCodes;
import io.switchboard.cli.Main;
import io.switchboard.cli.auth.ApiKeyOption;
import io.switchboard.cli.auth.HubOptions;
import io.switchboard.client.ChannelEvent;
import io.switchboard.client.Position;
import io.switchboard.client.RecoveryLost;
import io.switchboard.client.ServerFrame;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code switchboard listen}: subscribes and prints each channel event as a JSON line, resuming after drops. */
@Command(name = "listen", mixinStandardHelpOptions = true,
        description = {"Subscribes to the channels and prints each event (subscribed, message, deleted, presence) as "
                + "one JSON object a line on stdout, as the hub sent it. A dropped connection is resumed from the "
                + "last message printed, without gaps or duplicates; notes go to stderr.",
                "Ends after --count messages, at --timeout, on Ctrl-C, or when the hub closes the connection for "
                        + "good (status 5, e.g. 4003 kicked)."})
public final class ListenCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    HubOptions hub;

    @Mixin
    ApiKeyOption key;

    @Parameters(arity = "1..*", paramLabel = "CHANNEL", description = "The channels to listen to.")
    List<String> channels;

    @Option(names = "--since", paramLabel = "SEQ:EPOCH", description = "With one channel: start after message SEQ of "
            + "epoch EPOCH (from an earlier subscribed or message line); the hub first sends what came after it.")
    String since;

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "End after N messages (exit status 2 when "
            + "--timeout comes first).")
    Long count;

    @Option(names = "--timeout", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "End after this long, e.g. 30s or 5m (default: no end).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        channels.forEach(Channels::check);
        if (channels.stream().distinct().count() != channels.size()) {
            throw new CommandFailure(ExitCodes.USAGE, "a channel is named twice");
        }
        Position from = since == null ? null : parseSince(since);
        if (from != null && channels.size() != 1) {
            throw new CommandFailure(ExitCodes.USAGE, "--since needs exactly one channel");
        }
        if (count != null && count < 1) {
            throw new CommandFailure(ExitCodes.USAGE, "--count must be at least 1, not " + count);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new CommandFailure(ExitCodes.USAGE, "--timeout must be positive");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (HubConnection connection = HubConnection.open(hub.target(main.environment(), key.apiKey(), err), err, hub.quiet())) {
            CompletableFuture<Integer> done = new CompletableFuture<>();
            connection.closed().thenAccept(ending -> {
                err.println("switchboard: " + ending.message());
                done.complete(ending.exitCode());
            });
            AtomicLong messages = new AtomicLong();
            for (String channel : channels) {
                connection.client().subscribe(channel, from, event -> {
                    // one event thread: no event can slip past the count
                    if (done.isDone()) {
                        return;
                    }
                    print(event, out, connection);
                    if (event instanceof ServerFrame.Message && count != null && messages.incrementAndGet() >= count) {
                        done.complete(ExitCodes.COMPLETE);
                    }
                }).whenComplete((subscribed, failure) -> {
                    if (failure != null && !Channels.closed(failure)) {
                        err.println("switchboard: subscribe to " + channel + " refused: " + Channels.why(failure));
                        done.complete(ExitCodes.REFUSED);
                    }
                });
            }
            if (timeout != null) {
                done.completeOnTimeout(count == null ? ExitCodes.COMPLETE : ExitCodes.INCOMPLETE, timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            int status = done.get();
            if (status == ExitCodes.INCOMPLETE) {
                err.println("switchboard: " + messages.get() + " of " + count + " messages within " + since(timeout));
            }
            return status;
        }
    }

    /** A frame as the hub sent it, fields it added after v1 included; a gap it could not fill, on stderr. */
    static void print(ChannelEvent event, PrintWriter out, HubConnection connection) {
        if (event instanceof ServerFrame frame) {
            out.println(frame.raw());
        } else if (event instanceof RecoveryLost lost) {
            connection.note(lost.channel() + ": the messages after seq " + lost.since().seq()
                    + " could not be recovered; going on from seq " + (lost.seq() + 1) + " of epoch " + lost.epoch());
        }
        out.flush();
    }

    private static String since(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** {@code SEQ:EPOCH}, as in a {@code since} of the protocol. */
    static Position parseSince(String raw) {
        int colon = raw.indexOf(':');
        try {
            if (colon < 1) {
                throw new IllegalArgumentException("no colon");
            }
            return new Position(Long.parseLong(raw.substring(0, colon)), raw.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, "--since must be SEQ:EPOCH, e.g. 17:9f3c2a1be04d7c55, not '" + raw + "'");
        }
    }
}
