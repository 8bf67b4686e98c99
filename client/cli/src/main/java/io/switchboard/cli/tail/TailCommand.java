package io.switchboard.cli.tail;

import io.switchboard.cli.CommandFailure;
import io.switchboard.cli.DurationConverter;
import io.switchboard.cli.ExitCodes;
import io.switchboard.cli.Main;
import io.switchboard.cli.auth.ApiKeyOption;
import io.switchboard.cli.auth.HubOptions;
import io.switchboard.cli.auth.Target;
import io.switchboard.cli.channel.InputLines;
import io.switchboard.cli.channel.JsonInput;
import io.switchboard.client.CloseCode;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.tyrus.core.HandshakeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code switchboard tail}: type v1 frames, see every frame the hub sends. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Talks protocol v1 by hand, like wscat -c but logged in: each line of stdin is sent as one "
                + "frame (a JSON object, e.g. {\"type\":\"ping\"}; any other line is refused on stderr and not "
                + "sent), and every object the hub sends is printed as one line on stdout, as it came. No "
                + "reconnect, no resend: what you type is all that is sent.",
                "Ends --wait after the end of stdin (Ctrl-D), with status 0 (6 if a line was not sent), or when "
                        + "the hub closes the connection (status 5)."})
public final class TailCommand implements Callable<Integer> {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    HubOptions hub;

    @Mixin
    ApiKeyOption key;

    @Option(names = "--wait", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long to go on printing after the end of stdin, for the last answers "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration wait;

    @Override
    public Integer call() throws Exception {
        if (wait.isNegative() || wait.compareTo(Duration.ofHours(1)) > 0) {
            throw new CommandFailure(ExitCodes.USAGE, "--wait must be between 0 and 1h");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Target target = hub.target(main.environment(), key.apiKey(), err);
        RawConnection connection;
        try {
            connection = RawConnection.open(target, CONNECT_TIMEOUT, line -> {
                out.println(line);
                out.flush();
            });
        } catch (DeploymentException | IOException e) {
            throw new CommandFailure(ExitCodes.FAILED, refusal(target, e));
        }
        AtomicBoolean ending = new AtomicBoolean();
        Thread hook = new Thread(connection::close, "switchboard-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (connection) {
            if (!hub.quiet()) {
                err.println("switchboard: connected to " + RawConnection.wsUri(target.url()) + " as " + target.who()
                        + "; type one JSON object a line, Ctrl-D to end");
            }
            CompletableFuture<Integer> done = new CompletableFuture<>();
            connection.closed().thenAccept(reason -> {
                if (!ending.get()) {
                    err.println("switchboard: the hub closed the connection: " + describe(reason));
                    done.complete(ExitCodes.CLOSED);
                }
            });
            AtomicLong refused = new AtomicLong();
            Thread reader = new Thread(() -> {
                try {
                    sendLines(connection, err, refused, done);
                    CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS).execute(() ->
                            done.complete(refused.get() > 0 ? ExitCodes.REFUSED : ExitCodes.COMPLETE));
                } catch (IOException e) {
                    if (!done.isDone()) {
                        err.println("switchboard: " + e.getMessage());
                        done.complete(ExitCodes.FAILED);
                    }
                }
            }, "switchboard-tail-input");
            // a line may never come: the hub closing must end the command all the same
            reader.setDaemon(true);
            reader.start();
            int status = done.get();
            ending.set(true);
            return status;
        } finally {
            ending.set(true);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook closes the connection
            }
        }
    }

    private void sendLines(RawConnection connection, PrintWriter err, AtomicLong refused, CompletableFuture<Integer> done)
            throws IOException {
        InputLines lines = new InputLines(main.environment().stdin(), InputLines.MAX_CHARS);
        Optional<InputLines.Line> next;
        while (!done.isDone() && (next = lines.next()).isPresent()) {
            InputLines.Line line = next.get();
            if (line.tooLong()) {
                err.println("switchboard: line " + line.number() + " is longer than " + InputLines.MAX_CHARS
                        + " characters: not sent");
                refused.incrementAndGet();
                continue;
            }
            String text = line.text().trim();
            if (text.isEmpty()) {
                continue;
            }
            String problem = objectProblem(text);
            if (problem != null) {
                err.println("switchboard: line " + line.number() + " " + problem + ": not sent");
                refused.incrementAndGet();
                continue;
            }
            try {
                connection.send(text);
            } catch (IOException e) {
                if (connection.closed().isDone()) {
                    return; // the close is reported on its own
                }
                throw new IOException("cannot send line " + line.number() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Null for a JSON object, else what is wrong with the line. */
    static String objectProblem(String text) {
        try {
            JsonValue value = JsonInput.json(text);
            return value.getValueType() == JsonValue.ValueType.OBJECT ? null
                    : "is not a JSON object (a frame is {\"type\":..})";
        } catch (JsonInput.NotJsonException e) {
            return "is not JSON (" + e.getMessage() + ")";
        }
    }

    static String describe(CloseReason reason) {
        int code = reason.getCloseCode().getCode();
        String phrase = reason.getReasonPhrase() == null || reason.getReasonPhrase().isBlank()
                ? CloseCode.of(code).map(CloseCode::reason).orElse("") : reason.getReasonPhrase();
        return (code + " " + phrase).trim();
    }

    private static String refusal(Target target, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HandshakeException h) {
                return "the hub refused the connection (HTTP " + h.getHttpStatusCode() + ")"
                        + (h.getHttpStatusCode() == 401 ? ": " + target.who() + " is not valid; "
                        + (target.apiKey() != null ? "check the key" : "run switchboard login again") : "");
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return "cannot connect to " + target.url() + ": " + (root.getMessage() == null ? root : root.getMessage());
    }
}
