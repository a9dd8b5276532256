package io.cutovermonitor.service.rules;

import io.cutovermonitor.validators.rules.MigrationState;
import io.cutovermonitor.validators.rules.MigrationState.Bucket;
import io.cutovermonitor.validators.rules.MigrationStateJson;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Flyway migration 9: a ledger written before {@code migration_bucket} (V8) kept a migration's throughput buckets
 * inside {@code migration_state.state}; they move to rows of their own and the state is rewritten without them
 * (V7 already moved the chunks out).
 */
@Component
class BucketsOutOfTheStateMigration extends OutOfTheStateMigration {

    BucketsOutOfTheStateMigration() {
        super("9", "throughput buckets out of the state snapshot");
    }

    @Override
    String insert() {
        return MigrationBook.BucketRow.INSERT;
    }

    @Override
    void addRows(PreparedStatement insert, String migrationId, MigrationState state) throws SQLException {
        for (Bucket bucket : state.throughput().buckets()) {
            MigrationBook.BucketRow.bindInsert(insert, migrationId, bucket);
            insert.addBatch();
        }
    }

    @Override
    String rewritten(MigrationState state) {
        return MigrationStateJson.writeSummary(state);
    }
}
