//! Collecting field errors from several parses, so that one 400 names every bad field.

use bookstore_sdk::types::FieldError;

/// The invalid fields of one request:
///
/// ```ignore
/// let isbn = fields.check("isbn", Isbn::parse(&body.isbn));
/// let title = fields.check("title", Title::parse(&body.title));
/// fields.finish()?; // a service error implementing From<Vec<FieldError>>
/// ```
#[derive(Debug, Default)]
pub struct Fields(Vec<FieldError>);

impl Fields {
    /// The value of `result`, or `None` after recording its error under `field`.
    pub fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(message) => {
                self.0.push(FieldError::new(field, message));
                None
            }
        }
    }

    /// Records an error found without a parse.
    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every recorded error; call it when some `check` gave `None`.
    pub fn into_errors(self) -> Vec<FieldError> {
        self.0
    }

    /// `Ok` when nothing was recorded, else every recorded error.
    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failed_check_is_kept_in_order() {
        let mut fields = Fields::default();
        assert_eq!(fields.check("a", Ok::<_, String>(1)), Some(1));
        assert_eq!(fields.check::<i32>("b", Err("bad".into())), None);
        fields.push("c", "worse");
        let errors = fields.finish().err().unwrap_or_default();
        assert_eq!(
            errors,
            vec![FieldError::new("b", "bad"), FieldError::new("c", "worse")]
        );
    }
}
