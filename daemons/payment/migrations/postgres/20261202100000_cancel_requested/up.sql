-- That a payment's order was cancelled, recorded in one transaction with the inbox row of
-- `order.cancelled`. It matters to a charge still in flight: the cancellation no longer waits
-- for it, and whoever settles the charge refunds a successful one at once. At most one per
-- payment: a later cancellation event keeps the first one's time and reason. A table of its
-- own rather than columns of `payments`, like `refunds`.
CREATE TABLE payment_cancellations (
    payment_id TEXT PRIMARY KEY REFERENCES payments (id),
    reason TEXT,
    requested_at TIMESTAMP NOT NULL
);
