//! The client: configuration, the access token, and the request plumbing all API areas share.

use std::fmt;
use std::sync::{Arc, OnceLock, PoisonError, RwLock};
use std::time::Duration;

use http::header::{ACCEPT, CONTENT_TYPE, HeaderMap, RETRY_AFTER};
use http::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

use crate::error::{Error, Result};
use crate::retry::{RetryPolicy, parse_retry_after};
use crate::types::Problem;

/// Where the gateway listens unless told otherwise.
pub const DEFAULT_GATEWAY: &str = "http://127.0.0.1:8080";
/// The gateway's base URL.
pub const GATEWAY_ENV: &str = "BOOKSTORE_GATEWAY";
/// An access token to send with every request.
pub const TOKEN_ENV: &str = "BOOKSTORE_TOKEN";

/// The header that makes a `POST` or `PATCH` safe to repeat, and so to retry.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// The header the gateway answers every request with.
pub const REQUEST_ID: &str = "x-request-id";
/// The header that makes an update or delete conditional on the version the caller last read.
pub const IF_MATCH: &str = "if-match";

/// Where the public API lives below the gateway's base URL.
const API_PREFIX: &str = "api/v1/";

/// A Bookstore API client (the Facade over all services). Cheap to clone: clones share the
/// connection pool and the access token.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// For responses that last as long as the caller reads them (the live stream), which the
    /// overall timeout of `http` would cut off; built on first use.
    streaming: OnceLock<reqwest::Client>,
    connect_timeout: Duration,
    user_agent: String,
    base: Url,
    token: RwLock<Option<String>>,
    retry: RetryPolicy,
}

/// Configures a [`Client`]; start with [`Client::builder`].
#[derive(Clone)]
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    token: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    user_agent: String,
}

// By hand, so that a token never ends up in a log through `{:?}`.
impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base.as_str())
            .field("has_token", &self.token().is_some())
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("has_token", &self.token.is_some())
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_GATEWAY.to_owned(),
            token: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(5),
            retry: RetryPolicy::default(),
            user_agent: concat!("bookstore-sdk/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

impl ClientBuilder {
    /// The gateway's base URL (`http://127.0.0.1:8080`); the API is under `/api/v1` below it.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The access token sent as `Authorization: Bearer`.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Takes the gateway from `BOOKSTORE_GATEWAY` and the token from `BOOKSTORE_TOKEN`, where
    /// set and not empty; what is unset keeps its current value.
    pub fn with_env(self) -> Self {
        self.with_env_from(|name| std::env::var(name).ok())
    }

    fn with_env_from(mut self, var: impl Fn(&str) -> Option<String>) -> Self {
        let var = |name| var(name).filter(|v: &String| !v.trim().is_empty());
        if let Some(url) = var(GATEWAY_ENV) {
            self.base_url = url;
        }
        if let Some(token) = var(TOKEN_ENV) {
            self.token = Some(token.trim().to_owned());
        }
        self
    }

    /// The longest one attempt may take, from connecting to reading the whole body (30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest connecting may take (5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How many times an idempotent call is tried in all (3); `1` turns retries off.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.retry.max_attempts = attempts.max(1);
        self
    }

    /// The whole retry policy: attempts, backoff and the longest `Retry-After` worth waiting for.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The `User-Agent` header (`bookstore-sdk/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    pub fn build(self) -> Result<Client> {
        let base = parse_base_url(&self.base_url)?;
        let http = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .user_agent(&self.user_agent)
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                streaming: OnceLock::new(),
                connect_timeout: self.connect_timeout,
                user_agent: self.user_agent,
                base,
                token: RwLock::new(self.token),
                retry: self.retry,
            }),
        })
    }
}

/// Accepts `host:port` shorthand and makes sure joining keeps any path prefix (`/bookstore`).
fn parse_base_url(raw: &str) -> Result<Url> {
    let raw = raw.trim();
    let with_scheme = if raw.contains("://") {
        raw.to_owned()
    } else {
        format!("http://{raw}")
    };
    let mut url =
        Url::parse(&with_scheme).map_err(|e| Error::Config(format!("gateway URL `{raw}`: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::Config(format!(
            "gateway URL `{raw}`: expected http://HOST[:PORT] or https://HOST[:PORT]"
        )));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

impl Client {
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client for the gateway at `base_url` with the default settings.
    pub fn new(base_url: &str) -> Result<Self> {
        Self::builder().base_url(base_url).build()
    }

    /// A client configured from `BOOKSTORE_GATEWAY` and `BOOKSTORE_TOKEN`.
    pub fn from_env() -> Result<Self> {
        Self::builder().with_env().build()
    }

    /// The gateway's base URL, always ending in `/`.
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// The access token sent with each request, if any.
    pub fn token(&self) -> Option<String> {
        self.inner
            .token
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Replaces the access token for this client and all its clones.
    pub fn set_token(&self, token: Option<String>) {
        *self
            .inner
            .token
            .write()
            .unwrap_or_else(PoisonError::into_inner) = token;
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// A call to the public API: `path` is relative to `/api/v1/` (`users/me`).
    pub(crate) fn api(&self, method: Method, path: &str) -> Call<'_> {
        self.call(method, &format!("{API_PREFIX}{path}"))
    }

    /// A `GET` of `path` (relative to `/api/v1/`) whose response is read for as long as the
    /// caller wants: no overall timeout, so the caller watches for silence itself. It carries
    /// the token the client holds now. Returns the URL too, for error messages.
    pub(crate) fn streaming_get(&self, path: &str) -> Result<(String, reqwest::RequestBuilder)> {
        let url = self
            .inner
            .base
            .join(&format!("{API_PREFIX}{path}"))
            .map_err(|e| Error::Config(format!("path `{path}`: {e}")))?;
        let http = match self.inner.streaming.get() {
            Some(http) => http,
            None => {
                let built = reqwest::Client::builder()
                    .connect_timeout(self.inner.connect_timeout)
                    .user_agent(&self.inner.user_agent)
                    .build()
                    .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
                // Two tasks may race to build it; either client does.
                self.inner.streaming.get_or_init(|| built)
            }
        };
        let mut builder = http.get(url.clone());
        if let Some(token) = self.token() {
            builder = builder.bearer_auth(token);
        }
        Ok((url.to_string(), builder))
    }

    /// A call to `path` relative to the gateway's root (`readyz`).
    pub(crate) fn call(&self, method: Method, path: &str) -> Call<'_> {
        let url = self.inner.base.join(path);
        match url {
            Ok(url) => Call {
                client: self,
                url: url.to_string(),
                builder: Ok(self.inner.http.request(method, url)),
                retry: true,
                idempotent: false,
            },
            Err(e) => Call {
                client: self,
                url: path.to_owned(),
                builder: Err(Error::Config(format!("path `{path}`: {e}"))),
                retry: true,
                idempotent: false,
            },
        }
    }
}

/// One API call being put together; sent by [`Call::json`], [`Call::empty`] or [`Call::send`].
pub(crate) struct Call<'a> {
    client: &'a Client,
    url: String,
    builder: Result<reqwest::RequestBuilder>,
    retry: bool,
    /// Repeating the call has the effect of sending it once, whatever its method.
    idempotent: bool,
}

impl Call<'_> {
    /// The URL the call goes to, for error messages.
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    fn map(mut self, f: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder) -> Self {
        self.builder = self.builder.map(f);
        self
    }

    /// Query string parameters; `None` fields are left out.
    pub(crate) fn query<Q: Serialize + ?Sized>(self, query: &Q) -> Self {
        self.map(|b| b.query(query))
    }

    /// A JSON request body.
    pub(crate) fn body<B: Serialize + ?Sized>(self, body: &B) -> Self {
        self.map(|b| b.json(body))
    }

    /// Marks a `POST` or `PATCH` as safe to repeat: the server applies one key's request once,
    /// so the client may retry it like an idempotent call.
    pub(crate) fn idempotency_key(self, key: &str) -> Self {
        self.map(|b| b.header(IDEMPOTENCY_KEY, key))
    }

    /// Applies the call only if the resource is still at `version` (`If-Match: "<version>"`):
    /// the server answers `412` when someone changed it since, `428` without the header.
    pub(crate) fn if_match(self, version: i64) -> Self {
        self.map(|b| b.header(IF_MATCH, etag(version)))
    }

    /// Marks a `POST` or `PATCH` whose effect is the same however often it is applied (an
    /// upsert to a given state), so the client may retry it like a `PUT`. Unlike
    /// [`Call::idempotency_key`] this needs nothing from the server.
    pub(crate) fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }

    /// Never retry this call, even if its method is idempotent.
    pub(crate) fn no_retry(mut self) -> Self {
        self.retry = false;
        self
    }

    /// Sends the call (with retries where allowed) and decodes a JSON success body.
    pub(crate) async fn json<T: DeserializeOwned>(self) -> Result<T> {
        let url = self.url.clone();
        let response = self.send().await?;
        decode(&url, response).await
    }

    /// Sends the call and ignores the success body (`204 No Content`).
    pub(crate) async fn empty(self) -> Result<()> {
        self.send().await.map(drop)
    }

    /// Sends the call; a non-success status becomes [`Error::Api`].
    pub(crate) async fn send(self) -> Result<reqwest::Response> {
        let response = self.send_raw().await?;
        if response.status().is_success() {
            Ok(response)
        } else {
            Err(api_error(response).await)
        }
    }

    /// Sends the call and hands back whatever status came last, after any retries.
    pub(crate) async fn send_raw(self) -> Result<reqwest::Response> {
        let Call {
            client,
            url,
            builder,
            retry,
            idempotent,
        } = self;
        let mut builder = builder?.header(ACCEPT, "application/json");
        if let Some(token) = client.token() {
            builder = builder.bearer_auth(token);
        }
        let request = builder
            .build()
            .map_err(|e| Error::Config(format!("cannot build the request for {url}: {e}")))?;
        let retryable = retry && (idempotent || is_retryable(&request));
        let policy = &client.inner.retry;

        let mut attempt = 1;
        loop {
            // A body that cannot be cloned (a stream) leaves no way to send it twice.
            let next = if retryable { request.try_clone() } else { None };
            let this = match next {
                Some(copy) => copy,
                None => return send_once(client, &url, request).await,
            };
            let failure = match client.inner.http.execute(this).await {
                Ok(response) if !is_retry_status(response.status()) => return Ok(response),
                Ok(response) => {
                    let wait = response
                        .headers()
                        .get(RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| parse_retry_after(v, chrono::Utc::now()));
                    match policy.delay(attempt, wait, rand::random()) {
                        Some(delay) => delay,
                        None => return Ok(response),
                    }
                }
                Err(e) if e.is_connect() => match policy.delay(attempt, None, rand::random()) {
                    Some(delay) => delay,
                    None => return Err(Error::from_reqwest(&url, e)),
                },
                Err(e) => return Err(Error::from_reqwest(&url, e)),
            };
            tokio::time::sleep(failure).await;
            attempt += 1;
        }
    }
}

async fn send_once(
    client: &Client,
    url: &str,
    request: reqwest::Request,
) -> Result<reqwest::Response> {
    client
        .inner
        .http
        .execute(request)
        .await
        .map_err(|e| Error::from_reqwest(url, e))
}

/// The strong entity tag of a resource version: `"7"`.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// One path segment, percent-encoded so that a slug or id typed by a person cannot change
/// the path (`a/b` becomes `a%2Fb`).
pub(crate) fn segment(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for byte in raw.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    // `.` and `..` alone would be resolved as relative references when the URL is joined.
    match out.as_str() {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        _ => out,
    }
}

/// GET, HEAD, PUT, DELETE and OPTIONS mean the same done twice; POST and PATCH only when the
/// request carries an idempotency key.
fn is_retryable(request: &reqwest::Request) -> bool {
    match *request.method() {
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS => true,
        _ => request.headers().contains_key(IDEMPOTENCY_KEY),
    }
}

/// Answers that say "not now" rather than "no": the request was not acted on.
fn is_retry_status(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::TOO_MANY_REQUESTS
            | StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT
    )
}

/// Reads a success body as `T`.
pub(crate) async fn decode<T: DeserializeOwned>(
    url: &str,
    response: reqwest::Response,
) -> Result<T> {
    let status = response.status();
    let body = response
        .bytes()
        .await
        .map_err(|e| Error::from_reqwest(url, e))?;
    serde_json::from_slice(&body).map_err(|source| Error::Decode {
        url: url.to_owned(),
        status,
        source,
    })
}

/// Turns an error answer into [`Error::Api`], whatever its body.
pub(crate) async fn api_error(response: reqwest::Response) -> Error {
    let status = response.status();
    let headers = response.headers().clone();
    // A body that breaks off halfway still leaves the status worth reporting.
    let body = response.bytes().await.unwrap_or_default();
    problem_error(status, &headers, &body)
}

pub(crate) fn problem_error(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Error {
    let problem = serde_json::from_slice::<Problem>(body)
        .ok()
        .or_else(|| lenient_problem(status, body))
        .unwrap_or_else(|| {
            let is_text = headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/plain"));
            let text = String::from_utf8_lossy(body).trim().to_owned();
            Problem {
                kind: "about:blank".to_owned(),
                title: status.canonical_reason().unwrap_or("Error").to_owned(),
                status: status.as_u16(),
                detail: (is_text && !text.is_empty() && text.len() <= 300).then_some(text),
                instance: None,
                request_id: None,
                errors: Vec::new(),
                extensions: Default::default(),
            }
        });
    let request_id = headers
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| problem.request_id.clone());
    Error::Api {
        status,
        problem: Box::new(problem),
        request_id,
    }
}

/// A problem object that is not quite one (a member repeated, `status` not a number): its
/// words are still worth showing. The status is the response's.
fn lenient_problem(status: StatusCode, body: &[u8]) -> Option<Problem> {
    let mut members: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(body).ok()?;
    let mut text = |name: &str| match members.remove(name) {
        Some(serde_json::Value::String(s)) => Some(s),
        _ => None,
    };
    let kind = text("type")?;
    let title =
        text("title").unwrap_or_else(|| status.canonical_reason().unwrap_or("Error").to_owned());
    let detail = text("detail");
    let instance = text("instance");
    let request_id = text("request_id");
    let errors = members
        .remove("errors")
        .and_then(|e| serde_json::from_value(e).ok())
        .unwrap_or_default();
    members.remove("status");
    Some(Problem {
        kind,
        title,
        status: status.as_u16(),
        detail,
        instance,
        request_id,
        errors,
        extensions: members,
    })
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_prefix_and_adds_scheme() {
        let url = parse_base_url("http://example.test:8080").unwrap();
        assert_eq!(url.as_str(), "http://example.test:8080/");
        assert_eq!(
            url.join("api/v1/users/me").unwrap().as_str(),
            "http://example.test:8080/api/v1/users/me"
        );
        let url = parse_base_url("https://example.test/bookstore").unwrap();
        assert_eq!(
            url.join("api/v1/users").unwrap().as_str(),
            "https://example.test/bookstore/api/v1/users"
        );
        let url = parse_base_url("localhost:9000").unwrap();
        assert_eq!(url.as_str(), "http://localhost:9000/");
    }

    #[test]
    fn base_url_rejects_other_schemes() {
        assert!(matches!(
            parse_base_url("ftp://example.test"),
            Err(Error::Config(_))
        ));
        assert!(matches!(parse_base_url("http://"), Err(Error::Config(_))));
    }

    #[test]
    fn env_overrides_only_what_is_set() {
        let env = |name: &str| match name {
            GATEWAY_ENV => Some("http://gw.test:1".to_owned()),
            TOKEN_ENV => Some("  ".to_owned()),
            _ => None,
        };
        let builder = Client::builder().token("kept").with_env_from(env);
        assert_eq!(builder.base_url, "http://gw.test:1");
        assert_eq!(builder.token.as_deref(), Some("kept"));

        let env = |name: &str| (name == TOKEN_ENV).then(|| "tok\n".to_owned());
        let builder = Client::builder().with_env_from(env);
        assert_eq!(builder.base_url, DEFAULT_GATEWAY);
        assert_eq!(builder.token.as_deref(), Some("tok"));
    }

    #[test]
    fn token_is_shared_by_clones_and_never_debug_printed() {
        let client = Client::new("http://127.0.0.1:1").unwrap();
        let clone = client.clone();
        client.set_token(Some("secret-abc".into()));
        assert_eq!(clone.token().as_deref(), Some("secret-abc"));
        assert!(!format!("{client:?}").contains("secret-abc"));
        let builder = Client::builder().token("secret-abc");
        assert!(!format!("{builder:?}").contains("secret-abc"));
    }

    #[test]
    fn only_idempotent_requests_are_retryable() {
        let http = reqwest::Client::new();
        let url = "http://127.0.0.1:1/x";
        for method in [Method::GET, Method::PUT, Method::DELETE, Method::HEAD] {
            assert!(is_retryable(&http.request(method, url).build().unwrap()));
        }
        for method in [Method::POST, Method::PATCH] {
            let plain = http.request(method.clone(), url).build().unwrap();
            assert!(!is_retryable(&plain), "{method}");
            let keyed = http
                .request(method.clone(), url)
                .header(IDEMPOTENCY_KEY, "k-1")
                .build()
                .unwrap();
            assert!(is_retryable(&keyed), "{method} with a key");
        }
    }

    #[test]
    fn segments_are_escaped() {
        assert_eq!(segment("science-fiction"), "science-fiction");
        assert_eq!(segment("a/b c?"), "a%2Fb%20c%3F");
        assert_eq!(segment("é"), "%C3%A9");
        assert_eq!(segment(".."), "%2E%2E");
        assert_eq!(etag(7), "\"7\"");
    }

    #[test]
    fn retry_statuses() {
        for code in [429, 502, 503, 504] {
            assert!(is_retry_status(StatusCode::from_u16(code).unwrap()));
        }
        for code in [200, 400, 401, 404, 409, 500] {
            assert!(!is_retry_status(StatusCode::from_u16(code).unwrap()));
        }
    }

    #[test]
    fn non_problem_bodies_become_problems() {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, "text/html".parse().unwrap());
        headers.insert(REQUEST_ID, "req-9".parse().unwrap());
        let err = problem_error(StatusCode::BAD_GATEWAY, &headers, b"<html>oops</html>");
        let problem = err.problem().unwrap();
        assert_eq!(problem.title, "Bad Gateway");
        assert_eq!(problem.status, 502);
        assert_eq!(problem.detail, None);
        assert_eq!(err.request_id(), Some("req-9"));

        headers.insert(CONTENT_TYPE, "text/plain".parse().unwrap());
        let err = problem_error(StatusCode::BAD_GATEWAY, &headers, b"upstream down\n");
        assert_eq!(err.to_string(), "upstream down");
    }

    #[test]
    fn a_problem_with_a_repeated_member_keeps_its_words() {
        let body = br#"{"type":"urn:bookstore:problem:order-shipped","title":"Order status forbids this",
            "status":409,"detail":"the order is shipped; it cannot be cancelled","status":"shipped"}"#;
        let err = problem_error(StatusCode::CONFLICT, &HeaderMap::new(), body);
        assert_eq!(
            err.to_string(),
            "the order is shipped; it cannot be cancelled"
        );
        let problem = err.problem().unwrap();
        assert_eq!((problem.slug(), problem.status), ("order-shipped", 409));
    }

    #[test]
    fn problem_request_id_is_the_fallback() {
        let body = br#"{"type":"urn:bookstore:problem:not-found","title":"Not found",
            "status":404,"detail":"no such user","request_id":"from-body"}"#;
        let err = problem_error(StatusCode::NOT_FOUND, &HeaderMap::new(), body);
        assert_eq!(err.request_id(), Some("from-body"));
        assert_eq!(err.to_string(), "no such user");
    }
}
