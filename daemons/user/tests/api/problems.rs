//! Bad requests get precise problem+json answers with the right status, never a 500.

use bookstore_kit::testing::backends;
use serde_json::json;

use crate::support::TestApp;

const REGISTER: &str = "/api/v1/auth/register";

/// The parts of a problem that do not vary between runs.
macro_rules! assert_problem_snapshot {
    ($name:expr, $answer:expr) => {
        insta::assert_json_snapshot!($name, $answer.body, {
            ".request_id" => "[request id]",
        })
    };
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_registrations_name_every_bad_field() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let all_bad = app
            .post(
                REGISTER,
                json!({"email": "ada@", "name": "  ", "password": "short"}),
            )
            .await;
        assert_eq!(all_bad.status, 400, "{}", app.label);
        assert_eq!(all_bad.content_type, "application/problem+json");
        assert_problem_snapshot!("register_all_fields_invalid", all_bad);

        let weak = app
            .post(
                REGISTER,
                json!({"email": "a@example.com", "name": "A", "password": "password123"}),
            )
            .await;
        assert_eq!(
            (weak.status, weak.fields()),
            (400, vec!["password".to_owned()])
        );
        assert_problem_snapshot!("register_common_password", weak);

        let email = app
            .post(
                REGISTER,
                json!({"email": "no-at-sign", "name": "A", "password": "zebra-kettle-42"}),
            )
            .await;
        assert_eq!(
            (email.status, email.fields()),
            (400, vec!["email".to_owned()])
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_bodies_are_400_415_or_413() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;

        let syntax = app.post_raw(REGISTER, "{\"email\": ").await;
        assert_eq!(
            (syntax.status, syntax.slug()),
            (400, "malformed-json"),
            "{}",
            app.label
        );

        let types = app
            .post(
                REGISTER,
                json!({"email": 5, "name": "A", "password": "zebra-kettle-42"}),
            )
            .await;
        assert_eq!(
            (types.status, types.slug()),
            (400, "validation"),
            "{:?}",
            types.body
        );
        assert_eq!(types.fields(), ["email"]);
        assert_problem_snapshot!("register_wrong_type", types);

        let unknown = app
            .post(
                REGISTER,
                json!({"email": "a@example.com", "name": "A", "password": "zebra-kettle-42", "role": "admin"}),
            )
            .await;
        assert_eq!(unknown.status, 400, "{:?}", unknown.body);
        assert!(
            unknown.body["detail"]
                .as_str()
                .unwrap_or_default()
                .contains("role")
        );

        let missing = app.post(REGISTER, json!({"email": "a@example.com"})).await;
        assert_eq!(missing.status, 400, "{:?}", missing.body);

        let plain = app
            .client
            .post(app.url(REGISTER))
            .body(r#"{"email":"a@example.com","name":"A","password":"zebra-kettle-42"}"#)
            .send()
            .await
            .map(|r| r.status().as_u16());
        assert!(matches!(plain, Ok(415)), "{}: {plain:?}", app.label);

        // Just over the 1 MiB limit, as valid JSON, so only the size is wrong.
        let huge = format!(
            r#"{{"email":"a@example.com","name":"A","password":"{}"}}"#,
            "x".repeat(1 << 20)
        );
        let big = app.post_raw(REGISTER, huge).await;
        assert_eq!(
            (big.status, big.slug()),
            (413, "payload-too-large"),
            "{}",
            app.label
        );
        assert_eq!(big.content_type, "application/problem+json");

        let not_found = app.get("/api/v1/nothing-here", None).await;
        assert_eq!((not_found.status, not_found.slug()), (404, "not-found"));
        let method = app.get(REGISTER, None).await;
        assert_eq!(method.status, 405);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_registration_leaves_nothing_behind_and_hides_the_cause() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        // The refresh token is the last write of a registration's unit of work: make it fail.
        app.execute(match backend {
            bookstore_kit::db::Backend::Sqlite => {
                "CREATE TRIGGER refuse_tokens BEFORE INSERT ON refresh_tokens \
                 BEGIN SELECT RAISE(ABORT, 'injected fault'); END;"
            }
            bookstore_kit::db::Backend::Postgres => {
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS \
                 $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$; \
                 CREATE TRIGGER refuse_tokens BEFORE INSERT ON refresh_tokens \
                 FOR EACH ROW EXECUTE FUNCTION refuse();"
            }
        })
        .await;
        let failed = app
            .post(REGISTER, json!({"email": "ghost@example.com", "name": "Ghost", "password": "zebra-kettle-42"}))
            .await;
        assert_eq!(failed.status, 500, "{}: {:?}", app.label, failed.body);
        assert_eq!(failed.slug(), "internal");
        assert!(
            !failed.body.to_string().contains("injected"),
            "{}: the cause leaked",
            app.label
        );
        assert_problem_snapshot!("internal_error", failed);

        assert!(
            !app.outbox("user.registered")
                .await
                .iter()
                .any(|e| e.data["email"] == "ghost@example.com"),
            "{}: no event",
            app.label
        );

        // No account either: once the fault is gone, the same email registers.
        app.execute(match backend {
            bookstore_kit::db::Backend::Sqlite => "DROP TRIGGER refuse_tokens",
            bookstore_kit::db::Backend::Postgres => "DROP TRIGGER refuse_tokens ON refresh_tokens",
        })
        .await;
        app.register("ghost@example.com", "Ghost").await;
        // The first admin's announcement, and Ghost's.
        assert_eq!(
            app.outbox("user.registered").await.len(),
            2,
            "{}",
            app.label
        );
    }
}
