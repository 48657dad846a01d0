//! Forwarding: what reaches the service, what comes back, and what is never forwarded.

use std::sync::atomic::Ordering;
use std::time::Duration;

use bookstore_kit::service::ServiceName;
use serde_json::Value;

use crate::support::{
    self, args, closed_port, gateway, header, problem, raw, raw_get, user_gateway,
};

#[tokio::test]
async fn method_path_query_body_and_headers_reach_the_service() {
    let (gw, _up, _keys) = user_gateway(args()).await;
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/login?next=%2Fhome&x=1", gw.url))
        .header("content-type", "application/json")
        .header("x-custom", "kept")
        .header(
            "traceparent",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        )
        .header("x-request-id", "req-from-client")
        .header("x-forwarded-for", "6.6.6.6")
        .header("connection", "x-hop")
        .header("x-hop", "dropped")
        .header("x-echo-status", "201")
        .body(r#"{"email":"a@example.com"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(
        header(response.headers(), "x-upstream").as_deref(),
        Some("echo")
    );
    assert_eq!(
        header(response.headers(), "x-request-id").as_deref(),
        Some("req-from-client")
    );
    let echo: Value = response.json().await.unwrap();
    assert_eq!(echo["method"], "POST");
    assert_eq!(echo["path"], "/api/v1/auth/login");
    assert_eq!(echo["query"], "next=%2Fhome&x=1");
    assert_eq!(echo["body"], r#"{"email":"a@example.com"}"#);
    let seen = &echo["headers"];
    assert_eq!(seen["x-custom"], "kept");
    assert_eq!(seen["content-type"], "application/json");
    assert_eq!(
        seen["traceparent"],
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    );
    assert_eq!(seen["x-request-id"], "req-from-client");
    assert_eq!(seen["x-forwarded-for"], "127.0.0.1");
    assert_eq!(seen["x-forwarded-proto"], "http");
    assert_eq!(seen["x-forwarded-host"], gw.addr.to_string());
    assert!(
        seen.get("x-hop").is_none(),
        "a header named by Connection was forwarded"
    );
    // The service sees its own address as the host, not the gateway's.
    assert_ne!(seen["host"], gw.addr.to_string());
}

#[tokio::test]
async fn a_request_id_is_made_when_absent_and_is_the_same_on_both_sides() {
    let (gw, _up, _keys) = user_gateway(args()).await;
    let response = reqwest::get(format!("{}/api/v1/auth/whoami", gw.url))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let returned = header(response.headers(), "x-request-id").unwrap();
    let echo: Value = response.json().await.unwrap();
    assert!(!returned.is_empty());
    assert_eq!(echo["headers"]["x-request-id"], returned.as_str());
}

#[tokio::test]
async fn every_method_is_forwarded() {
    let (gw, _up, _keys) = user_gateway(args()).await;
    let client = reqwest::Client::new();
    for method in ["GET", "PUT", "PATCH", "DELETE", "OPTIONS"] {
        let response = client
            .request(method.parse().unwrap(), format!("{}/api/v1/auth/x", gw.url))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{method}");
        let echo: Value = response.json().await.unwrap();
        assert_eq!(echo["method"], method);
    }
}

#[tokio::test]
async fn a_service_error_passes_through() {
    let (gw, _up, _keys) = user_gateway(args()).await;
    let response = reqwest::Client::new()
        .get(format!("{}/api/v1/auth/nothing", gw.url))
        .header("x-echo-status", "409")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);
    // The service's own body, untouched.
    let echo: Value = response.json().await.unwrap();
    assert_eq!(echo["path"], "/api/v1/auth/nothing");
}

#[tokio::test]
async fn paths_outside_the_table_are_404_and_never_reach_a_service() {
    let (gw, up, _keys) = user_gateway(args()).await;
    for path in [
        "/internal/x",
        "/internal/stock/reserve",
        "/api/v1/books",
        "/api/v1/usersx",
        // A row's prefix with a bare slash is no path of the table (nor was it under axum's
        // `prefix/{*rest}`).
        "/api/v1/auth/",
        "/api/v2/users/me",
        "/",
    ] {
        let response = reqwest::get(format!("{}{path}", gw.url)).await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        let body = problem(response).await;
        assert_eq!(body["status"], 404);
        assert_eq!(body["instance"], path);
    }
    assert_eq!(up.behaviour.hits.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn path_tricks_are_400() {
    let (gw, up, _keys) = user_gateway(args()).await;
    for path in [
        "/api/v1/../internal/x",
        "/api/v1/auth/../../../internal/x",
        "/api/v1/%2e%2e/internal/x",
        "/api/v1/auth/%2E%2e/%2e%2E/internal/x",
        "/api/v1/auth%2f..%2finternal",
        "/api/v1/auth/.%2e/users",
        "/api/v1/auth/%252e%252e/x",
    ] {
        let (status, text) = raw(gw.addr, &raw_get(path)).await;
        assert_eq!(status, 400, "{path}: {text}");
        assert!(text.contains("application/problem+json"), "{path}: {text}");
    }
    assert_eq!(up.behaviour.hits.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn bodies_over_the_limit_are_413() {
    let (gw, up, _keys) = user_gateway(args()).await;
    // Announced by Content-Length: refused before the service is asked.
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/register", gw.url))
        .body(vec![b'x'; 2048])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    problem(response).await;
    assert_eq!(up.behaviour.hits.load(Ordering::SeqCst), 0);

    // Chunked: found out while streaming.
    let chunk = "x".repeat(800);
    let request = format!(
        "POST /api/v1/auth/register HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\
         Transfer-Encoding: chunked\r\n\r\n{len:x}\r\n{chunk}\r\n{len:x}\r\n{chunk}\r\n0\r\n\r\n",
        len = chunk.len()
    );
    let (status, text) = raw(gw.addr, &request).await;
    assert_eq!(status, 413, "{text}");
}

#[tokio::test]
async fn a_slow_service_is_504() {
    let (gw, _up, _keys) = user_gateway(args()).await;
    let started = std::time::Instant::now();
    let response = reqwest::get(format!("{}/api/v1/auth/slow", gw.url))
        .await
        .unwrap();
    assert_eq!(response.status(), 504);
    assert!(started.elapsed() < Duration::from_secs(3));
    let body = problem(response).await;
    assert!(body["detail"].as_str().unwrap().contains("user"), "{body}");
}

#[tokio::test]
async fn a_service_that_is_down_is_503_naming_it_but_not_its_address() {
    let down = closed_port().await;
    let keys = support::Keys::new();
    let gw = gateway(args(), &[(ServiceName::User, &down)], keys.verifier.clone()).await;
    let response = reqwest::get(format!("{}/api/v1/auth/login", gw.url))
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    let text = problem(response).await.to_string();
    assert!(text.contains("user service"), "{text}");
    let port = down.rsplit(':').next().unwrap();
    assert!(
        !text.contains(port) && !text.contains("127.0.0.1"),
        "{text}"
    );
}

#[tokio::test]
async fn a_streamed_answer_arrives_chunk_by_chunk() {
    let (gw, up, _keys) = user_gateway(args()).await;
    let mut response = reqwest::get(format!("{}/api/v1/auth/stream", gw.url))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(response.headers(), "content-type").as_deref(),
        Some("text/event-stream")
    );
    // The first event arrives while the service still holds back the second: nothing buffers
    // the whole body on the way.
    let first = tokio::time::timeout(Duration::from_secs(2), response.chunk())
        .await
        .expect("the first event did not arrive on its own")
        .unwrap()
        .unwrap();
    assert_eq!(&first[..], b"data: one\n\n");
    up.behaviour.release.notify_one();
    let second = tokio::time::timeout(Duration::from_secs(2), response.chunk())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(&second[..], b"data: two\n\n");
    assert!(response.chunk().await.unwrap().is_none());
}

#[tokio::test]
async fn every_row_of_the_table_routes_with_its_own_access_rule() {
    // Every service at one echoing upstream, so the whole table is in force at once.
    let up = support::upstream().await;
    let keys = support::Keys::new();
    let all: Vec<(ServiceName, &str)> = ServiceName::ALL
        .iter()
        .map(|s| (*s, up.url.as_str()))
        .collect();
    let gw = gateway(args(), &all, keys.verifier.clone()).await;
    let client = reqwest::Client::new();
    for (method, path, status) in [
        ("GET", "/api/v1/books", 200),
        ("GET", "/api/v1/books/123", 200),
        ("POST", "/api/v1/books", 401),
        ("GET", "/api/v1/genres", 200),
        ("GET", "/api/v1/cart", 401),
        ("POST", "/api/v1/orders", 401),
        ("GET", "/api/v1/payments/123", 401),
        ("POST", "/api/v1/payments/webhooks/stripe", 200),
        ("GET", "/api/v1/notifications/stream", 401),
        ("POST", "/api/v1/promotions", 401),
        ("POST", "/api/v1/auth/register", 200),
        ("GET", "/api/v1/users", 401),
    ] {
        let response = client
            .request(method.parse().unwrap(), format!("{}{path}", gw.url))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{method} {path}");
    }
}
