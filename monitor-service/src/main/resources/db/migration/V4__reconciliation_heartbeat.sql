-- The instance running a reconciliation touches its run every few seconds; a RUNNING run nobody has touched for
-- minutes belonged to an instance that stopped (killed, redeployed) and is marked FAILED, so no run stays RUNNING
-- forever on the operators' screen.
ALTER TABLE reconciliation_run ADD COLUMN heartbeat_at TIMESTAMP WITH TIME ZONE;
