package io.switchboard.cli.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "idle", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Opens --connections idle logged-in connections (JDK client), --parallel handshakes at a time, "
                + "reports how long that took, then holds them until the file --hold-until exists (at most "
                + "--hold-seconds), so that the server's memory can be measured with them open (bench/idle.sh).")
final class IdleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Option(names = "--connections", defaultValue = "10000", paramLabel = "N",
            description = "Connections, 1 to 100000 (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--parallel", defaultValue = "200", paramLabel = "N",
            description = "Handshakes in flight at a time, 1 to 10000 (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--hold-until", paramLabel = "FILE",
            description = "Hold the connections open until this file exists (checked twice a second).")
    Path holdUntil;

    @Option(names = "--hold-seconds", defaultValue = "600", paramLabel = "SECONDS",
            description = "The longest hold, 0 to 3600 s (default: ${DEFAULT-VALUE}).")
    int holdSeconds;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        OptionBounds bounds = new OptionBounds(spec);
        IdleLoad.Settings settings = new IdleLoad.Settings(target.urls(false).get(0),
                bounds.check("--connections", connections, 1, 100_000),
                bounds.check("--parallel", parallel, 1, 10_000),
                Optional.ofNullable(holdUntil),
                Duration.ofSeconds(bounds.check("--hold-seconds", holdSeconds, 0, 3_600)),
                target.timeout(), target.user, target.password);
        Report report = output.report();
        BenchResult result = new IdleLoad(settings, report, output.progress()).run();
        report.result(result);
        return result.outcome().exitCode();
    }
}
