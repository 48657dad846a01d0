//! Fake Stripe and PayPal servers on loopback ports. They record every request for the tests
//! to check its shape, and answer like the real APIs do, declines included.

#![expect(clippy::unwrap_used)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::IntoResponse;
use bookstore_kit::testing::http::serve_stand_in;
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

/// One request as the fake received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    pub path: String,
    pub headers: HeaderMap,
    pub body: String,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The form fields of a form-encoded body.
    pub fn form(&self) -> HashMap<String, String> {
        url::form_urlencoded::parse(self.body.as_bytes())
            .into_owned()
            .collect()
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }
}

/// A running fake.
#[derive(Clone)]
pub struct Fake {
    pub base: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl Fake {
    /// The requests to `path`, in order.
    pub fn to(&self, path: &str) -> Vec<Recorded> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }
}

type Answerer = Arc<dyn Fn(&Recorded) -> (StatusCode, Value) + Send + Sync>;

async fn serve(answer: Answerer, shutdown: CancellationToken) -> Fake {
    let requests = Arc::new(Mutex::new(Vec::new()));
    let sink = requests.clone();
    // Answers are remembered per idempotency key, as the real providers do.
    let seen: Arc<Mutex<HashMap<String, (StatusCode, Value)>>> = Arc::default();
    let router = axum::Router::new().fallback(
        move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let sink = sink.clone();
            let answer = answer.clone();
            let seen = seen.clone();
            async move {
                let recorded = Recorded {
                    method,
                    path: uri.path().to_owned(),
                    headers,
                    body: String::from_utf8_lossy(&body).into_owned(),
                };
                sink.lock().unwrap().push(recorded.clone());
                let key = recorded
                    .header("idempotency-key")
                    .or_else(|| recorded.header("paypal-request-id"))
                    .map(|k| format!("{} {k}", recorded.path));
                if let Some(key) = &key
                    && let Some((status, body)) = seen.lock().unwrap().get(key).cloned()
                {
                    return (status, axum::Json(body)).into_response();
                }
                let (status, body) = answer(&recorded);
                if let Some(key) = key {
                    seen.lock().unwrap().insert(key, (status, body.clone()));
                }
                (status, axum::Json(body)).into_response()
            }
        },
    );
    let base = serve_stand_in(router, shutdown).await;
    Fake { base, requests }
}

pub const STRIPE_KEY: &str = "sk_test_fake_51Hsecret";

/// A fake Stripe: `pm_card_visa` succeeds, `pm_card_chargeDeclined` is declined,
/// `pm_card_chargeDeclinedInsufficientFunds` lacks funds, `pm_card_outage` meets a 500.
pub async fn stripe(shutdown: CancellationToken) -> Fake {
    let intents = Arc::new(Mutex::new(0u32));
    serve(
        Arc::new(move |r: &Recorded| {
            if r.header("authorization") != Some(&format!("Bearer {STRIPE_KEY}")) {
                return (
                    StatusCode::UNAUTHORIZED,
                    json!({"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}}),
                );
            }
            let form = r.form();
            match r.path.as_str() {
                "/v1/payment_intents" => {
                    let mut n = intents.lock().unwrap();
                    *n += 1;
                    let id = format!("pi_fake{n}");
                    let card_error = |decline: &str| {
                        (
                            StatusCode::PAYMENT_REQUIRED,
                            json!({"error": {
                                "type": "card_error", "code": "card_declined", "decline_code": decline,
                                "message": "Your card was declined.",
                                "payment_intent": {"id": id, "status": "requires_payment_method"},
                            }}),
                        )
                    };
                    match form.get("payment_method").map(String::as_str) {
                        Some("pm_card_visa") => (
                            StatusCode::OK,
                            json!({
                                "id": id, "object": "payment_intent", "status": "succeeded",
                                "amount": form["amount"].parse::<i64>().unwrap(),
                                "currency": form["currency"],
                                "client_secret": format!("{id}_secret_abc"),
                                "metadata": {"order_id": form["metadata[order_id]"]},
                            }),
                        ),
                        Some("pm_card_chargeDeclined") => card_error("generic_decline"),
                        Some("pm_card_chargeDeclinedInsufficientFunds") => {
                            card_error("insufficient_funds")
                        }
                        Some("pm_card_outage") => (
                            StatusCode::INTERNAL_SERVER_ERROR,
                            json!({"error": {"type": "api_error", "message": "Something went wrong"}}),
                        ),
                        _ => (
                            StatusCode::BAD_REQUEST,
                            json!({"error": {"type": "invalid_request_error", "code": "resource_missing", "message": "No such PaymentMethod"}}),
                        ),
                    }
                }
                "/v1/refunds" => (
                    StatusCode::OK,
                    json!({"id": "re_fake1", "object": "refund", "status": "succeeded", "payment_intent": form["payment_intent"]}),
                ),
                _ => (StatusCode::NOT_FOUND, json!({"error": {"message": "Unrecognized request URL"}})),
            }
        }),
        shutdown,
    )
    .await
}

pub const PAYPAL_ID: &str = "paypal-client-id";
pub const PAYPAL_SECRET: &str = "paypal-client-secret-value";
const PAYPAL_TOKEN: &str = "A21AAFakeAccessToken";

/// A fake PayPal: vault ids succeed except `vault_declined`; webhooks verify when
/// `PAYPAL-TRANSMISSION-SIG` is `good-signature`.
pub async fn paypal(shutdown: CancellationToken) -> Fake {
    use base64::Engine as _;
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{PAYPAL_ID}:{PAYPAL_SECRET}"))
    );
    serve(
        Arc::new(move |r: &Recorded| {
            if r.path == "/v1/oauth2/token" {
                if r.header("authorization") != Some(basic.as_str())
                    || r.form().get("grant_type").map(String::as_str) != Some("client_credentials")
                {
                    return (StatusCode::UNAUTHORIZED, json!({"error": "invalid_client", "error_description": "Client Authentication failed"}));
                }
                return (
                    StatusCode::OK,
                    json!({"scope": "https://uri.paypal.com/services/payments", "access_token": PAYPAL_TOKEN, "token_type": "Bearer", "expires_in": 32400}),
                );
            }
            if r.header("authorization") != Some(&format!("Bearer {PAYPAL_TOKEN}")) {
                return (StatusCode::UNAUTHORIZED, json!({"name": "AUTHENTICATION_FAILURE"}));
            }
            match r.path.as_str() {
                "/v2/checkout/orders" => {
                    let body = r.json();
                    if body["payment_source"]["card"]["vault_id"] == "vault_declined" {
                        return (
                            StatusCode::UNPROCESSABLE_ENTITY,
                            json!({"name": "UNPROCESSABLE_ENTITY", "message": "The instrument presented was either declined by the processor or bank.",
                                   "details": [{"issue": "INSTRUMENT_DECLINED"}]}),
                        );
                    }
                    (StatusCode::CREATED, json!({"id": "ORDER-1", "status": "APPROVED"}))
                }
                "/v2/checkout/orders/ORDER-1/capture" => (
                    StatusCode::CREATED,
                    json!({"id": "ORDER-1", "status": "COMPLETED",
                           "purchase_units": [{"payments": {"captures": [{"id": "CAPTURE-1", "status": "COMPLETED"}]}}]}),
                ),
                "/v2/payments/captures/CAPTURE-1/refund" => {
                    (StatusCode::CREATED, json!({"id": "REFUND-1", "status": "COMPLETED"}))
                }
                "/v1/notifications/verify-webhook-signature" => {
                    let good = r.json()["transmission_sig"] == "good-signature";
                    (
                        StatusCode::OK,
                        json!({"verification_status": if good { "SUCCESS" } else { "FAILURE" }}),
                    )
                }
                _ => (StatusCode::NOT_FOUND, json!({"name": "RESOURCE_NOT_FOUND"})),
            }
        }),
        shutdown,
    )
    .await
}
