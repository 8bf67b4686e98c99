package io.switchboard.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.config.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** server-config/switchboard.service: accepted by systemd-analyze, hardened, and stopping gracefully. */
class SystemdUnitTest {

    private static final String FILE = "switchboard.service";
    private static final String SHIPPED_JAVA = "ExecStart=/usr/bin/java ";

    private final String text = ConfigFile.read(FILE);
    private final UnitFile unit = new UnitFile(text);

    @Test
    void passesSystemdAnalyzeVerify() {
        Tool analyze = Tool.require("systemd-analyze");
        Path dir = ConfigFile.scratch("systemd");
        assumeVerifyWorksHere(analyze, dir);
        Path copy = runnableCopy(dir);

        Tool.Result result = analyze.run(dir, "verify", "--man=no", copy.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        // Unknown keys and bad values are only warnings: any line about the unit is a finding.
        assertThat(result.output().lines().filter(line -> line.contains(FILE)).toList()).as(result.output()).isEmpty();
    }

    @Test
    void isHardenedToAnOkExposureLevel() {
        Tool analyze = Tool.require("systemd-analyze");
        Path dir = ConfigFile.scratch("systemd-security");
        assumeVerifyWorksHere(analyze, dir);
        Path copy = runnableCopy(dir);

        // --threshold is on a scale of 0 to 100, ten times the level printed; up to 2.9 is "OK".
        Tool.Result result = analyze.run(dir, "security", "--offline=yes", "--threshold=29", copy.toString());

        assumeFalse(result.output().contains("unrecognized option"), "systemd-analyze here predates --offline (systemd 250)");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void givesTheGracefulStopMoreTimeThanTheDrain() {
        Duration stop = Setting.CLOSE_TIMEOUT.parseDuration(unit.get("Service", "TimeoutStopSec"));

        assertThat(unit.get("Service", "KillSignal")).isEqualTo("SIGTERM");
        assertThat(stop).isGreaterThan(Defaults.stop(Defaults.of(Setting.SHUTDOWN_DRAIN_SECONDS)));
        assertThat(unit.get("Service", "SuccessExitStatus")).as("the JVM's exit after SIGTERM").contains("143");
    }

    @Test
    void runsAsADedicatedUserAndRestartsAfterAFailure() {
        assertThat(unit.get("Service", "User")).isEqualTo("switchboard");
        assertThat(unit.get("Service", "Restart")).isEqualTo("on-failure");
        assertThat(unit.get("Install", "WantedBy")).isEqualTo("multi-user.target");
    }

    @Test
    void writesOnlyItsStateDirectory() {
        for (Map.Entry<String, String> setting : Map.of("NoNewPrivileges", "yes", "ProtectSystem", "strict",
                "ProtectHome", "yes", "PrivateTmp", "yes").entrySet()) {
            assertThat(unit.get("Service", setting.getKey())).as(setting.getKey()).isEqualTo(setting.getValue());
        }
        List<String> writable = unit.all("Service", "ReadWritePaths");
        assertThat(writable).containsExactly("/var/lib/switchboard");
        assertThat(unit.environment().get("SWITCHBOARD_DATA_DIR")).startsWith("/var/lib/switchboard/");
        assertThat(unit.get("Service", "WorkingDirectory")).isEqualTo("/var/lib/switchboard");
    }

    @Test
    void startsTheWarLikeTheReadmeWithAnExplicitClusterFlag() {
        String start = unit.get("Service", "ExecStart");

        assertThat(start).startsWith("/usr/bin/java $JAVA_OPTS "
                        + "-jar /opt/switchboard/payara-micro.jar $PAYARA_CLUSTER_FLAGS ")
                .contains(" --deploy /opt/switchboard/switchboard.war", " --contextroot / ", " --disablephonehome ",
                        " --prebootcommandfile ${PAYARA_PREBOOT} ", " $PAYARA_CLUSTER_FLAGS ",
                        // every pre-boot file installs the idle-timer scheduler from this jar
                        " --addlibs /opt/switchboard/switchboard-idle-timers.jar ");
        // Without a cluster flag Payara Micro would look for members by multicast.
        assertThat(unit.environment()).containsEntry("PAYARA_CLUSTER_FLAGS", "--nohazelcast")
                // alone, sessions in memory; a member replicates them (the commented cluster example)
                .containsEntry("PAYARA_PREBOOT", "/opt/switchboard/loopback.asadmin");
        assertThat(text).contains("PAYARA_PREBOOT=/opt/switchboard/loopback-cluster.asadmin");
        assertThat(text).doesNotContain("multicast:").contains("PAYARA_CLUSTER_FLAGS=--clustermode tcpip:");
    }

    /**
     * A copy whose ExecStart runs a Java that exists here: verify refuses a unit whose program is
     * missing, and where Java lives differs between machines.
     */
    private Path runnableCopy(Path dir) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return ConfigFile.write(dir.resolve(FILE), ConfigFile.replaceOnce(text, SHIPPED_JAVA, "ExecStart=" + java + " "));
    }

    /** A trivial unit must pass, or this machine's systemd-analyze cannot verify anything (no usable systemd). */
    private static void assumeVerifyWorksHere(Tool analyze, Path dir) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path probe = ConfigFile.write(dir.resolve("probe.service"),
                "[Unit]\nDescription=probe\n\n[Service]\nExecStart=" + java + " -version\n");
        Tool.Result result = analyze.run(dir, "verify", "--man=no", probe.toString());
        assumeTrue(result.exitCode() == 0 && result.output().isBlank(),
                "systemd-analyze verify does not work on this machine: " + result.output());
    }
}
