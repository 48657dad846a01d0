//! `bookstore books|authors|genres` against a stand-in gateway with a small in-memory catalog:
//! usage errors, listing, conditional updates, stock, import in batches with good and bad rows,
//! export.

#![expect(clippy::unwrap_used)]

#[allow(dead_code, reason = "the support module is shared with cli.rs")]
mod support;

use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use support::{Gateway, Request, Response, bookstore, problem, respond, run};

const BOOK: &str = "0193a6f0-0000-7000-8000-00000000b001";

/// The catalog behind the stand-in gateway: books as the API shows them.
#[derive(Default)]
struct Catalog {
    books: Vec<Value>,
    created: usize,
    /// A batch with a row for this ISBN is refused as a whole (409).
    refuse: Option<&'static str>,
}

fn id(n: usize) -> String {
    format!("0193a6f0-0000-7000-8000-{n:012}")
}

/// A book as the API shows it, made from a new book's JSON.
fn book_from_new(id: &str, new: &Value) -> Value {
    let mut book = new.clone();
    book["id"] = json!(id);
    set_names(&mut book, new);
    if book.get("stock").is_none() {
        book["stock"] = json!(0);
    }
    book["version"] = json!(1);
    book["created_at"] = json!("2026-11-26T10:00:00Z");
    book["updated_at"] = json!("2026-11-26T10:00:00Z");
    book
}

/// Authors by name and genres by slug, as references.
fn set_names(book: &mut Value, from: &Value) {
    if let Some(authors) = from.get("authors").and_then(Value::as_array) {
        book["authors"] = authors
            .iter()
            .map(|a| json!({"id": id(900), "name": a}))
            .collect();
    }
    if let Some(genres) = from.get("genres").and_then(Value::as_array) {
        book["genres"] = genres
            .iter()
            .map(|g| json!({"id": id(901), "slug": g, "name": g}))
            .collect();
    }
}

fn unknown_genre(new: &Value) -> Option<String> {
    new.get("genres")?
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .find(|g| g.starts_with("no-such"))
        .map(str::to_owned)
}

fn invalid_genre_problem(slug: &str) -> Value {
    json!({
        "type": "urn:bookstore:problem:validation", "title": "Invalid request", "status": 422,
        "detail": "the request has invalid fields",
        "errors": [{"field": "genres", "message": format!("unknown genre {slug}")}],
    })
}

fn invalid_genre(slug: &str) -> Response {
    let mut response = respond(422, &invalid_genre_problem(slug));
    response.1[0].1 = "application/problem+json".into();
    response
}

/// The names of a book's authors, or its genres' slugs in order: what a row compares with.
fn names(book: &Value, key: &str) -> Value {
    let field = if key == "authors" { "name" } else { "slug" };
    let mut names: Vec<Value> = book[key]
        .as_array()
        .map(|list| list.iter().map(|x| x[field].clone()).collect())
        .unwrap_or_default();
    if key == "genres" {
        names.sort_by_key(ToString::to_string);
    }
    Value::Array(names)
}

impl Catalog {
    /// One row of a batch, as the catalog's upsert by ISBN answers it.
    fn upsert(&mut self, index: usize, row: &Value) -> Value {
        if let Some(slug) = unknown_genre(row) {
            return json!({"index": index, "outcome": "failed", "problem": invalid_genre_problem(&slug)});
        }
        let Some(book) = self.books.iter_mut().find(|b| b["isbn"] == row["isbn"]) else {
            self.created += 1;
            let book = book_from_new(&id(self.created), row);
            let item =
                json!({"index": index, "outcome": "created", "book_id": book["id"], "version": 1});
            self.books.push(book);
            return item;
        };
        let mut changed = false;
        for (key, want) in row.as_object().unwrap() {
            let have = match key.as_str() {
                "isbn" | "stock" => continue,
                "authors" | "genres" => names(book, key),
                _ => book.get(key).cloned().unwrap_or(Value::Null),
            };
            let want = match key.as_str() {
                "genres" => {
                    let mut slugs = want.as_array().unwrap().clone();
                    slugs.sort_by_key(ToString::to_string);
                    Value::Array(slugs)
                }
                _ => want.clone(),
            };
            if have != want {
                book[key] = want;
                changed = true;
            }
        }
        set_names(book, row);
        if changed {
            book["version"] = json!(book["version"].as_i64().unwrap() + 1);
        }
        let restocked = row.get("stock").is_some_and(|s| *s != book["stock"]);
        if restocked {
            book["stock"] = row["stock"].clone();
        }
        let outcome = if changed || restocked {
            "updated"
        } else {
            "unchanged"
        };
        json!({"index": index, "outcome": outcome, "book_id": book["id"], "version": book["version"]})
    }

    fn route(&mut self, r: &Request) -> Response {
        let path = r.target.split('?').next().unwrap_or_default();
        let query = r.target.split_once('?').map(|(_, q)| q).unwrap_or("");
        let param = |name: &str| {
            query
                .split('&')
                .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
        };
        let mutation = r.method != "GET";
        if mutation && r.authorization.as_deref() != Some("Bearer admin-token") {
            return problem(401, "missing token");
        }
        let position = |books: &[Value]| {
            let id = path.strip_prefix("/api/v1/books/")?.split('/').next()?;
            books.iter().position(|b| b["id"] == id)
        };
        match (r.method.as_str(), path) {
            ("GET", "/api/v1/books") => {
                // Exact ISBN digits, else the first word in a title.
                let items: Vec<&Value> = match param("q") {
                    Some(q) if q.chars().all(|c| c.is_ascii_digit()) => {
                        self.books.iter().filter(|b| b["isbn"] == q).collect()
                    }
                    Some(q) => {
                        let word = q.split('+').next().unwrap_or_default().to_lowercase();
                        self.books
                            .iter()
                            .filter(|b| b["title"].as_str().unwrap().to_lowercase().contains(&word))
                            .collect()
                    }
                    None => self.books.iter().collect(),
                };
                respond(200, &json!({"items": items, "next_cursor": null}))
            }
            ("POST", "/api/v1/books/batch") => {
                let batch: Value = serde_json::from_str(&r.body).unwrap();
                let rows = batch["books"].as_array().unwrap();
                if let Some(isbn) = self.refuse
                    && rows.iter().any(|row| row["isbn"] == isbn)
                {
                    return problem(409, "other requests created books with this batch's ISBNs");
                }
                let items: Vec<Value> = rows
                    .iter()
                    .enumerate()
                    .map(|(i, row)| self.upsert(i, row))
                    .collect();
                respond(200, &json!({ "items": items }))
            }
            ("POST", "/api/v1/books") => {
                let new: Value = serde_json::from_str(&r.body).unwrap();
                if let Some(slug) = unknown_genre(&new) {
                    return invalid_genre(&slug);
                }
                if self.books.iter().any(|b| b["isbn"] == new["isbn"]) {
                    return problem(409, "a book with this ISBN exists");
                }
                self.created += 1;
                let book = book_from_new(&id(self.created), &new);
                self.books.push(book.clone());
                respond(201, &book)
            }
            ("PATCH" | "DELETE", _) => {
                let Some(i) = position(&self.books) else {
                    return problem(404, "no such book");
                };
                let book = &mut self.books[i];
                let current = format!("\"{}\"", book["version"]);
                match r.header("if-match") {
                    None => return problem(428, "If-Match is required"),
                    Some(v) if v != current => return problem(412, "the book has changed"),
                    Some(_) => {}
                }
                if r.method == "DELETE" {
                    self.books.remove(i);
                    return (204, vec![], String::new());
                }
                let change: Value = serde_json::from_str(&r.body).unwrap();
                if let Some(slug) = unknown_genre(&change) {
                    return invalid_genre(&slug);
                }
                for (key, value) in change.as_object().unwrap() {
                    book[key] = value.clone();
                }
                set_names(book, &change);
                book["version"] = json!(book["version"].as_i64().unwrap() + 1);
                respond(200, book)
            }
            ("PUT", p) if p.ends_with("/stock") => {
                let Some(i) = position(&self.books) else {
                    return problem(404, "no such book");
                };
                let change: Value = serde_json::from_str(&r.body).unwrap();
                let book = &mut self.books[i];
                let stock = book["stock"].as_i64().unwrap();
                let new = match (change.get("set"), change.get("adjust")) {
                    (Some(set), None) => set.as_i64().unwrap(),
                    (None, Some(delta)) => stock + delta.as_i64().unwrap(),
                    _ => return problem(400, "set or adjust"),
                };
                if new < 0 {
                    return problem(409, &format!("only {stock} copies in stock"));
                }
                book["stock"] = json!(new);
                respond(200, book)
            }
            ("GET", _) => match position(&self.books) {
                Some(i) => {
                    let book = &self.books[i];
                    let mut response = respond(200, book);
                    response
                        .1
                        .push(("etag", format!("\"{}\"", book["version"])));
                    response
                }
                None => problem(404, "no such book"),
            },
            _ => problem(404, "no route"),
        }
    }
}

fn catalog(books: Vec<Value>) -> (Gateway, Arc<Mutex<Catalog>>) {
    catalog_with(Catalog {
        created: books.len(),
        books,
        ..Catalog::default()
    })
}

fn catalog_with(catalog: Catalog) -> (Gateway, Arc<Mutex<Catalog>>) {
    let state = Arc::new(Mutex::new(catalog));
    let shared = Arc::clone(&state);
    let gateway = Gateway::start(move |r: &Request| shared.lock().unwrap().route(r));
    (gateway, state)
}

fn dune(version: i64) -> Value {
    book_from_new(
        BOOK,
        &json!({
            "isbn": "9780441013593", "title": "Dune", "authors": ["Frank Herbert"],
            "genres": ["science-fiction"], "language": "en",
            "price": {"amount": 1199, "currency": "EUR"}, "stock": 5,
        }),
    )
    .as_object()
    .map(|o| {
        let mut o = o.clone();
        o.insert("version".into(), json!(version));
        Value::Object(o)
    })
    .unwrap()
}

fn numbers() -> Value {
    book_from_new(
        &id(2),
        &json!({
            "isbn": "9780306406157", "title": "Numbers", "authors": ["Ada"], "genres": [],
            "price": {"amount": 1000, "currency": "EUR"}, "stock": 7,
        }),
    )
}

#[test]
fn bad_input_is_a_usage_error_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let bad_header = dir.path().join("bad.csv");
    std::fs::write(&bad_header, "isbn,title,pubisher\n").unwrap();
    let bad_json = dir.path().join("bad.json");
    std::fs::write(
        &bad_json,
        r#"{"isbn":"9780306406158","title":"X","price":{"amount":1,"currency":"EUR"}}"#,
    )
    .unwrap();
    let add = |extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = [
            "books",
            "add",
            "--title",
            "T",
            "--isbn",
            "9780306406157",
            "--price",
            "1.00",
            "--currency",
            "EUR",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        for pair in extra.chunks(2) {
            let i = args.iter().position(|a| a == pair[0]);
            match i {
                Some(i) => args[i + 1] = pair[1].to_owned(),
                None => args.extend(pair.iter().map(|s| (*s).to_owned())),
            }
        }
        args
    };
    let s = |args: &[&str]| -> Vec<String> { args.iter().map(|a| (*a).to_owned()).collect() };
    let cases: Vec<(Vec<String>, &str)> = vec![
        (add(&["--isbn", "9780306406158"]), "invalid check digit"),
        (add(&["--isbn", "12345"]), "is not an ISBN"),
        (add(&["--price", "-1"]), "is negative"),
        (
            add(&["--price", "1.5", "--currency", "JPY"]),
            "JPY amounts have no decimals",
        ),
        (add(&["--currency", "XYZ"]), "unknown currency `XYZ`"),
        (add(&["--title", ""]), "must not be empty"),
        (add(&["--stock", "-2"]), "-2"),
        (
            s(&["books", "add", "--title", "T"]),
            "books add needs --isbn, --price, --currency",
        ),
        (s(&["books", "list", "--limit", "101"]), "101"),
        (s(&["books", "list", "--sort", "popularity"]), "popularity"),
        (
            s(&["books", "list", "--cursor", "not a cursor"]),
            "not a cursor",
        ),
        (
            s(&["books", "search", "dune", "--genre", "Sci Fi"]),
            "not a genre slug",
        ),
        (
            s(&["books", "list", "--min-price", "20", "--max-price", "10"]),
            "--min-price is above --max-price",
        ),
        (s(&["books", "stock", BOOK, "-1"]), "-1"),
        (
            s(&["books", "update", BOOK, "--title", "X", "--currency", "USD"]),
            "--currency goes with --price",
        ),
        (
            s(&["books", "import", "books.txt"]),
            "cannot tell the format of books.txt",
        ),
        (
            s(&["books", "import", bad_header.to_str().unwrap()]),
            "unknown column `pubisher`",
        ),
        (
            s(&["books", "add", "--from-json", bad_json.to_str().unwrap()]),
            "isbn: invalid check digit",
        ),
        (s(&["authors", "update", BOOK]), "required"),
        (
            s(&["genres", "add", "--name", "X", "--slug", "a b"]),
            "not a genre slug",
        ),
    ];
    for (args, needle) in cases {
        // Port 9: nothing listens, so anything sent would fail with exit 1.
        let r = run(bookstore(dir.path(), "http://127.0.0.1:9", "admin-token").args(&args));
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}");
        assert!(r.stderr.contains(needle), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn usage_errors_found_by_the_command_are_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(
        bookstore(dir.path(), "http://127.0.0.1:9", "admin-token").args([
            "books",
            "add",
            "--title",
            "T",
            "--isbn",
            "978-0-306-40615-7",
            "--price",
            "1.5",
            "--currency",
            "JPY",
        ]),
    );
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (2, "bookstore: --price: JPY amounts have no decimals\n")
    );
}

#[test]
fn list_search_and_show() {
    let (gateway, _) = catalog(vec![dune(2), numbers()]);
    let dir = tempfile::tempdir().unwrap();
    let cmd = || bookstore(dir.path(), &gateway.url, "admin-token");

    let r = run(cmd().args([
        "books",
        "list",
        "--genre",
        "science-fiction",
        "--sort",
        "-price",
        "--min-price",
        "9.99",
        "--max-price",
        "20",
        "--in-stock",
        "--limit",
        "2",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "ID                                    TITLE    AUTHORS        PRICE      STOCK"
    );
    assert_eq!(
        lines[1],
        format!("{BOOK}  Dune     Frank Herbert  11.99 EUR  5")
    );

    let r = run(cmd().args(["books", "search", "dune messiah", "-o", "json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(page["items"][0]["price"]["amount"], 1199);
    assert_eq!(page["next_cursor"], Value::Null);

    let r = run(cmd().args(["books", "list", "--all", "-o", "yaml"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("next_cursor: null"), "{}", r.stdout);

    let r = run(cmd().args(["books", "show", BOOK]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let row = |name: &str| {
        r.stdout
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(row("Price"), "11.99 EUR", "{}", r.stdout);
    assert_eq!(row("Version"), "2", "{}", r.stdout);
    let r = run(cmd().args(["books", "show", "0193a6f0-0000-7000-8000-0000000000ff"]));
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (4, "bookstore: no such book\n")
    );

    let seen = gateway.requests();
    assert_eq!(
        seen[0].target,
        "/api/v1/books?genre=science-fiction&min_price=999&max_price=2000&in_stock=true&sort=-price&limit=2"
    );
    assert_eq!(seen[1].target, "/api/v1/books?q=dune+messiah");
    assert_eq!(seen[0].authorization, None, "reads are anonymous");
}

#[test]
fn an_api_400_is_a_usage_error() {
    let gateway = Gateway::start(|_: &Request| problem(400, "malformed cursor"));
    let dir = tempfile::tempdir().unwrap();
    let r = run(bookstore(dir.path(), &gateway.url, "admin-token")
        .args(["books", "list", "--cursor", "zzz"]));
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (2, "bookstore: malformed cursor\n")
    );
}

#[test]
fn update_sends_if_match_and_a_stale_version_exits_5() {
    let (gateway, state) = catalog(vec![dune(3)]);
    let dir = tempfile::tempdir().unwrap();
    let cmd = || bookstore(dir.path(), &gateway.url, "admin-token");

    // Someone else has moved the book on to version 4 since the caller read version 3.
    let r = run(cmd().args([
        "books",
        "update",
        BOOK,
        "--title",
        "Dune (new)",
        "--expect-version",
        "2",
    ]));
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!(
            "bookstore: someone else changed book {BOOK} since version 2; nothing was changed \
             (look at it with `bookstore books show {BOOK}` and try again)\n"
        )
    );
    assert_eq!(state.lock().unwrap().books[0]["title"], "Dune");

    // Without --expect-version the current version is read first; the price keeps its
    // currency.
    let r = run(cmd().args([
        "books",
        "update",
        BOOK,
        "--price",
        "13.5",
        "--clear-subtitle",
        "--author",
        "F. Herbert",
        "-o",
        "json",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let book: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(book["version"], 4);
    assert_eq!(book["price"], json!({"amount": 1350, "currency": "EUR"}));
    assert!(
        r.stderr.contains("Updated Dune (now version 4)."),
        "{}",
        r.stderr
    );

    let seen = gateway.requests();
    assert_eq!(seen[0].method, "PATCH");
    assert_eq!(seen[0].header("if-match"), Some("\"2\""));
    assert_eq!(seen[0].authorization.as_deref(), Some("Bearer admin-token"));
    assert_eq!(seen[1].method, "GET");
    assert_eq!(seen[2].header("if-match"), Some("\"3\""));
    assert_eq!(
        seen[2].body,
        r#"{"subtitle":null,"authors":["F. Herbert"],"price":{"amount":1350,"currency":"EUR"}}"#
    );

    // Delete sends the version it is given, or the one it reads.
    let r = run(cmd().args(["books", "delete", BOOK, "--expect-version", "1"]));
    assert_eq!(r.code, 5, "{}", r.stderr);
    let r = run(cmd().args(["books", "delete", BOOK]));
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (0, format!("Deleted Dune ({BOOK}).\n").as_str())
    );
    assert!(state.lock().unwrap().books.is_empty());
    let seen = gateway.requests();
    let deletes: Vec<Option<&str>> = seen
        .iter()
        .filter(|r| r.method == "DELETE")
        .map(|r| r.header("if-match"))
        .collect();
    assert_eq!(deletes, [Some("\"1\""), Some("\"4\"")]);
}

#[test]
fn stock_is_set_or_adjusted_and_never_below_zero() {
    let (gateway, _) = catalog(vec![dune(1)]);
    let dir = tempfile::tempdir().unwrap();
    let cmd = || bookstore(dir.path(), &gateway.url, "admin-token");
    let r = run(cmd().args(["books", "stock", BOOK, "12", "-o", "json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let book: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(book["stock"], 12);
    let r = run(cmd().args(["-q", "books", "stock", BOOK, "--adjust", "-3"]));
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let r = run(cmd().args(["books", "stock", BOOK, "--adjust", "-10"]));
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (5, "bookstore: only 9 copies in stock\n")
    );
    let bodies: Vec<String> = gateway.requests().into_iter().map(|r| r.body).collect();
    assert_eq!(
        bodies,
        [r#"{"set":12}"#, r#"{"adjust":-3}"#, r#"{"adjust":-10}"#]
    );
}

const IMPORT: &str = "\
isbn,title,authors,genres,price,currency,stock
978-0-441-01359-3,Dune,Frank Herbert,science-fiction,12.99,EUR,6
9780306406157,Numbers,Ada,,10.00,EUR,
9780306406158,Bad check digit,,,1.00,EUR,1
9780140449136,\"Crime and Punishment, new\",Fyodor Dostoevsky,no-such-genre,9.50,EUR,2
9780804429573,The Left Hand of Darkness,\"Le Guin, Ursula K.\",science-fiction;classics,8.00,EUR,3
9784101092058,Kokoro,Natsume Sōseki,,1500,JPY,
";

#[test]
fn import_upserts_good_rows_reports_bad_ones_and_exits_1() {
    let (gateway, state) = catalog(vec![dune(2), numbers()]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("books.csv");
    std::fs::write(&file, IMPORT).unwrap();
    let r = run(bookstore(dir.path(), &gateway.url, "admin-token")
        .args(["books", "import"])
        .arg(&file));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let mut lines: Vec<&str> = r.stderr.lines().collect();
    let last = lines.split_off(lines.len() - 2);
    assert_eq!(
        last,
        [
            "created 2, updated 1, unchanged 1, failed 2",
            "bookstore: 2 of 6 rows failed"
        ]
    );
    lines.sort_unstable();
    assert_eq!(
        lines,
        [
            "line 4: isbn: invalid check digit",
            "line 5: the request has invalid fields; genres: unknown genre no-such-genre",
        ]
    );

    let catalog = state.lock().unwrap();
    let by_isbn = |isbn: &str| catalog.books.iter().find(|b| b["isbn"] == isbn).unwrap();
    let dune = by_isbn("9780441013593");
    assert_eq!(dune["price"]["amount"], 1299);
    assert_eq!(dune["stock"], 6);
    assert_eq!(dune["version"], 3);
    assert_eq!(dune["language"], "en", "a column the file lacks is kept");
    assert_eq!(
        by_isbn("9780306406157")["stock"],
        7,
        "an empty stock is left alone"
    );
    let le_guin = by_isbn("9780804429573");
    assert_eq!(le_guin["authors"][0]["name"], "Le Guin, Ursula K.");
    assert_eq!(le_guin["stock"], 3);
    assert_eq!(
        by_isbn("9784101092058")["price"],
        json!({"amount": 1500, "currency": "JPY"})
    );
    assert_eq!(catalog.books.len(), 4);
    drop(catalog);

    // One request for the five good rows; the bad one never left.
    let seen = gateway.requests();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(
        (seen[0].method.as_str(), seen[0].target.as_str()),
        ("POST", "/api/v1/books/batch")
    );
    assert_eq!(seen[0].authorization.as_deref(), Some("Bearer admin-token"));
    let body: Value = serde_json::from_str(&seen[0].body).unwrap();
    let rows = body["books"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    assert_eq!(
        rows[0],
        json!({"isbn": "9780441013593", "title": "Dune", "authors": ["Frank Herbert"],
               "genres": ["science-fiction"], "price": {"amount": 1299, "currency": "EUR"},
               "stock": 6}),
        "only the file's columns; the stock when given"
    );
    assert!(rows[1].get("stock").is_none(), "{}", rows[1]);
}

#[test]
fn import_maps_every_batch_back_to_the_file_lines() {
    let (gateway, state) = catalog_with(Catalog {
        books: vec![dune(2), numbers()],
        created: 2,
        // Refused as a whole: both rows of its batch (lines 5 and 6) fail, the other
        // batches go through.
        refuse: Some("9780804429573"),
    });
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("books.csv");
    std::fs::write(&file, IMPORT).unwrap();
    let r = run(bookstore(dir.path(), &gateway.url, "admin-token")
        .args([
            "books",
            "import",
            "--batch-size",
            "2",
            "--concurrency",
            "3",
            "-o",
            "json",
        ])
        .arg(&file));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    let counts: Vec<&Value> = ["created", "updated", "unchanged", "failed"]
        .iter()
        .map(|k| &report[*k])
        .collect();
    assert_eq!(counts, [1, 1, 1, 3], "{}", r.stdout);
    let errors: Vec<(u64, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["line"].as_u64().unwrap(), e["reason"].as_str().unwrap()))
        .collect();
    let refused = "other requests created books with this batch's ISBNs";
    assert_eq!(
        errors,
        [(4, "isbn: invalid check digit"), (5, refused), (6, refused)],
        "sorted by line"
    );
    assert!(
        r.stderr.contains(&format!("line 6: {refused}")),
        "{}",
        r.stderr
    );
    let catalog = state.lock().unwrap();
    assert_eq!(catalog.books.len(), 3);
    assert!(catalog.books.iter().any(|b| b["isbn"] == "9784101092058"));
    drop(catalog);

    let seen = gateway.requests();
    let mut sizes: Vec<usize> = seen
        .iter()
        .filter(|r| r.target == "/api/v1/books/batch")
        .map(|r| {
            let body: Value = serde_json::from_str(&r.body).unwrap();
            body["books"].as_array().unwrap().len()
        })
        .collect();
    sizes.sort_unstable();
    assert_eq!(sizes, [1, 2, 2]);
}

#[test]
fn an_export_reimports_unchanged() {
    let (gateway, state) = catalog(vec![dune(2), numbers()]);
    let dir = tempfile::tempdir().unwrap();
    let cmd = || bookstore(dir.path(), &gateway.url, "admin-token");
    // JSON Lines from standard input, the format told by the content; the report on stdout.
    let jsonl = "{\"isbn\":\"9780804429573\",\"title\":\"The Left Hand of Darkness\",\"subtitle\":\"A novel, \\\"50th\\\" edition\",\"description\":\"Winter.\\nGethen.\",\"authors\":[\"Ursula K. Le Guin\"],\"genres\":[\"science-fiction\"],\"language\":\"en\",\"pages\":304,\"published_on\":\"1969-03-01\",\"publisher\":\"Ace\",\"price\":{\"amount\":899,\"currency\":\"USD\"},\"stock\":2}\n";
    let r = run(cmd()
        .args(["books", "import", "-", "-o", "json"])
        .write_stdin(jsonl));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(report["created"], 1);
    assert_eq!(report["errors"], json!([]));

    for (name, format) in [("all.csv", "csv"), ("all.jsonl", "jsonl")] {
        let file = dir.path().join(name);
        let r = run(cmd().args(["books", "export"]).arg(&file));
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(
            r.stderr,
            format!("Exported 3 books to {}.\n", file.display())
        );
        assert!(!dir.path().join(format!("{name}.partial")).exists());
        let text = std::fs::read_to_string(&file).unwrap();
        if format == "csv" {
            assert!(text.starts_with("isbn,title,subtitle,description,authors,genres,"));
        }
        let r = run(cmd().args(["books", "import"]).arg(&file));
        assert_eq!(
            (r.code, r.stderr.as_str()),
            (0, "created 0, updated 0, unchanged 3, failed 0\n"),
            "{format}"
        );
    }
    let r = run(cmd().args(["books", "export", "--format", "jsonl"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 3);
    assert!(
        r.stdout
            .contains(r#""price":{"amount":899,"currency":"USD"}"#)
    );

    let seen = gateway.requests();
    let exports: Vec<&Request> = seen
        .iter()
        .filter(|r| r.target.starts_with("/api/v1/books?sort="))
        .collect();
    assert_eq!(exports[0].target, "/api/v1/books?sort=oldest&limit=100");
    assert!(
        !seen
            .iter()
            .any(|r| r.method == "PATCH" || r.method == "PUT")
    );
    assert_eq!(state.lock().unwrap().books.len(), 3);
}

#[test]
fn a_dry_run_sends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("books.csv");
    std::fs::write(&file, IMPORT).unwrap();
    let r = run(bookstore(dir.path(), "http://127.0.0.1:9", "admin-token")
        .args(["books", "import", "--dry-run"])
        .arg(&file));
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "line 4: isbn: invalid check digit\n\
         valid 5, failed 1 (a dry run: nothing was sent)\n\
         bookstore: 1 of 6 rows failed\n"
    );
}

#[test]
fn an_import_without_login_or_gateway_stops_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("books.csv");
    std::fs::write(&file, IMPORT).unwrap();
    let mut cmd = bookstore(dir.path(), "http://127.0.0.1:9", "admin-token");
    cmd.env_remove("BOOKSTORE_TOKEN");
    let r = run(cmd.args(["books", "import"]).arg(&file));
    assert_eq!(r.code, 3, "{}", r.stderr);

    let r = run(bookstore(dir.path(), "http://127.0.0.1:9", "admin-token")
        .args(["-q", "books", "import"])
        .arg(&file));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stderr);
    assert_eq!(lines[0], "line 4: isbn: invalid check digit");
    assert!(
        lines[1].starts_with(
            "bookstore: import stopped at line 2, 5 rows not imported: cannot reach http://127.0.0.1:9/"
        ),
        "{}",
        r.stderr
    );

    // A token the catalog refuses: every row would fail alike, so the import stops.
    let (gateway, state) = catalog(vec![]);
    let r = run(bookstore(dir.path(), &gateway.url, "admin-token")
        .env("BOOKSTORE_TOKEN", "not-an-admin")
        .args(["books", "import", "--concurrency", "1"])
        .arg(&file));
    assert_eq!(r.code, 3, "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        lines,
        [
            "line 4: isbn: invalid check digit",
            "created 0, updated 0, unchanged 0, failed 1",
            "bookstore: import stopped at line 2, 5 rows not imported: missing token \
             (run `bookstore auth login`)",
        ]
    );
    assert!(state.lock().unwrap().books.is_empty());
    let posts = gateway
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 1);
}

#[test]
fn authors_and_genres() {
    let gateway = Gateway::start(|r: &Request| {
        let author = json!({"id": id(7), "name": "Ursula K. Le Guin", "book_count": 2,
            "created_at": "2026-11-26T10:00:00Z", "updated_at": "2026-11-26T10:00:00Z"});
        match (r.method.as_str(), r.target.as_str()) {
            ("GET", "/api/v1/authors?q=guin") => {
                respond(200, &json!({"items": [author], "next_cursor": "n2"}))
            }
            ("POST", "/api/v1/authors") => respond(201, &author),
            ("DELETE", _) if r.target.starts_with("/api/v1/authors/") => {
                problem(409, "2 books name this author")
            }
            ("GET", "/api/v1/genres") => respond(
                200,
                &json!({"items": [{"id": id(8), "slug": "poetry", "name": "Poetry", "book_count": 3}],
                        "next_cursor": null}),
            ),
            ("DELETE", "/api/v1/genres/poetry") => (204, vec![], String::new()),
            _ => problem(404, "no route"),
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let cmd = || bookstore(dir.path(), &gateway.url, "admin-token");
    let r = run(cmd().args(["authors", "list", "--q", "guin"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!(
            "ID                                    NAME               BOOKS\n{}  Ursula K. Le Guin  2\n",
            id(7)
        )
    );
    assert_eq!(
        r.stderr,
        "More authors: add --cursor n2, or --all for every page.\n"
    );
    let r = run(cmd().args([
        "authors",
        "add",
        "--name",
        "Ursula K. Le Guin",
        "-o",
        "json",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(cmd().args(["authors", "delete", &id(7)]));
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (5, "bookstore: 2 books name this author\n")
    );
    let r = run(cmd().args(["genres", "list"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("SLUG    NAME    BOOKS  ID\npoetry  Poetry  3 "),
        "{}",
        r.stdout
    );
    let r = run(cmd().args(["genres", "delete", "poetry"]));
    assert_eq!((r.code, r.stderr.as_str()), (0, "Deleted genre poetry.\n"));
}
