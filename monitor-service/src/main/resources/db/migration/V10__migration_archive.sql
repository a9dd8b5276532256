-- A migration that was accepted and archived: its bundle, who archived it and, when forced before acceptance, why.
-- Its events stay in ledger_event (the report and the status are rebuilt from them); while the row exists the
-- service holds no rule state of it, exports no series of it and dead-letters its new events as 'archived'.
CREATE TABLE migration_archive (
    migration_id    VARCHAR(256)  NOT NULL PRIMARY KEY,
    archived_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    archived_by     VARCHAR(256)  NOT NULL,
    forced          BOOLEAN       NOT NULL,
    reason          VARCHAR(4096),
    bundle          VARCHAR(4096) NOT NULL,
    manifest_sha256 CHAR(64)      NOT NULL
);
