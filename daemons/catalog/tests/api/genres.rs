//! `/api/v1/genres*`.

#![expect(clippy::unwrap_used)]

use bookstore_kit::testing::backends;
use serde_json::json;

use crate::support::{TestApp, Who, new_book, unique};

#[tokio::test(flavor = "multi_thread")]
async fn genres_are_created_found_by_slug_or_id_and_deleted_when_unused() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let derived = app
            .post(
                "/api/v1/genres",
                Who::Admin,
                json!({"name": "Science Fiction & Fantasy"}),
            )
            .await;
        assert_eq!(derived.status, 201, "{}: {:?}", app.label, derived.body);
        assert_eq!(derived.body["slug"], "science-fiction-fantasy");
        assert_eq!(
            derived.header("location").as_deref(),
            Some("/api/v1/genres/science-fiction-fantasy")
        );
        let id = derived.body["id"].as_str().unwrap().to_owned();

        let bad = app
            .post(
                "/api/v1/genres",
                Who::Admin,
                json!({"name": "Crime", "slug": "Crime Novels"}),
            )
            .await;
        assert_eq!((bad.status, bad.fields()), (400, vec!["slug".to_owned()]));
        let nothing = app
            .post("/api/v1/genres", Who::Admin, json!({"name": "!!!"}))
            .await;
        assert_eq!(nothing.fields(), ["name"]);
        let twin = app
            .post(
                "/api/v1/genres",
                Who::Admin,
                json!({"name": "SF", "slug": "science-fiction-fantasy"}),
            )
            .await;
        assert_eq!((twin.status, twin.slug()), (409, "genre-exists"));
        assert_eq!(
            app.post("/api/v1/genres", Who::Nobody, json!({"name": "X"}))
                .await
                .status,
            401
        );

        app.genre("Horror", "horror").await;
        let mut body = new_book(unique(), "Solaris");
        body["genres"] = json!(["science-fiction-fantasy"]);
        let book = app.book(body).await;

        let by_slug = app.get("/api/v1/genres/science-fiction-fantasy").await;
        let by_id = app.get(&format!("/api/v1/genres/{id}")).await;
        assert_eq!(by_slug.body, by_id.body);
        assert_eq!(by_slug.body["book_count"], 1);
        assert_eq!(app.get("/api/v1/genres/nope").await.status, 404);

        let first = app.get("/api/v1/genres?limit=1").await;
        assert_eq!(first.items()[0]["slug"], "horror");
        let cursor = first.body["next_cursor"].as_str().unwrap();
        let second = app
            .get(&format!("/api/v1/genres?limit=1&cursor={cursor}"))
            .await;
        assert_eq!(second.items()[0]["slug"], "science-fiction-fantasy");
        assert!(second.body["next_cursor"].is_null());

        let in_use = app
            .delete("/api/v1/genres/science-fiction-fantasy", None)
            .await;
        assert_eq!(
            (in_use.status, in_use.slug()),
            (409, "in-use"),
            "{}",
            app.label
        );
        app.delete(&format!("/api/v1/books/{}", book.id), Some("*"))
            .await;
        assert_eq!(
            app.delete(&format!("/api/v1/genres/{id}"), None)
                .await
                .status,
            204
        );
        assert_eq!(app.get("/api/v1/genres").await.items().len(), 1);
    }
}
