package io.switchboard.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.security.Identity;
import io.switchboard.security.Role;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.glassfish.tyrus.core.RequestContext;
import org.glassfish.tyrus.core.TyrusUpgradeResponse;
import org.junit.jupiter.api.Test;

class HandshakeConfiguratorTest {

    private final HandshakeConfigurator configurator = new HandshakeConfigurator();

    @Test
    void aHandshakeThatDidNotPassTheGateIsRefusedWith403() {
        ServerEndpointConfig config = config();
        TyrusUpgradeResponse response = switching();

        configurator.modifyHandshake(config, request(null), response);

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(config.getUserProperties()).doesNotContainKey("switchboard.identity");
    }

    @Test
    void aHandshakeWithAForgedOrMangledGateHeaderIsRefused() {
        ServerEndpointConfig config = config();
        TyrusUpgradeResponse response = switching();

        configurator.modifyHandshake(config, request("roles=admin"), response);

        assertThat(response.getStatus()).isEqualTo(403);
    }

    @Test
    void aHandshakeThatPassedTheGateGetsTheGatesIdentity() {
        ServerEndpointConfig config = config();
        TyrusUpgradeResponse response = switching();

        configurator.modifyHandshake(config, request("roles=user+moderator;session=;slot=s1"), response);

        assertThat(response.getStatus()).isEqualTo(101);
        assertThat(config.getUserProperties().get("switchboard.identity"))
                .isEqualTo(new Identity("alice", Set.of(Role.USER, Role.MODERATOR), null, "10.0.0.7"));
        assertThat(config.getUserProperties().get("switchboard.slot")).isEqualTo("s1");
    }

    @Test
    void theFirstOfferedSubprotocolTheServerSpeaksIsChosen() {
        String v1 = "switchboard.v1";
        String msgpack = "switchboard.v1+msgpack";
        assertThat(configurator.getNegotiatedSubprotocol(List.of(), List.of(msgpack))).isEqualTo(msgpack);
        assertThat(configurator.getNegotiatedSubprotocol(List.of(), List.of(v1))).isEqualTo(v1);
        assertThat(configurator.getNegotiatedSubprotocol(List.of(), List.of("chat", msgpack, v1))).isEqualTo(msgpack);
        assertThat(configurator.getNegotiatedSubprotocol(List.of(), List.of(v1, msgpack))).isEqualTo(v1);
        assertThat(configurator.getNegotiatedSubprotocol(List.of(), List.of("switchboard.v2"))).isEmpty();
        assertThat(configurator.getNegotiatedSubprotocol(List.of(), List.of())).isEmpty();
    }

    private ServerEndpointConfig config() {
        return ServerEndpointConfig.Builder.create(HubEndpoint.class, "/ws").configurator(configurator).build();
    }

    private static TyrusUpgradeResponse switching() {
        TyrusUpgradeResponse response = new TyrusUpgradeResponse();
        response.setStatus(101);
        return response;
    }

    private static RequestContext request(String verified) {
        RequestContext request = RequestContext.Builder.create()
                .requestURI(URI.create("/ws"))
                .userPrincipal(() -> "alice")
                .remoteAddr("10.0.0.7")
                .build();
        if (verified != null) {
            request.getHeaders().put("X-Switchboard-Verified", List.of(verified));
        }
        return request;
    }
}
