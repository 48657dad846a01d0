-- The Idempotency-Keys promotions were published with: the same admin repeating the request
-- (after a timeout, say) gets the promotion it made instead of sending everyone a second copy.
-- Written in the transaction that stores the promotion.
CREATE TABLE promotion_keys (
    created_by TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    promotion_id TEXT NOT NULL REFERENCES promotions (id) ON DELETE CASCADE,
    PRIMARY KEY (created_by, idempotency_key)
);
