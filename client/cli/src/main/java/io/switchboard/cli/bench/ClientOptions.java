package io.switchboard.cli.bench;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Which client library carries the connections, and with how many threads. */
public final class ClientOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--client", defaultValue = "jdk", paramLabel = "LIBRARY",
            description = "The WebSocket client: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ClientKind client;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N",
            description = "Client threads, 1 to 64 (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--connect-concurrency", defaultValue = "32", paramLabel = "N",
            description = "Handshakes in flight at a time, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int connectConcurrency;

    void validate() {
        OptionBounds bounds = new OptionBounds(spec);
        bounds.check("--threads", threads, 1, 64);
        bounds.check("--connect-concurrency", connectConcurrency, 1, 1000);
    }
}
