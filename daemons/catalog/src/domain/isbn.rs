//! ISBNs: ISBN-13 with its check digit; an ISBN-10 is accepted and converted.

/// An ISBN-13, digits only.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Isbn(String);

impl Isbn {
    /// Parses an ISBN-13 or ISBN-10, with or without hyphens and spaces (`978-0-261-10357-3`,
    /// `0261103571`). An ISBN-10 becomes the ISBN-13 with the `978` prefix.
    pub fn parse(raw: &str) -> Result<Isbn, String> {
        let compact: String = raw
            .chars()
            .filter(|c| !matches!(c, '-' | ' '))
            .collect::<String>()
            .to_ascii_uppercase();
        if compact.is_empty() {
            return Err("must not be empty".into());
        }
        match compact.len() {
            13 => Self::parse13(&compact),
            10 => Self::parse10(&compact),
            n => Err(format!(
                "must have 13 digits (or 10 for an ISBN-10), not {n}"
            )),
        }
    }

    /// Digits only: the stored and returned form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `Some(digits)` when `text` (a search query, say) reads as an ISBN.
    pub fn recognise(text: &str) -> Option<Isbn> {
        let has_digits = text.chars().filter(char::is_ascii_digit).count() >= 10;
        let only_isbn_chars = text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | 'x' | 'X'));
        if has_digits && only_isbn_chars {
            Isbn::parse(text).ok()
        } else {
            None
        }
    }

    fn parse13(digits: &str) -> Result<Isbn, String> {
        let values = digit_values(digits)?;
        if !(digits.starts_with("978") || digits.starts_with("979")) {
            return Err("an ISBN-13 starts with 978 or 979".into());
        }
        let expected = check_digit_13(&values[..12]);
        if values[12] != expected {
            return Err(format!(
                "has a wrong check digit: the last digit should be {expected}"
            ));
        }
        Ok(Isbn(digits.to_owned()))
    }

    fn parse10(chars: &str) -> Result<Isbn, String> {
        let (body, last) = chars.split_at(9);
        let values = digit_values(body)?;
        let check = match last {
            "X" => 10,
            d => match d.parse::<u32>() {
                Ok(v) => v,
                Err(_) => return Err("an ISBN-10 has digits and a final digit or X".into()),
            },
        };
        let sum: u32 = values
            .iter()
            .enumerate()
            .map(|(i, v)| v * (10 - i as u32))
            .sum::<u32>()
            + check;
        if !sum.is_multiple_of(11) {
            return Err("has a wrong check digit (ISBN-10)".into());
        }
        let mut thirteen: Vec<u32> = vec![9, 7, 8];
        thirteen.extend(values);
        let check13 = check_digit_13(&thirteen);
        let mut out: String = thirteen.iter().map(|d| d.to_string()).collect();
        out.push_str(&check13.to_string());
        Ok(Isbn(out))
    }
}

fn digit_values(digits: &str) -> Result<Vec<u32>, String> {
    digits
        .chars()
        .map(|c| {
            c.to_digit(10)
                .ok_or_else(|| "must contain only digits, hyphens and spaces".to_owned())
        })
        .collect()
}

/// The ISBN-13 (EAN-13) check digit of the first twelve digits: weights 1 and 3 alternately.
fn check_digit_13(first12: &[u32]) -> u32 {
    let sum: u32 = first12
        .iter()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { *d } else { d * 3 })
        .sum();
    (10 - sum % 10) % 10
}

impl std::fmt::Display for Isbn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::Isbn;

    #[test]
    fn valid_isbns_are_normalised_to_thirteen_digits() {
        for (raw, digits) in [
            ("9780261103573", "9780261103573"),
            ("978-0-261-10357-3", "9780261103573"),
            (" 978 0 261 10357 3 ", "9780261103573"),
            ("0261103571", "9780261103573"),
            ("0-8044-2957-X", "9780804429573"),
            ("979-10-90636-07-1", "9791090636071"),
        ] {
            assert_eq!(
                Isbn::parse(raw).map(|i| i.to_string()),
                Ok(digits.to_owned()),
                "{raw}"
            );
        }
    }

    #[test]
    fn wrong_check_digits_and_shapes_are_refused() {
        let wrong = Isbn::parse("9780261103574").unwrap_err();
        assert!(wrong.contains("should be 3"), "{wrong}");
        for bad in [
            "",
            "978026110357",
            "97802611035733",
            "978026110357X",
            "1234567890123",
            "0261103572",
            "02611035X1",
            "abcdefghij",
        ] {
            assert!(Isbn::parse(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn search_text_is_recognised_as_an_isbn_only_when_it_is_one() {
        assert!(Isbn::recognise("978-0-261-10357-3").is_some());
        assert!(Isbn::recognise("1984").is_none());
        assert!(Isbn::recognise("hobbit").is_none());
        assert!(Isbn::recognise("9780261103574").is_none());
    }
}
