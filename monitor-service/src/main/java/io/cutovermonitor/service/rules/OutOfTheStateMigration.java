package io.cutovermonitor.service.rules;

import io.cutovermonitor.validators.rules.MigrationState;
import io.cutovermonitor.validators.rules.MigrationStateJson;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A Flyway migration that moves one part of every stored migration state out of {@code migration_state.state} into
 * rows of its own, and rewrites the state without it. Run by Flyway once, in its transaction, before the service
 * reads any state.
 */
abstract class OutOfTheStateMigration implements JavaMigration {

    private final String version;
    private final String description;

    OutOfTheStateMigration(String version, String description) {
        this.version = version;
        this.description = description;
    }

    /** The INSERT of one row of the part moved out. */
    abstract String insert();

    /** Adds the rows of the part moved out of this state to the batch of {@link #insert}. */
    abstract void addRows(PreparedStatement insert, String migrationId, MigrationState state) throws SQLException;

    /** The state as it is stored from this version on. */
    abstract String rewritten(MigrationState state);

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion(version);
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT migration_id, state FROM migration_state");
             PreparedStatement insert = connection.prepareStatement(insert());
             PreparedStatement rewrite = connection.prepareStatement(
                     "UPDATE migration_state SET state = ? WHERE migration_id = ?")) {
            while (rows.next()) {
                String migrationId = rows.getString(1);
                MigrationState state = MigrationStateJson.read(rows.getString(2));
                addRows(insert, migrationId, state);
                insert.executeBatch();
                rewrite.setString(1, rewritten(state));
                rewrite.setString(2, migrationId);
                rewrite.executeUpdate();
            }
        }
    }
}
