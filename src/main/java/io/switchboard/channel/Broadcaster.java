package io.switchboard.channel;

import io.switchboard.connection.Connection;
import io.switchboard.connection.ConnectionRegistry;
import io.switchboard.connection.OutboundFrame;
import io.switchboard.protocol.ServerFrame;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;

/** Sends a broadcast to every open connection but its sender. */
@ApplicationScoped
public class Broadcaster {

    @Inject
    ConnectionRegistry registry;

    public void broadcast(Connection sender, JsonValue data) {
        OutboundFrame frame = OutboundFrame.of(new ServerFrame.BroadcastMessage(data, sender.name()));
        for (Connection c : registry.all()) {
            if (c != sender) {
                c.send(frame);
            }
        }
    }
}
