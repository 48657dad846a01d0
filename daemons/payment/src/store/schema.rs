//! The tables, by hand, in types both backends share: UUIDs as text, times as UTC `Timestamp`,
//! money as `BigInt` minor units. Must match `migrations/{postgres,sqlite}`.

diesel::table! {
    payments (id) {
        id -> Text,
        order_id -> Text,
        user_id -> Text,
        provider -> Text,
        /// `pending`, `succeeded`, `failed`, `refunded` or `voided`.
        status -> Text,
        amount -> BigInt,
        currency -> Text,
        card_last4 -> Nullable<Text>,
        provider_reference -> Nullable<Text>,
        refund_reference -> Nullable<Text>,
        failure_reason -> Nullable<Text>,
        failure_code -> Nullable<Text>,
        refunded_amount -> Nullable<BigInt>,
        attempts -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    refunds (id) {
        id -> Text,
        payment_id -> Text,
        amount -> BigInt,
        currency -> Text,
        provider_reference -> Nullable<Text>,
        reason -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    payment_cancellations (payment_id) {
        payment_id -> Text,
        reason -> Nullable<Text>,
        requested_at -> Timestamp,
    }
}

diesel::table! {
    payment_log (id) {
        id -> Text,
        payment_id -> Text,
        order_id -> Text,
        provider -> Text,
        operation -> Text,
        /// JSON text.
        request -> Text,
        /// JSON text.
        response -> Text,
        http_status -> Nullable<Integer>,
        at -> Timestamp,
    }
}

diesel::table! {
    sandbox_ledger (idempotency_key) {
        idempotency_key -> Text,
        /// `charge` or `refund`.
        operation -> Text,
        reference -> Text,
        amount -> BigInt,
        currency -> Text,
        card_last4 -> Nullable<Text>,
        /// `succeeded` or `declined`.
        outcome -> Text,
        code -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(refunds -> payments (payment_id));
diesel::joinable!(payment_cancellations -> payments (payment_id));
diesel::allow_tables_to_appear_in_same_query!(
    payments,
    refunds,
    payment_cancellations,
    payment_log,
    sandbox_ledger
);
