package io.switchboard.cli;

import io.switchboard.cli.bench.BenchCommand;
import io.switchboard.cli.bench.BenchFailure;
import io.switchboard.cli.bench.ExitCodes;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code switchboard}: the hub's command line. */
@Command(name = "switchboard", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Switchboard's command line.",
        subcommands = {BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree with the exit codes of README, "switchboard bench". */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            PrintWriter err = failed.getErr();
            err.println("error: " + ex.getMessage());
            if (!UnmatchedArgumentException.printSuggestions(ex, err)) {
                err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
            }
            return ExitCodes.USAGE;
        });
        commandLine.setExecutionExceptionHandler((ex, failed, parsed) -> {
            if (ex instanceof BenchFailure) {
                failed.getErr().println("error: " + ex.getMessage());
            } else {
                ex.printStackTrace(failed.getErr());
            }
            return ExitCodes.FAILED;
        });
        return commandLine;
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
