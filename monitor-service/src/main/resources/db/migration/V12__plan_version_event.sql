-- A plan put through the API is a migration.plan.v1 event on the telemetry topic: the version it became names the
-- event, so the same event applied again (a re-delivery, a replay) is the same version, and the API can tell when
-- the consumer applied the plan it put.
ALTER TABLE migration_plan_version ADD COLUMN event_id VARCHAR(512);
ALTER TABLE migration_plan_version ADD COLUMN event_source VARCHAR(512);
