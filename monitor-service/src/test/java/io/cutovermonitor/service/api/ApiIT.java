package io.cutovermonitor.service.api;

import io.cutovermonitor.service.support.AlertsTopic;
import io.cutovermonitor.service.support.Kcat;
import io.cutovermonitor.service.support.DropSchemaAfterTheService;
import io.cutovermonitor.service.support.PostgresSchema;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The REST API against real parts: events come in through kcat, the status is read over HTTP, decisions go out
 * to the real broker and come back through the consumer; the ledger is on the real PostgreSQL.
 */
@Import(DropSchemaAfterTheService.class)
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3,
        topics = {"migration.telemetry", "migration.telemetry.dlt", "migration.alerts"},
        bootstrapServersProperty = "cutover.test.kafka") // never leak spring.kafka.bootstrap-servers to other tests
class ApiIT {

    static final String LEAD_PASSWORD = "lead-secret";
    static final String TOOLS_PASSWORD = "tools-secret";
    private static final PostgresSchema SCHEMA = new PostgresSchema("api_it");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", SCHEMA::url);
        registry.add("spring.datasource.username", () -> PostgresSchema.USER);
        registry.add("spring.flyway.schemas", SCHEMA::name);
        registry.add("spring.kafka.bootstrap-servers", () -> System.getProperty("cutover.test.kafka"));
        // a person running the cutover, and a migration tool's account (a list binds from one property source)
        registry.add("monitor.security.users[0].name", () -> "lead");
        registry.add("monitor.security.users[0].password", () -> "{noop}" + LEAD_PASSWORD);
        registry.add("monitor.security.users[0].roles", () -> "OPERATOR");
        registry.add("monitor.security.users[1].name", () -> "oms-tools");
        registry.add("monitor.security.users[1].password",
                () -> "{bcrypt}" + new BCryptPasswordEncoder().encode(TOOLS_PASSWORD));
        registry.add("monitor.security.users[1].roles", () -> "INGEST");
    }


    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    JdbcClient jdbc;
    @LocalServerPort
    int port;

    private final String migration = "oms-" + UUID.randomUUID().toString().substring(0, 8);
    private int sequence;

    // ---------------------------------------------------------------------------------------------------------
    // reading

    @Test
    void theStatusShowsAMismatchAfterTheFinalSyncAndTheListSummarisesIt() throws Exception {
        // Given a cutover that started, a FINAL sync that completed, and a reconciliation that disagrees
        feed(phase("2025-11-15T22:00:00Z", "CUTOVER", "STARTED"),
                finalSync("2025-11-15T23:00:00Z"),
                event("2025-11-15T23:10:00Z", "migration.reconciliation.v1", "\"runId\":\"r1\",\"table\":\"orders\","
                        + "\"source\":{\"rowCount\":1000},\"target\":{\"rowCount\":998}"));

        // When the migration lead reads its status
        JsonNode status = awaitStatus(s -> assertThat(rules(s.get("firing"))).contains("integrity-mismatch"));

        // Then it shows the phase, the mismatching table, the rule firing and the default plan
        assertThat(status.get("id").asString()).isEqualTo(migration);
        assertThat(status.get("phase").asString()).isEqualTo("CUTOVER");
        assertThat(status.get("phaseStatus").asString()).isEqualTo("STARTED");
        assertThat(status.get("eventTime").asString()).isEqualTo("2025-11-15T23:10:00Z");
        assertThat(status.at("/cutover/startedAt").asString()).isEqualTo("2025-11-15T22:00:00Z");
        assertThat(status.at("/cutover/limit").asString()).isEqualTo("PT6H");
        assertThat(status.at("/cutover/maintenanceWindow").asString()).isEqualTo("PT8H");
        assertThat(Duration.parse(status.at("/cutover/elapsed").asString())).isPositive();
        assertThat(status.at("/integrity/tables/orders/mismatched").asInt()).isEqualTo(1);
        assertThat(status.at("/integrity/tables/orders/chunks").size()).as("each chunk, by default").isEqualTo(1);
        JsonNode counts = JSON.readTree(get("/api/migrations/" + migration + "?chunks=false").body());
        assertThat(counts.at("/integrity/tables/orders/mismatched").asInt()).as("what a screen refreshes by").isEqualTo(1);
        assertThat(counts.at("/integrity/tables/orders/chunks").isEmpty()).isTrue();
        JsonNode mismatch = firing(status, "integrity-mismatch");
        assertThat(mismatch.get("severity").asString()).isEqualTo("CRITICAL");
        assertThat(mismatch.get("since").asString()).isEqualTo("2025-11-15T23:10:00Z");
        assertThat(status.at("/plan/defaultPlan").asBoolean()).isTrue();
        assertThat(status.at("/plan/cutover/maxDuration").asString()).isEqualTo("PT6H");
        assertThat(status.at("/plan/rollback/core-function-failure/decisionMaker").asString())
                .isEqualTo("IT Infrastructure Department Manager");
        assertThat(status.get("decisions").isEmpty()).isTrue();
        assertThat(status.get("report").asString()).isEqualTo("/api/migrations/" + migration + "/report");

        // And the list has one line for it with the worst severity
        HttpResponse<String> list = get("/api/migrations");
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode line = null;
        for (JsonNode m : JSON.readTree(list.body()).get("migrations")) {
            if (m.get("id").asString().equals(migration)) {
                line = m;
            }
        }
        assertThat(line).as("the migration is listed").isNotNull();
        assertThat(line.get("phase").asString()).isEqualTo("CUTOVER");
        assertThat(line.get("phaseStatus").asString()).isEqualTo("STARTED");
        assertThat(line.get("severity").asString()).isEqualTo("CRITICAL");
        assertThat(rules(line.get("firing"))).containsExactly("integrity-mismatch");
        assertThat(line.get("lastEventTime").asString()).isEqualTo("2025-11-15T23:10:00Z");
        assertThat(line.get("plan").asString()).isEqualTo("default (OMS cloud migration)");
        assertThat(line.get("defaultPlan").asBoolean()).isTrue();
        assertThat(line.get("status").asString()).isEqualTo("/api/migrations/" + migration);
        assertThat(line.get("integrityErrors").asInt()).as("as the status counts them")
                .isEqualTo(status.at("/integrity/errors").asInt());
        assertThat(line.get("integrityErrorsThreshold").asInt()).isEqualTo(3);
        assertThat(line.get("cutoverStartedAt").asString()).isEqualTo("2025-11-15T22:00:00Z");
        assertThat(line.get("maintenanceWindow").asString()).isEqualTo("PT8H");
        assertThat(line.get("report").asString()).isEqualTo("/api/migrations/" + migration + "/report");
    }

    @Test
    void anUnknownMigrationIsA404WithAReason() throws Exception {
        HttpResponse<String> response = get("/api/migrations/no-such-migration");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).get("error").asString()).contains("no migration no-such-migration");
    }

    // ---------------------------------------------------------------------------------------------------------
    // plans

    @Test
    void aPlanWithAnErrorIsRefusedWithTheLineOfTheProblem() throws Exception {
        // Given a plan whose threshold is not a positive number, on line 4
        String plan = """
                migration: oms-wave-2
                integrity:
                  errors:
                    threshold: -3
                """;

        // When it is put
        HttpResponse<String> response = send("PUT", "/api/migrations/" + migration + "/plan", "application/yaml",
                plan, "lead", LEAD_PASSWORD);

        // Then it is refused, naming the line; the migration keeps the default plan
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("line").asInt()).isEqualTo(4);
        assertThat(error.get("error").asString()).contains("line 4").contains("threshold");
        assertThat(get("/api/migrations/" + migration).statusCode()).as("still no plan of its own").isEqualTo(404);
    }

    @Test
    void aValidPlanGovernsTheMigrationAndShowsInItsStatus() throws Exception {
        // Given a migration with events, running under the default plan
        feed(phase("2025-11-15T22:00:00Z", "CUTOVER", "STARTED"));
        awaitStatus(s -> assertThat(s.at("/plan/defaultPlan").asBoolean()).isTrue());

        // When the lead puts a plan of its own (YAML)
        HttpResponse<String> put = send("PUT", "/api/migrations/" + migration + "/plan", "text/yaml", """
                migration: oms-wave-2
                cutover:
                  maxDuration: PT4H
                rollback:
                  core-function-failure:
                    decisionMaker: Head of Operations
                    respondWithin: PT1H
                    steps: [call the bridge, roll back]
                """, "lead", LEAD_PASSWORD);

        // Then the answer is the plan as JSON, and the status shows it in place of the default
        assertThat(put.statusCode()).isEqualTo(200);
        JsonNode plan = JSON.readTree(put.body());
        assertThat(plan.get("name").asString()).isEqualTo("oms-wave-2");
        assertThat(plan.get("defaultPlan").asBoolean()).isFalse();
        assertThat(plan.at("/cutover/maxDuration").asString()).isEqualTo("PT4H");
        assertThat(plan.at("/rollback/core-function-failure/respondWithin").asString()).isEqualTo("PT1H");
        assertThat(plan.at("/integrity/errorsThreshold").asInt()).as("left out: the OMS default").isEqualTo(3);

        JsonNode status = JSON.readTree(get("/api/migrations/" + migration).body());
        assertThat(status.at("/plan/name").asString()).isEqualTo("oms-wave-2");
        assertThat(status.at("/plan/defaultPlan").asBoolean()).isFalse();
        assertThat(status.at("/cutover/limit").asString()).isEqualTo("PT4H");

        // And the same plan as JSON is accepted too
        HttpResponse<String> json = send("PUT", "/api/migrations/" + migration + "/plan", "application/json",
                "{\"migration\":\"oms-wave-2b\",\"cutover\":{\"maxDuration\":\"PT5H\"}}", "lead", LEAD_PASSWORD);
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(get("/api/migrations/" + migration).body()).at("/plan/name").asString())
                .isEqualTo("oms-wave-2b");

        // And both plans are kept as its versions, with who put them and their digests
        JsonNode versions = JSON.readTree(get("/api/migrations/" + migration + "/plan/versions").body()).get("versions");
        assertThat(versions).hasSize(2);
        assertThat(versions).extracting(v -> v.get("version").asInt() + " " + v.get("putBy").asString())
                .containsExactly("1 lead", "2 lead");
        assertThat(versions.get(1).get("text").asString()).contains("oms-wave-2b");
        assertThat(versions.get(1).get("sha256").asString()).matches("[0-9a-f]{64}")
                .isNotEqualTo(versions.get(0).get("sha256").asString());
    }

    @Test
    void textFromToolsReachesTheDatabaseOnlyAsValues() throws Exception {
        // Given a tool whose migration id and table name carry SQL (a semicolon is not in the migration id grammar)
        String hostile = "oms' OR '1'='1' -- DROP TABLE ledger_event " + migration;
        String table = "orders\\\"); DELETE FROM alert; --";
        new Kcat(broker.getBrokersAsString()).produce("migration.telemetry", migration,
                List.of("content-type=application/cloudevents+json"), List.of(("""
                        {"specversion":"1.0","id":"%s-sql","source":"/oms/api-it","type":"migration.reconciliation.v1",\
                        "time":"2025-11-15T23:10:00Z","data":{"migrationId":"%s","runId":"r1","table":"%s",\
                        "source":{"rowCount":5},"target":{"rowCount":5}}}""").formatted(migration, hostile, table)));

        // When the service has applied it
        // Then the migration is listed under exactly that id, with exactly that table, and the ledger is whole
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String> ids = new java.util.ArrayList<>();
            JSON.readTree(get("/api/migrations").body()).get("migrations").forEach(m -> ids.add(m.get("id").asString()));
            assertThat(ids).contains(hostile);
        });
        assertThat(jdbc.sql("SELECT count(*) FROM ledger_event WHERE migration_id = ?").param(hostile)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT body FROM ledger_event WHERE migration_id = ?").param(hostile)
                .query(String.class).single()).contains("DELETE FROM alert");
    }

    // ---------------------------------------------------------------------------------------------------------
    // decisions

    @Test
    void theTimeLeftOfAReplayedTriggerIsCountedFromItsOwnClockInTheStatusAndInTheMetricsAlike() throws Exception {
        // Given a cutover of two days ago replayed (not live): its order-receipt check failed 30 min before its
        // newest event
        Instant then = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        feed(phase(then.toString(), "CUTOVER", "STARTED"), finalSync(then.plus(Duration.ofMinutes(10)).toString()),
                event(then.plus(Duration.ofMinutes(20)).toString(), "migration.check.v1",
                        "\"check\":\"order-receipt\",\"kind\":\"FUNCTION\",\"passed\":false"),
                event(then.plus(Duration.ofMinutes(50)).toString(), "migration.check.v1",
                        "\"check\":\"erp-api\",\"kind\":\"CONNECTIVITY\",\"passed\":true"));

        // Then the status counts the time left from the replay's clock (its newest event), not the wall clock
        JsonNode status = awaitStatus(s -> assertThat(s.get("rollbackTriggers").size()).isEqualTo(1));
        JsonNode trigger = status.get("rollbackTriggers").get(0);
        assertThat(trigger.get("asOf").asString()).isEqualTo(then.plus(Duration.ofMinutes(50)).toString());
        assertThat(trigger.get("timeLeft").asString()).isEqualTo("PT3H30M");

        // And the dashboards' query (deadline minus the migration's clock) gives the same time left
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String scrape = get("/actuator/prometheus").body();
            double deadline = gauge(scrape, "migration_rollback_deadline_timestamp_seconds",
                    "rule=\"core-function-failure\"");
            double clock = gauge(scrape, "migration_clock_timestamp_seconds", null);
            assertThat(deadline - clock).isEqualTo(Duration.parse("PT3H30M").toSeconds());
        });
    }

    /** The value of this migration's series of {@code name} (with {@code label} among its labels, if given). */
    private double gauge(String scrape, String name, String label) {
        return scrape.lines().filter(l -> l.startsWith(name + "{") && l.contains("migration=\"" + migration + "\"")
                        && (label == null || l.contains(label)))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " of " + migration));
    }

    @Test
    void aGoDecisionNamingTheCoreFunctionTriggerAnswersIt() throws Exception {
        // Given a live cutover whose FINAL sync completed and whose order-receipt check then failed
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        feed(phase(now.minus(Duration.ofMinutes(20)).toString(), "CUTOVER", "STARTED"),
                finalSync(now.minus(Duration.ofMinutes(10)).toString()),
                event(now.minus(Duration.ofMinutes(1)).toString(), "migration.check.v1",
                        "\"check\":\"order-receipt\",\"kind\":\"FUNCTION\",\"passed\":false"));

        // Then the status shows the rollback trigger: who decides, by when, the time left and the procedure
        JsonNode before = awaitStatus(s -> assertThat(rules(s.get("firing"))).contains("core-function-failure"));
        assertThat(firing(before, "core-function-failure").get("action").asString()).isEqualTo("ROLLBACK");
        JsonNode trigger = before.get("rollbackTriggers").get(0);
        assertThat(trigger.get("rule").asString()).isEqualTo("core-function-failure");
        assertThat(trigger.get("firing").asBoolean()).isTrue();
        assertThat(trigger.get("decisionMaker").asString()).isEqualTo("IT Infrastructure Department Manager");
        assertThat(trigger.get("respondWithin").asString()).isEqualTo("PT4H");
        assertThat(Instant.parse(trigger.get("deadline").asString()))
                .isEqualTo(now.minus(Duration.ofMinutes(1)).plus(Duration.ofHours(4)));
        assertThat(Duration.parse(trigger.get("timeLeft").asString()))
                .isBetween(Duration.ofHours(3).plusMinutes(50), Duration.ofHours(4));
        assertThat(rules(trigger.get("steps"))).containsExactly("notify stakeholders",
                "roll back to the legacy environment", "root-cause analysis and re-migration on the next business day");

        // When the lead records GO naming the trigger (without saying who: the signed-in user is recorded)
        HttpResponse<String> decided = send("POST", "/api/migrations/" + migration + "/decisions",
                "application/json", "{\"decision\":\"GO\",\"reason\":\"order-receipt failed on a test client; "
                        + "retried and passed\",\"rule\":\"core-function-failure\"}", "lead", LEAD_PASSWORD);

        // Then it is accepted with the event's id and time
        assertThat(decided.statusCode()).isEqualTo(202);
        JsonNode answer = JSON.readTree(decided.body());
        String decisionId = answer.get("id").asString();
        assertThat(UUID.fromString(decisionId)).isNotNull();
        assertThat(Instant.parse(answer.get("time").asString())).isBetween(now, Instant.now());
        assertThat(answer.get("by").asString()).isEqualTo("lead");

        // And, through the topic, the ledger and the rules: the trigger resolves and the decision is on record
        JsonNode after = awaitStatus(s -> {
            assertThat(rules(s.get("firing"))).doesNotContain("core-function-failure");
            assertThat(s.get("decisions").size()).isEqualTo(1);
        });
        assertThat(after.get("rollbackTriggers").isEmpty()).as("answered").isTrue();
        JsonNode decision = after.get("decisions").get(0);
        assertThat(decision.get("id").asString()).isEqualTo(decisionId);
        assertThat(decision.get("source").asString()).isEqualTo("/cutover-monitor/api/decisions");
        assertThat(decision.get("time").asString()).isEqualTo(answer.get("time").asString());
        assertThat(decision.get("decision").asString()).isEqualTo("GO");
        assertThat(decision.get("by").asString()).isEqualTo("lead");
        assertThat(decision.get("reason").asString()).startsWith("order-receipt failed on a test client");
        assertThat(decision.get("rule").asString()).isEqualTo("core-function-failure");

        // And the alerts topic carries the RESOLVED
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(alerts())
                .anyMatch(a -> a.at("/data/rule").asString().equals("core-function-failure")
                        && a.at("/data/state").asString().equals("RESOLVED")));
    }

    @Test
    void anInvalidDecisionIsRefusedWithEveryReason() throws Exception {
        feed(phase("2025-11-15T22:00:00Z", "CUTOVER", "STARTED"));
        awaitStatus(s -> assertThat(s.get("phase").asString()).isEqualTo("CUTOVER"));

        HttpResponse<String> response = send("POST", "/api/migrations/" + migration + "/decisions",
                "application/json", "{\"decision\":\"MAYBE\",\"rule\":\"coffee-break\"}", "lead", LEAD_PASSWORD);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("decision: must be one of GO, NO_GO, ROLLBACK")
                .contains("reason: is required").contains("rule: unknown rule coffee-break");
        assertThat(send("POST", "/api/migrations/no-such-migration/decisions", "application/json",
                "{\"decision\":\"GO\",\"reason\":\"fine\"}", "lead", LEAD_PASSWORD).statusCode()).isEqualTo(404);
    }

    // ---------------------------------------------------------------------------------------------------------
    // security

    @Test
    void everyWriteNeedsCredentials() throws Exception {
        String decision = "{\"decision\":\"GO\",\"reason\":\"fine\"}";
        String event = phase("2025-11-15T22:00:00Z", "CUTOVER", "STARTED");

        for (HttpResponse<String> refused : List.of(
                send("POST", "/api/events", "application/cloudevents+json", event, null, null),
                send("PUT", "/api/migrations/" + migration + "/plan", "application/yaml", "migration: x\n", null, null),
                send("POST", "/api/migrations/" + migration + "/decisions", "application/json", decision, null, null),
                send("DELETE", "/api/migrations/" + migration, "application/json", "", null, null),
                send("POST", "/api/events", "application/cloudevents+json", event, "lead", "wrong password"))) {
            assertThat(refused.statusCode()).as(refused.request().method() + " " + refused.uri()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
            assertThat(refused.body()).doesNotContain("trace").doesNotContain("at io.cutovermonitor");
        }
        assertThat(get("/api/migrations/" + migration).statusCode()).as("nothing was written").isEqualTo(404);
    }

    @Test
    void anIngestAccountMayPostEventsButNotPlansOrDecisions() throws Exception {
        String event = phase("2025-11-15T22:00:00Z", "CUTOVER", "STARTED");

        HttpResponse<String> posted = send("POST", "/api/events", "application/cloudevents+json", event,
                "oms-tools", TOOLS_PASSWORD);
        awaitStatus(s -> assertThat(s.get("phase").asString()).isEqualTo("CUTOVER"));
        HttpResponse<String> plan = send("PUT", "/api/migrations/" + migration + "/plan", "application/yaml",
                "migration: x\n", "oms-tools", TOOLS_PASSWORD);
        HttpResponse<String> decision = send("POST", "/api/migrations/" + migration + "/decisions",
                "application/json", "{\"decision\":\"GO\",\"reason\":\"fine\"}", "oms-tools", TOOLS_PASSWORD);

        assertThat(posted.statusCode()).isEqualTo(202);
        assertThat(plan.statusCode()).isEqualTo(403);
        assertThat(decision.statusCode()).isEqualTo(403);
        assertThat(decision.body()).doesNotContain("trace");
        assertThat(JSON.readTree(get("/api/migrations/" + migration).body()).get("decisions").isEmpty()).isTrue();

        // an operator may post events too
        assertThat(send("POST", "/api/events", "application/cloudevents+json",
                phase("2025-11-15T22:05:00Z", "CUTOVER", "STARTED"), "lead", LEAD_PASSWORD).statusCode())
                .isEqualTo(202);
    }

    @Test
    void aRequestOverTheSizeLimitIsRefusedWith413AndNothingOfItReachesKafka() throws Exception {
        // Given a batch of valid events, each under the 1 MiB record limit, together over the 16 MiB request limit
        String detail = "x".repeat(1_000_000);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            events.add(event("2025-11-15T22:00:00Z", "migration.check.v1",
                    "\"check\":\"erp-api\",\"kind\":\"CONNECTIVITY\",\"passed\":true,\"detail\":\"" + detail + "\""));
        }
        String batch = "[" + String.join(",", events) + "]";
        assertThat(batch.length()).isGreaterThan(EventsController.MAX_REQUEST_BYTES);

        // When it is posted
        HttpResponse<String> tooLarge = send("POST", "/api/events", "application/cloudevents-batch+json", batch,
                "oms-tools", TOOLS_PASSWORD);
        // and when a client declares an 8 GiB body and waits to be let in (Expect: 100-continue) before sending it
        String declared;
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(30_000);
            client.getOutputStream().write(("POST /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/cloudevents-batch+json\r\nAuthorization: " + basic("oms-tools", TOOLS_PASSWORD)
                    + "\r\nContent-Length: " + (8L << 30) + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            declared = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        // Then both are refused with 413 and a reason a person can act on, the second before it sent a byte
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(tooLarge.body()).get("error").asString())
                .isEqualTo("the request is over the limit of 16 MiB (16777216 bytes); nothing of it was written, send"
                        + " fewer events per request");
        assertThat(declared).startsWith("HTTP/1.1 413").contains("over the limit of 16 MiB");
        // And nothing of them reached Kafka: a small event posted after them is the migration's only record
        assertThat(send("POST", "/api/events", "application/cloudevents+json",
                phase("2025-11-15T22:00:00Z", "CUTOVER", "STARTED"), "oms-tools", TOOLS_PASSWORD).statusCode())
                .isEqualTo(202);
        assertThat(new Kcat(broker.getBrokersAsString()).consumeAll("migration.telemetry"))
                .filteredOn(record -> record.contains("\"key\":\"" + migration + "\""))
                .singleElement().asString().contains("migration.phase.v1");
    }

    @Test
    void errorBodiesSayWhatIsWrongButNeverShowTheCodeBehindIt() throws Exception {
        // Given requests a client gets wrong in the usual ways
        List<HttpResponse<String>> answers = List.of(
                send("POST", "/api/events", "application/cloudevents+json", "{\"specversion\":\"1.0\",", "lead", LEAD_PASSWORD),
                send("POST", "/api/events", "text/plain", phase("2025-11-15T22:00:00Z", "CUTOVER", "STARTED"), "lead",
                        LEAD_PASSWORD),
                get("/api/migrations/no-such-migration"),
                send("POST", "/api/migrations/" + migration + "/decisions", "application/json", "{\"decision\":",
                        "lead", LEAD_PASSWORD),
                send("PUT", "/api/migrations/" + migration + "/plan", "application/json", "{\"cutover\": {\"maxDuration\": [}",
                        "lead", LEAD_PASSWORD),
                send("DELETE", "/api/events", "application/json", "", "lead", LEAD_PASSWORD),
                get("/api/no-such-endpoint"));

        // Then each gets its status, and a body with no stack trace, exception or class name in it
        assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(400, 415, 404, 400, 400, 405, 404);
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.body()).as(answer.request().method() + " " + answer.uri())
                    .doesNotContain("trace").doesNotContainIgnoringCase("exception").doesNotContain("\tat ")
                    .doesNotContain("io.cutovermonitor").doesNotContain("org.springframework").doesNotContain("tools.jackson")
                    .doesNotContain("java.");
        }
    }

    @Test
    void readsAreOpenAndOnlyHealthInfoAndPrometheusAreExposed() throws Exception {
        assertThat(get("/api/migrations").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/info").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(200);

        assertThat(get("/actuator/env").statusCode()).isEqualTo(404);
        assertThat(get("/actuator/beans").statusCode()).isEqualTo(404);
        assertThat(get("/actuator/env").body()).doesNotContain("trace");
    }

    @Test
    void whatTomcatRefusesBeforeTheServiceSeesItIsAnsweredInJson() throws Exception {
        // Given migration ids a client may send that Tomcat refuses before any code of the service runs: an encoded
        // "/" or "\", a NUL; an invalid escape, a raw "\", a raw control character, a request line that is not
        // HTTP, a request without Host (these through a socket: Java's HTTP client sends none of them)
        List<String> encoded = List.of("/api/migrations/oms%2Fwave-2", "/api/migrations/oms%5Cwave-2",
                "/api/migrations/oms%00wave-2");
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (String path : encoded) {
            answers.add(get(path));
        }
        List<String> raw = List.of(
                "GET /api/migrations/oms%zzwave-2 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                "GET /api/migrations/oms\\wave-2 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                "GET /api/migrations/oms\u0001wave-2 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                "NOT HTTP AT ALL\r\n\r\n",
                "GET /api/migrations HTTP/1.1\r\nConnection: close\r\n\r\n");

        // Then each is a 400 whose body is JSON of the server's error shape, naming the path where it could be read
        for (HttpResponse<String> answer : answers) {
            String what = answer.request().uri().getRawPath();
            assertThat(answer.statusCode()).as(what).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).as(what)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            JsonNode error = serverError(what, answer.body(), 400, "Bad Request");
            assertThat(error.get("path").asString()).as(what).isEqualTo(what);
        }
        for (String request : raw) {
            String answer = rawRequest(request);
            String what = request.lines().findFirst().orElseThrow();
            assertThat(answer).as(what).startsWith("HTTP/1.1 400 ");
            String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
            assertThat(head).as(what).containsIgnoringCase("Content-Type: application/json");
            serverError(what, answer.substring(head.length() + 4), 400, "Bad Request");
        }
    }

    @Test
    void theErrorPageIsJsonForEveryClientAndAskedForItselfIsA404() throws Exception {
        // Given a browser asking for what does not exist, someone asking for /error itself, and a report of an
        // unknown migration in each of its forms
        HttpResponse<String> browser = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/no-such-endpoint"))
                .header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8").build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> error = get("/error");
        HttpResponse<String> errorAsBrowser = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/error")).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> postedToError = send("POST", "/error", "application/json", "{}", null, null);

        // Then each is JSON with its status, and no page of Spring's or Tomcat's
        assertThat(browser.statusCode()).isEqualTo(404);
        assertThat(serverError("a browser's 404", browser.body(), 404, "Not Found").get("path").asString())
                .isEqualTo("/api/no-such-endpoint");
        assertThat(error.statusCode()).as("GET /error").isEqualTo(404);
        assertThat(serverError("GET /error", error.body(), 404, "Not Found").get("path").asString()).isEqualTo("/error");
        assertThat(errorAsBrowser.statusCode()).isEqualTo(404);
        serverError("GET /error as a browser", errorAsBrowser.body(), 404, "Not Found");
        assertThat(postedToError.statusCode()).as("POST /error: a write like any other").isEqualTo(401);
        serverError("POST /error", postedToError.body(), 401, "Unauthorized");
        for (HttpResponse<String> answer : List.of(browser, error, errorAsBrowser, postedToError)) {
            assertThat(answer.headers().firstValue("Content-Type")).as(answer.uri().toString())
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        }
        for (String report : List.of("/report", "/report.pdf", "/report.json")) {
            HttpResponse<String> answer = get("/api/migrations/no-such-migration" + report);
            assertThat(answer.statusCode()).as(report).isEqualTo(404);
            assertThat(answer.headers().firstValue("Content-Type")).as(report)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(JSON.readTree(answer.body()).get("error").asString()).as(report)
                    .contains("no migration no-such-migration");
        }
    }

    @Test
    void healthShowsItsDetailsOnlyToAnOperator() throws Exception {
        // When health is read by anyone, by a migration tool's account, and by the migration lead
        HttpResponse<String> anonymous = get("/actuator/health");
        HttpResponse<String> tool = send("GET", "/actuator/health", "application/json", "", "oms-tools", TOOLS_PASSWORD);
        HttpResponse<String> lead = send("GET", "/actuator/health", "application/json", "", "lead", LEAD_PASSWORD);
        HttpResponse<String> wrongPassword = send("GET", "/actuator/health", "application/json", "", "lead", "guess");

        // Then anyone learns that the service is UP, and nothing of the database, the disk or the working directory
        for (HttpResponse<String> answer : List.of(anonymous, tool)) {
            assertThat(answer.statusCode()).isEqualTo(200);
            JsonNode health = JSON.readTree(answer.body());
            assertThat(health.get("status").asString()).isEqualTo("UP");
            assertThat(health.has("components")).as(answer.body()).isFalse();
            assertThat(answer.body()).doesNotContain("diskSpace").doesNotContain("path").doesNotContain("details")
                    .doesNotContain("free").doesNotContain(System.getProperty("user.dir"));
        }
        assertThat(get("/actuator/health/diskSpace").statusCode()).as("nor by the component's own path").isEqualTo(404);
        // And the operator sees every component with its details
        assertThat(lead.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(lead.body());
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/db/status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/db/details/database").asString()).isEqualTo("PostgreSQL");
        assertThat(health.at("/components/diskSpace/details/path").asString()).isNotEmpty();
        assertThat(health.at("/components/diskSpace/details/free").asLong()).isPositive();
        // And a wrong password is refused, as on any endpoint
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        serverError("a wrong password", wrongPassword.body(), 401, "Unauthorized");
    }

    // ---------------------------------------------------------------------------------------------------------
    // helpers

    private String event(String time, String type, String fields) {
        return ("{\"specversion\":\"1.0\",\"id\":\"%s-%d\",\"source\":\"/oms/api-it\",\"type\":\"%s\","
                + "\"time\":\"%s\",\"datacontenttype\":\"application/json\",\"data\":{\"migrationId\":\"%s\",%s}}")
                .formatted(migration, ++sequence, type, time, migration, fields);
    }

    private String phase(String time, String phase, String status) {
        return event(time, "migration.phase.v1", "\"phase\":\"" + phase + "\",\"status\":\"" + status + "\"");
    }

    private String finalSync(String time) {
        return event(time, "migration.sync.v1", "\"scope\":\"orders\",\"mode\":\"FINAL\",\"recordsSynced\":1000,"
                + "\"recordsTotal\":1000,\"state\":\"COMPLETED\"");
    }

    private void feed(String... events) {
        new Kcat(broker.getBrokersAsString()).produce("migration.telemetry", migration,
                List.of("content-type=application/cloudevents+json"), List.of(events));
    }

    interface StatusCheck {
        void check(JsonNode status) throws Exception;
    }

    private JsonNode awaitStatus(StatusCheck check) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            HttpResponse<String> response = get("/api/migrations/" + migration);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            last[0] = JSON.readTree(response.body());
            check.check(last[0]);
        });
        return last[0];
    }

    private static List<String> rules(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(element -> values.add(element.isObject() ? element.get("rule").asString() : element.asString()));
        return values;
    }

    private static JsonNode firing(JsonNode status, String rule) {
        for (JsonNode f : status.get("firing")) {
            if (f.get("rule").asString().equals(rule)) {
                return f;
            }
        }
        throw new AssertionError(rule + " is not firing: " + status.get("firing"));
    }

    private List<JsonNode> alerts() {
        return AlertsTopic.alertsOf(broker.getBrokersAsString(), migration);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body, String user,
                                      String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", basic(user, password));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The body of an error the server answers by itself: JSON with the HTTP status, its reason phrase and a time, and
     * no message, exception, class name or stack trace.
     */
    private static JsonNode serverError(String what, String body, int status, String reason) {
        assertThat(body).as(what).doesNotContain("trace").doesNotContainIgnoringCase("exception")
                .doesNotContain("\tat ").doesNotContain("io.cutovermonitor").doesNotContain("org.springframework")
                .doesNotContain("org.apache").doesNotContain("java.").doesNotContainIgnoringCase("<html")
                .doesNotContain("Tomcat");
        JsonNode error = JSON.readTree(body);
        assertThat(error.get("status").asInt()).as(what + ": " + body).isEqualTo(status);
        assertThat(error.get("error").asString()).as(what + ": " + body).isEqualTo(reason);
        assertThat(Instant.parse(error.get("timestamp").asString())).as(what + ": " + body).isBefore(Instant.now());
        List<String> fields = new ArrayList<>();
        error.propertyNames().forEach(fields::add);
        assertThat(fields).as(what + ": " + body).isSubsetOf("timestamp", "status", "error", "path");
        return error;
    }

    /** Writes {@code request} as it is to the service and reads the whole answer (the connection closes after it). */
    private String rawRequest(String request) throws Exception {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(30_000);
            client.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
