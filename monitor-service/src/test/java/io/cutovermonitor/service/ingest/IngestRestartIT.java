package io.cutovermonitor.service.ingest;


import io.cutovermonitor.service.support.PostgresSchema;
import io.cutovermonitor.service.support.Testbed;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;


import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The service stopped in the middle of a stream and started again: nothing lost, nothing applied twice. */
class IngestRestartIT {

    private static final int EVENTS = 20_000;
    private static Testbed testbed;

    @BeforeAll
    static void startBroker() {
        testbed = Testbed.start("restart_it");
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    private ConfigurableApplicationContext startService() {
        return testbed.startService();
    }

    private static double accepted(ConfigurableApplicationContext service) {
        return service.getBean(MeterRegistry.class).find("migration.events").tag("outcome", "accepted")
                .counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void aServiceStoppedMidStreamLosesAndDoublesNothing() throws Exception {
        // Given a tool streaming 20,000 events
        CompletableFuture<Void> stream = CompletableFuture.runAsync(this::produce);
        ConfigurableApplicationContext first = startService();
        JdbcClient jdbc = first.getBean(JdbcClient.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> ledgerRows(jdbc) >= 2_000);

        // When the service stops in the middle of it and starts again
        double appliedBeforeStop = accepted(first);
        first.close();
        long rowsAtStop = ledgerRowsFromNewContext();
        ConfigurableApplicationContext second = startService();
        try {
            stream.get();
            JdbcClient jdbc2 = second.getBean(JdbcClient.class);
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(ledgerRows(jdbc2))
                    .as("events in the ledger (%s were when the first service stopped)", rowsAtStop)
                    .isEqualTo(EVENTS));

            // Then every event is in the ledger once, and no event was applied by both runs
            assertThat(rowsAtStop).isLessThan(EVENTS);
            assertThat(jdbc2.sql("SELECT count(DISTINCT event_id) FROM ledger_event").query(Long.class).single())
                    .isEqualTo(EVENTS);
            assertThat(appliedBeforeStop + accepted(second)).isLessThanOrEqualTo(EVENTS);
            assertThat(rowsAtStop + accepted(second)).isEqualTo(EVENTS);
        } finally {
            second.close();
        }
    }

    private long ledgerRowsFromNewContext() throws Exception {
        try (var c = java.sql.DriverManager.getConnection(testbed.schema().url(), PostgresSchema.USER, "")) {
            var rs = c.createStatement().executeQuery("SELECT count(*) FROM ledger_event");
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long ledgerRows(JdbcClient jdbc) {
        return jdbc.sql("SELECT count(*) FROM ledger_event").query(Long.class).single();
    }

    private void produce() {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, testbed.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                String migration = "restart-" + (i % 7);
                producer.send(new ProducerRecord<>("migration.telemetry", migration, """
                        {"specversion":"1.0","id":"e-%d","source":"/restart","type":"migration.check.v1",
                         "time":"2025-11-15T22:00:00Z","data":{"migrationId":"%s","check":"erp-api",
                         "kind":"CONNECTIVITY","passed":true}}""".formatted(i, migration)));
                if (i % 1000 == 999) {
                    sleep();
                }
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
