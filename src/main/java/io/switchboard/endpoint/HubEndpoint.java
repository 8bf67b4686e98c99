package io.switchboard.endpoint;

import io.switchboard.channel.ChannelWorkers;
import io.switchboard.channel.Subscriptions;
import io.switchboard.config.ChannelSettings;
import io.switchboard.config.Settings;
import io.switchboard.connection.Connection;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.connection.RequestLane;
import io.switchboard.connection.SessionSink;
import io.switchboard.connection.ShutdownDrain;
import io.switchboard.log.LogEvent;
import io.switchboard.metrics.HubStats;
import io.switchboard.protocol.ClientFrame;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.FrameDecoder;
import io.switchboard.protocol.FrameEncoder;
import io.switchboard.protocol.MsgpackParser;
import io.switchboard.protocol.ServerFrame;
import io.switchboard.protocol.Subprotocol;
import io.switchboard.security.BroadcastLimit;
import io.switchboard.security.MessageRates;
import io.switchboard.security.RateLimit;
import io.switchboard.security.Refusals;
import io.switchboard.security.SecuritySettings;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The v1 protocol endpoint: one instance per connection, made by {@link HandshakeConfigurator}
 * with the beans of {@link HubServices}. Speaks v1 as JSON in text frames or, when the handshake
 * chose {@code switchboard.v1+msgpack}, as MessagePack in binary frames; a frame of the other kind
 * closes the connection with 1003.
 */
@ServerEndpoint(value = "/ws",
        subprotocols = {HandshakeConfigurator.SUBPROTOCOL, HandshakeConfigurator.MSGPACK_SUBPROTOCOL},
        configurator = HandshakeConfigurator.class,
        decoders = FrameDecoder.class,
        encoders = FrameEncoder.class)
public class HubEndpoint {

    private static final Logger LOG = Logger.getLogger(HubEndpoint.class.getName());

    // From HubServices: the endpoint is made per connection by HandshakeConfigurator, not by CDI.
    private final ConnectionRegistry registry;
    private final HubRequests requests;
    private final Subscriptions subscriptions;
    private final ChannelWorkers workers;
    private final ChannelSettings channelSettings;
    private final Settings settings;
    private final ShutdownDrain drain;
    private final Refusals refusals;
    private final MessageRates rates;
    private final SecuritySettings securitySettings;
    private final HubStats stats;
    private final MsgpackParser msgpack;

    private Connection connection;
    private Subprotocol protocol = Subprotocol.V1;
    // Touched only by this connection's message handling, one frame at a time.
    private RateLimit rateLimit;
    // Made at the first broadcast: most connections never send one. A new limit starts full, as
    // one made at open would be by then.
    private BroadcastLimit broadcastLimit;
    private RequestLane lane;

    HubEndpoint(HubServices services) {
        registry = services.registry();
        requests = services.requests();
        subscriptions = services.subscriptions();
        workers = services.workers();
        channelSettings = services.channelSettings();
        settings = services.settings();
        drain = services.drain();
        refusals = services.refusals();
        rates = services.rates();
        securitySettings = services.securitySettings();
        stats = services.stats();
        msgpack = services.msgpackParser();
    }

    @OnOpen
    public void open(Session session) {
        session.setMaxTextMessageBufferSize(settings.maxMessageBytes());
        protocol = Subprotocol.negotiated(session.getNegotiatedSubprotocol());
        if (protocol.binary()) {
            session.setMaxBinaryMessageBufferSize(settings.maxMessageBytes());
        }
        connection = registry.open(new SessionSink(session, HandshakeConfigurator.socket(session),
                HandshakeConfigurator.wire(session)),
                HandshakeConfigurator.identity(session), HandshakeConfigurator.slot(session), protocol);
        LogEvent.of("connection.opened").with("connection", connection.id()).with("user", connection.name())
                .with("address", connection.identity().address()).info(LOG);
        rateLimit = rates.forConnection(connection.name(), System.nanoTime());
        lane = new RequestLane(workers.requests(), channelSettings.maxPendingRequests(), channelSettings.requestsPerTurn());
        if (!HandshakeConfigurator.acceptedProtocol(session)) {
            connection.close(CloseCode.UNSUPPORTED_PROTOCOL);
        } else if (drain.isDraining()) {
            connection.close(CloseCode.GOING_AWAY);
        } else {
            // A client gone while it was being opened: the container has dropped that news (see
            // FrameSink#socketClosed). One gone a moment later is found by the heartbeat's sweep.
            connection.endIfSocketClosed();
        }
    }

    /** A text frame, decoded as JSON: v1's frames; a MessagePack connection is closed with 1003. */
    @OnMessage
    public void text(ClientFrame frame) {
        if (protocol.binary()) {
            connection.close(CloseCode.TEXT_NOT_SUPPORTED);
            return;
        }
        frame(frame);
    }

    /** A binary frame: a MessagePack connection's frames; a v1 connection is closed with 1003. */
    @OnMessage
    public void binary(ByteBuffer bytes) {
        if (!protocol.binary()) {
            connection.close(CloseCode.BINARY_NOT_SUPPORTED);
            return;
        }
        frame(msgpack.parse(bytes));
    }

    private void frame(ClientFrame frame) {
        connection.heard();
        stats.frameReceived();
        if (connection.isClosing() || !withinRate(frame)) {
            return;
        }
        // Java 17 has no pattern switch; keep one branch per ClientFrame permit.
        if (frame instanceof ClientFrame.Ping f) {
            connection.replyOnMessageThread(new ServerFrame.Pong(f.id()));
        } else if (frame instanceof ClientFrame.Echo f) {
            connection.replyOnMessageThread(new ServerFrame.EchoReply(f.data(), f.id()));
        } else if (frame instanceof ClientFrame.Broadcast f) {
            if (broadcastLimit == null) {
                broadcastLimit = securitySettings.broadcastRule().newLimit(System.nanoTime());
            }
            requests.broadcast(connection, broadcastLimit, f.data(), f.id());
        } else if (frame instanceof ClientFrame.Subscribe f) {
            inLane(f, () -> requests.subscribe(connection, f.channel(), f.since(), f.id()));
        } else if (frame instanceof ClientFrame.Unsubscribe f) {
            inLane(f, () -> requests.unsubscribe(connection, f.channel(), f.id()));
        } else if (frame instanceof ClientFrame.Publish f) {
            inLane(f, () -> requests.publish(connection, f.channel(), f.data(), f.id()));
        } else if (frame instanceof ClientFrame.History f) {
            inLane(f, () -> requests.history(connection, f.channel(), f.before(), f.limit(), f.id()));
        } else if (frame instanceof ClientFrame.TooLarge) {
            connection.close(CloseCode.MESSAGE_TOO_BIG);
        } else if (frame instanceof ClientFrame.Malformed f) {
            replyError(f.code(), f.message(), f.id());
        } else {
            throw new IllegalStateException("unhandled frame " + frame);
        }
    }

    /** Channel requests may wait on the database: they run on the connection's lane, in order. */
    private void inLane(ClientFrame frame, Runnable request) {
        if (!lane.submit(request)) {
            replyError(ErrorCode.UNAVAILABLE, "too many requests waiting on this connection; this one was dropped", frame.id());
        }
    }

    private boolean withinRate(ClientFrame frame) {
        RateLimit.Verdict verdict = rateLimit.check(System.nanoTime());
        if (verdict != RateLimit.Verdict.ACCEPT) {
            stats.frameRateLimited();
        }
        switch (verdict) {
            case ACCEPT -> {
                return true;
            }
            case REFUSE_AND_TELL -> replyError(ErrorCode.RATE_LIMITED, "too many frames; this one was dropped", frame.id());
            case CLOSE -> {
                refusals.refused("rate limit", connection.name(), connection.identity().address());
                connection.close(CloseCode.RATE_LIMITED);
            }
            case REFUSE_QUIETLY -> { }
        }
        return false;
    }

    private void replyError(ErrorCode code, String message, String requestId) {
        stats.errorSent(code);
        connection.replyOnMessageThread(new ServerFrame.Error(code, message, requestId));
    }

    @OnMessage
    public void pong(PongMessage ignored) {
        connection.heard();
    }

    @OnClose
    public void closed(CloseReason reason) {
        if (connection != null) {
            // The server's own code when it closed (its close may end as 1006 on the wire after an abort).
            try {
                CloseCode chosen = connection.closedWith().orElse(null);
                int code = chosen != null ? chosen.code()
                        : reason == null ? CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode() : reason.getCloseCode().getCode();
                stats.closed(code, chosen != null);
                LogEvent.of("connection.closed").with("connection", connection.id()).with("user", connection.name())
                        .with("address", connection.identity().address())
                        .with("code", reason == null ? CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode() : reason.getCloseCode().getCode())
                        .with("reason", reason == null ? "" : reason.getReasonPhrase()).info(LOG);
            } finally {
                // Whatever failed above, the connection must not stay counted against its user's
                // and address's caps, nor in its channels, until the instance restarts.
                registry.remove(connection);
                if (lane != null) {
                    // After any request still waiting, so a late subscribe cannot outlive the connection.
                    lane.finish(() -> subscriptions.leaveAll(connection));
                }
            }
        }
    }

    @OnError
    public void error(Throwable t) {
        // Errors of open connections are the network's (resets, timeouts). One before the
        // connection opened here is the server's own fault, and would otherwise leave a socket
        // that upgraded but is never served without a trace.
        LOG.log(connection == null ? Level.WARNING : Level.FINE,
                connection == null ? "connection could not be opened" : "connection error", t);
    }
}
