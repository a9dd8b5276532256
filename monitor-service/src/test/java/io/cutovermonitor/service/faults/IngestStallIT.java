package io.cutovermonitor.service.faults;

import io.cutovermonitor.service.support.Health;
import io.cutovermonitor.service.support.Kcat;
import io.cutovermonitor.service.support.Ledger;
import io.cutovermonitor.service.support.PostgresSchema;
import io.cutovermonitor.service.support.TcpProxy;
import io.cutovermonitor.service.support.Testbed;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A partition that cannot advance is never silent (SPEC section 10), whatever the cause: here the ledger is
 * unreachable while records wait, so the listener retries without end. Two instances share one consumer group on a
 * real broker, their ledger on the real PostgreSQL behind a {@link TcpProxy} the test cuts. The instance that owns
 * the waiting records' partition turns {@code /actuator/health} 503 with {@code ingest} DOWN naming the partition,
 * its offset and for how long, and its {@code migration_ingest_stalled_seconds} for that partition counts up; the
 * other instance judges only its own partitions and stays UP for ingest. When the database is back, the partition
 * advances and both are UP and 0 again.
 */
class IngestStallIT {

    private static final Duration STALL_AFTER = Duration.ofSeconds(5);
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(500);
    private static final String TOPIC = "migration.telemetry";
    private static final String STALLED = "migration_ingest_stalled_seconds";
    private static final String LAG = "migration_ingest_lag_seconds";
    private static final Pattern PARTITION_LABEL = Pattern.compile("partition=\"(\\d+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final String OPERATOR = "ops-probe";
    private static final String OPERATOR_PASSWORD = "probe-secret";

    @Test
    void aPartitionTheLedgerCannotTakeTurnsIngestDownOnItsOwnerAndCountsUntilItAdvances() throws Exception {
        String[] arguments = {"--monitor.ingest.stall-after=" + STALL_AFTER.toSeconds() + "s",
                "--monitor.ingest.check-interval=" + CHECK_INTERVAL.toMillis() + "ms",
                // one consumer per instance: two members, three partitions, so each instance owns some
                "--spring.kafka.listener.concurrency=1",
                // health names its components only to an operator; the probe signs in as one
                "--monitor.security.users[0].name=" + OPERATOR,
                "--monitor.security.users[0].password={noop}" + OPERATOR_PASSWORD,
                "--monitor.security.users[0].roles=OPERATOR"};
        try (Testbed testbed = Testbed.start("ingest_stall_it");
             TcpProxy database = TcpProxy.to(PostgresSchema.ADDRESS);
             ConfigurableApplicationContext one = testbed.startServiceThrough(database, arguments);
             ConfigurableApplicationContext other = testbed.startServiceThrough(database, arguments)) {
            int[] ports = {Testbed.httpPort(one), Testbed.httpPort(other)};
            Ledger ledger = new Ledger(testbed.schema());
            Kcat kcat = new Kcat(testbed.bootstrapServers());

            // Given two instances in one group, each exporting a series at 0 for exactly the partitions it owns
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                Set<Integer> a = series(STALLED, ports[0]).keySet();
                Set<Integer> b = series(STALLED, ports[1]).keySet();
                Set<Integer> both = new HashSet<>(a);
                both.addAll(b);
                return !a.isEmpty() && !b.isEmpty() && both.equals(Set.of(0, 1, 2)) && a.size() + b.size() == 3;
            });
            int owner = series(STALLED, ports[0]).size() == 1 ? ports[0] : ports[1];
            int bystander = owner == ports[0] ? ports[1] : ports[0];
            int partition = series(STALLED, owner).keySet().iterator().next();
            assertThat(series(STALLED, owner)).containsExactly(Map.entry(partition, 0.0));
            assertThat(series(STALLED, bystander)).hasSize(2).doesNotContainKey(partition)
                    .allSatisfy((p, seconds) -> assertThat(seconds).isZero());

            // and one migration (a key kcat puts on the owner's partition) whose first events are applied
            String migration = Kcat.keyOnPartition("stall", partition, 3);
            List<String> before = checks(migration, 0, 5);
            List<String> during = checks(migration, 5, 5);
            kcat.produce(TOPIC, migration, List.of(), before);
            await().atMost(Duration.ofSeconds(60)).until(() -> ledger.rows(migration) == before.size());
            assertThat(ledger.partitionsOf(migration)).containsExactly(partition);
            assertThat(health(owner).component("ingest")).isEqualTo("UP");

            // When the ledger is unreachable, nothing waiting yet: longer than stall-after passes
            database.cut();
            Thread.sleep(STALL_AFTER.plusSeconds(2).toMillis());

            // Then the database is DOWN but ingest is not: no record waits on any partition
            Health idle = health(owner);
            assertThat(idle.httpStatus()).isEqualTo(503);
            assertThat(idle.component("db")).as(idle.toString()).isEqualTo("DOWN");
            assertThat(idle.component("ingest")).as(idle.toString()).isEqualTo("UP");
            assertThat(series(STALLED, owner)).containsExactly(Map.entry(partition, 0.0));

            // When records arrive that the listener cannot store
            long producedAt = System.nanoTime();
            kcat.produce(TOPIC, migration, List.of(), during);

            // Then the owner says so once they have waited longer than stall-after, not before: 503, ingest DOWN,
            // the partition named with the offset it is stuck at, the records behind it, and for how long
            Health down = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> health(owner), h -> "DOWN".equals(h.component("ingest")));
            long downAfterMillis = (System.nanoTime() - producedAt) / 1_000_000;
            System.out.printf("ingest DOWN %d ms after the records were produced: %s%n", downAfterMillis, down);
            assertThat(downAfterMillis).as("ms until ingest DOWN").isGreaterThan(STALL_AFTER.toMillis());
            assertThat(down.httpStatus()).isEqualTo(503);
            assertThat(down.status()).isEqualTo("DOWN");
            JsonNode stalled = down.body().path("components").path("ingest").path("details").path("stalled");
            assertThat(stalled.size()).as(down.toString()).isEqualTo(1);
            assertThat(stalled.get(0).path("partition").asString()).isEqualTo(TOPIC + "-" + partition);
            assertThat(stalled.get(0).path("offset").asLong()).isEqualTo(before.size());
            assertThat(stalled.get(0).path("waiting").asLong()).isEqualTo(during.size());
            assertThat(stalled.get(0).path("stalledSeconds").asLong()).isGreaterThanOrEqualTo(STALL_AFTER.toSeconds());
            assertThat(Duration.parse(stalled.get(0).path("stalledFor").asString())).isGreaterThan(STALL_AFTER);
            assertThat(down.body().path("components").path("ingest").path("details").path("partitions")
                    .path(TOPIC + "-" + partition).path("lagSeconds").asLong())
                    .isGreaterThanOrEqualTo(stalled.get(0).path("stalledSeconds").asLong());

            // And its gauge for the partition counts up while it lasts
            double first = series(STALLED, owner).get(partition);
            Thread.sleep(2_000);
            double later = series(STALLED, owner).get(partition);
            assertThat(first).isGreaterThan(STALL_AFTER.toSeconds());
            assertThat(later).isGreaterThanOrEqualTo(first + 1.5);
            assertThat(series(STALLED, owner)).containsOnlyKeys(partition);
            // and the monitor's lag in seconds: the oldest waiting record has waited at least as long as the stall
            assertThat(series(LAG, owner)).containsOnlyKeys(partition);
            assertThat(series(LAG, owner).get(partition)).isGreaterThanOrEqualTo(later)
                    .isLessThanOrEqualTo((System.nanoTime() - producedAt) / 1e9
                            + CHECK_INTERVAL.toMillis() / 1000.0 + 0.5);
            assertThat(series(LAG, bystander)).hasSize(2).allSatisfy((p, seconds) -> assertThat(seconds).isZero());

            // And the other instance judges only its own partitions, on which nothing waits
            Health elsewhere = health(bystander);
            assertThat(elsewhere.component("db")).isEqualTo("DOWN");
            assertThat(elsewhere.component("ingest")).as(elsewhere.toString()).isEqualTo("UP");
            assertThat(series(STALLED, bystander)).hasSize(2).doesNotContainKey(partition)
                    .allSatisfy((p, seconds) -> assertThat(seconds).isZero());
            assertThat(ledger.rows(migration)).as("ledger rows while the database is away").isEqualTo(before.size());

            // When the database is back
            database.restore();
            long restoredAt = System.nanoTime();

            // Then the partition advances: health UP (ingest too), the gauge 0, every record stored
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                Health h = health(owner);
                return h.httpStatus() == 200 && "UP".equals(h.component("ingest"));
            });
            System.out.printf("ingest UP again %d ms after the database came back%n",
                    (System.nanoTime() - restoredAt) / 1_000_000);
            assertThat(ledger.rows(migration)).isEqualTo(before.size() + during.size());
            assertThat(series(STALLED, owner)).containsExactly(Map.entry(partition, 0.0));
            await().atMost(Duration.ofSeconds(30)).until(() -> series(LAG, owner).equals(Map.of(partition, 0.0)));
            Health recovered = health(owner);
            assertThat(recovered.body().path("components").path("ingest").path("details").has("stalled")).isFalse();
            assertThat(recovered.body().path("components").path("ingest").path("details").path("partitions")
                    .path(TOPIC + "-" + partition).path("offset").asLong()).isEqualTo(before.size() + during.size());
            await().atMost(Duration.ofSeconds(30)).until(() -> health(bystander).httpStatus() == 200);
        }
    }

    /** {@code count} passing connectivity checks of a migration, numbered from {@code from}. */
    private static List<String> checks(String migration, int from, int count) {
        List<String> events = new ArrayList<>();
        IntStream.range(from, from + count).forEach(i -> events.add("""
                {"specversion":"1.0","id":"%s-check-%d","source":"/oms/checks","type":"migration.check.v1",\
                "time":"2025-11-15T21:%02d:00Z","data":{"migrationId":"%s","check":"erp-api","kind":"CONNECTIVITY",\
                "passed":true,"latencyMs":120}}""".formatted(migration, i, i, migration)));
        return events;
    }

    private static Health health(int port) throws IOException, InterruptedException {
        return Health.of(port, Duration.ofSeconds(5), OPERATOR, OPERATOR_PASSWORD);
    }

    /** A per-partition gauge ({@code migration_ingest_stalled_seconds}, ...) as the instance exports it now. */
    private static Map<Integer, Double> series(String name, int port) throws IOException, InterruptedException {
        String scrape = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/prometheus")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<Integer, Double> series = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
        while (m.find()) {
            Matcher partition = PARTITION_LABEL.matcher(m.group(1));
            assertThat(partition.find()).as(m.group()).isTrue();
            series.put(Integer.parseInt(partition.group(1)), Double.parseDouble(m.group(2)));
        }
        return series;
    }
}
