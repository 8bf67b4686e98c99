package io.switchboard.cli.bench;

import java.io.PrintWriter;

/**
 * Where a run's lines go. Plain: notes on the way, the summary and the RESULT line on stdout. With
 * {@code --json}: stdout holds the one JSON object and nothing else, so it can be piped to a JSON
 * reader; notes and the summary go to stderr.
 */
final class Report {

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;

    Report(PrintWriter out, PrintWriter err, boolean json) {
        this.out = out;
        this.err = err;
        this.json = json;
    }

    /** A note on the run's way (connected, subscribed, publishing from ...). */
    void info(String line) {
        (json ? err : out).println(line);
    }

    /** A warning or progress line: always stderr. */
    void warn(String line) {
        err.println(line);
    }

    void result(BenchResult result) {
        if (json) {
            err.println(result.summary());
            out.println(result.json());
        } else {
            out.println(result.summary());
            out.println(result.resultLine());
        }
        out.flush();
    }

    PrintWriter err() {
        return err;
    }
}
