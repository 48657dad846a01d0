//! HTTP in tests: a service or a stand-in served on a loopback port, and its answers read
//! whole, so that a test compares statuses, problem types and bodies without parsing each.

use axum::Router;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::service::Context;

/// An answer: status, body (JSON; the text when it is not JSON; `Null` when empty), content
/// type and headers.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub content_type: String,
    pub headers: HeaderMap,
}

/// Reads `response` whole. Panics when its body cannot be read: the test cannot go on.
pub async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = response
        .bytes()
        .await
        .unwrap_or_else(|e| panic!("reading the body of a {status} answer: {e}"));
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    Answer {
        status,
        body,
        content_type,
        headers,
    }
}

impl Answer {
    /// The problem's type slug (`validation` for `urn:bookstore:problem:validation`).
    pub fn slug(&self) -> &str {
        self.body["type"]
            .as_str()
            .unwrap_or_default()
            .trim_start_matches("urn:bookstore:problem:")
    }

    /// The names of the fields a validation problem lists. Panics at an entry without one:
    /// every entry must name its field.
    pub fn fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .map(|e| match e["field"].as_str() {
                        Some(field) => field.to_owned(),
                        None => panic!("a problem's error without a field: {}", self.body),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The message a problem gives for `field` (empty when it has none).
    pub fn message(&self, field: &str) -> String {
        self.body["errors"]
            .as_array()
            .and_then(|e| e.iter().find(|f| f["field"] == field))
            .and_then(|f| f["message"].as_str())
            .unwrap_or_default()
            .to_owned()
    }

    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    /// The `items` of a page (none when it is not one).
    pub fn items(&self) -> Vec<Value> {
        self.body["items"].as_array().cloned().unwrap_or_default()
    }

    /// The body as a `T`. Panics, showing the body, when it is not one.
    pub fn parse<T: DeserializeOwned>(&self) -> T {
        serde_json::from_value(self.body.clone())
            .unwrap_or_else(|e| panic!("not a {} ({e}): {}", std::any::type_name::<T>(), self.body))
    }
}

/// A loopback port, bound before what it serves exists, so that services that call each
/// other can each be told the others' URLs before any of them starts.
#[derive(Debug)]
pub struct Loopback {
    listener: TcpListener,
    url: String,
}

impl Loopback {
    /// Binds a free port. Panics when it cannot: a test without its server must fail.
    pub async fn bind() -> Loopback {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("binding a loopback port: {e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("the loopback listener's address: {e}"));
        Loopback {
            listener,
            url: format!("http://{addr}"),
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Serves a service's `router` as `bookstored` does ([`crate::http::serve`]) until the
    /// shutdown of `ctx`, draining for its drain timeout.
    pub fn serve_service(self, router: Router, ctx: &Context) {
        let stop = ctx.shutdown.clone();
        let drain = ctx.server.drain_timeout;
        tokio::spawn(async move {
            if let Err(e) = crate::http::serve(self.listener, router, stop, drain).await {
                panic!("serving a service under test: {e}");
            }
        });
    }

    /// Serves a stand-in's `router` (a fake provider, a fake user service) until `shutdown`.
    pub fn serve_stand_in(self, router: Router, shutdown: CancellationToken) {
        tokio::spawn(async move {
            let _ = axum::serve(self.listener, router)
                .with_graceful_shutdown(shutdown.cancelled_owned())
                .await;
        });
    }
}

/// Serves a service's `router` on a new loopback port as [`Loopback::serve_service`] does;
/// returns its URL.
pub async fn serve_service(router: Router, ctx: &Context) -> String {
    let port = Loopback::bind().await;
    let url = port.url().to_owned();
    port.serve_service(router, ctx);
    url
}

/// Serves a stand-in's `router` on a new loopback port until `shutdown`; returns its URL.
pub async fn serve_stand_in(router: Router, shutdown: CancellationToken) -> String {
    let port = Loopback::bind().await;
    let url = port.url().to_owned();
    port.serve_stand_in(router, shutdown);
    url
}
