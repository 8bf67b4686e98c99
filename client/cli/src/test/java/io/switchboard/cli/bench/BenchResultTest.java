package io.switchboard.cli.bench;

import io.switchboard.cli.ExitCodes;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchResultTest {

    private static BenchResult sample(Outcome outcome) {
        Map<String, Long> codes = new LinkedHashMap<>();
        codes.put("rate_limited", 3L);
        codes.put("unavailable", 1L);
        return BenchResult.of("fanout")
                .put("client", "jdk")
                .put("subscribers", 50)
                .put("seconds", 1.23456, 3)
                .put("deliveries_per_s", 2499.6, 0)
                .put("delivery_p50_us", List.of(120L, 340L))
                .put("server_cpu_ms", List.of())
                .put("error_codes", codes)
                .put("no_errors", Map.of())
                .put("channel", "bench.\"odd\"")
                .put("complete", outcome == Outcome.COMPLETE)
                .build(outcome, "fanout jdk: summary");
    }

    @Test
    void resultLineKeepsTheFormatTheScriptsParse() {
        assertThat(sample(Outcome.COMPLETE).resultLine()).isEqualTo("RESULT mode=fanout client=jdk subscribers=50 "
                + "seconds=1.235 deliveries_per_s=2500 delivery_p50_us=120/340 server_cpu_ms=- "
                + "error_codes=rate_limited:3,unavailable:1 no_errors=- channel=bench.\"odd\" complete=true");
    }

    @Test
    void jsonHoldsTheSameFiguresTypedWithOutcomeAndExitCode() {
        String json = sample(Outcome.INCOMPLETE).json();
        assertThat(json).doesNotContain("\n");
        JsonObject o = Json.createReader(new StringReader(json)).readObject();
        assertThat(o.getString("mode")).isEqualTo("fanout");
        assertThat(o.getString("client")).isEqualTo("jdk");
        assertThat(o.getJsonNumber("subscribers").longValueExact()).isEqualTo(50);
        assertThat(o.getJsonNumber("seconds").doubleValue()).isEqualTo(1.235);
        assertThat(o.getJsonNumber("deliveries_per_s").longValue()).isEqualTo(2500);
        assertThat(o.getJsonArray("delivery_p50_us").getJsonNumber(1).longValue()).isEqualTo(340);
        assertThat(o.getJsonArray("server_cpu_ms")).isEmpty();
        assertThat(o.getJsonObject("error_codes").getJsonNumber("rate_limited").longValue()).isEqualTo(3);
        assertThat(o.getJsonObject("no_errors")).isEmpty();
        assertThat(o.getString("channel")).isEqualTo("bench.\"odd\"");
        assertThat(o.get("complete")).isEqualTo(JsonValue.FALSE);
        assertThat(o.getString("outcome")).isEqualTo("incomplete");
        assertThat(o.getInt("exit_code")).isEqualTo(2);
        assertThat(List.copyOf(o.keySet())).containsExactly("mode", "client", "subscribers", "seconds",
                "deliveries_per_s", "delivery_p50_us", "server_cpu_ms", "error_codes", "no_errors", "channel",
                "complete", "outcome", "exit_code");
    }

    @Test
    void withJsonStdoutHoldsOnlyTheObjectAndTheSummaryGoesToStderr() {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        Report report = new Report(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), true);
        report.info("fanout: 50 connected");
        report.result(sample(Outcome.COMPLETE));
        assertThat(out.toString().strip()).startsWith("{\"mode\":\"fanout\"").endsWith("}").doesNotContain("\n");
        assertThat(err.toString()).contains("fanout: 50 connected", "fanout jdk: summary");

        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        Report plain = new Report(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), false);
        plain.info("fanout: 50 connected");
        plain.result(sample(Outcome.COMPLETE));
        assertThat(out.toString()).contains("fanout: 50 connected", "fanout jdk: summary", "RESULT mode=fanout");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void outcomesMapToTheDocumentedExitCodes() {
        assertThat(Outcome.of(true, 0)).isEqualTo(Outcome.COMPLETE);
        assertThat(Outcome.of(false, 0)).isEqualTo(Outcome.INCOMPLETE);
        assertThat(Outcome.of(true, 2)).isEqualTo(Outcome.VIOLATIONS);
        assertThat(Outcome.of(false, 1)).as("violations win over incompleteness").isEqualTo(Outcome.VIOLATIONS);
        assertThat(Outcome.COMPLETE.exitCode()).isEqualTo(0);
        assertThat(Outcome.INCOMPLETE.exitCode()).isEqualTo(2);
        assertThat(Outcome.VIOLATIONS.exitCode()).isEqualTo(3);
        assertThat(ExitCodes.USAGE).isEqualTo(1);
        assertThat(ExitCodes.FAILED).isEqualTo(4);
    }
}
