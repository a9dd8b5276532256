package io.cutovermonitor.service.e2e;

import com.sun.net.httpserver.HttpServer;
import io.cutovermonitor.service.support.ExternalProcess;
import io.cutovermonitor.service.demo.DemoRun;
import io.cutovermonitor.service.support.Ports;
import io.cutovermonitor.service.support.PostgresSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' screen end to end, without Docker: the service (embedded broker, ledger on the real PostgreSQL)
 * plays the demo cutover at its default speed and pace; a real Prometheus scrapes it with the repository's own
 * {@code prometheus.yml} and rules, at their shipped 15 s scrape and evaluation intervals (what a newcomer runs);
 * a real Alertmanager with the repository's {@code alertmanager.yml} routes what Prometheus fires to a webhook in this test (standing in for the pager).
 *
 * <p>Like a newcomer watching the demo, the test asks Prometheus for every dashboard query again and again while
 * the cutover plays: each must have returned at least one series at some moment (a panel about a running cutover,
 * such as the projected finish or the open rollback deadline, has data while the cutover runs, not after go-live).
 * No panel is exempt. Then: every metric name a dashboard or rule uses was exported by the service, and the
 * rollback trigger fired in Prometheus, reached Alertmanager and was paged.
 */
class CutoverEndToEndIT {

    private static final String MIGRATION = "oms-demo";
    private static final Duration PATIENCE = Duration.ofMinutes(8);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void everyPanelShowsDataAndTheRollbackTriggerIsPaged(@TempDir Path work) throws Exception {
        Path repository = OperatorsScreen.repository();
        List<OperatorsScreen.Query> queries = OperatorsScreen.dashboardQueries(repository, MIGRATION);
        assertThat(queries).hasSizeGreaterThan(40);

        List<String> paged = new CopyOnWriteArrayList<>();
        HttpServer webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/", exchange -> {
            paged.add(exchange.getRequestURI().getPath() + " " + new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();

        int servicePort = Ports.free();
        PostgresSchema schema = new PostgresSchema("e2e_it");
        List<AutoCloseable> stack = new ArrayList<>();
        try {
            ExternalProcess alertmanager = alertmanager(repository, work, webhook.getAddress().getPort());
            stack.add(alertmanager);
            ExternalProcess prometheus = prometheus(repository, work, servicePort, alertmanager);
            stack.add(prometheus);
            long started = System.nanoTime();
            DemoRun service = DemoRun.start(work, servicePort, List.of(
                    "--spring.datasource.url=" + schema.url(),
                    "--spring.datasource.username=" + PostgresSchema.USER,
                    "--spring.flyway.schemas=" + schema.name(),
                    "--monitor.metrics.refresh=500ms",
                    "--monitor.demo.enabled=true"));
            stack.add(service);

            Watch watch = new Watch(queries);
            long deadline = started + PATIENCE.toNanos();
            while (!watch.done(paged) && System.nanoTime() < deadline) {
                watch.look(prometheus, alertmanager, service, seconds(started));
                Thread.sleep(500);
            }
            System.out.println("[e2e] first data per query (seconds after start):\n" + watch.report());

            // (a) every dashboard query returned data at some moment of the demo, and the migration variable lists it
            assertThat(watch.neverAnswered()).as("dashboard queries that never returned a series").isEmpty();
            assertThat(watch.variableListsMigration).as("$migration (label_values(migration_info, migration))").isTrue();
            assertThat(watch.monitorUp).as("up{job=\"cutover-monitor\"} == 1").isTrue();

            // (b) every metric name of the dashboards and rules was exported by the service
            Set<String> used = new TreeSet<>();
            queries.forEach(q -> used.addAll(OperatorsScreen.metricNames(q.expr())));
            OperatorsScreen.ruleExpressions(repository).forEach(e -> used.addAll(OperatorsScreen.metricNames(e)));
            used.removeAll(OperatorsScreen.PROMETHEUS_BUILT_INS);
            assertThat(used).hasSizeGreaterThan(20);
            assertThat(used).as("names the service never exported").isSubsetOf(watch.exported);

            // (c) the rollback trigger: firing in Prometheus, at Alertmanager, and paged
            assertThat(watch.firingInPrometheus).as("MigrationRollbackTriggered firing in Prometheus").isTrue();
            assertThat(watch.atAlertmanager).as("MigrationRollbackTriggered in Alertmanager's /api/v2/alerts").isTrue();
            assertThat(paged).as("the pager webhook").anySatisfy(p -> assertThat(p)
                    .startsWith("/pager ").contains("MigrationRollbackTriggered").contains(MIGRATION)
                    .contains("integrity-errors"));

            // (d) its runbook link resolves: the monitor serves the runbook the alert points at
            String runbookPath = "/runbooks/MigrationRollbackTriggered.md";
            assertThat(watch.runbookUrl).isEqualTo("http://127.0.0.1:" + service.httpPort() + runbookPath);
            assertThat(service.get(runbookPath)).startsWith("# MigrationRollbackTriggered").contains("decision maker");
            assertThat(seconds(started)).as("seconds").isLessThan(PATIENCE.toSeconds());
        } finally {
            for (int i = stack.size() - 1; i >= 0; i--) {
                try {
                    stack.get(i).close();
                } catch (Exception e) {
                    System.err.println("[e2e] stopping " + stack.get(i) + ": " + e);
                }
            }
            webhook.stop(0);
            schema.drop();
        }
    }

    /** What the test has seen so far. */
    private static final class Watch {

        private final Map<OperatorsScreen.Query, Long> firstData = new LinkedHashMap<>();
        private final Set<String> exported = ConcurrentHashMap.newKeySet();
        private boolean variableListsMigration;
        private boolean monitorUp;
        private boolean firingInPrometheus;
        private boolean atAlertmanager;
        private String runbookUrl;

        Watch(List<OperatorsScreen.Query> queries) {
            queries.forEach(q -> firstData.put(q, null));
        }

        void look(ExternalProcess prometheus, ExternalProcess alertmanager, DemoRun service, long now)
                throws IOException, InterruptedException {
            try {
                exported.addAll(OperatorsScreen.exposedNames(service.get("/actuator/prometheus")));
            } catch (RuntimeException | AssertionError notUpYet) {
                return;
            }
            for (Map.Entry<OperatorsScreen.Query, Long> e : firstData.entrySet()) {
                if (e.getValue() == null && hasSeries(query(prometheus, e.getKey().expr()))) {
                    e.setValue(now);
                }
            }
            monitorUp |= hasSeries(query(prometheus, "up{job=\"cutover-monitor\"} == 1"));
            variableListsMigration |= body(prometheus.get("/api/v1/label/migration/values?match[]=migration_info"))
                    .path("data").toString().contains("\"" + MIGRATION + "\"");
            for (JsonNode alert : body(prometheus.get("/api/v1/alerts")).path("data").path("alerts")) {
                firingInPrometheus |= isRollbackTrigger(alert.path("labels")) && alert.path("state").asString().equals("firing");
            }
            for (JsonNode alert : body(alertmanager.get("/api/v2/alerts"))) {
                if (isRollbackTrigger(alert.path("labels"))) {
                    atAlertmanager = true;
                    runbookUrl = alert.path("annotations").path("runbook_url").asString();
                }
            }
        }

        boolean done(List<String> paged) {
            return neverAnswered().isEmpty() && variableListsMigration && monitorUp && firingInPrometheus
                    && atAlertmanager && paged.stream().anyMatch(p -> p.startsWith("/pager ")
                    && p.contains("MigrationRollbackTriggered"));
        }

        List<String> neverAnswered() {
            return firstData.entrySet().stream().filter(e -> e.getValue() == null)
                    .map(e -> e.getKey().where() + ": " + e.getKey().expr()).toList();
        }

        String report() {
            StringBuilder out = new StringBuilder();
            firstData.forEach((q, t) -> out.append("  ").append(t == null ? "never" : t + " s").append("  ")
                    .append(q.where()).append('\n'));
            return out.toString();
        }

        private static boolean isRollbackTrigger(JsonNode labels) {
            return labels.path("alertname").asString().equals("MigrationRollbackTriggered")
                    && labels.path("migration").asString().equals(MIGRATION)
                    && labels.path("rule").asString().equals("integrity-errors");
        }

        private static JsonNode query(ExternalProcess prometheus, String expr) throws IOException, InterruptedException {
            return body(prometheus.get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)));
        }

        private static boolean hasSeries(JsonNode answer) {
            if (!answer.path("status").asString().equals("success")) {
                throw new AssertionError("Prometheus refused a query: " + answer);
            }
            JsonNode result = answer.path("data").path("result");
            return result.isArray() && !result.isEmpty();
        }

        private static JsonNode body(HttpResponse<String> response) {
            return JSON.readTree(response.body());
        }
    }

    /**
     * The repository's alertmanager.yml with its webhook receivers pointed at this test; no cluster (a single
     * instance on loopback).
     */
    private static ExternalProcess alertmanager(Path repository, Path work, int webhookPort)
            throws IOException, InterruptedException {
        String original = OperatorsScreen.read(repository.resolve("dashboards/alertmanager/alertmanager.yml"));
        String config = replace(original, "http://127.0.0.1:9095/", "http://127.0.0.1:" + webhookPort + "/");
        Path file = work.resolve("alertmanager.yml");
        Files.writeString(file, config);
        int port = Ports.free();
        return new ExternalProcess("Alertmanager", List.of(
                ExternalProcess.tool("ALERTMANAGER", "prometheus-alertmanager", "prometheus-alertmanager"),
                "--config.file=" + file, "--storage.path=" + work.resolve("alertmanager"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=", "--log.level=warn"),
                work.resolve("alertmanager.log"), "http://127.0.0.1:" + port, "/-/ready");
    }

    /**
     * The repository's prometheus.yml, its scrape target the service's port, Alertmanager this test's, the same rule
     * files; the intervals, {@code honor_labels} and everything else unchanged.
     */
    private static ExternalProcess prometheus(Path repository, Path work, int servicePort, ExternalProcess alertmanager)
            throws IOException, InterruptedException {
        Path dir = repository.resolve("dashboards/prometheus");
        String config = OperatorsScreen.read(dir.resolve("prometheus.yml"));
        assertThat(config).contains("scrape_interval: 15s", "evaluation_interval: 15s");
        // where the runbooks are, as an operator sets it: here the monitor under test serves them
        config = replace(config, "  evaluation_interval: 15s\n", "  evaluation_interval: 15s\n  external_labels:\n"
                + "    runbook_base: http://127.0.0.1:" + servicePort + "/runbooks\n");
        config = replace(config, "- rules/", "- " + dir.toAbsolutePath() + "/rules/");
        config = replace(config, "'127.0.0.1:8080'", "'127.0.0.1:" + servicePort + "'");
        config = replace(config, "'127.0.0.1:9093'", "'" + alertmanager.baseUrl.substring("http://".length()) + "'");
        assertThat(config).contains("honor_labels: true");
        Path file = work.resolve("prometheus.yml");
        Files.writeString(file, config);
        int port = Ports.free();
        return new ExternalProcess("Prometheus", List.of(
                ExternalProcess.tool("PROMETHEUS", "prometheus", "prometheus"),
                "--config.file=" + file, "--storage.tsdb.path=" + work.resolve("prometheus"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"),
                work.resolve("prometheus.log"), "http://127.0.0.1:" + port, "/-/ready");
    }

    /** Replaces a part of a configuration file that must be there (if the file changes, this test must too). */
    private static String replace(String text, String part, String by) {
        if (!text.contains(part)) {
            throw new AssertionError("the configuration no longer contains " + part + ": update this test");
        }
        return text.replace(part, by);
    }

    private static long seconds(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toSeconds();
    }
}
