package io.switchboard.cli.channel;

import io.switchboard.cli.CommandFailure;
import io.switchboard.cli.ExitCodes;
import io.switchboard.cli.auth.StoredSession;
import io.switchboard.cli.auth.Target;
import io.switchboard.client.CloseCode;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.SavedLogin;
import io.switchboard.client.StateChange;
import io.switchboard.client.SwitchboardClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A command's connection through the Java client. The first connection must open at once (a
 * command against a hub that is down or refuses the credential fails with status 4, as curl
 * would); after it, dropped connections are resumed by the client, noted on stderr, until the hub
 * closes the connection for good, which {@link #closed()} reports with its exit status.
 */
final class HubConnection implements AutoCloseable {

    /** What ended the connection, when the hub or a refusal did. */
    record Ending(int exitCode, String message) {
    }

    /** The longest wait for the first connection: the client's handshake timeout and then some. */
    private static final Duration FIRST_CONNECTION = Duration.ofSeconds(30);

    private final Target target;
    private final PrintWriter err;
    private final boolean quiet;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final CompletableFuture<Ending> closed = new CompletableFuture<>();
    private final Thread hook;
    private volatile boolean closing;
    private SwitchboardClient client;

    private HubConnection(Target target, PrintWriter err, boolean quiet) {
        this.target = target;
        this.err = err;
        this.quiet = quiet;
        this.hook = new Thread(this::closeClient, "switchboard-shutdown");
    }

    /**
     * Connects and waits for the first connection.
     *
     * @throws CommandFailure {@link ExitCodes#FAILED} when it does not open, or the status of a close for good
     */
    static HubConnection open(Target target, PrintWriter err, boolean quiet) {
        HubConnection c = new HubConnection(target, err, quiet);
        c.client = target.builder().onState(c::state).build();
        // Ctrl-C ends the command: close with 1000 so the hub sees a clean goodbye.
        Runtime.getRuntime().addShutdownHook(c.hook);
        c.client.connect();
        try {
            CompletableFuture.anyOf(c.opened, c.closed).get(FIRST_CONNECTION.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            c.close();
            throw new CommandFailure(ExitCodes.FAILED, "no connection to " + target.url() + " within "
                    + FIRST_CONNECTION.toSeconds() + " s");
        } catch (ExecutionException e) {
            c.close();
            throw e.getCause() instanceof CommandFailure f ? f : new CommandFailure(ExitCodes.FAILED, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.close();
            throw new CommandFailure(ExitCodes.FAILED, "interrupted");
        }
        if (c.closed.isDone()) {
            Ending ending = c.closed.join();
            c.close();
            throw new CommandFailure(ending.exitCode(), ending.message());
        }
        return c;
    }

    SwitchboardClient client() {
        return client;
    }

    /** Completes when the hub closed the connection for good or refused the credential; never after {@link #close()}. */
    CompletableFuture<Ending> closed() {
        return closed;
    }

    private void state(StateChange change) {
        boolean first = !opened.isDone();
        switch (change.state()) {
            case CONNECTED -> {
                if (first) {
                    opened.complete(null);
                } else {
                    note("connected again");
                }
            }
            case WAITING, SUSPENDED -> {
                String why = describe(change);
                if (first) {
                    opened.completeExceptionally(new CommandFailure(ExitCodes.FAILED,
                            "cannot connect to " + target.url() + ": " + why));
                    closing = true;
                } else if (!closing) {
                    note("connection lost (" + why + "); " + (change.state() == ConnectionState.SUSPENDED
                            ? "too many failures, " : "") + "trying again in " + seconds(change.delay()));
                }
            }
            case CLOSED -> {
                if (!closing) {
                    closed.complete(ending(change, target));
                }
            }
            default -> {
            }
        }
    }

    /** The exit status and message for a final {@code CLOSED} the command did not ask for. */
    static Ending ending(StateChange change, Target target) {
        int status = change.httpStatus();
        if (status == 401) {
            return new Ending(ExitCodes.FAILED, "the hub refused " + target.who() + " (401): "
                    + (target.apiKey() != null ? "check the key" : "it was logged out or expired; run switchboard login again"));
        }
        if (status > 0) {
            return new Ending(ExitCodes.FAILED, "the hub refused the connection: " + describe(change));
        }
        return new Ending(ExitCodes.CLOSED, "the hub closed the connection for good: " + describe(change));
    }

    static String describe(StateChange change) {
        if (change.httpStatus() > 0) {
            return change.reason().isBlank() ? "HTTP " + change.httpStatus() : change.reason();
        }
        String reason = change.reason().isBlank()
                ? CloseCode.of(change.closeCode()).map(CloseCode::reason).orElse("") : change.reason();
        return (change.closeCode() + " " + reason).trim();
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    void note(String text) {
        if (!quiet) {
            err.println("switchboard: " + text);
        }
    }

    /**
     * Keeps the cookies a handshake replaced (a login restored from SBLOGIN after a server
     * restart gets a new session), so the next command does not restore it again.
     */
    private void saveCookies() {
        if (target.login() == null || target.sessionFile().isEmpty()) {
            return;
        }
        Optional<SavedLogin> now = client.savedLogin();
        if (now.isPresent() && !now.get().cookies().equals(target.login().cookies())) {
            try {
                target.sessionFile().get().write(new StoredSession(target.url(), now.get()));
            } catch (IOException e) {
                note("could not update the saved login: " + e.getMessage());
            }
        }
    }

    private void closeClient() {
        closing = true;
        client.close();
    }

    @Override
    public void close() {
        closing = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it closes the client
        }
        if (opened.isDone() && !opened.isCompletedExceptionally()) {
            saveCookies();
        }
        client.close();
    }
}
