//! The operational endpoints: health, aggregated readiness, metrics, the merged document.

use std::sync::atomic::Ordering;

use bookstore_kit::service::ServiceName;
use serde_json::Value;

use crate::support::{Keys, args, closed_port, gateway, upstream, user_gateway};

#[tokio::test]
async fn healthz_answers() {
    let (gw, _up, _keys) = user_gateway(args()).await;
    let response = reqwest::get(format!("{}/healthz", gw.url)).await.unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["service"], "gateway");
}

#[tokio::test]
async fn readyz_is_200_when_every_service_is_ready() {
    let (gw, _up, _keys) = user_gateway(args()).await;
    let response = reqwest::get(format!("{}/readyz", gw.url)).await.unwrap();
    assert_eq!(response.status(), 200);
    let body: bookstore_sdk::types::Readiness = response.json().await.unwrap();
    assert_eq!(body.service, "gateway");
    assert_eq!(body.checks.keys().collect::<Vec<_>>(), ["user"]);
    assert!(body.is_ready());
}

#[tokio::test]
async fn readyz_is_503_naming_the_service_that_is_down() {
    let user = upstream().await;
    let catalog = closed_port().await;
    let keys = Keys::new();
    let gw = gateway(
        args(),
        &[
            (ServiceName::User, &user.url),
            (ServiceName::Catalog, &catalog),
        ],
        keys.verifier.clone(),
    )
    .await;
    let response = reqwest::get(format!("{}/readyz", gw.url)).await.unwrap();
    assert_eq!(response.status(), 503);
    let body: bookstore_sdk::types::Readiness = response.json().await.unwrap();
    assert_eq!(body.status, "unavailable");
    assert_eq!(
        body.checks["user"].status,
        bookstore_sdk::types::CheckStatus::Up
    );
    assert_eq!(
        body.checks["catalog"].status,
        bookstore_sdk::types::CheckStatus::Down
    );
    let detail = body.checks["catalog"].detail.clone().unwrap_or_default();
    assert!(!detail.contains("127.0.0.1"), "{detail}");

    // A service that answers but is not ready counts as down too.
    user.behaviour.not_ready.store(true, Ordering::SeqCst);
    let response = reqwest::get(format!("{}/readyz", gw.url)).await.unwrap();
    let body: bookstore_sdk::types::Readiness = response.json().await.unwrap();
    assert_eq!(
        body.checks["user"].status,
        bookstore_sdk::types::CheckStatus::Down
    );
}

#[tokio::test]
async fn metrics_count_upstream_requests_by_service_and_status() {
    let (gw, _up, _keys) = user_gateway(args()).await;
    for path in ["/api/v1/auth/login", "/api/v1/auth", "/nowhere"] {
        reqwest::get(format!("{}{path}", gw.url)).await.unwrap();
    }
    let response = reqwest::get(format!("{}/metrics", gw.url)).await.unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(
        text.contains(
            r#"bookstore_gateway_upstream_requests_total{service="gateway",upstream="user",outcome="200"} 2"#
        ),
        "{text}"
    );
    assert!(
        text.contains("bookstore_gateway_upstream_duration_seconds"),
        "{text}"
    );
    // Requests are counted under their route template, never their path.
    for series in [
        r#"bookstore_http_requests_total{service="gateway",method="GET",route="/api/v1/auth/{*rest}",status="200"} 1"#,
        r#"bookstore_http_requests_total{service="gateway",method="GET",route="/api/v1/auth",status="200"} 1"#,
        r#"bookstore_http_requests_total{service="gateway",method="GET",route="unmatched",status="404"} 1"#,
    ] {
        assert!(text.contains(series), "{series} missing from\n{text}");
    }
}

#[tokio::test]
async fn the_document_merges_the_services_public_paths() {
    let (gw, _up, _keys) = user_gateway(args()).await;
    let doc: Value = reqwest::get(format!("{}/openapi.json", gw.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.contains_key("/readyz"));
    assert!(paths.contains_key("/api/v1/users/me"));
    assert!(!paths.contains_key("/internal/keys"));
    assert!(doc["components"]["schemas"].get("User").is_some());
    assert!(doc.get("x-bookstore-missing").is_none());
}

#[tokio::test]
async fn start_builds_the_gateway_from_a_daemon_context() {
    let up = upstream().await;
    let ctx = bookstore_kit::service::Context {
        service_token: bookstore_kit::auth::ServiceToken::generate(),
        http: reqwest::Client::new(),
        bus: std::sync::Arc::new(bookstore_kit::events::MemoryBus::new(
            bookstore_kit::events::Topology::default(),
            bookstore_kit::events::BusOptions::default(),
        )),
        urls: bookstore_kit::service::ServiceUrls::new([(ServiceName::User, up.url.clone())]),
        shutdown: tokio_util::sync::CancellationToken::new(),
        server: bookstore_kit::http::ServerOptions::default(),
    };
    // The gateway itself and services not given are left out of the table.
    let app = bookstore_gateway::start(&args(), &ctx, &[ServiceName::Gateway, ServiceName::User])
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(bookstore_kit::http::serve(
        listener,
        app,
        ctx.shutdown.clone(),
        std::time::Duration::from_millis(100),
    ));
    let response = reqwest::get(format!("{url}/api/v1/auth/login"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let response = reqwest::get(format!("{url}/api/v1/books")).await.unwrap();
    assert_eq!(response.status(), 404);
    ctx.shutdown.cancel();

    let bad = bookstore_kit::service::Context {
        urls: bookstore_kit::service::ServiceUrls::new([(ServiceName::User, "user:8081".into())]),
        ..ctx
    };
    let error = bookstore_gateway::start(&args(), &bad, &[ServiceName::User])
        .await
        .err()
        .unwrap();
    assert!(error.to_string().contains("BOOKSTORE_USER_URL"), "{error}");
}
