package io.cutovermonitor.service.bench;


import io.cutovermonitor.service.support.Testbed;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;


import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Alert latency target (SPEC section 9): a mismatching reconciliation produced to Kafka reaches
 * {@code migration.alerts} in p99 <= 200 ms while other events flow at 10,000/s (or the highest rate this machine
 * sustains, printed). Run: {@code ./mvnw -B -Pbench -pl monitor-service -am verify -Dbench=AlertLatencyBenchmark}
 * ({@code -Dbench.rate=10000 -Dbench.probes=200}).
 */
class AlertLatencyBenchmark {

    private static final int RATE = Integer.getInteger("bench.rate", 10_000);
    private static final int PROBES = Integer.getInteger("bench.probes", 200);

    @Test
    void mismatchToAlertWhileTelemetryFlows() throws Exception {
        try (Testbed testbed = Testbed.start("latency_bench");
             ConfigurableApplicationContext service = testbed.startService(Stream.concat(Stream.of("--logging.level.root=WARN"),
                     Stream.of(System.getProperty("bench.args", "").split(" ")).filter(a -> !a.isBlank())).toArray(String[]::new));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, testbed.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 1),
                     new StringSerializer(), new StringSerializer())) {
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong background = new AtomicLong();
            Thread alertsReader = new Thread(() -> readAlerts(testbed.bootstrapServers(), sentAt, latenciesMicros, running));
            alertsReader.start();
            Thread flow = new Thread(() -> flow(producer, running, background));
            long flowStart = System.nanoTime();
            flow.start();
            Thread.sleep(5_000); // let the flow reach its rate before probing

            for (int i = 0; i < PROBES; i++) {
                String migration = "probe-" + i;
                producer.send(new ProducerRecord<>("migration.telemetry", migration, event(migration, "f-" + i,
                        "migration.sync.v1", "{\"migrationId\":\"" + migration
                                + "\",\"scope\":\"oms\",\"mode\":\"FINAL\",\"recordsSynced\":10,\"state\":\"COMPLETED\"}"))).get();
                sentAt.put(migration, System.nanoTime());
                producer.send(new ProducerRecord<>("migration.telemetry", migration, event(migration, "r-" + i,
                        "migration.reconciliation.v1", "{\"migrationId\":\"" + migration
                                + "\",\"runId\":\"r1\",\"table\":\"orders\",\"source\":{\"rowCount\":100},\"target\":{\"rowCount\":99}}")));
                Thread.sleep(100);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (latenciesMicros.size() < PROBES && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            running.set(false);
            flow.join();
            alertsReader.join();
            double offered = background.get() / ((System.nanoTime() - flowStart) / 1e9);
            List<Long> sorted = new ArrayList<>(latenciesMicros);
            Collections.sort(sorted);
            System.out.printf("%nALERT LATENCY BENCHMARK (%d probes, other events offered at %,.0f/s, target %,d/s)%n",
                    sorted.size(), offered, RATE);
            System.out.printf("  p50 : %6.1f ms%n", percentile(sorted, 0.50) / 1000.0);
            System.out.printf("  p99 : %6.1f ms (target <= 200 ms)%n", percentile(sorted, 0.99) / 1000.0);
            System.out.printf("  max : %6.1f ms; alerts received %d of %d%n%n", sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1000.0,
                    sorted.size(), PROBES);
        }
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    /** Other telemetry at RATE events/s across 50 migrations, paced in 10 ms slices. */
    private static void flow(KafkaProducer<String, String> producer, AtomicBoolean running, AtomicLong sent) {
        long start = System.nanoTime();
        long n = 0;
        while (running.get()) {
            long due = (long) ((System.nanoTime() - start) / 1e9 * RATE);
            for (; n < due; n++) {
                String migration = "flow-" + (n % 50);
                producer.send(new ProducerRecord<>("migration.telemetry", migration, event(migration, "c-" + n,
                        "migration.check.v1", "{\"migrationId\":\"" + migration
                                + "\",\"check\":\"erp-api\",\"kind\":\"CONNECTIVITY\",\"passed\":true}")));
            }
            sent.set(n);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void readAlerts(String bootstrap, Map<String, Long> sentAt, List<Long> latencies, AtomicBoolean running) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "latency",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("migration.alerts"));
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
                    Long sent = sentAt.remove(record.key());
                    if (sent != null && record.value().contains("\"integrity-mismatch\"")) {
                        latencies.add((System.nanoTime() - sent) / 1000);
                    }
                }
            }
        }
    }

    private static String event(String migration, String id, String type, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + migration + "-" + id + "\",\"source\":\"/bench\",\"type\":\"" + type
                + "\",\"time\":\"" + Instant.now() + "\",\"data\":" + data + "}";
    }
}
