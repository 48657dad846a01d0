//! The sandbox payment provider's test cards, and how a card number becomes a token.
//!
//! Like a real provider's client-side tokenisation, a test card number is turned into an
//! opaque token as soon as it arrives (by the order service, or by a client ahead of time), so
//! no service keeps, logs or sends the number itself: the token carries what the sandbox needs
//! to decide (the card's behaviour) and the last four digits, nothing more.
//!
//! | card | behaviour |
//! |---|---|
//! | `4242 4242 4242 4242`, `5555 5555 5555 4444`, any other valid number | succeeds |
//! | `4000 0000 0000 0002` | declined |
//! | `4000 0000 0000 9995` | insufficient funds |
//! | `4000 0000 0000 0069` | expired card |
//! | `4000 0000 0000 0119` | processing error (the provider fails; retried, then failed) |

/// What the sandbox does with a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardBehaviour {
    Succeeds,
    Declined,
    InsufficientFunds,
    ExpiredCard,
    ProcessingError,
}

impl CardBehaviour {
    const ALL: [CardBehaviour; 5] = [
        CardBehaviour::Succeeds,
        CardBehaviour::Declined,
        CardBehaviour::InsufficientFunds,
        CardBehaviour::ExpiredCard,
        CardBehaviour::ProcessingError,
    ];

    /// The word in the token, and the failure code a provider would report.
    pub fn code(self) -> &'static str {
        match self {
            CardBehaviour::Succeeds => "ok",
            CardBehaviour::Declined => "card_declined",
            CardBehaviour::InsufficientFunds => "insufficient_funds",
            CardBehaviour::ExpiredCard => "expired_card",
            CardBehaviour::ProcessingError => "processing_error",
        }
    }
}

/// The special test cards; any other number that passes the Luhn check succeeds.
const TEST_CARDS: &[(&str, CardBehaviour)] = &[
    ("4000000000000002", CardBehaviour::Declined),
    ("4000000000009995", CardBehaviour::InsufficientFunds),
    ("4000000000000069", CardBehaviour::ExpiredCard),
    ("4000000000000119", CardBehaviour::ProcessingError),
];

/// The prefix of every sandbox token.
pub const TOKEN_PREFIX: &str = "tok_sandbox_";

/// A sandbox token, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxToken {
    pub behaviour: CardBehaviour,
    pub last4: String,
}

impl SandboxToken {
    /// `tok_sandbox_<behaviour>_<last4>`.
    pub fn encode(&self) -> String {
        format!("{TOKEN_PREFIX}{}_{}", self.behaviour.code(), self.last4)
    }

    /// Reads a token made by [`encode`](Self::encode).
    pub fn parse(token: &str) -> Option<SandboxToken> {
        let rest = token.strip_prefix(TOKEN_PREFIX)?;
        let (code, last4) = rest.rsplit_once('_')?;
        let behaviour = CardBehaviour::ALL.into_iter().find(|b| b.code() == code)?;
        (last4.len() == 4 && last4.bytes().all(|b| b.is_ascii_digit())).then(|| SandboxToken {
            behaviour,
            last4: last4.to_owned(),
        })
    }
}

/// Whether `raw` looks like a card number (digits, with spaces or dashes between groups),
/// rather than a token.
pub fn looks_like_card_number(raw: &str) -> bool {
    let digits = raw.chars().filter(char::is_ascii_digit).count();
    (12..=19).contains(&digits)
        && raw
            .chars()
            .all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
}

/// The token for a test card number, or why the number is no card.
pub fn tokenize(card_number: &str) -> Result<SandboxToken, String> {
    if !looks_like_card_number(card_number) {
        return Err("is not a card number (12 to 19 digits)".into());
    }
    let digits: String = card_number.chars().filter(char::is_ascii_digit).collect();
    if !luhn_valid(&digits) {
        return Err("is not a valid card number (its check digit is wrong)".into());
    }
    let behaviour = TEST_CARDS
        .iter()
        .find(|(number, _)| *number == digits)
        .map_or(CardBehaviour::Succeeds, |(_, b)| *b);
    Ok(SandboxToken {
        behaviour,
        last4: digits[digits.len() - 4..].to_owned(),
    })
}

/// The token an order may carry for the sandbox: a token as it is, a card number tokenised.
pub fn normalize(token_or_card: &str) -> Result<SandboxToken, String> {
    match SandboxToken::parse(token_or_card.trim()) {
        Some(token) => Ok(token),
        None if looks_like_card_number(token_or_card.trim()) => tokenize(token_or_card.trim()),
        None => Err(format!(
            "must be a test card number or a sandbox token ({TOKEN_PREFIX}...)"
        )),
    }
}

fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn test_cards_decide_their_behaviour() {
        let ok = tokenize("4242 4242 4242 4242").unwrap();
        assert_eq!(ok.behaviour, CardBehaviour::Succeeds);
        assert_eq!(ok.encode(), "tok_sandbox_ok_4242");
        assert_eq!(
            tokenize("4000-0000-0000-0002").unwrap().behaviour,
            CardBehaviour::Declined
        );
        let funds = tokenize("4000000000009995").unwrap();
        assert_eq!(funds.behaviour, CardBehaviour::InsufficientFunds);
        assert_eq!(SandboxToken::parse(&funds.encode()).unwrap(), funds);
        assert_eq!(
            tokenize("5555555555554444").unwrap().behaviour,
            CardBehaviour::Succeeds
        );
    }

    #[test]
    fn bad_numbers_and_tokens_are_refused() {
        assert!(tokenize("4242 4242 4242 4241").is_err());
        assert!(tokenize("1234").is_err());
        assert!(normalize("pm_card_visa").is_err());
        assert!(SandboxToken::parse("tok_sandbox_ok_42").is_none());
        assert!(SandboxToken::parse("tok_sandbox_maybe_4242").is_none());
        assert_eq!(
            normalize("tok_sandbox_card_declined_0002")
                .unwrap()
                .behaviour,
            CardBehaviour::Declined
        );
    }
}
