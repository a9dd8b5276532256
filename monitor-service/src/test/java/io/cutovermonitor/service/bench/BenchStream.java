package io.cutovermonitor.service.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.IntFunction;

/** What the benchmarks share: producing a stream to the telemetry topic at full speed, and counting what was applied. */
final class BenchStream {

    static final Instant NIGHT = Instant.parse("2025-11-15T22:00:00Z");

    private BenchStream() {
    }

    /** Produces {@code events} records, each a {key, CloudEvent} pair, batched and compressed as a busy tool would. */
    static void produce(String bootstrap, int events, IntFunction<String[]> event) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < events; i++) {
                String[] keyAndValue = event.apply(i);
                producer.send(new ProducerRecord<>("migration.telemetry", keyAndValue[0], keyAndValue[1]));
            }
        }
    }

    /**
     * A reconciliation of one 10,000-row chunk of {@code order_lines}, reported {@code chunk} ms into the night; its
     * target checksum differs from the source's when it does not match.
     */
    static String[] chunk(String migration, int chunk, boolean matches) {
        return chunk(migration, chunk, matches, NIGHT.plusMillis(chunk));
    }

    /** A reconciliation of one 10,000-row chunk of {@code order_lines}, stamped {@code time} by its reconciler. */
    static String[] chunk(String migration, int chunk, boolean matches, Instant time) {
        long lower = 10_000L * chunk + 1;
        return new String[]{migration, """
                {"specversion":"1.0","id":"r-%s-%d","source":"/bench/reconciler","type":"migration.reconciliation.v1","time":"%s","data":{"migrationId":"%s","runId":"night","table":"order_lines","chunk":{"lower":%d,"upper":%d},"source":{"rowCount":10000,"checksum":"8ddc821ec8"},"target":{"rowCount":10000,"checksum":"%s"}}}"""
                .formatted(migration, chunk, time, migration, lower, lower + 9_999,
                        matches ? "8ddc821ec8" : "0bad0bad00")};
    }

    /**
     * The migration's FINAL sync completed an hour into the night: from then on a mismatch counts at once, as it does
     * during a cutover's reconciliation (before it, a mismatch may be replication in flight and awaits confirmation).
     */
    static String[] finalSyncCompleted(String migration) {
        return new String[]{migration, """
                {"specversion":"1.0","id":"f-%s","source":"/bench/sync","type":"migration.sync.v1","time":"%s","data":{"migrationId":"%s","scope":"oms","mode":"FINAL","recordsSynced":10,"state":"COMPLETED"}}"""
                .formatted(migration, NIGHT.minusSeconds(3600), migration)};
    }

    /** Events the service has accepted so far. */
    static double applied(MeterRegistry registry) {
        return registry.find("migration.events").tag("outcome", "accepted").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** Waits until the service has accepted {@code events}, failing after {@code limit}. */
    static void awaitApplied(MeterRegistry registry, double events, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (applied(registry) < events) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only %,.0f of %,.0f events applied within %s".formatted(applied(registry),
                        events, limit));
            }
            Thread.sleep(20);
        }
    }
}
