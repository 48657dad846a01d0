//! End to end, the catalog: a real embedded `bookstored` with its demo data, browsed by a
//! customer and managed by an admin through the real `bookstore` CLI.

mod support;

use support::{Cli, bookstored};

const ADMIN_EMAIL: &str = "admin@example.com";
const ADMIN_PASSWORD: &str = "Admin-password-2026";

fn items(run: &support::Run) -> Vec<serde_json::Value> {
    let json = run.json();
    json.as_array()
        .or_else(|| json["items"].as_array())
        .cloned()
        .unwrap_or_else(|| panic!("a list: {json}"))
}

#[test]
#[expect(clippy::unwrap_used)]
fn shoppers_browse_the_demo_catalog_and_admins_manage_it() {
    let data = tempfile::tempdir().unwrap();
    let daemon = bookstored(data.path())
        .env("BOOKSTORE_ADMIN_EMAIL", ADMIN_EMAIL)
        .env("BOOKSTORE_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .start();
    assert!(
        daemon.stdout.join("\n").contains("Seeded a demo catalog"),
        "{:?}",
        daemon.stdout
    );

    // Anyone may browse, without logging in.
    let shopper = Cli::new(daemon.gateway());
    let all = shopper.run(&["-o", "json", "books", "list", "--all"]);
    all.success();
    assert!(items(&all).len() >= 200, "at least 200 demo books");
    let genres = shopper.run(&["-o", "json", "genres", "list"]);
    genres.success();
    assert!(items(&genres).len() >= 12, "at least 12 genres");

    let found = shopper.run(&["-o", "json", "books", "search", "dune herbert"]);
    found.success();
    let found = items(&found);
    assert_eq!(found[0]["title"], "Dune", "{found:?}");

    let cheap = shopper.run(&[
        "-o",
        "json",
        "books",
        "list",
        "--genre",
        "science-fiction",
        "--max-price",
        "10",
        "--sort",
        "price",
    ]);
    cheap.success();
    let prices: Vec<i64> = items(&cheap)
        .iter()
        .map(|b| b["price"]["amount"].as_i64().unwrap())
        .collect();
    assert!(prices.iter().all(|p| *p <= 1000), "{prices:?}");
    assert!(
        prices.windows(2).all(|w| w[0] <= w[1]),
        "sorted by price: {prices:?}"
    );

    let unknown = shopper.run(&["books", "list", "--genre", "no-such-genre"]);
    assert_eq!(unknown.code, 2, "{unknown:?}");
    assert!(unknown.stderr.contains("no-such-genre"), "{unknown:?}");

    // Only admins change the catalog.
    shopper
        .run_with_stdin(
            &[
                "auth",
                "register",
                "--email",
                "reader@example.com",
                "--name",
                "Reader",
                "--password-stdin",
            ],
            "a long enough password\n",
        )
        .success();
    let refused = shopper.run(&[
        "books",
        "add",
        "--title",
        "Mine",
        "--isbn",
        "9780131103627",
        "--price",
        "1",
        "--currency",
        "EUR",
        "--stock",
        "1",
    ]);
    assert_eq!(refused.code, 3, "{refused:?}");

    let admin = Cli::new(daemon.gateway());
    admin
        .run_with_stdin(
            &["auth", "login", "--email", ADMIN_EMAIL, "--password-stdin"],
            ADMIN_PASSWORD,
        )
        .success();
    let added = admin.run(&[
        "-o",
        "json",
        "books",
        "add",
        "--title",
        "The Rust Programming Language",
        "--isbn",
        "978-1-7185-0310-6",
        "--price",
        "39.95",
        "--currency",
        "EUR",
        "--stock",
        "3",
        "--author",
        "Steve Klabnik",
        "--author",
        "Carol Nichols",
        "--genre",
        "programming",
    ]);
    added.success();
    let book = added.json();
    assert_eq!(
        book["price"],
        serde_json::json!({"amount": 3995, "currency": "EUR"})
    );
    let id = book["id"].as_str().unwrap().to_owned();

    let again = admin.run(&[
        "books",
        "add",
        "--title",
        "Again",
        "--isbn",
        "9781718503106",
        "--price",
        "1",
        "--currency",
        "EUR",
        "--stock",
        "1",
    ]);
    assert_eq!(again.code, 5, "a duplicate ISBN is a conflict: {again:?}");

    admin.run(&["books", "stock", &id, "0"]).success();
    let below = admin.run(&["books", "stock", &id, "--adjust", "-1"]);
    assert_eq!(below.code, 5, "stock never goes below zero: {below:?}");
    let in_stock = shopper.run(&["-o", "json", "books", "list", "--in-stock", "--all"]);
    in_stock.success();
    assert!(
        items(&in_stock)
            .iter()
            .all(|b| b["id"] != id.as_str() && b["stock"].as_i64().unwrap() > 0)
    );

    // Import: good rows land, a bad row is reported with its line, the exit code says so.
    let csv = data.path().join("books.csv");
    std::fs::write(
        &csv,
        "isbn,title,authors,genres,price,currency,stock\n\
         9780262033848,Introduction to Algorithms,Thomas H. Cormen;Charles E. Leiserson,programming,89.00,EUR,3\n\
         12345,Not A Book,Nobody,programming,10,EUR,1\n\
         9780131103627,The C Programming Language,Brian Kernighan;Dennis Ritchie,programming,45.50,EUR,7\n",
    )
    .unwrap();
    let imported = admin.run(&["books", "import", csv.to_str().unwrap()]);
    assert_eq!(imported.code, 1, "{imported:?}");
    assert!(imported.stderr.contains("line 3"), "{imported:?}");
    assert!(imported.stderr.contains("created 2"), "{imported:?}");
    let c = shopper.run(&["-o", "json", "books", "search", "9780131103627"]);
    c.success();
    assert_eq!(items(&c)[0]["stock"], 7);

    // An export imports back unchanged.
    let exported = data.path().join("export.jsonl");
    admin
        .run(&[
            "books",
            "export",
            "--format",
            "jsonl",
            exported.to_str().unwrap(),
        ])
        .success();
    let reimported = admin.run(&["books", "import", exported.to_str().unwrap()]);
    reimported.success();
    assert!(
        reimported.stderr.contains("created 0, updated 0"),
        "{reimported:?}"
    );

    admin.run(&["books", "delete", &id]).success();
    let gone = shopper.run(&["books", "show", &id]);
    assert_eq!(gone.code, 4, "{gone:?}");
}

#[test]
#[expect(clippy::unwrap_used)]
fn no_demo_starts_with_an_empty_catalog() {
    let data = tempfile::tempdir().unwrap();
    let daemon = bookstored(data.path()).arg("--no-demo").start();
    assert!(
        !daemon.stdout.join("\n").contains("Seeded"),
        "{:?}",
        daemon.stdout
    );
    let list = Cli::new(daemon.gateway()).run(&["-o", "json", "books", "list"]);
    list.success();
    assert!(items(&list).is_empty());
}
