package io.cutovermonitor.service.bench;

import io.cutovermonitor.service.rules.PlanRegistry;
import io.cutovermonitor.service.support.Testbed;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import javax.management.ObjectName;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Footprint target (SPEC section 9): 100 migrations x 1,000 tables tracked in <= 512 MiB heap. Every migration gets a
 * plan listing its 1,000 tables (through the plan registry, as {@code PUT /api/migrations/{id}/plan} does) and one
 * reconciliation per table through Kafka, so the rule state, the per-table metric series and the plans all hold
 * them; Prometheus scrapes once. Then the heap is measured after a full GC. The service runs in this JVM next to the
 * broker, so the used heap printed includes the broker and the test: the ratio against 512 MiB is an upper bound of
 * the service's own, which is printed too (used heap minus what was used before the service started).
 * Run: {@code ./mvnw -B -Pbench -pl monitor-service -am verify -Dbench=FootprintBenchmark}
 * ({@code -Dbench.migrations=100 -Dbench.tables=1000}).
 */
class FootprintBenchmark {

    private static final int MIGRATIONS = Integer.getInteger("bench.migrations", 100);
    private static final int TABLES = Integer.getInteger("bench.tables", 1_000);
    private static final long LIMIT = 512L * 1024 * 1024;
    private static final Instant START = Instant.parse("2025-11-15T22:00:00Z");

    @Test
    void hundredMigrationsOfAThousandTables() throws Exception {
        try (Testbed testbed = Testbed.start("footprint_bench")) {
            long beforeService = usedHeapAfterFullGc();
            try (ConfigurableApplicationContext service = testbed.startService("--logging.level.root=WARN")) {
                // Given a plan of TABLES tables for each migration
                PlanRegistry plans = service.getBean(PlanRegistry.class);
                for (int m = 0; m < MIGRATIONS; m++) {
                    plans.put(migration(m), plan(m));
                }

                // When every table of every migration is reconciled
                long start = System.nanoTime();
                produceReconciliations(testbed.bootstrapServers());
                MeterRegistry registry = service.getBean(MeterRegistry.class);
                long events = (long) MIGRATIONS * TABLES;
                await("every reconciliation applied", () -> applied(registry) >= events);
                double applySeconds = (System.nanoTime() - start) / 1e9;
                // and the metrics show every table matched, and Prometheus has scraped them
                await("every table matched in the metrics", () -> registry.find("migration.table.chunks")
                        .tag("state", "matched").gauges().stream().mapToDouble(Gauge::value).sum() >= events);
                int scrapeBytes = scrape(service);

                // Then the heap after a full GC
                long used = usedHeapAfterFullGc();
                System.out.printf("%nFOOTPRINT BENCHMARK (%d migrations x %,d tables, %,d reconciliations applied in %.1f s,"
                        + " scrape %,d bytes)%n", MIGRATIONS, TABLES, events, applySeconds, scrapeBytes);
                System.out.printf("  used heap after full GC : %6.1f MiB (broker, test and service in one JVM)%n", mib(used));
                System.out.printf("  of it before the service: %6.1f MiB (broker and test)%n", mib(beforeService));
                System.out.printf("  the service's share     : %6.1f MiB%n", mib(used - beforeService));
                System.out.printf("  ratio                   : %.2f of 512 MiB (target <= 1.00; the service alone %.2f)%n%n",
                        (double) used / LIMIT, (double) (used - beforeService) / LIMIT);
                if (Boolean.getBoolean("bench.histogram")) {
                    System.out.println(classHistogram(30));
                }
            }
        }
    }

    private static String migration(int m) {
        return "footprint-%03d".formatted(m);
    }

    private static String table(int t) {
        return "app_table_%04d".formatted(t);
    }

    private static String plan(int m) {
        return "migration: " + migration(m) + "\ntables: ["
                + IntStream.range(0, TABLES).mapToObj(FootprintBenchmark::table).collect(Collectors.joining(", ")) + "]\n";
    }

    /** One whole-table reconciliation per table, both sides reported and matching, as the reconciler sends them. */
    private static void produceReconciliations(String bootstrap) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new StringSerializer())) {
            for (int t = 0; t < TABLES; t++) {
                for (int m = 0; m < MIGRATIONS; m++) {
                    String migration = migration(m);
                    String checksum = "%016x".formatted((long) m * TABLES + t);
                    producer.send(new ProducerRecord<>("migration.telemetry", migration, """
                            {"specversion":"1.0","id":"rec-%s-%d","source":"/reconciler/bench","type":"migration.reconciliation.v1","time":"%s","datacontenttype":"application/json","data":{"migrationId":"%s","runId":"full-1","table":"%s","source":{"rowCount":%d,"checksum":"%s"},"target":{"rowCount":%d,"checksum":"%s"},"algorithm":"canonical-sha256"}}"""
                            .formatted(migration, t, START.plusSeconds(t), migration, table(t), 1000 + t, checksum, 1000 + t, checksum)));
                }
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 minutes: " + what);
            }
            Thread.sleep(200);
        }
    }

    private static double applied(MeterRegistry registry) {
        return registry.find("migration.events").tag("outcome", "accepted").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private static int scrape(ConfigurableApplicationContext service) throws Exception {
        String port = service.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("scrape answered " + response.statusCode());
        }
        return response.body().length();
    }

    /** Full collections until the used heap stops falling (System.gc() is a full, compacting GC under G1). */
    private static long usedHeapAfterFullGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            memory.gc();
            Thread.sleep(100);
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used - 1024 * 1024) {
                return Math.min(now, used);
            }
            used = now;
        }
        return used;
    }

    /** The biggest consumers, as {@code jcmd <pid> GC.class_histogram} lists them (-Dbench.histogram=true). */
    private static String classHistogram(int lines) throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[]{new String[0]}, new String[]{String[].class.getName()});
        return histogram.lines().limit(lines + 2).collect(Collectors.joining("\n"));
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
