package io.switchboard.cli.bench;

import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "fanout", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"One publisher keeps --window un-acked publishes to a fresh channel that --subscribers "
                + "connections subscribed to; reports deliveries/s, ack and delivery latency, and checks that "
                + "every subscriber gets every message once and in order.",
                "Several --url (comma-separated instances of one cluster): the publisher on the first, subscriber "
                        + "i on URL i mod n; delivery latency is reported per instance."})
final class FanoutCommand extends LoadCommand {

    static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Option(names = "--subscribers", defaultValue = "1000", paramLabel = "N",
            description = "Subscribed connections, 1 to 20000 (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--messages", defaultValue = "500", paramLabel = "N",
            description = "Publishes, 1 to 10000000 (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--size", defaultValue = "100", paramLabel = "BYTES",
            description = "Bytes of each message's data, quotes included, 2 to 60000; from 10 on the data "
                    + "carries the message's number for the delivery latency (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--window", defaultValue = "32", paramLabel = "N",
            description = "Un-acked publishes at a time, 1 to 100000 (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--channel", paramLabel = "NAME", description = "The channel (default: bench.<random>, a fresh one).")
    String channel;

    @Option(names = "--server-pids", split = ",", paramLabel = "PID",
            description = "The servers' process ids: reports the CPU time each used from the first publish to "
                    + "the last delivery (Linux /proc).")
    List<Long> serverPids = List.of();

    @Option(names = "--encoding", defaultValue = "json", paramLabel = "ENCODING",
            description = "The connections' frames: json (text, switchboard.v1) or msgpack (binary, "
                    + "switchboard.v1+msgpack) (default: ${DEFAULT-VALUE}).")
    WireEncoding encoding;

    @Override
    public Integer call() throws Exception {
        OptionBounds bounds = new OptionBounds(spec);
        FanoutLoad.Settings settings = new FanoutLoad.Settings(
                bounds.check("--subscribers", subscribers, 1, 20_000),
                bounds.check("--messages", messages, 1, 10_000_000),
                bounds.check("--size", size, 2, 60_000),
                bounds.check("--window", window, 1, 100_000),
                channel == null ? "bench." + Long.toHexString(System.nanoTime()) : checkedChannel(bounds, channel));
        for (long pid : serverPids) {
            if (pid <= 0) {
                throw bounds.fail("--server-pids must be process ids, not " + pid);
            }
        }
        LoadRun.Settings connections = connections(true, serverPids).withEncoding(encoding);
        Report report = output.report();
        BenchResult result = new FanoutLoad(new LoadRun(connections, report), settings, output.progress()).run();
        report.result(result);
        return result.outcome().exitCode();
    }

    static String checkedChannel(OptionBounds bounds, String channel) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw bounds.fail("--channel must match [A-Za-z0-9._:-]{1,128}: " + channel);
        }
        return channel;
    }
}
