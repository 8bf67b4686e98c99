package io.switchboard.ops;

import static io.switchboard.ops.Manifests.at;
import static io.switchboard.ops.Manifests.list;
import static io.switchboard.ops.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.config.Setting;
import io.switchboard.ops.Manifests.Manifest;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * server-config/kubernetes/*.yaml: every document well-formed, and the objects agreeing with each
 * other and with the server (selectors, ports, probes, discovery, the drain). No Kubernetes API
 * server is needed: kubectl cannot even dry-run without one.
 */
class KubernetesManifestsTest {

    private final Manifests manifests = new Manifests();
    private final Manifest deployment = manifests.one("Deployment");
    private final Map<String, Object> podSpec = map(deployment.at("spec.template.spec"));
    private final Map<String, Object> container = onlyContainer();
    private final Map<String, Object> podLabels = map(deployment.at("spec.template.metadata.labels"));

    @Test
    void everyDocumentNamesItsApiVersionKindAndName() {
        assertThat(manifests.all()).isNotEmpty();
        for (Manifest m : manifests.all()) {
            assertThat(m.body().get("apiVersion")).as("apiVersion in %s", m.file()).isInstanceOf(String.class);
            assertThat(m.kind()).as("kind in %s", m.file()).isNotBlank();
            assertThat(m.name()).as("metadata.name of a %s in %s", m.kind(), m.file()).isNotBlank();
            assertThat(m.at("metadata.namespace")).as("namespace left to kubectl -n").isNull();
        }
        assertThat(manifests.all().stream().map(Manifest::kind)).contains("Deployment", "Service", "Ingress",
                "PodDisruptionBudget", "ServiceAccount", "Role", "RoleBinding");
    }

    @Test
    void runsThreeReplicasSelectedByTheirPodLabels() {
        assertThat(deployment.at("spec.replicas")).isEqualTo(3);
        assertSelects(map(deployment.at("spec.selector.matchLabels")), "Deployment selector");
        assertThat(at(podSpec, "securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat(map(at(container, "resources.requests"))).containsKeys("cpu", "memory");
        assertThat(at(container, "resources.limits.memory")).isNotNull();
    }

    @Test
    void servicesSelectThePodsAndTargetTheirPorts() {
        for (Manifest service : manifests.ofKind("Service")) {
            assertSelects(map(service.at("spec.selector")), "selector of Service " + service.name());
            for (Object port : list(service.at("spec.ports"))) {
                assertThat(containerPorts()).as("Service %s targets a container port", service.name())
                        .containsKey(String.valueOf(map(port).get("targetPort")));
            }
        }
    }

    @Test
    void probesAskPayarasHealthEndpointsOnTheHttpPort() {
        assertThat(at(container, "readinessProbe.httpGet.path")).isEqualTo("/health/ready");
        assertThat(at(container, "livenessProbe.httpGet.path")).isEqualTo("/health/live");
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            Object port = at(container, probe + ".httpGet.port");
            assertThat(port).as(probe + " port").isNotNull();
            assertThat(containerPorts().get(String.valueOf(port))).as(probe + " port is the HTTP port").isEqualTo(8080);
        }
        assertThat(args()).containsSubsequence("--port", "8080");
    }

    @Test
    void installsTheIdleTimerSchedulerTheImageCarries() {
        assertThat(args()).containsSubsequence("--prebootcommandfile", "/opt/payara/cluster.asadmin")
                .containsSubsequence("--addlibs", "/opt/payara/switchboard-idle-timers.jar");
    }

    @Test
    void findsTheOtherInstancesThroughAHeadlessServiceOnTheDataGridPort() {
        List<String> args = args();
        assertThat(args).doesNotContain("--nocluster");
        String mode = valueAfter(args, "--clustermode");
        assertThat(mode).startsWith("kubernetes:$(POD_NAMESPACE),");
        Manifest discovery = manifests.named("Service", mode.substring(mode.indexOf(',') + 1));
        assertThat(discovery.at("spec.clusterIP")).isEqualTo("None");
        assertThat(discovery.at("spec.publishNotReadyAddresses")).as("members are found before they are ready").isEqualTo(true);

        Object target = map(list(discovery.at("spec.ports")).get(0)).get("targetPort");
        assertThat(containerPorts().get(String.valueOf(target))).as("data grid port")
                .isEqualTo(Integer.parseInt(valueAfter(args, "--startport")));
        assertThat(env().get("POD_NAMESPACE")).isEqualTo(Map.of("valueFrom", Map.of("fieldRef", Map.of("fieldPath", "metadata.namespace"))));
    }

    @Test
    void mayReadTheEndpointsAndPodsDiscoveryAsksFor() {
        String account = (String) podSpec.get("serviceAccountName");
        manifests.named("ServiceAccount", account);
        Manifest binding = manifests.one("RoleBinding");
        assertThat(list(binding.at("subjects"))).contains(Map.of("kind", "ServiceAccount", "name", account));
        assertThat(binding.at("roleRef.kind")).isEqualTo("Role");
        Manifest role = manifests.named("Role", (String) binding.at("roleRef.name"));

        assertThat(granted(role, "", "endpoints")).contains("get", "list");
        assertThat(granted(role, "", "pods")).contains("get", "list");
        assertThat(granted(role, "discovery.k8s.io", "endpointslices")).contains("get", "list");
    }

    @Test
    void givesTheGracefulStopMoreTimeThanPreStopAndDrainTogether() {
        List<Object> preStop = list(at(container, "lifecycle.preStop.exec.command"));
        assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
        Duration pause = Duration.ofSeconds(Long.parseLong(String.valueOf(preStop.get(1))));
        Duration drain = Setting.SHUTDOWN_DRAIN_SECONDS.parseDuration(
                String.valueOf(envValue(Setting.SHUTDOWN_DRAIN_SECONDS, Setting.SHUTDOWN_DRAIN_SECONDS.defaultValue())));

        Duration grace = Duration.ofSeconds(((Number) podSpec.get("terminationGracePeriodSeconds")).longValue());

        assertThat(grace).isGreaterThan(pause.plus(Defaults.stop(drain)));
    }

    @Test
    void ingressKeepsWebSocketsOpenLongerThanTheHeartbeat() {
        Map<String, Object> annotations = map(manifests.one("Ingress").at("metadata.annotations"));
        for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
            Object seconds = annotations.get("nginx.ingress.kubernetes.io/" + timeout);
            assertThat(seconds).as(timeout + " (a quoted number of seconds)").isInstanceOf(String.class);
            assertThat(Duration.ofSeconds(Long.parseLong((String) seconds))).as(timeout)
                    .isGreaterThan(Defaults.of(Setting.HEARTBEAT_TIMEOUT));
        }
        assertThat(annotations).containsKey("nginx.ingress.kubernetes.io/limit-connections");
    }

    @Test
    void ingressServesItsTlsHostFromTheClientServiceWhoseOriginThePodsAllow() {
        Manifest ingress = manifests.one("Ingress");
        Map<String, Object> rule = map(list(ingress.at("spec.rules")).get(0));
        String host = (String) rule.get("host");
        assertThat(list(at(list(ingress.at("spec.tls")).get(0), "hosts"))).containsExactly(host);

        Map<String, Object> backend = map(at(list(at(rule, "http.paths")).get(0), "backend.service"));
        Manifest service = manifests.named("Service", (String) backend.get("name"));
        Object portName = at(backend, "port.name");
        assertThat(list(service.at("spec.ports")).stream().map(p -> map(p).get("name"))).contains(portName);

        assertThat(String.valueOf(envValue(Setting.ALLOWED_ORIGINS, "")).split(",")).contains("https://" + host);
        assertThat(envValue(Setting.COOKIE_SECURE, "false")).isEqualTo("true");
    }

    @Test
    void sharesPostgresqlWithThePasswordInASecret() {
        assertThat(envValue(Setting.DATASOURCE_CLASS, null)).isEqualTo("org.postgresql.ds.PGSimpleDataSource");
        assertThat(String.valueOf(envValue(Setting.DATASOURCE_URL, ""))).startsWith("jdbc:postgresql://");
        Map<String, Object> password = map(env().get(envName(Setting.DATASOURCE_PASSWORD)));
        assertThat(at(password, "valueFrom.secretKeyRef.name")).isNotNull();
        env().forEach((name, spec) -> assertThat(name.contains("PASSWORD") && map(spec).containsKey("value"))
                .as("%s given in plain text", name).isFalse());
    }

    @Test
    void everySwitchboardVariableIsASetting() {
        Set<String> known = Arrays.stream(Setting.values()).map(KubernetesManifestsTest::envName).collect(Collectors.toSet());

        assertThat(env().keySet().stream().filter(n -> n.startsWith("SWITCHBOARD_"))).isSubsetOf(known);
    }

    @Test
    void disruptionBudgetKeepsAllButOneServing() {
        Manifest budget = manifests.one("PodDisruptionBudget");

        assertSelects(map(budget.at("spec.selector.matchLabels")), "PodDisruptionBudget selector");
        assertThat(budget.at("spec.minAvailable")).isEqualTo((Integer) deployment.at("spec.replicas") - 1);
    }

    private void assertSelects(Map<String, Object> selector, String what) {
        assertThat(selector).as(what).isNotEmpty();
        assertThat(podLabels).as(what + " matches the pod labels").containsAllEntriesOf(selector);
    }

    private Map<String, Object> onlyContainer() {
        List<Object> containers = list(podSpec.get("containers"));
        assertThat(containers).hasSize(1);
        return map(containers.get(0));
    }

    /** Container ports by name (and by number), to their number. */
    private Map<String, Integer> containerPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Object p : list(container.get("ports"))) {
            Integer number = (Integer) map(p).get("containerPort");
            ports.put((String) map(p).get("name"), number);
            ports.put(String.valueOf(number), number);
        }
        return ports;
    }

    private List<String> args() {
        return list(container.get("args")).stream().map(String::valueOf).toList();
    }

    private static String valueAfter(List<String> args, String flag) {
        int at = args.indexOf(flag);
        assertThat(at).as(flag).isNotNegative().isLessThan(args.size() - 1);
        return args.get(at + 1);
    }

    /** The container's environment, name to its entry without the name. */
    private Map<String, Object> env() {
        Map<String, Object> env = new LinkedHashMap<>();
        for (Object e : list(container.get("env"))) {
            Map<String, Object> entry = new LinkedHashMap<>(map(e));
            String name = (String) entry.remove("name");
            assertThat(env.put(name, entry)).as("%s set once", name).isNull();
        }
        return env;
    }

    private Object envValue(Setting setting, Object absent) {
        Object entry = env().get(envName(setting));
        return entry == null ? absent : map(entry).get("value");
    }

    /** The environment variable MicroProfile Config maps to a key: upper case, other characters as '_'. */
    private static String envName(Setting setting) {
        return setting.key().replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static List<Object> granted(Manifest role, String apiGroup, String resource) {
        return list(role.at("rules")).stream().map(Manifests::map)
                .filter(r -> list(r.get("apiGroups")).contains(apiGroup) && list(r.get("resources")).contains(resource))
                .flatMap(r -> list(r.get("verbs")).stream())
                .toList();
    }
}
