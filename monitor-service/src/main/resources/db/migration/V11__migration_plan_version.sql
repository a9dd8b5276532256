-- Every plan put for a migration, kept: who put it, when, its text (its digest is computed from the text).
-- migration_plan holds the current one.
CREATE TABLE migration_plan_version (
    migration_id VARCHAR(256)  NOT NULL,
    version      INTEGER       NOT NULL,
    put_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    put_by       VARCHAR(256)  NOT NULL,
    plan_text    TEXT          NOT NULL,
    PRIMARY KEY (migration_id, version)
);
-- a plan put before versions were kept is its migration's version 1
INSERT INTO migration_plan_version (migration_id, version, put_at, put_by, plan_text)
SELECT migration_id, 1, updated_at, 'unknown (put before plan versions were kept)', plan_text FROM migration_plan;
