package io.switchboard.endpoint;

import io.switchboard.channel.ChannelWorkers;
import io.switchboard.channel.Subscriptions;
import io.switchboard.config.ChannelSettings;
import io.switchboard.config.Settings;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.connection.ShutdownDrain;
import io.switchboard.metrics.HubStats;
import io.switchboard.protocol.MsgpackParser;
import io.switchboard.security.MessageRates;
import io.switchboard.security.Refusals;
import io.switchboard.security.SecuritySettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The beans every {@link HubEndpoint} works with, injected once for all connections. The container
 * would otherwise build a new injection target (eleven injection points) for each connection and
 * keep it for the connection's lifetime; {@link HandshakeConfigurator} makes the endpoints instead.
 */
@ApplicationScoped
public class HubServices {

    @Inject
    ConnectionRegistry registry;

    @Inject
    HubRequests requests;

    @Inject
    Subscriptions subscriptions;

    @Inject
    ChannelWorkers workers;

    @Inject
    ChannelSettings channelSettings;

    @Inject
    Settings settings;

    @Inject
    ShutdownDrain drain;

    @Inject
    Refusals refusals;

    @Inject
    MessageRates rates;

    @Inject
    SecuritySettings securitySettings;

    @Inject
    HubStats stats;

    private MsgpackParser msgpackParser;

    @PostConstruct
    void init() {
        msgpackParser = new MsgpackParser(settings.maxJsonDepth(), settings.maxMessageBytes());
    }

    // Called through the client proxy, which has no field values of its own: methods, not fields.

    public ConnectionRegistry registry() {
        return registry;
    }

    public HubRequests requests() {
        return requests;
    }

    public Subscriptions subscriptions() {
        return subscriptions;
    }

    public ChannelWorkers workers() {
        return workers;
    }

    public ChannelSettings channelSettings() {
        return channelSettings;
    }

    public Settings settings() {
        return settings;
    }

    public ShutdownDrain drain() {
        return drain;
    }

    public Refusals refusals() {
        return refusals;
    }

    public MessageRates rates() {
        return rates;
    }

    public SecuritySettings securitySettings() {
        return securitySettings;
    }

    public HubStats stats() {
        return stats;
    }

    /** The parser of MessagePack connections' frames: stateless, shared by all of them. */
    public MsgpackParser msgpackParser() {
        return msgpackParser;
    }
}
