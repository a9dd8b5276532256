package io.cutovermonitor.service.agent;

import io.cutovermonitor.service.support.CutoverAgent;
import io.cutovermonitor.service.support.PostgresSchema;
import io.cutovermonitor.service.support.TcpProxy;
import io.cutovermonitor.service.support.Testbed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * cutover-agent as an operations engineer runs it: its packaged jar, as an external process, wrapping Debian's real
 * rclone and pv against the running monitor (real broker, real PostgreSQL ledger). What the monitor then says of the
 * sync is read from its API, as the screen and the report read it.
 */
class CutoverAgentIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOOLS_PASSWORD = "tools-" + UUID.randomUUID();

    private static Testbed testbed;
    private static ConfigurableApplicationContext service;
    private static String base;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        testbed = Testbed.start("agent_it");
        service = testbed.startService("--monitor.security.users[0].name=oms-tools",
                "--monitor.security.users[0].password={noop}" + TOOLS_PASSWORD,
                "--monitor.security.users[0].roles=INGEST");
        base = "http://127.0.0.1:" + Testbed.httpPort(service);
        work = Files.createDirectories(Path.of("target", "agent-it", UUID.randomUUID().toString()));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (testbed != null) {
            testbed.close();
        }
    }

    @Test
    void rcloneCopyingATreeOfFilesIsASyncThatRunsAndCompletesWithTheRightTotals() throws Exception {
        // Given a tree of 40 files of 100 kB
        String migration = "agent-rclone-" + UUID.randomUUID().toString().substring(0, 8);
        Path source = Files.createDirectories(work.resolve("attachments"));
        for (int i = 0; i < 40; i++) {
            Files.write(source.resolve("attachment-" + i + ".pdf"), new byte[100_000]);
        }

        // When the agent wraps rclone copying it to another directory, slowly enough for several stats intervals
        CutoverAgent.Ran ran = agent("run", "--migration", migration, "--scope", "files/attachments", "--tool", "rclone",
                "--interval", "PT0.5S", "--bootstrap-servers", testbed.bootstrapServers(), "--spool",
                work.resolve("spool-rclone").toString(), "--",
                "rclone", "copy", source.toString(), work.resolve("copy").toString(), "--use-json-log",
                "--stats", "500ms", "--stats-log-level", "NOTICE", "--bwlimit", "1M");

        // Then the tool ran as without the agent: its status, its output passed through, the files copied
        assertThat(ran.status()).as(ran.output()).isZero();
        assertThat(ran.output()).contains("\"stats\"");
        assertThat(Files.list(work.resolve("copy")).count()).isEqualTo(40);

        // and the monitor shows the sync running, then completed with 40 of 40 files, and its throughput
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode sync = onlySync(migration);
            assertThat(sync.get("state").asString()).isEqualTo("COMPLETED");
            assertThat(sync.get("recordsSynced").asLong()).isEqualTo(40);
            assertThat(sync.get("recordsTotal").asLong()).isEqualTo(40);
        });
        List<Map<String, Object>> events = ledger(migration);
        assertThat(events).extracting(e -> e.get("event_type")).contains("migration.throughput.v1");
        long throughput = events.stream().filter(e -> e.get("event_type").equals("migration.throughput.v1")).count();
        assertThat(throughput).as("a throughput report per stats interval that moved").isGreaterThan(1);
        assertThat(json("/api/migrations/" + migration).at("/syncs/recordsSynced/files~1attachments").asLong())
                .isEqualTo(40);
    }

    @Test
    void aPostgresTableCopiedIntoMariaDbThroughPvIsCountedRowByRow() throws Exception {
        // Given a PostgreSQL table of 20,000 orders and an empty table of the same shape in MariaDB
        String migration = "agent-pv-" + UUID.randomUUID().toString().substring(0, 8);
        String table = "agent_orders_" + UUID.randomUUID().toString().substring(0, 8);
        PostgresSchema schema = testbed.schema();
        JdbcClient pg = JdbcClient.create(schema.dataSource());
        pg.sql("CREATE TABLE " + schema.name() + "." + table + " (id bigint PRIMARY KEY, customer text)").update();
        pg.sql("INSERT INTO " + schema.name() + "." + table
                + " SELECT g, 'customer-' || g FROM generate_series(1, 20000) g").update();
        run("mysql", "--protocol=tcp", "-h", "127.0.0.1", "-uroot", "test", "-e",
                "CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, customer VARCHAR(64))");

        // When the agent wraps the copy: rows out of PostgreSQL as INSERTs, counted by pv, into MariaDB
        String copy = "psql -h 127.0.0.1 -U postgres -d test -At -c \"SELECT format('INSERT INTO " + table
                + " VALUES (%s, %L);', id, customer) FROM " + schema.name() + "." + table + " ORDER BY id\""
                + " | pv -n -l -b -i 0.2 | mysql --protocol=tcp -h 127.0.0.1 -uroot test";
        CutoverAgent.Ran ran = agent(Map.of("CUTOVER_AGENT_USER", "oms-tools", "CUTOVER_AGENT_PASSWORD", TOOLS_PASSWORD),
                "run", "--migration", migration, "--scope", "oms-postgres/" + table, "--mode", "FULL",
                "--tool", "pv", "--total", "20000", "--job", "order-import", "--url", base,
                "--spool", work.resolve("spool-pv").toString(), "--", "sh", "-c", copy);

        // Then every row is in MariaDB, and the monitor has the sync completed with 20,000 of 20,000 and the job run
        assertThat(ran.status()).as(ran.output()).isZero();
        assertThat(run("mysql", "--protocol=tcp", "-h", "127.0.0.1", "-uroot", "test", "-N", "-e",
                "SELECT count(*) FROM " + table).strip()).isEqualTo("20000");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode sync = onlySync(migration);
            assertThat(sync.get("state").asString()).isEqualTo("COMPLETED");
            assertThat(sync.get("recordsSynced").asLong()).isEqualTo(20_000);
            assertThat(sync.get("recordsTotal").asLong()).isEqualTo(20_000);
            assertThat(ledger(migration)).extracting(e -> e.get("event_type") + " " + e.get("body").toString()
                    .contains("\"SUCCEEDED\"")).contains("migration.job.v1 true");
        });
        run("mysql", "--protocol=tcp", "-h", "127.0.0.1", "-uroot", "test", "-e", "DROP TABLE " + table);
    }

    @Test
    void aToolThatFailsIsAFailedSyncAndItsExitStatusIsTheAgents() throws Exception {
        // Given a source that does not exist
        String migration = "agent-failed-" + UUID.randomUUID().toString().substring(0, 8);

        // When the agent wraps rclone syncing it
        CutoverAgent.Ran ran = agent("run", "--migration", migration, "--scope", "files/missing", "--tool", "rclone",
                "--bootstrap-servers", testbed.bootstrapServers(), "--spool", work.resolve("spool-failed").toString(),
                "--", "rclone", "sync", work.resolve("no-such-directory").toString(), work.resolve("x").toString(),
                "--use-json-log", "--retries", "1");

        // Then the agent exits as rclone did, and the monitor shows the sync FAILED
        assertThat(ran.status()).isEqualTo(3);
        assertThat(ran.output()).contains("directory not found");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(onlySync(migration).get("state").asString()).isEqualTo("FAILED"));
    }

    @Test
    void startedWhileTheMonitorIsUnreachableEveryEventArrivesOnceWhenItIsBack() throws Exception {
        // Given the monitor behind a connection that is cut
        String migration = "agent-offline-" + UUID.randomUUID().toString().substring(0, 8);
        Path spool = work.resolve("spool-offline");
        try (TcpProxy monitor = TcpProxy.to("127.0.0.1:" + Testbed.httpPort(service))) {
            monitor.cut();
            Map<String, String> account = Map.of("CUTOVER_AGENT_USER", "oms-tools",
                    "CUTOVER_AGENT_PASSWORD", TOOLS_PASSWORD);
            String url = "http://" + monitor.address();

            // When a tool runs under the agent meanwhile (counting 5,000 lines through pv)
            long started = System.nanoTime();
            CutoverAgent.Ran ran = agent(account, "run", "--migration", migration, "--scope", "export/orders", "--tool", "pv",
                    "--interval", "PT0.2S", "--url", url, "--spool", spool.toString(), "--drain-timeout", "PT1S",
                    "--", "sh", "-c", "for i in 1 2 3 4 5; do seq 1 1000; sleep 0.3; done | pv -n -l -b -i 0.2 > /dev/null");

            // Then the tool was not held up and succeeded; its events wait in the spool
            assertThat(ran.status()).as(ran.output()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            assertThat(ran.output()).contains("cannot reach the monitor", "kept in");
            int spooled = Files.readAllLines(spool.resolve("events.tsv")).size();
            assertThat(spooled).isGreaterThan(2);
            assertThat(ledger(migration)).isEmpty();

            // When the monitor is back and the next run (here: flush) sends what was left
            monitor.restore();
            CutoverAgent.Ran flushed = agent(account, "flush", "--url", url, "--spool", spool.toString());

            // Then every event arrived, each once, in the ledger, and the sync completed with 5,000 lines
            assertThat(flushed.status()).as(flushed.output()).isZero();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(ledger(migration)).hasSize(spooled);
                assertThat(onlySync(migration).get("recordsSynced").asLong()).isEqualTo(5_000);
                assertThat(onlySync(migration).get("state").asString()).isEqualTo("COMPLETED");
            });
            // and a second flush sends nothing again
            assertThat(agent(account, "flush", "--url", url, "--spool", spool.toString()).output())
                    .contains("0 event(s) sent, 0 left");
            assertThat(ledger(migration)).hasSize(spooled);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static CutoverAgent.Ran agent(String... args) throws Exception {
        return CutoverAgent.run(Map.of(), args);
    }

    private static CutoverAgent.Ran agent(Map<String, String> environment, String... args) throws Exception {
        return CutoverAgent.run(environment, args);
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }

    /** The migration's one sync as the evidence report's timeline has it (state, records, total). */
    private static JsonNode onlySync(String migration) throws Exception {
        JsonNode syncs = json("/api/migrations/" + migration + "/report.json").at("/timeline/syncs");
        assertThat(syncs).hasSize(1);
        return syncs.get(0);
    }

    private static List<Map<String, Object>> ledger(String migration) {
        return service.getBean(JdbcClient.class)
                .sql("SELECT event_type, body FROM ledger_event WHERE migration_id = ? ORDER BY seq")
                .param(migration).query().listOfRows();
    }

    private static JsonNode json(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
