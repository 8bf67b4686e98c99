package io.switchboard.cli.bench;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What a run prints: the RESULT line or JSON, and progress or not. */
public final class OutputOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--json", description = "Print the result as one JSON object on stdout, and nothing else there "
            + "(notes and the summary go to stderr) instead of the summary and RESULT lines.")
    boolean json;

    @Option(names = "--no-progress", description = "No progress line on stderr every second.")
    boolean noProgress;

    Report report() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return new Report(out, err, json);
    }

    boolean progress() {
        return !noProgress;
    }
}
