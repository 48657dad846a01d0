DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE published_at IS NULL;
