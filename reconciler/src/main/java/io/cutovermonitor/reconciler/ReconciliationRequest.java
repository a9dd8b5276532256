package io.cutovermonitor.reconciler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * What to reconcile and how.
 *
 * @param sourceSchema   schema (MySQL/MariaDB: database) on the source; null: the connection's current one
 * @param targetSchema   the same on the target; null: the connection's current one
 * @param tables         tables to compare; empty: every table of the source schema
 * @param excludeColumns columns left out in every table (besides each table's own excludes)
 * @param chunkSize      target rows per chunk
 * @param maxDifferences differing keys listed per table at most
 * @param recheckDelay   how long after a chunk first mismatched it is compared again; zero: no re-check
 * @param recheckAttempts how many re-checks a mismatch gets before it is reported (each after recheckDelay)
 * @param leafRows       bisection stops at ranges of at most this many rows and lists their keys
 * @param fetchSize      JDBC fetch size for streamed reads
 * @param generic        true: never push down, stream and hash every row in Java (the path for other drivers)
 * @param parallelism    connections per side; the pass over a range-chunked table runs this many queries per side at once
 */
public record ReconciliationRequest(JdbcEndpoint source, JdbcEndpoint target, String sourceSchema, String targetSchema,
                                    List<TableSpec> tables, Set<String> excludeColumns, int chunkSize,
                                    int maxDifferences, Duration recheckDelay, int recheckAttempts, int leafRows,
                                    int fetchSize, boolean generic, int parallelism, String migrationId,
                                    String runId) {

    public ReconciliationRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        tables = List.copyOf(tables);
        excludeColumns = Set.copyOf(excludeColumns);
        if (chunkSize < 1 || maxDifferences < 0 || leafRows < 1 || fetchSize < 1 || recheckAttempts < 0 || parallelism < 1) {
            throw new IllegalArgumentException("chunkSize, leafRows, fetchSize, parallelism must be positive");
        }
        Objects.requireNonNull(recheckDelay, "recheckDelay");
        Objects.requireNonNull(runId, "runId");
    }

    public static Builder builder(JdbcEndpoint source, JdbcEndpoint target) {
        return new Builder(source, target);
    }

    public static final class Builder {
        private final JdbcEndpoint source;
        private final JdbcEndpoint target;
        private String sourceSchema;
        private String targetSchema;
        private final List<TableSpec> tables = new ArrayList<>();
        private Set<String> excludeColumns = Set.of();
        private int chunkSize = 10_000;
        private int maxDifferences = 100;
        private Duration recheckDelay = Duration.ofSeconds(30);
        private int recheckAttempts = 1;
        private int leafRows = 64;
        private int fetchSize = 5_000;
        private boolean generic;
        private int parallelism = 2;
        private String migrationId;
        private String runId = UUID.randomUUID().toString();

        private Builder(JdbcEndpoint source, JdbcEndpoint target) {
            this.source = source;
            this.target = target;
        }

        public Builder schemas(String source, String target) {
            this.sourceSchema = source;
            this.targetSchema = target;
            return this;
        }

        public Builder table(TableSpec table) {
            tables.add(table);
            return this;
        }

        public Builder table(String table) {
            return table(TableSpec.of(table));
        }

        public Builder excludeColumns(Set<String> columns) {
            this.excludeColumns = columns;
            return this;
        }

        public Builder chunkSize(int chunkSize) {
            this.chunkSize = chunkSize;
            return this;
        }

        public Builder maxDifferences(int maxDifferences) {
            this.maxDifferences = maxDifferences;
            return this;
        }

        public Builder recheckDelay(Duration recheckDelay) {
            this.recheckDelay = recheckDelay;
            return this;
        }

        public Builder recheckAttempts(int recheckAttempts) {
            this.recheckAttempts = recheckAttempts;
            return this;
        }

        public Builder leafRows(int leafRows) {
            this.leafRows = leafRows;
            return this;
        }

        public Builder fetchSize(int fetchSize) {
            this.fetchSize = fetchSize;
            return this;
        }

        public Builder generic(boolean generic) {
            this.generic = generic;
            return this;
        }

        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        public Builder migrationId(String migrationId) {
            this.migrationId = migrationId;
            return this;
        }

        public Builder runId(String runId) {
            this.runId = runId;
            return this;
        }

        public ReconciliationRequest build() {
            return new ReconciliationRequest(source, target, sourceSchema, targetSchema, tables, excludeColumns,
                    chunkSize, maxDifferences, recheckDelay, recheckAttempts, leafRows, fetchSize, generic,
                    parallelism, migrationId, runId);
        }
    }
}
