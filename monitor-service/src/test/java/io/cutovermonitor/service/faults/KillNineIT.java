package io.cutovermonitor.service.faults;

import io.cutovermonitor.service.support.AlertsTopic;
import io.cutovermonitor.service.support.ContractStream;
import io.cutovermonitor.service.support.Kcat;
import io.cutovermonitor.service.support.Ledger;
import io.cutovermonitor.service.support.PackagedService;
import io.cutovermonitor.service.support.Ports;
import io.cutovermonitor.service.support.PostgresSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged service, with its embedded broker and the PostgreSQL ledger, killed with SIGKILL in the middle of a
 * cutover stream and started again on the same data: every event in the ledger exactly once, and the alerts on
 * {@code migration.alerts} exactly those of an uninterrupted run, none FIRING twice.
 */
class KillNineIT {

    @TempDir
    Path workingDirectory;

    private final PostgresSchema schema = new PostgresSchema("kill_it");
    private final Ledger ledger = new Ledger(schema);
    private final List<PackagedService> started = new ArrayList<>();
    private int kafkaPort;
    private int controllerPort;
    private int httpPort;

    @AfterEach
    void stopEverything() {
        started.forEach(PackagedService::close);
        schema.drop();
    }

    @Test
    void killedMidStreamTheServiceLosesNothingAndFiresNothingTwice() throws Exception {
        kafkaPort = Ports.free();
        controllerPort = Ports.free();
        httpPort = Ports.free();
        String migration = "kill-" + UUID.randomUUID().toString().substring(0, 8);
        ContractStream stream = ContractStream.of("02-integrity-rollback-after-go-live.json", migration);
        List<String> records = stream.records();
        int valid = stream.validIds().size();

        // Given the service applying the first part of a cutover stream
        PackagedService first = startService();
        Kcat kcat = new Kcat("127.0.0.1:" + kafkaPort);
        int third = records.size() / 3;
        kcat.produce("migration.telemetry", migration, List.of(), records.subList(0, 2 * third));
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger.rows(migration) > third);

        // When it is killed with SIGKILL and started again on the same data, and the rest arrives
        first.kill();
        startService();
        kcat.produce("migration.telemetry", migration, List.of(), records.subList(2 * third, records.size()));

        // Then every valid event is in the ledger exactly once
        await().atMost(Duration.ofSeconds(120)).until(() -> ledger.rows(migration) == valid);
        assertThat(ledger.distinctEvents(migration)).isEqualTo(valid);

        // And the alerts are exactly the plan's verdicts, none twice
        List<String> expected = stream.expectedTransitions();
        await().atMost(Duration.ofSeconds(60)).until(() -> alerts(kcat, migration).size() >= expected.size());
        Thread.sleep(5_000);
        assertThat(alerts(kcat, migration)).containsExactlyInAnyOrderElementsOf(expected);
    }

    private PackagedService startService() throws IOException {
        PackagedService service = PackagedService.start(workingDirectory, "service", httpPort, List.of(
                "--spring.datasource.url=" + schema.url(),
                "--spring.datasource.username=" + PostgresSchema.USER,
                "--spring.flyway.schemas=" + schema.name(),
                "--monitor.broker.port=" + kafkaPort,
                "--monitor.broker.controller-port=" + controllerPort));
        started.add(service);
        return service;
    }

    private static List<String> alerts(Kcat kcat, String migration) {
        return AlertsTopic.transitionsOf(kcat.bootstrapServers(), migration);
    }
}
