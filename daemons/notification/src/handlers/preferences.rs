//! `/api/v1/notifications/preferences`: the caller's channels per topic and phone number.

use axum::extract::State;
use bookstore_kit::auth::AuthUser;
use bookstore_kit::http::Json;
use bookstore_sdk::types::{Channel, Preferences, Problem, Topic};

use super::PROBLEM;
use crate::error::{Fields, NotificationError};
use crate::state::AppState;
use crate::store::recipients::{self, Account};
use crate::{on_conn, routes, unit_of_work};

/// The caller's preferences (the defaults until they choose).
#[utoipa::path(
    get, path = routes::PREFERENCES, tag = "notifications", security(("bearer" = [])),
    responses(
        (status = 200, description = "The preferences", body = Preferences),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
) -> Result<Json<Preferences>, NotificationError> {
    let row = on_conn!(&state.db, |conn| recipients::find(conn, caller.sub).await)?;
    Ok(Json(row.map(|r| r.preferences()).unwrap_or_default()))
}

/// Replaces the caller's preferences.
#[utoipa::path(
    put, path = routes::PREFERENCES, tag = "notifications", security(("bearer" = [])),
    request_body = Preferences,
    responses(
        (status = 200, description = "The stored preferences", body = Preferences),
        (status = 400, description = "A bad phone number, or SMS without one", body = Problem, content_type = PROBLEM),
        (status = 401, description = "No valid token", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn put(
    State(state): State<AppState>,
    AuthUser(caller): AuthUser,
    Json(wanted): Json<Preferences>,
) -> Result<Json<Preferences>, NotificationError> {
    let preferences = check(wanted)?;
    // Until the account's announcement arrives, the token's word stands in for it.
    let account = Account {
        user_id: caller.sub,
        email: caller.email.clone(),
        name: String::new(),
        role: caller.role,
        disabled: false,
    };
    let stored = unit_of_work!(&state.db, |conn| {
        recipients::set_preferences(conn, &account, &preferences).await
    })?;
    tracing::info!(user.id = %caller.sub, "notification preferences changed");
    Ok(Json(stored.preferences()))
}

/// Normalises and checks preferences: a phone number in E.164, SMS only with one.
fn check(mut preferences: Preferences) -> Result<Preferences, NotificationError> {
    let mut fields = Fields::default();
    preferences.phone = preferences
        .phone
        .map(|p| {
            p.chars()
                .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
                .collect::<String>()
        })
        .filter(|p| !p.is_empty());
    if let Some(phone) = &preferences.phone
        && !is_e164(phone)
    {
        fields.push(
            "phone",
            "must be an international number in E.164 form, like +4915112345678",
        );
    }
    for topic in Topic::ALL {
        let channels = preferences.channels_mut(*topic);
        channels.sort();
        channels.dedup();
        if channels.contains(&Channel::Sms) && preferences.phone.is_none() {
            fields.push("phone", format!("SMS for {topic} needs a phone number"));
        }
    }
    fields.finish()?;
    Ok(preferences)
}

fn is_e164(phone: &str) -> bool {
    let Some(digits) = phone.strip_prefix('+') else {
        return false;
    };
    (8..=15).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0')
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_e164_and_sms_needs_one() {
        let ok = check(Preferences {
            phone: Some("+49 151 1234-5678".into()),
            orders: vec![Channel::Sms, Channel::Email, Channel::Sms],
            ..Preferences::default()
        })
        .unwrap();
        assert_eq!(ok.phone.as_deref(), Some("+4915112345678"));
        assert_eq!(ok.orders, [Channel::Email, Channel::Sms]);
        for bad in ["015112345678", "+0151123456", "+12", "+4915x12345678"] {
            assert!(
                check(Preferences {
                    phone: Some(bad.into()),
                    ..Preferences::default()
                })
                .is_err(),
                "{bad}"
            );
        }
        let Err(NotificationError::Validation(errors)) = check(Preferences {
            promotions: vec![Channel::Sms],
            ..Preferences::default()
        }) else {
            panic!("SMS without a phone accepted");
        };
        assert_eq!(errors[0].field, "phone");
        let cleared = check(Preferences {
            phone: Some("  ".into()),
            ..Preferences::default()
        })
        .unwrap();
        assert_eq!(cleared.phone, None);
    }
}
