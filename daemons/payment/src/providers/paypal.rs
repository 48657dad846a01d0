//! PayPal: an order with intent CAPTURE paid from a vaulted payment source, then captured;
//! refunds of the capture; webhooks verified by PayPal's own verification endpoint. OAuth2
//! client-credentials tokens are cached until shortly before they expire.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use axum::http::HeaderMap;
use bookstore_sdk::types::Provider;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use tokio::sync::Mutex;

use super::{
    ChargeOutcome, ChargeRequest, Charged, Declined, Journal, PaymentProvider, ProviderError,
    RefundRequest, Refunded, WebhookError, WebhookEvent, body_json, decimal_amount,
    is_transient_status, network_error,
};
use crate::config::PaymentArgs;

pub const NAME: &str = "paypal";

/// A token this close to its expiry is renewed rather than used.
const TOKEN_MARGIN: Duration = Duration::from_secs(60);

/// The PayPal adapter (a Strategy).
#[derive(Debug, Clone)]
pub struct PayPal {
    http: reqwest::Client,
    base_url: String,
    client_id: String,
    client_secret: SecretString,
    webhook_id: Option<String>,
    timeout: Duration,
    /// The access token and when it expires; one fetch at a time.
    token: Arc<Mutex<Option<(SecretString, Instant)>>>,
}

/// One request to send.
struct Call<'a> {
    operation: &'static str,
    path: String,
    body: Value,
    request_id: Option<String>,
    bearer: &'a str,
}

impl PayPal {
    /// PayPal when its client id and secret are configured.
    pub fn from_args(args: &PaymentArgs, http: reqwest::Client) -> Option<PayPal> {
        Some(PayPal {
            http,
            base_url: args.paypal_base_url.trim_end_matches('/').to_owned(),
            client_id: args.paypal_client_id.clone()?,
            client_secret: args.paypal_client_secret.clone()?,
            webhook_id: args.paypal_webhook_id.clone(),
            timeout: args.payment_provider_timeout,
            token: Arc::new(Mutex::new(None)),
        })
    }

    /// A valid access token, from the cache or fetched now.
    async fn access_token(&self, journal: &mut Journal) -> Result<SecretString, ProviderError> {
        let mut cached = self.token.lock().await;
        if let Some((token, expires)) = cached.as_ref()
            && *expires > Instant::now() + TOKEN_MARGIN
        {
            return Ok(token.clone());
        }
        let path = "/v1/oauth2/token";
        let logged = json!({"method": "POST", "path": path, "grant_type": "client_credentials"});
        let sent = self
            .http
            .post(format!("{}{path}", self.base_url))
            .basic_auth(&self.client_id, Some(self.client_secret.expose_secret()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .timeout(self.timeout)
            .body("grant_type=client_credentials")
            .send()
            .await;
        let (status, answer) = read(sent, "token", logged, journal).await?;
        if !(200..300).contains(&status) {
            return Err(ProviderError::Rejected(format!(
                "PayPal refused the client credentials ({status}): {}",
                answer["error_description"]
                    .as_str()
                    .unwrap_or("no reason given")
            )));
        }
        let token = answer["access_token"]
            .as_str()
            .ok_or_else(|| ProviderError::transient("PayPal's token answer has no access_token"))?;
        let token = SecretString::from(token.to_owned());
        let lifetime = Duration::from_secs(answer["expires_in"].as_u64().unwrap_or(0));
        *cached = Some((token.clone(), Instant::now() + lifetime));
        Ok(token)
    }

    async fn send(
        &self,
        call: Call<'_>,
        journal: &mut Journal,
    ) -> Result<(u16, Value), ProviderError> {
        let mut logged = json!({"method": "POST", "path": call.path, "body": call.body});
        let mut request = self
            .http
            .post(format!("{}{}", self.base_url, call.path))
            .bearer_auth(call.bearer)
            .header("Prefer", "return=representation")
            .timeout(self.timeout)
            .json(&call.body);
        if let Some(id) = &call.request_id {
            request = request.header("PayPal-Request-Id", id);
            logged["request_id"] = Value::String(id.clone());
        }
        let (status, answer) = read(request.send().await, call.operation, logged, journal).await?;
        if status == 401 {
            // The token was revoked or expired early: fetch a new one next time.
            *self.token.lock().await = None;
            return Err(ProviderError::transient("PayPal refused the access token"));
        }
        Ok((status, answer))
    }
}

/// The answer of a sent request, journaled; transient statuses become errors.
async fn read(
    sent: Result<reqwest::Response, reqwest::Error>,
    operation: &'static str,
    logged: Value,
    journal: &mut Journal,
) -> Result<(u16, Value), ProviderError> {
    let response = match sent {
        Ok(response) => response,
        Err(e) => {
            let error = network_error(&e);
            journal.record(operation, logged, json!({"error": error.to_string()}), None);
            return Err(error);
        }
    };
    let status = response.status().as_u16();
    let answer = match response.bytes().await {
        Ok(bytes) => body_json(&bytes),
        Err(e) => {
            let error = network_error(&e);
            journal.record(
                operation,
                logged,
                json!({"error": error.to_string()}),
                Some(status),
            );
            return Err(error);
        }
    };
    journal.record(operation, logged, answer.clone(), Some(status));
    if is_transient_status(status) {
        return Err(ProviderError::transient(format!(
            "PayPal answered {status}: {}",
            message(&answer)
        )));
    }
    Ok((status, answer))
}

fn message(answer: &Value) -> String {
    answer["message"]
        .as_str()
        .or_else(|| answer["error_description"].as_str())
        .unwrap_or("no message")
        .to_owned()
}

/// The first issue of a PayPal error answer (`INSTRUMENT_DECLINED`, ...).
fn issue(answer: &Value) -> Option<&str> {
    answer["details"][0]["issue"].as_str()
}

fn failure_code(issue: Option<&str>) -> String {
    match issue {
        Some("INSUFFICIENT_FUNDS") => "insufficient_funds",
        Some("CARD_EXPIRED") => "expired_card",
        _ => "card_declined",
    }
    .to_owned()
}

/// The first capture of an order answer.
fn capture_of(order: &Value) -> &Value {
    &order["purchase_units"][0]["payments"]["captures"][0]
}

/// What a capture says about the charge of PayPal order `order_id`.
fn outcome_of(capture: &Value, order_id: Option<String>) -> Result<ChargeOutcome, ProviderError> {
    let capture_id = capture["id"].as_str().map(str::to_owned);
    match capture["status"].as_str() {
        Some("COMPLETED") => Ok(ChargeOutcome::Succeeded(Charged {
            reference: order_id,
            refund_reference: capture_id,
        })),
        Some("DECLINED") | Some("FAILED") => Ok(ChargeOutcome::Declined(Declined {
            code: "card_declined".into(),
            reason: "PayPal declined the capture".into(),
            reference: order_id,
        })),
        other => Err(ProviderError::transient(format!(
            "the PayPal capture is {}",
            other.unwrap_or("missing")
        ))),
    }
}

#[async_trait]
impl PaymentProvider for PayPal {
    fn name(&self) -> &'static str {
        NAME
    }

    fn describe(&self) -> Provider {
        Provider {
            name: NAME.into(),
            display_name: "PayPal".into(),
            test_mode: self.base_url.contains("sandbox"),
            token_hint: "a PayPal vault payment token id".into(),
        }
    }

    async fn charge(
        &self,
        request: &ChargeRequest,
        journal: &mut Journal,
    ) -> Result<ChargeOutcome, ProviderError> {
        let token = self.access_token(journal).await?;
        let bearer = token.expose_secret();
        let body = json!({
            "intent": "CAPTURE",
            "purchase_units": [{
                "reference_id": request.order_id.to_string(),
                "custom_id": request.payment_id.to_string(),
                "amount": {
                    "currency_code": request.amount.currency,
                    "value": decimal_amount(&request.amount),
                },
            }],
            "payment_source": {"card": {"vault_id": request.token}},
        });
        let (status, order) = self
            .send(
                Call {
                    operation: "charge",
                    path: "/v2/checkout/orders".into(),
                    body,
                    request_id: Some(format!("{}-order", request.idempotency_key)),
                    bearer,
                },
                journal,
            )
            .await?;
        if status == 422 {
            return Ok(ChargeOutcome::Declined(Declined {
                code: failure_code(issue(&order)),
                reason: message(&order),
                reference: None,
            }));
        }
        if !(200..300).contains(&status) {
            return Err(ProviderError::Rejected(format!(
                "PayPal answered {status}: {}",
                message(&order)
            )));
        }
        let order_id = order["id"].as_str().map(str::to_owned);
        // A vaulted source may be captured with the order itself.
        if order["status"] == "COMPLETED" {
            return outcome_of(capture_of(&order), order_id);
        }
        let Some(id) = order_id.clone() else {
            return Err(ProviderError::transient("PayPal's order answer has no id"));
        };
        let (status, captured) = self
            .send(
                Call {
                    operation: "capture",
                    path: format!("/v2/checkout/orders/{id}/capture"),
                    body: json!({}),
                    request_id: Some(format!("{}-capture", request.idempotency_key)),
                    bearer,
                },
                journal,
            )
            .await?;
        if status == 422 {
            return Ok(ChargeOutcome::Declined(Declined {
                code: failure_code(issue(&captured)),
                reason: message(&captured),
                reference: order_id,
            }));
        }
        if !(200..300).contains(&status) {
            return Err(ProviderError::Rejected(format!(
                "PayPal answered {status}: {}",
                message(&captured)
            )));
        }
        outcome_of(capture_of(&captured), order_id)
    }

    async fn refund(
        &self,
        request: &RefundRequest,
        journal: &mut Journal,
    ) -> Result<Refunded, ProviderError> {
        let Some(capture) = request.reference.clone() else {
            return Err(ProviderError::Rejected(
                "the payment has no PayPal capture to refund".into(),
            ));
        };
        let token = self.access_token(journal).await?;
        let mut body = json!({});
        if let Some(reason) = &request.reason {
            body["note_to_payer"] = Value::String(reason.chars().take(255).collect());
        }
        let (status, answer) = self
            .send(
                Call {
                    operation: "refund",
                    path: format!("/v2/payments/captures/{capture}/refund"),
                    body,
                    request_id: Some(request.idempotency_key.clone()),
                    bearer: token.expose_secret(),
                },
                journal,
            )
            .await?;
        if (200..300).contains(&status) {
            return Ok(Refunded {
                reference: answer["id"].as_str().map(str::to_owned),
            });
        }
        if issue(&answer) == Some("CAPTURE_FULLY_REFUNDED") {
            return Ok(Refunded::default());
        }
        Err(ProviderError::Rejected(format!(
            "PayPal answered {status}: {}",
            message(&answer)
        )))
    }

    async fn verify_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        journal: &mut Journal,
    ) -> Result<WebhookEvent, WebhookError> {
        let Some(webhook_id) = &self.webhook_id else {
            return Err(WebhookError::NotAccepted(
                "no PayPal webhook id is configured".into(),
            ));
        };
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
                .ok_or_else(|| WebhookError::BadSignature(format!("no {name} header")))
        };
        let event: Value = serde_json::from_slice(body)
            .map_err(|e| WebhookError::BadSignature(format!("the body is not JSON: {e}")))?;
        let verification = json!({
            "auth_algo": header("paypal-auth-algo")?,
            "cert_url": header("paypal-cert-url")?,
            "transmission_id": header("paypal-transmission-id")?,
            "transmission_sig": header("paypal-transmission-sig")?,
            "transmission_time": header("paypal-transmission-time")?,
            "webhook_id": webhook_id,
            "webhook_event": event,
        });
        let unavailable = |e: ProviderError| WebhookError::Unavailable(e.to_string());
        let token = self.access_token(journal).await.map_err(unavailable)?;
        let (status, answer) = self
            .send(
                Call {
                    operation: "verify_webhook",
                    path: "/v1/notifications/verify-webhook-signature".into(),
                    body: verification,
                    request_id: None,
                    bearer: token.expose_secret(),
                },
                journal,
            )
            .await
            .map_err(unavailable)?;
        if !(200..300).contains(&status) || answer["verification_status"] != "SUCCESS" {
            return Err(WebhookError::BadSignature(
                "PayPal did not verify the signature".into(),
            ));
        }
        let resource = &event["resource"];
        let order_id = resource["supplementary_data"]["related_ids"]["order_id"]
            .as_str()
            .map(str::to_owned);
        let outcome = match event["event_type"].as_str() {
            Some("PAYMENT.CAPTURE.COMPLETED") | Some("PAYMENT.CAPTURE.DENIED") => {
                outcome_of(resource, order_id).ok()
            }
            _ => None,
        };
        Ok(WebhookEvent {
            id: event["id"].as_str().unwrap_or_default().to_owned(),
            payment_id: resource["custom_id"]
                .as_str()
                .and_then(|s| uuid::Uuid::parse_str(s).ok()),
            order_id: None,
            outcome,
        })
    }
}
