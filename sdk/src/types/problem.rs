//! RFC 9457 problem details, the body of every error response.

use serde::{Deserialize, Serialize};

/// An `application/problem+json` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the kind of problem, `urn:bookstore:problem:<slug>`, or `about:blank`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary of the kind of problem; the same for every occurrence.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time, for a person to read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// The request id, to quote when reporting the problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// For validation problems: each offending field and what is wrong with it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Members particular to one kind of problem (RFC 9457 extensions), such as the
    /// `unavailable` items of an out-of-stock conflict.
    #[serde(flatten)]
    #[cfg_attr(feature = "openapi", schema(additional_properties))]
    pub extensions: serde_json::Map<String, serde_json::Value>,
}

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name as it appears in the request (`email`, `items[2].quantity`).
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl Problem {
    /// The slug of `type` (`validation` for `urn:bookstore:problem:validation`).
    pub fn slug(&self) -> &str {
        self.kind
            .strip_prefix("urn:bookstore:problem:")
            .unwrap_or(&self.kind)
    }
}

impl Problem {
    /// The extension member `name` read as `T`; `None` when it is absent or of another shape.
    pub fn extension<T: serde::de::DeserializeOwned>(&self, name: &str) -> Option<T> {
        T::deserialize(self.extensions.get(name)?).ok()
    }

    /// One line for a person: the detail (or the title), then each offending field that the
    /// detail does not already say.
    pub fn message(&self) -> String {
        let mut line = self.detail.clone().unwrap_or_else(|| self.title.clone());
        for e in &self.errors {
            let field = format!("{}: {}", e.field, e.message);
            if self.detail.as_deref() != Some(field.as_str()) {
                line.push_str("; ");
                line.push_str(&field);
            }
        }
        line
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.detail.is_some() {
            write!(f, "{}: ", self.title)?;
        }
        f.write_str(&self.message())
    }
}
