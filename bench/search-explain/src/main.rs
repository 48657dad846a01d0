//! The plans behind `GET /books`, for `bench/search.sh`.
//!
//! Each shape is given as the query string a client would send (`"search=q=life"`,
//! `"genre by price=q=war&genre=fantasy&sort=price"`). It goes through the catalog's own
//! parser (`listing::parse`) and genre lookup, so the plan is of the very SQL the service runs
//! for that request, not of a hand-written copy. `page=2` in a query string asks for the page
//! after the first: the first page is listed and its cursor used, as a client following
//! `next_cursor` would.
//!
//! Prints each plan as markdown on stdout. Exits with 2 when a plan reads `books` with a
//! sequential scan, so the benchmark stops there.

use anyhow::{Context, bail};
use bookstore_catalog::listing::{self, RawBookQuery};
use bookstore_catalog::store::search::{self, ListSpec};
use bookstore_catalog::store::{Conn, genres};
use bookstore_kit::db::{Db, DbError};
use clap::Parser;

/// Prints the plan of each list request on a catalog's PostgreSQL database.
#[derive(Debug, Parser)]
struct Args {
    /// The catalog's database.
    #[arg(long, env = "BOOKSTORE_CATALOG_DATABASE_URL")]
    database_url: String,
    /// Run each query too: `EXPLAIN (ANALYZE, BUFFERS)`, with real rows, times and pages.
    #[arg(long)]
    analyze: bool,
    /// `NAME=QUERY`: a name for the report and the query string of `GET /books`.
    #[arg(required = true)]
    shapes: Vec<String>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let db = Db::connect(&args.database_url, 1)
        .await
        .context("connecting to the catalog database")?;
    let mut sequential = Vec::new();
    for shape in &args.shapes {
        let Some((name, query)) = shape.split_once('=') else {
            bail!("`{shape}` is not NAME=QUERY");
        };
        let plan = plan(&db, query, args.analyze)
            .await
            .with_context(|| format!("explaining `{name}` ({query})"))?;
        let text = plan.join("\n");
        if text.lines().any(scans_books) {
            sequential.push(name.to_owned());
        }
        println!("#### {name}: `GET /books?{query}`\n\n```text\n{text}\n```\n");
    }
    if !sequential.is_empty() {
        eprintln!(
            "search-explain: a sequential scan of books in: {}",
            sequential.join(", ")
        );
        std::process::exit(2);
    }
    Ok(())
}

/// `Seq Scan on books b`, and not `book_genres` or the like.
fn scans_books(line: &str) -> bool {
    line.split("Seq Scan on ")
        .skip(1)
        .any(|rest| rest.split_whitespace().next() == Some("books"))
}

async fn plan(db: &Db, query: &str, analyze: bool) -> anyhow::Result<Vec<String>> {
    let (raw, second_page) = raw_query(query);
    let mut parsed = listing::parse(&raw).map_err(|e| anyhow::anyhow!("{e}"))?;
    let lines: Result<anyhow::Result<Vec<String>>, DbError> = async {
        Ok(bookstore_kit::with_conn!(db, |c| {
            let mut conn = Conn::from(&mut *c);
            explain_on(&mut conn, &raw, &mut parsed, second_page, analyze).await
        }))
    }
    .await;
    lines?
}

async fn explain_on(
    conn: &mut Conn<'_>,
    raw: &RawBookQuery,
    parsed: &mut listing::Parsed,
    second_page: bool,
    analyze: bool,
) -> anyhow::Result<Vec<String>> {
    if let Some(genre) = &parsed.genre {
        let found = genres::find(conn, genre)
            .await?
            .with_context(|| format!("there is no genre `{genre}`"))?;
        parsed.spec.genre_id = Some(found.id.to_string());
    }
    let spec: ListSpec = if second_page {
        let first = search::list(conn, &parsed.spec).await?;
        let Some(last) = first.get(parsed.limit as usize - 1) else {
            bail!("the first page is the only one");
        };
        let cursor = listing::encode_cursor(parsed.spec.order, &last.book, last.rank);
        let next = RawBookQuery {
            cursor: Some(cursor),
            ..clone_raw(raw)
        };
        let mut next = listing::parse(&next).map_err(|e| anyhow::anyhow!("{e}"))?;
        next.spec.genre_id = parsed.spec.genre_id.clone();
        next.spec
    } else {
        parsed.spec.clone()
    };
    Ok(if analyze {
        search::explain_analyze(conn, &spec).await?
    } else {
        search::explain(conn, &spec).await?
    })
}

/// The query string as `GET /books` receives it, and whether it asked for the second page.
fn raw_query(query: &str) -> (RawBookQuery, bool) {
    let mut raw = RawBookQuery::default();
    let mut second_page = false;
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        let value = Some(value.into_owned());
        match key.as_ref() {
            "q" => raw.q = value,
            "genre" => raw.genre = value,
            "author" => raw.author = value,
            "min_price" => raw.min_price = value,
            "max_price" => raw.max_price = value,
            "in_stock" => raw.in_stock = value,
            "language" => raw.language = value,
            "sort" => raw.sort = value,
            "limit" => raw.limit = value,
            "cursor" => raw.cursor = value,
            "page" => second_page = value.as_deref() == Some("2"),
            _ => {}
        }
    }
    (raw, second_page)
}

fn clone_raw(raw: &RawBookQuery) -> RawBookQuery {
    RawBookQuery {
        q: raw.q.clone(),
        genre: raw.genre.clone(),
        author: raw.author.clone(),
        min_price: raw.min_price.clone(),
        max_price: raw.max_price.clone(),
        in_stock: raw.in_stock.clone(),
        language: raw.language.clone(),
        sort: raw.sort.clone(),
        limit: raw.limit.clone(),
        cursor: raw.cursor.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_books_itself_counts_as_a_scan_of_books() {
        assert!(scans_books(
            "  ->  Seq Scan on books b  (cost=0.00..9341.67 rows=16933)"
        ));
        assert!(scans_books("Seq Scan on books"));
        assert!(!scans_books("  ->  Seq Scan on book_genres bg"));
        assert!(!scans_books("  ->  Bitmap Heap Scan on books b"));
    }

    #[test]
    fn query_strings_read_like_the_service_reads_them() {
        let (raw, second) = raw_query("q=war+and%20peace&genre=fantasy&sort=price&page=2");
        assert_eq!(raw.q.as_deref(), Some("war and peace"));
        assert_eq!(raw.genre.as_deref(), Some("fantasy"));
        assert_eq!(raw.sort.as_deref(), Some("price"));
        assert!(second);
        assert!(!raw_query("sort=newest").1);
    }
}
