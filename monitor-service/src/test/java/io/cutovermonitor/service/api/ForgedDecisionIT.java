package io.cutovermonitor.service.api;

import io.cutovermonitor.service.decisions.DecisionSeal;
import io.cutovermonitor.service.decisions.DecisionSigningProperties;
import io.cutovermonitor.service.support.DeadLetters;
import io.cutovermonitor.service.support.DropSchemaAfterTheService;
import io.cutovermonitor.service.support.Kcat;
import io.cutovermonitor.service.support.PostgresSchema;
import io.cutovermonitor.service.support.TestDecisionKey;
import io.cutovermonitor.validators.event.EventParser;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Only the decision API answers a rollback trigger (issue 12): a GO posted to {@code POST /api/events} by a
 * migration tool's account or by an operator is refused with 403, and one produced straight to the topic (unsealed,
 * sealed under another key, or changed after it was sealed) is dead-lettered as {@code unsigned_decision}; the
 * trigger stays open until the lead decides through the decision API, whose decision names the signed-in account.
 */
@Import(DropSchemaAfterTheService.class)
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "monitor.security.users[0].name=lead",
        "monitor.security.users[0].password={noop}" + ForgedDecisionIT.LEAD_PASSWORD,
        "monitor.security.users[0].roles=OPERATOR",
        "monitor.security.users[1].name=oms-tools",
        "monitor.security.users[1].password={noop}" + ForgedDecisionIT.TOOLS_PASSWORD,
        "monitor.security.users[1].roles=INGEST"})
@EmbeddedKafka(partitions = 3, topics = {"migration.telemetry", "migration.telemetry.dlt", "migration.alerts"},
        bootstrapServersProperty = "cutover.test.kafka")
class ForgedDecisionIT {

    static final String LEAD_PASSWORD = "lead-secret";
    static final String TOOLS_PASSWORD = "tools-secret";
    private static final PostgresSchema SCHEMA = new PostgresSchema("forged_it");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LEAD = "Taro Tanaka (Migration Lead)";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
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
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void aDecisionFromAnywhereButTheDecisionApiAnswersNothing() throws Exception {
        // Given a live cutover whose FINAL sync completed and whose order-receipt check then failed: a ROLLBACK trigger
        Kcat kcat = new Kcat(broker.getBrokersAsString());
        kcat.produce("migration.telemetry", migration, List.of(), List.of(
                event("e1", now.minus(Duration.ofMinutes(20)), "migration.phase.v1",
                        "\"phase\":\"CUTOVER\",\"status\":\"STARTED\""),
                event("e2", now.minus(Duration.ofMinutes(10)), "migration.sync.v1",
                        "\"scope\":\"oms\",\"mode\":\"FINAL\",\"recordsSynced\":10,\"state\":\"COMPLETED\""),
                event("e3", now.minus(Duration.ofMinutes(1)), "migration.check.v1",
                        "\"check\":\"order-receipt\",\"kind\":\"FUNCTION\",\"passed\":false")));
        awaitStatus(s -> assertThat(firingRules(s)).contains("core-function-failure"));
        String go = event("forged-go", now, "migration.decision.v1", "\"decision\":\"GO\",\"by\":\"" + LEAD
                + "\",\"reason\":\"looks fine\",\"rule\":\"core-function-failure\"");

        // When a migration tool's account, and then an operator, post a GO to the events endpoint
        for (String account : List.of("oms-tools:" + TOOLS_PASSWORD, "lead:" + LEAD_PASSWORD)) {
            HttpResponse<String> refused = post("/api/events", "application/cloudevents+json", go, account);

            // Then it is refused whatever the role, with the reason, and nothing is written
            assertThat(refused.statusCode()).as(account).isEqualTo(403);
            JsonNode rejected = JSON.readTree(refused.body()).at("/rejected/0");
            assertThat(rejected.get("reason").asString()).isEqualTo("unsigned_decision");
            assertThat(rejected.get("error").asString()).contains("POST /api/migrations/{id}/decisions");
        }

        // When a producer writes decisions straight to the topic: unsealed, sealed under another key, and sealed
        // but changed afterwards to name someone else
        DecisionSeal otherKey = new DecisionSeal(new DecisionSigningProperties(
                Base64.getEncoder().encodeToString(new byte[32]), null, List.of(), false), new EventParser(), JsonMapper.builder().build());
        String alteredAfterSealing = TestDecisionKey.sealed(go.replace("forged-go", "altered-go"))
                .replace(LEAD, "Dept. Manager Sato (IT Infra)");
        kcat.produce("migration.telemetry", migration, List.of(), List.of(go,
                new String(otherKey.sealIfDecision(go.replace("forged-go", "other-key-go")
                        .getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8),
                alteredAfterSealing));

        // Then each is dead-lettered as unsigned_decision, saying why
        List<ConsumerRecord<String, byte[]>> dead = DeadLetters.read(broker.getBrokersAsString(), migration::equals, 3);
        assertThat(dead).hasSize(3).allSatisfy(r -> assertThat(DeadLetters.header(r, "cutover-rejection-reason"))
                .isEqualTo("unsigned_decision"));
        assertThat(dead.stream().map(r -> DeadLetters.header(r, "cutover-rejection"))).satisfiesExactly(
                m -> assertThat(m).contains("has no decisionseal"),
                m -> assertThat(m).contains("names no key this monitor knows"),
                m -> assertThat(m).contains("does not match the event"));
        // And the trigger is still open, with no decision on record
        JsonNode still = awaitStatus(s -> assertThat(firingRules(s)).contains("core-function-failure"));
        assertThat(still.get("decisions").isEmpty()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_event WHERE migration_id = ? AND event_type = ?")
                .params(migration, "migration.decision.v1").query(Long.class).single()).isZero();
        assertThat(get("/actuator/prometheus"))
                .containsPattern("migration_events_rejected_total\\{[^}]*reason=\"unsigned_decision\"[^}]*} 3");

        // When the lead records the same GO through the decision API
        HttpResponse<String> decided = post("/api/migrations/" + migration + "/decisions", "application/json",
                "{\"decision\":\"GO\",\"by\":\"" + LEAD + "\",\"reason\":\"retried and passed\","
                        + "\"rule\":\"core-function-failure\"}", "lead:" + LEAD_PASSWORD);
        assertThat(decided.statusCode()).isEqualTo(202);

        // Then it answers the trigger, and the decision names both the person's words and the signed-in account
        JsonNode after = awaitStatus(s -> assertThat(firingRules(s)).doesNotContain("core-function-failure"));
        JsonNode decision = after.get("decisions").get(0);
        assertThat(decision.get("by").asString()).isEqualTo(LEAD);
        assertThat(decision.get("account").asString()).isEqualTo("lead");
        assertThat(jdbc.sql("SELECT body FROM ledger_event WHERE migration_id = ? AND event_type = ?")
                .params(migration, "migration.decision.v1").query(String.class).single())
                .contains("\"decisionseal\":\"").contains("\"account\":\"lead\"");
    }

    private String event(String id, Instant time, String type, String fields) {
        return ("{\"specversion\":\"1.0\",\"id\":\"%s-%s\",\"source\":\"/oms/forged-it\",\"type\":\"%s\","
                + "\"time\":\"%s\",\"data\":{\"migrationId\":\"%s\",%s}}")
                .formatted(migration, id, type, time, migration, fields);
    }

    private static List<String> firingRules(JsonNode status) {
        return status.get("firing").valueStream().map(f -> f.get("rule").asString()).toList();
    }

    private JsonNode awaitStatus(java.util.function.Consumer<JsonNode> condition) {
        JsonNode[] seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .untilAsserted(() -> {
                    seen[0] = JSON.readTree(get("/api/migrations/" + migration));
                    condition.accept(seen[0]);
                });
        return seen[0];
    }

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpResponse<String> post(String path, String contentType, String body, String credentials)
            throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        credentials.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
