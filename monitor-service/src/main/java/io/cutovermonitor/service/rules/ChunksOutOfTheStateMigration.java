package io.cutovermonitor.service.rules;

import io.cutovermonitor.validators.rules.MigrationState;
import io.cutovermonitor.validators.rules.MigrationState.ChunkRef;
import io.cutovermonitor.validators.rules.MigrationStateJson;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Flyway migration 7: a ledger written before {@code migration_chunk} (V6) kept every chunk inside
 * {@code migration_state.state}; their chunks move to rows of their own, in the order they were reported, and the
 * state is rewritten without them.
 */
@Component
class ChunksOutOfTheStateMigration extends OutOfTheStateMigration {

    ChunksOutOfTheStateMigration() {
        super("7", "chunks out of the state snapshot");
    }

    @Override
    String insert() {
        return MigrationBook.ChunkRow.INSERT;
    }

    @Override
    void addRows(PreparedStatement insert, String migrationId, MigrationState state) throws SQLException {
        for (var table : state.tables().entrySet()) {
            for (String chunk : table.getValue().chunks().keySet()) {
                MigrationBook.ChunkRow.of(migrationId, new ChunkRef(table.getKey(), chunk), state).bindInsert(insert);
                insert.addBatch();
            }
        }
    }

    @Override
    String rewritten(MigrationState state) {
        return MigrationStateJson.writeWithoutChunks(state);
    }
}
