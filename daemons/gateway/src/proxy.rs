//! Forwarding: one request in, the same request to the service, its answer back, bodies
//! streamed both ways (so server-sent events pass through as they are written).
//!
//! Requests go through hyper-util's pooled client rather than reqwest: measured on these
//! machines it forwards about half again as many requests per second (`STACK.md`), and it hands
//! over `http` types without conversion.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::uri::{Authority, PathAndQuery, Scheme};
use axum::http::{Request, Response, Uri, Version};
use bookstore_kit::service::{ServiceName, ServiceUrls};
use http_body_util::{LengthLimitError, Limited};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use crate::error::GatewayError;
use crate::metrics::{GatewayMetrics, Outcome};

/// How long an idle pooled connection to a service is kept for reuse.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

type HttpClient = Client<HttpConnector, Limited<Body>>;

/// Where each routed service is, and the one pooled client that reaches them all.
pub struct Upstreams {
    client: HttpClient,
    services: HashMap<ServiceName, Upstream>,
}

/// One service's address, parsed once so that a forwarded request's URI and `Host` are put
/// together from shared parts instead of formatted and parsed again.
#[derive(Debug)]
struct Upstream {
    /// `scheme://authority[/base-path]`, without a trailing slash.
    base: String,
    authority: Authority,
    /// A path the service is mounted under, if any (rare: a service behind a path prefix).
    base_path: Option<String>,
    /// What the pooled client would put in `Host`: the authority's host, and its port unless
    /// it is 80.
    host: HeaderValue,
}

impl Upstream {
    fn parse(service: ServiceName, base: &str) -> anyhow::Result<Upstream> {
        let uri: Uri = base.parse().map_err(|e| {
            anyhow::anyhow!("{} = `{base}` is not a URL: {e}", service.env_var("URL"))
        })?;
        // The services speak plain HTTP on the internal network; TLS ends at the edge.
        let (Some("http"), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
            anyhow::bail!(
                "{} = `{base}`: the gateway reaches services over plain http://host:port",
                service.env_var("URL")
            );
        };
        let host = match authority.port_u16() {
            Some(port) if port != 80 => format!("{}:{port}", authority.host()),
            _ => authority.host().to_owned(),
        };
        let base_path = uri.path().trim_end_matches('/');
        Ok(Upstream {
            base: base.trim_end_matches('/').to_owned(),
            authority: authority.clone(),
            base_path: (!base_path.is_empty()).then(|| base_path.to_owned()),
            host: HeaderValue::from_str(&host)?,
        })
    }

    /// The service's URI for a request to `path_and_query` of the gateway.
    fn uri(&self, path_and_query: Option<&PathAndQuery>) -> Result<Uri, GatewayError> {
        let path_and_query = match (&self.base_path, path_and_query) {
            (None, Some(pq)) => pq.clone(),
            (None, None) => PathAndQuery::from_static("/"),
            (Some(base), pq) => format!("{base}{}", pq.map_or("/", PathAndQuery::as_str))
                .parse()
                .map_err(|_| GatewayError::BadPath("the path cannot be forwarded"))?,
        };
        let mut parts = axum::http::uri::Parts::default();
        parts.scheme = Some(Scheme::HTTP);
        parts.authority = Some(self.authority.clone());
        parts.path_and_query = Some(path_and_query);
        Uri::from_parts(parts).map_err(|_| GatewayError::BadPath("the path cannot be forwarded"))
    }
}

impl std::fmt::Debug for Upstreams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upstreams")
            .field("services", &self.services)
            .finish()
    }
}

impl Upstreams {
    /// Checks every service's URL up front, so a typo fails the start, naming its variable,
    /// instead of every request.
    pub fn new(urls: &ServiceUrls, services: &[ServiceName]) -> anyhow::Result<Upstreams> {
        let services = services
            .iter()
            .map(|&service| Ok((service, Upstream::parse(service, &urls.get(service))?)))
            .collect::<anyhow::Result<_>>()?;
        let mut connector = HttpConnector::new();
        // Small request/response exchanges: do not let Nagle hold back the last segment.
        connector.set_nodelay(true);
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .build(connector);
        Ok(Upstreams { client, services })
    }

    /// The base URL of `service`, for the readiness checks and the OpenAPI merge.
    pub fn base(&self, service: ServiceName) -> Option<&str> {
        self.services.get(&service).map(|u| u.base.as_str())
    }
}

/// What a forwarded request needs besides the request itself.
#[derive(Debug, Clone, Copy)]
pub struct Forward<'a> {
    pub upstreams: &'a Upstreams,
    pub metrics: &'a GatewayMetrics,
    pub service: ServiceName,
    /// The peer's address, for `X-Forwarded-For`.
    pub client_ip: Option<IpAddr>,
    pub timeout: Duration,
    pub max_body: usize,
}

impl Forward<'_> {
    /// Sends `request` to the service unchanged but for the hop-by-hop and forwarding headers,
    /// and returns its answer, whatever its status.
    pub async fn send(self, request: Request<Body>) -> Result<Response<Body>, GatewayError> {
        let (mut parts, body) = request.into_parts();
        if content_length(&parts.headers).is_some_and(|n| n > self.max_body as u64) {
            return Err(GatewayError::PayloadTooLarge);
        }
        let upstream = self
            .upstreams
            .services
            .get(&self.service)
            .ok_or(GatewayError::NotRouted)?;
        let uri = upstream.uri(parts.uri.path_and_query())?;
        // The client's Host names the gateway: it goes on as X-Forwarded-Host.
        let original_host = parts.headers.remove(header::HOST).or_else(|| {
            let authority = parts.uri.authority()?;
            HeaderValue::from_str(authority.as_str()).ok()
        });
        parts.uri = uri;
        // The client may have spoken HTTP/2 to us; the services are reached over HTTP/1.1.
        parts.version = Version::HTTP_11;
        prepare_request_headers(
            &mut parts.headers,
            self.client_ip,
            original_host,
            upstream.host.clone(),
        );
        // The service's span is a child of the gateway's (when spans are exported).
        bookstore_kit::telemetry::inject(&mut parts.headers);
        // The body streams on to the service; a chunked body that passes the limit midway
        // fails the exchange, and that failure is told apart below.
        let request = Request::from_parts(parts, Limited::new(body, self.max_body));

        let started = Instant::now();
        let answer =
            tokio::time::timeout(self.timeout, self.upstreams.client.request(request)).await;
        let elapsed = started.elapsed();
        let response = match answer {
            Err(_) => {
                self.metrics
                    .upstream(self.service, Outcome::Timeout, elapsed);
                return Err(GatewayError::UpstreamTimeout(self.service));
            }
            Ok(Err(e)) => {
                let (outcome, error) = classify(self.service, &e);
                self.metrics.upstream(self.service, outcome, elapsed);
                return Err(error);
            }
            Ok(Ok(response)) => response,
        };
        self.metrics.upstream(
            self.service,
            Outcome::Status(response.status().as_u16()),
            elapsed,
        );
        let (mut parts, body) = response.into_parts();
        strip_hop_by_hop(&mut parts.headers);
        Ok(Response::from_parts(parts, Body::new(body)))
    }
}

fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Headers that describe one connection rather than the message (RFC 9110 §7.6.1); they are
/// never forwarded, in either direction.
const HOP_BY_HOP: [HeaderName; 8] = [
    header::CONNECTION,
    HeaderName::from_static("keep-alive"),
    header::PROXY_AUTHENTICATE,
    header::PROXY_AUTHORIZATION,
    header::TE,
    header::TRAILER,
    header::TRANSFER_ENCODING,
    header::UPGRADE,
];

/// Removes the hop-by-hop headers, including any that `Connection` names.
pub fn strip_hop_by_hop(headers: &mut HeaderMap) {
    let named: Vec<HeaderName> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|name| HeaderName::from_bytes(name.trim().as_bytes()).ok())
        .collect();
    for name in named.iter().chain(HOP_BY_HOP.iter()) {
        headers.remove(name);
    }
}

const X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");
const X_FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");
const X_FORWARDED_HOST: HeaderName = HeaderName::from_static("x-forwarded-host");

/// Everything else (the request id, `traceparent`, `Authorization`, content headers) goes on
/// as it came.
fn prepare_request_headers(
    headers: &mut HeaderMap,
    client_ip: Option<IpAddr>,
    original_host: Option<HeaderValue>,
    upstream_host: HeaderValue,
) {
    strip_hop_by_hop(headers);
    // The client's Host names the gateway; the service's is the one it expects.
    headers.insert(header::HOST, upstream_host);
    // The gateway is the public edge: whatever forwarding headers a client sends are its own
    // claims and are replaced, never extended, so a service can trust them.
    headers.remove(header::FORWARDED);
    headers.remove(&X_FORWARDED_FOR);
    headers.remove(&X_FORWARDED_HOST);
    if let Some(ip) = client_ip
        && let Some(value) = ip_header(ip)
    {
        headers.insert(X_FORWARDED_FOR, value);
    }
    // The gateway itself serves plain HTTP; TLS, where there is any, ends before it.
    headers.insert(X_FORWARDED_PROTO, HeaderValue::from_static("http"));
    if let Some(host) = original_host {
        headers.insert(X_FORWARDED_HOST, host);
    }
}

/// An address as a header value, formatted on the stack (the longest IPv6 text is 45 bytes).
fn ip_header(ip: IpAddr) -> Option<HeaderValue> {
    use std::io::Write as _;
    let mut buf = [0u8; 48];
    let mut cursor = std::io::Cursor::new(&mut buf[..]);
    write!(cursor, "{ip}").ok()?;
    let len = usize::try_from(cursor.position()).ok()?;
    HeaderValue::from_bytes(&buf[..len]).ok()
}

/// Sorts a failed exchange: too large a body is the client's doing (413), a refused or
/// unroutable connection means the service is down (503), anything else broke midway (502).
fn classify(
    service: ServiceName,
    error: &hyper_util::client::legacy::Error,
) -> (Outcome, GatewayError) {
    if caused_by_body_limit(error) {
        return (Outcome::Error, GatewayError::PayloadTooLarge);
    }
    let cause = error_chain(error);
    if error.is_connect() {
        (
            Outcome::Unavailable,
            GatewayError::UpstreamUnavailable { service, cause },
        )
    } else {
        (
            Outcome::Error,
            GatewayError::UpstreamFailed { service, cause },
        )
    }
}

fn caused_by_body_limit(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        if e.is::<LengthLimitError>() {
            return true;
        }
        current = e.source();
    }
    false
}

/// `outer: inner: innermost`, for the log: hyper's own messages say little without their
/// causes.
fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut out = error.to_string();
    let mut current = error.source();
    while let Some(e) = current {
        out.push_str(": ");
        out.push_str(&e.to_string());
        current = e.source();
    }
    out
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn hop_by_hop_headers_and_those_connection_names_are_removed() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONNECTION,
            HeaderValue::from_static("keep-alive, X-Hop"),
        );
        headers.insert("x-hop", HeaderValue::from_static("1"));
        headers.insert("keep-alive", HeaderValue::from_static("timeout=5"));
        headers.insert(
            header::TRANSFER_ENCODING,
            HeaderValue::from_static("chunked"),
        );
        headers.insert("x-request-id", HeaderValue::from_static("abc"));
        strip_hop_by_hop(&mut headers);
        assert_eq!(headers.len(), 1);
        assert!(headers.contains_key("x-request-id"));
    }

    #[test]
    fn forwarding_headers_are_replaced_not_extended() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static("6.6.6.6"));
        headers.insert(header::HOST, HeaderValue::from_static("shop.example"));
        headers.insert("traceparent", HeaderValue::from_static("00-abc-def-01"));
        prepare_request_headers(
            &mut headers,
            Some(IpAddr::from([192, 0, 2, 7])),
            Some(HeaderValue::from_static("shop.example")),
            HeaderValue::from_static("127.0.0.1:8081"),
        );
        assert_eq!(
            headers.get("x-forwarded-for").map(|v| v.as_bytes()),
            Some(&b"192.0.2.7"[..])
        );
        assert_eq!(
            headers.get("x-forwarded-proto").map(|v| v.as_bytes()),
            Some(&b"http"[..])
        );
        assert_eq!(
            headers.get("x-forwarded-host").map(|v| v.as_bytes()),
            Some(&b"shop.example"[..])
        );
        assert_eq!(
            headers.get(header::HOST).map(|v| v.as_bytes()),
            Some(&b"127.0.0.1:8081"[..])
        );
        assert!(headers.contains_key("traceparent"));
    }

    #[test]
    fn the_upstream_uri_and_host_are_those_the_client_would_have_made() {
        let user = Upstream::parse(ServiceName::User, "http://127.0.0.1:8081/").unwrap();
        let pq = PathAndQuery::from_static("/api/v1/users/me?x=1");
        assert_eq!(
            user.uri(Some(&pq)).unwrap(),
            "http://127.0.0.1:8081/api/v1/users/me?x=1"
        );
        assert_eq!(user.host, "127.0.0.1:8081");
        let mounted = Upstream::parse(ServiceName::User, "http://users.internal/u/").unwrap();
        assert_eq!(
            mounted.uri(Some(&pq)).unwrap(),
            "http://users.internal/u/api/v1/users/me?x=1"
        );
        assert_eq!(mounted.host, "users.internal");
        assert_eq!(mounted.base, "http://users.internal/u");
    }

    #[test]
    fn addresses_become_header_values() {
        for ip in [
            IpAddr::from([192, 0, 2, 7]),
            "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"
                .parse()
                .unwrap(),
        ] {
            assert_eq!(ip_header(ip).unwrap(), ip.to_string().as_str());
        }
    }

    #[test]
    fn service_urls_must_be_plain_http() {
        let urls = ServiceUrls::new([(ServiceName::User, "https://user.internal".to_owned())]);
        let Err(e) = Upstreams::new(&urls, &[ServiceName::User]) else {
            panic!("an https URL was accepted");
        };
        assert!(e.to_string().contains("BOOKSTORE_USER_URL"), "{e}");
    }
}
