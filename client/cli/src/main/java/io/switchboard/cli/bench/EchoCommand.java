package io.switchboard.cli.bench;

import io.switchboard.cli.DurationConverter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "echo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "--connections connections each keep one echo in flight for --seconds after --warmup; "
                + "reports round trips/s and their latency, and checks that every reply is an echo.")
final class EchoCommand extends LoadCommand {

    @Option(names = "--connections", defaultValue = "100", paramLabel = "N",
            description = "Connections, 1 to 10000 (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--seconds", defaultValue = "20s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "The measured span, e.g. 20 or 20s, at most 1h (default: ${DEFAULT-VALUE}).")
    Duration seconds;

    @Option(names = "--warmup", defaultValue = "3s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Unmeasured load before it, 0 to 10m (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--size", defaultValue = "32", paramLabel = "BYTES",
            description = "Bytes of each echo's data, quotes included, 2 to 60000 (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--encoding", defaultValue = "json", paramLabel = "ENCODING",
            description = "The connections' frames: json (text, switchboard.v1) or msgpack (binary, "
                    + "switchboard.v1+msgpack) (default: ${DEFAULT-VALUE}).")
    WireEncoding encoding;

    @Override
    public Integer call() throws Exception {
        OptionBounds bounds = new OptionBounds(spec);
        EchoLoad.Settings settings = new EchoLoad.Settings(
                bounds.check("--connections", connections, 1, 10_000),
                bounds.check("--seconds", seconds, Duration.ofMillis(1), Duration.ofHours(1)),
                bounds.check("--warmup", warmup, Duration.ZERO, Duration.ofMinutes(10)),
                bounds.check("--size", size, 2, 60_000));
        LoadRun.Settings connectionSettings = connections(false, List.of())
                .withEncoding(encoding);
        Report report = output.report();
        BenchResult result = new EchoLoad(new LoadRun(connectionSettings, report), settings, output.progress()).run();
        report.result(result);
        return result.outcome().exitCode();
    }
}
