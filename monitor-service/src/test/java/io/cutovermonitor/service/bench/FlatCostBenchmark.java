package io.cutovermonitor.service.bench;

import io.cutovermonitor.service.support.Testbed;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.function.IntFunction;

/**
 * Flat cost (issue 13): the cost of an event must not grow with the size of the migration it belongs to. The whole
 * stream is produced first, then the service (PostgreSQL ledger, every rule on) applies it at full speed; the rate
 * over each fifth of the stream is measured, and the last fifth's is printed as a ratio of the first's (target
 * >= 0.9). Three shapes: one migration receiving every reconciliation chunk; the same chunks spread over 100
 * migrations; throughput reports into one migration over 24 h of event time, each with an interval end of its own,
 * and the same during a running cutover, which keeps every bucket since it started.
 * Run: {@code ./mvnw -B -Pbench -pl monitor-service -am verify -Dbench=FlatCostBenchmark}
 * ({@code -Dbench.chunks=500000 -Dbench.throughputEvents=1000000}).
 */
class FlatCostBenchmark {

    private static final int CHUNKS = Integer.getInteger("bench.chunks", 500_000);
    private static final int THROUGHPUT_EVENTS = Integer.getInteger("bench.throughputEvents", 1_000_000);

    @Test
    void chunksIntoOneMigration() throws Exception {
        measure("reconciliation chunks into one migration", CHUNKS, i -> BenchStream.chunk("flat-one", i, true));
    }

    @Test
    void chunksSpreadOverAHundredMigrations() throws Exception {
        measure("reconciliation chunks over 100 migrations", CHUNKS,
                i -> BenchStream.chunk("flat-" + (i % 100), i / 100, true));
    }

    @Test
    void throughputIntoOneMigrationOverADay() throws Exception {
        long step = 86_400_000_000L / THROUGHPUT_EVENTS; // microseconds of event time between reports
        measure("throughput reports into one migration over 24 h", THROUGHPUT_EVENTS, i -> {
            Instant end = BenchStream.NIGHT.plusNanos(1000L * step * (i + 1));
            return new String[]{"flat-throughput", """
                    {"specversion":"1.0","id":"t-%d","source":"/bench/dms","type":"migration.throughput.v1","time":"%s","data":{"migrationId":"flat-throughput","component":"dms","records":14,"intervalStart":"%s","intervalEnd":"%s"}}"""
                    .formatted(i, end, end.minusSeconds(60), end)};
        });
    }

    /**
     * A running cutover keeps every bucket since it started (its peak is computed from them when it completes): the
     * reports of a 6-hour cutover night, each with its own interval end.
     */
    @Test
    void throughputDuringARunningCutover() throws Exception {
        long step = 6L * 3_600_000_000L / THROUGHPUT_EVENTS; // microseconds of event time between reports
        measure("throughput reports into one migration during a 6-hour cutover", THROUGHPUT_EVENTS, i -> {
            if (i == 0) {
                return new String[]{"flat-cutover", """
                        {"specversion":"1.0","id":"cutover-started","source":"/bench/runbook","type":"migration.phase.v1","time":"%s","data":{"migrationId":"flat-cutover","phase":"CUTOVER","status":"STARTED"}}"""
                        .formatted(BenchStream.NIGHT)};
            }
            Instant end = BenchStream.NIGHT.plusNanos(1000L * step * i);
            return new String[]{"flat-cutover", """
                    {"specversion":"1.0","id":"t-%d","source":"/bench/dms","type":"migration.throughput.v1","time":"%s","data":{"migrationId":"flat-cutover","component":"dms","records":14,"intervalStart":"%s","intervalEnd":"%s"}}"""
                    .formatted(i, end, end.minusSeconds(60), end)};
        });
    }

    private static void measure(String shape, int events, IntFunction<String[]> event) throws Exception {
        try (Testbed testbed = Testbed.start("flat_bench")) {
            BenchStream.produce(testbed.bootstrapServers(), events, event);
            try (ConfigurableApplicationContext service = testbed.startService(
                    "--spring.kafka.listener.auto-startup=false", "--logging.level.root=WARN")) {
                MeterRegistry registry = service.getBean(MeterRegistry.class);
                long[] fifthDoneAt = new long[6];
                fifthDoneAt[0] = System.nanoTime();
                service.getBean(KafkaListenerEndpointRegistry.class).start();
                for (int fifth = 1; fifth <= 5; fifth++) {
                    BenchStream.awaitApplied(registry, (double) events * fifth / 5, Duration.ofMinutes(30));
                    fifthDoneAt[fifth] = System.nanoTime();
                }
                double[] rates = new double[5];
                StringBuilder line = new StringBuilder();
                for (int fifth = 0; fifth < 5; fifth++) {
                    rates[fifth] = events / 5.0 / ((fifthDoneAt[fifth + 1] - fifthDoneAt[fifth]) / 1e9);
                    line.append(String.format("%s%,.0f", fifth == 0 ? "" : " · ", rates[fifth]));
                }
                System.out.printf("%nFLAT COST BENCHMARK: %,d %s (PostgreSQL ledger, rules on)%n", events, shape);
                System.out.printf("  events/s over each fifth : %s%n", line);
                System.out.printf("  whole stream             : %,.0f events/s in %.1f s%n",
                        events / ((fifthDoneAt[5] - fifthDoneAt[0]) / 1e9), (fifthDoneAt[5] - fifthDoneAt[0]) / 1e9);
                System.out.printf("  last fifth / first fifth : %.2f (target >= 0.90)%n%n", rates[4] / rates[0]);
            }
        }
    }
}
