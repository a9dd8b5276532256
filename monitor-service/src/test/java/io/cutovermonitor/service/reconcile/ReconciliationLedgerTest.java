package io.cutovermonitor.service.reconcile;

import io.cutovermonitor.validators.event.EventParser;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger's SQL on H2 in PostgreSQL mode, the embedded default (the IT covers PostgreSQL). */
class ReconciliationLedgerTest {

    private final ReconciliationLedger ledger = ledger();

    private static ReconciliationLedger ledger() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(h2).load().migrate();
        return new ReconciliationLedger(JdbcClient.create(h2), new JdbcTemplate(h2));
    }

    @Test
    void theNewestRunThatComparedATableDecidesItsDifferingKeys() {
        Instant t0 = Instant.parse("2025-11-15T23:00:00Z");
        ledger.startRun("m", "r1", t0);
        ledger.tableFinished("m", "r1", "orders", List.of(key("orders", "17", "row_diff", "r1"),
                key("orders", "17", "row_diff", "r1"), key("orders", "123", "missing_target", "r1")), t0);
        ledger.tableFinished("m", "r1", "lines", List.of(key("lines", "{\"a\":\"1\"}", "missing_source", "r1")), t0);
        ledger.finishRun("m", "r1", "COMPLETED", t0.plusSeconds(1), "{\"tables\":[],\"error\":null}");

        assertThat(ledger.run("m", "r1")).hasValueSatisfying(run -> {
            assertThat(run.state()).isEqualTo("COMPLETED");
            assertThat(run.finishedAt()).isEqualTo(t0.plusSeconds(1));
        });
        assertThat(ledger.differences("m", "r1", 10)).hasSize(3);

        // a later run finds orders clean: only lines keeps its key
        ledger.startRun("m", "r2", t0.plusSeconds(60));
        ledger.tableFinished("m", "r2", "orders", List.of(), t0.plusSeconds(61));
        assertThat(ledger.latestDifferingKeys("m", 100))
                .containsExactly(key("lines", "{\"a\":\"1\"}", "missing_source", "r1"));
        assertThat(ledger.latestDifferingKeys("other", 100)).isEmpty();
        assertThat(ledger.run("m", "nope")).isEmpty();
    }

    @Test
    void aRunWhoseInstanceStoppedEndsFailedAndKeepsWhatItFound() {
        Instant t0 = Instant.parse("2025-11-15T23:00:00Z");
        // Given a run whose instance was killed after one table, and a run of a live instance started alongside
        ledger.startRun("m", "dead", t0);
        ledger.updateSummary("m", "dead", ReconciliationRuns.summary(List.of(), null)
                .replace("[]", "[{\"table\":\"orders\",\"mode\":\"pushdown\",\"sourceRows\":10,\"targetRows\":10,"
                        + "\"chunks\":1,\"matched\":true,\"mismatchingChunks\":[],\"differences\":0,"
                        + "\"differencesTruncated\":false,\"warnings\":[],\"error\":null}]"));
        ledger.startRun("other", "live", t0);
        ledger.heartbeat(Map.of("other", "live"), t0.plusSeconds(170));

        // When any instance's heartbeat runs three minutes after the start
        new ReconciliationRuns(ledger, null, Clock.fixed(t0.plusSeconds(180), ZoneOffset.UTC),
                new ReconciliationProperties(Map.of()), new EventParser()).keepRunsHonest();

        // Then the dead run is FAILED, says why, and keeps the table it finished; the live one still runs
        assertThat(ledger.run("m", "dead")).hasValueSatisfying(run -> {
            assertThat(run.state()).isEqualTo("FAILED");
            assertThat(run.finishedAt()).isEqualTo(t0.plusSeconds(180));
            assertThat(run.summary()).contains("abandoned: the instance running it stopped").contains("\"orders\"");
        });
        assertThat(ledger.run("other", "live")).hasValueSatisfying(run -> assertThat(run.state()).isEqualTo("RUNNING"));
    }

    private static ReconciliationLedger.DifferingKey key(String table, String key, String type, String runId) {
        return new ReconciliationLedger.DifferingKey(table, key, type, runId);
    }
}
