//! `Json`, `Path` and `Query` extractors whose rejections are problem+json with the field at
//! fault, instead of axum's plain-text messages.

use axum::extract::FromRequest;
use axum::extract::FromRequestParts;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::problem::ApiProblem;

/// A JSON body; a malformed or mistyped body is a 400 naming the field, a wrong content type 415.
#[derive(Debug, Clone, Copy, Default, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiProblem))]
pub struct Json<T>(pub T);

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// Path parameters; a malformed one (an id that is no UUID, say) is a 400.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiProblem))]
pub struct Path<T>(pub T);

/// Query parameters; an unknown value or wrong type is a 400.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiProblem))]
pub struct Query<T>(pub T);

impl From<JsonRejection> for ApiProblem {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::JsonDataError(e) => {
                // serde's message names the path of the offending field, e.g.
                // "email: invalid type: integer `5`, expected a string at line 1 column 10".
                let message = source_message(&e);
                let (field, reason) = split_field(&message);
                ApiProblem::validation(vec![bookstore_sdk::types::FieldError::new(field, reason)])
            }
            JsonRejection::JsonSyntaxError(e) => {
                ApiProblem::new(StatusCode::BAD_REQUEST, "malformed-json", "Malformed JSON")
                    .detail(source_message(&e))
            }
            JsonRejection::MissingJsonContentType(_) => ApiProblem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
            )
            .detail("send the body as application/json"),
            JsonRejection::BytesRejection(e) => {
                let status = e.status();
                if status == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiProblem::new(status, "payload-too-large", "Request body too large")
                        .detail("the request body exceeds the size limit")
                } else {
                    ApiProblem::bad_request(e.body_text())
                }
            }
            other => ApiProblem::bad_request(other.body_text()),
        }
    }
}

impl From<PathRejection> for ApiProblem {
    fn from(rejection: PathRejection) -> Self {
        match rejection {
            PathRejection::FailedToDeserializePathParams(e) => ApiProblem::new(
                StatusCode::BAD_REQUEST,
                "invalid-path",
                "Invalid path parameter",
            )
            .detail(e.body_text()),
            other => ApiProblem::bad_request(other.body_text()),
        }
    }
}

impl From<QueryRejection> for ApiProblem {
    fn from(rejection: QueryRejection) -> Self {
        let message = source_message(&rejection);
        let message = message
            .strip_prefix("Failed to deserialize query string: ")
            .unwrap_or(&message)
            .to_owned();
        ApiProblem::new(
            StatusCode::BAD_REQUEST,
            "invalid-query",
            "Invalid query parameter",
        )
        .detail(message)
    }
}

/// The innermost error message, without axum's prefix.
fn source_message(e: &(dyn std::error::Error + 'static)) -> String {
    let mut current = e;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

/// Splits serde_path_to_error's "a.b: message" into the field path and the message.
fn split_field(message: &str) -> (String, String) {
    match message.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') && path != "." => {
            (path.to_owned(), strip_position(rest))
        }
        _ => ("body".to_owned(), strip_position(message)),
    }
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_are_split_from_serde_messages() {
        assert_eq!(
            split_field("email: invalid type: integer `5`, expected a string at line 1 column 10"),
            (
                "email".into(),
                "invalid type: integer `5`, expected a string".into()
            )
        );
        assert_eq!(
            split_field("missing field `email` at line 1 column 2"),
            ("body".into(), "missing field `email`".into())
        );
    }
}
