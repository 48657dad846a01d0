//! End to end, embedded default: a real `bookstored` (SQLite, in-process bus) driven by the real
//! `bookstore` CLI, as a person or a script would.

mod support;

use support::{Cli, bookstored};

const ADMIN_EMAIL: &str = "admin@example.com";
const ADMIN_PASSWORD: &str = "Admin-password-2026";

#[test]
#[expect(clippy::unwrap_used)]
fn a_customer_registers_logs_in_and_out_and_an_admin_manages_accounts() {
    let data = tempfile::tempdir().unwrap();
    let daemon = bookstored(data.path())
        .env("BOOKSTORE_ADMIN_EMAIL", ADMIN_EMAIL)
        .env("BOOKSTORE_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .start();
    let banner = daemon.stdout.join("\n");
    assert!(
        banner.contains(&format!("Created the admin account {ADMIN_EMAIL}")),
        "{banner}"
    );
    assert!(
        !banner.contains(ADMIN_PASSWORD),
        "a configured password is never printed"
    );

    let ada = Cli::new(daemon.gateway());
    let status = ada.run(&["-o", "json", "status"]);
    status.success();
    let status = status.json();
    assert_eq!(status["checks"]["user"]["status"], "up", "{status}");

    ada.run_with_stdin(
        &[
            "auth",
            "register",
            "--email",
            "ada@example.com",
            "--name",
            "Ada Lovelace",
            "--password-stdin",
        ],
        "correct horse battery staple\n",
    )
    .success();
    let me = ada.run(&["-o", "json", "auth", "status"]);
    me.success();
    let me = me.json();
    assert_eq!(me["user"]["email"], "ada@example.com", "{me}");
    assert_eq!(me["user"]["role"], "customer", "{me}");

    // A customer is not allowed near the admin commands.
    let denied = ada.run(&["users", "list"]);
    assert_eq!(denied.code, 3, "{denied:?}");
    assert!(denied.stdout.is_empty(), "{denied:?}");

    // The same email twice is a conflict, and a weak password is refused with the reason.
    let bob = Cli::new(daemon.gateway());
    let dup = bob.run_with_stdin(
        &[
            "auth",
            "register",
            "--email",
            "ADA@example.com",
            "--name",
            "Impostor",
            "--password-stdin",
        ],
        "another long password\n",
    );
    assert_eq!(dup.code, 5, "{dup:?}");
    let weak = bob.run_with_stdin(
        &[
            "auth",
            "register",
            "--email",
            "bob@example.com",
            "--name",
            "Bob",
            "--password-stdin",
        ],
        "short\n",
    );
    assert_ne!(weak.code, 0, "{weak:?}");
    assert!(weak.stderr.contains("password"), "{weak:?}");
    assert_eq!(weak.stderr.lines().count(), 1, "one line: {weak:?}");

    let token = ada.run(&["auth", "token"]);
    token.success();
    assert_eq!(
        token.stdout.trim().split('.').count(),
        3,
        "a JWT: {token:?}"
    );

    let admin = Cli::new(daemon.gateway());
    admin
        .run_with_stdin(
            &["auth", "login", "--email", ADMIN_EMAIL, "--password-stdin"],
            &format!("{ADMIN_PASSWORD}\n"),
        )
        .success();
    let users = admin.run(&["-o", "json", "users", "list"]);
    users.success();
    let users = users.json();
    let emails: Vec<&str> = users
        .as_array()
        .or_else(|| users["items"].as_array())
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert!(emails.contains(&"ada@example.com"), "{emails:?}");
    assert!(emails.contains(&ADMIN_EMAIL), "{emails:?}");

    let wrong = Cli::new(daemon.gateway()).run_with_stdin(
        &["auth", "login", "--email", ADMIN_EMAIL, "--password-stdin"],
        "not the password\n",
    );
    assert_eq!(wrong.code, 3, "{wrong:?}");

    ada.run(&["auth", "logout"]).success();
    let after = ada.run(&["auth", "status"]);
    assert_eq!(after.code, 3, "{after:?}");

    let status = daemon.stop();
    assert!(status.success(), "a clean shutdown on SIGTERM: {status:?}");
}

#[test]
#[expect(clippy::unwrap_used)]
fn a_restart_keeps_accounts_and_keys_and_creates_no_second_admin() {
    let data = tempfile::tempdir().unwrap();
    let first = bookstored(data.path()).start();
    let banner = first.stdout.join("\n");
    let password = banner
        .lines()
        .find_map(|l| {
            l.split_once(" with the password ")
                .map(|(_, p)| p.trim().to_owned())
        })
        .unwrap_or_else(|| panic!("a generated password is printed once: {banner}"));
    let email = "admin@bookstore.local";
    let cli = Cli::new(first.gateway());
    cli.run_with_stdin(
        &["auth", "login", "--email", email, "--password-stdin"],
        &password,
    )
    .success();
    let token = cli.run(&["auth", "token"]);
    token.success();
    assert!(first.stop().success());

    let second = bookstored(data.path()).start();
    let banner = second.stdout.join("\n");
    assert!(!banner.contains("Created the admin account"), "{banner}");
    assert!(!banner.contains(&password), "{banner}");
    // The token from before the restart still verifies: the signing key was kept.
    let again = Cli::new(second.gateway());
    let me = again.run_env(
        &["-o", "json", "auth", "status"],
        &[("BOOKSTORE_TOKEN", token.stdout.trim())],
    );
    me.success();
    assert_eq!(me.json()["user"]["email"], email);
    again
        .run_with_stdin(
            &["auth", "login", "--email", email, "--password-stdin"],
            &password,
        )
        .success();
}

#[test]
fn rotating_the_signing_key_under_a_running_store_logs_nobody_out() {
    let data = tempfile::tempdir().expect("temp dir");
    let daemon = bookstored(data.path())
        .env("BOOKSTORE_ADMIN_EMAIL", ADMIN_EMAIL)
        .env("BOOKSTORE_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .start();
    let cli = Cli::new(daemon.gateway());
    let login = ["auth", "login", "--email", ADMIN_EMAIL, "--password-stdin"];
    cli.run_with_stdin(&login, ADMIN_PASSWORD).success();
    let before = cli.run(&["auth", "token"]);
    before.success();

    // The operator's command, on the running store's data, from another process.
    let rotated = bookstored(data.path()).arg("rotate-signing-key").output();
    assert!(rotated.status.success(), "{rotated:?}");
    let said = String::from_utf8_lossy(&rotated.stdout);
    assert!(said.contains("user: signing with key "), "{said}");
    assert!(said.contains("user: retired key "), "{said}");

    // A token from before still works through the gateway, and so does a new one, which
    // the gateway has never seen the key of.
    let with_old = cli.run_env(
        &["-o", "json", "auth", "status"],
        &[("BOOKSTORE_TOKEN", before.stdout.trim())],
    );
    with_old.success();
    cli.run_with_stdin(&login, ADMIN_PASSWORD).success();
    let after = cli.run(&["auth", "token"]);
    after.success();
    let header = |token: &str| token.trim().split('.').next().map(str::to_owned);
    assert_ne!(
        header(&after.stdout),
        header(&before.stdout),
        "the new token names the new key"
    );
    let users = cli.run(&["-o", "json", "users", "list"]);
    users.success();
    assert!(users.stdout.contains(ADMIN_EMAIL), "{}", users.stdout);
}

#[test]
fn one_service_alone_needs_a_broker_and_says_so() {
    let data = tempfile::tempdir().expect("temp dir");
    let out = bookstored(data.path()).arg("user").output();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("BOOKSTORE_AMQP_URL"), "{stderr}");
}

#[test]
fn an_unknown_service_is_a_usage_error() {
    let data = tempfile::tempdir().expect("temp dir");
    let out = bookstored(data.path()).arg("warehouse").output();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}
