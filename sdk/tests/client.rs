//! The client against a real HTTP server on a loopback port: retries, errors, auth, paging.

#![expect(clippy::unwrap_used)]

mod support;

use std::time::{Duration, Instant};

use bookstore_sdk::types::{AdminUserUpdate, LoginRequest, Role, UserListQuery};
use bookstore_sdk::{Client, Error, RetryPolicy, StatusCode};
use futures_util::TryStreamExt;
use support::{Reply, Server, json, reply};
use uuid::Uuid;

const USER_ID: &str = "0193a6f0-0000-7000-8000-000000000001";

fn user_json(email: &str) -> String {
    format!(
        r#"{{"id":"{USER_ID}","email":"{email}","name":"Ada","role":"admin","disabled":false,
        "created_at":"2026-11-26T10:00:00Z","updated_at":"2026-11-26T10:00:00Z"}}"#
    )
}

fn problem(status: u16, detail: &str) -> String {
    format!(
        r#"{{"type":"urn:bookstore:problem:x","title":"Title","status":{status},"detail":"{detail}"}}"#
    )
}

fn unavailable() -> Reply {
    reply(
        503,
        &[("content-type", "application/problem+json")],
        &problem(503, "user service unavailable"),
    )
}

/// Quick retries, so tests measure the logic rather than the wall clock.
fn policy(base_delay: Duration) -> RetryPolicy {
    let mut policy = RetryPolicy::default();
    policy.base_delay = base_delay;
    policy.max_delay = Duration::from_secs(5);
    policy.max_retry_after = Duration::from_secs(5);
    policy
}

fn client(url: &str, base_delay: Duration) -> Client {
    Client::builder()
        .base_url(url)
        .retry_policy(policy(base_delay))
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

#[tokio::test]
async fn get_is_retried_on_503_until_it_succeeds() {
    let server = Server::start(vec![
        unavailable(),
        reply(502, &[], ""),
        json(200, &user_json("ada@example.com")),
    ])
    .await;
    let me = client(&server.url, Duration::from_millis(10))
        .users()
        .me()
        .await
        .unwrap();
    assert_eq!(me.email, "ada@example.com");
    let seen = server.requests();
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|r| r.target == "/api/v1/users/me"));
}

#[tokio::test]
async fn get_gives_up_after_max_attempts_with_the_last_error() {
    let server = Server::start(vec![
        unavailable(),
        unavailable(),
        unavailable(),
        unavailable(),
    ])
    .await;
    let err = client(&server.url, Duration::from_millis(10))
        .users()
        .me()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(err.to_string(), "user service unavailable");
    assert_eq!(server.requests().len(), 3, "default max_attempts is 3");
}

#[tokio::test]
async fn max_attempts_is_configurable() {
    let server = Server::start(vec![unavailable(), unavailable()]).await;
    let client = Client::builder()
        .base_url(&server.url)
        .max_attempts(1)
        .build()
        .unwrap();
    assert!(client.users().me().await.is_err());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn post_and_patch_are_never_retried() {
    let server = Server::start(vec![unavailable(), unavailable()]).await;
    let client = client(&server.url, Duration::from_millis(10));
    let login = LoginRequest {
        email: "a@example.com".into(),
        password: "pw".into(),
    };
    let err = client.auth().login(&login).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    let update = AdminUserUpdate {
        disabled: Some(true),
        ..Default::default()
    };
    let id = Uuid::parse_str(USER_ID).unwrap();
    assert!(client.users().update(id, &update).await.is_err());

    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].body, r#"{"email":"a@example.com","password":"pw"}"#);
    assert_eq!(seen[1].method, "PATCH");
    assert_eq!(seen[1].target, format!("/api/v1/users/{USER_ID}"));
    assert_eq!(seen[1].body, r#"{"disabled":true}"#);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = Server::start(vec![
        reply(429, &[("retry-after", "1")], ""),
        json(200, &user_json("ada@example.com")),
    ])
    .await;
    let started = Instant::now();
    // A 1 ms backoff: only Retry-After explains a wait of a second.
    client(&server.url, Duration::from_millis(1))
        .users()
        .me()
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_limit_fails_at_once() {
    let server = Server::start(vec![
        reply(
            429,
            &[("retry-after", "3600"), ("x-request-id", "rl-1")],
            &problem(429, "slow down"),
        ),
        json(200, &user_json("ada@example.com")),
    ])
    .await;
    let started = Instant::now();
    let err = client(&server.url, Duration::from_millis(1))
        .users()
        .me()
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(err.is_rate_limited());
    assert_eq!(err.request_id(), Some("rl-1"));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn connect_errors_are_retried_with_backoff_for_get_only() {
    // A port that was just free: connecting is refused.
    let url = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };

    // Equal jitter waits at least half of 100 ms, then half of 200 ms.
    let started = Instant::now();
    let err = client(&url, Duration::from_millis(100))
        .users()
        .me()
        .await
        .unwrap_err();
    assert!(err.is_transport(), "{err:?}");
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "{:?}",
        started.elapsed()
    );
    assert!(
        err.to_string()
            .starts_with(&format!("cannot reach {url}/api/v1/users/me: ")),
        "{err}"
    );

    // With a 4 s backoff, a retried POST would take at least 2 s.
    let started = Instant::now();
    let login = LoginRequest {
        email: "a@example.com".into(),
        password: "pw".into(),
    };
    let err = client(&url, Duration::from_secs(4))
        .auth()
        .login(&login)
        .await
        .unwrap_err();
    assert!(err.is_transport());
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_silent_server_times_out() {
    let server = Server::start(vec![Reply::Hang, Reply::Hang]).await;
    let client = Client::builder()
        .base_url(&server.url)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.users().me().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(matches!(err, Error::Timeout { .. }));
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn problems_are_decoded_with_fields_and_request_id() {
    let body = r#"{"type":"urn:bookstore:problem:validation","title":"Invalid request","status":422,
        "detail":"the request has invalid fields","request_id":"body-id",
        "errors":[{"field":"email","message":"is not an email address"}]}"#;
    let server = Server::start(vec![
        reply(
            422,
            &[
                ("content-type", "application/problem+json"),
                ("x-request-id", "hdr-id"),
            ],
            body,
        ),
        reply(
            404,
            &[("content-type", "application/problem+json")],
            &problem(404, "no such user"),
        ),
    ])
    .await;
    let client = client(&server.url, Duration::from_millis(1));
    let err = client
        .auth()
        .login(&LoginRequest {
            email: "nope".into(),
            password: "pw".into(),
        })
        .await
        .unwrap_err();
    assert!(err.is_invalid_input());
    assert_eq!(
        err.request_id(),
        Some("hdr-id"),
        "the header wins over the body"
    );
    let problem = err.problem().unwrap();
    assert_eq!(problem.slug(), "validation");
    assert_eq!(problem.errors[0].field, "email");
    assert_eq!(
        err.to_string(),
        "the request has invalid fields; email: is not an email address"
    );

    let err = client.users().get(Uuid::nil()).await.unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.to_string(), "no such user");
}

#[tokio::test]
async fn a_bad_success_body_is_a_decode_error() {
    let server = Server::start(vec![json(200, r#"{"id":"not a user"}"#)]).await;
    let err = client(&server.url, Duration::from_millis(1))
        .users()
        .me()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Decode {
                status: StatusCode::OK,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn login_makes_later_calls_authenticated() {
    let pair = format!(
        r#"{{"access_token":"acc-1","token_type":"Bearer","expires_in":900,
        "refresh_token":"ref-1","user":{}}}"#,
        user_json("ada@example.com")
    );
    let server = Server::start(vec![
        json(200, &pair),
        json(200, &user_json("ada@example.com")),
        reply(204, &[], ""),
        json(200, &user_json("ada@example.com")),
    ])
    .await;
    let client = client(&server.url, Duration::from_millis(1));
    let got = client
        .auth()
        .login(&LoginRequest {
            email: "ada@example.com".into(),
            password: "pw".into(),
        })
        .await
        .unwrap();
    assert_eq!(got.refresh_token, "ref-1");
    assert_eq!(client.token().as_deref(), Some("acc-1"));
    client.users().me().await.unwrap();
    client
        .auth()
        .logout(&bookstore_sdk::types::LogoutRequest {
            refresh_token: "ref-1".into(),
        })
        .await
        .unwrap();
    assert_eq!(client.token(), None);
    client.users().me().await.unwrap();

    let seen = server.requests();
    assert_eq!(seen[0].header("authorization"), None);
    assert_eq!(seen[0].header("content-type"), Some("application/json"));
    assert_eq!(seen[1].header("authorization"), Some("Bearer acc-1"));
    assert_eq!(seen[2].target, "/api/v1/auth/logout");
    assert_eq!(seen[3].header("authorization"), None);
}

#[tokio::test]
async fn list_all_follows_cursors_with_the_filters() {
    let page = |next: &str| {
        json(
            200,
            &format!(
                r#"{{"items":[{}],"next_cursor":{next}}}"#,
                user_json("ada@example.com")
            ),
        )
    };
    let server = Server::start(vec![page(r#""c2""#), page("null")]).await;
    let query = UserListQuery {
        q: Some("ada lovelace".into()),
        role: Some(Role::Admin),
        limit: Some(1),
        cursor: None,
    };
    let users: Vec<_> = client(&server.url, Duration::from_millis(1))
        .users()
        .list_all(query)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(users.len(), 2);
    let seen = server.requests();
    assert_eq!(
        seen[0].target,
        "/api/v1/users?q=ada+lovelace&role=admin&limit=1"
    );
    assert_eq!(
        seen[1].target,
        "/api/v1/users?q=ada+lovelace&role=admin&limit=1&cursor=c2"
    );
}

#[tokio::test]
async fn readiness_503_is_a_report_and_not_retried() {
    let body = r#"{"status":"unavailable","service":"gateway","checks":{
        "catalog":{"status":"down","detail":"connection refused","latency_ms":1},
        "user":{"status":"up","latency_ms":3}}}"#;
    let server = Server::start(vec![json(503, body), json(503, body)]).await;
    let readiness = client(&server.url, Duration::from_millis(1))
        .health()
        .ready()
        .await
        .unwrap();
    assert!(!readiness.is_ready());
    assert_eq!(readiness.checks.len(), 2);
    let seen = server.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].target, "/readyz");
}

#[tokio::test]
async fn a_503_without_a_report_is_an_error() {
    let server = Server::start(vec![reply(
        503,
        &[("content-type", "text/html")],
        "<h1>down</h1>",
    )])
    .await;
    let err = client(&server.url, Duration::from_millis(1))
        .health()
        .ready()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(err.to_string(), "Service Unavailable");
}

#[tokio::test]
async fn env_token_and_base_path_are_used() {
    let server = Server::start(vec![json(
        200,
        r#"{"status":"ok","service":"gateway","version":"0.1.0"}"#,
    )])
    .await;
    let client = Client::builder()
        .base_url(format!("{}/prefix", server.url))
        .token("t0k")
        .build()
        .unwrap();
    let health = client.health().live().await.unwrap();
    assert_eq!(health.service, "gateway");
    let seen = server.requests();
    assert_eq!(seen[0].target, "/prefix/healthz");
    assert_eq!(seen[0].header("authorization"), Some("Bearer t0k"));
    assert!(
        seen[0]
            .header("user-agent")
            .unwrap()
            .starts_with("bookstore-sdk/")
    );
}
