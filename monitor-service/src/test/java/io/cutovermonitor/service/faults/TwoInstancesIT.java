package io.cutovermonitor.service.faults;

import io.cutovermonitor.service.support.AlertsTopic;
import io.cutovermonitor.service.support.ContractStream;
import io.cutovermonitor.service.support.Kcat;
import io.cutovermonitor.service.support.Ledger;
import io.cutovermonitor.service.support.PackagedService;
import io.cutovermonitor.service.support.Ports;
import io.cutovermonitor.service.support.PostgresSchema;
import io.cutovermonitor.service.support.Testbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the packaged service in one consumer group, on one broker and one PostgreSQL ledger, as in
 * production, sharing six migrations spread over the three partitions; one is killed with SIGKILL while the stream
 * flows. The other takes its partitions, picks those migrations up from the ledger and finishes the stream: every
 * event in the ledger exactly once, and the alerts on {@code migration.alerts} exactly the contract's (a single
 * instance's run), none FIRING twice, none missing.
 */
class TwoInstancesIT {

    private static final List<String> EXAMPLES = List.of("01-cutover-overrun-core-function.json",
            "02-integrity-rollback-after-go-live.json", "03-overrun-and-deadline.json");
    private static final int PARTITIONS = 3;

    @TempDir
    Path workingDirectory;

    private final List<PackagedService> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopInstances() {
        started.forEach(PackagedService::close);
    }

    @Test
    void theSurvivorTakesOverTheKilledInstancesMigrationsAndTheAlertsAreThoseOfASingleInstance() throws Exception {
        try (Testbed testbed = Testbed.start("two_it")) {
            Ledger ledger = new Ledger(testbed.schema());
            Kcat kcat = new Kcat(testbed.bootstrapServers());
            // six migrations, two on each partition, each partition with two different examples
            List<ContractStream> streams = new ArrayList<>();
            List<Integer> partitions = new ArrayList<>();
            for (int i = 0; i < 2 * PARTITIONS; i++) {
                partitions.add((i + i / PARTITIONS) % PARTITIONS);
                streams.add(ContractStream.of(EXAMPLES.get(i % EXAMPLES.size()),
                        Kcat.keyOnPartition("two", partitions.get(i), PARTITIONS)));
            }
            int valid = streams.stream().mapToInt(s -> s.validIds().size()).sum();

            // Given two instances in one group, started together, each consuming some of the partitions
            CompletableFuture<PackagedService> starting = startInstance(testbed, "doomed");
            CompletableFuture<PackagedService> startingToo = startInstance(testbed, "survivor");
            CompletableFuture.allOf(starting, startingToo).exceptionally(failed -> null).join(); // both done or failed
            PackagedService doomed = starting.join();
            PackagedService survivor = startingToo.join();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    assignedPartitions(doomed) + assignedPartitions(survivor) == PARTITIONS
                            && assignedPartitions(doomed) > 0 && assignedPartitions(survivor) > 0);

            // When the first two thirds of every stream flow in, and one instance is killed with SIGKILL meanwhile
            CompletableFuture<Void> firstPart = CompletableFuture.runAsync(() -> produce(kcat, streams, 0, 2));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> totalRows(ledger, streams) >= valid / 4);
            doomed.kill();
            firstPart.get(60, TimeUnit.SECONDS);

            // Then the survivor takes every partition over
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> assignedPartitions(survivor) == PARTITIONS);

            // And, the rest of the streams arriving, every valid event is in the ledger exactly once
            produce(kcat, streams, 2, 3);
            await().atMost(Duration.ofSeconds(90)).until(() -> totalRows(ledger, streams) == valid);
            for (int i = 0; i < streams.size(); i++) {
                String migration = streams.get(i).migration();
                assertThat(ledger.rows(migration)).as(migration).isEqualTo(streams.get(i).validIds().size());
                assertThat(ledger.distinctEvents(migration)).as(migration).isEqualTo(ledger.rows(migration));
                assertThat(ledger.partitionsOf(migration)).as(migration).containsExactly(partitions.get(i));
            }

            // And every migration's alerts are exactly the plan's verdicts, none FIRING twice, none missing
            for (ContractStream stream : streams) {
                await().atMost(Duration.ofSeconds(60)).until(() -> AlertsTopic.transitionsOf(
                        testbed.bootstrapServers(), stream.migration()).size() >= stream.expectedTransitions().size());
            }
            Thread.sleep(5_000); // time enough for an extra one
            for (ContractStream stream : streams) {
                assertThat(AlertsTopic.transitionsOf(testbed.bootstrapServers(), stream.migration()))
                        .as("alerts of %s", stream.migration())
                        .containsExactlyInAnyOrderElementsOf(stream.expectedTransitions());
            }
        }
    }

    /** Starts one instance of the packaged service on the shared broker and ledger. */
    private CompletableFuture<PackagedService> startInstance(Testbed testbed, String name) {
        PostgresSchema schema = testbed.schema();
        return CompletableFuture.supplyAsync(() -> {
            try {
                PackagedService instance = PackagedService.start(workingDirectory, name, Ports.free(), List.of(
                        "--spring.kafka.bootstrap-servers=" + testbed.bootstrapServers(),
                        "--spring.datasource.url=" + schema.url(),
                        "--spring.datasource.username=" + PostgresSchema.USER,
                        "--spring.flyway.schemas=" + schema.name(),
                        // the group notices a dead member after 10 s rather than the default 45 s
                        "--spring.kafka.consumer.properties.session.timeout.ms=10000"));
                started.add(instance);
                return instance;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Slices {@code from}/3 to {@code to}/3 of every stream, produced by kcat a few records at a time, the
     * migrations interleaved, as tools report while a cutover runs.
     */
    private static void produce(Kcat kcat, List<ContractStream> streams, int from, int to) {
        int slice = 10;
        List<List<String>> parts = streams.stream().map(s -> {
            List<String> records = s.records();
            return records.subList(records.size() * from / 3, records.size() * to / 3);
        }).toList();
        int longest = parts.stream().mapToInt(List::size).max().orElse(0);
        for (int offset = 0; offset < longest; offset += slice) {
            for (int i = 0; i < streams.size(); i++) {
                List<String> part = parts.get(i);
                if (offset < part.size()) {
                    kcat.produce("migration.telemetry", streams.get(i).migration(),
                            List.of("content-type=application/cloudevents+json"),
                            part.subList(offset, Math.min(offset + slice, part.size())));
                }
            }
        }
    }

    private static long totalRows(Ledger ledger, List<ContractStream> streams) {
        return streams.stream().mapToLong(s -> Math.max(0, ledger.rows(s.migration()))).sum();
    }

    /**
     * The telemetry partitions an instance's consumers hold, as its {@code /actuator/prometheus} tells an operator
     * (the Kafka client's {@code assigned-partitions}).
     */
    private static int assignedPartitions(PackagedService instance) throws IOException, InterruptedException {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(instance.url("/actuator/prometheus"))).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return (int) metrics.lines().filter(line -> line.startsWith("kafka_consumer_coordinator_assigned_partitions{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
