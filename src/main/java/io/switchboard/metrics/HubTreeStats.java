package io.switchboard.metrics;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
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
 * serves. Attribute ids become the dotted names' last part
 * ({@code server.switchboard.messagesreceived-count}).
 *
 * <p>The server reads these getters on its own admin threads, which carry no application context.
 * So they only return what {@link #refresh} last copied from a {@link StatsSnapshot} on the
 * application's scheduler; a getter that reached into the application's beans could make the
 * container create one of them there, half-initialised, for every later connection to find.
 */
@AMXMetadata(type = "switchboard-mon", group = "monitoring")
@ManagedObject
@Description("Switchboard WebSocket hub")
public class HubTreeStats {

    /** The span the per-second rates are averaged over. */
    static final long RATE_WINDOW_MILLIS = 10_000;

    private final long start;
    private final RangeStatisticImpl connections;
    private final CountStatisticImpl received;
    private final CountStatisticImpl sent;
    private final RangeStatisticImpl receivedPerSecond;
    private final RangeStatisticImpl sentPerSecond;
    private final CountStatisticImpl closes;
    private final StringStatisticImpl closesByCode;
    private final CountStatisticImpl slowConsumerCloses;
    private final CountStatisticImpl rateLimited;
    private final StringStatisticImpl errorsByCode;
    private final StringStatisticImpl refusals;
    /** The snapshots of the last {@link #RATE_WINDOW_MILLIS}, oldest first, for the rates. */
    private final Deque<StatsSnapshot> recent = new ArrayDeque<>();

    HubTreeStats(long startMillis) {
        start = startMillis;
        connections = range("Connections", "Open WebSocket connections on this instance");
        received = count("MessagesReceived", "Text frames received from clients");
        sent = count("MessagesSent", "Frames written to clients (replies, channel messages, presence, errors)");
        receivedPerSecond = range("MessagesReceivedPerSecond",
                "Frames received from clients per second, over the last " + RATE_WINDOW_MILLIS / 1000 + " s");
        sentPerSecond = range("MessagesSentPerSecond",
                "Frames written to clients per second, over the last " + RATE_WINDOW_MILLIS / 1000 + " s");
        closes = count("Closes", "Connections closed, every close code");
        closesByCode = text("ClosesByCode",
                "Connections closed, by close code (code=count; other = a client's code outside the known ones)");
        slowConsumerCloses = count("SlowConsumerCloses", "Connections closed with 1013 because their outbound queue overflowed");
        rateLimited = count("RateLimitedFrames", "Client frames dropped by the per-user rate limit");
        errorsByCode = text("ErrorsByCode", "Error frames sent to clients, by error code");
        refusals = text("HandshakeRefusalsByReason", "WebSocket handshakes refused before the upgrade, by reason");
    }

    /** Copies {@code now} into the statistics; called on the application's scheduler. */
    synchronized void refresh(StatsSnapshot now) {
        connections.setCurrent(now.connections());
        received.setCount(now.messagesReceived());
        sent.setCount(now.messagesSent());
        closes.setCount(now.closesByCode().values().stream().mapToLong(Long::longValue).sum());
        closesByCode.setCurrent(joined(now.closesByCode().entrySet().stream().collect(Collectors.toMap(
                e -> HubStats.closeCodeLabel(e.getKey()),
                Map.Entry::getValue, Long::sum, TreeMap::new))));
        slowConsumerCloses.setCount(now.slowConsumerCloses());
        rateLimited.setCount(now.rateLimitedFrames());
        errorsByCode.setCurrent(joined(now.errorsByCode()));
        refusals.setCurrent(joined(now.handshakeRefusalsByReason()));

        recent.addLast(now);
        while (recent.size() > 2 && now.atMillis() - recent.peekFirst().atMillis() > RATE_WINDOW_MILLIS) {
            recent.removeFirst();
        }
        StatsSnapshot oldest = recent.peekFirst();
        long span = now.atMillis() - oldest.atMillis();
        if (span > 0) {
            receivedPerSecond.setCurrent(Math.round((now.messagesReceived() - oldest.messagesReceived()) * 1000.0 / span));
            sentPerSecond.setCurrent(Math.round((now.messagesSent() - oldest.messagesSent()) * 1000.0 / span));
        }
    }

    @ManagedAttribute(id = "connections")
    @Description("Open WebSocket connections on this instance")
    public synchronized RangeStatistic getConnections() {
        return connections;
    }

    @ManagedAttribute(id = "messagesreceived")
    @Description("Text frames received from clients since the application started")
    public synchronized CountStatistic getMessagesReceived() {
        return received;
    }

    @ManagedAttribute(id = "messagessent")
    @Description("Frames written to clients since the application started")
    public synchronized CountStatistic getMessagesSent() {
        return sent;
    }

    @ManagedAttribute(id = "messagesreceivedpersecond")
    @Description("Frames received from clients per second, averaged over the last 10 s")
    public synchronized RangeStatistic getMessagesReceivedPerSecond() {
        return receivedPerSecond;
    }

    @ManagedAttribute(id = "messagessentpersecond")
    @Description("Frames written to clients per second, averaged over the last 10 s")
    public synchronized RangeStatistic getMessagesSentPerSecond() {
        return sentPerSecond;
    }

    @ManagedAttribute(id = "closes")
    @Description("Connections closed since the application started, every close code")
    public synchronized CountStatistic getCloses() {
        return closes;
    }

    @ManagedAttribute(id = "closesbycode")
    @Description("Connections closed since the application started, by close code")
    public synchronized StringStatistic getClosesByCode() {
        return closesByCode;
    }

    @ManagedAttribute(id = "slowconsumercloses")
    @Description("Connections closed with 1013 because their outbound queue overflowed")
    public synchronized CountStatistic getSlowConsumerCloses() {
        return slowConsumerCloses;
    }

    @ManagedAttribute(id = "ratelimitedframes")
    @Description("Client frames dropped by the per-user rate limit")
    public synchronized CountStatistic getRateLimitedFrames() {
        return rateLimited;
    }

    @ManagedAttribute(id = "errorsbycode")
    @Description("Error frames sent to clients, by error code")
    public synchronized StringStatistic getErrorsByCode() {
        return errorsByCode;
    }

    @ManagedAttribute(id = "handshakerefusalsbyreason")
    @Description("WebSocket handshakes refused before the upgrade, by reason")
    public synchronized StringStatistic getHandshakeRefusalsByReason() {
        return refusals;
    }

    /** {@code 1000=2 4003=1}: one line that {@code asadmin get} prints as it is; empty before the first. */
    static String joined(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    private RangeStatisticImpl range(String name, String description) {
        return new RangeStatisticImpl(0, 0, 0, name, StatisticImpl.UNIT_COUNT, description, start, start);
    }

    private CountStatisticImpl count(String name, String description) {
        return new CountStatisticImpl(0, name, StatisticImpl.UNIT_COUNT, description, start, start);
    }

    private StringStatisticImpl text(String name, String description) {
        return new StringStatisticImpl("", name, "String", description, start, start);
    }
}
