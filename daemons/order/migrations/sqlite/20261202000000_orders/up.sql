-- Carts: one row per book in a user's cart. Prices are not kept: a cart shows the catalog's
-- current ones.
CREATE TABLE cart_items (
    user_id TEXT NOT NULL,
    book_id TEXT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    added_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, book_id)
);

-- Orders. `stock` is the saga's record of what the catalog holds for the order: `reserved`
-- (held), `committed` (sold), `releasing` (to be given back: retried until the catalog
-- confirms), `released`, or `none` (a rejected order never held any).
CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending_payment', 'confirmed', 'shipped', 'cancelled', 'rejected')),
    status_reason TEXT,
    total_amount BIGINT NOT NULL,
    currency TEXT NOT NULL,
    -- {"provider", "token", "last4"}: a provider token (for the sandbox, one made from the
    -- test card), never a card number.
    payment TEXT NOT NULL,
    shipping_address TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    stock TEXT NOT NULL CHECK (stock IN ('none', 'reserved', 'committed', 'releasing', 'released')),
    refunded BOOLEAN NOT NULL DEFAULT FALSE,
    unavailable TEXT,
    payment_due_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT orders_idempotency_key UNIQUE (user_id, idempotency_key)
);
-- My orders, newest first; everyone's for admins.
CREATE INDEX orders_by_user ON orders (user_id, created_at DESC, id DESC);
CREATE INDEX orders_by_time ON orders (created_at DESC, id DESC);
-- What the sweeper looks for: payments overdue, stock still to give back.
CREATE INDEX orders_payment_due ON orders (payment_due_at) WHERE status = 'pending_payment';
CREATE INDEX orders_stock_releasing ON orders (updated_at) WHERE stock = 'releasing';

-- The lines of an order, priced when the stock was reserved.
CREATE TABLE order_items (
    order_id TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    book_id TEXT NOT NULL,
    title TEXT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    unit_price_amount BIGINT NOT NULL,
    currency TEXT NOT NULL,
    PRIMARY KEY (order_id, book_id)
);

-- Every status change and saga step worth telling, oldest first (ids are UUID v7).
CREATE TABLE order_history (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    reason TEXT,
    at TIMESTAMP NOT NULL
);
CREATE INDEX order_history_by_order ON order_history (order_id, id);
