package io.cutovermonitor.service.rules;

import io.cutovermonitor.validators.rules.MigrationState;
import io.cutovermonitor.validators.rules.MigrationState.ChunkRef;
import io.cutovermonitor.validators.rules.MigrationStateJson;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Flyway migration 7: a ledger written before {@code migration_chunk} (V6) kept every chunk inside
 * {@code migration_state.state}; their chunks move to rows of their own, in the order they were reported, and the
 * state is rewritten without them. Run by Flyway once, in its transaction, before the service reads any state.
 */
@Component
class ChunksOutOfTheStateMigration implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("7");
    }

    @Override
    public String getDescription() {
        return "chunks out of the state snapshot";
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
             PreparedStatement insert = connection.prepareStatement(MigrationBook.ChunkRow.INSERT);
             PreparedStatement rewrite = connection.prepareStatement(
                     "UPDATE migration_state SET state = ? WHERE migration_id = ?")) {
            while (rows.next()) {
                String migrationId = rows.getString(1);
                MigrationState state = MigrationStateJson.read(rows.getString(2));
                for (var table : state.tables().entrySet()) {
                    for (String chunk : table.getValue().chunks().keySet()) {
                        MigrationBook.ChunkRow.of(migrationId, new ChunkRef(table.getKey(), chunk), state)
                                .bindInsert(insert);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                rewrite.setString(1, MigrationStateJson.writeWithoutChunks(state));
                rewrite.setString(2, migrationId);
                rewrite.executeUpdate();
            }
        }
    }
}
