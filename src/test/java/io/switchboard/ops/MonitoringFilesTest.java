package io.switchboard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.metrics.ExportedMetrics;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * server-config/prometheus-alerts.yml and grafana-dashboard.json: well-formed, complete, and using
 * only metrics the server exports (the names come from the code, see {@link ExportedMetrics}). No
 * Prometheus or Grafana is needed; {@code promtool check rules} also accepts the rules file.
 */
class MonitoringFilesTest {

    // A switchboard_ name anywhere, or any name with a label selector (up{...}); label names inside
    // selectors and functions such as rate( are neither.
    private static final Pattern METRIC = Pattern.compile("\\b(switchboard_[a-z0-9_]+|[a-zA-Z_:][a-zA-Z0-9_:]*(?=\\{))");
    // Series Prometheus makes itself for every scrape target.
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");
    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

    private final Set<String> exported = ExportedMetrics.names();

    @Test
    void theExportedNamesAreTheDocumentedOnes() {
        assertThat(exported).contains("switchboard_connections", "switchboard_messages_received_total",
                "switchboard_messages_sent_total", "switchboard_message_latency_seconds",
                "switchboard_closes_total", "switchboard_errors_total", "switchboard_rate_limited_frames_total",
                "switchboard_slow_consumer_closes_total", "switchboard_handshake_refusals_total");
    }

    @Test
    void everyAlertRuleIsCompleteAndUsesExportedMetricsOnly() {
        List<Map<String, Object>> rules = alertRules();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(5);
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> rule : rules) {
            String alert = (String) rule.get("alert");
            assertThat(alert).as("alert name").matches("Switchboard[A-Za-z]+");
            assertThat(names.add(alert)).as("alert %s named once", alert).isTrue();
            String expr = (String) rule.get("expr");
            assertThat(expr).as("expr of %s", alert).isNotBlank();
            assertBalanced(expr, alert);
            assertThat(Manifests.map(rule.get("labels")).get("severity")).as("severity of %s", alert).isIn(SEVERITIES);
            Map<String, Object> annotations = Manifests.map(rule.get("annotations"));
            assertThat(annotations).as("annotations of %s", alert).containsKeys("summary", "description");
            assertThat(metricsIn(expr)).as("metrics in %s", alert).isNotEmpty().allSatisfy(this::assertExported);
            if (rule.containsKey("for")) {
                assertThat((String) rule.get("for")).as("for of %s", alert).matches("\\d+[smh]");
            }
        }
        Set<String> used = new TreeSet<>();
        rules.forEach(r -> used.addAll(metricsIn((String) r.get("expr"))));
        assertThat(used).as("the alerts watch latency, slow consumers, errors, capacity")
                .contains("switchboard_message_latency_seconds", "switchboard_slow_consumer_closes_total",
                        "switchboard_errors_total", "switchboard_connections");
    }

    @Test
    void everyDashboardPanelQueriesExportedMetricsOnly() {
        JsonObject dashboard = Json.createReader(new StringReader(ConfigFile.read("grafana-dashboard.json"))).readObject();
        assertThat(dashboard.getString("title")).isEqualTo("Switchboard");
        assertThat(dashboard.getString("uid")).isNotBlank();
        JsonArray panels = dashboard.getJsonArray("panels");
        assertThat(panels).isNotEmpty();
        Set<String> used = new TreeSet<>();
        for (JsonValue value : panels) {
            JsonObject panel = value.asJsonObject();
            String title = panel.getString("title");
            assertThat(panel.getJsonObject("datasource").getString("uid")).as("data source of %s", title)
                    .isEqualTo("${datasource}");
            JsonArray targets = panel.getJsonArray("targets");
            assertThat(targets).as("queries of %s", title).isNotEmpty();
            for (JsonValue target : targets) {
                String expr = target.asJsonObject().getString("expr");
                assertBalanced(expr, title);
                assertThat(expr).as("%s follows the job and instance choice", title)
                        .contains("job=\"$job\"").contains("instance=~\"$instance\"");
                List<String> metrics = metricsIn(expr);
                assertThat(metrics).as("metrics in %s", title).isNotEmpty().allSatisfy(this::assertExported);
                used.addAll(metrics);
            }
        }
        assertThat(used).as("the dashboard shows every exported metric").containsAll(exported);
        String instances = dashboard.getJsonObject("templating").getJsonArray("list").stream()
                .map(JsonValue::asJsonObject).filter(v -> v.getString("name").equals("instance"))
                .findFirst().orElseThrow().getString("definition");
        metricsIn(instances).forEach(this::assertExported);
    }

    private void assertExported(String metric) {
        if (!PROMETHEUS_OWN.contains(metric)) {
            assertThat(exported).as("%s is a metric the server exports", metric).contains(metric);
        }
    }

    private static List<String> metricsIn(String expr) {
        List<String> found = new ArrayList<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static void assertBalanced(String expr, String where) {
        int round = 0;
        int curly = 0;
        int square = 0;
        for (char c : expr.toCharArray()) {
            round += c == '(' ? 1 : c == ')' ? -1 : 0;
            curly += c == '{' ? 1 : c == '}' ? -1 : 0;
            square += c == '[' ? 1 : c == ']' ? -1 : 0;
            assertThat(round >= 0 && curly >= 0 && square >= 0).as("brackets in %s: %s", where, expr).isTrue();
        }
        assertThat(round + curly + square).as("brackets closed in %s: %s", where, expr).isZero();
    }

    private static List<Map<String, Object>> alertRules() {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        Map<String, Object> file = Manifests.map(yaml.load(ConfigFile.read("prometheus-alerts.yml")));
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Object group : Manifests.list(file.get("groups"))) {
            Map<String, Object> g = Manifests.map(group);
            assertThat(g.get("name")).as("group name").isNotNull();
            Manifests.list(g.get("rules")).forEach(r -> rules.add(Manifests.map(r)));
        }
        return rules;
    }
}
