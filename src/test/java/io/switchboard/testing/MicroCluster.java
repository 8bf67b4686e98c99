package io.switchboard.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * N Payara Micro instances on this machine forming one data grid over loopback TCP/IP (never
 * multicast), each with its own HTTP port. Every cluster gets a name and a port range of its own,
 * so the clusters of two tests never join each other.
 */
public final class MicroCluster implements AutoCloseable {

    /** How long the grid may take to form once every member is up. */
    public static final Duration FORMING = Duration.ofSeconds(60);

    private final Layout layout;
    private final List<MicroServer> members;
    private final Map<String, String> settings;
    private final Path war;
    private int restarts;

    private MicroCluster(Layout layout, List<MicroServer> members, Map<String, String> settings, Path war) {
        this.layout = layout;
        this.members = members;
        this.settings = settings;
        this.war = war;
    }

    /**
     * The data grid side of a cluster: its name and the grid port of each member. Every member
     * lists every member's address, so members may start in any order or together.
     */
    public record Layout(String clusterName, int firstPort, int size) {

        /** A layout with a fresh cluster name and {@code size} consecutive free ports. */
        public static Layout fresh(String name, int size) throws IOException {
            return new Layout(name + "-" + Long.toHexString(System.nanoTime()), freePortRange(size), size);
        }

        public String memberName(int member) {
            return clusterName + "-" + (char) ('a' + member);
        }

        public int gridPort(int member) {
            return firstPort + member;
        }

        /** The Payara Micro options of member {@code member}. */
        public List<String> options(int member) {
            String all = String.join(",", IntStream.range(0, size).mapToObj(i -> "127.0.0.1:" + gridPort(i)).toList());
            return List.of("--clustermode", "tcpip:" + all, "--interfaces", "127.0.0.1",
                    "--startport", String.valueOf(gridPort(member)), "--nohostaware",
                    "--clustername", clusterName, "--name", memberName(member));
        }
    }

    /**
     * Starts {@code size} members together, running {@code war} with {@code settings}, and returns
     * once every member is ready and sees all {@code size}.
     */
    public static MicroCluster start(String name, int size, Map<String, String> settings, Path war) throws IOException {
        Layout layout = Layout.fresh(name, size);
        List<MicroServer> members = new ArrayList<>();
        MicroCluster cluster = new MicroCluster(layout, members, settings, war);
        try {
            for (int i = 0; i < size; i++) {
                members.add(MicroServer.launch(layout.memberName(i)).settings(settings).war(war)
                        .clustered(layout, i).start());
            }
            // started together, the members share the machine's cores while they boot
            Duration boot = Duration.ofMinutes(2).multipliedBy(size);
            for (MicroServer member : members) {
                member.awaitReady(boot);
            }
            cluster.awaitGridSize(size);
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public Layout layout() {
        return layout;
    }

    public MicroServer member(int i) {
        return members.get(i);
    }

    public List<MicroServer> members() {
        return List.copyOf(members);
    }

    /**
     * Starts member {@code i} anew once its process has ended, on the same HTTP and grid ports (a
     * load balancer in front keeps its address); returns at once, see {@link MicroServer#awaitReady()}.
     */
    public MicroServer restart(int i) throws IOException {
        MicroServer old = members.get(i);
        if (old.isAlive()) {
            throw new IllegalStateException(old.name() + " still runs");
        }
        restarts++;
        MicroServer again = MicroServer.launch(layout.memberName(i) + "-r" + restarts).settings(settings).war(war)
                .clustered(layout, i).port(old.port()).start();
        members.set(i, again);
        return again;
    }

    /** Waits until every live member sees {@code size} members. */
    public void awaitGridSize(int size) {
        for (MicroServer member : members) {
            if (member.isAlive()) {
                member.awaitGridSize(size, FORMING);
            }
        }
    }

    @Override
    public void close() {
        members.forEach(MicroServer::terminate);
        members.forEach(MicroServer::close);
    }

    private static int freePortRange(int size) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            if (IntStream.range(first, first + size).allMatch(MicroCluster::free)) {
                return first;
            }
        }
        throw new IOException("no " + size + " consecutive free ports");
    }

    // The grid binds its port on every interface, so check the wildcard address.
    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress((InetAddress) null, port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
