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
