package io.switchboard.cli.channel;

import io.switchboard.cli.CommandFailure;
import io.switchboard.cli.DurationConverter;
import io.switchboard.cli.ExitCodes;
import io.switchboard.cli.Main;
import io.switchboard.cli.auth.ApiKeyOption;
import io.switchboard.cli.auth.HubOptions;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code switchboard publish}: one message, or one per line of stdin, each acked. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publishes DATA, a JSON value ('{\"a\":1}', '\"text\"', 42), to the channel; without DATA, "
                + "each line of stdin is one message (blank lines are skipped). Prints each ack as a JSON line "
                + "({\"type\":\"ack\",\"id\":..,\"seq\":N}) and waits for every one.",
                "Exit status 6 when a publish was refused (its error code on stderr), not acked within --timeout, "
                        + "or a line was not sent (not JSON, or longer than 1 MiB)."})
public final class PublishCommand implements Callable<Integer> {

    static final int MAX_WINDOW = 256;

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    HubOptions hub;

    @Mixin
    ApiKeyOption key;

    @Parameters(index = "0", paramLabel = "CHANNEL", description = "The channel to publish to.")
    String channel;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DATA", description = "The message, as JSON (or text with "
            + "--text); without it, stdin's lines.")
    String data;

    @Option(names = {"-t", "--text"}, description = "Send DATA (or each line) as a JSON string, as it is.")
    boolean text;

    @Option(names = "--window", defaultValue = "64", paramLabel = "N", description = "Publishes waiting for their ack "
            + "at most, 1 to " + MAX_WINDOW + " (default: ${DEFAULT-VALUE}); reading stdin pauses while it is full.")
    int window;

    @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "The longest wait for each ack, at most 1h (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        Channels.check(channel);
        if (window < 1 || window > MAX_WINDOW) {
            throw new CommandFailure(ExitCodes.USAGE, "--window must be between 1 and " + MAX_WINDOW + ", not " + window);
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new CommandFailure(ExitCodes.USAGE, "--timeout must be positive and at most 1h");
        }
        JsonValue single = null;
        if (data != null) {
            try {
                single = JsonInput.parse(data, text);
            } catch (JsonInput.NotJsonException e) {
                throw new CommandFailure(ExitCodes.USAGE, "DATA is not JSON (" + e.getMessage()
                        + "): quote a string as '\"hello\"', or send it as text with --text");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (HubConnection connection = HubConnection.open(hub.target(main.environment(), key.apiKey(), err), err, hub.quiet())) {
            Publisher publisher = new Publisher(connection.client(), channel, window, timeout, out, err);
            CompletableFuture<Integer> done = new CompletableFuture<>();
            connection.closed().thenAccept(ending -> {
                err.println("switchboard: " + ending.message());
                done.complete(ending.exitCode());
            });
            JsonValue message = single;
            Thread reader = new Thread(() -> {
                try {
                    if (message != null) {
                        publisher.publish("DATA", message);
                    } else {
                        publishLines(publisher, err, done);
                    }
                    publisher.awaitAll();
                    if (publisher.closed() > 0) {
                        // closed for good: the connection's ending gives the status (and says why)
                        done.complete(connection.closed().get(10, TimeUnit.SECONDS).exitCode());
                        return;
                    }
                    done.complete(publisher.failed() > 0 ? ExitCodes.REFUSED : ExitCodes.COMPLETE);
                } catch (InterruptedException | ExecutionException | TimeoutException e) {
                    done.complete(ExitCodes.FAILED);
                } catch (IOException e) {
                    err.println("switchboard: cannot read stdin: " + e.getMessage());
                    done.complete(ExitCodes.FAILED);
                }
            }, "switchboard-publish-input");
            // stdin may block for ever: a close for good must end the command without waiting for a line
            reader.setDaemon(true);
            reader.start();
            return done.get();
        }
    }

    private void publishLines(Publisher publisher, PrintWriter err, CompletableFuture<Integer> done)
            throws IOException, InterruptedException {
        InputLines lines = new InputLines(main.environment().stdin(), InputLines.MAX_CHARS);
        Optional<InputLines.Line> next;
        while (!done.isDone() && (next = lines.next()).isPresent()) {
            InputLines.Line line = next.get();
            if (line.tooLong()) {
                err.println("switchboard: line " + line.number() + " is longer than " + InputLines.MAX_CHARS
                        + " characters: not sent");
                publisher.skipped();
                continue;
            }
            if (line.text().isBlank()) {
                continue;
            }
            try {
                publisher.publish("line " + line.number(), JsonInput.parse(line.text(), text));
            } catch (JsonInput.NotJsonException e) {
                err.println("switchboard: line " + line.number() + " is not JSON (" + e.getMessage() + "): not sent"
                        + (text ? "" : "; use --text to send lines as strings"));
                publisher.skipped();
            }
        }
    }
}
