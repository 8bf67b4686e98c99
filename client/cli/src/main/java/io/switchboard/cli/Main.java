package io.switchboard.cli;

import io.switchboard.cli.auth.LoginCommand;
import io.switchboard.cli.auth.LogoutCommand;
import io.switchboard.cli.bench.BenchCommand;
import io.switchboard.cli.bench.BenchFailure;
import io.switchboard.cli.channel.HistoryCommand;
import io.switchboard.cli.channel.ListenCommand;
import io.switchboard.cli.channel.PublishCommand;
import io.switchboard.cli.tail.TailCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code switchboard}: the hub's command line. */
@Command(name = "switchboard", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Switchboard's command line: log in, listen to channels, publish, read history, "
                + "talk protocol v1 by hand, and generate load.",
                "Exit status: 0 done, 1 bad arguments, 2 incomplete (timeout), 3 violations (bench), 4 could not run "
                        + "(not logged in, login or key refused, server unreachable), 5 the server closed the "
                        + "connection for good, 6 a request refused or not answered in time."},
        subcommands = {LoginCommand.class, LogoutCommand.class, ListenCommand.class, PublishCommand.class,
                HistoryCommand.class, TailCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    private final Environment environment;

    private Main(Environment environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree with the exit codes of README, "Command line". */
    public static CommandLine commandLine() {
        return commandLine(Environment.system());
    }

    /** The command tree in {@code environment} (its variables, stdin, console and home). */
    public static CommandLine commandLine(Environment environment) {
        CommandLine commandLine = new CommandLine(new Main(environment));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            PrintWriter err = failed.getErr();
            err.println("switchboard: " + ex.getMessage());
            if (!UnmatchedArgumentException.printSuggestions(ex, err)) {
                err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
            }
            return ExitCodes.USAGE;
        });
        commandLine.setExecutionExceptionHandler((ex, failed, parsed) -> {
            if (ex instanceof CommandFailure f) {
                failed.getErr().println("switchboard: " + f.getMessage());
                return f.exitCode();
            }
            if (ex instanceof BenchFailure) {
                failed.getErr().println("switchboard: " + ex.getMessage());
            } else {
                ex.printStackTrace(failed.getErr());
            }
            return ExitCodes.FAILED;
        });
        return commandLine;
    }

    /** The process around the command: environment variables, stdin, console, home. */
    public Environment environment() {
        return environment;
    }

    /** The version in the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"switchboard " + (version == null ? "(development build)" : version)};
        }
    }
}
