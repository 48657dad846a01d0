//! `/api/v1/notifications/unsubscribe?token=...`: the link every message carries. `GET`
//! shows a page asking to confirm (mail scanners follow links; they must not unsubscribe
//! anyone); `POST` turns the topic off on the link's channel, which is also what mail
//! clients send for RFC 8058 one-click unsubscribing.

use axum::extract::State;
use axum::response::Html;
use bookstore_kit::http::Query;
use bookstore_sdk::types::{Channel, Problem, Topic};
use serde::Deserialize;
use serde_json::json;

use super::PROBLEM;
use crate::error::NotificationError;
use crate::state::AppState;
use crate::store::recipients;
use crate::unsubscribe::Unsubscribe;
use crate::{routes, unit_of_work};

/// The link's query string.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct Link {
    /// The signed token the link carries.
    pub token: String,
}

/// The confirmation page.
#[utoipa::path(
    get, path = routes::UNSUBSCRIBE, tag = "unsubscribe",
    params(Link),
    responses(
        (status = 200, description = "A page asking to confirm", content_type = "text/html", body = String),
        (status = 400, description = "Not a link of this store", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn page(
    State(state): State<AppState>,
    Query(link): Query<Link>,
) -> Result<Html<String>, NotificationError> {
    let what = state.links.verify(&link.token)?;
    render(&state, what, false)
}

/// Unsubscribes.
#[utoipa::path(
    post, path = routes::UNSUBSCRIBE, tag = "unsubscribe",
    params(Link),
    responses(
        (status = 200, description = "Done: a page saying so", content_type = "text/html", body = String),
        (status = 400, description = "Not a link of this store", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn confirm(
    State(state): State<AppState>,
    Query(link): Query<Link>,
) -> Result<Html<String>, NotificationError> {
    let what = state.links.verify(&link.token)?;
    let changed = unit_of_work!(&state.db, |conn| {
        let Some(reader) = recipients::find(conn, what.user_id).await? else {
            return Ok(false);
        };
        let mut preferences = reader.preferences();
        let channels = preferences.channels_mut(what.topic);
        let before = channels.len();
        channels.retain(|c| *c != what.channel);
        if channels.len() == before {
            return Ok(false);
        }
        let account = recipients::Account {
            user_id: what.user_id,
            email: reader.email.clone(),
            name: reader.name.clone(),
            role: reader
                .role
                .parse()
                .unwrap_or(bookstore_sdk::types::Role::Customer),
            disabled: reader.disabled,
        };
        recipients::set_preferences(conn, &account, &preferences).await?;
        Ok(true)
    })?;
    if changed {
        tracing::info!(
            user.id = %what.user_id, topic = %what.topic, channel = %what.channel,
            "unsubscribed by link"
        );
    }
    render(&state, what, true)
}

fn render(
    state: &AppState,
    what: Unsubscribe,
    done: bool,
) -> Result<Html<String>, NotificationError> {
    let topic = match what.topic {
        Topic::Account => "account",
        Topic::Orders => "order",
        Topic::Promotions => "promotional",
    };
    let channel = match what.channel {
        Channel::Email => "by email",
        Channel::Sms => "by text message",
        Channel::InApp => "in your Bookstore inbox",
    };
    let page = state.notifier.messages.templates().render(
        "unsubscribe.html",
        json!({ "done": done, "topic": topic, "channel": channel }),
    )?;
    Ok(Html(page))
}
