//! The `bookstore` binary against a stand-in gateway: exit codes, messages, the stored session.

#![expect(clippy::unwrap_used)]

#[allow(dead_code, reason = "the support module is shared with catalog.rs")]
mod support;

use std::path::Path;
use std::sync::Mutex;

use assert_cmd::Command;
use support::{Gateway, Request, Response, json, problem};

const ADA: &str = "0193a6f0-0000-7000-8000-000000000001";

fn user(email: &str, role: &str) -> String {
    format!(
        r#"{{"id":"{ADA}","email":"{email}","name":"Ada","role":"{role}","disabled":false,
        "created_at":"2026-11-26T10:00:00Z","updated_at":"2026-11-26T10:00:00Z"}}"#
    )
}

fn pair(access: &str, refresh: &str, expires_in: u64) -> String {
    format!(
        r#"{{"access_token":"{access}","token_type":"Bearer","expires_in":{expires_in},
        "refresh_token":"{refresh}","user":{}}}"#,
        user("ada@example.com", "admin")
    )
}

/// `bookstore` with its own config directory and nothing from the caller's environment.
fn bookstore(config: &Path) -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("bookstore");
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("BOOKSTORE_CONFIG_DIR", config)
        // Nothing listens on port 9: a gateway that is not there.
        .env("BOOKSTORE_GATEWAY", "http://127.0.0.1:9");
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &[][..],
        &["frobnicate"],
        &["--output", "xml", "status"],
        &["users", "show", "not-a-uuid"],
        &["users", "update", ADA],
        &["users", "list", "--limit", "0"],
        &["auth", "login", "--email", "not-an-email"],
        &["-q", "-v", "status"],
    ] {
        let r = run(bookstore(dir.path()).args(args));
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn prompts_without_a_terminal_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(bookstore(dir.path()).args(["auth", "login", "--email", "ada@example.com"]));
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "bookstore: --password-stdin is required when standard input is not a terminal\n"
    );
    let r = run(bookstore(dir.path())
        .args([
            "auth",
            "register",
            "--email",
            "ada@example.com",
            "--password-stdin",
        ])
        .write_stdin("pw\n"));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--name is required"), "{}", r.stderr);
}

#[test]
fn help_and_version_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(bookstore(dir.path()).arg("--help"));
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Exit status:"), "{}", r.stdout);
    assert!(r.stdout.contains("3  not logged in, or not allowed"));
    let r = run(bookstore(dir.path()).arg("--version"));
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("bookstore "));
}

#[test]
fn auth_status_without_a_login_exits_3() {
    let dir = tempfile::tempdir().unwrap();
    for args in [["auth", "status"], ["auth", "token"], ["users", "list"]] {
        let r = run(bookstore(dir.path()).args(args));
        assert_eq!(r.code, 3, "{args:?}");
        assert_eq!(
            r.stderr,
            "bookstore: not logged in to http://127.0.0.1:9 (profile default); run `bookstore auth login`\n"
        );
        assert!(r.stdout.is_empty());
    }
}

#[test]
fn an_absent_gateway_is_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(bookstore(dir.path()).arg("status"));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("bookstore: cannot reach http://127.0.0.1:9/readyz: "),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1);
}

#[test]
fn completions_are_printed() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "_bookstore"),
        ("zsh", "#compdef bookstore"),
        ("fish", "complete -c bookstore"),
    ] {
        let r = run(bookstore(dir.path()).args(["completions", shell]));
        assert_eq!(r.code, 0);
        assert!(r.stdout.contains(marker), "{shell}");
    }
}

/// A gateway with one admin, Ada, whose tokens rotate on refresh.
fn store_gateway() -> Gateway {
    let refreshes = Mutex::new(0);
    Gateway::start(move |r: &Request| -> Response {
        let authed = |token: &str| r.authorization.as_deref() == Some(&format!("Bearer {token}"));
        match (r.method.as_str(), r.target.as_str()) {
            ("POST", "/api/v1/auth/login") if r.body.contains(r#""password":"right""#) => {
                // Already expired, so the next command must refresh first.
                json(200, pair("acc-1", "ref-1", 0))
            }
            ("POST", "/api/v1/auth/login") => problem(401, "wrong email or password"),
            ("POST", "/api/v1/auth/refresh") if r.body.contains("ref-1") => {
                *refreshes.lock().unwrap() += 1;
                json(200, pair("acc-2", "ref-2", 900))
            }
            ("POST", "/api/v1/auth/refresh") => problem(401, "refresh token used"),
            ("POST", "/api/v1/auth/logout") => (204, vec![], String::new()),
            (_, _) if !(authed("acc-2") || authed("env-token")) => problem(401, "missing token"),
            ("GET", "/api/v1/users/me") => json(200, user("ada@example.com", "admin")),
            ("GET", t) if t.starts_with("/api/v1/users?") => json(
                200,
                format!(
                    r#"{{"items":[{}],"next_cursor":null}}"#,
                    user("ada@example.com", "admin")
                ),
            ),
            ("GET", t) if t == format!("/api/v1/users/{ADA}") => {
                json(200, user("ada@example.com", "admin"))
            }
            ("GET", t) if t.starts_with("/api/v1/users/") => problem(404, "no such user"),
            ("PATCH", t) if t.starts_with("/api/v1/users/") && r.body.contains("admin") => {
                problem(409, "the last admin cannot be demoted")
            }
            ("PATCH", t) if t.starts_with("/api/v1/users/") => problem(403, "admins only"),
            _ => problem(404, "no route"),
        }
    })
}

#[test]
fn a_login_is_stored_refreshed_used_and_forgotten() {
    let gateway = store_gateway();
    let dir = tempfile::tempdir().unwrap();
    let cmd = || {
        let mut cmd = bookstore(dir.path());
        cmd.env("BOOKSTORE_GATEWAY", &gateway.url);
        cmd
    };

    // A wrong password: refused with exit 3 and the server's words.
    let r = run(cmd()
        .args([
            "auth",
            "login",
            "--email",
            "ada@example.com",
            "--password-stdin",
        ])
        .write_stdin("wrong\n"));
    assert_eq!(r.code, 3);
    assert_eq!(r.stderr, "bookstore: wrong email or password\n");

    let r = run(cmd()
        .args([
            "auth",
            "login",
            "--email",
            "ada@example.com",
            "--password-stdin",
        ])
        .write_stdin("right\n"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr
            .contains("Logged in as ada@example.com (admin) on http://127.0.0.1:")
    );
    let credentials = dir.path().join("credentials.json");
    if credentials.exists() {
        // No keyring here: the fallback is announced and private.
        assert!(r.stderr.contains(&format!(
            "warning: no OS keyring available; storing credentials in {} (readable only by you)",
            credentials.display()
        )));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&credentials)
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    // The stored token has expired: it is refreshed, stored, and then used.
    let r = run(cmd().args(["auth", "status", "-o", "json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let status: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(status["user"]["email"], "ada@example.com");
    assert_eq!(status["profile"], "default");
    assert_eq!(status["gateway"], gateway.url.as_str());
    let r = run(cmd().args(["auth", "token"]));
    assert_eq!(r.stdout, "acc-2\n", "the new pair was stored: {}", r.stderr);

    let r = run(cmd().args(["users", "list", "--role", "admin", "-o", "json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(page["items"][0]["id"], ADA);
    assert_eq!(page["next_cursor"], serde_json::Value::Null);

    let r = run(cmd().args(["users", "show", ADA]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("ada@example.com"));
    let r = run(cmd().args(["users", "show", "0193a6f0-0000-7000-8000-0000000000ff"]));
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (4, "bookstore: no such user\n")
    );
    let r = run(cmd().args(["users", "update", ADA, "--role", "admin"]));
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (5, "bookstore: the last admin cannot be demoted\n")
    );
    let r = run(cmd().args(["-v", "users", "update", ADA, "--disable"]));
    assert_eq!(r.code, 3);
    assert!(
        r.stderr
            .ends_with("bookstore: admins only [request id rid-1]\n"),
        "{}",
        r.stderr
    );

    // Another gateway does not get this profile's tokens.
    let r = run(cmd().args(["--gateway", "http://127.0.0.1:9", "auth", "token"]));
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("is logged in to"), "{}", r.stderr);

    let r = run(cmd().args(["auth", "logout"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!credentials.exists());
    let r = run(cmd().args(["auth", "status"]));
    assert_eq!(r.code, 3);

    let seen = gateway.requests();
    let refresh = seen
        .iter()
        .filter(|r| r.target == "/api/v1/auth/refresh")
        .count();
    assert_eq!(refresh, 1, "one refresh, then the stored new pair");
    let logout = seen
        .iter()
        .find(|r| r.target == "/api/v1/auth/logout")
        .unwrap();
    assert_eq!(logout.body, r#"{"refresh_token":"ref-2"}"#);
    let me = seen
        .iter()
        .find(|r| r.target == "/api/v1/users/me")
        .unwrap();
    assert_eq!(me.authorization.as_deref(), Some("Bearer acc-2"));
}

#[test]
fn bookstore_token_overrides_the_stored_login() {
    let gateway = store_gateway();
    let dir = tempfile::tempdir().unwrap();
    let cmd = || {
        let mut cmd = bookstore(dir.path());
        cmd.env("BOOKSTORE_GATEWAY", &gateway.url)
            .env("BOOKSTORE_TOKEN", "env-token");
        cmd
    };
    let r = run(cmd().args(["auth", "token"]));
    assert_eq!((r.code, r.stdout.as_str()), (0, "env-token\n"));
    let r = run(cmd().args(["auth", "status", "-o", "yaml"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("credentials: env\n"), "{}", r.stdout);
    assert!(
        r.stdout.contains("  email: ada@example.com\n"),
        "{}",
        r.stdout
    );
    let seen = gateway.requests();
    assert_eq!(seen[0].authorization.as_deref(), Some("Bearer env-token"));
}

#[test]
fn status_reports_each_service_and_fails_when_one_is_down() {
    let gateway = Gateway::start(|_: &Request| {
        json(
            503,
            r#"{"status":"unavailable","service":"gateway","checks":{
            "catalog":{"status":"down","detail":"connection refused","latency_ms":2},
            "user":{"status":"up","latency_ms":4}}}"#,
        )
    });
    let dir = tempfile::tempdir().unwrap();
    let r = run(bookstore(dir.path()).args(["--gateway", &gateway.url, "status"]));
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[0], "SERVICE  STATUS  LATENCY  DETAIL");
    assert!(lines[1].starts_with("gateway  up      "), "{}", r.stdout);
    assert_eq!(lines[2], "catalog  down    2 ms     connection refused");
    assert_eq!(lines[3], "user     up      4 ms");
    assert_eq!(r.stderr, "bookstore: not ready: catalog down\n");
}
