//! The book list: full-text search, filters, sort orders and keyset pages, in one query.
//!
//! **Backend-specific SQL, by design.** Full-text search has no common SQL, so this one
//! repository function builds its SQL text per backend (`match` on the `Conn` variant); the
//! filters, sort orders and keyset conditions are the same text on both.
//!
//! - PostgreSQL: `books.search`, a generated `tsvector` over title (weight A), subtitle and
//!   author names (B) and description (D), with a GIN index. Every word of the query is a
//!   prefix (`tolk:*`), so partial words match; `ts_rank` orders by relevance, and a title
//!   match (A) outranks a description match (D). The `english` configuration stems words
//!   (`hobbits` finds `hobbit`) and drops stop words.
//! - SQLite: `books_fts`, an external-content FTS5 table over the same four columns, kept in
//!   sync by triggers; words are prefix queries (`"tolk"*`) and `bm25` with column weights
//!   (10, 5, 5, 1) orders by relevance.
//!
//! Keyset pagination: each sort order ends with the id, and a page continues strictly after
//! the last row's (key, id), so rows inserted meanwhile never shift or repeat a page.
//! PostgreSQL's `ts_rank` depends on the book alone. SQLite's `bm25` weighs words by how rare
//! they are in the whole table, so every score moves as books are added; a relevance page there
//! continues after the last row's score as it is now, computed in the same query, which keeps
//! pages from skipping or repeating books. (Two books can still swap places across a page
//! boundary when added books change their relative scores: rare, and only by a hair.)
//!
//! **Ranking is bounded on PostgreSQL.** Ranking reads every matching row, so a common word
//! costs in proportion to the books it matches (a parallel scan of the whole table at a
//! million books). A relevance-ordered search therefore ranks at most [`RANKED_AT_MOST`] of its
//! matches, the newest (`books_newest` walked backwards, which stops once it has found them):
//! a search matching fewer books is ranked exactly as before, one matching more shows the best
//! of its newest [`RANKED_AT_MOST`], and its pages run through those alone (a book added
//! between two pages can push the oldest of them out). SQLite, the embedded single-process
//! store, ranks every match.

use chrono::NaiveDateTime;
use diesel::backend::Backend;
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, Double, HasSqlType, Nullable, Text, Timestamp};
use diesel::{QueryableByName, sql_types};
use diesel_async::RunQueryDsl;

use super::Conn;
use super::books::BookRow;
use crate::error::CatalogError;

/// Relative weights of the FTS5 columns for `bm25`: title, subtitle, authors, description.
const FTS5_WEIGHTS: &str = "10.0, 5.0, 5.0, 1.0";

/// The most matches a relevance-ordered search ranks on PostgreSQL (the newest of them).
/// Searches matching fewer books, nearly all but the commonest words and shortest prefixes,
/// are not affected.
pub const RANKED_AT_MOST: i64 = 5_000;

/// The order of a list, with its direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Order {
    /// Best match first (only with search words).
    Relevance,
    Title {
        desc: bool,
    },
    Price {
        desc: bool,
    },
    Created {
        desc: bool,
    },
}

/// Where a page starts: just after the row with this sort key and id.
#[derive(Debug, Clone, PartialEq)]
pub enum After {
    Relevance(f64, String),
    Title(String, String),
    Price(i64, String),
    Created(NaiveDateTime, String),
}

/// What one page of `GET /books` asks for, validated.
#[derive(Debug, Clone)]
pub struct ListSpec {
    /// Words to search for: letters and digits only, lower case.
    pub words: Vec<String>,
    /// An exact ISBN-13 (a query that reads as an ISBN searches by it alone).
    pub isbn: Option<String>,
    pub genre_id: Option<String>,
    pub author_id: Option<String>,
    pub min_price: Option<i64>,
    pub max_price: Option<i64>,
    pub in_stock: bool,
    pub language: Option<String>,
    pub order: Order,
    pub after: Option<After>,
    /// Rows to fetch (one more than the page, to know whether another page exists).
    pub limit: i64,
}

/// A listed book and, when ordered by relevance, its score (higher is better).
#[derive(Debug, QueryableByName)]
pub struct Listed {
    #[diesel(embed)]
    pub book: BookRow,
    #[diesel(sql_type = Nullable<Double>)]
    pub rank: Option<f64>,
}

/// A bound value of the query.
#[derive(Debug, Clone)]
enum Bind {
    Text(String),
    BigInt(i64),
    Double(f64),
    Timestamp(NaiveDateTime),
}

/// SQL text and its bound values, with the backend's placeholders (`$n` or `?`).
struct Sql {
    text: String,
    binds: Vec<Bind>,
    postgres: bool,
}

impl Sql {
    fn param(&mut self, value: Bind) -> String {
        self.binds.push(value);
        if self.postgres {
            format!("${}", self.binds.len())
        } else {
            "?".to_owned()
        }
    }

    fn push(&mut self, text: &str) {
        self.text.push_str(text);
    }
}

const COLUMNS: &str = "b.id, b.isbn, b.title, b.subtitle, b.description, b.language, b.pages, \
     b.published_on, b.publisher, b.price_amount, b.currency, b.stock, b.version, \
     b.created_at, b.updated_at";

/// One page of books. See the module doc for what each backend runs.
pub async fn list(conn: &mut Conn<'_>, spec: &ListSpec) -> Result<Vec<Listed>, CatalogError> {
    let postgres = matches!(conn, Conn::Postgres(_));
    let sql = build(spec, postgres);
    Ok(match conn {
        Conn::Postgres(c) => bound(&sql).load(&mut **c).await?,
        Conn::Sqlite(c) => bound(&sql).load(&mut **c).await?,
    })
}

/// The plan of the query [`list`] would run for `spec`, one line per row: `EXPLAIN` on
/// PostgreSQL, `EXPLAIN QUERY PLAN` on SQLite. For the scale test and benchmarks, which check
/// that the hot queries stay on indexes.
pub async fn explain(conn: &mut Conn<'_>, spec: &ListSpec) -> Result<Vec<String>, CatalogError> {
    explain_as(conn, spec, "EXPLAIN").await
}

/// [`explain`], with the query run on PostgreSQL (`EXPLAIN (ANALYZE, BUFFERS)`): the rows,
/// times and pages each step really took, for benchmarks that look for where the time goes.
/// SQLite has no such form and answers as [`explain`] does.
pub async fn explain_analyze(
    conn: &mut Conn<'_>,
    spec: &ListSpec,
) -> Result<Vec<String>, CatalogError> {
    explain_as(conn, spec, "EXPLAIN (ANALYZE, BUFFERS)").await
}

async fn explain_as(
    conn: &mut Conn<'_>,
    spec: &ListSpec,
    pg_explain: &str,
) -> Result<Vec<String>, CatalogError> {
    #[derive(QueryableByName)]
    struct PgLine {
        #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
        line: String,
    }
    #[derive(QueryableByName)]
    struct SqliteLine {
        #[diesel(sql_type = Text)]
        detail: String,
    }
    let postgres = matches!(conn, Conn::Postgres(_));
    let mut sql = build(spec, postgres);
    Ok(match conn {
        Conn::Postgres(c) => {
            sql.text = format!("{pg_explain} {}", sql.text);
            let lines: Vec<PgLine> = bound(&sql).load(&mut **c).await?;
            lines.into_iter().map(|l| l.line).collect()
        }
        Conn::Sqlite(c) => {
            sql.text = format!("EXPLAIN QUERY PLAN {}", sql.text);
            let lines: Vec<SqliteLine> = bound(&sql).load(&mut **c).await?;
            lines.into_iter().map(|l| l.detail).collect()
        }
    })
}

fn build(spec: &ListSpec, postgres: bool) -> Sql {
    let mut sql = Sql {
        text: String::new(),
        binds: Vec::new(),
        postgres,
    };
    let searching = !spec.words.is_empty();
    let relevance = searching && spec.order == Order::Relevance;
    let rank = match (relevance, postgres) {
        (false, _) => "CAST(NULL AS DOUBLE PRECISION)".to_owned(),
        (true, true) => "ts_rank(b.search, q)::float8".to_owned(),
        (true, false) => format!("-bm25(books_fts, {FTS5_WEIGHTS})"),
    };
    if relevance {
        // The rank is a computed column: the keyset condition on it goes outside.
        sql.push("SELECT * FROM (");
    }
    sql.push(&format!("SELECT {COLUMNS}, {rank} AS rank FROM "));
    let mut conditions: Vec<String> = Vec::new();
    match (searching, postgres) {
        (false, _) => sql.push("books b"),
        (true, true) => {
            let query = sql.param(Bind::Text(tsquery(&spec.words)));
            sql.push(&format!("books b, to_tsquery('english', {query}) q"));
            conditions.push("b.search @@ q".into());
        }
        (true, false) => {
            sql.push("books_fts JOIN books b ON b.rid = books_fts.rowid");
            let query = sql.param(Bind::Text(fts5_query(&spec.words)));
            conditions.push(format!("books_fts MATCH {query}"));
        }
    }
    if let Some(isbn) = &spec.isbn {
        conditions.push(format!("b.isbn = {}", sql.param(Bind::Text(isbn.clone()))));
    }
    if let Some(genre) = &spec.genre_id {
        let p = sql.param(Bind::Text(genre.clone()));
        conditions.push(format!(
            "b.id IN (SELECT bg.book_id FROM book_genres bg WHERE bg.genre_id = {p})"
        ));
    }
    if let Some(author) = &spec.author_id {
        let p = sql.param(Bind::Text(author.clone()));
        conditions.push(format!(
            "b.id IN (SELECT ba.book_id FROM book_authors ba WHERE ba.author_id = {p})"
        ));
    }
    if let Some(min) = spec.min_price {
        conditions.push(format!(
            "b.price_amount >= {}",
            sql.param(Bind::BigInt(min))
        ));
    }
    if let Some(max) = spec.max_price {
        conditions.push(format!(
            "b.price_amount <= {}",
            sql.param(Bind::BigInt(max))
        ));
    }
    if spec.in_stock {
        conditions.push("b.stock > 0".into());
    }
    if let Some(language) = &spec.language {
        conditions.push(format!(
            "b.language = {}",
            sql.param(Bind::Text(language.clone()))
        ));
    }

    let (key, desc) = match spec.order {
        Order::Relevance if relevance => ("m.rank", true),
        // Relevance without words has nothing to rank: newest first.
        Order::Relevance => ("b.created_at", true),
        Order::Title { desc } => ("b.title_sort", desc),
        Order::Price { desc } => ("b.price_amount", desc),
        Order::Created { desc } => ("b.created_at", desc),
    };
    let keyset = spec.after.as_ref().map(|after| {
        let (value, id) = match after {
            After::Relevance(v, id) => (Bind::Double(*v), id),
            After::Title(v, id) => (Bind::Text(v.clone()), id),
            After::Price(v, id) => (Bind::BigInt(*v), id),
            After::Created(v, id) => (Bind::Timestamp(*v), id),
        };
        (value, id.clone())
    });
    if !relevance && let Some((value, id)) = &keyset {
        // A row value comparison, which both backends read as "after (key, id) in the sort
        // order", and which PostgreSQL turns into an index range scan.
        let op = if desc { "<" } else { ">" };
        let (v, i) = (sql.param(value.clone()), sql.param(Bind::Text(id.clone())));
        conditions.push(format!("({key}, b.id) {op} ({v}, {i})"));
    }
    if !conditions.is_empty() {
        sql.push(" WHERE ");
        sql.push(&conditions.join(" AND "));
    }
    let limit_param;
    if relevance {
        if postgres {
            // A constant, not a parameter: the planner then weighs walking `books_newest`
            // until enough rows match against ranking every match.
            sql.push(&format!(
                " ORDER BY b.created_at DESC, b.id DESC LIMIT {RANKED_AT_MOST}"
            ));
        } else {
            // SQLite must not flatten the subquery into one that runs bm25() in a WHERE
            // clause, where FTS5 cannot evaluate it; a LIMIT on the subquery prevents that.
            sql.push(" LIMIT -1");
        }
        sql.push(") m");
        if let Some((value, id)) = &keyset {
            let mut anchor = || {
                if postgres {
                    sql.param(value.clone())
                } else {
                    // bm25 weighs words by their rarity in the whole table, so books added
                    // since the last page move every score: compare with the last row's
                    // score now, not the one the cursor recorded (that only if it is gone).
                    let query = sql.param(Bind::Text(fts5_query(&spec.words)));
                    let last = sql.param(Bind::Text(id.clone()));
                    let recorded = sql.param(value.clone());
                    format!(
                        "COALESCE((SELECT -bm25(books_fts, {FTS5_WEIGHTS}) FROM books_fts \
                         WHERE books_fts MATCH {query} AND books_fts.rowid = \
                         (SELECT rid FROM books WHERE id = {last})), {recorded})"
                    )
                }
            };
            let (v1, v2) = (anchor(), anchor());
            let i = sql.param(Bind::Text(id.clone()));
            sql.push(&format!(
                " WHERE (m.rank < {v1} OR (m.rank = {v2} AND m.id > {i}))"
            ));
        }
        limit_param = sql.param(Bind::BigInt(spec.limit));
        sql.push(&format!(
            " ORDER BY m.rank DESC, m.id ASC LIMIT {limit_param}"
        ));
    } else {
        let dir = if desc { "DESC" } else { "ASC" };
        limit_param = sql.param(Bind::BigInt(spec.limit));
        sql.push(&format!(
            " ORDER BY {key} {dir}, b.id {dir} LIMIT {limit_param}"
        ));
    }
    sql
}

/// `tolk:* & hobb:*`: every word must match, as a prefix when it has two letters or more (a
/// one-letter prefix would match nearly everything). Words hold only letters and digits, so
/// nothing in them is tsquery syntax.
fn tsquery(words: &[String]) -> String {
    words
        .iter()
        .map(|w| {
            if w.chars().count() >= 2 {
                format!("{w}:*")
            } else {
                w.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" & ")
}

/// `"tolk"* "hobb"*`: the FTS5 form of [`tsquery`] (space is AND).
fn fts5_query(words: &[String]) -> String {
    words
        .iter()
        .map(|w| {
            if w.chars().count() >= 2 {
                format!("\"{w}\"*")
            } else {
                format!("\"{w}\"")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of a search: runs of letters and digits, lower-cased, at most 16 of them.
pub fn words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().chars().take(64).collect())
        .take(16)
        .collect()
}

/// `%text%` with LIKE's wildcards in `text` escaped, so `q=50%` means a literal percent sign.
pub fn like_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('%');
    out
}

/// The query with its values bound, for whichever backend `DB` is.
fn bound<'a, DB>(sql: &Sql) -> BoxedSqlQuery<'a, DB, SqlQuery>
where
    DB: Backend
        + HasSqlType<Text>
        + HasSqlType<BigInt>
        + HasSqlType<Double>
        + HasSqlType<Timestamp>,
    String: ToSql<Text, DB>,
    i64: ToSql<BigInt, DB>,
    f64: ToSql<Double, DB>,
    NaiveDateTime: ToSql<sql_types::Timestamp, DB>,
{
    let mut query = diesel::sql_query(sql.text.clone()).into_boxed::<DB>();
    for bind in &sql.binds {
        query = match bind.clone() {
            Bind::Text(v) => query.bind::<Text, _>(v),
            Bind::BigInt(v) => query.bind::<BigInt, _>(v),
            Bind::Double(v) => query.bind::<Double, _>(v),
            Bind::Timestamp(v) => query.bind::<Timestamp, _>(v),
        };
    }
    query
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_letters_and_digits_only() {
        assert_eq!(
            words("  Tolkien's  HOBBIT: 1937!"),
            ["tolkien", "s", "hobbit", "1937"]
        );
        assert!(words("&|!:*()'\"").is_empty());
        assert_eq!(tsquery(&words("tolk's hob")), "tolk:* & s & hob:*");
        assert_eq!(fts5_query(&words("tolk hob")), "\"tolk\"* \"hob\"*");
    }

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(like_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    fn spec(order: Order, after: Option<After>) -> ListSpec {
        ListSpec {
            words: vec!["dune".into()],
            isbn: None,
            genre_id: Some("g".into()),
            author_id: None,
            min_price: Some(100),
            max_price: None,
            in_stock: true,
            language: None,
            order,
            after,
            limit: 21,
        }
    }

    #[test]
    fn placeholders_follow_the_backend_and_the_bind_order() {
        let after = After::Price(1299, "id".into());
        let pg = build(
            &spec(Order::Price { desc: true }, Some(after.clone())),
            true,
        );
        assert!(pg.text.contains("to_tsquery('english', $1)"), "{}", pg.text);
        assert!(
            pg.text.contains("(b.price_amount, b.id) < ($4, $5)"),
            "{}",
            pg.text
        );
        assert!(
            pg.text
                .ends_with("ORDER BY b.price_amount DESC, b.id DESC LIMIT $6")
        );
        assert_eq!(pg.binds.len(), 6);
        let lite = build(&spec(Order::Price { desc: true }, Some(after)), false);
        assert!(lite.text.contains("books_fts MATCH ?"), "{}", lite.text);
        assert!(!lite.text.contains('$'));
        assert_eq!(lite.binds.len(), 6);
    }

    #[test]
    fn postgres_ranks_the_newest_matches_at_most() {
        let pg = build(&spec(Order::Relevance, None), true);
        assert!(
            pg.text.contains(&format!(
                "ORDER BY b.created_at DESC, b.id DESC LIMIT {RANKED_AT_MOST}) m"
            )),
            "{}",
            pg.text
        );
        let by_price = build(&spec(Order::Price { desc: false }, None), true);
        assert!(
            !by_price.text.contains("created_at DESC"),
            "{}",
            by_price.text
        );
        let lite = build(&spec(Order::Relevance, None), false);
        assert!(!lite.text.contains("created_at DESC"), "{}", lite.text);
    }

    #[test]
    fn relevance_pages_continue_after_the_rank_outside_the_subquery() {
        let after = After::Relevance(0.5, "id".into());
        let pg = build(&spec(Order::Relevance, Some(after.clone())), true);
        assert!(pg.text.starts_with("SELECT * FROM (SELECT"), "{}", pg.text);
        assert!(
            pg.text
                .contains("(m.rank < $4 OR (m.rank = $5 AND m.id > $6))")
        );
        let lite = build(&spec(Order::Relevance, Some(after)), false);
        assert!(lite.text.contains("-bm25(books_fts"), "{}", lite.text);
        assert!(lite.text.contains("LIMIT -1) m"));
    }
}
