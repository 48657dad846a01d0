//! `/api/v1/authors*`.

#![expect(clippy::unwrap_used)]

use bookstore_kit::testing::backends;
use serde_json::json;

use crate::support::{TestApp, Who, new_book, unique};

#[tokio::test(flavor = "multi_thread")]
async fn authors_are_created_listed_renamed_and_deleted_when_unreferenced() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let created = app
            .post(
                "/api/v1/authors",
                Who::Admin,
                json!({"name": "Ursula K. Le Guin", "bio": "Earthsea."}),
            )
            .await;
        assert_eq!(created.status, 201, "{}: {:?}", app.label, created.body);
        let id = created.body["id"].as_str().unwrap().to_owned();
        assert_eq!(
            created.header("location"),
            Some(format!("/api/v1/authors/{id}"))
        );
        insta::assert_json_snapshot!("created_author", created.body, {
            ".id" => "[id]", ".created_at" => "[time]", ".updated_at" => "[time]",
        });

        let twin = app
            .post(
                "/api/v1/authors",
                Who::Admin,
                json!({"name": "ursula k.  LE GUIN"}),
            )
            .await;
        assert_eq!(
            (twin.status, twin.slug()),
            (409, "author-exists"),
            "{}",
            app.label
        );
        let empty = app
            .post("/api/v1/authors", Who::Admin, json!({"name": " "}))
            .await;
        assert_eq!(
            (empty.status, empty.fields()),
            (400, vec!["name".to_owned()])
        );
        assert_eq!(
            app.post("/api/v1/authors", Who::Customer, json!({"name": "X"}))
                .await
                .status,
            403
        );

        // A book naming the author in another case links to the same author.
        let mut body = new_book(unique(), "A Wizard of Earthsea");
        body["authors"] = json!(["URSULA K. LE GUIN", "Ted Chiang"]);
        let book = app.book(body).await;
        assert_eq!(book.authors[0].id.to_string(), id);
        assert_eq!(book.authors[0].name, "Ursula K. Le Guin");

        let read = app.get(&format!("/api/v1/authors/{id}")).await;
        assert_eq!(read.body["book_count"], 1);
        let listed = app.get("/api/v1/authors?q=guin").await;
        assert_eq!(listed.items().len(), 1);
        let all = app.get("/api/v1/authors?limit=1").await;
        assert_eq!(
            all.items()[0]["name"],
            "Ted Chiang",
            "{}: by name",
            app.label
        );
        let cursor = all.body["next_cursor"].as_str().unwrap();
        let next = app
            .get(&format!("/api/v1/authors?limit=1&cursor={cursor}"))
            .await;
        assert_eq!(next.items()[0]["name"], "Ursula K. Le Guin");
        assert!(next.body["next_cursor"].is_null());
        assert_eq!(
            app.get("/api/v1/authors?limit=101").await.fields(),
            ["limit"]
        );
        assert_eq!(
            app.get("/api/v1/authors?cursor=zz").await.fields(),
            ["cursor"]
        );

        let path = format!("/api/v1/authors/{id}");
        let renamed = app
            .request(
                reqwest::Method::PATCH,
                &path,
                Who::Admin,
                Some(json!({"bio": null})),
                &[],
            )
            .await;
        assert_eq!(renamed.status, 200);
        assert!(renamed.body.get("bio").is_none(), "{:?}", renamed.body);
        let taken = app
            .request(
                reqwest::Method::PATCH,
                &path,
                Who::Admin,
                Some(json!({"name": "ted chiang"})),
                &[],
            )
            .await;
        assert_eq!(taken.status, 409);

        let in_use = app.delete(&path, None).await;
        assert_eq!(
            (in_use.status, in_use.slug()),
            (409, "in-use"),
            "{}",
            app.label
        );
        assert!(
            in_use.body["detail"].as_str().unwrap().contains("1 book"),
            "{:?}",
            in_use.body
        );
        app.delete(&format!("/api/v1/books/{}", book.id), Some("*"))
            .await;
        assert_eq!(app.delete(&path, None).await.status, 204, "{}", app.label);
        assert_eq!(app.get(&path).await.status, 404);
        assert_eq!(app.delete(&path, None).await.status, 404);
    }
}

/// On PostgreSQL a book naming an author and that author's deletion can run at the same time
/// (SQLite runs one writer at a time). Whichever comes second waits: here the deletion holds
/// the author, so the book waits for it and then creates the author anew, never failing on a
/// link to a row that vanished.
#[tokio::test(flavor = "multi_thread")]
async fn a_book_naming_an_author_being_deleted_waits_and_creates_the_author_anew() {
    use diesel_async::{AsyncConnection, SimpleAsyncConnection};
    if bookstore_kit::testing::postgres_server().is_none() {
        eprintln!("BOOKSTORE_TEST_DATABASE_URL unset: the PostgreSQL race is not run");
        return;
    }
    let app = TestApp::spawn(bookstore_kit::db::Backend::Postgres).await;
    let created = app
        .post(
            "/api/v1/authors",
            Who::Admin,
            json!({"name": "Octavia E. Butler"}),
        )
        .await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    let old_id = created.body["id"].as_str().unwrap().to_owned();

    let mut deleting = bookstore_kit::db::PgConn::establish(&app.test_db.url)
        .await
        .unwrap();
    deleting
        .batch_execute(&format!(
            "BEGIN; SELECT id FROM authors WHERE id = '{old_id}' FOR UPDATE; \
             DELETE FROM authors WHERE id = '{old_id}';"
        ))
        .await
        .unwrap();
    let mut book = new_book(unique(), "Kindred");
    book["authors"] = json!(["Octavia E. Butler"]);
    let app = std::sync::Arc::new(app);
    let creating = tokio::spawn({
        let app = app.clone();
        async move { app.post("/api/v1/books", Who::Admin, book).await }
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        !creating.is_finished(),
        "the book did not wait for the deletion"
    );
    deleting.batch_execute("COMMIT").await.unwrap();

    let answer = creating.await.unwrap();
    assert_eq!(answer.status, 201, "{:?}", answer.body);
    let author = &answer.body["authors"][0];
    assert_eq!(author["name"], "Octavia E. Butler");
    assert_ne!(author["id"].as_str(), Some(old_id.as_str()), "a new author");
}
