//! `GET /books`: the query string parsed into a [`ListSpec`], every bad parameter reported at
//! once, and the opaque cursors that carry a page's position.
//!
//! Parameters arrive as text and are parsed here rather than by serde, so that each mistake is
//! a 400 naming its parameter (`sort: unknown sort key ...; use one of ...`) rather than one
//! generic message.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bookstore_sdk::types::BookSort;
use chrono::{DateTime, NaiveDateTime};
use serde::Deserialize;

use crate::domain::{Isbn, Language};
use crate::error::{CatalogError, Fields};
use crate::store::books::{BookRow, title_sort};
use crate::store::search::{After, ListSpec, Order, words};

/// Page size when none is asked for, and the most a page may hold.
pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;

/// `GET /books`'s query string as sent (see `bookstore_sdk::types::BookQuery` for meanings).
#[derive(Debug, Default, Deserialize)]
pub struct RawBookQuery {
    pub q: Option<String>,
    pub genre: Option<String>,
    pub author: Option<String>,
    pub min_price: Option<String>,
    pub max_price: Option<String>,
    pub in_stock: Option<String>,
    pub language: Option<String>,
    pub sort: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// A parsed list request. `genre` and `author` still need resolving against the database.
#[derive(Debug)]
pub struct Parsed {
    pub spec: ListSpec,
    /// The page size (the spec fetches one more).
    pub limit: u32,
    /// The genre as given (a slug or an id).
    pub genre: Option<String>,
    pub author: Option<uuid::Uuid>,
}

/// Parses the query string; a 400 lists every bad parameter.
pub fn parse(raw: &RawBookQuery) -> Result<Parsed, CatalogError> {
    let mut fields = Fields::default();
    let text = raw.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let isbn = text.and_then(Isbn::recognise);
    let search_words = match (&isbn, text) {
        (None, Some(q)) => words(q),
        _ => Vec::new(),
    };
    let non_negative = |v: &str| match v.trim().parse::<i64>() {
        Ok(n) if n >= 0 => Ok(n),
        _ => Err("must be a whole number of minor units, 0 or more".to_owned()),
    };
    let min_price = raw
        .min_price
        .as_deref()
        .and_then(|v| fields.check("min_price", non_negative(v)));
    let max_price = raw
        .max_price
        .as_deref()
        .and_then(|v| fields.check("max_price", non_negative(v)));
    if let (Some(min), Some(max)) = (min_price, max_price)
        && min > max
    {
        fields.push("max_price", "must not be less than min_price");
    }
    let in_stock = raw.in_stock.as_deref().and_then(|v| {
        let parsed = match v.trim() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            _ => Err("must be true or false".to_owned()),
        };
        fields.check("in_stock", parsed)
    });
    let language = raw
        .language
        .as_deref()
        .and_then(|v| fields.check("language", Language::parse(v)));
    let sort = raw
        .sort
        .as_deref()
        .and_then(|v| fields.check("sort", parse_sort(v)));
    let limit = match raw.limit.as_deref() {
        None => Some(DEFAULT_LIMIT),
        Some(v) => fields.check(
            "limit",
            v.trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| format!("must be between 1 and {MAX_LIMIT}")),
        ),
    };
    let author = raw.author.as_deref().and_then(|v| {
        fields.check(
            "author",
            uuid::Uuid::parse_str(v.trim()).map_err(|_| "must be an author id (a UUID)".into()),
        )
    });
    let genre = raw
        .genre
        .as_deref()
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .map(str::to_owned);

    let order = order_of(sort, !search_words.is_empty());
    let after = raw
        .cursor
        .as_deref()
        .and_then(|c| fields.check("cursor", decode_cursor(c, order)));
    fields.finish()?;
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    Ok(Parsed {
        spec: ListSpec {
            words: search_words,
            isbn: isbn.map(|i| i.as_str().to_owned()),
            genre_id: None,
            author_id: author.map(|a| a.to_string()),
            min_price,
            max_price,
            in_stock: in_stock.unwrap_or(false),
            language: language.map(|l| l.as_str().to_owned()),
            order,
            after,
            limit: i64::from(limit) + 1,
        },
        limit,
        genre,
        author,
    })
}

fn parse_sort(raw: &str) -> Result<BookSort, String> {
    BookSort::ALL
        .into_iter()
        .find(|s| s.as_str() == raw.trim())
        .ok_or_else(|| {
            let keys: Vec<&str> = BookSort::ALL.iter().map(|s| s.as_str()).collect();
            format!("unknown sort key `{raw}`; use one of {}", keys.join(", "))
        })
}

/// The order a list really has: relevance needs search words, and is the default with them;
/// otherwise the newest books come first.
fn order_of(sort: Option<BookSort>, searching: bool) -> Order {
    match sort {
        None | Some(BookSort::Relevance) if searching => Order::Relevance,
        None | Some(BookSort::Relevance) | Some(BookSort::Newest) => Order::Created { desc: true },
        Some(BookSort::Oldest) => Order::Created { desc: false },
        Some(BookSort::Title) => Order::Title { desc: false },
        Some(BookSort::TitleDesc) => Order::Title { desc: true },
        Some(BookSort::Price) => Order::Price { desc: false },
        Some(BookSort::PriceDesc) => Order::Price { desc: true },
    }
}

/// A version tag, so a cursor of another format is refused rather than misread.
const CURSOR_TAG: &str = "b1";

fn order_tag(order: Order) -> &'static str {
    match order {
        Order::Relevance => "rel",
        Order::Title { desc: false } => "title",
        Order::Title { desc: true } => "-title",
        Order::Price { desc: false } => "price",
        Order::Price { desc: true } => "-price",
        Order::Created { desc: true } => "new",
        Order::Created { desc: false } => "old",
    }
}

/// The cursor of the page after `last`: base64url of `b1|<order>|<id>|<sort key>`. The key
/// goes last because a title may contain the separator.
pub fn encode_cursor(order: Order, last: &BookRow, rank: Option<f64>) -> String {
    let key = match order {
        Order::Relevance => rank.unwrap_or_default().to_string(),
        Order::Title { .. } => title_sort(&last.title),
        Order::Price { .. } => last.price_amount.to_string(),
        Order::Created { .. } => last.created_at.and_utc().timestamp_micros().to_string(),
    };
    URL_SAFE_NO_PAD.encode(format!(
        "{CURSOR_TAG}|{}|{}|{key}",
        order_tag(order),
        last.id
    ))
}

fn decode_cursor(cursor: &str, order: Order) -> Result<After, String> {
    let malformed = || "is not a cursor this list returned".to_owned();
    let text = URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(malformed)?;
    let mut parts = text.splitn(4, '|');
    let (Some(CURSOR_TAG), Some(tag), Some(id), Some(key)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(malformed());
    };
    let id = uuid::Uuid::parse_str(id)
        .map_err(|_| malformed())?
        .to_string();
    if tag != order_tag(order) {
        return Err(format!(
            "belongs to a list in another order (`{tag}`); start again without a cursor"
        ));
    }
    Ok(match order {
        Order::Relevance => After::Relevance(
            key.parse::<f64>()
                .ok()
                .filter(|r| r.is_finite())
                .ok_or_else(malformed)?,
            id,
        ),
        Order::Title { .. } => After::Title(key.to_owned(), id),
        Order::Price { .. } => After::Price(key.parse().map_err(|_| malformed())?, id),
        Order::Created { .. } => {
            let micros: i64 = key.parse().map_err(|_| malformed())?;
            let at: NaiveDateTime = DateTime::from_timestamp_micros(micros)
                .ok_or_else(malformed)?
                .naive_utc();
            After::Created(at, id)
        }
    })
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn row() -> BookRow {
        BookRow {
            id: uuid::Uuid::now_v7(),
            isbn: "9780261103573".into(),
            title: "The Hobbit | There and Back".into(),
            subtitle: None,
            description: None,
            language: None,
            pages: None,
            published_on: None,
            publisher: None,
            price_amount: 1299,
            currency: "EUR".into(),
            stock: 1,
            version: 1,
            created_at: crate::store::now(),
            updated_at: crate::store::now(),
        }
    }

    #[test]
    fn cursors_round_trip_in_every_order() {
        let last = row();
        let id = last.id.to_string();
        for (order, expected) in [
            (Order::Relevance, After::Relevance(0.25, id.clone())),
            (
                Order::Title { desc: true },
                After::Title("the hobbit | there and back".into(), id.clone()),
            ),
            (Order::Price { desc: false }, After::Price(1299, id.clone())),
            (
                Order::Created { desc: true },
                After::Created(last.created_at, id.clone()),
            ),
        ] {
            let cursor = encode_cursor(order, &last, Some(0.25));
            assert_eq!(decode_cursor(&cursor, order), Ok(expected));
        }
    }

    #[test]
    fn garbage_and_foreign_cursors_are_refused() {
        let order = Order::Price { desc: false };
        for bad in [
            "",
            "!!",
            "bm90LWEtY3Vyc29y",
            &URL_SAFE_NO_PAD.encode("b1|price|x|1"),
        ] {
            assert!(decode_cursor(bad, order).is_err(), "{bad}");
        }
        let other = encode_cursor(Order::Title { desc: false }, &row(), None);
        assert!(
            decode_cursor(&other, order)
                .unwrap_err()
                .contains("another order")
        );
    }

    #[test]
    fn every_bad_parameter_is_named() {
        let raw = RawBookQuery {
            sort: Some("cheapest".into()),
            limit: Some("101".into()),
            cursor: Some("nope".into()),
            min_price: Some("-1".into()),
            language: Some("english".into()),
            in_stock: Some("maybe".into()),
            author: Some("ada".into()),
            ..RawBookQuery::default()
        };
        let Err(CatalogError::Validation(errors)) = parse(&raw) else {
            panic!("expected a validation error");
        };
        let names: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            names,
            [
                "min_price",
                "in_stock",
                "language",
                "sort",
                "limit",
                "author",
                "cursor"
            ]
        );
        assert!(errors[3].message.contains("relevance, title, -title"));
    }

    #[test]
    fn an_isbn_query_searches_by_isbn_alone() {
        let raw = RawBookQuery {
            q: Some("978-0-261-10357-3".into()),
            ..RawBookQuery::default()
        };
        let parsed = parse(&raw).unwrap();
        assert_eq!(parsed.spec.isbn.as_deref(), Some("9780261103573"));
        assert!(parsed.spec.words.is_empty());
        assert_eq!(parsed.spec.order, Order::Created { desc: true });
    }
}
