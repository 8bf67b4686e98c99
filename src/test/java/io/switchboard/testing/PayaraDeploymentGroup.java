package io.switchboard.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Instances of a Payara Server domain in one deployment group on this machine, set up the way the
 * README's "Deploying to Payara Server" sets them up: a configuration of their own from
 * {@code server-config/payara-server-group.asadmin}, the {@code switchboard.*} settings as its
 * system properties, each instance on free ports and its own data grid port, started together.
 * {@link #close()} stops and deletes them and keeps their logs beside the domain's.
 */
public final class PayaraDeploymentGroup implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PayaraDeploymentGroup.class.getName());

    /** The names the group's asadmin file gives. */
    public static final String GROUP = "switchboard-group";
    public static final String CONFIG = "switchboard-config";

    /** One instance of the group and the port base {@code create-instance} gave it. */
    public record Instance(String name, int portBase) {

        public int httpPort() {
            return portBase + 80;
        }

        public URI wsUri() {
            return URI.create("ws://127.0.0.1:" + httpPort() + "/ws");
        }
    }

    private final PayaraServerDomain domain;
    private final List<Instance> instances = new ArrayList<>();
    private boolean started;
    private String deployed;
    private boolean tcpIp;

    private PayaraDeploymentGroup(PayaraServerDomain domain) {
        this.domain = domain;
    }

    /** Creates {@code size} instances in the group, with {@code settings} as system properties of their configuration, and starts them. */
    public static PayaraDeploymentGroup start(PayaraServerDomain domain, Path groupCommands, int size, Map<String, String> settings)
            throws IOException {
        if (size > PayaraServerDomain.GRID_INSTANCES) {
            throw new IllegalArgumentException("the domain keeps data grid ports for " + PayaraServerDomain.GRID_INSTANCES + " instances");
        }
        PayaraDeploymentGroup group = new PayaraDeploymentGroup(domain);
        try {
            domain.asadminFile(groupCommands);
            // TCP/IP discovery on loopback: Payara's domain discovery looks for the domain
            // administration server at the machine's own address when it is on 127.0.0.1. The
            // running domain administration server keeps its discovery until a restart; instances
            // take this at their start.
            group.tcpIp = true;
            domain.asadmin("set-hazelcast-configuration", "--clustermode", "tcpip", "--tcpipmembers", gridMembers(domain, size),
                    "--dynamic=false");
            domain.systemProperties(CONFIG, settings);
            Set<Integer> bases = new HashSet<>();
            for (int i = 0; i < size; i++) {
                int base;
                do {
                    base = PayaraServerDomain.freePortBase();
                } while (!bases.add(base));
                Instance instance = new Instance("switchboard-" + (i + 1), base);
                domain.asadmin("create-instance", "--node", domain.localNode(), "--config", CONFIG,
                        "--portbase", String.valueOf(base), "--checkports=true",
                        // each member a data grid port of the range the domain keeps free for it
                        "--systemproperties", "HZ_LISTENER_PORT=" + (domain.gridPort() + 1 + i), instance.name());
                group.instances.add(instance);
                domain.asadmin("add-instance-to-deployment-group", "--instance", instance.name(), "--deploymentgroup", GROUP);
            }
            group.started = true;
            domain.asadmin("start-deployment-group", GROUP);
            LOG.info(() -> "deployment group up: " + group.instances);
            return group;
        } catch (RuntimeException e) {
            try {
                group.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * The data grid addresses of {@code size} instances. Not the domain administration server's: it
     * runs no Switchboard here, and its grid, still on domain discovery until a restart, partitions
     * differently and refuses members that discover over TCP/IP.
     */
    static String gridMembers(PayaraServerDomain domain, int size) {
        return IntStream.rangeClosed(1, size).mapToObj(i -> "127.0.0.1:" + (domain.gridPort() + i))
                .collect(Collectors.joining(","));
    }

    public List<Instance> instances() {
        return List.copyOf(instances);
    }

    public Instance instance(int index) {
        return instances.get(index);
    }

    /** Deploys {@code war} to every instance of the group at the context root, its HTTP sessions kept in the data grid. */
    public void deploy(Path war, String name) {
        domain.asadmin("deploy", "--target", GROUP, "--contextroot", "/", "--name", name,
                "--availabilityenabled=true", war.toAbsolutePath().toString());
        deployed = name;
    }

    /** {@code instance}'s server log. */
    public Path serverLog(Instance instance) {
        return domain.instanceDirectory(instance.name()).resolve("logs").resolve("server.log");
    }

    @Override
    public void close() {
        RuntimeException failed = null;
        if (deployed != null) {
            try {
                domain.asadmin("undeploy", "--target", GROUP, deployed);
            } catch (RuntimeException e) {
                failed = e;
            }
            deployed = null;
        }
        if (started) {
            started = false;
            try {
                domain.asadmin("stop-deployment-group", GROUP);
            } catch (RuntimeException e) {
                failed = e;
            }
        }
        for (Instance instance : instances) {
            domain.keepLogs(domain.instanceDirectory(instance.name()).resolve("logs"), domain.name() + "-" + instance.name());
            try {
                domain.asadmin("delete-instance", instance.name());
            } catch (RuntimeException e) {
                // a stop that failed leaves it running; the domain's stop and delete still follow
                System.err.println("could not delete the instance " + instance.name() + ": " + e.getMessage());
            }
        }
        instances.clear();
        // the domain as it was: the next tests deploy to the domain administration server alone
        List<String[]> undo = new ArrayList<>(List.of(new String[] {"delete-deployment-group", GROUP}, new String[] {"delete-config", CONFIG}));
        if (tcpIp) {
            tcpIp = false;
            undo.add(new String[] {"set-hazelcast-configuration", "--clustermode", "domain", "--dynamic=false"});
        }
        for (String[] command : undo) {
            try {
                domain.asadmin(command);
            } catch (RuntimeException e) {
                System.err.println(String.join(" ", command) + ": " + e.getMessage());
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
