package io.cutovermonitor.service.faults;

import io.cutovermonitor.service.support.AlertsTopic;
import io.cutovermonitor.service.support.BrokerProcess;
import io.cutovermonitor.service.support.ContractStream;
import io.cutovermonitor.service.support.Health;
import io.cutovermonitor.service.support.Kcat;
import io.cutovermonitor.service.support.Ledger;
import io.cutovermonitor.service.support.PostgresSchema;
import io.cutovermonitor.service.support.Testbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka broker killed with SIGKILL in the middle of a cutover stream and started again on its data directory
 * and ports, while the service keeps running against it: the service reconnects by itself, every event is in the
 * ledger exactly once, and the alerts on {@code migration.alerts} are exactly those of an uninterrupted run, none
 * FIRING twice.
 * <p>
 * The broker runs in a JVM of its own ({@link BrokerProcess}, the product's embedded broker), so that SIGKILL is
 * what a crashed broker host does: no controlled shutdown, no goodbye to the clients, log recovery on the next
 * start. The service runs in this JVM, so the test can see that it is the same service throughout.
 */
class BrokerRestartIT {

    /** How long the broker stays dead before it is started again (its start then takes a few seconds more). */
    private static final Duration DOWN = Duration.ofSeconds(10);

    @TempDir
    Path work;

    @Test
    void aBrokerKilledMidStreamAndStartedAgainCostsNoEventAndNoSecondFiring() throws Exception {
        String migration = "broker-" + UUID.randomUUID().toString().substring(0, 8);
        ContractStream stream = ContractStream.of("02-integrity-rollback-after-go-live", migration);
        List<String> records = stream.records();
        BrokerProcess broker = BrokerProcess.start(work);
        try (Testbed testbed = Testbed.on(broker, "broker_restart_it");
             ConfigurableApplicationContext service = testbed.startService()) {
            Ledger ledger = new Ledger(testbed.schema());
            Kcat kcat = new Kcat(testbed.bootstrapServers());

            // Given the service applying the first half of a cutover stream
            int half = records.size() / 2;
            kcat.produce("migration.telemetry", migration, List.of(), records.subList(0, half));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> ledger.rows(migration) > 0);

            // When the broker is killed with SIGKILL mid-stream, stays dead a while, and starts again on its data
            broker.kill();
            System.out.printf("Broker killed with %d of %d valid events in the ledger, %d alerts not yet published%n",
                    ledger.rows(migration), stream.validIds().size(), ledger.unpublishedAlerts(migration));
            long killedAt = System.nanoTime();
            Thread.sleep(DOWN.toMillis());
            broker.start();
            System.out.printf("Broker dead for %d ms (SIGKILL to serving again)%n", millisSince(killedAt));
            kcat.produce("migration.telemetry", migration, List.of(), records.subList(half, records.size()));

            // Then every valid event is in the ledger exactly once
            long restartedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(90)).until(() -> ledger.rows(migration) >= stream.validIds().size());
            System.out.printf("Rest of the stream in the ledger %d ms after the broker was back%n",
                    millisSince(restartedAt));
            assertThat(ledger.rows(migration)).isEqualTo(stream.validIds().size());
            assertThat(ledger.distinctEvents(migration)).isEqualTo(stream.validIds().size());

            // And the alerts are exactly the contract's verdicts, none twice
            List<String> expected = stream.expectedTransitions();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> alerts(kcat, migration).size() >= expected.size());
            Thread.sleep(5_000); // any late duplicate would arrive by now
            assertThat(alerts(kcat, migration)).containsExactlyInAnyOrderElementsOf(expected);

            // And it is the same service that recovered, by itself: still running, listening, healthy
            assertThat(service.isActive()).isTrue();
            assertThat(service.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("telemetry")
                    .isRunning()).isTrue();
            assertThat(Health.of(Testbed.httpPort(service), Duration.ofSeconds(10)).status()).isEqualTo("UP");
        }
    }

    private static List<String> alerts(Kcat kcat, String migration) {
        return AlertsTopic.transitionsOf(kcat.bootstrapServers(), migration);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
