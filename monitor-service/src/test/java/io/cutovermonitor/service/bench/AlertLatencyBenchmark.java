package io.cutovermonitor.service.bench;

import io.cutovermonitor.service.support.PostgresSchema;
import io.cutovermonitor.service.support.Testbed;
import io.micrometer.core.instrument.MeterRegistry;
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

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Alert latency target (SPEC section 9, issue 13): a mismatching reconciliation produced to Kafka reaches
 * {@code migration.alerts} in p99 <= 200 ms while other events flow at 10,000/s, in the two load shapes of a cutover
 * night:
 * <ul>
 *   <li>spread: the other events are throughput reports of 100 migrations, each with an interval end of its own as
 *   the tools report them; each probe is a fresh migration whose mismatch follows its completed FINAL sync;</li>
 *   <li>same migration: the migration already holds {@code bench.heldChunks} (500,000) reconciled chunks, the other
 *   events are more of its matched chunks, and each probe is one of its chunks that does not match (stamped as the
 *   load is, or by a reconciler whose clock runs 2 s behind, which makes each probe a late event).</li>
 * </ul>
 * The latency is measured from the probe's send being acknowledged to the alert's arrival at an outside consumer.
 * Run: {@code ./mvnw -B -Pbench -pl monitor-service -am verify -Dbench=AlertLatencyBenchmark}
 * ({@code -Dbench.rate=10000 -Dbench.probes=200 -Dbench.heldChunks=500000}; extra service arguments in
 * {@code -Dbench.args="--spring.kafka.consumer.max-poll-records=500"}).
 */
class AlertLatencyBenchmark {

    private static final int RATE = Integer.getInteger("bench.rate", 10_000);
    private static final int PROBES = Integer.getInteger("bench.probes", 200);
    private static final int HELD_CHUNKS = Integer.getInteger("bench.heldChunks", 500_000);
    private static final String BIG = "latency-big";
    private static final Pattern CHUNK_LABEL = Pattern.compile("(\\d+)\\.\\.\\d+");

    @Test
    void mismatchToAlertWhileAHundredMigrationsReportThroughput() throws Exception {
        measure("throughput reports of 100 migrations", 0, n -> {
            String migration = "flow-" + (n % 100);
            Instant end = Instant.now().minusMillis(n % 100 * 37); // each migration's interval ends at its own time
            return new String[]{migration, event(migration, "t-" + n, "migration.throughput.v1", """
                    {"migrationId":"%s","component":"dms","records":140,"intervalStart":"%s","intervalEnd":"%s"}"""
                    .formatted(migration, end.minusSeconds(1), end))};
        }, i -> {
            String migration = "probe-" + i;
            return List.of(new String[]{migration, event(migration, "f-" + i, "migration.sync.v1", """
                            {"migrationId":"%s","scope":"oms","mode":"FINAL","recordsSynced":10,"state":"COMPLETED"}"""
                            .formatted(migration))},
                    new String[]{migration, event(migration, "r-" + i, "migration.reconciliation.v1", """
                            {"migrationId":"%s","runId":"r1","table":"orders","source":{"rowCount":100},"target":{"rowCount":99}}"""
                            .formatted(migration))});
        });
    }

    @Test
    void mismatchToAlertInAMigrationOfHalfAMillionChunksReceivingTheLoad() throws Exception {
        measure("more chunks of the probe's own migration, which holds " + String.format("%,d", HELD_CHUNKS),
                HELD_CHUNKS, n -> BenchStream.chunk(BIG, HELD_CHUNKS + PROBES + (int) n, true, Instant.now()),
                i -> List.<String[]>of(BenchStream.chunk(BIG, HELD_CHUNKS + i, false, Instant.now())));
    }

    /**
     * The same, the probes from a second reconciler whose clock runs 2 s behind: each of its mismatches is a late
     * event, judged as of its own time by re-running the two seconds of the migration it reaches back into.
     */
    @Test
    void mismatchFromAReconcilerWhoseClockRunsBehindInAMigrationOfHalfAMillionChunks() throws Exception {
        measure("more chunks of the probe's own migration, which holds " + String.format("%,d", HELD_CHUNKS)
                        + "; the probe's reconciler 2 s behind", HELD_CHUNKS,
                n -> BenchStream.chunk(BIG, HELD_CHUNKS + PROBES + (int) n, true, Instant.now()),
                i -> List.<String[]>of(BenchStream.chunk(BIG, HELD_CHUNKS + i, false, Instant.now().minusSeconds(2))));
    }

    /**
     * Runs the service with {@link #BIG} past its FINAL sync and {@code held} of its chunks already applied, lets
     * {@code load} flow at RATE and sends PROBES probes 100 ms apart; the last record of each probe is the mismatch, keyed by its migration.
     */
    private static void measure(String load, int held, LongFunction<String[]> other,
                                IntFunction<List<String[]>> probe) throws Exception {
        try (Testbed testbed = Testbed.start("latency_bench")) {
            BenchStream.produce(testbed.bootstrapServers(), held + 1, i -> i == 0
                    ? BenchStream.finalSyncCompleted(BIG) : BenchStream.chunk(BIG, i - 1, true));
            try (ConfigurableApplicationContext service = testbed.startService(Stream.concat(Stream.of("--logging.level.root=WARN"),
                    Stream.of(System.getProperty("bench.args", "").split(" ")).filter(a -> !a.isBlank())).toArray(String[]::new));
                 KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                         ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, testbed.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 1),
                         new StringSerializer(), new StringSerializer())) {
                BenchStream.awaitApplied(service.getBean(MeterRegistry.class), held + 1, Duration.ofMinutes(30));
                Map<String, Long> sentAt = new ConcurrentHashMap<>();
                List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicLong background = new AtomicLong();
                Thread alertsReader = new Thread(() -> readAlerts(testbed.bootstrapServers(), sentAt, latenciesMicros, running));
                alertsReader.start();
                Thread flow = new Thread(() -> flow(producer, other, running, background));
                Pauses before = Pauses.now(testbed);
                long flowStart = System.nanoTime();
                flow.start();
                Thread.sleep(5_000); // let the flow reach its rate before probing

                for (int i = 0; i < PROBES; i++) {
                    List<String[]> records = probe.apply(i);
                    for (int r = 0; r < records.size() - 1; r++) {
                        producer.send(new ProducerRecord<>("migration.telemetry", records.get(r)[0], records.get(r)[1])).get();
                    }
                    String[] mismatch = records.get(records.size() - 1);
                    producer.send(new ProducerRecord<>("migration.telemetry", mismatch[0], mismatch[1])).get();
                    sentAt.put(alertKey(mismatch[1]), System.nanoTime());
                    Thread.sleep(100);
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (latenciesMicros.size() < PROBES && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                running.set(false);
                flow.join();
                alertsReader.join();
                Pauses during = Pauses.now(testbed).since(before);
                double offered = background.get() / ((System.nanoTime() - flowStart) / 1e9);
                List<Long> sorted = new ArrayList<>(latenciesMicros);
                Collections.sort(sorted);
                System.out.printf("%nALERT LATENCY BENCHMARK (%d probes; other events: %s, offered at %,.0f/s, target %,d/s)%n",
                        PROBES, load, offered, RATE);
                System.out.printf("  p50 : %6.1f ms%n", percentile(sorted, 0.50) / 1000.0);
                System.out.printf("  p99 : %6.1f ms (target <= 200 ms)%n", percentile(sorted, 0.99) / 1000.0);
                System.out.printf("  max : %6.1f ms; alerts received %d of %d (a missing one counts as beyond p99)%n",
                        sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1000.0, sorted.size(), PROBES);
                System.out.printf("  meanwhile: %s%n%n", during);
            }
        }
    }

    /**
     * What can hold every event up for a while, counted over the run: the JVM's garbage collections (this JVM runs
     * the service, the broker and the test) and PostgreSQL's checkpoints, which flush the tables' pages to disk.
     */
    private record Pauses(long collections, long collectionMillis, long checkpoints, long requestedCheckpoints) {

        static Pauses now(Testbed testbed) throws SQLException {
            long count = 0;
            long millis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
                millis += Math.max(0, gc.getCollectionTime());
            }
            try (Connection connection = DriverManager.getConnection(testbed.schema().url(), PostgresSchema.USER, "");
                 ResultSet rows = connection.createStatement().executeQuery(
                         "SELECT checkpoints_timed, checkpoints_req FROM pg_stat_bgwriter")) {
                rows.next();
                return new Pauses(count, millis, rows.getLong(1) + rows.getLong(2), rows.getLong(2));
            }
        }

        Pauses since(Pauses start) {
            return new Pauses(collections - start.collections, collectionMillis - start.collectionMillis,
                    checkpoints - start.checkpoints, requestedCheckpoints - start.requestedCheckpoints);
        }

        @Override
        public String toString() {
            return "%d garbage collections taking %,d ms; %d PostgreSQL checkpoint(s), %d of them requested by WAL "
                    + "volume".formatted(collections, collectionMillis, checkpoints, requestedCheckpoints);
        }
    }

    /** The percentile over every probe sent: a probe with no alert is slower than any that had one. */
    private static long percentile(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p * PROBES) - 1;
        return index < sorted.size() ? sorted.get(index) : Long.MAX_VALUE / 1000;
    }

    /** Other telemetry at RATE events/s, paced in 10 ms slices. */
    private static void flow(KafkaProducer<String, String> producer, LongFunction<String[]> other, AtomicBoolean running,
                             AtomicLong sent) {
        long start = System.nanoTime();
        long n = 0;
        while (running.get()) {
            long due = (long) ((System.nanoTime() - start) / 1e9 * RATE);
            for (; n < due; n++) {
                String[] keyAndValue = other.apply(n);
                producer.send(new ProducerRecord<>("migration.telemetry", keyAndValue[0], keyAndValue[1]));
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
                    if (record.value().contains("\"integrity-mismatch\"")) {
                        Long sent = sentAt.remove(alertKeyOf(record.key(), record.value()));
                        if (sent != null) {
                            long micros = (System.nanoTime() - sent) / 1000;
                            latencies.add(micros);
                            if (micros > 200_000) { // when the slow ones were sent tells what held them up
                                System.out.printf("  slow: %s sent %s, %,d ms%n", record.key(),
                                        Instant.now().minusNanos(micros * 1000), micros / 1000);
                            }
                        }
                    }
                }
            }
        }
    }

    /** A probe is matched to its alert by its migration and the chunk's lower bound (none for a whole table). */
    private static String alertKey(String mismatch) {
        Matcher lower = Pattern.compile("\"lower\":(\\d+)").matcher(mismatch);
        return migrationOf(mismatch) + "|" + (lower.find() ? lower.group(1) : "");
    }

    /** The alert names the chunk by its label, {@code lower..upper}. */
    private static String alertKeyOf(String migration, String alert) {
        Matcher label = CHUNK_LABEL.matcher(alert);
        return migration + "|" + (label.find() ? label.group(1) : "");
    }

    private static String migrationOf(String json) {
        int at = json.indexOf("\"migrationId\":\"") + 15;
        return json.substring(at, json.indexOf('"', at));
    }

    private static String event(String migration, String id, String type, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + migration + "-" + id + "\",\"source\":\"/bench\",\"type\":\"" + type
                + "\",\"time\":\"" + Instant.now() + "\",\"data\":" + data + "}";
    }
}
