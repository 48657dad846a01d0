//! The response cache of `GET /books`: the JSON body of each page, kept in memory under the
//! parsed query, so that the searches readers repeat most (in a bookstore, mostly the
//! expensive ones: a common word ranks every one of thousands of matches) are answered without
//! the database and without serializing again.
//!
//! **Freshness.** A generation counter of this process is part of every key, and every write
//! of catalog content this process serves moves it on when the write ends ([`Writing`]), so the
//! next list request after a change misses and reads the change. Two kinds of change do not
//! move it: stock taken and given back by reservations (orders), which would otherwise empty
//! the cache under load, and writes served by other processes of a split store, which this one
//! never hears of. For both, an entry lives at most the TTL after its query started, which
//! bounds how old a page can be.
//!
//! **Memory.** Entries are weighed in bytes (body, key and bookkeeping) against a budget, and
//! quick_cache evicts by its S3-FIFO policy: a page asked for once goes first, so a burst of
//! one-off searches does not push out the common ones.
//!
//! **No stampede.** When a page is missing or expired, the first request runs the query and the
//! others asking for the same page meanwhile wait for its answer instead of running it too. If
//! that request fails or is abandoned, one of the waiters runs it next.

use std::future::Future;
use std::mem::size_of;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use bookstore_kit::http::Metrics;
use bookstore_kit::http::metrics::ScrapeHook;
use bytes::Bytes;
use chrono::NaiveDateTime;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use quick_cache::Weighter;
use quick_cache::sync::{Cache, EntryAction, EntryResult};
use tokio::time::Instant;

use crate::listing::Parsed;
use crate::store::search::{After, ListSpec, Order};

/// What a cached page costs besides its body and its key's text: the key and entry structs,
/// the table slot, the body's shared header and allocator rounding (an estimate on the high
/// side, so the budget holds).
const ENTRY_OVERHEAD: usize = 64 + size_of::<PageKey>() + size_of::<Entry>();

/// A typical page's weight, to size the cache's tables: 20 books of about 700 bytes.
const TYPICAL_ENTRY: u64 = 16 * 1024;

/// The cache of `GET /books` pages, or nothing when turned off; the generation either way.
pub struct SearchCache {
    generation: AtomicU64,
    pages: Option<Pages>,
}

struct Pages {
    cache: Arc<Cache<PageKey, Entry, ByWeight>>,
    ttl: Duration,
    lookups: Family<OutcomeLabels, Counter>,
}

impl std::fmt::Debug for SearchCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = f.debug_struct("SearchCache");
        s.field("generation", &self.generation());
        if let Some(pages) = &self.pages {
            s.field("ttl", &pages.ttl)
                .field("capacity", &pages.cache.capacity())
                .field("weight", &pages.cache.weight());
        }
        s.finish()
    }
}

/// How a list request was answered, the label of `bookstore_catalog_search_cache_lookups`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// From memory at once.
    Hit,
    /// From memory, after waiting for another request that was running the same query.
    Shared,
    /// By running the query (and keeping its answer).
    Miss,
}

impl Outcome {
    fn label(self) -> &'static str {
        match self {
            Outcome::Hit => "hit",
            Outcome::Shared => "shared",
            Outcome::Miss => "miss",
        }
    }
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

impl SearchCache {
    /// A cache keeping pages for `ttl` within `budget` bytes, its metrics registered in
    /// `metrics`; a zero `ttl` or `budget` turns it off.
    pub fn new(ttl: Duration, budget: u64, metrics: &Metrics) -> SearchCache {
        if ttl.is_zero() || budget == 0 {
            return SearchCache::off();
        }
        let items = usize::try_from(budget / TYPICAL_ENTRY)
            .unwrap_or(usize::MAX)
            .max(1);
        let cache = Arc::new(Cache::with_weighter(items, budget, ByWeight));
        let lookups = Family::<OutcomeLabels, Counter>::default();
        metrics.register(
            "catalog_search_cache_lookups",
            "Book list requests by how the search cache answered: hit, shared (waited for the \
             same query run by another request) or miss (ran the query)",
            lookups.clone(),
        );
        let sizes = Sizes {
            cache: cache.clone(),
            bytes: Gauge::default(),
            entries: Gauge::default(),
        };
        metrics.register(
            "catalog_search_cache_bytes",
            "Bytes the search cache's pages weigh, against its budget",
            sizes.bytes.clone(),
        );
        metrics.register(
            "catalog_search_cache_entries",
            "Pages the search cache holds, fresh or expired",
            sizes.entries.clone(),
        );
        metrics.on_scrape(Arc::new(sizes));
        SearchCache {
            generation: AtomicU64::new(0),
            pages: Some(Pages {
                cache,
                ttl,
                lookups,
            }),
        }
    }

    /// A cache that keeps nothing: every request runs its query.
    pub fn off() -> SearchCache {
        SearchCache {
            generation: AtomicU64::new(0),
            pages: None,
        }
    }

    /// The number of writes of catalog content this process has finished.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Marks the start of a write of catalog content; the pages cached before stop answering
    /// when the returned guard is dropped.
    pub fn write(&self) -> Writing<'_> {
        Writing(self)
    }

    /// The page `parsed` asks for: from memory when it is there and younger than the TTL,
    /// else from `compute`, whose answer is kept (an error is not). Concurrent requests for a
    /// page that is being computed wait for that computation.
    pub async fn page<E, F, Fut>(&self, parsed: Parsed, compute: F) -> Result<Bytes, E>
    where
        F: FnOnce(Parsed) -> Fut,
        Fut: Future<Output = Result<Bytes, E>>,
    {
        let Some(pages) = &self.pages else {
            return compute(parsed).await;
        };
        // Read before the query runs: a write that ends meanwhile moves the generation on, so
        // what this query read is kept under a key no later request asks for.
        let key = PageKey::new(self.generation(), &parsed);
        let now = Instant::now();
        if let Some(entry) = pages.cache.get(&key)
            && entry.expires > now
        {
            pages.count(Outcome::Hit);
            return Ok(entry.body);
        }
        let found = pages
            .cache
            .entry_async(&key, |_, entry| {
                if entry.expires > now {
                    EntryAction::Retain(entry.body.clone())
                } else {
                    EntryAction::ReplaceWithGuard
                }
            })
            .await;
        let guard = match found {
            EntryResult::Retained(body) => {
                pages.count(Outcome::Shared);
                return Ok(body);
            }
            EntryResult::Replaced(guard, _) | EntryResult::Vacant(guard) => guard,
            // Neither can come back: the callback never removes, and only the blocking
            // `entry` times out. Answer without the cache all the same.
            EntryResult::Removed(..) | EntryResult::Timeout => {
                pages.count(Outcome::Miss);
                return compute(parsed).await;
            }
        };
        pages.count(Outcome::Miss);
        let started = Instant::now();
        // An error drops the guard unfilled: a waiting request then runs the query itself.
        let body = compute(parsed).await?;
        let entry = Entry::new(body.clone(), &key, started + pages.ttl);
        // Refused only when the placeholder was cleared meanwhile; the answer stands anyway.
        let _ = guard.insert(entry);
        Ok(body)
    }
}

impl Pages {
    fn count(&self, outcome: Outcome) {
        self.lookups
            .get_or_create(&OutcomeLabels {
                outcome: outcome.label(),
            })
            .inc();
    }
}

/// Held while a write of catalog content runs. Dropping it (the write committed, failed, or
/// was abandoned mid-way) moves the generation on, so no page cached before is served again.
/// Moving it at the end rather than the start matters: a page read during the write, before
/// its commit, is kept under the old generation.
#[must_use = "the generation moves when the guard is dropped: hold it for the whole write"]
pub struct Writing<'a>(&'a SearchCache);

impl Drop for Writing<'_> {
    fn drop(&mut self) {
        self.0.generation.fetch_add(1, Ordering::AcqRel);
    }
}

/// A page's identity: the generation and everything of the parsed query that decides the
/// answer, normalized as `listing::parse` leaves it (`q=Man%20` and `q=man` are one page).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageKey {
    generation: u64,
    words: Vec<String>,
    isbn: Option<String>,
    /// The genre as given, a slug or an id: the same genre by each is two pages, not a wrong one.
    genre: Option<String>,
    author: Option<uuid::Uuid>,
    min_price: Option<i64>,
    max_price: Option<i64>,
    in_stock: bool,
    language: Option<String>,
    order: Order,
    after: Option<Position>,
    limit: u32,
}

/// Where a page starts ([`After`], with the rank as its bits: floats have no `Eq`, and equal
/// bits continue at the same place).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Position {
    Relevance(u64, String),
    Title(String, String),
    Price(i64, String),
    Created(NaiveDateTime, String),
}

impl PageKey {
    fn new(generation: u64, parsed: &Parsed) -> PageKey {
        // Taken apart field by field, with no `..`: a field added to the query must be
        // decided here, or two different queries could share a page.
        let Parsed {
            spec,
            limit,
            genre,
            author,
        } = parsed;
        let ListSpec {
            words,
            isbn,
            // Resolved from `genre` later; the key keeps the genre as asked.
            genre_id: _,
            // The same as `author`, as text.
            author_id: _,
            min_price,
            max_price,
            in_stock,
            language,
            order,
            after,
            // `limit` + 1.
            limit: _,
        } = spec;
        PageKey {
            generation,
            words: words.clone(),
            isbn: isbn.clone(),
            genre: genre.clone(),
            author: *author,
            min_price: *min_price,
            max_price: *max_price,
            in_stock: *in_stock,
            language: language.clone(),
            order: *order,
            after: after.as_ref().map(|after| match after {
                After::Relevance(rank, id) => Position::Relevance(rank.to_bits(), id.clone()),
                After::Title(title, id) => Position::Title(title.clone(), id.clone()),
                After::Price(price, id) => Position::Price(*price, id.clone()),
                After::Created(at, id) => Position::Created(*at, id.clone()),
            }),
            limit: *limit,
        }
    }

    /// The bytes the key's text takes beside the struct.
    fn heap_bytes(&self) -> usize {
        let text = |s: &Option<String>| s.as_ref().map_or(0, String::len);
        let position = match &self.after {
            None => 0,
            Some(Position::Title(title, id)) => title.len() + id.len(),
            Some(
                Position::Relevance(_, id) | Position::Price(_, id) | Position::Created(_, id),
            ) => id.len(),
        };
        self.words
            .iter()
            .map(|w| w.len() + size_of::<String>())
            .sum::<usize>()
            + text(&self.isbn)
            + text(&self.genre)
            + text(&self.language)
            + position
    }
}

/// A cached page: its body, when it stops answering, and what it weighs.
#[derive(Debug, Clone)]
struct Entry {
    body: Bytes,
    expires: Instant,
    weight: u64,
}

impl Entry {
    fn new(body: Bytes, key: &PageKey, expires: Instant) -> Entry {
        let weight = (body.len() + key.heap_bytes() + ENTRY_OVERHEAD) as u64;
        Entry {
            body,
            expires,
            weight,
        }
    }
}

/// Weighs an entry by the bytes it holds (computed once, when it is made: the weigher runs
/// during eviction and must be cheap).
#[derive(Debug, Clone, Copy)]
struct ByWeight;

impl Weighter<PageKey, Entry> for ByWeight {
    fn weight(&self, _: &PageKey, entry: &Entry) -> u64 {
        entry.weight
    }
}

/// The size gauges, read from the cache just before a scrape.
struct Sizes {
    cache: Arc<Cache<PageKey, Entry, ByWeight>>,
    bytes: Gauge,
    entries: Gauge,
}

#[async_trait]
impl ScrapeHook for Sizes {
    async fn refresh(&self) {
        self.bytes
            .set(i64::try_from(self.cache.weight()).unwrap_or(i64::MAX));
        self.entries
            .set(i64::try_from(self.cache.len()).unwrap_or(i64::MAX));
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use super::*;
    use crate::listing::{RawBookQuery, parse};

    fn query(q: &str) -> Parsed {
        parse(&RawBookQuery {
            q: Some(q.to_owned()),
            ..RawBookQuery::default()
        })
        .unwrap()
    }

    fn cache(ttl: Duration, budget: u64) -> SearchCache {
        SearchCache::new(ttl, budget, &Metrics::new("catalog"))
    }

    /// `cache.page` for `q`, counting the queries it runs in `runs`.
    async fn page(cache: &SearchCache, q: &str, runs: &AtomicUsize, body: &str) -> Bytes {
        let body = Bytes::from(body.to_owned());
        cache
            .page(query(q), |_| async {
                runs.fetch_add(1, Ordering::SeqCst);
                Ok::<_, ()>(body)
            })
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn a_page_is_computed_once_until_a_write_ends() {
        let cache = cache(Duration::from_secs(30), 1 << 20);
        let runs = AtomicUsize::new(0);
        assert_eq!(page(&cache, "dune", &runs, "1").await, "1");
        assert_eq!(page(&cache, " DUNE ", &runs, "2").await, "1");
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        let writing = cache.write();
        // A page read while the write runs may not hold it yet: it must not outlive the write.
        assert_eq!(page(&cache, "dune", &runs, "2").await, "1");
        drop(writing);
        assert_eq!(page(&cache, "dune", &runs, "3").await, "3");
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_page_expires_after_the_ttl() {
        let cache = cache(Duration::from_secs(30), 1 << 20);
        let runs = AtomicUsize::new(0);
        page(&cache, "dune", &runs, "1").await;
        tokio::time::advance(Duration::from_secs(29)).await;
        assert_eq!(page(&cache, "dune", &runs, "2").await, "1");
        tokio::time::advance(Duration::from_secs(1)).await;
        assert_eq!(page(&cache, "dune", &runs, "2").await, "2");
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn turned_off_it_runs_every_query() {
        for cache in [
            cache(Duration::ZERO, 1 << 20),
            cache(Duration::from_secs(30), 0),
        ] {
            let runs = AtomicUsize::new(0);
            assert_eq!(page(&cache, "dune", &runs, "1").await, "1");
            assert_eq!(page(&cache, "dune", &runs, "2").await, "2");
            assert_eq!(runs.load(Ordering::SeqCst), 2);
        }
    }

    #[tokio::test]
    async fn errors_are_not_kept() {
        let cache = cache(Duration::from_secs(30), 1 << 20);
        let failed = cache.page(query("dune"), |_| async { Err("down") }).await;
        assert_eq!(failed, Err("down"));
        let runs = AtomicUsize::new(0);
        assert_eq!(page(&cache, "dune", &runs, "1").await, "1");
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_misses_of_one_page_run_one_query() {
        let cache = Arc::new(cache(Duration::from_secs(30), 1 << 20));
        let runs = Arc::new(AtomicUsize::new(0));
        let (release, released) = tokio::sync::watch::channel(false);
        let tasks: Vec<_> = (0..32)
            .map(|_| {
                let (cache, runs, mut released) = (cache.clone(), runs.clone(), released.clone());
                tokio::spawn(async move {
                    cache
                        .page(query("man"), |_| async move {
                            runs.fetch_add(1, Ordering::SeqCst);
                            // Held until every request has asked.
                            released.wait_for(|r| *r).await.unwrap();
                            Ok::<_, ()>(Bytes::from_static(b"page"))
                        })
                        .await
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(200)).await;
        release.send(true).unwrap();
        for task in tasks {
            assert_eq!(task.await.unwrap().unwrap(), "page");
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failed_computation_hands_over_to_one_waiter() {
        let cache = Arc::new(cache(Duration::from_secs(30), 1 << 20));
        let runs = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (cache, runs) = (cache.clone(), runs.clone());
                tokio::spawn(async move {
                    cache
                        .page(query("man"), |_| async move {
                            let n = runs.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            if n == 0 {
                                Err(())
                            } else {
                                Ok(Bytes::from_static(b"page"))
                            }
                        })
                        .await
                })
            })
            .collect();
        let mut answers = Vec::new();
        for task in tasks {
            answers.push(task.await.unwrap());
        }
        assert_eq!(answers.iter().filter(|a| a.is_err()).count(), 1);
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn different_queries_are_different_pages() {
        let queries = [
            "q=dune",
            "q=dune+messiah",
            "q=dun",
            "q=9780441013593",
            "q=dune&sort=title",
            "q=dune&sort=-title",
            "q=dune&sort=price",
            "q=dune&genre=sf",
            "q=dune&genre=fantasy",
            "q=dune&min_price=100",
            "q=dune&max_price=100",
            "q=dune&in_stock=true",
            "q=dune&language=en",
            "q=dune&limit=5",
            "q=dune&author=0190a7f6-8c1e-7000-8000-000000000001",
            "q=dune&author=0190a7f6-8c1e-7000-8000-000000000002",
            "sort=newest",
            "sort=oldest",
        ];
        let keys: Vec<PageKey> = queries
            .iter()
            .map(|q| {
                let raw: RawBookQuery = serde_urlencoded_like(q);
                PageKey::new(0, &parse(&raw).unwrap())
            })
            .collect();
        for (i, a) in keys.iter().enumerate() {
            for (j, b) in keys.iter().enumerate() {
                assert_eq!(i == j, a == b, "{} and {}", queries[i], queries[j]);
            }
        }
        let first = parse(&serde_urlencoded_like("q=dune")).unwrap();
        assert_ne!(PageKey::new(0, &first), PageKey::new(1, &first));
    }

    #[test]
    fn cursors_are_part_of_the_key() {
        use crate::listing::encode_cursor;
        use crate::store::books::BookRow;
        let row = |price| BookRow {
            id: uuid::Uuid::now_v7(),
            isbn: "9780261103573".into(),
            title: "T".into(),
            subtitle: None,
            description: None,
            language: None,
            pages: None,
            published_on: None,
            publisher: None,
            price_amount: price,
            currency: "EUR".into(),
            stock: 1,
            version: 1,
            created_at: crate::store::now(),
            updated_at: crate::store::now(),
        };
        let order = Order::Price { desc: false };
        let at = |cursor: Option<String>| {
            let raw = RawBookQuery {
                sort: Some("price".into()),
                cursor,
                ..RawBookQuery::default()
            };
            PageKey::new(0, &parse(&raw).unwrap())
        };
        let first = at(None);
        let second = at(Some(encode_cursor(order, &row(100), None)));
        let other = at(Some(encode_cursor(order, &row(100), None)));
        assert_ne!(first, second);
        assert_ne!(second, other, "another id");
        let cursor = encode_cursor(order, &row(200), None);
        assert_eq!(at(Some(cursor.clone())), at(Some(format!(" {cursor} "))));
    }

    /// `a=1&b=2` into the raw query, as axum's `Query` would (enough for these tests).
    fn serde_urlencoded_like(query: &str) -> RawBookQuery {
        let mut raw = RawBookQuery::default();
        for pair in query.split('&') {
            let (name, value) = pair.split_once('=').unwrap();
            let value = Some(value.replace('+', " "));
            match name {
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
                other => panic!("unknown parameter {other}"),
            }
        }
        raw
    }

    #[tokio::test]
    async fn the_budget_holds() {
        let budget = 64 * 1024;
        let cache = cache(Duration::from_secs(30), budget);
        let runs = AtomicUsize::new(0);
        let body = "x".repeat(2000);
        for i in 0..500 {
            page(&cache, &format!("word{i}"), &runs, &body).await;
        }
        let pages = cache.pages.as_ref().unwrap();
        assert!(pages.cache.weight() <= budget, "{}", pages.cache.weight());
        assert!(pages.cache.len() > 10, "{}", pages.cache.len());
        assert!(pages.cache.len() < 500);
        // A page too heavy for the budget is answered, not kept.
        let huge = "x".repeat(2 * budget as usize);
        assert_eq!(page(&cache, "huge", &runs, &huge).await.len(), huge.len());
        assert!(pages.cache.weight() <= budget);
    }
}
