package io.cutovermonitor.reconciler;

import io.cutovermonitor.reconciler.cli.ReconcilerCommandAccess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line against a real in-process KRaft broker: the events on migration.telemetry and their shape. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaPublishingIT {

    private EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1, "migration.telemetry");
        broker.afterPropertiesSet();
    }

    @AfterAll
    void stopBroker() {
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void eachChunkIsPublishedAsAReconciliationCloudEventKeyedByMigration() throws Exception {
        try (TestDatabase pg = TestDatabase.postgres(); TestDatabase maria = TestDatabase.mariadb()) {
            // Given 2,500 orders copied from PostgreSQL to MariaDB, one of them then changed on the target
            Tables.generateOrders(pg, 2_500);
            maria.execute(Tables.MARIADB_ORDERS);
            Tables.copy(pg, maria, "orders");
            maria.execute("UPDATE orders SET note = 'changed' WHERE id = 1500");

            // When the command line reconciles them, publishing to the broker
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = ReconcilerCommandAccess.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    "--source-url", pg.endpoint().url(), "--target-url", maria.endpoint().url(), "--table", "orders",
                    "--chunk-size", "1000", "--recheck-delay", "100ms", "--bootstrap-servers", broker.getBrokersAsString(),
                    "--migration-id", "oms-cutover", "--run-id", "run-42");

            // Then it exits 1 (differences), prints the differing key, and publishes one event per chunk (and the
            // table's progress as it began and as it was done)
            String summary = err.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(summary).isEqualTo(1);
            assertThat(summary).contains("row_diff").contains("{id=1500}").contains("RESULT: DIFFERENCES FOUND");
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
            List<ConsumerRecord<String, String>> records = readAll(5);
            assertThat(records).hasSize(5).allSatisfy(r -> assertThat(r.key()).isEqualTo("oms-cutover"));

            JsonMapper json = JsonMapper.builder().build();
            List<JsonNode> events = new ArrayList<>();
            List<JsonNode> progress = new ArrayList<>();
            for (ConsumerRecord<String, String> r : records) {
                JsonNode event = json.readTree(r.value());
                (event.get("type").asString().equals("migration.reconciliation.progress.v1") ? progress : events)
                        .add(event);
            }
            assertThat(progress).extracting(p -> p.at("/data/state").asString() + " " + p.at("/data/rowsDone").asLong())
                    .containsExactly("RUNNING 0", "COMPLETED " + progress.get(1).at("/data/rowsDone").asLong());
            assertThat(progress.get(1).at("/data/rowsDone").asLong()).isPositive();
            for (JsonNode e : events) {
                assertThat(e.get("specversion").asString()).isEqualTo("1.0");
                assertThat(e.get("type").asString()).isEqualTo("migration.reconciliation.v1");
                assertThat(e.get("source").asString()).startsWith("/reconciler/");
                assertThat(e.get("id").asString()).isNotBlank();
                assertThat(e.get("time").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
                assertThat(e.get("datacontenttype").asString()).isEqualTo("application/json");
                JsonNode data = e.get("data");
                assertThat(data.get("migrationId").asString()).isEqualTo("oms-cutover");
                assertThat(data.get("runId").asString()).isEqualTo("run-42");
                assertThat(data.get("table").asString()).isEqualTo("orders");
                assertThat(data.get("algorithm").asString()).isEqualTo("canonical-md5-sum64");
                assertThat(data.get("chunk").get("lower").isNumber()).isTrue();
                assertThat(data.get("source").get("rowCount").isNumber()).isTrue();
                assertThat(data.get("source").get("checksum").asString()).matches("-?\\d+");
            }
            assertThat(events).extracting(e -> e.get("data").get("chunk").get("lower").asLong() + ".."
                            + e.get("data").get("chunk").get("upper").asLong() + " "
                            + e.get("data").get("source").get("rowCount").asLong() + "/" + e.get("data").get("target").get("rowCount").asLong()
                            + " " + e.get("data").get("source").get("checksum").asString().equals(e.get("data").get("target").get("checksum").asString()))
                    .containsExactly("0..1000 999/999 true", "2000..3000 501/501 true", "1000..2000 1000/1000 false");
            assertThat(events).extracting(e -> e.get("id").asString()).doesNotHaveDuplicates();
        }
    }

    private List<ConsumerRecord<String, String>> readAll(int expected) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "reconciler-it", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("migration.telemetry"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        return out;
    }
}
