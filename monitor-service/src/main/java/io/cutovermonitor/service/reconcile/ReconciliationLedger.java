package io.cutovermonitor.service.reconcile;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runs the service made and the differing keys they found ({@code reconciliation_run}, {@code
 * reconciliation_table}, {@code reconciliation_difference}). Plain SQL that runs on PostgreSQL and on H2 in
 * PostgreSQL mode.
 */
@Repository
public class ReconciliationLedger {

    static final int KEY_TEXT_LENGTH = 1024;

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    ReconciliationLedger(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    /** A stored run. {@code summary} is JSON (per table outcome, error), null before the first table ended. */
    public record Run(String migrationId, String runId, String state, Instant startedAt, Instant finishedAt,
                      String summary) {
    }

    /** One differing key. */
    public record DifferingKey(String table, String key, String type, String runId) {
    }

    void startRun(String migrationId, String runId, Instant at) {
        jdbc.sql("INSERT INTO reconciliation_run (migration_id, run_id, state, started_at, heartbeat_at) "
                        + "VALUES (?, ?, ?, ?, ?)")
                .params(migrationId, runId, "RUNNING", Timestamp.from(at), Timestamp.from(at))
                .update();
    }

    /** The instance running these runs is alive and still working on them. */
    void heartbeat(Map<String, String> runIdByMigration, Instant at) {
        runIdByMigration.forEach((migrationId, runId) -> jdbc.sql(
                        "UPDATE reconciliation_run SET heartbeat_at = ? WHERE migration_id = ? AND run_id = ? "
                                + "AND state = 'RUNNING'")
                .params(Timestamp.from(at), migrationId, runId)
                .update());
    }

    /** Runs still RUNNING that no instance has touched since {@code silentSince}: their instance stopped. */
    List<Run> abandoned(Instant silentSince) {
        return jdbc.sql("SELECT migration_id, run_id, state, started_at, finished_at, summary FROM reconciliation_run "
                        + "WHERE state = 'RUNNING' AND heartbeat_at < ?")
                .param(Timestamp.from(silentSince))
                .query(ReconciliationLedger::run)
                .list();
    }

    /** Ends an abandoned run as FAILED, unless its instance came back and touched or finished it meanwhile. */
    void failAbandoned(Run run, Instant silentSince, Instant at, String summary) {
        jdbc.sql("UPDATE reconciliation_run SET state = 'FAILED', finished_at = ?, summary = ? "
                        + "WHERE migration_id = ? AND run_id = ? AND state = 'RUNNING' AND heartbeat_at < ?")
                .params(Timestamp.from(at), summary, run.migrationId(), run.runId(), Timestamp.from(silentSince))
                .update();
    }

    void updateSummary(String migrationId, String runId, String summary) {
        jdbc.sql("UPDATE reconciliation_run SET summary = ? WHERE migration_id = ? AND run_id = ?")
                .params(summary, migrationId, runId)
                .update();
    }

    void finishRun(String migrationId, String runId, String state, Instant at, String summary) {
        jdbc.sql("UPDATE reconciliation_run SET state = ?, finished_at = ?, summary = ? "
                        + "WHERE migration_id = ? AND run_id = ?")
                .params(state, Timestamp.from(at), summary, migrationId, runId)
                .update();
    }

    /** A table compared to the end, with its differing keys (a re-written table keeps its first keys). */
    void tableFinished(String migrationId, String runId, String table, List<DifferingKey> keys, Instant at) {
        Timestamp found = Timestamp.from(at);
        jdbcTemplate.batchUpdate("""
                INSERT INTO reconciliation_difference (migration_id, run_id, table_name, key_text, difference_type,
                                                       found_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """, keys, 500, (ps, key) -> {
            ps.setString(1, migrationId);
            ps.setString(2, runId);
            ps.setString(3, table);
            ps.setString(4, key.key().length() > KEY_TEXT_LENGTH ? key.key().substring(0, KEY_TEXT_LENGTH) : key.key());
            ps.setString(5, key.type());
            ps.setTimestamp(6, found);
        });
        jdbc.sql("""
                INSERT INTO reconciliation_table (migration_id, run_id, table_name, finished_at, differences)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """)
                .params(migrationId, runId, table, found, keys.size())
                .update();
    }

    private static final String SELECT_RUNS =
            "SELECT migration_id, run_id, state, started_at, finished_at, summary FROM reconciliation_run ";

    public Optional<Run> run(String migrationId, String runId) {
        return jdbc.sql(SELECT_RUNS + "WHERE migration_id = ? AND run_id = ?")
                .params(migrationId, runId)
                .query(ReconciliationLedger::run)
                .optional();
    }

    /** A migration's runs, the newest first (at most {@code limit}). */
    public List<Run> runsOf(String migrationId, int limit) {
        return jdbc.sql(SELECT_RUNS + "WHERE migration_id = ? ORDER BY started_at DESC LIMIT ?")
                .params(migrationId, limit)
                .query(ReconciliationLedger::run)
                .list();
    }

    private static Run run(ResultSet rs, int row) throws SQLException {
        return new Run(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs.getTimestamp(4)),
                instant(rs.getTimestamp(5)), rs.getString(6));
    }

    List<DifferingKey> differences(String migrationId, String runId, int limit) {
        return jdbc.sql("SELECT table_name, key_text, difference_type, run_id FROM reconciliation_difference "
                        + "WHERE migration_id = ? AND run_id = ? ORDER BY table_name, key_text LIMIT ?")
                .params(migrationId, runId, limit)
                .query((rs, n) -> new DifferingKey(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4)))
                .list();
    }

    /**
     * The differing keys of a migration as the newest run that compared each table found them, at most
     * {@code limit}, by table and key.
     */
    public List<DifferingKey> latestDifferingKeys(String migrationId, int limit) {
        return jdbc.sql("""
                SELECT d.table_name, d.key_text, d.difference_type, d.run_id
                FROM reconciliation_difference d
                JOIN reconciliation_table t
                  ON t.migration_id = d.migration_id AND t.run_id = d.run_id AND t.table_name = d.table_name
                WHERE d.migration_id = ?
                  AND t.finished_at = (SELECT MAX(l.finished_at) FROM reconciliation_table l
                                       WHERE l.migration_id = t.migration_id AND l.table_name = t.table_name)
                ORDER BY d.table_name, d.key_text
                LIMIT ?
                """)
                .params(migrationId, limit)
                .query((rs, n) -> new DifferingKey(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4)))
                .list();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
