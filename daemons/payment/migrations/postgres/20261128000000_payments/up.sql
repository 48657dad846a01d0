-- The payment service's tables. The PostgreSQL and SQLite migrations are the same text: both
-- understand every construct used here. Ids are UUID v7 as text, money integer minor units.

-- One payment per order: the unique order id is what makes "charged at most once" hold
-- however many deliveries or processes race to create it.
CREATE TABLE payments (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded', 'voided')),
    amount BIGINT NOT NULL CHECK (amount >= 0),
    currency TEXT NOT NULL,
    card_last4 TEXT,
    -- The provider's id for the charge (a payment intent, a PayPal order).
    provider_reference TEXT,
    -- What a refund names at the provider (the intent, a PayPal capture).
    refund_reference TEXT,
    failure_reason TEXT,
    failure_code TEXT,
    refunded_amount BIGINT,
    -- Provider calls made for the charge, across deliveries and processes.
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT payments_order_id_key UNIQUE (order_id)
);
CREATE INDEX payments_user ON payments (user_id, id);

-- Full refunds: at most one per payment.
CREATE TABLE refunds (
    id TEXT PRIMARY KEY,
    payment_id TEXT NOT NULL REFERENCES payments (id),
    amount BIGINT NOT NULL,
    currency TEXT NOT NULL,
    provider_reference TEXT,
    reason TEXT,
    created_at TIMESTAMP NOT NULL,
    CONSTRAINT refunds_payment_id_key UNIQUE (payment_id)
);

-- Append-only: every request to a provider and its answer, as JSON documents with secrets
-- and card numbers redacted. Never updated or deleted.
CREATE TABLE payment_log (
    id TEXT PRIMARY KEY,
    payment_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    operation TEXT NOT NULL,
    request TEXT NOT NULL,
    response TEXT NOT NULL,
    http_status INTEGER,
    at TIMESTAMP NOT NULL
);
CREATE INDEX payment_log_payment ON payment_log (payment_id, id);

-- The sandbox provider's own books, keyed by idempotency key like a real provider's: a
-- repeated request answers the first result and moves no money twice.
CREATE TABLE sandbox_ledger (
    idempotency_key TEXT PRIMARY KEY,
    operation TEXT NOT NULL CHECK (operation IN ('charge', 'refund')),
    reference TEXT NOT NULL,
    amount BIGINT NOT NULL,
    currency TEXT NOT NULL,
    card_last4 TEXT,
    outcome TEXT NOT NULL,
    code TEXT,
    created_at TIMESTAMP NOT NULL
);
