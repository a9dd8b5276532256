package io.cutovermonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The alerting rules: promtool accepts them and the scrape configurations, promtool's unit tests pass, every
 * alert has a firing and a not-firing test case, and every rule keeps the conventions Alertmanager's routing
 * and the operators rely on.
 */
class PrometheusRulesTest {

    static final YAMLMapper YAML = YAMLMapper.builder().build();

    private static final Path DIR = Repo.module().resolve("prometheus");
    private static final Path RULES = DIR.resolve("rules/cutover-monitor.rules.yml");

    @Test
    void promtoolAcceptsTheRulesAndBothScrapeConfigurations() {
        String promtool = Repo.tool("PROMTOOL", "prometheus", "promtool");
        Repo.Result rules = Repo.run(DIR, 60, promtool, "check", "rules", DIR.relativize(RULES).toString());
        assertThat(rules.exit()).as(rules.output()).isZero();
        for (String config : List.of("prometheus.yml", "prometheus.compose.yml")) {
            Repo.Result r = Repo.run(DIR, 60, promtool, "check", "config", config);
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(r.output()).contains("SUCCESS: 1 rule files found");
        }
    }

    @Test
    void promtoolUnitTestsPass() {
        String promtool = Repo.tool("PROMTOOL", "prometheus", "promtool");
        List<String> command = new ArrayList<>(List.of(promtool, "test", "rules"));
        Repo.files(DIR.resolve("tests"), ".test.yml").forEach(p -> command.add(DIR.relativize(p).toString()));
        assertThat(command).hasSizeGreaterThan(3);
        Repo.Result r = Repo.run(DIR, 120, command.toArray(String[]::new));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).doesNotContain("FAILED");
    }

    @Test
    void everyAlertHasAFiringAndANotFiringTestCase() {
        Map<String, int[]> cases = new LinkedHashMap<>(); // alert -> {firing, not firing}
        alerts().keySet().forEach(a -> cases.put(a, new int[2]));
        for (Path file : Repo.files(DIR.resolve("tests"), ".test.yml")) {
            for (JsonNode test : YAML.readTree(Repo.read(file)).path("tests")) {
                for (JsonNode c : test.path("alert_rule_test")) {
                    int[] counts = cases.get(c.path("alertname").asString());
                    assertThat(counts).as(file + ": test of an unknown alert " + c.path("alertname")).isNotNull();
                    counts[c.path("exp_alerts").isEmpty() ? 1 : 0]++;
                }
            }
        }
        cases.forEach((alert, counts) -> {
            assertThat(counts[0]).as(alert + " firing cases").isPositive();
            assertThat(counts[1]).as(alert + " not-firing cases").isPositive();
        });
    }

    @Test
    void theAlertsTheIssueAsksForExist() {
        assertThat(alerts().keySet()).contains("MigrationRollbackTriggered", "MigrationRollbackDeadlinePassed",
                "MigrationIntegrityMismatch", "MigrationCutoverProjectedOverrun", "MigrationThroughputBelowTarget",
                "MigrationTelemetryStale", "MigrationConnectivityCheckFailing", "MigrationMonitorDown",
                "MigrationIngestStalled", "MigrationMonitorBehind");
        JsonNode rollback = alerts().get("MigrationRollbackTriggered");
        assertThat(rollback.path("labels").path("severity").asString()).isEqualTo("critical");
        assertThat(rollback.path("labels").path("action").asString()).isEqualTo("rollback");
        assertThat(rollback.path("expr").asString())
                .contains("integrity-errors", "cutover-overrun", "core-function-failure");
        JsonNode down = alerts().get("MigrationMonitorDown");
        assertThat(down.path("expr").asString()).isEqualTo("up{job=\"cutover-monitor\"} == 0");
        assertThat(down.path("for").asString()).isEqualTo("1m");
        // a stalled partition: the monitor already waited stall-after, so no `for` on top (SPEC 10: within a minute)
        JsonNode stalled = alerts().get("MigrationIngestStalled");
        assertThat(stalled.path("expr").asString()).contains("migration_ingest_stalled_seconds");
        assertThat(stalled.has("for")).isFalse();
        assertThat(stalled.path("labels").path("severity").asString()).isEqualTo("critical");
    }

    @Test
    void everyAlertKeepsTheConventions() {
        alerts().forEach((name, rule) -> {
            assertThat(name).matches("Migration[A-Z][A-Za-z]+");
            assertThat(rule.path("labels").path("severity").asString()).as(name).isIn("critical", "warning");
            assertThat(rule.path("labels").path("action").asString()).as(name).isIn("rollback", "stop", "none");
            JsonNode a = rule.path("annotations");
            for (String key : List.of("summary", "description", "runbook_url")) {
                assertThat(a.path(key).asString()).as(name + " " + key).isNotBlank();
            }
            assertThat(a.path("runbook_url").asString()).as(name).isEqualTo("{{ with $externalLabels.runbook_base }}"
                    + "{{ . }}{{ else }}http://127.0.0.1:8080/runbooks{{ end }}/" + name + ".md");
            assertThat(Repo.root().resolve("docs/runbooks/" + name + ".md")).as("the runbook of " + name)
                    .content().startsWith("# " + name + "\n");
        });
    }

    @Test
    void rulesUseOnlyMetricsOfTheContract() {
        MetricNames docs = MetricNames.fromDocs();
        List<String> wrong = new ArrayList<>();
        alerts().forEach((name, rule) -> {
            List<String> exprs = new ArrayList<>();
            exprs.add(rule.path("expr").asString());
            // queries inside annotation templates: {{ with printf "max(x{migration='%s'})" … | query }}
            Matcher m = Pattern.compile("printf \"([^\"]*)\"").matcher(rule.path("annotations").toString()
                    .replace("\\\"", "\""));
            while (m.find()) {
                if (m.group(1).contains("(")) {
                    exprs.add(m.group(1).replace('\'', '"'));
                }
            }
            for (String expr : exprs) {
                Set<String> names = MetricNames.namesIn(expr);
                if (names.isEmpty()) {
                    wrong.add(name + ": no metric in " + expr);
                }
                for (String n : names) {
                    if (!docs.allowed(n)) {
                        wrong.add(name + ": " + n + " is not in docs/metrics.md");
                    }
                }
                MetricNames.selectorLabels(expr).forEach((metric, labels) -> {
                    Set<String> extra = new LinkedHashSet<>(labels);
                    extra.removeAll(docs.labelsOf(metric));
                    if (!extra.isEmpty()) {
                        wrong.add(name + ": " + metric + " has no label " + extra);
                    }
                });
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void scrapeConfigurationsDifferOnlyInTheAddresses() {
        JsonNode local = YAML.readTree(Repo.read(DIR.resolve("prometheus.yml")));
        JsonNode compose = YAML.readTree(Repo.read(DIR.resolve("prometheus.compose.yml")));
        JsonNode job = local.path("scrape_configs").get(0);
        assertThat(job.path("job_name").asString()).isEqualTo("cutover-monitor");
        assertThat(job.path("metrics_path").asString()).isEqualTo("/actuator/prometheus");
        assertThat(job.path("static_configs").get(0).path("targets").get(0).asString()).isEqualTo("127.0.0.1:8080");
        assertThat(compose.path("scrape_configs").get(0).path("static_configs").get(0).path("targets").get(0)
                .asString()).isEqualTo("monitor-service:8080");
        String normalizedCompose = compose.toString().replace("monitor-service:8080", "127.0.0.1:8080")
                .replace("alertmanager:9093", "127.0.0.1:9093");
        assertThat(normalizedCompose).isEqualTo(local.toString());
    }

    /** Alert name to its rule, over every group. */
    static Map<String, JsonNode> alerts() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode group : YAML.readTree(Repo.read(RULES)).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    assertThat(out.put(rule.path("alert").asString(), rule)).as("duplicate " + rule.path("alert"))
                            .isNull();
                }
            }
        }
        return out;
    }
}
