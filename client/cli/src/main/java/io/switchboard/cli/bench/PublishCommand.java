package io.switchboard.cli.bench;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Stored publishes per second to one channel: --publishers connections each send --messages "
                + "publishes, --window un-answered at a time, while --subscribers connections check that every "
                + "stored message arrives once, in order, as the seq its ack named.",
                "The server's defaults refuse more than 256 pending requests per connection and 10000 pending "
                        + "publishes per channel, and limit each connection to 50 frames/s; bench/run.sh raises "
                        + "all three."})
final class PublishCommand extends LoadCommand {

    @Option(names = "--publishers", defaultValue = "4", paramLabel = "N",
            description = "Publishing connections, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int publishers;

    @Option(names = "--messages", defaultValue = "5000", paramLabel = "N",
            description = "Publishes per publisher, 1 to 10000000, at most 10000000 in all (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--size", defaultValue = "100", paramLabel = "BYTES",
            description = "Bytes of each message's data, quotes included, 10 to 60000 (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--window", defaultValue = "64", paramLabel = "N",
            description = "Un-answered publishes per publisher, 1 to 100000 (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--subscribers", defaultValue = "1", paramLabel = "N",
            description = "Checking subscribers, 0 to 1000 (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--channel", defaultValue = "bench.publish", paramLabel = "NAME",
            description = "The channel; durable, so each run's seqs go on from the last one's (default: ${DEFAULT-VALUE}).")
    String channel;

    @Override
    public Integer call() throws Exception {
        OptionBounds bounds = new OptionBounds(spec);
        PublishLoad.Settings settings = new PublishLoad.Settings(
                bounds.check("--publishers", publishers, 1, 1_000),
                bounds.check("--messages", messages, 1, 10_000_000),
                bounds.check("--size", size, 10, 60_000),
                bounds.check("--window", window, 1, 100_000),
                bounds.check("--subscribers", subscribers, 0, 1_000),
                FanoutCommand.checkedChannel(bounds, channel));
        if ((long) publishers * messages > 10_000_000L) {
            throw bounds.fail("--publishers times --messages must be at most 10000000");
        }
        LoadRun.Settings connections = connections(false, List.of());
        Report report = output.report();
        BenchResult result = new PublishLoad(new LoadRun(connections, report), settings, output.progress()).run();
        report.result(result);
        return result.outcome().exitCode();
    }
}
