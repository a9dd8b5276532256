package io.cutovermonitor.service.bench;

import io.cutovermonitor.service.archive.MigrationArchiving;
import io.cutovermonitor.service.rules.PlanRegistry;
import io.cutovermonitor.service.support.AlertsTopic;
import io.cutovermonitor.service.support.MigrationStatus;
import io.cutovermonitor.service.support.PostgresSchema;
import io.cutovermonitor.service.support.Testbed;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import javax.management.ObjectName;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
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
 * <p>Issue 13's scale in chunks: 100 migrations x 10,000 reconciled chunks (1,000,000) in the same 512 MiB; and a
 * restart that brings a migration of 500,000 chunks back to judging within 10 s, deciding as a run that was never
 * interrupted (a replay of the same topic into a fresh ledger) does.
 * Run: {@code ./mvnw -B -Pbench -pl monitor-service -am verify -Dbench=FootprintBenchmark}
 * ({@code -Dbench.migrations=100 -Dbench.tables=1000 -Dbench.chunksPerMigration=10000 -Dbench.restartChunks=500000};
 * one of them: {@code -Dit.test=FootprintBenchmark#restartOfAMigrationOfHalfAMillionChunks}).
 */
class FootprintBenchmark {

    private static final int MIGRATIONS = Integer.getInteger("bench.migrations", 100);
    private static final int TABLES = Integer.getInteger("bench.tables", 1_000);
    private static final long LIMIT = 512L * 1024 * 1024;
    private static final int CHUNKS_PER_MIGRATION = Integer.getInteger("bench.chunksPerMigration", 10_000);
    private static final int RESTART_CHUNKS = Integer.getInteger("bench.restartChunks", 500_000);
    private static final int ARCHIVED_TABLES = Integer.getInteger("bench.archivedTables", 100);

    @Test
    void hundredMigrationsOfAThousandTables() throws Exception {
        try (Testbed testbed = Testbed.start("footprint_bench")) {
            long beforeService = usedHeapAfterFullGc();
            try (ConfigurableApplicationContext service = testbed.startService("--logging.level.root=WARN")) {
                // Given a plan of TABLES tables for each migration
                PlanRegistry plans = service.getBean(PlanRegistry.class);
                for (int m = 0; m < MIGRATIONS; m++) {
                    plans.put(migration(m), plan(m, TABLES));
                }

                // When every table of every migration is reconciled
                long start = System.nanoTime();
                produceReconciliations(testbed.bootstrapServers(), TABLES);
                MeterRegistry registry = service.getBean(MeterRegistry.class);
                long events = (long) MIGRATIONS * TABLES;
                BenchStream.awaitApplied(registry, events, Duration.ofMinutes(30));
                double applySeconds = (System.nanoTime() - start) / 1e9;
                // and the metrics show every table matched, and Prometheus has scraped them
                await("every table matched in the metrics", () -> registry.find("migration.table.chunks")
                        .tag("state", "matched").gauges().stream().mapToDouble(Gauge::value).sum() >= events);
                int scrapeBytes = scrape(service);

                // Then the heap after a full GC
                long used = usedHeapAfterFullGc();
                System.out.printf("%nFOOTPRINT BENCHMARK (%d migrations x %,d tables, %,d reconciliations applied in %.1f s,"
                        + " scrape %,d bytes)%n", MIGRATIONS, TABLES, events, applySeconds, scrapeBytes);
                report(used, beforeService);
                if (Boolean.getBoolean("bench.histogram")) {
                    System.out.println(classHistogram(30));
                }
            }
        }
    }

    /**
     * Issue 17: archived migrations leave the running service. The heap and the scrape with no migration, with 100
     * migrations of ARCHIVED_TABLES tables tracked, and after all of them were archived; the ratio of what archived
     * ones still hold to what tracked ones held (target: about 0, the footprint of none).
     */
    @Test
    void aHundredArchivedMigrationsLeaveTheFootprintOfNone() throws Exception {
        try (Testbed testbed = Testbed.start("archive_footprint_bench");
             ConfigurableApplicationContext service = testbed.startService("--logging.level.root=WARN",
                     "--monitor.archive.dir=target/bench-archive-" + UUID.randomUUID())) {
            // Given the service with no migration tracked: one archived first, so that the PDF renderer's fonts and
            // the report template (loaded once, for every report after) are in "none" as they are in "archived"
            MigrationArchiving archiving = service.getBean(MigrationArchiving.class);
            service.getBean(PlanRegistry.class).put("warm-up", plan(0, 1));
            if (!(archiving.archive("warm-up", "bench", true, "warm-up") instanceof MigrationArchiving.Outcome.Done)) {
                throw new AssertionError("the warm-up migration was not archived");
            }
            long none = usedHeapAfterFullGc();
            int noneScrape = scrape(service);

            // and 100 migrations tracked, each with its plan and every table reconciled
            PlanRegistry plans = service.getBean(PlanRegistry.class);
            for (int m = 0; m < MIGRATIONS; m++) {
                plans.put(migration(m), plan(m, ARCHIVED_TABLES));
            }
            produceReconciliations(testbed.bootstrapServers(), ARCHIVED_TABLES);
            MeterRegistry registry = service.getBean(MeterRegistry.class);
            long events = (long) MIGRATIONS * ARCHIVED_TABLES;
            BenchStream.awaitApplied(registry, events, Duration.ofMinutes(30));
            await("every table matched in the metrics", () -> registry.find("migration.table.chunks")
                    .tag("state", "matched").gauges().stream().mapToDouble(Gauge::value).sum() >= events);
            long tracked = usedHeapAfterFullGc();
            int trackedScrape = scrape(service);

            // When every one of them is archived (forced: none of them went live)
            long start = System.nanoTime();
            for (int m = 0; m < MIGRATIONS; m++) {
                if (!(archiving.archive(migration(m), "bench", true, "footprint benchmark")
                        instanceof MigrationArchiving.Outcome.Done)) {
                    throw new AssertionError(migration(m) + " was not archived");
                }
            }
            double archiveSeconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(3_000); // a refresh of the gauges (every 2 s) later
            long archived = usedHeapAfterFullGc();
            int archivedScrape = scrape(service);

            // Then what they still hold, against what they held
            System.out.printf("%nARCHIVE FOOTPRINT BENCHMARK (%d migrations x %,d tables; archived in %.1f s)%n",
                    MIGRATIONS, ARCHIVED_TABLES, archiveSeconds);
            System.out.printf("  used heap after full GC: none %6.1f MiB, tracked %6.1f MiB, archived %6.1f MiB%n",
                    mib(none), mib(tracked), mib(archived));
            System.out.printf("  scrape                 : none %,d bytes, tracked %,d bytes, archived %,d bytes%n",
                    noneScrape, trackedScrape, archivedScrape);
            System.out.printf("  archived against tracked, above none: heap %.2f, scrape %.2f (target about 0)%n%n",
                    (double) (archived - none) / (tracked - none),
                    (double) (archivedScrape - noneScrape) / (trackedScrape - noneScrape));
        }
    }

    @Test
    void aMillionChunksOverAHundredMigrations() throws Exception {
        int chunks = MIGRATIONS * CHUNKS_PER_MIGRATION;
        try (Testbed testbed = Testbed.start("chunk_footprint_bench")) {
            long beforeService = usedHeapAfterFullGc();
            try (ConfigurableApplicationContext service = testbed.startService("--logging.level.root=WARN")) {
                // Given 100 migrations, each reconciled chunk by chunk
                long start = System.nanoTime();
                BenchStream.produce(testbed.bootstrapServers(), chunks,
                        i -> BenchStream.chunk(migration(i % MIGRATIONS), i / MIGRATIONS, true));
                BenchStream.awaitApplied(service.getBean(MeterRegistry.class), chunks, Duration.ofMinutes(30));
                double applySeconds = (System.nanoTime() - start) / 1e9;
                int scrapeBytes = scrape(service);

                // Then the heap after a full GC holds every chunk of every migration
                long used = usedHeapAfterFullGc();
                System.out.printf("%nFOOTPRINT BENCHMARK (%d migrations x %,d chunks, %,d reconciliations applied in %.1f s,"
                        + " scrape %,d bytes)%n", MIGRATIONS, CHUNKS_PER_MIGRATION, chunks, applySeconds, scrapeBytes);
                report(used, beforeService);
            }
        }
    }

    @Test
    void restartOfAMigrationOfHalfAMillionChunks() throws Exception {
        String migration = "restart-one";
        try (Testbed testbed = Testbed.start("restart_bench")) {
            // Given a migration past its FINAL sync with RESTART_CHUNKS matched chunks in the ledger
            BenchStream.produce(testbed.bootstrapServers(), RESTART_CHUNKS + 1, i -> i == 0
                    ? BenchStream.finalSyncCompleted(migration) : BenchStream.chunk(migration, i - 1, true));
            try (ConfigurableApplicationContext service = testbed.startService("--logging.level.root=WARN")) {
                BenchStream.awaitApplied(service.getBean(MeterRegistry.class), RESTART_CHUNKS + 1, Duration.ofMinutes(30));
            }
            // and, while the service is down, one more chunk that does not match
            BenchStream.produce(testbed.bootstrapServers(), 1, i -> BenchStream.chunk(migration, RESTART_CHUNKS, false));

            // When the service starts again
            long start = System.nanoTime();
            JsonNode restartedStatus;
            JsonNode restartedAlert;
            double contextSeconds;
            double judgingSeconds;
            try (ConfigurableApplicationContext service = testbed.startService("--logging.level.root=WARN",
                    "--logging.level.io.cutovermonitor.service.rules.MigrationBook=DEBUG")) {
                contextSeconds = (System.nanoTime() - start) / 1e9;
                restartedAlert = awaitMismatchAlert(testbed.bootstrapServers(), "migration.alerts", migration);
                judgingSeconds = (System.nanoTime() - start) / 1e9;
                restartedStatus = MigrationStatus.decided(MigrationStatus.of(service, migration));
            }

            // Then it decides as a run that was never interrupted: the same topic replayed into a fresh ledger
            PostgresSchema fresh = new PostgresSchema("restart_bench_replay");
            JsonNode replayedStatus;
            JsonNode replayedAlert;
            try (ConfigurableApplicationContext replay = testbed.startService(fresh, "--logging.level.root=WARN",
                    "--spring.kafka.consumer.group-id=replay-" + UUID.randomUUID(),
                    "--monitor.topics.alerts=migration.alerts.replay")) {
                BenchStream.awaitApplied(replay.getBean(MeterRegistry.class), RESTART_CHUNKS + 2, Duration.ofMinutes(30));
                replayedAlert = awaitMismatchAlert(testbed.bootstrapServers(), "migration.alerts.replay", migration);
                replayedStatus = MigrationStatus.decided(MigrationStatus.of(replay, migration));
            } finally {
                fresh.drop();
            }
            boolean sameAlert = decision(restartedAlert).equals(decision(replayedAlert));
            boolean sameStatus = restartedStatus.equals(replayedStatus);
            System.out.printf("%nRESTART BENCHMARK (one migration of %,d chunks in the PostgreSQL ledger)%n", RESTART_CHUNKS);
            System.out.printf("  service started (Spring context) : %5.1f s%n", contextSeconds);
            System.out.printf("  the new mismatch alerted after   : %5.1f s from the restart (target <= 10 s)%n",
                    judgingSeconds);
            System.out.printf("  the same as an uninterrupted run : alert %s, status %s%n%n", sameAlert ? "yes" : "NO",
                    sameStatus ? "yes" : "NO");
            if (!sameAlert || !sameStatus) {
                throw new AssertionError("the restart decided differently from the replay:%n%s%n%s%n%s%n%s".formatted(
                        restartedAlert, replayedAlert, restartedStatus, replayedStatus));
            }
        }
    }

    /** The integrity-mismatch alert of the migration on the topic, as soon as it is there. */
    private static JsonNode awaitMismatchAlert(String bootstrap, String topic, String migration) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> alert = AlertsTopic.alertsOf(bootstrap, topic, migration).stream()
                    .filter(a -> a.get("data").get("rule").asString().equals("integrity-mismatch")).findFirst();
            if (alert.isPresent()) {
                return alert.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no integrity-mismatch alert of " + migration + " on " + topic + " within 5 minutes");
    }

    /** What the alert decided, without the CloudEvent envelope's own id and time. */
    private static JsonNode decision(JsonNode alert) {
        return alert.get("data");
    }

    private static void report(long used, long beforeService) {
        System.out.printf("  used heap after full GC : %6.1f MiB (broker, test and service in one JVM)%n", mib(used));
        System.out.printf("  of it before the service: %6.1f MiB (broker and test)%n", mib(beforeService));
        System.out.printf("  the service's share     : %6.1f MiB%n", mib(used - beforeService));
        System.out.printf("  ratio                   : %.2f of 512 MiB (target <= 1.00; the service alone %.2f)%n%n",
                (double) used / LIMIT, (double) (used - beforeService) / LIMIT);
    }

    private static String migration(int m) {
        return "footprint-%03d".formatted(m);
    }

    private static String table(int t) {
        return "app_table_%04d".formatted(t);
    }

    private static String plan(int m, int tables) {
        return "migration: " + migration(m) + "\ntables: ["
                + IntStream.range(0, tables).mapToObj(FootprintBenchmark::table).collect(Collectors.joining(", ")) + "]\n";
    }

    /** One whole-table reconciliation per table, both sides reported and matching, as the reconciler sends them. */
    private static void produceReconciliations(String bootstrap, int tables) {
        BenchStream.produce(bootstrap, MIGRATIONS * tables, i -> {
            int t = i / MIGRATIONS;
            int m = i % MIGRATIONS;
            String migration = migration(m);
            String checksum = "%016x".formatted((long) m * TABLES + t);
            return new String[]{migration, """
                    {"specversion":"1.0","id":"rec-%s-%d","source":"/reconciler/bench","type":"migration.reconciliation.v1","time":"%s","datacontenttype":"application/json","data":{"migrationId":"%s","runId":"full-1","table":"%s","source":{"rowCount":%d,"checksum":"%s"},"target":{"rowCount":%d,"checksum":"%s"},"algorithm":"canonical-sha256"}}"""
                    .formatted(migration, t, BenchStream.NIGHT.plusSeconds(t), migration, table(t), 1000 + t, checksum,
                            1000 + t, checksum)};
        });
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
