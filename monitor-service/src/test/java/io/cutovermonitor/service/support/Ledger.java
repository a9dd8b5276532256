package io.cutovermonitor.service.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ledger in a {@link PostgresSchema} as an auditor reads it: plain JDBC from outside the service, so a test
 * checks what the database holds, whichever process (or none) is running.
 */
public final class Ledger {

    private final PostgresSchema schema;

    public Ledger(PostgresSchema schema) {
        this.schema = schema;
    }

    /** The rows of a migration in the ledger; -1 until the service's first start has created the schema. */
    public long rows(String migration) {
        return count("SELECT count(*) FROM ledger_event WHERE migration_id = ?", migration);
    }

    /** The distinct (source, id) of a migration in the ledger: equal to {@link #rows} when none is stored twice. */
    public long distinctEvents(String migration) {
        return count("SELECT count(DISTINCT source || '|' || event_id) FROM ledger_event WHERE migration_id = ?",
                migration);
    }

    /** Alerts of a migration the service decided but has not yet seen acknowledged on {@code migration.alerts}. */
    public long unpublishedAlerts(String migration) {
        return count("SELECT count(*) FROM alert WHERE migration_id = ? AND published_at IS NULL", migration);
    }

    /** The partitions of {@code migration.telemetry} a migration's events were read from. */
    public Set<Integer> partitionsOf(String migration) {
        return new TreeSet<>(query("SELECT DISTINCT kafka_partition FROM ledger_event WHERE migration_id = ?",
                List.of(migration), rs -> rs.getInt(1)));
    }

    /**
     * Every stored event as {@code source|id|migration|type|event time|content hash}, sorted: what a replay must
     * reproduce (arrival times and record coordinates belong to a run, not to the history).
     */
    public List<String> events() {
        return query("SELECT source, event_id, migration_id, event_type, event_time, content_hash FROM ledger_event "
                + "ORDER BY source, event_id", List.of(), rs -> String.join("|", rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant().toString(), rs.getString(6)));
    }

    private long count(String sql, String migration) {
        try {
            return query(sql, List.of(migration), rs -> rs.getLong(1)).get(0);
        } catch (IllegalStateException e) {
            return -1; // the schema is created by the service's first start
        }
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, List<String> parameters, Row<T> row) {
        try (Connection c = DriverManager.getConnection(schema.url(), PostgresSchema.USER, "");
             PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setString(i + 1, parameters.get(i));
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
