//! The order service's tables, for both backends (types both implement: `Text`, `BigInt`,
//! `Bool`, `Timestamp`).

diesel::table! {
    cart_items (user_id, book_id) {
        user_id -> Text,
        book_id -> Text,
        quantity -> BigInt,
        added_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    orders (id) {
        id -> Text,
        user_id -> Text,
        status -> Text,
        status_reason -> Nullable<Text>,
        total_amount -> BigInt,
        currency -> Text,
        /// `StoredPayment` as JSON: a provider token (for the sandbox, one made from the test
        /// card), never a card number.
        payment -> Text,
        /// The `Address` as JSON.
        shipping_address -> Text,
        idempotency_key -> Text,
        /// SHA-256 of the request, hex: the same key with another body is refused.
        request_hash -> Text,
        stock -> Text,
        refunded -> Bool,
        /// For a rejected order: the `Unavailable` items, as JSON.
        unavailable -> Nullable<Text>,
        payment_due_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    order_items (order_id, book_id) {
        order_id -> Text,
        book_id -> Text,
        title -> Text,
        quantity -> BigInt,
        unit_price_amount -> BigInt,
        currency -> Text,
    }
}

diesel::table! {
    order_history (id) {
        id -> Text,
        order_id -> Text,
        status -> Text,
        reason -> Nullable<Text>,
        at -> Timestamp,
    }
}

diesel::joinable!(order_items -> orders (order_id));
diesel::joinable!(order_history -> orders (order_id));
diesel::allow_tables_to_appear_in_same_query!(orders, order_items, order_history);
