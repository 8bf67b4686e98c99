package io.switchboard.metrics;

import java.util.Map;
import java.util.stream.Collectors;
import org.glassfish.external.statistics.CountStatistic;
import org.glassfish.external.statistics.RangeStatistic;
import org.glassfish.external.statistics.StringStatistic;
import org.glassfish.external.statistics.impl.CountStatisticImpl;
import org.glassfish.external.statistics.impl.RangeStatisticImpl;
import org.glassfish.external.statistics.impl.StatisticImpl;
import org.glassfish.external.statistics.impl.StringStatisticImpl;
import org.glassfish.gmbal.AMXMetadata;
import org.glassfish.gmbal.Description;
import org.glassfish.gmbal.ManagedAttribute;
import org.glassfish.gmbal.ManagedObject;

/**
 * The hub's figures as a node of Payara Server's monitoring tree, {@code server.switchboard}: what
 * {@code asadmin get --monitor} prints and the admin port's {@code /monitoring} REST resource
 * serves. Each attribute is read from {@link HubStats} when the server asks for it, so nothing is
 * added to the frame paths. Attribute ids become the dotted names' last part
 * ({@code server.switchboard.messagesreceived-count}).
 */
@AMXMetadata(type = "switchboard-mon", group = "monitoring")
@ManagedObject
@Description("Switchboard WebSocket hub")
public class HubTreeStats {

    private final HubStats stats;
    private final long start = System.currentTimeMillis();
    private final RangeStatisticImpl connections = new RangeStatisticImpl(0, 0, 0, "Connections",
            StatisticImpl.UNIT_COUNT, "Open WebSocket connections on this instance", start, start);
    private final CountStatisticImpl received = count("MessagesReceived", "Text frames received from clients");
    private final CountStatisticImpl sent = count("MessagesSent",
            "Frames written to clients (replies, channel messages, presence, errors)");
    private final CountStatisticImpl closes = count("Closes", "Connections closed, every close code");
    private final StringStatisticImpl closesByCode = text("ClosesByCode",
            "Connections closed, by close code (code=count; other = a client's code outside the known ones)");
    private final CountStatisticImpl slowConsumerCloses = count("SlowConsumerCloses",
            "Connections closed with 1013 because their outbound queue overflowed");
    private final CountStatisticImpl rateLimited = count("RateLimitedFrames", "Client frames dropped by the per-user rate limit");
    private final StringStatisticImpl errorsByCode = text("ErrorsByCode", "Error frames sent to clients, by error code");
    private final StringStatisticImpl refusals = text("HandshakeRefusalsByReason",
            "WebSocket handshakes refused before the upgrade, by reason");

    HubTreeStats(HubStats stats) {
        this.stats = stats;
    }

    @ManagedAttribute(id = "connections")
    @Description("Open WebSocket connections on this instance")
    public synchronized RangeStatistic getConnections() {
        connections.setCurrent(stats.snapshot().connections());
        return connections;
    }

    @ManagedAttribute(id = "messagesreceived")
    @Description("Text frames received from clients since the application started")
    public synchronized CountStatistic getMessagesReceived() {
        received.setCount(stats.snapshot().messagesReceived());
        return received;
    }

    @ManagedAttribute(id = "messagessent")
    @Description("Frames written to clients since the application started")
    public synchronized CountStatistic getMessagesSent() {
        sent.setCount(stats.snapshot().messagesSent());
        return sent;
    }

    @ManagedAttribute(id = "closes")
    @Description("Connections closed since the application started, every close code")
    public synchronized CountStatistic getCloses() {
        closes.setCount(stats.snapshot().closesByCode().values().stream().mapToLong(Long::longValue).sum());
        return closes;
    }

    @ManagedAttribute(id = "closesbycode")
    @Description("Connections closed since the application started, by close code")
    public synchronized StringStatistic getClosesByCode() {
        closesByCode.setCurrent(joined(stats.snapshot().closesByCode().entrySet().stream().collect(Collectors.toMap(
                e -> e.getKey() == HubStats.OTHER_CLOSE_CODE ? "other" : Integer.toString(e.getKey()),
                Map.Entry::getValue, Long::sum, java.util.TreeMap::new))));
        return closesByCode;
    }

    @ManagedAttribute(id = "slowconsumercloses")
    @Description("Connections closed with 1013 because their outbound queue overflowed")
    public synchronized CountStatistic getSlowConsumerCloses() {
        slowConsumerCloses.setCount(stats.snapshot().slowConsumerCloses());
        return slowConsumerCloses;
    }

    @ManagedAttribute(id = "ratelimitedframes")
    @Description("Client frames dropped by the per-user rate limit")
    public synchronized CountStatistic getRateLimitedFrames() {
        rateLimited.setCount(stats.snapshot().rateLimitedFrames());
        return rateLimited;
    }

    @ManagedAttribute(id = "errorsbycode")
    @Description("Error frames sent to clients, by error code")
    public synchronized StringStatistic getErrorsByCode() {
        errorsByCode.setCurrent(joined(stats.snapshot().errorsByCode()));
        return errorsByCode;
    }

    @ManagedAttribute(id = "handshakerefusalsbyreason")
    @Description("WebSocket handshakes refused before the upgrade, by reason")
    public synchronized StringStatistic getHandshakeRefusalsByReason() {
        refusals.setCurrent(joined(stats.snapshot().handshakeRefusalsByReason()));
        return refusals;
    }

    /** {@code 1000=2 4003=1}: one line that {@code asadmin get} prints as it is; empty before the first. */
    static String joined(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    private CountStatisticImpl count(String name, String description) {
        return new CountStatisticImpl(0, name, StatisticImpl.UNIT_COUNT, description, start, start);
    }

    private StringStatisticImpl text(String name, String description) {
        return new StringStatisticImpl("", name, "String", description, start, start);
    }
}
