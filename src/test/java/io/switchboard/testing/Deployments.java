package io.switchboard.testing;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Builds test deployments from the WAR that {@code package} produced, with extra settings. */
public final class Deployments {

    private Deployments() {
    }

    /** The built WAR with {@code settings} as its MicroProfile Config properties. */
    public static WebArchive war(String name, Map<String, String> settings) {
        File built = new File(System.getProperty("switchboard.war", "target/switchboard.war"));
        WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class, built);
        WebArchive renamed = ShrinkWrap.create(WebArchive.class, name + ".war").merge(war);
        String properties = settings.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n"));
        return renamed.addAsResource(new StringAsset(properties), "META-INF/microprofile-config.properties");
    }

    /** The WebSocket URI of a deployment, on 127.0.0.1 (Arquillian reports a non-loopback host). */
    public static URI wsUri(URL base) {
        return URI.create("ws://127.0.0.1:" + base.getPort() + base.getPath() + (base.getPath().endsWith("/") ? "" : "/") + "ws");
    }
}
