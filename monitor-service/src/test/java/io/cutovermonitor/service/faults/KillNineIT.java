package io.cutovermonitor.service.faults;

import io.cutovermonitor.service.support.AlertsTopic;
import io.cutovermonitor.service.support.ContractStream;
import io.cutovermonitor.service.support.Kcat;
import io.cutovermonitor.service.support.PackagedService;
import io.cutovermonitor.service.support.Ports;
import io.cutovermonitor.service.support.PostgresSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged service, with its embedded broker, killed with SIGKILL twice at random points of a stream (a cutover
 * stream of the contract and 20 migrations of checks) and started again on the same data each time, on the
 * embedded default ledger and on PostgreSQL: every event Kafka took is in the ledger exactly once, per migration,
 * and the alerts on {@code migration.alerts} are exactly those of an uninterrupted run, no CloudEvent id twice. The
 * seed of the kill points is printed; {@code -Dkill.seed=N} repeats a run.
 */
class KillNineIT {

    private static final int MIGRATIONS = 20;
    private static final int CHECKS_EACH = 300;
    private static final Pattern ACCEPTED = Pattern.compile(
            "^migration_events_total\\{[^}]*outcome=\"accepted\"[^}]*} ([0-9.E]+)$", Pattern.MULTILINE);

    @TempDir
    Path workingDirectory;

    private final PostgresSchema schema = new PostgresSchema("kill_it");
    private final List<PackagedService> started = new ArrayList<>();
    private int kafkaPort;
    private int controllerPort;
    private int httpPort;
    private boolean onPostgres;

    @AfterEach
    void stopEverything() {
        started.forEach(PackagedService::close);
        schema.drop();
    }

    @ParameterizedTest(name = "{0} ledger")
    @ValueSource(strings = {"embedded", "PostgreSQL"})
    void killedTwiceMidStreamTheServiceLosesNothingAndFiresNothingTwice(String ledger) throws Exception {
        onPostgres = ledger.equals("PostgreSQL");
        kafkaPort = Ports.free();
        controllerPort = Ports.free();
        httpPort = Ports.free();
        long seed = Long.getLong("kill.seed", System.nanoTime());
        System.out.println("KillNineIT " + ledger + ": kill.seed=" + seed);
        Random random = new Random(seed);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String migration = "kill-" + run;
        ContractStream stream = ContractStream.of("02-integrity-rollback-after-go-live.json", migration);
        List<String> records = stream.records();
        List<String> checkMigrations = new ArrayList<>();
        for (int m = 0; m < MIGRATIONS; m++) {
            checkMigrations.add("kill-" + run + "-" + m);
        }

        // Given the service applying a cutover stream and a stream of checks
        PackagedService service = startService();
        Kcat kcat = new Kcat("127.0.0.1:" + kafkaPort);
        int third = records.size() / 3;
        kcat.produce("migration.telemetry", migration, List.of(), records.subList(0, third));
        produceChecks(kcat, checkMigrations, 0, CHECKS_EACH / 2);

        // When it is killed with SIGKILL at a random point, started again, killed again, and started again
        for (int kill = 0; kill < 2; kill++) {
            PackagedService running = service;
            int killAt = 200 + random.nextInt(2_000);
            await().atMost(Duration.ofSeconds(90)).until(() -> accepted(running) >= killAt);
            service.kill();
            service = startService();
            if (kill == 0) {
                kcat.produce("migration.telemetry", migration, List.of(), records.subList(third, 2 * third));
                produceChecks(kcat, checkMigrations, CHECKS_EACH / 2, CHECKS_EACH);
            }
        }
        kcat.produce("migration.telemetry", migration, List.of(), records.subList(2 * third, records.size()));

        // Then the alerts are exactly the plan's verdicts, none twice and no CloudEvent id twice
        List<String> expected = stream.expectedTransitions();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(
                AlertsTopic.transitionsOf(kcat.bootstrapServers(), migration)).containsExactlyInAnyOrderElementsOf(expected));
        Thread.sleep(5_000);
        assertThat(AlertsTopic.transitionsOf(kcat.bootstrapServers(), migration))
                .containsExactlyInAnyOrderElementsOf(expected);
        List<String> alertIds = new ArrayList<>();
        for (String m : checkMigrations) {
            AlertsTopic.alertsOf(kcat.bootstrapServers(), m).forEach(a -> alertIds.add(a.get("id").asString()));
        }
        AlertsTopic.alertsOf(kcat.bootstrapServers(), migration).stream().map(a -> a.get("id"))
                .map(JsonNode::asString).forEach(alertIds::add);
        assertThat(alertIds).doesNotHaveDuplicates();

        // And once the service has taken everything, a last SIGKILL loses none of it: every event Kafka took is in
        // the ledger exactly once, per migration
        int valid = stream.validIds().size();
        PackagedService last = service;
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> onPostgres ? rows(migration) == valid && checkRows(checkMigrations)
                        : lagIsZero(kcat));
        last.kill();
        assertThat(rows(migration)).isEqualTo(valid);
        for (String m : checkMigrations) {
            assertThat(rows(m)).as(m).isEqualTo(CHECKS_EACH);
        }
    }

    private boolean checkRows(List<String> migrations) throws SQLException {
        for (String m : migrations) {
            if (rows(m) != CHECKS_EACH) {
                return false;
            }
        }
        return true;
    }

    /**
     * The service's group has committed every record of {@code migration.telemetry}: the service acknowledged them,
     * which it does only after the ledger committed them (what SIGKILL must not lose).
     */
    private static boolean lagIsZero(Kcat kcat) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kcat.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("cutover-monitor")
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().stream().filter(p -> p.topic().equals("migration.telemetry"))
                    .forEach(p -> latest.put(p, OffsetSpec.latest()));
            if (latest.size() < 3) {
                return false;
            }
            var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            return latest.keySet().stream().allMatch(p -> committed.get(p).offset() >= ends.get(p).offset());
        }
    }

    private static void produceChecks(Kcat kcat, List<String> migrations, int from, int to) {
        for (String m : migrations) {
            List<String> lines = new ArrayList<>();
            for (int i = from; i < to; i++) {
                lines.add("""
                        {"specversion":"1.0","id":"%s-c%d","source":"/kill/checks","type":"migration.check.v1","time":"2025-11-15T22:%02d:%02dZ","data":{"migrationId":"%s","check":"erp-api","kind":"CONNECTIVITY","passed":%s}}"""
                        .formatted(m, i, i / 60, i % 60, m, i % 50 != 7));
            }
            kcat.produce("migration.telemetry", m, List.of(), lines);
        }
    }

    private PackagedService startService() throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--monitor.broker.port=" + kafkaPort,
                "--monitor.broker.controller-port=" + controllerPort));
        if (onPostgres) {
            arguments.addAll(List.of("--spring.datasource.url=" + schema.url(),
                    "--spring.datasource.username=" + PostgresSchema.USER,
                    "--spring.flyway.schemas=" + schema.name()));
        }
        PackagedService service = PackagedService.start(workingDirectory, "service", httpPort, arguments);
        started.add(service);
        return service;
    }

    /** Events applied by this process, from its own metrics. */
    private static double accepted(PackagedService service) throws IOException, InterruptedException {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                service.url("/actuator/prometheus"))).build(), HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        Matcher m = ACCEPTED.matcher(metrics);
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    /** The rows of a migration in the ledger, read from outside: PostgreSQL, or the embedded file once it is closed. */
    private long rows(String migration) throws SQLException {
        String url = onPostgres ? schema.url() : "jdbc:h2:file:" + workingDirectory.resolve("data/ledger")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;IFEXISTS=TRUE";
        try (Connection c = DriverManager.getConnection(url, onPostgres ? PostgresSchema.USER : "sa", "");
             PreparedStatement count = c.prepareStatement("SELECT count(*) FROM ledger_event WHERE migration_id = ?")) {
            count.setString(1, migration);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
