-- The relay claims the oldest due rows: index them in that order.
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox (created_at, id) WHERE published_at IS NULL;
