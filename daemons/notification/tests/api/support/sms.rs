//! A stand-in SMS provider speaking Twilio's Messages API shape: it checks each request
//! (path, Basic auth, form fields) and answers as the provider does, or with the status the
//! test asks for.

use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use base64::Engine as _;
use bookstore_kit::testing::http::serve_stand_in;
use serde_json::json;
use tokio_util::sync::CancellationToken;

pub const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
pub const AUTH_TOKEN: &str = "sms-auth-token";
pub const FROM: &str = "+15005550006";

/// One accepted text message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Texted {
    pub to: String,
    pub body: String,
}

/// What the provider received and what it answers next.
#[derive(Clone, Default)]
pub struct Provider {
    pub sent: Arc<Mutex<Vec<Texted>>>,
    /// Requests that did not have the provider's shape, described.
    pub malformed: Arc<Mutex<Vec<String>>>,
    /// Answers to give before accepting again, first first: `(status, Twilio error code)`.
    pub refusals: Arc<Mutex<Vec<(u16, i64)>>>,
}

#[expect(clippy::unwrap_used)]
async fn messages(
    State(provider): State<Provider>,
    Path(sid): Path<String>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let basic =
        base64::engine::general_purpose::STANDARD.encode(format!("{ACCOUNT_SID}:{AUTH_TOKEN}"));
    let mut problems = Vec::new();
    if sid != ACCOUNT_SID {
        problems.push(format!("account {sid} in the path"));
    }
    if headers.get("authorization").and_then(|v| v.to_str().ok())
        != Some(format!("Basic {basic}").as_str())
    {
        problems.push("no Basic auth with the account SID and token".to_owned());
    }
    if headers.get("content-type").and_then(|v| v.to_str().ok())
        != Some("application/x-www-form-urlencoded")
    {
        problems.push("not a form body".to_owned());
    }
    let form: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let (to, from, text) = (field("To"), field("From"), field("Body"));
    if from.as_deref() != Some(FROM) {
        problems.push(format!("From is {from:?}"));
    }
    if !problems.is_empty() {
        provider.malformed.lock().unwrap().push(problems.join("; "));
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"code": 20001, "message": problems.join("; "), "status": 400})),
        )
            .into_response();
    }
    let refusal = {
        let mut refusals = provider.refusals.lock().unwrap();
        (!refusals.is_empty()).then(|| refusals.remove(0))
    };
    if let Some((status, code)) = refusal {
        return (
            StatusCode::from_u16(status).unwrap(),
            axum::Json(json!({
                "code": code,
                "message": format!("refused with {code}"),
                "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
                "status": status,
            })),
        )
            .into_response();
    }
    provider.sent.lock().unwrap().push(Texted {
        to: to.clone().unwrap_or_default(),
        body: text.clone().unwrap_or_default(),
    });
    (
        StatusCode::CREATED,
        axum::Json(json!({
            "sid": format!("SM{}", uuid::Uuid::new_v4().simple()),
            "account_sid": ACCOUNT_SID,
            "to": to,
            "from": FROM,
            "body": text,
            "status": "queued",
        })),
    )
        .into_response()
}

/// Serves the provider until `shutdown`; returns its base URL.
pub async fn serve(provider: Provider, shutdown: CancellationToken) -> String {
    let router = axum::Router::new()
        .route("/2010-04-01/Accounts/{sid}/Messages.json", post(messages))
        .with_state(provider);
    serve_stand_in(router, shutdown).await
}
