//! Stripe: payment intents confirmed at once with a saved payment method, refunds, and signed
//! webhooks, over Stripe's public REST API (form-encoded requests, JSON answers).

use std::time::Duration;

use async_trait::async_trait;
use aws_lc_rs::hmac;
use axum::http::HeaderMap;
use bookstore_sdk::types::Provider;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};

use super::{
    ChargeOutcome, ChargeRequest, Charged, Declined, Journal, PaymentProvider, ProviderError,
    RefundRequest, Refunded, WebhookError, WebhookEvent, body_json, is_transient_status,
    network_error,
};
use crate::config::PaymentArgs;

pub const NAME: &str = "stripe";

/// How old a signed callback may be, as Stripe's own libraries allow.
pub const SIGNATURE_TOLERANCE: Duration = Duration::from_secs(300);

/// The Stripe adapter (a Strategy).
#[derive(Debug, Clone)]
pub struct Stripe {
    http: reqwest::Client,
    base_url: String,
    api_key: SecretString,
    webhook_secret: Option<SecretString>,
    timeout: Duration,
}

impl Stripe {
    /// Stripe when its API key is configured.
    pub fn from_args(args: &PaymentArgs, http: reqwest::Client) -> Option<Stripe> {
        let api_key = args.stripe_api_key.clone()?;
        Some(Stripe {
            http,
            base_url: args.stripe_base_url.trim_end_matches('/').to_owned(),
            api_key,
            webhook_secret: args.stripe_webhook_secret.clone(),
            timeout: args.payment_provider_timeout,
        })
    }

    /// POSTs `form` to `path` with the idempotency key; the answer's status and JSON body.
    async fn post(
        &self,
        operation: &'static str,
        path: &str,
        form: &[(&str, String)],
        idempotency_key: &str,
        journal: &mut Journal,
    ) -> Result<(u16, Value), ProviderError> {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form.iter().map(|(k, v)| (*k, v.as_str())))
            .finish();
        let logged = json!({
            "method": "POST",
            "path": path,
            "idempotency_key": idempotency_key,
            "form": form.iter().map(|(k, v)| ((*k).to_owned(), Value::String(v.clone()))).collect::<serde_json::Map<_, _>>(),
        });
        let sent = self
            .http
            .post(format!("{}{path}", self.base_url))
            .bearer_auth(self.api_key.expose_secret())
            .header("Idempotency-Key", idempotency_key)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .timeout(self.timeout)
            .body(body)
            .send()
            .await;
        let response = match sent {
            Ok(response) => response,
            Err(e) => {
                let error = network_error(&e);
                journal.record(operation, logged, json!({"error": error.to_string()}), None);
                return Err(error);
            }
        };
        let status = response.status().as_u16();
        let bytes = match response.bytes().await {
            Ok(bytes) => bytes,
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
        let answer = body_json(&bytes);
        journal.record(operation, logged, answer.clone(), Some(status));
        if is_transient_status(status) {
            return Err(ProviderError::transient(format!(
                "Stripe answered {status}: {}",
                error_message(&answer)
            )));
        }
        Ok((status, answer))
    }
}

fn error_message(answer: &Value) -> String {
    answer["error"]["message"]
        .as_str()
        .unwrap_or("no message")
        .to_owned()
}

/// Stripe's decline codes in this service's vocabulary.
fn failure_code(code: Option<&str>, decline_code: Option<&str>) -> String {
    match (code, decline_code) {
        (_, Some("insufficient_funds")) => "insufficient_funds",
        (Some("expired_card"), _) | (_, Some("expired_card")) => "expired_card",
        (Some("processing_error"), _) => "processing_error",
        _ => "card_declined",
    }
    .to_owned()
}

/// A charge's outcome from a payment intent object or a card error.
fn declined_from(error: &Value) -> Declined {
    Declined {
        code: failure_code(error["code"].as_str(), error["decline_code"].as_str()),
        reason: error["message"]
            .as_str()
            .unwrap_or("the card was declined")
            .to_owned(),
        reference: error["payment_intent"]["id"].as_str().map(str::to_owned),
    }
}

#[async_trait]
impl PaymentProvider for Stripe {
    fn name(&self) -> &'static str {
        NAME
    }

    fn describe(&self) -> Provider {
        Provider {
            name: NAME.into(),
            display_name: "Stripe".into(),
            test_mode: self.api_key.expose_secret().starts_with("sk_test_"),
            token_hint: "a Stripe PaymentMethod id (pm_...)".into(),
        }
    }

    async fn charge(
        &self,
        request: &ChargeRequest,
        journal: &mut Journal,
    ) -> Result<ChargeOutcome, ProviderError> {
        let form = [
            ("amount", request.amount.amount.to_string()),
            ("currency", request.amount.currency.to_lowercase()),
            ("payment_method", request.token.clone()),
            ("payment_method_types[]", "card".to_owned()),
            ("confirm", "true".to_owned()),
            ("off_session", "true".to_owned()),
            ("metadata[order_id]", request.order_id.to_string()),
            ("metadata[payment_id]", request.payment_id.to_string()),
        ];
        let (status, answer) = self
            .post(
                "charge",
                "/v1/payment_intents",
                &form,
                &request.idempotency_key,
                journal,
            )
            .await?;
        if status == 402 || answer["error"]["type"] == "card_error" {
            return Ok(ChargeOutcome::Declined(declined_from(&answer["error"])));
        }
        if !(200..300).contains(&status) {
            return Err(ProviderError::Rejected(format!(
                "Stripe answered {status}: {}",
                error_message(&answer)
            )));
        }
        let id = answer["id"].as_str().map(str::to_owned);
        match answer["status"].as_str() {
            Some("succeeded") => Ok(ChargeOutcome::Succeeded(Charged {
                reference: id.clone(),
                refund_reference: id,
            })),
            Some("requires_payment_method") => Ok(ChargeOutcome::Declined(Declined {
                reference: id,
                ..declined_from(&answer["last_payment_error"])
            })),
            Some("requires_action") => Ok(ChargeOutcome::Declined(Declined {
                code: "card_declined".into(),
                reason: "the card needs the customer to authenticate, which an off-session charge cannot do".into(),
                reference: id,
            })),
            // `processing`: the outcome comes later (a webhook settles it, or a retry with the
            // same key reads it).
            other => Err(ProviderError::transient(format!(
                "Stripe payment intent is {}",
                other.unwrap_or("in an unknown state")
            ))),
        }
    }

    async fn refund(
        &self,
        request: &RefundRequest,
        journal: &mut Journal,
    ) -> Result<Refunded, ProviderError> {
        let Some(intent) = request.reference.clone() else {
            return Err(ProviderError::Rejected(
                "the payment has no Stripe payment intent to refund".into(),
            ));
        };
        let form = [
            ("payment_intent", intent),
            ("reason", "requested_by_customer".to_owned()),
            ("metadata[payment_id]", request.payment_id.to_string()),
            ("metadata[order_id]", request.order_id.to_string()),
        ];
        let (status, answer) = self
            .post(
                "refund",
                "/v1/refunds",
                &form,
                &request.idempotency_key,
                journal,
            )
            .await?;
        if (200..300).contains(&status) {
            return Ok(Refunded {
                reference: answer["id"].as_str().map(str::to_owned),
            });
        }
        // Refunded by other means (the dashboard, say): the money is back all the same.
        if answer["error"]["code"] == "charge_already_refunded" {
            return Ok(Refunded::default());
        }
        Err(ProviderError::Rejected(format!(
            "Stripe answered {status}: {}",
            error_message(&answer)
        )))
    }

    async fn verify_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        journal: &mut Journal,
    ) -> Result<WebhookEvent, WebhookError> {
        let Some(secret) = &self.webhook_secret else {
            return Err(WebhookError::NotAccepted(
                "no Stripe webhook secret is configured".into(),
            ));
        };
        let header = headers
            .get("stripe-signature")
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| WebhookError::BadSignature("no Stripe-Signature header".into()))?;
        verify_signature(
            secret.expose_secret().as_bytes(),
            header,
            body,
            chrono::Utc::now().timestamp(),
            SIGNATURE_TOLERANCE,
        )?;
        let event: Value = serde_json::from_slice(body)
            .map_err(|e| WebhookError::BadSignature(format!("the body is not JSON: {e}")))?;
        journal.record(
            "webhook",
            json!({"id": event["id"], "type": event["type"]}),
            event.clone(),
            None,
        );
        let object = &event["data"]["object"];
        let uuid_of = |v: &Value| v.as_str().and_then(|s| uuid::Uuid::parse_str(s).ok());
        let reference = object["id"].as_str().map(str::to_owned);
        let outcome = match event["type"].as_str() {
            Some("payment_intent.succeeded") => Some(ChargeOutcome::Succeeded(Charged {
                reference: reference.clone(),
                refund_reference: reference,
            })),
            Some("payment_intent.payment_failed") => Some(ChargeOutcome::Declined(Declined {
                reference,
                ..declined_from(&object["last_payment_error"])
            })),
            _ => None,
        };
        Ok(WebhookEvent {
            id: event["id"].as_str().unwrap_or_default().to_owned(),
            payment_id: uuid_of(&object["metadata"]["payment_id"]),
            order_id: uuid_of(&object["metadata"]["order_id"]),
            outcome,
        })
    }
}

/// Checks `Stripe-Signature: t=<unix time>,v1=<hex hmac>[,v1=...]`: an HMAC-SHA256 with the
/// endpoint secret over `"<t>.<body>"`, no older (or newer) than `tolerance` against `now`.
pub fn verify_signature(
    secret: &[u8],
    header: &str,
    body: &[u8],
    now: i64,
    tolerance: Duration,
) -> Result<(), WebhookError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", t)) => timestamp = t.parse::<i64>().ok(),
            Some(("v1", hex)) => signatures.extend(decode_hex(hex)),
            _ => {}
        }
    }
    let bad = |m: &str| Err(WebhookError::BadSignature(m.to_owned()));
    let Some(timestamp) = timestamp else {
        return bad("the Stripe-Signature header has no timestamp");
    };
    if signatures.is_empty() {
        return bad("the Stripe-Signature header has no v1 signature");
    }
    if now.abs_diff(timestamp) > tolerance.as_secs() {
        return bad("the signature's timestamp is outside the tolerance");
    }
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret);
    let mut message = format!("{timestamp}.").into_bytes();
    message.extend_from_slice(body);
    if signatures
        .iter()
        .any(|tag| hmac::verify(&key, &message, tag).is_ok())
    {
        Ok(())
    } else {
        bad("no v1 signature matches")
    }
}

/// The `Stripe-Signature` header Stripe would send for `body` at `timestamp`: for tests and
/// for tools that replay callbacks.
pub fn sign(secret: &[u8], body: &[u8], timestamp: i64) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret);
    let mut message = format!("{timestamp}.").into_bytes();
    message.extend_from_slice(body);
    let tag = hmac::sign(&key, &message);
    let hex: String = tag.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("t={timestamp},v1={hex}")
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_within_the_tolerance() {
        let body = br#"{"id":"evt_1"}"#;
        let header = sign(b"whsec_test", body, 1_700_000_000);
        let tolerance = SIGNATURE_TOLERANCE;
        assert!(verify_signature(b"whsec_test", &header, body, 1_700_000_100, tolerance).is_ok());
        assert!(verify_signature(b"whsec_other", &header, body, 1_700_000_100, tolerance).is_err());
        assert!(verify_signature(b"whsec_test", &header, b"{}", 1_700_000_100, tolerance).is_err());
        assert!(verify_signature(b"whsec_test", &header, body, 1_700_001_000, tolerance).is_err());
        assert!(
            verify_signature(
                b"whsec_test",
                "t=1700000000",
                body,
                1_700_000_000,
                tolerance
            )
            .is_err()
        );
        let rotated = format!("{header},v1=00ff");
        assert!(verify_signature(b"whsec_test", &rotated, body, 1_700_000_000, tolerance).is_ok());
    }

    #[test]
    fn decline_codes_map_to_ours() {
        assert_eq!(
            failure_code(Some("card_declined"), Some("insufficient_funds")),
            "insufficient_funds"
        );
        assert_eq!(failure_code(Some("expired_card"), None), "expired_card");
        assert_eq!(
            failure_code(Some("card_declined"), Some("generic_decline")),
            "card_declined"
        );
    }
}
