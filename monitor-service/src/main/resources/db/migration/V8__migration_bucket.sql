-- The throughput buckets of each migration, a row per interval end beside the rest of its rule state: the rule keeps
-- every bucket of a running cutover or rehearsal (its peak is computed from them when it completes), one per
-- distinct interval end the tools report, so held in migration_state.state they made every batch write them all.
-- A batch now inserts or updates the buckets its reports changed and deletes those that left what is kept.
-- The interval end is kept to the nanosecond, as the event carried it.
CREATE TABLE migration_bucket (
    migration_id VARCHAR(256) NOT NULL,
    end_second   BIGINT       NOT NULL,
    end_nano     INTEGER      NOT NULL,
    records      BIGINT       NOT NULL,
    CONSTRAINT migration_bucket_pk PRIMARY KEY (migration_id, end_second, end_nano)
);
