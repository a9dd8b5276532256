package io.cutovermonitor.service.report;

import io.cutovermonitor.service.support.ContractStream;
import io.cutovermonitor.service.support.Kcat;
import io.cutovermonitor.service.support.Testbed;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static io.cutovermonitor.service.report.ReportJson.find;
import static io.cutovermonitor.service.report.ReportJson.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Contract example 02 (rehearsals, syncs, mismatches, an integrity-errors ROLLBACK trigger left unanswered, a GO
 * decision, 21 days of observation with incidents) produced by kcat; the evidence report states exactly what the
 * ledger and the alert table hold, as JSON, HTML and PDF.
 */
class ReportIT {

    private static final Path SCENARIO = Path.of("..", "validators", "src", "test", "resources", "contract",
            "02-integrity-rollback-after-go-live.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Testbed testbed;
    private static ConfigurableApplicationContext service;
    private static String migration;
    private static JsonNode scenario;
    private static String base;

    @BeforeAll
    static void feedExample02() throws IOException {
        testbed = Testbed.start("report_it");
        service = testbed.startService();
        migration = "report-" + UUID.randomUUID().toString().substring(0, 8);
        scenario = JSON.readTree(Files.readString(SCENARIO).replace("{{MID}}", migration));
        List<String> records = ContractStream.recordsOf(scenario);
        new Kcat(testbed.bootstrapServers()).produce("migration.telemetry", migration,
                List.of("content-type=application/cloudevents+json"), records);
        JdbcClient jdbc = service.getBean(JdbcClient.class);
        int expected = scenario.get("expect").size();
        await().atMost(Duration.ofSeconds(120)).until(() -> jdbc.sql(
                "SELECT count(*) FROM alert WHERE migration_id = ?").param(migration).query(Long.class).single() >= expected);
        base = "http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port")
                + "/api/migrations/" + migration;
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        testbed.close();
    }

    @Test
    void theJsonStatesTheLatestCountsAndChecksumsOfEachTableWithTheRunThatProvedThem() throws Exception {
        JsonNode report = json(base + "/report.json");

        // the latest reconciliation of purchase_orders (a whole-table run with both sides) in the stream
        JsonNode known = null;
        for (JsonNode e : scenario.get("events")) {
            JsonNode data = e.path("data");
            if (e.path("type").asString().equals("migration.reconciliation.v1")
                    && data.path("table").asString().equals("purchase_orders")
                    && data.has("source") && data.has("target")) {
                known = e;
            }
        }
        JsonNode table = find(report.get("tables"), "table", "purchase_orders");
        JsonNode chunk = table.get("chunks").get(0);
        assertThat(chunk.get("chunk").asString()).isEqualTo("whole table");
        assertThat(chunk.get("runId").asString()).isEqualTo(known.get("data").get("runId").asString());
        assertThat(chunk.get("source").get("eventId").asString()).isEqualTo(known.get("id").asString());
        assertThat(chunk.get("source").get("rowCount").asLong()).isEqualTo(known.at("/data/source/rowCount").asLong());
        assertThat(chunk.get("source").get("checksum").asString()).isEqualTo(known.at("/data/source/checksum").asString());
        assertThat(chunk.get("target").get("checksum").asString()).isEqualTo(known.at("/data/target/checksum").asString());
        assertThat(Instant.parse(chunk.get("provedAt").asString())).isEqualTo(Instant.parse(known.get("time").asString()));
        assertThat(chunk.get("matched").asBoolean()).isTrue();
        assertThat(chunk.get("integrity").asString()).isEqualTo("MATCHED");

        // po_lines chunk 2: its last run (par-14-fix, e209) repaired the missing target of par-14
        JsonNode chunk2 = find(find(report.get("tables"), "table", "po_lines").get("chunks"), "chunk", "chunk 2");
        assertThat(chunk2.get("runId").asString()).isEqualTo("par-14-fix");
        assertThat(chunk2.get("source").get("eventId").asString()).isEqualTo(migration + "-e209");
        assertThat(chunk2.get("target").get("rowCount").asLong()).isEqualTo(25000);
    }

    @Test
    void theJsonHoldsEveryAlertTransitionAsTheAlertTableDoes() throws Exception {
        JsonNode report = json(base + "/report.json");
        JdbcClient jdbc = service.getBean(JdbcClient.class);
        List<Map<String, Object>> rows = jdbc.sql("SELECT episode_key, state, at FROM alert WHERE migration_id = ?")
                .param(migration).query().listOfRows();

        JsonNode alerts = report.get("alerts");
        assertThat(rows.stream().filter(r -> r.get("state").equals("FIRING")).count()).isEqualTo(alerts.size());
        for (Map<String, Object> row : rows) {
            JsonNode episode = find(alerts, "episodeKey", (String) row.get("episode_key"));
            String field = row.get("state").equals("FIRING") ? "firedAt" : "resolvedAt";
            assertThat(Instant.parse(episode.get(field).asString())).as("%s %s", row.get("episode_key"), field)
                    .isEqualTo(instant(row.get("at")));
        }
        // every expected transition of the contract is there, at its time
        for (JsonNode expect : scenario.get("expect")) {
            String field = expect.get("state").asString().equals("FIRING") ? "firedAt" : "resolvedAt";
            assertThat(StreamSupport.stream(alerts.spliterator(), false)
                    .anyMatch(a -> a.get("rule").asString().equals(expect.get("rule").asString())
                            && a.path(field).asString("").equals(expect.get("at").asString())))
                    .as("%s %s at %s", expect.get("rule"), expect.get("state"), expect.get("at")).isTrue();
        }
        JsonNode connectivity = find(alerts, "firedAt", "2025-12-19T12:00:00Z");
        assertThat(connectivity.get("rule").asString()).isEqualTo("connectivity");
        assertThat(connectivity.get("resolvedAt").asString()).isEqualTo("2025-12-19T16:19:00Z");
        assertThat(connectivity.get("openFor").asString()).isEqualTo("PT4H19M");
        assertThat(texts(connectivity.get("evidence"))).contains(migration + "-e062");
    }

    @Test
    void theIntegrityErrorsTriggerIsUnansweredAndTheDecisionShowsWhoAndWhy() throws Exception {
        JsonNode report = json(base + "/report.json");

        JsonNode trigger = find(report.get("rollbackTriggers"), "rule", "integrity-errors");
        assertThat(trigger.get("firedAt").asString()).isEqualTo("2025-12-20T23:36:38Z");
        assertThat(trigger.get("deadline").asString()).isEqualTo("2025-12-21T01:36:38Z"); // respondWithin PT2H
        assertThat(trigger.get("answered").asBoolean()).isFalse();
        assertThat(trigger.get("answer").isNull()).isTrue();
        assertThat(trigger.get("decisionMaker").asString()).containsIgnoringCase("migration lead");
        assertThat(texts(trigger.get("evidence"))).contains(migration + "-e066", migration + "-e067");

        JsonNode decisions = report.get("decisions");
        assertThat(decisions.size()).isEqualTo(1);
        JsonNode go = decisions.get(0);
        assertThat(go.get("eventId").asString()).isEqualTo(migration + "-e064");
        assertThat(go.get("decision").asString()).isEqualTo("GO");
        assertThat(go.get("by").asString()).isEqualTo("Taro Tanaka (Migration Lead)");
        assertThat(go.get("reason").asString()).isEqualTo("rehearsals passed; ERP API re-verified; window confirmed");
        assertThat(go.get("at").asString()).isEqualTo("2025-12-20T18:00:00Z");
    }

    @Test
    void theJsonTellsTheTimelineThroughputAndObservationRecord() throws Exception {
        JsonNode report = json(base + "/report.json");

        JsonNode cutover = report.at("/timeline/cutovers").get(0);
        assertThat(cutover.get("startedAt").asString()).isEqualTo("2025-12-20T22:00:00Z");
        assertThat(cutover.get("endedAt").asString()).isEqualTo("2025-12-21T02:10:29Z");
        assertThat(cutover.get("duration").asString()).isEqualTo("PT4H10M29S");
        assertThat(cutover.get("limit").asString()).isEqualTo("PT6H");
        assertThat(cutover.get("withinLimit").asBoolean()).isTrue();
        JsonNode rehearsal1 = find(report.at("/timeline/rehearsals"), "name", "rehearsal-1");
        assertThat(rehearsal1.get("duration").asString()).isEqualTo("PT4H10M");

        JsonNode peaks = report.at("/throughput/peaks");
        assertThat(report.at("/throughput/targetPerHour").asLong()).isEqualTo(50_000);
        assertThat(StreamSupport.stream(peaks.spliterator(), false)
                .anyMatch(p -> p.get("recordsPerHour").asLong() == 39_168 && !p.get("metTarget").asBoolean())).isTrue();

        JsonNode observation = report.get("observation");
        assertThat(observation.get("goLiveAt").asString()).isEqualTo("2025-12-21T02:10:29Z");
        assertThat(observation.get("day").asInt()).isEqualTo(20);
        assertThat(observation.get("days").asInt()).isEqualTo(30);
        assertThat(find(observation.get("incidentsByDay"), "day", "10").get("incidents").size()).isEqualTo(1);
        assertThat(find(observation.get("incidentsByDay"), "day", "15").get("incidents").size()).isEqualTo(1);
        assertThat(observation.get("jobRuns").asLong()).isPositive();
        assertThat(observation.get("checkFailures").asLong()).isEqualTo(1);

        assertThat(report.at("/verdict/readyForAcceptance").asBoolean()).isFalse();
        assertThat(report.at("/verdict/missing").get(0).asString()).contains("day 20 of 30");
    }

    @Test
    void theHtmlShowsTheVerdictEveryTableAndEveryAlertRule() throws Exception {
        HttpResponse<String> response = get(base + "/report");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/html");
        String html = response.body();

        assertThat(html).contains("Not ready for acceptance", "day 20 of 30", "@page { size: A4; margin: 15mm; }");
        assertThat(html).contains("purchase_orders", "po_lines");
        for (JsonNode expect : scenario.get("expect")) {
            assertThat(html).contains(expect.get("rule").asString());
        }
        assertThat(html).contains("UNANSWERED", "Taro Tanaka (Migration Lead)");

        assertThat(get(base + "-unknown/report").statusCode()).isEqualTo(404);
        assertThat(get(base + "-unknown/report.json").statusCode()).isEqualTo(404);
    }

    @Test
    void thePdfIsTheSameReport() throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/report.pdf")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("%PDF");
        try (PDDocument pdf = Loader.loadPDF(response.body())) {
            String text = new PDFTextStripper().getText(pdf);
            assertThat(text).contains("Not ready for acceptance", "purchase_orders", "integrity-errors", "UNANSWERED");
            String digest = json(base + "/report.json").get("ledgerDigest").asString();
            assertThat(text).as("the footer of every page").contains("page 1 of " + pdf.getNumberOfPages(),
                    "page " + pdf.getNumberOfPages() + " of " + pdf.getNumberOfPages(), "sha256:" + digest);
            // kept for a look at what /report.pdf renders: target/report-example-02.{pdf,png}
            Files.write(Path.of("target", "report-example-02.pdf"), response.body());
            ImageIO.write(new PDFRenderer(pdf).renderImageWithDPI(0, 110, ImageType.RGB), "png",
                    Path.of("target", "report-example-02.png").toFile());
        }
    }

    @Test
    void aPrintedDigestIsConfirmedUntilTheLedgerChanges() throws Exception {
        // Given a migration with two events and the digest its report prints
        String other = "digest-" + UUID.randomUUID().toString().substring(0, 8);
        String otherBase = base.replace(migration, other);
        produceChecks(other, 1, 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> get(otherBase + "/report.json").statusCode() == 200
                && json(otherBase + "/report.json").get("ledgerEvents").asInt() == 2);
        String printed = json(otherBase + "/report.json").get("ledgerDigest").asString();
        int alerts = json(otherBase + "/report.json").get("alertTransitions").asInt();

        // Then the monitor confirms it, and refuses any other
        JsonNode confirmed = json(otherBase + "/report/verify?digest=" + printed);
        assertThat(confirmed.get("matches").asBoolean()).isTrue();
        assertThat(confirmed.get("events").asInt()).isEqualTo(2);
        assertThat(confirmed.get("finding").asString()).startsWith("unchanged:");
        assertThat(json(otherBase + "/report/verify?digest=" + printed.replace(printed.charAt(0), 'x'))
                .get("matches").asBoolean()).isFalse();

        // When one more event reaches the ledger, the paper no longer matches it
        produceChecks(other, 3, 3);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode now = json(otherBase + "/report/verify?digest=" + printed);
            assertThat(now.get("matches").asBoolean()).isFalse();
            assertThat(now.get("events").asInt()).isEqualTo(3);
            assertThat(now.get("ledgerDigest").asString()).isNotEqualTo(printed).matches("[0-9a-f]{64}");
            assertThat(now.get("finding").asString()).startsWith("changed:");
        });
        // and with the counts the report printed beside its digest, the monitor tells that it only grew since
        assertThat(json(otherBase + "/report/verify?digest=" + printed + "&events=2&alerts=" + alerts)
                .get("finding").asString()).startsWith("grown:").contains("1 event(s)");
        assertThat(json(otherBase + "/report/verify?digest=" + printed + "&events=1&alerts=" + alerts)
                .get("finding").asString()).startsWith("changed:");

        // And a migration the monitor does not know is a 404, as for the report
        assertThat(get(base.replace(migration, "nobody-" + other) + "/report/verify?digest=" + printed).statusCode())
                .isEqualTo(404);
    }

    /** Passing connectivity checks {@code from..to} of the migration, produced by kcat. */
    private static void produceChecks(String migrationId, int from, int to) {
        List<String> records = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            records.add(("{\"specversion\":\"1.0\",\"id\":\"%s-check-%d\",\"source\":\"/oms/checks\","
                    + "\"type\":\"migration.check.v1\",\"time\":\"2025-11-15T22:%02d:00Z\",\"data\":{\"migrationId\":"
                    + "\"%s\",\"check\":\"erp-api\",\"kind\":\"CONNECTIVITY\",\"passed\":true,\"latencyMs\":120}}")
                    .formatted(migrationId, i, i, migrationId));
        }
        new Kcat(testbed.bootstrapServers()).produce("migration.telemetry", migrationId,
                List.of("content-type=application/cloudevents+json"), records);
    }

    private static JsonNode json(String url) throws Exception {
        HttpResponse<String> response = get(url);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Instant instant(Object value) {
        return value instanceof OffsetDateTime o ? o.toInstant()
                : value instanceof java.sql.Timestamp t ? t.toInstant() : Instant.parse(value.toString());
    }
}
