-- Reconciliations run by the service (POST /api/migrations/{id}/reconciliations): one row per run, its summary
-- (per table counts, mismatching chunks, error) as JSON, rewritten as the run progresses.
CREATE TABLE reconciliation_run (
    migration_id VARCHAR(256) NOT NULL,
    run_id       VARCHAR(64)  NOT NULL,
    state        VARCHAR(16)  NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at  TIMESTAMP WITH TIME ZONE,
    summary      TEXT,
    PRIMARY KEY (migration_id, run_id)
);

-- Each table a run compared to the end (a table that could not be compared has no row), so the newest run that
-- compared a table decides its differing keys: a clean later run clears an earlier run's keys.
CREATE TABLE reconciliation_table (
    migration_id VARCHAR(256) NOT NULL,
    run_id       VARCHAR(64)  NOT NULL,
    table_name   VARCHAR(256) NOT NULL,
    finished_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    differences  INTEGER NOT NULL,
    PRIMARY KEY (migration_id, run_id, table_name)
);
CREATE INDEX reconciliation_table_latest ON reconciliation_table (migration_id, table_name, finished_at);

-- The differing keys a run found (up to its maxDifferences per table). key_text: the key's canonical text, one
-- column as its value, several as a JSON object (cut at 1024 characters).
CREATE TABLE reconciliation_difference (
    migration_id    VARCHAR(256)  NOT NULL,
    run_id          VARCHAR(64)   NOT NULL,
    table_name      VARCHAR(256)  NOT NULL,
    key_text        VARCHAR(1024) NOT NULL,
    difference_type VARCHAR(32)   NOT NULL,
    found_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (migration_id, run_id, table_name, key_text)
);
