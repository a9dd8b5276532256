package io.cutovermonitor.service.archive;

import io.cutovermonitor.service.report.DayThirtyScenario;
import io.cutovermonitor.service.rules.PlanRegistry;
import io.cutovermonitor.service.support.DeadLetters;
import io.cutovermonitor.service.support.ExternalProcess;
import io.cutovermonitor.service.support.Ports;
import io.cutovermonitor.service.support.Kcat;
import io.cutovermonitor.service.support.TestDecisionKey;
import io.cutovermonitor.service.support.Testbed;
import io.cutovermonitor.validators.event.Sha256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The end of a migration's life, as its lead does it on a real service, broker and PostgreSQL: a migration that
 * reached day 30 under its own plan is archived by an operator; the bundle passes {@code sha256sum -c}; every
 * series of the migration leaves {@code /actuator/prometheus} and a real Prometheus scraping it; the list shows it archived; its report still reads;
 * a new event of it is dead-lettered as {@code archived}. A migration not ready for acceptance is refused unless
 * forced with a reason, which is recorded.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the unfinished migration is still open in the first
class ArchiveIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PASSWORD = "archive-it-" + UUID.randomUUID();
    private static final Path BUNDLES = Path.of("target", "archive-it");

    private static Testbed testbed;
    private static ConfigurableApplicationContext service;
    private static ExternalProcess prometheus;
    private static String base;
    private static String accepted;
    private static String unfinished;

    @BeforeAll
    static void twoMigrations() throws Exception {
        testbed = Testbed.start("archive_it");
        service = testbed.startService("--monitor.archive.dir=" + BUNDLES.toAbsolutePath(),
                "--monitor.metrics.refresh=200ms",
                "--monitor.security.users[0].name=lead",
                "--monitor.security.users[0].password={noop}" + PASSWORD,
                "--monitor.security.users[0].roles=OPERATOR");
        base = "http://127.0.0.1:" + Testbed.httpPort(service);
        prometheus = prometheusScraping(Testbed.httpPort(service));
        accepted = "accepted-" + UUID.randomUUID().toString().substring(0, 8);
        unfinished = "unfinished-" + UUID.randomUUID().toString().substring(0, 8);
        String plan = Files.readString(Path.of("src/main/resources", PlanRegistry.SAMPLE_PLAN));
        assertThat(send("PUT", "/api/migrations/" + accepted + "/plan", "application/yaml", plan, true).statusCode())
                .isEqualTo(200);
        Kcat kcat = new Kcat(testbed.bootstrapServers());
        List<String> headers = List.of("content-type=application/cloudevents+json");
        List<String> all = DayThirtyScenario.events(accepted).stream().map(TestDecisionKey::sealed).toList();
        kcat.produce("migration.telemetry", accepted, headers, all);
        kcat.produce("migration.telemetry", unfinished, headers,
                DayThirtyScenario.events(unfinished).stream().limit(40).map(TestDecisionKey::sealed).toList());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(json("/api/migrations/" + accepted + "/report.json").at("/verdict/readyForAcceptance")
                            .asBoolean()).isTrue();
                    assertThat(json("/api/migrations/" + unfinished).get("eventTime").isNull()).isFalse();
                    assertThat(scrape()).contains("migration=\"" + accepted + "\"")
                            .contains("migration=\"" + unfinished + "\"");
                    assertThat(seriesInPrometheus(accepted)).isPositive();
                });
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (service != null) {
            service.close();
        }
        if (testbed != null) {
            testbed.close();
        }
    }

    @Test
    @Order(1)
    void anAcceptedMigrationIsArchivedIntoABundleThatChecksAndLeavesTheScrape() throws Exception {
        // Given a migration at day 30, ready for acceptance, in the scrape (BeforeAll)
        String digest = json("/api/migrations/" + accepted + "/report.json").get("ledgerDigest").asString();

        // When nobody logged in asks to archive it, then the lead does
        assertThat(send("POST", "/api/migrations/" + accepted + "/archive", "application/json", "{}", false)
                .statusCode()).isEqualTo(401);
        HttpResponse<String> archived = send("POST", "/api/migrations/" + accepted + "/archive", "application/json",
                "{}", true);

        // Then the bundle is written and every file in it checks against its manifest with sha256sum -c
        assertThat(archived.statusCode()).as(archived.body()).isEqualTo(201);
        JsonNode answer = JSON.readTree(archived.body());
        assertThat(answer.get("archivedBy").asString()).isEqualTo("lead");
        assertThat(answer.get("forced").asBoolean()).isFalse();
        Path bundle = Path.of(answer.get("bundle").asString());
        assertThat(sha256sumCheck(bundle)).contains("report.pdf: OK", "report.json: OK", "events.ndjson: OK",
                "decisions.ndjson: OK", "alerts.ndjson: OK", "plan.yaml: OK", "plan-version.json: OK", "plan-versions.json: OK");
        assertThat(Sha256.hex(Files.readString(bundle.resolve(AcceptanceBundle.MANIFEST))))
                .isEqualTo(answer.get("manifestSha256").asString());
        // the ledger's events, in order, one per line (the lead's plan change among them); the report in it is the
        // one the lead read
        List<String> events = Files.readAllLines(bundle.resolve("events.ndjson"));
        assertThat(events).hasSize(DayThirtyScenario.events(accepted).size() + 1);
        assertThat(events).filteredOn(line -> line.contains("\"migration.plan.v1\"")).hasSize(1);
        assertThat(JSON.readTree(bundle.resolve("report.json").toFile()).get("ledgerDigest").asString())
                .isEqualTo(digest);
        assertThat(Files.readAllLines(bundle.resolve("decisions.ndjson"))).hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("\"migration.decision.v1\""));
        assertThat(Files.readString(bundle.resolve("report.pdf"), StandardCharsets.ISO_8859_1)).startsWith("%PDF-");
        // the plan the lead put, as its version 1, by the lead
        JsonNode versions = JSON.readTree(bundle.resolve("plan-versions.json").toFile());
        assertThat(versions).singleElement().satisfies(v -> {
            assertThat(v.get("version").asInt()).isEqualTo(1);
            assertThat(v.get("putBy").asString()).isEqualTo("lead");
        });

        // and the download holds the same files
        assertThat(zipEntries("/api/migrations/" + accepted + "/archive.zip"))
                .containsExactlyInAnyOrderElementsOf(List.of("report.pdf", "report.json", "events.ndjson",
                        "decisions.ndjson", "alerts.ndjson", "plan.yaml", "plan-version.json", "plan-versions.json",
                        AcceptanceBundle.MANIFEST));

        // and not one series of it is left in the scrape, while the other migration keeps its own
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(scrape()).doesNotContain("migration=\"" + accepted + "\"")
                        .contains("migration=\"" + unfinished + "\""));
        Thread.sleep(1_000); // a refresh of the gauges later, still gone
        assertThat(scrape()).doesNotContain("migration=\"" + accepted + "\"");
        // and a real Prometheus, scraping every second, holds no live series of it (each went stale at the first
        // scrape without it), while it still has those of the open migration
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(seriesInPrometheus(accepted)).isZero();
            assertThat(seriesInPrometheus(unfinished)).isPositive();
        });

        // and the list shows it archived; its status and its report still read from the ledger, the same digest
        JsonNode line = find(json("/api/migrations").get("migrations"), accepted);
        assertThat(line.get("archivedAt").asString()).isEqualTo(answer.get("archivedAt").asString());
        assertThat(json("/api/migrations/" + accepted).get("phase").asString()).isEqualTo("OBSERVATION");
        assertThat(json("/api/migrations/" + accepted + "/report.json").get("ledgerDigest").asString())
                .isEqualTo(digest);

        // and a new event of it is dead-lettered as archived, not applied
        String late = DayThirtyScenario.events(accepted).get(0).replace("\"id\":\"", "\"id\":\"after-archive-");
        new Kcat(testbed.bootstrapServers()).produce("migration.telemetry", accepted,
                List.of("content-type=application/cloudevents+json"), List.of(late));
        var dead = DeadLetters.read(testbed.bootstrapServers(), accepted::equals, 1);
        assertThat(dead).singleElement().satisfies(r ->
                assertThat(DeadLetters.header(r, "cutover-rejection-reason")).isEqualTo("archived"));
        String afterRefusal = scrape();
        assertThat(afterRefusal.lines().filter(l -> l.startsWith("migration_events_rejected_total{")
                && l.contains("reason=\"archived\"")).toList()).singleElement().asString().endsWith(" 1.0");
        assertThat(afterRefusal).doesNotContain("migration=\"" + accepted + "\"");

        // and a second archive is refused: it is archived already
        assertThat(send("POST", "/api/migrations/" + accepted + "/archive", "application/json", "{}", true)
                .statusCode()).isEqualTo(409);
    }

    @Test
    @Order(2)
    void aMigrationNotReadyForAcceptanceIsArchivedOnlyWhenForcedWithAReason() throws Exception {
        // Given a migration that has not even cut over (BeforeAll)
        // When the lead asks to archive it
        HttpResponse<String> refused = send("POST", "/api/migrations/" + unfinished + "/archive",
                "application/json", "{}", true);

        // Then it is refused with what is missing, and stays in the scrape
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(refused.body()).get("missing").toString()).contains("no plan of its own");
        assertThat(send("POST", "/api/migrations/" + unfinished + "/archive", "application/json",
                "{\"force\": true}", true).statusCode()).isEqualTo(400);
        assertThat(scrape()).contains("migration=\"" + unfinished + "\"");

        // When forced with a reason, it is archived and the reason is recorded
        HttpResponse<String> forced = send("POST", "/api/migrations/" + unfinished + "/archive", "application/json",
                "{\"force\": true, \"reason\": \"migration abandoned: the OMS vendor changed\"}", true);
        assertThat(forced.statusCode()).as(forced.body()).isEqualTo(201);
        JsonNode shown = json("/api/migrations/" + unfinished + "/archive");
        assertThat(shown.get("forced").asBoolean()).isTrue();
        assertThat(shown.get("reason").asString()).isEqualTo("migration abandoned: the OMS vendor changed");

        // And reopened, it takes events again: the next one is applied, not dead-lettered
        assertThat(send("POST", "/api/migrations/" + unfinished + "/reopen", "application/json",
                "{\"reason\": \"the vendor is back\"}", true).statusCode()).isEqualTo(200);
        assertThat(find(json("/api/migrations").get("migrations"), unfinished).get("archivedAt").isNull()).isTrue();
        long before = service.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql("SELECT count(*) FROM ledger_event WHERE migration_id = ?").param(unfinished)
                .query(Long.class).single();
        String next = DayThirtyScenario.events(unfinished).get(40);
        new Kcat(testbed.bootstrapServers()).produce("migration.telemetry", unfinished,
                List.of("content-type=application/cloudevents+json"), List.of(TestDecisionKey.sealed(next)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(service
                .getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql("SELECT count(*) FROM ledger_event WHERE migration_id = ?").param(unfinished)
                .query(Long.class).single()).isEqualTo(before + 1));
        assertThat(scrape()).contains("migration=\"" + unfinished + "\"");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Debian's Prometheus scraping the service's {@code /actuator/prometheus} every second. */
    private static ExternalProcess prometheusScraping(int servicePort) throws Exception {
        Path work = Files.createDirectories(BUNDLES.resolve("prometheus-" + UUID.randomUUID()));
        Path config = work.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: cutover-monitor
                    metrics_path: /actuator/prometheus
                    honor_labels: true
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(servicePort));
        int port = Ports.free();
        return new ExternalProcess("Prometheus", List.of(ExternalProcess.tool("PROMETHEUS", "prometheus", "prometheus"),
                "--config.file=" + config, "--storage.tsdb.path=" + work.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"),
                work.resolve("prometheus.log"), "http://127.0.0.1:" + port, "/-/ready");
    }

    /** How many series labelled with the migration Prometheus has now (an instant query: stale ones are gone). */
    private static int seriesInPrometheus(String migration) throws Exception {
        String query = URLEncoder.encode("count({migration=\"" + migration + "\"})", StandardCharsets.UTF_8);
        JsonNode answer = JSON.readTree(prometheus.get("/api/v1/query?query=" + query).body());
        assertThat(answer.get("status").asString()).as(answer.toString()).isEqualTo("success");
        JsonNode result = answer.at("/data/result");
        return result.isEmpty() ? 0 : Integer.parseInt(result.get(0).get("value").get(1).asString());
    }

    private static String sha256sumCheck(Path bundle) throws Exception {
        Process p = new ProcessBuilder("sha256sum", "-c", AcceptanceBundle.MANIFEST).directory(bundle.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static List<String> zipEntries(String path) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(response.body())) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                names.add(e.getName().substring(e.getName().indexOf('/') + 1));
            }
        }
        return names;
    }

    private static JsonNode find(JsonNode migrations, String id) {
        for (JsonNode m : migrations) {
            if (m.get("id").asString().equals(id)) {
                return m;
            }
        }
        throw new AssertionError("no " + id + " in " + migrations);
    }

    private static String scrape() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static JsonNode json(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String method, String path, String contentType, String body,
                                             boolean asLead) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType);
        if (asLead) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(("lead:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
