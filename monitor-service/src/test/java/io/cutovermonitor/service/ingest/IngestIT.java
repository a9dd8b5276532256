package io.cutovermonitor.service.ingest;

import io.cutovermonitor.service.support.DeadLetters;
import io.cutovermonitor.service.support.Kcat;
import io.cutovermonitor.service.support.DropSchemaAfterTheService;
import io.cutovermonitor.service.support.PostgresSchema;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The spine against real parts: a real KRaft broker in-process, the ledger on the real PostgreSQL, kcat as the
 * outside producer a migration tool would be.
 */
@Import(DropSchemaAfterTheService.class)
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // writes need credentials: the migration tool's account
        "monitor.security.users[0].name=oms-tools",
        "monitor.security.users[0].password={noop}" + IngestIT.TOOL_PASSWORD,
        "monitor.security.users[0].roles=INGEST"})
@EmbeddedKafka(partitions = 3,
        topics = {"migration.telemetry", "migration.telemetry.dlt", "migration.alerts"},
        brokerProperties = {"message.max.bytes=8388608", "replica.fetch.max.bytes=8388608"},
        bootstrapServersProperty = "cutover.test.kafka") // never leak spring.kafka.bootstrap-servers to other tests
class IngestIT {

    static final String TOOL_PASSWORD = "tool-secret";
    private static final PostgresSchema SCHEMA = new PostgresSchema("ingest_it");

    @DynamicPropertySource
    static void ledgerOnPostgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", SCHEMA::url);
        registry.add("spring.datasource.username", () -> PostgresSchema.USER);
        registry.add("spring.flyway.schemas", SCHEMA::name);
        registry.add("spring.kafka.bootstrap-servers", () -> System.getProperty("cutover.test.kafka"));
    }


    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;

    private final String migration = "oms-" + UUID.randomUUID().toString().substring(0, 8);

    private String event(String id, String type, String data) {
        return ("{\"specversion\":\"1.0\",\"id\":\"%s\",\"source\":\"/oms/test\",\"type\":\"%s\","
                + "\"time\":\"2025-11-15T22:00:00Z\",\"datacontenttype\":\"application/json\",\"data\":%s}")
                .formatted(id, type, data);
    }

    private String check(String id, boolean passed) {
        return event(id, "migration.check.v1", "{\"migrationId\":\"" + migration
                + "\",\"check\":\"erp-api\",\"kind\":\"CONNECTIVITY\",\"passed\":" + passed + "}");
    }

    private long ledgerRows() {
        return jdbc.sql("SELECT count(*) FROM ledger_event WHERE migration_id = ?").param(migration)
                .query(Long.class).single();
    }

    private long ledgerRows(String eventId) {
        return jdbc.sql("SELECT count(*) FROM ledger_event WHERE migration_id = ? AND event_id = ?")
                .params(migration, eventId).query(Long.class).single();
    }

    @Test
    void validEventsAreStoredOnceAndBadRecordsGoToTheDeadLetterTopicWithTheirReason() throws Exception {
        Kcat kcat = new Kcat(broker.getBrokersAsString());
        String phase = event(migration + "-1", "migration.phase.v1",
                "{\"migrationId\":\"" + migration + "\",\"phase\":\"CUTOVER\",\"status\":\"STARTED\"}");
        String negative = event(migration + "-bad-neg", "migration.reconciliation.v1", "{\"migrationId\":\""
                + migration + "\",\"runId\":\"r\",\"table\":\"orders\",\"source\":{\"rowCount\":-5}}");
        String unknownType = event(migration + "-bad-type", "migration.coffee.v1", "{\"migrationId\":\"" + migration + "\"}");
        String missingField = event(migration + "-bad-missing", "migration.job.v1",
                "{\"migrationId\":\"" + migration + "\",\"runId\":\"1\",\"state\":\"FAILED\"}");

        // Given structured events with garbage between them, a binary-mode event, and a 2 MiB record
        kcat.produce("migration.telemetry", migration, List.of("content-type=application/cloudevents+json"),
                List.of(phase, "{this is not json", negative, check(migration + "-2", true), unknownType,
                        missingField, check(migration + "-3", false)));
        kcat.produce("migration.telemetry", migration,
                List.of("ce_specversion=1.0", "ce_id=" + migration + "-bin", "ce_source=/oms/batch",
                        "ce_type=migration.job.v1", "ce_time=2025-11-15T23:00:00Z", "content-type=application/json"),
                List.of("{\"migrationId\":\"" + migration + "\",\"job\":\"invoice-export\",\"runId\":\"7\",\"state\":\"SUCCEEDED\"}"));
        kcat.produceFile("migration.telemetry", migration, Kcat.tempFile(check(migration + "-huge", true)
                .replace("\"passed\":true", "\"passed\":true,\"detail\":\"" + "x".repeat(2 * 1024 * 1024) + "\"")));
        kcat.produce("migration.telemetry", migration, List.of(), List.of(check(migration + "-4", true)));

        // Then every valid event is in the ledger exactly once, and the consumer went on past every bad one
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ledgerRows()).isEqualTo(5));
        for (String id : List.of("-1", "-2", "-3", "-bin", "-4")) {
            assertThat(ledgerRows(migration + id)).as(id).isEqualTo(1);
        }

        // And every bad record is on the dead-letter topic with its reason
        Map<String, String> reasons = deadLetterReasons(5);
        assertThat(reasons.values()).containsExactlyInAnyOrder(
                "not_json: not valid JSON",
                "impossible_value: data.source.rowCount: must be >= 0",
                "unknown_type: type: unknown type migration.coffee.v1",
                "missing_field: data.job: is required",
                "too_large: record of");

        // And the metrics count each outcome
        String metrics = get("/actuator/prometheus");
        assertThat(metrics).contains("migration_events_total{application=\"cutover-monitor\",outcome=\"accepted\",type=\"migration.check.v1\"}");
        assertThat(metrics).containsPattern("migration_events_rejected_total\\{[^}]*reason=\"too_large\"[^}]*} 1");
        // and a reason no record had is there at 0, so the first record of it is an increase Prometheus sees
        assertThat(metrics).containsPattern("migration_events_rejected_total\\{[^}]*reason=\"wrong_type\"[^}]*} 0");
        assertThat(metrics).containsPattern("migration_events_rejected_total\\{[^}]*reason=\"unstorable\"[^}]*} 0");
        assertThat(metrics).contains("migration_last_event_timestamp_seconds{application=\"cutover-monitor\",migration=\"" + migration
                + "\",type=\"migration.job.v1\"} 1.7632476E9");
        assertThat(metrics).contains("migration_event_processing_seconds_bucket");
    }

    @Test
    void theSameEventsProducedTwiceAreStoredOnceAndCountedAsDuplicates() throws Exception {
        Kcat kcat = new Kcat(broker.getBrokersAsString());
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(check(migration + "-dup-" + i, i % 2 == 0));
        }

        // Given the same 50 events delivered twice
        kcat.produce("migration.telemetry", migration, List.of(), events);
        kcat.produce("migration.telemetry", migration, List.of(), events);
        // and one that reuses an identity with other content
        kcat.produce("migration.telemetry", migration, List.of(), List.of(check(migration + "-dup-0", false)));

        // Then one ledger row each, and the conflict is dead-lettered
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(deadLetterReasons(0).values()).anyMatch(r -> r.startsWith("conflict: ") && r.contains(migration + "-dup-0")));
        assertThat(ledgerRows()).isEqualTo(50);
        assertThat(get("/actuator/prometheus"))
                .containsPattern("migration_events_total\\{[^}]*outcome=\"duplicate\",type=\"migration.check.v1\"} [1-9]");
    }

    @Test
    void postedEventsAreWrittenToKafkaBeforeTheServiceAnswers() throws Exception {
        String batch = "[" + check(migration + "-http-1", true) + "," + check(migration + "-http-2", false) + "]";

        HttpResponse<String> ok = post(batch, "application/cloudevents-batch+json");
        HttpResponse<String> bad = post("[" + check(migration + "-http-3", true) + ","
                + check(migration + "-http-4", true).replace("\"passed\":true", "\"passed\":\"yes\"") + "]",
                "application/json");

        assertThat(ok.statusCode()).isEqualTo(202);
        assertThat(ok.body()).contains("\"accepted\":2");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("data.passed: must be true or false").contains("\"index\":1");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ledgerRows()).isEqualTo(2));
        assertThat(ledgerRows(migration + "-http-3")).as("a request with one invalid event writes none").isZero();
    }

    private Map<String, String> deadLetterReasons(int atLeast) {
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : DeadLetters.read(broker.getBrokersAsString(), migration::equals, atLeast)) {
            String reason = DeadLetters.header(r, DeadLetterConfiguration.REASON_HEADER);
            String message = DeadLetters.header(r, DeadLetterConfiguration.MESSAGE_HEADER);
            String shortened = message.startsWith("record of") ? "record of"
                    : message.startsWith("not valid JSON") ? "not valid JSON" : message;
            reasons.put(r.partition() + "/" + r.offset(), reason + ": " + shortened);
        }
        return reasons;
    }

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpResponse<String> post(String body, String contentType) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events"))
                .header("Content-Type", contentType)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("oms-tools:" + TOOL_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
