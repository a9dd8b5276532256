package io.cutovermonitor.service.rules;

import io.cutovermonitor.service.support.AlertsTopic;
import io.cutovermonitor.service.support.ContractStream;
import io.cutovermonitor.service.support.Kcat;
import io.cutovermonitor.service.support.PostgresSchema;
import io.cutovermonitor.service.support.SlowAcknowledgements;
import io.cutovermonitor.service.support.Testbed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An OMS cutover stream with rehearsals, syncs, mismatches, a rollback trigger and its deadline, produced by kcat
 * into a real broker, judged by the service with its PostgreSQL ledger: the alerts on {@code migration.alerts} are
 * exactly the expected list — also when the service is stopped in the middle and started again.
 */
class CutoverStreamIT {

    private static final Path SCENARIO = Path.of("..", "validators", "src", "test", "resources", "contract",
            "02-integrity-rollback-after-go-live.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Testbed testbed;

    /** One alert transition as the contract judges it. */
    record Transition(String rule, String state, Instant at, String action, String severity) {
    }

    @BeforeAll
    static void startBroker() {
        testbed = Testbed.start("stream_it");
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    @Test
    void theAlertsOfACutoverStreamAreExactlyThePlansVerdicts() throws IOException {
        String migration = "stream-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode scenario = scenario(migration);
        ConfigurableApplicationContext service = startService();
        try {
            // When the whole stream is produced by an outside tool
            produce(migration, records(scenario), 0, Integer.MAX_VALUE);

            // Then the alerts are exactly the expected transitions, none twice
            assertThat(awaitAlerts(migration, expected(scenario).size())).containsExactlyInAnyOrderElementsOf(expected(scenario));
        } finally {
            service.close();
        }
    }

    @Test
    void aServiceStoppedMidStreamGivesTheSameAlertsAndNoSecondFiring() throws IOException {
        String migration = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode scenario = scenario(migration);
        List<String> records = records(scenario);
        int half = records.size() / 2;

        // Given the first half applied by one run of the service
        ConfigurableApplicationContext first = startService();
        produce(migration, records, 0, half);
        JdbcClient jdbc = first.getBean(JdbcClient.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                "SELECT count(*) FROM ledger_event WHERE migration_id = ?").param(migration).query(Long.class).single() > half / 2);
        first.close();

        // When it starts again and the rest of the stream arrives, with the first half re-delivered too
        ConfigurableApplicationContext second = startService();
        try {
            produce(migration, records, 0, records.size());

            // Then the alerts are the same as an uninterrupted run's, and no episode fired twice
            assertThat(awaitAlerts(migration, expected(scenario).size())).containsExactlyInAnyOrderElementsOf(expected(scenario));
        } finally {
            second.close();
        }
    }

    @Test
    void anAlertKafkaHasWhenTheServiceStopsBeforeItsAcknowledgementIsNotSentAgain() throws IOException {
        String migration = "stop-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode scenario = scenario(migration);
        JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(testbed.schema().url(), PostgresSchema.USER, ""));
        Kcat kcat = new Kcat(testbed.bootstrapServers());

        // Given a service that learns only seconds later that the broker took its alerts
        ConfigurableApplicationContext first = startService("--spring.kafka.producer.properties.interceptor.classes="
                + SlowAcknowledgements.class.getName());
        produce(migration, records(scenario), 0, Integer.MAX_VALUE);

        // When it is stopped while alerts are on the topic and it still waits for the acknowledgement
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                !alerts(kcat, migration).isEmpty() && jdbc.sql("SELECT count(*) FROM alert WHERE migration_id = ? "
                        + "AND attempted_at IS NOT NULL AND published_at IS NULL").param(migration).query(Long.class)
                        .single() > 0);
        first.close();

        // Then the restarted service sends each transition the topic did not have, and none a second time
        ConfigurableApplicationContext second = startService();
        try {
            assertThat(awaitAlerts(migration, expected(scenario).size()))
                    .containsExactlyInAnyOrderElementsOf(expected(scenario));
        } finally {
            second.close();
        }
    }

    @Test
    void anAlertKafkaHadBeforeACrashIsNotSentAgainByTheRestartOrBySurvivor() throws IOException {
        String migration = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode scenario = scenario(migration);
        ConfigurableApplicationContext first = startService();
        produce(migration, records(scenario), 0, Integer.MAX_VALUE);
        assertThat(awaitAlerts(migration, expected(scenario).size())).hasSameSizeAs(expected(scenario));
        first.close();

        // Given alerts Kafka acknowledged whose outbox rows were never marked (the process died in between)
        JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(testbed.schema().url(), PostgresSchema.USER, ""));
        assertThat(jdbc.sql("UPDATE alert SET published_at = NULL WHERE migration_id = ?").param(migration).update())
                .isEqualTo(expected(scenario).size());

        // When the service starts again
        ConfigurableApplicationContext second = startService();
        try {
            // Then it marks them published without sending them again: each transition is on the topic once
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                    "SELECT count(*) FROM alert WHERE migration_id = ? AND published_at IS NULL").param(migration)
                    .query(Long.class).single() == 0);
            assertThat(awaitAlerts(migration, expected(scenario).size()))
                    .containsExactlyInAnyOrderElementsOf(expected(scenario));

            // And a running instance that finds alerts another instance took two minutes ago and never marked
            // (that instance was killed mid-send) looks for them on the topic before it sends anything
            assertThat(jdbc.sql("UPDATE alert SET published_at = NULL, attempted_at = ? WHERE migration_id = ?")
                    .params(java.sql.Timestamp.from(Instant.now().minus(Duration.ofMinutes(2))), migration).update())
                    .isEqualTo(expected(scenario).size());
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                    "SELECT count(*) FROM alert WHERE migration_id = ? AND published_at IS NULL").param(migration)
                    .query(Long.class).single() == 0);
            assertThat(awaitAlerts(migration, expected(scenario).size()))
                    .containsExactlyInAnyOrderElementsOf(expected(scenario));
        } finally {
            second.close();
        }
    }

    private ConfigurableApplicationContext startService(String... arguments) {
        return testbed.startService(arguments);
    }

    private static JsonNode scenario(String migration) throws IOException {
        return JSON.readTree(Files.readString(SCENARIO).replace("{{MID}}", migration));
    }

    private static List<String> records(JsonNode scenario) {
        return ContractStream.recordsOf(scenario);
    }

    private static List<Transition> expected(JsonNode scenario) {
        List<Transition> expected = new ArrayList<>();
        for (JsonNode e : scenario.get("expect")) {
            expected.add(new Transition(e.get("rule").asString(), e.get("state").asString(),
                    Instant.parse(e.get("at").asString()), e.get("action").asString(), e.get("severity").asString()));
        }
        return expected;
    }

    private static void produce(String migration, List<String> records, int from, int to) {
        new Kcat(testbed.bootstrapServers()).produce("migration.telemetry", migration,
                List.of("content-type=application/cloudevents+json"), records.subList(from, Math.min(to, records.size())));
    }

    /**
     * Reads the alerts topic with kcat, as an outside consumer would, until the expected number arrived and then
     * once more a few seconds later, to catch any extra one.
     */
    private static List<Transition> awaitAlerts(String migration, int expected) {
        Kcat kcat = new Kcat(testbed.bootstrapServers());
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> alerts(kcat, migration).size() >= expected);
        try {
            Thread.sleep(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return alerts(kcat, migration);
    }

    private static List<Transition> alerts(Kcat kcat, String migration) {
        return AlertsTopic.alertsOf(kcat.bootstrapServers(), migration).stream().map(event -> event.get("data"))
                .map(data -> new Transition(data.get("rule").asString(), data.get("state").asString(),
                        Instant.parse(data.get("at").asString()), data.get("action").asString(),
                        data.get("severity").asString()))
                .toList();
    }
}
