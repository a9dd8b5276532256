package io.cutovermonitor.service.reconcile;

import io.cutovermonitor.service.support.AlertsTopic;
import io.cutovermonitor.service.support.Kcat;
import io.cutovermonitor.service.support.PostgresSchema;
import io.cutovermonitor.service.support.Testbed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
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
 * A reconciliation run by the service against real databases: the source table on PostgreSQL, the target on
 * MariaDB, one row changed and one missing on the target. The run's status and the migration's status show the
 * two keys; its chunk events reach the rule engine, which fires integrity-mismatch after the FINAL sync.
 */
class ReconciliationRunIT {

    private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/";
    private static final String OPERATOR_PASSWORD = "op-secret";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ROWS = 300;

    private static Testbed testbed;
    private static ConfigurableApplicationContext service;
    private static int port;
    private static String sourceSchema;
    private static String targetDatabase;

    private final String migration = "oms-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() throws SQLException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        sourceSchema = "recon_src_" + suffix;
        targetDatabase = "recon_tgt_" + suffix;
        testbed = Testbed.start("recon_it");
        // the databases come from configuration, as an operator's would: a request only names them
        service = testbed.startService(
                "--monitor.security.users[0].name=op",
                "--monitor.security.users[0].password={noop}" + OPERATOR_PASSWORD,
                "--monitor.security.users[0].roles=OPERATOR",
                "--monitor.reconciliation.connections.legacy.url=" + PostgresSchema.SERVER,
                "--monitor.reconciliation.connections.legacy.user=" + PostgresSchema.USER,
                "--monitor.reconciliation.connections.cloud.url=" + MARIADB + targetDatabase,
                "--monitor.reconciliation.connections.cloud.user=root",
                "--monitor.reconciliation.connections.cloud.password=",
                "--monitor.reconciliation.schedule-tick=1s");
        port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));

        try (Connection pg = DriverManager.getConnection(PostgresSchema.SERVER, PostgresSchema.USER, "");
             Statement s = pg.createStatement()) {
            s.execute("CREATE SCHEMA " + sourceSchema);
            s.execute("CREATE TABLE " + sourceSchema + ".orders (id BIGINT PRIMARY KEY, customer VARCHAR(64) NOT NULL,"
                    + " amount NUMERIC(12,2), placed_at TIMESTAMP)");
            fill(pg, sourceSchema + ".orders");
        }
        try (Connection maria = DriverManager.getConnection(MARIADB, "root", "");
             Statement s = maria.createStatement()) {
            s.execute("CREATE DATABASE " + targetDatabase);
            s.execute("CREATE TABLE " + targetDatabase + ".orders (id BIGINT PRIMARY KEY, customer VARCHAR(64) NOT NULL,"
                    + " amount DECIMAL(12,2), placed_at DATETIME(6))");
            fill(maria, targetDatabase + ".orders");
            s.execute("UPDATE " + targetDatabase + ".orders SET amount = amount + 1 WHERE id = 17");
            s.execute("DELETE FROM " + targetDatabase + ".orders WHERE id = 123");
        }
    }

    private static void fill(Connection c, String table) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?)")) {
            for (int id = 1; id <= ROWS; id++) {
                insert.setLong(1, id);
                insert.setString(2, "customer " + (id % 37));
                insert.setBigDecimal(3, new java.math.BigDecimal(id).movePointLeft(2).add(java.math.BigDecimal.TEN));
                insert.setTimestamp(4, java.sql.Timestamp.valueOf(
                        java.time.LocalDateTime.of(2025, 11, 15, 10, 0).plusSeconds(id * 61L)));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        try {
            if (service != null) {
                service.close();
            }
            if (testbed != null) {
                testbed.close();
            }
        } finally {
            try (Connection pg = DriverManager.getConnection(PostgresSchema.SERVER, PostgresSchema.USER, "");
                 Statement s = pg.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + sourceSchema + " CASCADE");
            }
            try (Connection maria = DriverManager.getConnection(MARIADB, "root", "");
                 Statement s = maria.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + targetDatabase);
            }
        }
    }

    @Test
    void aRunFindsTheChangedAndTheMissingRowAndTheRuleEngineJudgesIt() throws Exception {
        // Given a migration whose FINAL sync completed (from then on a mismatch counts at once)
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        new Kcat(testbed.bootstrapServers()).produce("migration.telemetry", migration,
                List.of("content-type=application/cloudevents+json"), List.of("""
                        {"specversion":"1.0","id":"%s-sync","source":"/oms/recon-it","type":"migration.sync.v1",\
                        "time":"%s","datacontenttype":"application/json","data":{"migrationId":"%s","scope":"oms",\
                        "mode":"FINAL","recordsSynced":1,"state":"COMPLETED"}}""".formatted(migration,
                        now.minusSeconds(5), migration)));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> get("/api/migrations/" + migration).statusCode() == 200);

        // When an operator starts a reconciliation of orders, PostgreSQL against MariaDB
        HttpResponse<String> started = post("/api/migrations/" + migration + "/reconciliations", """
                {"source":"legacy","sourceSchema":"%s","target":"cloud","targetSchema":"%s",\
                "tables":["orders"],"chunkSize":100,"recheckDelay":"PT0S","maxDifferences":50}"""
                .formatted(sourceSchema, targetDatabase),
                "op", OPERATOR_PASSWORD);

        // Then it is accepted with a status URL, and the status ends COMPLETED with the two keys
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode answer = JSON.readTree(started.body());
        String runId = answer.get("runId").asString();
        String statusPath = answer.get("status").asString();
        assertThat(statusPath).isEqualTo("/api/migrations/" + migration + "/reconciliations/" + runId);

        JsonNode[] run = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            HttpResponse<String> response = get(statusPath);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            run[0] = JSON.readTree(response.body());
            assertThat(run[0].get("state").asString()).as(response.body()).isIn("COMPLETED", "FAILED");
        });
        assertThat(run[0].get("state").asString()).as(run[0].toString()).isEqualTo("COMPLETED");
        assertThat(run[0].get("error").isNull()).isTrue();
        JsonNode table = run[0].get("tables").get(0);
        assertThat(table.get("table").asString()).isEqualToIgnoringCase("orders");
        assertThat(table.get("sourceRows").asLong()).isEqualTo(ROWS);
        assertThat(table.get("targetRows").asLong()).isEqualTo(ROWS - 1);
        assertThat(table.get("mismatchingChunks").size()).isEqualTo(2);
        assertThat(differences(run[0].get("differences")))
                .containsExactly("orders 123 missing_target", "orders 17 row_diff");

        // And the migration's status lists them with the run
        JsonNode status = JSON.readTree(get("/api/migrations/" + migration).body());
        assertThat(differences(status.get("differingKeys")))
                .containsExactly("orders 123 missing_target", "orders 17 row_diff");
        status.get("differingKeys").forEach(k -> assertThat(k.get("runId").asString()).isEqualTo(runId));
        assertThat(status.get("phase")).as("the status keeps its own fields").isNotNull();

        // And the chunk events reached the rule engine: integrity-mismatch fires on migration.alerts
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(alerts())
                .anyMatch(a -> a.at("/data/rule").asString().equals("integrity-mismatch")
                        && a.at("/data/state").asString().equals("FIRING")));

        // And the run's progress reached the monitor as events: the table is done, whole, in the status and in the
        // scrape (the progress the reconciler reported when the table started is in the ledger before it)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode progress = JSON.readTree(get("/api/migrations/" + migration).body()).get("reconciling");
            assertThat(progress).singleElement().satisfies(p -> {
                assertThat(p.get("table").asString()).isEqualToIgnoringCase("orders");
                assertThat(p.get("runId").asString()).isEqualTo(runId);
                assertThat(p.get("state").asString()).isEqualTo("COMPLETED");
                assertThat(p.get("rowsDone").asLong()).isEqualTo(ROWS);
                assertThat(p.get("ratio").asDouble()).isEqualTo(1.0);
            });
            assertThat(get("/actuator/prometheus").body()).containsPattern(
                    "migration_reconciliation_progress_ratio\\{[^}]*migration=\"" + migration + "\"[^}]*} 1\\.0");
        });
    }

    @Test
    void aPlanThatSchedulesTheCheckHasTheMonitorRunItOnceTheFinalSyncCompleted() throws Exception {
        // Given a plan whose reconciliation section names the configured connections
        HttpResponse<String> plan = send("PUT", "/api/migrations/" + migration + "/plan", "application/yaml", """
                migration: %s
                reconciliation:
                  source: legacy
                  target: cloud
                  sourceSchema: %s
                  targetSchema: %s
                  tables: [orders]
                  recheckDelay: PT1S
                """.formatted(migration, sourceSchema, targetDatabase));
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);

        // When the FINAL sync completes, live
        Instant finalSync = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        new Kcat(testbed.bootstrapServers()).produce("migration.telemetry", migration,
                List.of("content-type=application/cloudevents+json"), List.of("""
                        {"specversion":"1.0","id":"%s-final","source":"/oms/recon-it","type":"migration.sync.v1",\
                        "time":"%s","datacontenttype":"application/json","data":{"migrationId":"%s","scope":"oms",\
                        "mode":"FINAL","recordsSynced":1,"state":"COMPLETED"}}""".formatted(migration, finalSync,
                        migration)));

        // Then the monitor runs the check itself, under the plan's name for it, and it finds the two keys
        String runId = "plan-final-sync-" + finalSync.getEpochSecond();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode status = JSON.readTree(get("/api/migrations/" + migration).body());
            assertThat(status.get("reconciliations")).anySatisfy(r -> {
                assertThat(r.get("runId").asString()).isEqualTo(runId);
                assertThat(r.get("state").asString()).isEqualTo("COMPLETED");
            });
        });
        JsonNode run = JSON.readTree(get("/api/migrations/" + migration + "/reconciliations/" + runId).body());
        assertThat(differences(run.get("differences"))).containsExactly("orders 123 missing_target",
                "orders 17 row_diff");
        // and once: the ticks after it start no other
        Thread.sleep(3_000);
        assertThat(JSON.readTree(get("/api/migrations/" + migration).body()).get("reconciliations")).hasSize(1);
    }

    @Test
    void startingARunNeedsAnOperatorAndAValidRequest() throws Exception {
        String path = "/api/migrations/" + migration + "/reconciliations";
        String body = "{\"source\":\"legacy\",\"target\":\"cloud\"}";

        assertThat(post(path, body, null, null).statusCode()).isEqualTo(401);
        assertThat(post(path, body, "op", "wrong").statusCode()).isEqualTo(401);

        // a request can name only configured databases: no URL, user or password of its own
        HttpResponse<String> invalid = post(path, "{\"source\":\"jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'x'\","
                + "\"chunkSize\":0,\"recheckDelay\":\"soon\"}", "op", OPERATOR_PASSWORD);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(invalid.body()).get("problems").toString())
                .contains("source: no connection named jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'x' is configured")
                .contains("[cloud, legacy]").contains("target is required")
                .contains("chunkSize").contains("recheckDelay");

        assertThat(get(path + "/no-such-run").statusCode()).isEqualTo(404);
    }

    private static List<String> differences(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(d -> values.add(d.get("table").asString().toLowerCase() + " " + d.get("key").asString() + " "
                + d.get("type").asString()));
        return values;
    }

    private List<JsonNode> alerts() {
        return AlertsTopic.alertsOf(testbed.bootstrapServers(), migration);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request as the operator. */
    private static HttpResponse<String> send(String method, String path, String contentType, String body)
            throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType)
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("op:" + OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body, String user, String password)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
