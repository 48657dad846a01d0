-- The relay claims the oldest due rows: index them in that order.
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox (created_at, id) WHERE published_at IS NULL;

-- Publishing a row leaves a dead entry in `outbox_pending` until VACUUM. A bitmap scan, which
-- the planner prefers when few rows are due, reads every such entry and its heap page on each
-- claim, so claims grow slower with every event published since the last VACUUM. An index
-- scan in the index's order marks the dead entries it passes as dead, and later scans skip
-- them without visiting the table: the claim runs with only that plan allowed. PL/pgSQL keeps
-- the plan for the session, where an SQL function would plan it on every call.
CREATE FUNCTION outbox_claim(max_rows BIGINT, due_at TIMESTAMP, lease_until TIMESTAMP)
RETURNS TABLE (id TEXT, envelope TEXT, attempts INTEGER, created_at TIMESTAMP)
LANGUAGE plpgsql
SET enable_bitmapscan = off
SET enable_seqscan = off
AS $$
#variable_conflict use_column
BEGIN
    -- The conditions are repeated outside the subquery: a concurrent claimer's subquery may
    -- pick the same rows; its UPDATE then waits for ours to commit, re-checks them on the new
    -- row version, and skips what we took or already published.
    RETURN QUERY
    UPDATE outbox o
    SET locked_until = lease_until, attempts = o.attempts + 1
    WHERE o.id = ANY (ARRAY(
            SELECT d.id FROM outbox d
            WHERE d.published_at IS NULL
              AND d.next_attempt_at <= due_at
              AND (d.locked_until IS NULL OR d.locked_until < due_at)
            ORDER BY d.created_at, d.id
            LIMIT max_rows))
      AND o.published_at IS NULL
      AND (o.locked_until IS NULL OR o.locked_until < due_at)
    RETURNING o.id, o.envelope, o.attempts, o.created_at;
END
$$;

-- Autovacuum's default waits for a fifth of the table to be dead, which for an outbox that
-- keeps a week of published events is millions of rows: vacuum it every 10,000 instead.
ALTER TABLE outbox SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000);
