package io.cutovermonitor.reconciler.cli;

import io.cutovermonitor.reconciler.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcilerCommandTest {

    @Test
    void withoutKafkaTheEventsArePrintedAndTheExitStatusSaysMatch() throws Exception {
        try (TestDatabase a = TestDatabase.h2(); TestDatabase b = TestDatabase.h2()) {
            // Given two equal H2 tables
            for (TestDatabase db : new TestDatabase[]{a, b}) {
                db.execute("CREATE TABLE t (id int PRIMARY KEY, v varchar(10))", "INSERT INTO t SELECT X, 'v' || X FROM SYSTEM_RANGE(1, 25)");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            // When the command runs with a migration id and no bootstrap servers
            int exit = ReconcilerCommandAccess.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), "--source-url", a.endpoint().url(),
                    "--target-url", b.endpoint().url(), "-t", "T", "--chunk-size", "10", "--migration-id", "m1");

            // Then one event per chunk on stdout, the table's progress when it began and when it was done, the
            // summary on stderr, exit 0
            assertThat(exit).isZero();
            java.util.List<String> events = out.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(events).filteredOn(l -> l.contains("\"type\":\"migration.reconciliation.v1\"")).hasSize(3);
            assertThat(events).filteredOn(l -> l.contains("\"type\":\"migration.reconciliation.progress.v1\""))
                    .hasSize(2).satisfies(p -> {
                        assertThat(p.get(0)).contains("\"rowsDone\":0", "\"state\":\"RUNNING\"");
                        assertThat(p.get(1)).contains("\"rowsDone\":25", "\"state\":\"COMPLETED\"");
                    });
            assertThat(events).hasSize(5);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("MATCH").contains("RESULT: MATCH");
        }
    }

    @Test
    void aColumnOnlyOnTheTargetIsADifferenceWithExitStatusOne() throws Exception {
        try (TestDatabase a = TestDatabase.h2(); TestDatabase b = TestDatabase.h2()) {
            // Given equal rows, and a column the target has and the source does not
            for (TestDatabase db : new TestDatabase[]{a, b}) {
                db.execute("CREATE TABLE t (id int PRIMARY KEY, v varchar(10))", "INSERT INTO t SELECT X, 'v' || X FROM SYSTEM_RANGE(1, 25)");
            }
            b.execute("ALTER TABLE t ADD COLUMN extra int");
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            // When the command compares them
            int exit = ReconcilerCommandAccess.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), "--source-url", a.endpoint().url(),
                    "--target-url", b.endpoint().url(), "-t", "T");

            // Then it is a difference, named, exit 1
            assertThat(exit).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("schema: column(s) only on the target: extra")
                    .contains("RESULT: DIFFERENCES FOUND");
        }
    }

    @Test
    void durationsParse() {
        ReconcilerCommand.DurationConverter c = new ReconcilerCommand.DurationConverter();
        assertThat(c.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(c.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.convert("0")).isEqualTo(Duration.ZERO);
        assertThat(c.convert("PT1M")).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theProgressLineShowsRowsRateAndEta() {
        String line = ProgressBar.line("orders", 500_000, 1_000_000, 2_000_000_000L);
        assertThat(line).contains("[###############...............]").contains(" 50%").contains("500,000/1,000,000 rows")
                .contains("250.0k rows/s").contains("ETA 0:02");
    }

    @Test
    void nothingIsDrawnWhenQuiet() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(out), ProgressBar.Mode.OFF);
        bar.tableStarted("t", 10);
        bar.progress("t", 10, 10);
        assertThat(out.size()).isZero();
    }

    @Test
    void inAPipeAPlainLineEveryFiveSecondsAndOneWhenTheTableIsDone() {
        // Given the output is not a terminal, and a clock the test moves
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] now = {0};
        ProgressBar bar = new ProgressBar(new PrintStream(out), ProgressBar.Mode.LINES, () -> now[0]);

        // When a table of 1,000,000 rows is checked over 12 s, reporting every second
        bar.tableStarted("orders", 1_000_000);
        for (int s = 1; s <= 12; s++) {
            now[0] = s * 1_000_000_000L;
            bar.progress("orders", s * 80_000L, 1_000_000);
        }
        now[0] = 12_500_000_000L;
        bar.tableFinished(new io.cutovermonitor.reconciler.TableReport("orders", "push-down", 1_000_000, 1_000_000, 40,
                java.util.List.of(), java.util.List.of(), false, java.util.List.of(), java.util.List.of(), null,
                Duration.ofMillis(12_500)));

        // Then a line at 5 s and 10 s, and the last one, with no carriage return or escape anywhere
        java.util.List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("400,000/1,000,000 rows").contains("ETA");
        assertThat(lines.get(1)).contains("800,000/1,000,000 rows");
        assertThat(lines.get(2)).contains("1,000,000/1,000,000 rows").endsWith("done");
        assertThat(out.toString()).doesNotContain("\r").doesNotContain("\033");
    }
}
