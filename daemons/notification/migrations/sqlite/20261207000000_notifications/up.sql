-- The notification service's tables. The PostgreSQL and SQLite migrations are the same text:
-- both understand every construct used here. Ids are UUIDs as text; times are UTC.

-- Whom the service can tell something: the accounts the user service announced
-- (`user.registered`, `user.updated`), with each reader's own choices. Channel lists are
-- comma-separated channel names (`email,in_app`); an empty list chooses nothing.
CREATE TABLE recipients (
    user_id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    -- When the newest account event applied here happened: an older one arriving late is ignored.
    profile_at TIMESTAMP NOT NULL,
    phone TEXT,
    account_channels TEXT NOT NULL,
    order_channels TEXT NOT NULL,
    promotion_channels TEXT NOT NULL,
    -- The reader's last message number: taken under this row's lock, so one reader's numbers
    -- become visible in order and the live stream can resume after any of them.
    last_seq BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- A promotion's fan-out walks the readers who opted in, in id order.
CREATE INDEX recipients_promotions ON recipients (user_id) WHERE promotion_channels <> '';

-- Every message to a reader. The inbox shows those with `in_app`.
CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    -- What the email templates need besides subject and body, as JSON.
    data TEXT NOT NULL,
    order_id TEXT,
    order_status TEXT,
    promotion_id TEXT,
    channels TEXT NOT NULL,
    in_app BOOLEAN NOT NULL,
    -- What caused it (an event id, a promotion id): one message per cause per reader.
    source TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP,
    CONSTRAINT notifications_source_key UNIQUE (user_id, source),
    CONSTRAINT notifications_seq_key UNIQUE (user_id, seq)
);
CREATE INDEX notifications_created ON notifications (created_at);

-- A message on its way by email or SMS. Claimed with a lease like the outbox, so several
-- processes can send side by side.
CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    notification_id TEXT NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    address TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    last_error TEXT,
    promotion_id TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX deliveries_due ON deliveries (channel, next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_listed ON deliveries (created_at, id);
CREATE INDEX deliveries_by_notification ON deliveries (notification_id);
CREATE INDEX deliveries_by_promotion ON deliveries (promotion_id, status) WHERE promotion_id IS NOT NULL;

-- Every attempt at a delivery, kept for the admin who asks why one failed.
CREATE TABLE delivery_attempts (
    id TEXT PRIMARY KEY,
    delivery_id TEXT NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    attempted_at TIMESTAMP NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'failed')),
    error TEXT,
    duration_ms BIGINT NOT NULL
);
CREATE INDEX delivery_attempts_by_delivery ON delivery_attempts (delivery_id, attempted_at);

-- Promotions and how far their fan-out has come. `cursor` is the last reader handled: the
-- fan-out advances it in the same transaction as the messages it writes, so a fan-out that
-- was interrupted resumes after it and nobody gets a second copy.
CREATE TABLE promotions (
    id TEXT PRIMARY KEY,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    channels TEXT NOT NULL,
    audience TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'completed')),
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    started_at TIMESTAMP,
    completed_at TIMESTAMP,
    cursor TEXT,
    recipients BIGINT,
    processed BIGINT NOT NULL DEFAULT 0,
    notified BIGINT NOT NULL DEFAULT 0,
    locked_until TIMESTAMP
);
CREATE INDEX promotions_open ON promotions (created_at) WHERE status <> 'completed';

-- Secrets the service makes for itself on first start (the key that signs unsubscribe links),
-- shared by every replica.
CREATE TABLE secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
