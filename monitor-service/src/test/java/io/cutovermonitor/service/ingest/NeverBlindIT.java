package io.cutovermonitor.service.ingest;

import io.cutovermonitor.service.support.AlertsTopic;
import io.cutovermonitor.service.support.DeadLetters;
import io.cutovermonitor.service.support.DropSchemaAfterTheService;
import io.cutovermonitor.service.support.Kcat;
import io.cutovermonitor.service.support.PostgresSchema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One event the ledger cannot store must never blind the monitor to the migrations behind it on its partition
 * (issue 12): what the ledger would refuse is refused by the parser and dead-lettered, and what the database still
 * refuses for its data is dead-lettered as {@code unstorable}; either way a failing connectivity check of another
 * migration on the same partition raises its CRITICAL alert within seconds. Real broker, PostgreSQL ledger, kcat.
 */
@Import(DropSchemaAfterTheService.class)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "monitor.security.users[0].name=oms-tools",
        "monitor.security.users[0].password={noop}" + NeverBlindIT.TOOL_PASSWORD,
        "monitor.security.users[0].roles=INGEST"})
@EmbeddedKafka(partitions = 3, topics = {"migration.telemetry", "migration.telemetry.dlt", "migration.alerts"},
        bootstrapServersProperty = "cutover.test.kafka")
class NeverBlindIT {

    static final String TOOL_PASSWORD = "tool-secret";
    private static final PostgresSchema SCHEMA = new PostgresSchema("never_blind_it");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Every record of this test goes to one partition, so a stalled record would hold up everything after it. */
    private static final int PARTITION = 0;
    /** "Within seconds": the alert of the check behind a refused record, measured from its production. */
    private static final Duration WITHIN = Duration.ofSeconds(10);

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

    private final String run = UUID.randomUUID().toString().substring(0, 6);

    /** What the user tried: each is refused at validation, so it can never reach the database. */
    private Map<String, String> unstorableByTheLedger(String migration) {
        Map<String, String> hostile = new LinkedHashMap<>();
        hostile.put("a 600-character id", event("I".repeat(600), "/t", "2025-11-15T22:05:00Z", check(migration, true)));
        hostile.put("a 600-character source", event(migration + "-src", "/" + "s".repeat(600), "2025-11-15T22:05:00Z",
                check(migration, true)));
        hostile.put("a 1,000-character table", event(migration + "-table", "/t", "2025-11-15T22:05:00Z",
                "{\"migrationId\":\"" + migration + "\",\"runId\":\"r\",\"table\":\"" + "t".repeat(1000)
                        + "\",\"source\":{\"rowCount\":1},\"target\":{\"rowCount\":2}}"));
        hostile.put("a NUL inside migrationId", event(migration + "-nul", "/t", "2025-11-15T22:05:00Z",
                check(migration + "\\u0000x", true)));
        hostile.put("the year +999999999", event(migration + "-year", "/t", "+999999999-11-15T22:05:00Z",
                check(migration, true)));
        hostile.put("records of 2^63-1", event(migration + "-records", "/t", "2025-11-15T22:05:00Z",
                "{\"migrationId\":\"" + migration + "\",\"component\":\"dms\",\"records\":9223372036854775807,"
                        + "\"intervalStart\":\"2025-11-15T22:00:00Z\",\"intervalEnd\":\"2025-11-15T22:05:00Z\"}"));
        return hostile;
    }

    @Test
    @Order(1)
    void overKafkaWhatTheLedgerWouldRefuseIsDeadLetteredAndTheMigrationsBehindItAreStillJudged() {
        Kcat kcat = new Kcat(broker.getBrokersAsString());
        String hostileKey = Kcat.keyOnPartition("hostile-" + run, PARTITION, 3);
        Map<String, String> hostile = unstorableByTheLedger(hostileKey);
        Map<String, Long> victims = new LinkedHashMap<>();

        // Given each record the ledger cannot store, followed on the same partition by a failing connectivity check
        // of another migration
        for (String record : hostile.values()) {
            String victim = Kcat.keyOnPartition("victim-" + run, PARTITION, 3);
            kcat.produce("migration.telemetry", hostileKey, List.of(), List.of(record));
            kcat.produce("migration.telemetry", victim, List.of(), List.of(
                    event(victim + "-erp", "/oms/checks", "2025-11-15T22:06:00Z", check(victim, false))));
            victims.put(victim, System.nanoTime());
        }

        // Then every victim's CRITICAL connectivity alert is on migration.alerts within seconds of its check
        victims.forEach((victim, producedAt) -> {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> firingConnectivity(victim));
            assertThat(Duration.ofNanos(System.nanoTime() - producedAt)).as(victim).isLessThan(WITHIN);
        });
        // And each hostile record is on the dead-letter topic, refused at validation with its reason
        List<ConsumerRecord<String, byte[]>> dead = DeadLetters.read(broker.getBrokersAsString(), hostileKey::equals,
                hostile.size());
        assertThat(dead).hasSize(hostile.size());
        assertThat(dead).allSatisfy(r -> {
            assertThat(DeadLetters.header(r, DeadLetterConfiguration.REASON_HEADER)).isEqualTo("impossible_value");
            assertThat(r.headers().lastHeader("kafka_dlt-exception-stacktrace")).as("no stack trace").isNull();
        });
        assertThat(dead.stream().map(r -> DeadLetters.header(r, DeadLetterConfiguration.MESSAGE_HEADER)))
                .containsExactlyInAnyOrder(
                        "id: is 600 characters, over the limit of 512",
                        "source: is 601 characters, over the limit of 512",
                        "data.table: is 1000 characters, over the limit of 256",
                        "data.migrationId: holds the control character U+0000 at character " + hostileKey.length(),
                        "time: must be in the years 0001-9999 (UTC)",
                        "data.records: is over the limit of 1000000000000000 for one event");
        assertThat(ledgerRows(hostileKey)).isZero();
    }

    @Test
    @Order(2)
    void overHttpWhatTheLedgerWouldRefuseIsAnswered400AndNeverWritten() throws Exception {
        String hostileKey = "hostile-http-" + run;
        for (Map.Entry<String, String> hostile : unstorableByTheLedger(hostileKey).entrySet()) {
            // When a tool posts it
            HttpResponse<String> answer = post(hostile.getValue());

            // Then it is refused with a reason a person can act on, as JSON
            assertThat(answer.statusCode()).as(hostile.getKey()).isEqualTo(400);
            JsonNode rejected = JSON.readTree(answer.body()).at("/rejected/0");
            assertThat(rejected.get("reason").asString()).as(hostile.getKey()).isEqualTo("impossible_value");
            assertThat(rejected.get("error").asString()).as(hostile.getKey()).isNotBlank();
        }
        // And a failing check posted after them is judged as ever
        String victim = "victim-http-" + run;
        assertThat(post(event(victim + "-erp", "/oms/checks", "2025-11-15T22:06:00Z", check(victim, false)))
                .statusCode()).isEqualTo(202);
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(250)).until(() -> firingConnectivity(victim));
        assertThat(ledgerRows(hostileKey)).isZero();
    }

    @Test
    @Order(3)
    void whatTheDatabaseStillRefusesForItsDataIsDeadLetteredAsUnstorableAndThePartitionGoesOn() throws Exception {
        // Given a ledger that refuses what the parser accepts (a narrower column than the parser's limit, as a
        // database with other limits would)
        jdbc.sql("ALTER TABLE ledger_event ALTER COLUMN source TYPE VARCHAR(40)").update();
        try {
            Kcat kcat = new Kcat(broker.getBrokersAsString());
            String tool = Kcat.keyOnPartition("unstorable-" + run, PARTITION, 3);
            String victim = Kcat.keyOnPartition("victim-db-" + run, PARTITION, 3);
            long producedAt = System.nanoTime();

            // When a batch holds a valid event, the event the database refuses, and a failing check behind them
            kcat.produce("migration.telemetry", tool, List.of(), List.of(
                    event(tool + "-before", "/t", "2025-11-15T22:04:00Z", check(tool, true)),
                    event(tool + "-long-source", "/" + "s".repeat(100), "2025-11-15T22:05:00Z", check(tool, true))));
            kcat.produce("migration.telemetry", victim, List.of(), List.of(
                    event(victim + "-erp", "/oms/checks", "2025-11-15T22:06:00Z", check(victim, false))));

            // Then the check behind it raises its CRITICAL alert within seconds
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> firingConnectivity(victim));
            assertThat(Duration.ofNanos(System.nanoTime() - producedAt)).isLessThan(WITHIN);
            // And the refused event is dead-lettered as unstorable with the database's own words, no stack trace
            List<ConsumerRecord<String, byte[]>> dead = DeadLetters.read(broker.getBrokersAsString(), tool::equals, 1);
            assertThat(dead).hasSize(1);
            assertThat(DeadLetters.header(dead.get(0), DeadLetterConfiguration.REASON_HEADER)).isEqualTo("unstorable");
            assertThat(DeadLetters.header(dead.get(0), DeadLetterConfiguration.MESSAGE_HEADER))
                    .contains(tool + "-long-source").contains("SQLState 22001").contains("character varying(40)");
            assertThat(dead.get(0).headers().lastHeader("kafka_dlt-exception-stacktrace")).isNull();
            assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).contains(tool + "-long-source");
            // And the valid event of the same batch is stored, the refused one is not, and the metric counts it
            assertThat(ledgerRows(tool)).isEqualTo(1);
            assertThat(get("/actuator/prometheus"))
                    .containsPattern("migration_events_rejected_total\\{[^}]*reason=\"unstorable\"[^}]*} 1");
        } finally {
            jdbc.sql("ALTER TABLE ledger_event ALTER COLUMN source TYPE VARCHAR(512)").update();
        }
    }

    private boolean firingConnectivity(String migration) {
        return AlertsTopic.alertsOf(broker.getBrokersAsString(), migration).stream().map(a -> a.get("data"))
                .anyMatch(d -> d.get("rule").asString().equals("connectivity")
                        && d.get("state").asString().equals("FIRING")
                        && d.get("severity").asString().equals("CRITICAL"));
    }

    private long ledgerRows(String migration) {
        return jdbc.sql("SELECT count(*) FROM ledger_event WHERE migration_id LIKE ?").param(migration + "%")
                .query(Long.class).single();
    }

    private static String event(String id, String source, String time, String data) {
        String type = data.contains("\"check\"") ? "migration.check.v1"
                : data.contains("\"component\"") ? "migration.throughput.v1" : "migration.reconciliation.v1";
        return ("{\"specversion\":\"1.0\",\"id\":\"%s\",\"source\":\"%s\",\"type\":\"%s\",\"time\":\"%s\","
                + "\"data\":%s}").formatted(id, source, type, time, data);
    }

    private static String check(String migration, boolean passed) {
        return "{\"migrationId\":\"" + migration + "\",\"check\":\"erp-api\",\"kind\":\"CONNECTIVITY\",\"passed\":"
                + passed + "}";
    }

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events"))
                .header("Content-Type", "application/cloudevents+json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("oms-tools:" + TOOL_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
