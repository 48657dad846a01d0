ALTER TABLE outbox RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold);
DROP FUNCTION outbox_claim(BIGINT, TIMESTAMP, TIMESTAMP);
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE published_at IS NULL;
