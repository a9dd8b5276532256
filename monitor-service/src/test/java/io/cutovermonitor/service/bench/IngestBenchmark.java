package io.cutovermonitor.service.bench;


import io.cutovermonitor.service.support.PostgresSchema;
import io.cutovermonitor.service.support.Testbed;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;


import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Ingest target (SPEC section 9): the service applies events at >= 50% of the rate a bare Kafka consumer reads the
 * same records from the same broker, with the PostgreSQL ledger on. Both are measured in this run; the ratio is
 * printed, and so is the rate at which PostgreSQL itself inserts the same number of ledger rows, the ceiling of any
 * design that stores every event before acting on it. Run: {@code ./mvnw -B -Pbench -pl monitor-service -am verify -Dbench=IngestBenchmark}
 * (events: {@code -Dbench.events=1000000}; more service arguments: {@code -Dbench.args="--spring.kafka.consumer.max-poll-records=500"}).
 */
class IngestBenchmark {

    private static final int EVENTS = Integer.getInteger("bench.events", 1_000_000);

    @Test
    void ingestAgainstABareConsumer() throws Exception {
        try (Testbed testbed = Testbed.start("ingest_bench")) {
            produce(testbed.bootstrapServers());
            double bare = bareConsumerRate(testbed.bootstrapServers());
            ServiceRun service = serviceRun(testbed);
            CpuUse databaseStart = CpuUse.now();
            double database = databaseInsertRate(testbed.schema());
            CpuUse databaseCpu = CpuUse.now().since(databaseStart);
            System.out.printf("%nINGEST BENCHMARK (%,d events, 3 partitions, PostgreSQL ledger)%n", EVENTS);
            System.out.printf("  bare KafkaConsumer             : %,10.0f events/s%n", bare);
            System.out.printf("  PostgreSQL's own ledger insert : %,10.0f rows/s%n", database);
            System.out.printf("  monitor-service, whole stream  : %,10.0f events/s (its first events run before the JIT "
                    + "compiled the code)%n", service.wholeRate());
            System.out.printf("  monitor-service, second half   : %,10.0f events/s (compiled, as over a cutover night)%n",
                    service.secondHalfRate());
            System.out.printf("  ratio to the bare consumer     : %.2f (second half)%n", service.secondHalfRate() / bare);
            System.out.printf("  ratio to the database's insert : %.2f whole stream, %.2f second half (target >= 0.70)%n",
                    service.wholeRate() / database, service.secondHalfRate() / database);
            System.out.printf("  where the second half's time went: %s%n", service.secondHalfCpu().perEvent(EVENTS / 2));
            System.out.printf("  and the database's own insert  : %s%n%n", databaseCpu.perEvent(EVENTS));
        }
    }

    private static void produce(String bootstrap) {
        long start = System.nanoTime();
        BenchStream.produce(bootstrap, EVENTS, i -> {
            String migration = "bench-" + (i % 100);
            return new String[]{migration, i % 2 == 0
                    ? """
                    {"specversion":"1.0","id":"t-%d","source":"/bench/batch","type":"migration.throughput.v1","time":"2025-11-15T22:10:00Z","datacontenttype":"application/json","data":{"migrationId":"%s","component":"aws-batch","records":3200,"intervalStart":"2025-11-15T22:00:00Z","intervalEnd":"2025-11-15T22:10:00Z"}}"""
                    .formatted(i, migration)
                    : """
                    {"specversion":"1.0","id":"c-%d","source":"/bench/checks","type":"migration.check.v1","time":"2025-11-15T22:10:00Z","datacontenttype":"application/json","data":{"migrationId":"%s","check":"erp-api","kind":"CONNECTIVITY","passed":true,"latencyMs":120}}"""
                    .formatted(i, migration)};
        });
        System.out.printf("produced %,d events in %.1f s%n", EVENTS, (System.nanoTime() - start) / 1e9);
    }

    private static double bareConsumerRate(String bootstrap) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bare-bench", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("migration.telemetry"));
            long read = 0;
            long start = 0;
            while (read < EVENTS) {
                int n = consumer.poll(Duration.ofMillis(500)).count();
                if (n > 0 && start == 0) {
                    start = System.nanoTime();
                }
                read += n;
            }
            return EVENTS / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** The service's rates over the whole stream and over its second half, and the processors' work in the latter. */
    private record ServiceRun(double wholeRate, double secondHalfRate, CpuUse secondHalfCpu) {
    }

    private static ServiceRun serviceRun(Testbed testbed) throws InterruptedException {
        try (ConfigurableApplicationContext service = testbed.startService(Stream.concat(
                Stream.of("--spring.kafka.listener.auto-startup=false", "--logging.level.root=WARN"),
                Stream.of(System.getProperty("bench.args", "").split(" ")).filter(a -> !a.isBlank()))
                .toArray(String[]::new))) {
            MeterRegistry registry = service.getBean(MeterRegistry.class);
            long start = System.nanoTime();
            service.getBean(KafkaListenerEndpointRegistry.class).start();
            BenchStream.awaitApplied(registry, EVENTS / 2, Duration.ofMinutes(30));
            CpuUse half = CpuUse.now();
            BenchStream.awaitApplied(registry, EVENTS, Duration.ofMinutes(30));
            CpuUse secondHalf = CpuUse.now().since(half);
            return new ServiceRun(EVENTS / ((System.nanoTime() - start) / 1e9),
                    (EVENTS - EVENTS / 2) / secondHalf.wallSeconds(), secondHalf);
        }
    }

    /**
     * The ceiling any design that stores every event durably runs into: PostgreSQL inserting the same number of
     * ledger rows (same table definition, indexes and row size) with one INSERT ... SELECT, no client involved.
     */
    private static double databaseInsertRate(PostgresSchema schema) throws SQLException {
        try (Connection connection = DriverManager.getConnection(schema.url(), PostgresSchema.USER, "");
             Statement sql = connection.createStatement()) {
            int bodyLength = sampleBody(sql);
            sql.execute("CREATE TABLE ledger_ceiling (LIKE ledger_event INCLUDING ALL)");
            long start = System.nanoTime();
            sql.executeUpdate("""
                    INSERT INTO ledger_ceiling (source, event_id, migration_id, event_type, event_time, received_at,
                                                content_hash, body, kafka_partition, kafka_offset)
                    SELECT '/bench/ceiling', 'e-' || g, 'bench-' || (g %% 100), 'migration.check.v1', now(), now(),
                           md5(g::text) || md5(g::text), repeat('x', %d), g %% 3, g
                    FROM generate_series(1, %d) AS g
                    ON CONFLICT DO NOTHING
                    """.formatted(bodyLength, EVENTS));
            double rate = EVENTS / ((System.nanoTime() - start) / 1e9);
            sql.execute("DROP TABLE ledger_ceiling");
            return rate;
        }
    }

    private static int sampleBody(Statement sql) throws SQLException {
        try (ResultSet average = sql.executeQuery("SELECT avg(length(body))::int FROM ledger_event")) {
            average.next();
            return average.getInt(1);
        }
    }
}
