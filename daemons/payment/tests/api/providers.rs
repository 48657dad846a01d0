//! The Stripe and PayPal adapters against fake servers that check the request shapes, alone
//! and inside the running service.

#![expect(clippy::unwrap_used)]

use bookstore_kit::testing::{BusKind, backends};
use bookstore_payment::PaymentArgs;
use bookstore_payment::providers::paypal::PayPal;
use bookstore_payment::providers::stripe::Stripe;
use bookstore_payment::providers::{
    ChargeOutcome, ChargeRequest, Journal, PaymentProvider, ProviderError, RefundRequest,
    charge_key, refund_key,
};
use bookstore_sdk::types::{Money, PaymentStatus, Role};
use secrecy::SecretString;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::fakes::{self, PAYPAL_ID, PAYPAL_SECRET, STRIPE_KEY};
use crate::support::{TestApp, order_created};

fn charge(token: &str) -> ChargeRequest {
    let payment_id = Uuid::now_v7();
    ChargeRequest {
        payment_id,
        order_id: Uuid::now_v7(),
        amount: Money::new(1299, "EUR"),
        token: token.into(),
        idempotency_key: charge_key(payment_id),
    }
}

pub fn stripe_args(base: &str) -> PaymentArgs {
    PaymentArgs {
        stripe_api_key: Some(SecretString::from(STRIPE_KEY)),
        stripe_base_url: base.into(),
        stripe_webhook_secret: Some(SecretString::from("whsec_test_secret")),
        ..PaymentArgs::default()
    }
}

pub fn paypal_args(base: &str) -> PaymentArgs {
    PaymentArgs {
        paypal_client_id: Some(PAYPAL_ID.into()),
        paypal_client_secret: Some(SecretString::from(PAYPAL_SECRET)),
        paypal_base_url: base.into(),
        paypal_webhook_id: Some("WH-1".into()),
        ..PaymentArgs::default()
    }
}

fn no_secret_in(journal: &Journal, secrets: &[&str]) {
    let text = format!("{journal:?}");
    let redacted: Vec<String> = journal
        .0
        .iter()
        .map(|e| {
            bookstore_payment::redact::redacted(e.request.clone()).to_string()
                + &bookstore_payment::redact::redacted(e.response.clone()).to_string()
        })
        .collect();
    for secret in secrets {
        assert!(!text.contains(secret), "{secret} in the journal");
        assert!(redacted.iter().all(|t| !t.contains(secret)));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn stripe_speaks_payment_intents_and_refunds() {
    let shutdown = CancellationToken::new();
    let fake = fakes::stripe(shutdown.clone()).await;
    let stripe = Stripe::from_args(&stripe_args(&fake.base), reqwest::Client::new()).unwrap();
    assert!(stripe.describe().test_mode);

    let request = charge("pm_card_visa");
    let mut journal = Journal::default();
    let outcome = stripe.charge(&request, &mut journal).await.unwrap();
    let ChargeOutcome::Succeeded(charged) = outcome else {
        panic!("expected a success: {outcome:?}");
    };
    assert_eq!(charged.reference.as_deref(), Some("pi_fake1"));
    let sent = &fake.to("/v1/payment_intents")[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(
        sent.header("authorization"),
        Some(format!("Bearer {STRIPE_KEY}").as_str())
    );
    assert_eq!(
        sent.header("idempotency-key"),
        Some(request.idempotency_key.as_str())
    );
    assert_eq!(
        sent.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let form = sent.form();
    assert_eq!(form["amount"], "1299");
    assert_eq!(form["currency"], "eur");
    assert_eq!(form["payment_method"], "pm_card_visa");
    assert_eq!(form["confirm"], "true");
    assert_eq!(form["payment_method_types[]"], "card");
    assert_eq!(form["metadata[order_id]"], request.order_id.to_string());
    assert_eq!(journal.0[0].http_status, Some(200));
    // The client secret Stripe answers with is no more kept than the API key.
    no_secret_in(&Journal(journal.0.clone()), &[STRIPE_KEY]);
    let logged = bookstore_payment::redact::redacted(journal.0[0].response.clone());
    assert_eq!(logged["client_secret"], bookstore_payment::redact::REDACTED);

    // A repeat with the same key is answered from Stripe's idempotency cache.
    let again = stripe
        .charge(&request, &mut Journal::default())
        .await
        .unwrap();
    assert_eq!(again, ChargeOutcome::Succeeded(charged.clone()));

    for (token, code) in [
        ("pm_card_chargeDeclined", "card_declined"),
        (
            "pm_card_chargeDeclinedInsufficientFunds",
            "insufficient_funds",
        ),
    ] {
        let outcome = stripe
            .charge(&charge(token), &mut Journal::default())
            .await
            .unwrap();
        let ChargeOutcome::Declined(declined) = outcome else {
            panic!("expected a decline: {outcome:?}");
        };
        assert_eq!(declined.code, code);
        assert_eq!(declined.reason, "Your card was declined.");
    }
    let outage = stripe
        .charge(&charge("pm_card_outage"), &mut Journal::default())
        .await;
    assert!(
        matches!(outage, Err(ProviderError::Transient { .. })),
        "{outage:?}"
    );
    let unknown = stripe
        .charge(&charge("pm_nope"), &mut Journal::default())
        .await;
    assert!(
        matches!(unknown, Err(ProviderError::Rejected(_))),
        "{unknown:?}"
    );

    let refund = RefundRequest {
        payment_id: request.payment_id,
        order_id: request.order_id,
        amount: request.amount.clone(),
        reference: charged.refund_reference.clone(),
        reason: None,
        idempotency_key: refund_key(request.payment_id),
    };
    let refunded = stripe
        .refund(&refund, &mut Journal::default())
        .await
        .unwrap();
    assert_eq!(refunded.reference.as_deref(), Some("re_fake1"));
    let sent = &fake.to("/v1/refunds")[0];
    assert_eq!(sent.form()["payment_intent"], "pi_fake1");
    assert_eq!(
        sent.header("idempotency-key"),
        Some(refund.idempotency_key.as_str())
    );

    // A wrong key is refused by Stripe, which retrying does not fix.
    let mut args = stripe_args(&fake.base);
    args.stripe_api_key = Some(SecretString::from("sk_test_wrong"));
    let wrong = Stripe::from_args(&args, reqwest::Client::new()).unwrap();
    let refused = wrong
        .charge(&charge("pm_card_visa"), &mut Journal::default())
        .await;
    assert!(
        matches!(refused, Err(ProviderError::Rejected(_))),
        "{refused:?}"
    );
    shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread")]
async fn paypal_speaks_orders_captures_and_refunds() {
    let shutdown = CancellationToken::new();
    let fake = fakes::paypal(shutdown.clone()).await;
    let paypal = PayPal::from_args(&paypal_args(&fake.base), reqwest::Client::new()).unwrap();

    let request = charge("vault_ok_1");
    let mut journal = Journal::default();
    let outcome = paypal.charge(&request, &mut journal).await.unwrap();
    let ChargeOutcome::Succeeded(charged) = outcome else {
        panic!("expected a success: {outcome:?}");
    };
    assert_eq!(charged.reference.as_deref(), Some("ORDER-1"));
    assert_eq!(charged.refund_reference.as_deref(), Some("CAPTURE-1"));
    let order = &fake.to("/v2/checkout/orders")[0];
    assert_eq!(
        order.header("authorization"),
        Some("Bearer A21AAFakeAccessToken")
    );
    assert_eq!(
        order.header("paypal-request-id"),
        Some(format!("{}-order", request.idempotency_key).as_str())
    );
    let body = order.json();
    assert_eq!(body["intent"], "CAPTURE");
    assert_eq!(
        body["purchase_units"][0]["reference_id"],
        request.order_id.to_string()
    );
    assert_eq!(body["purchase_units"][0]["amount"]["currency_code"], "EUR");
    assert_eq!(body["purchase_units"][0]["amount"]["value"], "12.99");
    assert_eq!(body["payment_source"]["card"]["vault_id"], "vault_ok_1");
    let capture = &fake.to("/v2/checkout/orders/ORDER-1/capture")[0];
    assert_eq!(
        capture.header("paypal-request-id"),
        Some(format!("{}-capture", request.idempotency_key).as_str())
    );
    no_secret_in(&journal, &[PAYPAL_SECRET]);
    let token_answer = bookstore_payment::redact::redacted(journal.0[0].response.clone());
    assert_eq!(
        token_answer["access_token"],
        bookstore_payment::redact::REDACTED
    );

    let declined = paypal
        .charge(&charge("vault_declined"), &mut Journal::default())
        .await
        .unwrap();
    let ChargeOutcome::Declined(declined) = declined else {
        panic!("expected a decline");
    };
    assert_eq!(declined.code, "card_declined");
    // The token was fetched once and reused.
    assert_eq!(fake.to("/v1/oauth2/token").len(), 1);

    let refund = RefundRequest {
        payment_id: request.payment_id,
        order_id: request.order_id,
        amount: request.amount.clone(),
        reference: charged.refund_reference.clone(),
        reason: Some("cancelled".into()),
        idempotency_key: refund_key(request.payment_id),
    };
    let refunded = paypal
        .refund(&refund, &mut Journal::default())
        .await
        .unwrap();
    assert_eq!(refunded.reference.as_deref(), Some("REFUND-1"));
    let sent = &fake.to("/v2/payments/captures/CAPTURE-1/refund")[0];
    assert_eq!(
        sent.header("paypal-request-id"),
        Some(refund.idempotency_key.as_str())
    );

    // Wrong credentials: refused for good.
    let mut args = paypal_args(&fake.base);
    args.paypal_client_secret = Some(SecretString::from("nope"));
    let wrong = PayPal::from_args(&args, reqwest::Client::new()).unwrap();
    let refused = wrong
        .charge(&charge("vault_ok_1"), &mut Journal::default())
        .await;
    assert!(
        matches!(refused, Err(ProviderError::Rejected(_))),
        "{refused:?}"
    );
    shutdown.cancel();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_service_charges_and_refunds_through_stripe() {
    for backend in backends() {
        let shutdown = CancellationToken::new();
        let fake = fakes::stripe(shutdown.clone()).await;
        let app = TestApp::spawn_with(backend, &BusKind::Memory, stripe_args(&fake.base)).await;
        let providers = app
            .get(
                "/api/v1/payments/providers",
                &app.token(Uuid::now_v7(), Role::Customer),
            )
            .await;
        let names: Vec<&str> = providers
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["sandbox", "stripe"]);

        let (event, order) = order_created("stripe", "pm_card_visa", 1299);
        app.deliver(&event).await;
        app.deliver(&event).await;
        let payment = app.settled(order.order_id).await;
        assert_eq!(payment.status, PaymentStatus::Succeeded, "{}", app.label);
        assert_eq!(payment.provider_reference.as_deref(), Some("pi_fake1"));
        assert_eq!(fake.to("/v1/payment_intents").len(), 1);
        assert_eq!(
            fake.to("/v1/payment_intents")[0].header("idempotency-key"),
            Some(format!("payment-{}-charge", payment.id).as_str())
        );

        let (event, order) =
            order_created("stripe", "pm_card_chargeDeclinedInsufficientFunds", 500);
        app.deliver(&event).await;
        let declined = app.settled(order.order_id).await;
        assert_eq!(declined.failure_code.as_deref(), Some("insufficient_funds"));

        let refunded = app
            .post(
                &format!("/api/v1/payments/{}/refund", payment.id),
                Some(&app.admin()),
                None,
            )
            .await;
        assert_eq!(refunded.status, 200, "{}: {:?}", app.label, refunded.body);
        assert_eq!(
            fake.to("/v1/refunds")[0].form()["payment_intent"],
            "pi_fake1"
        );

        for text in app.log_texts().await {
            assert!(!text.contains(STRIPE_KEY), "{text}");
            assert!(!text.contains("_secret_abc"), "{text}");
        }
        assert!(app.count("SELECT COUNT(*) AS n FROM payment_log").await >= 3);
        shutdown.cancel();
    }
}
