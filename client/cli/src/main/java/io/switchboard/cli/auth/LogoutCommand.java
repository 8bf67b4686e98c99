package io.switchboard.cli.auth;

import io.switchboard.cli.CommandFailure;
import io.switchboard.cli.ExitCodes;
import io.switchboard.cli.Main;
import io.switchboard.client.SwitchboardClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code switchboard logout}: ends the saved login on the hub and deletes the session file. */
@Command(name = "logout", mixinStandardHelpOptions = true,
        description = {"Ends the saved login on the hub (POST /api/logout: its connections close with 4001 and "
                + "its cookies restore nothing any more) and deletes the session file, even when the hub "
                + "cannot be reached (then exit status 4: the login lives on there until it expires)."})
public final class LogoutCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    HubOptions hub;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        SessionFile file = hub.sessionFile(main.environment());
        Optional<StoredSession> stored;
        try {
            stored = file.read();
        } catch (IOException e) {
            deleteQuietly(file);
            throw new CommandFailure(ExitCodes.FAILED, "deleted an unreadable session file: " + e.getMessage());
        }
        if (stored.isEmpty()) {
            if (!hub.quiet()) {
                err.println("switchboard: not logged in (no " + file.path() + ")");
            }
            return ExitCodes.COMPLETE;
        }
        try {
            SwitchboardClient.logOut(stored.get().url(), stored.get().login(), LoginCommand.TIMEOUT);
        } catch (IOException e) {
            deleteQuietly(file);
            throw new CommandFailure(ExitCodes.FAILED, "deleted " + file.path() + ", but " + stored.get().url()
                    + " could not be told (" + LoginCommand.describe(e) + "): the login lives on there until it expires");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitCodes.FAILED, "interrupted");
        }
        deleteQuietly(file);
        if (!hub.quiet()) {
            err.println("switchboard: logged out " + stored.get().login().username() + " at " + stored.get().url());
        }
        return ExitCodes.COMPLETE;
    }

    private static void deleteQuietly(SessionFile file) {
        try {
            file.delete();
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.FAILED, "cannot delete " + file.path() + ": " + e.getMessage());
        }
    }
}
