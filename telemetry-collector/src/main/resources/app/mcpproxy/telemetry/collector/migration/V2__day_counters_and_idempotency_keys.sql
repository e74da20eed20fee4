-- A day's row now sums the counters of every heartbeat of the day (other fields are the latest's).
-- counters: the day's summed counter objects as JSON; NULL on rows written before, whose payload
-- then holds them. idempotency_keys: the keys of the heartbeats already applied, space-separated,
-- so that a retry of the same content is not added twice.
ALTER TABLE heartbeats ADD COLUMN counters TEXT;
ALTER TABLE heartbeats ADD COLUMN idempotency_keys TEXT;
