package io.cutovermonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The committed dashboards are what the generator makes, and they keep the rules of the operators' screen:
 * only docs/metrics.md's metric names, the data source always {@code ${datasource}}, a {@code $migration}
 * variable from migration_info, and links to the evidence report.
 */
class DashboardsTest {

    private static final ObjectNode DATASOURCE = Grafana.datasource();

    @Test
    void committedDashboardsAreWhatTheGeneratorMakes() throws IOException {
        Path folder = DashboardJson.folder();
        if (Boolean.getBoolean("dashboards.regenerate")) {
            for (Path stale : Repo.files(folder, ".json")) {
                Files.delete(stale);
            }
            GenerateDashboards.write(folder);
        }
        Map<String, ObjectNode> generated = CutoverDashboards.all();
        assertThat(Repo.files(folder, ".json")).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrderElementsOf(generated.keySet());
        generated.forEach((file, json) -> assertThat(Repo.read(folder.resolve(file)))
                .as("%s differs from the generator's output: run ./mvnw -B -pl dashboards verify "
                        + "-Ddashboards.regenerate=true and commit the files", file)
                .isEqualTo(Grafana.render(json)));
    }

    @Test
    void everyQueryUsesOnlyMetricsOfTheContract() {
        MetricNames docs = MetricNames.fromDocs();
        List<String> unknown = new ArrayList<>();
        for (DashboardJson.Query q : DashboardJson.queries()) {
            Set<String> names = MetricNames.namesIn(q.expr());
            if (names.isEmpty() && !q.expr().contains("time()")) {
                unknown.add(q.dashboard() + " " + q.where() + ": no metric at all in " + q.expr());
            }
            for (String name : names) {
                if (!docs.allowed(name)) {
                    unknown.add(q.dashboard() + " " + q.where() + ": " + name);
                }
            }
        }
        assertThat(unknown).as("metric names not in docs/metrics.md").isEmpty();
    }

    @Test
    void selectorsMatchOnlyLabelsTheirMetricHas() {
        MetricNames docs = MetricNames.fromDocs();
        List<String> wrong = new ArrayList<>();
        for (DashboardJson.Query q : DashboardJson.queries()) {
            MetricNames.selectorLabels(q.expr()).forEach((metric, labels) -> {
                Set<String> extra = new LinkedHashSet<>(labels);
                extra.removeAll(docs.labelsOf(metric));
                if (!extra.isEmpty()) {
                    wrong.add(q.dashboard() + " " + q.where() + ": " + metric + " has no label " + extra);
                }
            });
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyDataSourceIsTheDatasourceVariable() {
        DashboardJson.committed().forEach((file, d) -> {
            List<String> fixed = new ArrayList<>();
            walk(d, "$", (path, node) -> {
                if (node.has("datasource") && !node.get("datasource").equals(DATASOURCE)) {
                    fixed.add(path + ".datasource = " + node.get("datasource"));
                }
            });
            assertThat(fixed).as(file).isEmpty();
            for (JsonNode panel : d.path("panels")) {
                if (panel.path("type").asString().equals("row")) {
                    continue;
                }
                assertThat(panel.get("datasource")).as(file + " " + panel.path("title")).isEqualTo(DATASOURCE);
                assertThat(panel.path("targets").size()).as(file + " " + panel.path("title")).isPositive();
                for (JsonNode t : panel.path("targets")) {
                    assertThat(t.get("datasource")).isEqualTo(DATASOURCE);
                    assertThat(t.path("expr").asString()).isNotBlank();
                }
            }
            JsonNode ds = variable(d, "datasource");
            assertThat(ds.path("type").asString()).isEqualTo("datasource");
            assertThat(ds.path("query").asString()).isEqualTo("prometheus");
        });
    }

    @Test
    void everyDashboardHasTheMigrationAndMonitorUrlVariables() {
        DashboardJson.committed().forEach((file, d) -> {
            JsonNode migration = variable(d, "migration");
            assertThat(migration.path("type").asString()).as(file).isEqualTo("query");
            assertThat(migration.path("definition").asString()).isEqualTo("label_values(migration_info, migration)");
            assertThat(migration.path("query").path("query").asString())
                    .isEqualTo("label_values(migration_info, migration)");
            JsonNode url = variable(d, "monitor_url");
            assertThat(url.path("query").asString()).isEqualTo("http://127.0.0.1:8080");
            assertThat(url.path("current").path("value").asString()).isEqualTo("http://127.0.0.1:8080");
            // the monitor's data is about a migration: every panel query selects on $migration, except the
            // fleet-wide ingest and monitor health panels, whose metrics have no migration label
            MetricNames docs = MetricNames.fromDocs();
            for (DashboardJson.Query q : DashboardJson.queries()) {
                if (!q.dashboard().equals(file)) {
                    continue;
                }
                boolean perMigration = MetricNames.namesIn(q.expr()).stream()
                        .anyMatch(n -> docs.labelsOf(n).contains("migration") && docs.metricOf(n) != null);
                if (perMigration) {
                    assertThat(q.expr()).as(q.where()).contains("$migration");
                }
            }
        });
    }

    @Test
    void dashboardsAreCurrentGrafanaJsonWithALayoutThatFits() {
        Set<String> uids = new HashSet<>();
        DashboardJson.committed().forEach((file, d) -> {
            assertThat(d.path("schemaVersion").asInt()).as(file).isGreaterThanOrEqualTo(39);
            assertThat(uids.add(d.path("uid").asString())).as("unique uid " + file).isTrue();
            assertThat(d.path("uid").asString().length()).isLessThanOrEqualTo(40);
            assertThat(d.has("id")).as("no database id in a provisioned file").isFalse();
            Set<Integer> ids = new HashSet<>();
            List<int[]> boxes = new ArrayList<>();
            for (JsonNode p : d.path("panels")) {
                assertThat(ids.add(p.path("id").asInt())).as(file + " unique panel id").isTrue();
                JsonNode g = p.path("gridPos");
                int[] box = {g.path("x").asInt(), g.path("y").asInt(), g.path("w").asInt(), g.path("h").asInt()};
                assertThat(box[0] + box[2]).as(file + " " + p.path("title") + " fits 24 columns")
                        .isLessThanOrEqualTo(24);
                for (int[] other : boxes) {
                    boolean overlap = box[0] < other[0] + other[2] && other[0] < box[0] + box[2]
                            && box[1] < other[1] + other[3] && other[1] < box[1] + box[3];
                    assertThat(overlap).as(file + " " + p.path("title") + " overlaps another panel").isFalse();
                }
                boxes.add(box);
            }
        });
    }

    /**
     * Issue 8: a migration lead opens the evidence report from any dashboard. Every link to it goes through the
     * {@code monitor_url} text box (where the operator's browser reaches the monitor: no host is written into a
     * dashboard), and the per-migration dashboards also link it from the dashboard header; the Fleet dashboard has
     * it as a data link on each migration's values.
     */
    @Test
    void everyDashboardLinksToTheEvidenceReportThroughTheMonitorUrlVariable() {
        DashboardJson.committed().forEach((file, d) -> {
            JsonNode url = variable(d, "monitor_url");
            assertThat(url.path("type").asString()).as(file).isEqualTo("textbox");
            List<String> reports = new ArrayList<>();
            walk(d, "$", (path, node) -> {
                String link = node.path("url").asString("");
                if (link.contains("/api/migrations/")) {
                    reports.add(link);
                }
                assertThat(link).as(file + " " + path + ": no fixed host").doesNotContain("://", "127.0.0.1");
            });
            assertThat(reports).as(file).isNotEmpty().allSatisfy(u -> assertThat(u)
                    .matches("\\$\\{monitor_url}/api/migrations/\\$\\{[^}]+}/report"));
        });
        Map<String, JsonNode> all = DashboardJson.committed();
        for (String file : List.of("cutover.json", "observation.json")) {
            assertThat(all.get(file).path("links")).as(file + " dashboard links")
                    .anySatisfy(l -> assertThat(l.path("url").asString())
                            .isEqualTo("${monitor_url}/api/migrations/${migration}/report"));
        }
        List<String> dataLinks = new ArrayList<>();
        for (JsonNode panel : all.get("fleet.json").path("panels")) {
            panel.path("fieldConfig").path("defaults").path("links")
                    .forEach(l -> dataLinks.add(l.path("url").asString()));
            for (JsonNode override : panel.path("fieldConfig").path("overrides")) {
                for (JsonNode property : override.path("properties")) {
                    if (property.path("id").asString().equals("links")) {
                        property.path("value").forEach(l -> dataLinks.add(l.path("url").asString()));
                    }
                }
            }
        }
        assertThat(dataLinks).as("fleet.json data links")
                .contains("${monitor_url}/api/migrations/${__data.fields.migration}/report",
                        "${monitor_url}/api/migrations/${__field.labels.migration}/report");
    }

    /** The list of what each dashboard shows, as the metrics that carry it. */
    @Test
    void eachDashboardShowsWhatOperatorsNeed() {
        Map<String, List<String>> needs = Map.of(
                "fleet.json", List.of("migration_phase", "migration_rule_firing", "migration_integrity_errors",
                        "migration_integrity_errors_threshold", "migration_cutover_projected_finish_timestamp_seconds",
                        "migration_cutover_limit_seconds", "migration_maintenance_window_seconds",
                        "migration_ingest_stalled_seconds"),
                "cutover.json", List.of("migration_cutover_elapsed_seconds", "migration_cutover_limit_seconds",
                        "migration_cutover_projected_finish_timestamp_seconds", "migration_tables",
                        "migration_table_chunks", "migration_integrity_errors", "migration_integrity_errors_threshold",
                        "migration_throughput_records_per_hour", "migration_throughput_target_records_per_hour",
                        "migration_sync_lag_seconds", "migration_rule_firing",
                        "migration_rollback_deadline_timestamp_seconds", "migration_alerts_total"),
                "observation.json", List.of("migration_observation_day", "migration_observation_days",
                        "migration_observation_incidents", "migration_jobs_total", "migration_checks_total",
                        "migration_ready_for_acceptance"));
        needs.forEach((file, metrics) -> {
            Set<String> used = new HashSet<>();
            DashboardJson.queries().stream().filter(q -> q.dashboard().equals(file))
                    .forEach(q -> used.addAll(MetricNames.namesIn(q.expr())));
            assertThat(used).as(file).containsAll(metrics);
        });
        JsonNode cutover = DashboardJson.committed().get("cutover.json");
        assertThat(cutover.path("annotations").path("list").size()).as("alert annotations").isPositive();
    }

    private static JsonNode variable(JsonNode dashboard, String name) {
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("name").asString().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no variable " + name);
    }

    private interface Visitor {
        void visit(String path, JsonNode objectNode);
    }

    private static void walk(JsonNode node, String path, Visitor visitor) {
        if (node.isObject()) {
            visitor.visit(path, node);
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                walk(e.getValue(), path + "." + e.getKey(), visitor);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", visitor);
            }
        }
    }
}
