//! Genre slugs: what `?genre=` filters name.

/// Lower-case words joined by single hyphens (`science-fiction`), at most 64 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slug(String);

const MAX_LEN: usize = 64;

impl Slug {
    /// Checks a slug as given; nothing is changed, so the client sees the slug it sent.
    pub fn parse(raw: &str) -> Result<Slug, String> {
        if raw.is_empty() {
            return Err("must not be empty".into());
        }
        if raw.chars().count() > MAX_LEN {
            return Err(format!("must be at most {MAX_LEN} characters"));
        }
        let word_ok =
            |w: &str| !w.is_empty() && w.chars().all(|c| c.is_alphanumeric() && !c.is_uppercase());
        if !raw.split('-').all(word_ok) {
            return Err(
                "must be lower-case letters and digits in words joined by single hyphens".into(),
            );
        }
        // `/genres/{genre}` takes an id or a slug: a slug must never read as an id.
        if uuid::Uuid::parse_str(raw).is_ok() {
            return Err("must not be a UUID".into());
        }
        Ok(Slug(raw.to_owned()))
    }

    /// The slug of a genre's name: lower-cased, every run of other characters one hyphen.
    pub fn derive(name: &str) -> Result<Slug, String> {
        let mut out = String::new();
        for c in name.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() {
                out.push(c);
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        let trimmed: String = out.trim_end_matches('-').chars().take(MAX_LEN).collect();
        Slug::parse(trimmed.trim_end_matches('-'))
            .map_err(|_| "has no letters or digits to make a slug from; send a slug".into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::Slug;

    #[test]
    fn slugs_are_derived_from_names() {
        let derive = |n: &str| Slug::derive(n).map(|s| s.as_str().to_owned());
        assert_eq!(derive("Science Fiction"), Ok("science-fiction".into()));
        assert_eq!(derive("  Crime & Mystery!! "), Ok("crime-mystery".into()));
        assert_eq!(derive("Ciencia ficción"), Ok("ciencia-ficción".into()));
        assert!(derive("!!!").is_err());
    }

    #[test]
    fn given_slugs_are_checked() {
        assert!(Slug::parse("science-fiction").is_ok());
        assert!(Slug::parse("19th-century").is_ok());
        for bad in [
            "",
            "Science",
            "science--fiction",
            "-science",
            "science-",
            "sci fi",
            "0191f2b4-5d7c-7a63-a7c3-4a1e2b3c4d5e",
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad} was accepted");
        }
    }
}
