//! `application/problem+json` responses (RFC 9457).
//!
//! Each service keeps its own error enum and renders it through [`ApiProblem`]; this module
//! also turns the framework's own failures (unknown route, wrong method, oversized body,
//! timeout, panic) into the same format, so a client never sees another kind of error body.

use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bookstore_sdk::types::{FieldError, Problem};

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A problem ready to be sent. Build it with the constructors, then add detail or fields.
#[derive(Debug, Clone)]
pub struct ApiProblem(pub Problem);

impl ApiProblem {
    /// A problem with a bookstore type slug (`urn:bookstore:problem:<slug>`).
    pub fn new(status: StatusCode, slug: &str, title: impl Into<String>) -> Self {
        ApiProblem(Problem {
            kind: format!("urn:bookstore:problem:{slug}"),
            title: title.into(),
            status: status.as_u16(),
            detail: None,
            instance: None,
            request_id: None,
            errors: Vec::new(),
            extensions: Default::default(),
        })
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.0.detail = Some(detail.into());
        self
    }

    pub fn field(mut self, field: impl Into<String>, message: impl Into<String>) -> Self {
        self.0.errors.push(FieldError::new(field, message));
        self
    }

    /// Adds a member particular to this kind of problem (an RFC 9457 extension).
    pub fn extension(mut self, name: &str, value: serde_json::Value) -> Self {
        self.0.extensions.insert(name.to_owned(), value);
        self
    }

    /// 400 with one entry per invalid field.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let detail = match errors.as_slice() {
            [one] => format!("{}: {}", one.field, one.message),
            many => format!("{} fields are invalid", many.len()),
        };
        let mut p =
            Self::new(StatusCode::BAD_REQUEST, "validation", "Invalid request").detail(detail);
        p.0.errors = errors;
        p
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad-request", "Bad request").detail(detail)
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Authentication required",
        )
        .detail(detail)
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", "Not allowed").detail(detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", "Not found").detail(detail)
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", "Conflict").detail(detail)
    }

    /// 500 that tells the client nothing about the cause; log the cause before returning this.
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal server error",
        )
        .detail("the server failed to handle the request; quote the request id when reporting it")
    }

    pub fn unavailable(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "Service unavailable",
        )
        .detail(detail)
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl IntoResponse for ApiProblem {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = serde_json::to_vec(&self.0).unwrap_or_default();
        let mut response = (status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        response
    }
}

/// Middleware: fills in `instance` and `request_id` of problem bodies, and replaces error
/// responses with no body or a plain-text one (404 and 405 from the router, 413 from the body
/// limit, 504 from the timeout) with a problem body.
pub async fn problem_middleware(request: Request<Body>, next: Next) -> Response {
    // Both are shared buffers: kept without copying, read only when the answer is an error.
    let uri = request.uri().clone();
    let request_id = request.headers().get("x-request-id").cloned();
    let response = next.run(request).await;
    complete_problem(response, uri.path(), request_id.as_ref()).await
}

/// What [`problem_middleware`] does to an answer, for a server that calls its handler itself
/// (the gateway's proxied path): a success passes untouched; an error gets a complete problem
/// body naming `path` and `request_id`.
pub async fn complete_problem(
    response: Response,
    path: &str,
    request_id: Option<&HeaderValue>,
) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    let (mut parts, body) = response.into_parts();
    let mut problem = if is_problem {
        let Ok(bytes) = axum::body::to_bytes(body, 1 << 20).await else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        match serde_json::from_slice::<Problem>(&bytes) {
            Ok(p) => ApiProblem(p),
            Err(_) => return Response::from_parts(parts, Body::from(bytes)),
        }
    } else if parts
        .headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| !v.as_bytes().starts_with(b"text/plain"))
    {
        // A body some handler chose on purpose (an upstream's answer through the gateway, say).
        // Plain text is what the framework and tower-http layers produce, so it is replaced.
        return Response::from_parts(parts, body);
    } else {
        generic_problem(status)
    };
    if problem.0.instance.is_none() {
        problem.0.instance = Some(path.to_owned());
    }
    if problem.0.request_id.is_none() {
        problem.0.request_id = request_id.and_then(|v| v.to_str().ok()).map(str::to_owned);
    }
    let mut fresh = problem.into_response();
    // Keep headers such as Retry-After and WWW-Authenticate that the original response set.
    parts.headers.remove(header::CONTENT_LENGTH);
    for (name, value) in fresh.headers() {
        parts.headers.insert(name.clone(), value.clone());
    }
    *fresh.headers_mut() = parts.headers;
    fresh
}

fn generic_problem(status: StatusCode) -> ApiProblem {
    match status {
        StatusCode::NOT_FOUND => ApiProblem::not_found("no such resource"),
        StatusCode::METHOD_NOT_ALLOWED => {
            ApiProblem::new(status, "method-not-allowed", "Method not allowed")
                .detail("this resource does not support that method")
        }
        StatusCode::REQUEST_TIMEOUT | StatusCode::GATEWAY_TIMEOUT => {
            ApiProblem::new(status, "timeout", "Request timed out")
                .detail("the request took longer than the server allows")
        }
        StatusCode::PAYLOAD_TOO_LARGE => {
            ApiProblem::new(status, "payload-too-large", "Request body too large")
                .detail("the request body exceeds the size limit")
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            ApiProblem::new(status, "unsupported-media-type", "Unsupported media type")
                .detail("send the body as application/json")
        }
        s if s.is_server_error() => ApiProblem::new(
            s,
            "internal",
            s.canonical_reason().unwrap_or("Server error"),
        ),
        s => ApiProblem::new(s, "about", s.canonical_reason().unwrap_or("Client error")),
    }
}

/// Renders a panic as a 500 problem; the panic itself is logged by the panic hook.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    ApiProblem::internal().into_response()
}
