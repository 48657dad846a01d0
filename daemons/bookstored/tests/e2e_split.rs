//! End to end, split: each service in its own `bookstored` process on PostgreSQL and RabbitMQ,
//! driven by the real CLI. Runs when `BOOKSTORE_TEST_DATABASE_URL` and `BOOKSTORE_TEST_AMQP_URL`
//! are set; then an unreachable server fails the test.

mod support;

use support::split::{ADMIN_EMAIL, ADMIN_PASSWORD, SplitStore, servers};
use support::{Cli, bookstored};

#[test]
#[expect(clippy::unwrap_used)]
fn each_service_in_its_own_process_on_postgres_and_rabbitmq() {
    let Some((pg, amqp)) = servers() else { return };

    // Without the shared secret, the catalog refuses to start alone.
    let data = tempfile::tempdir().unwrap();
    let no_secret = bookstored(data.path())
        .arg("catalog")
        .env("BOOKSTORE_DATABASE_URL", &pg)
        .env("BOOKSTORE_AMQP_URL", &amqp)
        .output();
    assert_eq!(no_secret.status.code(), Some(2), "{no_secret:?}");
    assert!(String::from_utf8_lossy(&no_secret.stderr).contains("BOOKSTORE_SERVICE_TOKEN"));

    let mut store = SplitStore::start(&pg, &amqp, &[]);
    for service in ["user", "catalog", "order", "payment", "notification"] {
        assert!(
            store.migrated.contains(&format!("{service}: applied")),
            "{}",
            store.migrated
        );
    }
    let cli = Cli::new(&store.gateway());
    let status = cli.run(&["-o", "json", "status"]);
    status.success();
    assert_eq!(status.json()["checks"]["user"]["status"], "up");
    assert_eq!(status.json()["checks"]["catalog"]["status"], "up");

    cli.run_with_stdin(
        &[
            "auth",
            "register",
            "--email",
            "grace@example.com",
            "--name",
            "Grace Hopper",
            "--password-stdin",
        ],
        "a perfectly fine password\n",
    )
    .success();
    let me = cli.run(&["-o", "json", "auth", "status"]);
    me.success();
    assert_eq!(me.json()["user"]["email"], "grace@example.com");

    let admin = Cli::new(&store.gateway());
    admin
        .run_with_stdin(
            &["auth", "login", "--email", ADMIN_EMAIL, "--password-stdin"],
            &format!("{ADMIN_PASSWORD}\n"),
        )
        .success();
    let users = admin.run(&["-o", "json", "users", "list"]);
    users.success();
    assert!(users.stdout.contains("grace@example.com"), "{users:?}");

    // The catalog process verifies the admin's token against the user process's keys.
    admin
        .run(&[
            "books",
            "add",
            "--title",
            "Structure and Interpretation of Computer Programs",
            "--isbn",
            "9780262510875",
            "--price",
            "55",
            "--currency",
            "EUR",
            "--stock",
            "2",
            "--author",
            "Harold Abelson",
        ])
        .success();
    let found = cli.run(&["-o", "json", "books", "search", "interpretation"]);
    found.success();
    assert!(found.stdout.contains("9780262510875"), "{found:?}");
    let denied = cli.run(&[
        "books",
        "add",
        "--title",
        "Nope",
        "--isbn",
        "9780131103627",
        "--price",
        "1",
        "--currency",
        "EUR",
        "--stock",
        "1",
    ]);
    assert_eq!(denied.code, 3, "{denied:?}");

    // With the user service gone the gateway says so, in problem+json, and `status` fails.
    store.kill("user");
    let status = cli.run(&["status"]);
    assert_eq!(status.code, 1, "{status:?}");
}
