package io.cutovermonitor.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/** Alertmanager accepts the configuration, and alerts reach the receivers the operators expect. */
class AlertmanagerTest {

    private static final Path DIR = Repo.module().resolve("alertmanager");

    @Test
    void amtoolAcceptsTheConfiguration() {
        String amtool = Repo.tool("AMTOOL", "prometheus-alertmanager", "amtool");
        Repo.Result r = Repo.run(DIR, 60, amtool, "check-config", "alertmanager.yml");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }

    @Test
    void aRollbackTriggerPagesAndEveryAlertReachesItsReceiver() {
        String amtool = Repo.tool("AMTOOL", "prometheus-alertmanager", "amtool");
        Repo.Result r = Repo.run(DIR, 60, "bash", "test-routes.sh");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("ok    pager,oncall                 <- alertname=MigrationRollbackTriggered")
                .contains("all routes as expected");
        // and the router really says so (not just the script)
        Repo.Result direct = Repo.run(DIR, 60, amtool, "config", "routes", "test", "--config.file=alertmanager.yml",
                "--verify.receivers=pager,oncall", "alertname=MigrationRollbackTriggered", "severity=critical",
                "action=rollback", "migration=oms-cloud");
        assertThat(direct.exit()).as(direct.output()).isZero();
    }

    @Test
    void everyRuleIsRoutedBySeverityAndAction() {
        JsonNode config = PrometheusRulesTest.YAML.readTree(Repo.read(DIR.resolve("alertmanager.yml")));
        JsonNode inhibit = config.path("inhibit_rules").get(0);
        assertThat(inhibit.path("source_matchers").get(0).asString()).isEqualTo("severity=\"critical\"");
        assertThat(inhibit.path("target_matchers").get(0).asString()).isEqualTo("severity=\"warning\"");
        assertThat(inhibit.path("target_matchers").get(1).asString()).isEqualTo("alertname!=\"MigrationTelemetryStale\"");
        assertThat(inhibit.path("equal").get(0).asString()).isEqualTo("migration");
        // every severity and action the rules use has a route
        PrometheusRulesTest.alerts().forEach((name, rule) -> assertThat(
                Repo.run(DIR, 60, Repo.tool("AMTOOL", "prometheus-alertmanager", "amtool"), "config", "routes",
                        "test", "--config.file=alertmanager.yml", "alertname=" + name,
                        "severity=" + rule.path("labels").path("severity").asString(),
                        "action=" + rule.path("labels").path("action").asString(), "migration=m").output().strip()
                        .lines().reduce((first, last) -> last).orElse(""))
                .as(name).isIn(rule.path("labels").path("action").asString().equals("rollback")
                        || name.equals("MigrationRollbackDeadlinePassed") ? new String[] {"pager,oncall"}
                        : rule.path("labels").path("severity").asString().equals("critical")
                                ? new String[] {"oncall"} : new String[] {"ops-channel"}));
    }

    /**
     * A real Alertmanager: a critical of one migration inhibits its warnings, not another migration's, and never its
     * staleness warning (the rollback decision depends on the tools still reporting).
     */
    @Test
    void aCriticalAlertInhibitsTheWarningsOfItsOwnMigrationOnlyAndLeavesStalenessVisible(@TempDir Path work) throws Exception {
        String binary = Repo.tool("ALERTMANAGER", "prometheus-alertmanager", "prometheus-alertmanager",
                "alertmanager");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        Process am = new ProcessBuilder(binary, "--config.file=" + DIR.resolve("alertmanager.yml"),
                "--storage.path=" + work.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=", "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(work.resolve("alertmanager.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create(base + "/-/ready")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                        break;
                    }
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
                assertThat(am.isAlive() && System.nanoTime() < deadline)
                        .as(Files.readString(work.resolve("alertmanager.log"))).isTrue();
                Thread.sleep(100);
            }
            String alerts = """
                    [{"labels":{"alertname":"MigrationRollbackTriggered","severity":"critical","action":"rollback",
                                "migration":"oms-cloud","rule":"integrity-errors"}},
                     {"labels":{"alertname":"MigrationThroughputBelowTarget","severity":"warning","action":"none",
                                "migration":"oms-cloud"}},
                     {"labels":{"alertname":"MigrationTelemetryStale","severity":"warning","action":"none",
                                "migration":"oms-cloud"}},
                     {"labels":{"alertname":"MigrationThroughputBelowTarget","severity":"warning","action":"none",
                                "migration":"crm-move"}}]""";
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/alerts"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(alerts))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
            JsonNode got = Grafana.JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/alerts"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            java.util.Map<String, String> state = new java.util.TreeMap<>();
            for (JsonNode a : got) {
                state.put(a.path("labels").path("alertname").asString() + "/" + a.path("labels").path("migration")
                        .asString(), a.path("status").path("state").asString() + " inhibitedBy="
                        + a.path("status").path("inhibitedBy").size());
            }
            assertThat(state).containsEntry("MigrationRollbackTriggered/oms-cloud", "active inhibitedBy=0")
                    .containsEntry("MigrationThroughputBelowTarget/oms-cloud", "suppressed inhibitedBy=1")
                    .containsEntry("MigrationTelemetryStale/oms-cloud", "active inhibitedBy=0")
                    .containsEntry("MigrationThroughputBelowTarget/crm-move", "active inhibitedBy=0");
        } finally {
            am.destroy();
            if (!am.waitFor(10, TimeUnit.SECONDS)) {
                am.destroyForcibly();
            }
        }
    }
}
