//! The one error type of the SDK: what a call can fail with and how to tell the cases apart.

use std::fmt;

use http::StatusCode;

use crate::types::Problem;

/// The SDK's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status. `problem` is its `application/problem+json` body,
    /// or one made up from the status when the body was something else (a proxy's HTML page).
    #[error("{}", ApiMessage(problem))]
    Api {
        status: StatusCode,
        /// Boxed because a problem is large and every `Result` of the SDK carries this enum.
        problem: Box<Problem>,
        /// From the `x-request-id` header, else from the problem body: quote it when reporting.
        request_id: Option<String>,
    },

    /// The request did not get an answer: connection refused or reset, DNS, TLS.
    #[error("cannot reach {url}: {}", root_cause(source))]
    Transport {
        url: String,
        #[source]
        source: reqwest::Error,
    },

    /// No answer within the client's timeout.
    #[error("no answer from {url} within the timeout")]
    Timeout {
        url: String,
        #[source]
        source: reqwest::Error,
    },

    /// A success answer whose body is not what the API promises.
    #[error("unexpected answer from {url} (status {status}): {source}")]
    Decode {
        url: String,
        status: StatusCode,
        #[source]
        source: serde_json::Error,
    },

    /// A live stream broke off: the server ended it, it fell silent for longer than its
    /// heartbeat allows, or what answered was not an event stream. The stream reconnects by
    /// itself and reports this with each attempt.
    #[error("the stream from {url} {reason}")]
    Disconnected { url: String, reason: String },

    /// The client was configured with something unusable (a malformed gateway URL).
    #[error("invalid client configuration: {0}")]
    Config(String),
}

impl Error {
    /// The HTTP status, when the API answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The problem details, when the API answered with an error.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            Error::Api { problem, .. } => Some(problem),
            _ => None,
        }
    }

    /// The request id the gateway gave the failed request.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// `401`: no token, or an expired or revoked one.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED)
    }

    /// `403`: logged in, but the role or ownership does not allow it.
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(StatusCode::FORBIDDEN)
    }

    /// `404`.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// `409`: a clash with the current state (email taken, out of stock, already cancelled).
    pub fn is_conflict(&self) -> bool {
        self.status() == Some(StatusCode::CONFLICT)
    }

    /// `412`: a conditional update or delete (`If-Match`) found the resource changed since the
    /// version it names: read it again and decide anew.
    pub fn is_precondition_failed(&self) -> bool {
        self.status() == Some(StatusCode::PRECONDITION_FAILED)
    }

    /// `428`: the call needs `If-Match` with the version last read, and had none.
    pub fn is_precondition_required(&self) -> bool {
        self.status() == Some(StatusCode::PRECONDITION_REQUIRED)
    }

    /// `400` or `422`: the request itself is wrong; [`Problem::errors`] says which fields.
    pub fn is_invalid_input(&self) -> bool {
        matches!(
            self.status(),
            Some(StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY)
        )
    }

    /// `429`: rate limited (after the client's own retries, where the call allowed them).
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// The gateway could not be reached at all.
    pub fn is_transport(&self) -> bool {
        matches!(self, Error::Transport { .. })
    }

    /// The call ran out of time.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// A live stream broke off after it was connected, or never became one.
    pub fn is_disconnected(&self) -> bool {
        matches!(self, Error::Disconnected { .. })
    }

    pub(crate) fn from_reqwest(url: &str, source: reqwest::Error) -> Self {
        let url = url.to_owned();
        if source.is_timeout() {
            Error::Timeout { url, source }
        } else {
            Error::Transport { url, source }
        }
    }
}

/// The problem as one line: its detail (or title), then each offending field.
struct ApiMessage<'a>(&'a Problem);

impl fmt::Display for ApiMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message())
    }
}

/// reqwest's own message is "error sending request for url (...)": the useful part ("Connection
/// refused") sits at the bottom of the chain.
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::types::FieldError;

    fn problem(detail: Option<&str>, errors: Vec<FieldError>) -> Problem {
        Problem {
            kind: "urn:bookstore:problem:validation".into(),
            title: "Invalid request".into(),
            status: 422,
            detail: detail.map(Into::into),
            instance: None,
            request_id: Some("r-1".into()),
            errors,
            extensions: Default::default(),
        }
    }

    fn api(status: StatusCode, problem: Problem) -> Error {
        Error::Api {
            status,
            problem: Box::new(problem),
            request_id: Some("r-1".into()),
        }
    }

    #[test]
    fn api_message_is_detail_then_fields() {
        let err = api(
            StatusCode::UNPROCESSABLE_ENTITY,
            problem(
                Some("the request has invalid fields"),
                vec![
                    FieldError::new("email", "is not an email address"),
                    FieldError::new("password", "is shorter than 8 characters"),
                ],
            ),
        );
        assert_eq!(
            err.to_string(),
            "the request has invalid fields; email: is not an email address; \
             password: is shorter than 8 characters"
        );
        assert!(err.is_invalid_input());
        assert_eq!(err.request_id(), Some("r-1"));
        assert_eq!(err.problem().unwrap().slug(), "validation");
    }

    #[test]
    fn api_message_falls_back_to_title() {
        let err = api(StatusCode::NOT_FOUND, problem(None, vec![]));
        assert_eq!(err.to_string(), "Invalid request");
        assert!(err.is_not_found());
        assert!(!err.is_unauthorized());
        assert!(!err.is_precondition_failed());
        assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    }

    #[test]
    fn preconditions() {
        let stale = api(StatusCode::PRECONDITION_FAILED, problem(None, vec![]));
        assert!(stale.is_precondition_failed());
        assert!(!stale.is_conflict());
        let missing = api(StatusCode::PRECONDITION_REQUIRED, problem(None, vec![]));
        assert!(missing.is_precondition_required());
        assert!(!missing.is_precondition_failed());
    }

    #[test]
    fn config_errors_have_no_status() {
        let err = Error::Config("bad".into());
        assert_eq!(err.status(), None);
        assert!(err.problem().is_none());
        assert!(!err.is_transport());
    }
}
