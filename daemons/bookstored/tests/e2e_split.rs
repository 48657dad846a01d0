//! End to end, split: each service in its own `bookstored` process on PostgreSQL and RabbitMQ,
//! driven by the real CLI. Runs when `BOOKSTORE_TEST_DATABASE_URL` and `BOOKSTORE_TEST_AMQP_URL`
//! are set; then an unreachable server fails the test.

mod support;

use std::process::Command;

use support::{Cli, bookstored};

/// A RabbitMQ virtual host of this test's own, so that parallel runs never share queues.
struct Vhost(String);

impl Vhost {
    fn create() -> Vhost {
        let name = format!("bookstore_test_{}", uuid_like());
        let ok = Command::new("rabbitmqctl")
            .args(["-q", "add_vhost", &name])
            .status();
        assert!(
            ok.is_ok_and(|s| s.success()),
            "rabbitmqctl add_vhost {name} failed"
        );
        let ok = Command::new("rabbitmqctl")
            .args([
                "-q",
                "set_permissions",
                "-p",
                &name,
                "guest",
                ".*",
                ".*",
                ".*",
            ])
            .status();
        assert!(
            ok.is_ok_and(|s| s.success()),
            "rabbitmqctl set_permissions failed"
        );
        Vhost(name)
    }
}

impl Drop for Vhost {
    fn drop(&mut self) {
        let _ = Command::new("rabbitmqctl")
            .args(["-q", "delete_vhost", &self.0])
            .status();
    }
}

fn uuid_like() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{nanos:x}{:x}", std::process::id())
}

#[test]
#[expect(clippy::unwrap_used)]
fn each_service_in_its_own_process_on_postgres_and_rabbitmq() {
    let (Some(pg), Some(amqp)) = (
        std::env::var("BOOKSTORE_TEST_DATABASE_URL").ok(),
        std::env::var("BOOKSTORE_TEST_AMQP_URL").ok(),
    ) else {
        eprintln!(
            "BOOKSTORE_TEST_DATABASE_URL / BOOKSTORE_TEST_AMQP_URL unset: split-process test not run"
        );
        return;
    };
    let vhost = Vhost::create();
    let mut amqp_url = url::Url::parse(&amqp).unwrap();
    amqp_url.set_path(&format!("/{}", vhost.0));
    let mut user_db = url::Url::parse(&pg).unwrap();
    user_db.set_path(&format!("bookstore_test_{}", uuid_like()));
    let mut catalog_db = url::Url::parse(&pg).unwrap();
    catalog_db.set_path(&format!("bookstore_test_c{}", uuid_like()));
    // Migrating every service: the order and payment databases get names of their own too.
    let mut order_db = url::Url::parse(&pg).unwrap();
    order_db.set_path(&format!("bookstore_test_o{}", uuid_like()));
    let mut payment_db = url::Url::parse(&pg).unwrap();
    payment_db.set_path(&format!("bookstore_test_p{}", uuid_like()));
    let service_token = format!("secret-{}", uuid_like());

    let data = tempfile::tempdir().unwrap();
    let migrate = bookstored(data.path())
        .arg("migrate")
        .env("BOOKSTORE_DATABASE_URL", &pg)
        .env("BOOKSTORE_USER_DATABASE_URL", user_db.as_str())
        .env("BOOKSTORE_CATALOG_DATABASE_URL", catalog_db.as_str())
        .env("BOOKSTORE_ORDER_DATABASE_URL", order_db.as_str())
        .env("BOOKSTORE_PAYMENT_DATABASE_URL", payment_db.as_str())
        .output();
    assert!(migrate.status.success(), "{migrate:?}");
    let printed = String::from_utf8_lossy(&migrate.stdout);
    assert!(printed.contains("user: applied"), "{printed}");
    assert!(printed.contains("catalog: applied"), "{printed}");
    assert!(printed.contains("order: applied"), "{printed}");
    assert!(printed.contains("payment: applied"), "{printed}");

    // Without the shared secret, the catalog refuses to start alone.
    let no_secret = bookstored(data.path())
        .arg("catalog")
        .env("BOOKSTORE_DATABASE_URL", &pg)
        .env("BOOKSTORE_AMQP_URL", amqp_url.as_str())
        .output();
    assert_eq!(no_secret.status.code(), Some(2), "{no_secret:?}");
    assert!(String::from_utf8_lossy(&no_secret.stderr).contains("BOOKSTORE_SERVICE_TOKEN"));

    let user = bookstored(data.path())
        .arg("user")
        .env("BOOKSTORE_DATABASE_URL", &pg)
        .env("BOOKSTORE_USER_DATABASE_URL", user_db.as_str())
        .env("BOOKSTORE_AMQP_URL", amqp_url.as_str())
        .env("BOOKSTORE_ADMIN_EMAIL", "root@example.com")
        .env("BOOKSTORE_ADMIN_PASSWORD", "Split-admin-password-1")
        .start();
    let catalog = bookstored(data.path())
        .arg("catalog")
        .env("BOOKSTORE_DATABASE_URL", &pg)
        .env("BOOKSTORE_CATALOG_DATABASE_URL", catalog_db.as_str())
        .env("BOOKSTORE_AMQP_URL", amqp_url.as_str())
        .env("BOOKSTORE_SERVICE_TOKEN", &service_token)
        .env("BOOKSTORE_USER_URL", &user.service_url("user"))
        .start();
    let gateway = bookstored(data.path())
        .arg("gateway")
        .env("BOOKSTORE_AMQP_URL", amqp_url.as_str())
        .env("BOOKSTORE_USER_URL", &user.service_url("user"))
        .env("BOOKSTORE_CATALOG_URL", &catalog.service_url("catalog"))
        .start();

    let cli = Cli::new(gateway.gateway());
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

    let admin = Cli::new(gateway.gateway());
    admin
        .run_with_stdin(
            &[
                "auth",
                "login",
                "--email",
                "root@example.com",
                "--password-stdin",
            ],
            "Split-admin-password-1\n",
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
    drop(user);
    let status = cli.run(&["status"]);
    assert_eq!(status.code, 1, "{status:?}");
}
