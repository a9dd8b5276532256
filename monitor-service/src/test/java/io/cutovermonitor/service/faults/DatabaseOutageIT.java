package io.cutovermonitor.service.faults;

import io.cutovermonitor.service.support.AlertsTopic;
import io.cutovermonitor.service.support.ContractStream;
import io.cutovermonitor.service.support.Health;
import io.cutovermonitor.service.support.Kcat;
import io.cutovermonitor.service.support.Ledger;
import io.cutovermonitor.service.support.PostgresSchema;
import io.cutovermonitor.service.support.TcpProxy;
import io.cutovermonitor.service.support.Testbed;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL unreachable for 30 seconds in the middle of a cutover stream, while events keep arriving: health says
 * the database is down, nothing is skipped or dead-lettered for it, and the service resumes by itself when the
 * database is back — every valid event in the ledger exactly once, only the stream's bad records on the dead-letter
 * topic, and the alerts exactly those of an uninterrupted run, none FIRING twice.
 * <p>
 * The machine's PostgreSQL is shared and stays up: the service reaches it through a {@link TcpProxy} that the test
 * cuts (every connection dropped, new ones refused) and restores.
 */
class DatabaseOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(30);
    /** How long a probe waits for {@code /actuator/health}, like a load balancer's health check. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    /** Health shows which component is down only to an OPERATOR; every other probe signs in as one. */
    private static final String OPERATOR = "ops-probe";
    private static final String OPERATOR_PASSWORD = "probe-secret";

    /**
     * One health probe during the outage: when (after the cut), signed in as an OPERATOR or anonymous, what it
     * answered (null: nothing in time), how fast.
     */
    record Probe(long atMillis, boolean signedIn, Health answer, long tookMillis) {
    }

    @Test
    void thirtySecondsWithoutTheDatabaseCostNoRecordAndNoSecondFiring() throws Exception {
        String migration = "dbdown-" + UUID.randomUUID().toString().substring(0, 8);
        ContractStream stream = ContractStream.of("02-integrity-rollback-after-go-live", migration);
        List<String> records = stream.records();
        int third = records.size() / 3;
        // two records the contract rejects: one before the outage, one the first to arrive during it
        String notJson = "not an event: " + migration;
        String unknownPhase = """
                {"specversion":"1.0","id":"%s-bad","source":"/oms/runbook","type":"migration.phase.v1",\
                "time":"2025-12-01T20:00:00Z","data":{"migrationId":"%s","phase":"NO_SUCH_PHASE","status":"STARTED"}}\
                """.formatted(migration, migration);
        List<String> before = new ArrayList<>(records.subList(0, third));
        before.add(third / 2, notJson);
        List<String> during = new ArrayList<>(List.of(unknownPhase));
        during.addAll(records.subList(third, 2 * third));
        List<String> after = records.subList(2 * third, records.size());

        try (Testbed testbed = Testbed.start("db_outage_it");
             TcpProxy database = TcpProxy.to(PostgresSchema.ADDRESS);
             ConfigurableApplicationContext service = testbed.startServiceThrough(database,
                     "--monitor.security.users[0].name=" + OPERATOR,
                     "--monitor.security.users[0].password={noop}" + OPERATOR_PASSWORD,
                     "--monitor.security.users[0].roles=OPERATOR")) {
            int httpPort = Testbed.httpPort(service);
            Ledger ledger = new Ledger(testbed.schema());
            Kcat kcat = new Kcat(testbed.bootstrapServers());

            // Given the service has applied the first part of a cutover stream and published its alerts
            kcat.produce("migration.telemetry", migration, List.of(), before);
            await().atMost(Duration.ofSeconds(60)).until(() -> ledger.rows(migration) == third
                    && ledger.unpublishedAlerts(migration) == 0);
            assertThat(Health.of(httpPort, PROBE_TIMEOUT).status()).isEqualTo("UP");

            // When PostgreSQL is unreachable for 30 s while the stream goes on: a third of it arrives in three
            // bursts, the first led by a record that breaks the contract
            database.cut();
            long cutAt = System.nanoTime();
            List<Probe> probes = new CopyOnWriteArrayList<>();
            AtomicBoolean probing = new AtomicBoolean(true);
            CompletableFuture<Void> prober = CompletableFuture.runAsync(() -> {
                // an operator's probe, then a load balancer's (anonymous), and so on
                for (int i = 0; probing.get(); i++) {
                    probes.add(probe(httpPort, cutAt, i % 2 == 0));
                    sleep(Duration.ofSeconds(1));
                }
            });
            int burst = (during.size() + 2) / 3;
            for (int i = 0; i < 3; i++) {
                sleep(Duration.ofNanos(cutAt + i * OUTAGE.toNanos() / 3 - System.nanoTime()));
                kcat.produce("migration.telemetry", migration, List.of(),
                        during.subList(Math.min(i * burst, during.size()), Math.min((i + 1) * burst, during.size())));
            }
            sleep(Duration.ofNanos(cutAt + OUTAGE.toNanos() - System.nanoTime()));
            long rowsDuringOutage = ledger.rows(migration);
            database.restore();
            long restoredAt = System.nanoTime();
            probing.set(false);
            prober.get(30, TimeUnit.SECONDS);
            kcat.produce("migration.telemetry", migration, List.of(), after);
            probes.forEach(p -> System.out.printf("health %5d ms after the cut, %s: %s (answered in %d ms)%n",
                    p.atMillis(), p.signedIn() ? "operator " : "anonymous", p.answer() == null ? "no answer" : p.answer(),
                    p.tookMillis()));

            // Then health said so while it lasted: 503, DOWN, and to the operator the database the component that
            // is down; to an anonymous caller 503 and DOWN only
            assertThat(probes).as("operator's health probes during the outage").filteredOn(Probe::signedIn)
                    .anySatisfy(p -> {
                        assertThat(p.answer()).isNotNull();
                        assertThat(p.answer().httpStatus()).isEqualTo(503);
                        assertThat(p.answer().status()).isEqualTo("DOWN");
                        assertThat(p.answer().component("db")).isEqualTo("DOWN");
                    });
            assertThat(probes).as("anonymous health probes during the outage").filteredOn(p -> !p.signedIn())
                    .anySatisfy(p -> {
                        assertThat(p.answer()).isNotNull();
                        assertThat(p.answer().httpStatus()).isEqualTo(503);
                        assertThat(p.answer().status()).isEqualTo("DOWN");
                        assertThat(p.answer().body().has("components")).as(p.answer().toString()).isFalse();
                    });
            assertThat(rowsDuringOutage).as("ledger rows while the database was away").isEqualTo(third);

            // And the service resumes by itself: health UP again, every valid event in the ledger exactly once
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "UP".equals(statusOf(httpPort)));
            System.out.printf("Health UP again %d ms after the database came back%n", millisSince(restoredAt));
            await().atMost(Duration.ofSeconds(60)).until(() -> ledger.rows(migration) >= stream.validIds().size());
            System.out.printf("Whole stream in the ledger %d ms after the database came back%n", millisSince(restoredAt));
            assertThat(ledger.rows(migration)).isEqualTo(stream.validIds().size());
            assertThat(ledger.distinctEvents(migration)).isEqualTo(stream.validIds().size());

            // And the dead-letter topic holds the stream's two bad records and nothing else
            List<String> expected = stream.expectedTransitions();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> alerts(kcat, migration).size() >= expected.size());
            Thread.sleep(5_000); // any late duplicate or dead letter would arrive by now
            assertThat(kcat.valuesOf("migration.telemetry.dlt", migration))
                    .containsExactlyInAnyOrder(notJson, unknownPhase);

            // And the alerts are exactly the contract's verdicts, none twice
            assertThat(alerts(kcat, migration)).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static Probe probe(int httpPort, long cutAt, boolean signedIn) {
        long started = System.nanoTime();
        Health answer;
        try {
            answer = signedIn ? Health.of(httpPort, PROBE_TIMEOUT, OPERATOR, OPERATOR_PASSWORD)
                    : Health.of(httpPort, PROBE_TIMEOUT);
        } catch (IOException e) {
            answer = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = null;
        }
        return new Probe((started - cutAt) / 1_000_000, signedIn, answer, millisSince(started));
    }

    private static String statusOf(int httpPort) {
        try {
            return Health.of(httpPort, PROBE_TIMEOUT).status();
        } catch (IOException e) {
            return "no answer";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static List<String> alerts(Kcat kcat, String migration) {
        return AlertsTopic.transitionsOf(kcat.bootstrapServers(), migration);
    }

    private static void sleep(Duration duration) {
        if (duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
