package io.switchboard.cli.auth;

import io.switchboard.cli.CommandFailure;
import io.switchboard.cli.ExitCodes;
import io.switchboard.cli.Main;
import io.switchboard.client.SavedLogin;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.SwitchboardException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code switchboard login}: logs in with a password and keeps the login's cookies in the session file. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Logs in to the hub (POST /api/login) and keeps the login's cookies in the session file, "
                + "readable by you alone, for the commands after it. The password is asked on the terminal "
                + "without echo, or read from the first line of stdin with --password-stdin; it is never an option."})
public final class LoginCommand implements Callable<Integer> {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    HubOptions hub;

    @Option(names = {"-u", "--user"}, required = true, paramLabel = "NAME", description = "The user to log in as.")
    String user;

    @Option(names = "--password-stdin", description = "Read the password from the first line of stdin.")
    boolean passwordStdin;

    // Refused with a reason rather than "unknown option": a password in the arguments shows in `ps` and in the history.
    @Option(names = {"-p", "--password"}, hidden = true, paramLabel = "PASSWORD")
    String password;

    @Override
    public Integer call() {
        if (password != null) {
            throw new CommandFailure(ExitCodes.USAGE, "no password on the command line (others can see it in the "
                    + "process list and the shell's history): type it when asked, or use --password-stdin");
        }
        URI url = hub.explicitUrl(main.environment()).orElse(HubOptions.parseUrl(HubOptions.DEFAULT_URL));
        SessionFile file = hub.sessionFile(main.environment());
        char[] secret = PasswordSource.read(main.environment(), passwordStdin, user);
        SavedLogin saved;
        try {
            saved = SwitchboardClient.logIn(url, user, new String(secret), TIMEOUT);
        } catch (SwitchboardException e) {
            throw new CommandFailure(ExitCodes.FAILED, "the login was refused: " + e.getMessage());
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.FAILED, "cannot log in at " + url + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitCodes.FAILED, "interrupted");
        } finally {
            Arrays.fill(secret, '\0');
        }
        try {
            file.write(new StoredSession(url, saved));
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.FAILED, "logged in, but cannot save the login in " + file.path() + ": " + e);
        }
        if (!hub.quiet()) {
            spec.commandLine().getErr().println("switchboard: logged in as " + user + " at " + url + " (saved in " + file.path() + ")");
        }
        return ExitCodes.COMPLETE;
    }

    static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
