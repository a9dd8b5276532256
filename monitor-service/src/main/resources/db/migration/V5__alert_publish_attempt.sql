-- When a publisher took an alert to send it, committed before the send: an alert taken but never marked published
-- is one whose publisher died between taking it and the mark, so whoever sends it next first looks for it on
-- migration.alerts instead of sending it twice.
ALTER TABLE alert ADD COLUMN attempted_at TIMESTAMP WITH TIME ZONE;
