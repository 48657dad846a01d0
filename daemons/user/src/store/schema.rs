//! The tables, by hand, in types both backends share: UUIDs and roles as text, times as UTC
//! `Timestamp`. Must match `migrations/{postgres,sqlite}`.

diesel::table! {
    users (id) {
        id -> Text,
        /// Lower-cased, unique.
        email -> Text,
        name -> Text,
        /// `name` lower-cased by Rust, for the admin search on either backend.
        name_folded -> Text,
        /// Argon2id PHC string.
        password_hash -> Text,
        /// `customer` or `admin`.
        role -> Text,
        disabled -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        /// SHA-256 of the token, base64url; the token itself is never stored.
        token_hash -> Text,
        /// Every token descending from one login shares a family; reuse revokes them all.
        family_id -> Text,
        user_id -> Text,
        /// The `jti` of the access token issued with this refresh token: tells which session a
        /// request comes from (a password change keeps that one).
        access_jti -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    signing_keys (kid) {
        kid -> Text,
        /// PKCS#8 DER of the Ed25519 private key, base64.
        pkcs8 -> Text,
        created_at -> Timestamp,
        retired_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(refresh_tokens -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(users, refresh_tokens, signing_keys);
