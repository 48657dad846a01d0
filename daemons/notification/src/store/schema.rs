//! The notification service's tables, for both backends (types both implement: `Text`,
//! `BigInt`, `Integer`, `Bool`, `Timestamp`).

diesel::table! {
    recipients (user_id) {
        user_id -> Text,
        email -> Text,
        name -> Text,
        role -> Text,
        disabled -> Bool,
        profile_at -> Timestamp,
        phone -> Nullable<Text>,
        account_channels -> Text,
        order_channels -> Text,
        promotion_channels -> Text,
        last_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        user_id -> Text,
        seq -> BigInt,
        kind -> Text,
        subject -> Text,
        body -> Text,
        data -> Text,
        order_id -> Nullable<Text>,
        order_status -> Nullable<Text>,
        promotion_id -> Nullable<Text>,
        channels -> Text,
        in_app -> Bool,
        source -> Text,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    deliveries (id) {
        id -> Text,
        notification_id -> Text,
        user_id -> Text,
        kind -> Text,
        channel -> Text,
        address -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        promotion_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    delivery_attempts (id) {
        id -> Text,
        delivery_id -> Text,
        attempted_at -> Timestamp,
        outcome -> Text,
        error -> Nullable<Text>,
        duration_ms -> BigInt,
    }
}

diesel::table! {
    promotions (id) {
        id -> Text,
        subject -> Text,
        body -> Text,
        channels -> Text,
        audience -> Text,
        status -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        started_at -> Nullable<Timestamp>,
        completed_at -> Nullable<Timestamp>,
        cursor -> Nullable<Text>,
        recipients -> Nullable<BigInt>,
        processed -> BigInt,
        notified -> BigInt,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    promotion_keys (created_by, idempotency_key) {
        created_by -> Text,
        idempotency_key -> Text,
        request_hash -> Text,
        promotion_id -> Text,
    }
}

diesel::table! {
    secrets (name) {
        name -> Text,
        value -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(deliveries -> notifications (notification_id));
diesel::allow_tables_to_appear_in_same_query!(recipients, notifications, deliveries, promotions);
