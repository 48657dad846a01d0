//! Fixtures: an echoing upstream, a gateway in front of it, signing keys and tokens, a raw
//! HTTP client.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bookstore_gateway::{GatewayArgs, GatewayState, router};
use bookstore_kit::auth::{Claims, KeyPair, Signer, StaticKeys, Verifier};
use bookstore_kit::service::{ServiceName, ServiceUrls};
use bookstore_sdk::types::Role;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio_util::sync::{CancellationToken, DropGuard};
use uuid::Uuid;

/// What the upstream was asked and how it should behave.
#[derive(Clone, Default)]
pub struct Behaviour {
    /// Requests it answered (excluding `/readyz` and `/openapi.json`).
    pub hits: Arc<AtomicUsize>,
    /// `/readyz` answers 503 when set.
    pub not_ready: Arc<AtomicBool>,
    /// A streaming response sends its second event once this is notified.
    pub release: Arc<Notify>,
}

/// A stand-in service on a loopback port; stops when dropped.
pub struct Upstream {
    pub url: String,
    pub behaviour: Behaviour,
    _stop: DropGuard,
}

/// Starts an upstream that echoes every request as JSON (`method`, `path`, `query`, `headers`,
/// `body`), answering with the status in `x-echo-status` if the request has one; a path ending
/// in `/slow` answers after 5 s, one ending in `/stream` answers server-sent events, one event
/// at once and one when released.
pub async fn upstream() -> Upstream {
    let behaviour = Behaviour::default();
    let app = Router::new()
        .route("/readyz", get(upstream_ready))
        .route("/openapi.json", get(upstream_openapi))
        .fallback(echo)
        .with_state(behaviour.clone());
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let stop = CancellationToken::new();
    let shutdown = stop.clone();
    tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown.cancelled_owned())
            .await
    });
    Upstream {
        url: format!("http://{addr}"),
        behaviour,
        _stop: stop.drop_guard(),
    }
}

async fn upstream_ready(State(b): State<Behaviour>) -> StatusCode {
    if b.not_ready.load(Ordering::SeqCst) {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    }
}

async fn upstream_openapi() -> axum::Json<Value> {
    axum::Json(json!({
        "openapi": "3.1.0",
        "info": {"title": "user", "version": "1"},
        "paths": {
            "/api/v1/users/me": {"get": {"responses": {"200": {"description": "me"}}}},
            "/internal/keys": {"get": {"responses": {"200": {"description": "secret"}}}},
        },
        "components": {"schemas": {"User": {"type": "object"}}},
    }))
}

async fn echo(State(b): State<Behaviour>, request: Request) -> Response {
    b.hits.fetch_add(1, Ordering::SeqCst);
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    if path.ends_with("/slow") {
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
    if path.ends_with("/stream") {
        return stream(b.release.clone());
    }
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => return StatusCode::BAD_REQUEST.into_response(),
    };
    let headers: serde_json::Map<String, Value> = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                Value::from(v.to_str().unwrap_or("?")),
            )
        })
        .collect();
    let status = parts
        .headers
        .get("x-echo-status")
        .and_then(|v| v.to_str().ok()?.parse::<u16>().ok())
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    let mut response = (
        status,
        axum::Json(json!({
            "method": parts.method.as_str(),
            "path": path,
            "query": parts.uri.query(),
            "headers": headers,
            "body": body,
        })),
    )
        .into_response();
    response
        .headers_mut()
        .insert("x-upstream", HeaderValue::from_static("echo"));
    response
}

fn stream(release: Arc<Notify>) -> Response {
    let events = futures_util::stream::unfold(0u8, move |step| {
        let release = release.clone();
        async move {
            match step {
                0 => Some((Ok::<_, std::io::Error>(Bytes::from("data: one\n\n")), 1)),
                1 => {
                    release.notified().await;
                    Some((Ok(Bytes::from("data: two\n\n")), 2))
                }
                _ => None,
            }
        }
    });
    let mut response = Body::from_stream(events).into_response();
    response.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("text/event-stream"),
    );
    response
}

/// Settings for tests: short timeouts, no rate limit unless a test asks for one.
pub fn args() -> GatewayArgs {
    GatewayArgs {
        upstream_timeout: Duration::from_millis(500),
        rate_limit_per_second: 0,
        rate_limit_burst: 1,
        max_body: 1024,
        ready_timeout: Duration::from_millis(500),
        trusted_proxies: Vec::new(),
    }
}

/// A signing key, and a verifier that trusts only it.
pub struct Keys {
    pub pair: KeyPair,
    pub signer: Signer,
    pub verifier: Arc<Verifier>,
}

impl Keys {
    pub fn new() -> Keys {
        let pair = KeyPair::generate().unwrap();
        let signer = Signer::new(&pair);
        let verifier = Arc::new(Verifier::new(Arc::new(StaticKeys(RwLock::new(vec![
            pair.jwk(),
        ])))));
        Keys {
            pair,
            signer,
            verifier,
        }
    }

    /// Claims for a customer, valid for five minutes.
    pub fn claims(&self, user: Uuid) -> Claims {
        Claims::new(user, Role::Customer, "reader@example.com", 300)
    }

    pub fn sign(&self, claims: &Claims) -> String {
        self.signer.sign(claims).unwrap()
    }

    /// A valid token for `user`.
    pub fn token(&self, user: Uuid) -> String {
        self.sign(&self.claims(user))
    }
}

/// A gateway serving on a loopback port; stops when dropped.
pub struct Gateway {
    pub url: String,
    pub addr: SocketAddr,
    _stop: DropGuard,
}

/// Starts a gateway routing each `(service, url)` with `args`, trusting `verifier`.
pub async fn gateway(
    args: GatewayArgs,
    services: &[(ServiceName, &str)],
    verifier: Arc<Verifier>,
) -> Gateway {
    let urls = ServiceUrls::new(services.iter().map(|(s, u)| (*s, (*u).to_owned())));
    let names: Vec<ServiceName> = services.iter().map(|(s, _)| *s).collect();
    let state = GatewayState::new(&args, &names, &urls, verifier, reqwest::Client::new()).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let stop = CancellationToken::new();
    tokio::spawn(bookstore_kit::http::serve(
        listener,
        router(state),
        stop.clone(),
        Duration::from_millis(100),
    ));
    Gateway {
        url: format!("http://{addr}"),
        addr,
        _stop: stop.drop_guard(),
    }
}

/// A gateway in front of one echoing user service, with its keys.
pub async fn user_gateway(args: GatewayArgs) -> (Gateway, Upstream, Keys) {
    let up = upstream().await;
    let keys = Keys::new();
    let gw = gateway(args, &[(ServiceName::User, &up.url)], keys.verifier.clone()).await;
    (gw, up, keys)
}

/// The address of a loopback port nothing listens on.
pub async fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

/// Sends `request` verbatim (so no client normalises its path) and returns the status and the
/// whole response text.
pub async fn raw(addr: SocketAddr, request: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut out))
        .await
        .unwrap()
        .unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// `GET path` with `Connection: close`, for [`raw`].
pub fn raw_get(path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n")
}

/// The problem body of a response, after checking its media type.
pub async fn problem(response: reqwest::Response) -> Value {
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert!(
        content_type.starts_with("application/problem+json"),
        "content type {content_type}"
    );
    response.json().await.unwrap()
}

/// A header's value as text.
pub fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}
