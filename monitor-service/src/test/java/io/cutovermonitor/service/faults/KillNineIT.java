package io.cutovermonitor.service.faults;

import io.cutovermonitor.service.support.AlertsTopic;
import io.cutovermonitor.service.support.ContractStream;
import io.cutovermonitor.service.support.Health;
import io.cutovermonitor.service.support.Kcat;
import io.cutovermonitor.service.support.Ports;
import io.cutovermonitor.service.support.PostgresSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
    private final List<Process> started = new ArrayList<>();
    private int kafkaPort;
    private int controllerPort;
    private int httpPort;

    @AfterEach
    void stopEverything() {
        started.forEach(Process::destroyForcibly);
        schema.drop();
    }

    @Test
    void killedMidStreamTheServiceLosesNothingAndFiresNothingTwice() throws Exception {
        kafkaPort = Ports.free();
        controllerPort = Ports.free();
        httpPort = Ports.free();
        String migration = "kill-" + UUID.randomUUID().toString().substring(0, 8);
        ContractStream stream = ContractStream.of("02-integrity-rollback-after-go-live", migration);
        List<String> records = stream.records();

        // Given the service applying the first part of a cutover stream
        Process first = startService();
        Kcat kcat = new Kcat("127.0.0.1:" + kafkaPort);
        int third = records.size() / 3;
        kcat.produce("migration.telemetry", migration, List.of(), records.subList(0, 2 * third));
        await().atMost(Duration.ofSeconds(60)).until(() -> schema.ledgerRows(migration) > third);

        // When it is killed with SIGKILL and started again on the same data, and the rest arrives
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        startService();
        kcat.produce("migration.telemetry", migration, List.of(), records.subList(2 * third, records.size()));

        // Then every valid event is in the ledger exactly once
        await().atMost(Duration.ofSeconds(120)).until(() -> schema.ledgerRows(migration) == stream.validIds().size());
        assertThat(schema.distinctLedgerRows(migration)).isEqualTo(stream.validIds().size());

        // And the alerts are exactly the plan's verdicts, none twice
        List<String> expected = stream.expectedTransitions();
        await().atMost(Duration.ofSeconds(60)).until(() -> alerts(kcat, migration).size() >= expected.size());
        Thread.sleep(5_000);
        assertThat(alerts(kcat, migration)).containsExactlyInAnyOrderElementsOf(expected);
    }

    private Process startService() throws IOException {
        Process service = new ProcessBuilder(javaBinary(), "-jar", packagedJar().toString(),
                "--spring.datasource.url=" + schema.url(),
                "--spring.datasource.username=" + PostgresSchema.USER,
                "--spring.flyway.schemas=" + schema.name(),
                "--monitor.broker.port=" + kafkaPort,
                "--monitor.broker.controller-port=" + controllerPort,
                "--server.port=" + httpPort)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workingDirectory.resolve("service.log").toFile()))
                .start();
        started.add(service);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> healthy(service));
        return service;
    }

    private boolean healthy(Process service) {
        assertThat(service.isAlive()).as("the service process is running; see its log in " + workingDirectory).isTrue();
        try {
            return Health.of(httpPort, Duration.ofSeconds(5)).status().equals("UP");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> alerts(Kcat kcat, String migration) {
        return AlertsTopic.transitionsOf(kcat.bootstrapServers(), migration);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path packagedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("monitor-service-.*\\.jar"))
                    .map(Path::toAbsolutePath).findFirst()
                    .orElseThrow(() -> new IllegalStateException("package the service first (mvn package)"));
        }
    }
}
