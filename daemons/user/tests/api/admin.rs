//! Admin endpoints: who may call them, pagination, role changes, the last admin, disabling.

use std::collections::HashSet;

use bookstore_kit::testing::backends;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{ADMIN_EMAIL, PASSWORD, TestApp, UserAnswer};

#[tokio::test(flavor = "multi_thread")]
async fn customers_get_403_and_strangers_401_on_every_admin_endpoint() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let customer = app.register("cus@example.com", "Cus").await;
        let id = customer.user.id;
        let endpoints = [
            (Method::GET, "/api/v1/users".to_owned(), None),
            (Method::GET, format!("/api/v1/users/{id}"), None),
            (
                Method::PATCH,
                format!("/api/v1/users/{id}"),
                Some(json!({"role": "admin"})),
            ),
        ];
        for (method, path, body) in endpoints {
            let as_customer = app
                .send(
                    method.clone(),
                    &path,
                    Some(&customer.access_token),
                    body.clone(),
                )
                .await;
            assert_eq!(
                as_customer.status, 403,
                "{}: {method} {path}: {:?}",
                app.label, as_customer.body
            );
            let anonymous = app.send(method.clone(), &path, None, body).await;
            assert_eq!(anonymous.status, 401, "{}: {method} {path}", app.label);
        }
        let me = app
            .get("/api/v1/users/me", Some(&customer.access_token))
            .await;
        assert_eq!(
            me.body["role"], "customer",
            "{}: the PATCH above changed nothing",
            app.label
        );
    }
}

/// Every page of `GET /users?{query}` with `limit`, following cursors; and whatever `between`
/// does after the first page.
async fn all_pages(
    app: &TestApp,
    token: &str,
    query: &str,
    between: impl AsyncFnOnce(),
) -> Vec<Vec<Value>> {
    let mut pages = Vec::new();
    let mut cursor: Option<String> = None;
    let mut between = Some(between);
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/users?{query}&cursor={c}"),
            None => format!("/api/v1/users?{query}"),
        };
        let page = app.get(&path, Some(token)).await;
        assert_eq!(page.status, 200, "{}: {path}: {:?}", app.label, page.body);
        pages.push(page.body["items"].as_array().cloned().unwrap_or_default());
        if let Some(f) = between.take() {
            f().await;
        }
        match page.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
        assert!(pages.len() < 20, "pagination does not end");
    }
    pages
}

#[tokio::test(flavor = "multi_thread")]
async fn the_list_pages_with_cursors_stably_under_inserts() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let admin = app.admin_token().await;
        for i in 0..7 {
            app.register(&format!("reader{i}@example.com"), &format!("Reader {i}"))
                .await;
        }
        // 1 admin + 7 readers in pages of 3, with one more reader registered after page one:
        // it shows up on the last page, nothing is skipped or repeated.
        let pages = all_pages(&app, &admin, "limit=3", async || {
            app.register("late@example.com", "Late Reader").await;
        })
        .await;
        let sizes: Vec<usize> = pages.iter().map(Vec::len).collect();
        assert_eq!(sizes, [3, 3, 3], "{}", app.label);
        let emails: Vec<&str> = pages
            .iter()
            .flatten()
            .map(|u| u["email"].as_str().unwrap_or_default())
            .collect();
        assert_eq!(emails.iter().collect::<HashSet<_>>().len(), 9);
        assert_eq!(emails[0], ADMIN_EMAIL);
        assert_eq!(*emails.last().unwrap_or(&""), "late@example.com");

        let customers = all_pages(&app, &admin, "role=customer&limit=100", async || {}).await;
        assert_eq!(customers.concat().len(), 8);
        let found = all_pages(&app, &admin, "q=READER%203", async || {})
            .await
            .concat();
        assert_eq!(found.len(), 1, "{}: {found:?}", app.label);
        assert_eq!(found[0]["email"], "reader3@example.com");
        let literal = all_pages(&app, &admin, "q=%25", async || {}).await.concat();
        assert!(literal.is_empty(), "{}: % is matched literally", app.label);

        for (query, field) in [
            ("limit=0", "limit"),
            ("limit=101", "limit"),
            ("cursor=bogus", "cursor"),
        ] {
            let bad = app
                .get(&format!("/api/v1/users?{query}"), Some(&admin))
                .await;
            assert_eq!(bad.status, 400, "{}: {query}", app.label);
            assert_eq!(bad.fields(), [field]);
        }
        for query in ["limit=ten", "role=owner"] {
            let bad = app
                .get(&format!("/api/v1/users?{query}"), Some(&admin))
                .await;
            assert_eq!((bad.status, bad.slug()), (400, "invalid-query"), "{query}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_last_active_admin_stays_one() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let admin = app.admin_token().await;
        let me = app.get("/api/v1/users/me", Some(&admin)).await;
        let admin_id = me.body["id"].as_str().unwrap_or_default().to_owned();
        let own = format!("/api/v1/users/{admin_id}");

        for change in [json!({"role": "customer"}), json!({"disabled": true})] {
            let refused = app.patch(&own, &admin, change.clone()).await;
            assert_eq!(
                refused.status, 409,
                "{}: {change}: {:?}",
                app.label, refused.body
            );
            assert_eq!(refused.slug(), "last-admin");
        }
        // Renaming is fine.
        let renamed = app.patch(&own, &admin, json!({"name": "Root"})).await;
        assert_eq!(renamed.status, 200);

        // With a second admin, the first may step down; its token still says admin, but
        // the service checks the account.
        let deputy = app.register("deputy@example.com", "Deputy").await;
        let promoted = app
            .patch(
                &format!("/api/v1/users/{}", deputy.user.id),
                &admin,
                json!({"role": "admin"}),
            )
            .await;
        assert_eq!(
            promoted.body["role"], "admin",
            "{}: {:?}",
            app.label, promoted.body
        );
        let stepped_down = app.patch(&own, &admin, json!({"role": "customer"})).await;
        assert_eq!(
            stepped_down.status, 200,
            "{}: {:?}",
            app.label, stepped_down.body
        );
        let stale = app.get("/api/v1/users", Some(&admin)).await;
        assert_eq!(
            stale.status, 403,
            "{}: a demoted admin's token no longer works",
            app.label
        );

        let deputy_token = app
            .login("deputy@example.com", PASSWORD)
            .await
            .pair()
            .access_token;
        let deputy_self = format!("/api/v1/users/{}", deputy.user.id);
        let refused = app
            .patch(&deputy_self, &deputy_token, json!({"disabled": true}))
            .await;
        assert_eq!(
            refused.status, 409,
            "{}: the deputy is now the last admin",
            app.label
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn disabling_an_account_ends_its_sessions() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let admin = app.admin_token().await;
        let user = app.register("eve@example.com", "Eve").await;
        let path = format!("/api/v1/users/{}", user.user.id);

        let fetched = app.get(&path, Some(&admin)).await;
        assert_eq!(fetched.body["email"], "eve@example.com", "{}", app.label);
        let disabled = app.patch(&path, &admin, json!({"disabled": true})).await;
        assert_eq!(
            disabled.body["disabled"], true,
            "{}: {:?}",
            app.label, disabled.body
        );

        assert_eq!(
            app.refresh(&user.refresh_token).await.status,
            401,
            "{}",
            app.label
        );
        let login = app.login("eve@example.com", PASSWORD).await;
        assert_eq!(
            (login.status, login.slug()),
            (403, "account-disabled"),
            "{}",
            app.label
        );
        let me = app.get("/api/v1/users/me", Some(&user.access_token)).await;
        assert_eq!(
            me.status, 403,
            "{}: the still-valid access token is refused",
            app.label
        );

        let enabled = app.patch(&path, &admin, json!({"disabled": false})).await;
        assert_eq!(enabled.body["disabled"], false);
        assert_eq!(app.login("eve@example.com", PASSWORD).await.status, 200);

        let missing = app
            .get(
                &format!("/api/v1/users/{}", uuid::Uuid::now_v7()),
                Some(&admin),
            )
            .await;
        assert_eq!(missing.status, 404);
        let malformed = app.get("/api/v1/users/not-a-uuid", Some(&admin)).await;
        assert_eq!((malformed.status, malformed.slug()), (400, "invalid-path"));
    }
}
