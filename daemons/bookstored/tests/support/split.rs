//! The whole store split: every service in its own `bookstored` process, on PostgreSQL (a
//! database per service, made for this test) and RabbitMQ (a virtual host of this test's own),
//! with the means to kill a service and start it again on the same address.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::process::Command;

use super::{Daemon, bookstored};

pub const ADMIN_EMAIL: &str = "root@example.com";
pub const ADMIN_PASSWORD: &str = "Split-admin-password-1";

/// The PostgreSQL and RabbitMQ servers of the test environment, when both are configured.
/// Unset: the test does not run. Set but unreachable: the test fails.
pub fn servers() -> Option<(String, String)> {
    match (
        std::env::var("BOOKSTORE_TEST_DATABASE_URL").ok(),
        std::env::var("BOOKSTORE_TEST_AMQP_URL").ok(),
    ) {
        (Some(pg), Some(amqp)) if !pg.is_empty() && !amqp.is_empty() => Some((pg, amqp)),
        _ => {
            eprintln!(
                "BOOKSTORE_TEST_DATABASE_URL / BOOKSTORE_TEST_AMQP_URL unset: split-process test not run"
            );
            None
        }
    }
}

/// A name no other run of any test shares.
pub fn unique() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "{nanos:x}{:x}{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// A RabbitMQ virtual host of this test's own, so that parallel runs never share queues.
pub struct Vhost(pub String);

impl Vhost {
    pub fn create() -> Vhost {
        let name = format!("bookstore_test_{}", unique());
        rabbitmqctl(&["add_vhost", &name]);
        rabbitmqctl(&["set_permissions", "-p", &name, "guest", ".*", ".*", ".*"]);
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

#[track_caller]
pub fn rabbitmqctl(args: &[&str]) {
    let status = Command::new("rabbitmqctl").arg("-q").args(args).status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "rabbitmqctl {args:?} failed"
    );
}

/// The services in start order: each one's dependencies come before it.
pub const SERVICES: [&str; 6] = [
    "user",
    "catalog",
    "payment",
    "order",
    "notification",
    "gateway",
];

/// One split store at a time in a test binary: each holds some 50 PostgreSQL connections and
/// five processes, and the server serves 100 connections in all.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A running split store; every process is killed on drop, then its databases dropped.
pub struct SplitStore {
    pub pg: String,
    pub amqp: String,
    pub databases: BTreeMap<&'static str, String>,
    pub service_token: String,
    pub data: tempfile::TempDir,
    pub daemons: BTreeMap<&'static str, Daemon>,
    pub addresses: BTreeMap<&'static str, SocketAddr>,
    /// What `bookstored migrate` printed before the services started.
    pub migrated: String,
    /// Extra variables per service, kept for restarts.
    extra: BTreeMap<&'static str, Vec<(String, String)>>,
    _vhost: Vhost,
    _turn: std::sync::MutexGuard<'static, ()>,
}

impl Drop for SplitStore {
    fn drop(&mut self) {
        self.daemons.clear();
        for url in self.databases.values() {
            let Ok(parsed) = url::Url::parse(url) else {
                continue;
            };
            let name = parsed.path().trim_start_matches('/').to_owned();
            let mut server = parsed.clone();
            server.set_path("/postgres");
            let _ = Command::new("psql")
                .args([
                    server.as_str(),
                    "-qAtc",
                    &format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
                ])
                .output();
        }
    }
}

impl SplitStore {
    /// Migrates fresh databases and starts every service; `extra` adds variables per service.
    pub fn start(pg: &str, amqp: &str, extra: &[(&'static str, &str, &str)]) -> SplitStore {
        // A test that failed while holding the lock leaves nothing behind that matters here.
        let turn = ONE_AT_A_TIME
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let vhost = Vhost::create();
        let mut amqp_url = url::Url::parse(amqp).expect("BOOKSTORE_TEST_AMQP_URL is a URL");
        amqp_url.set_path(&format!("/{}", vhost.0));
        let run = unique();
        let databases: BTreeMap<&'static str, String> =
            ["user", "catalog", "order", "payment", "notification"]
                .into_iter()
                .map(|s| {
                    let mut url =
                        url::Url::parse(pg).expect("BOOKSTORE_TEST_DATABASE_URL is a URL");
                    url.set_path(&format!("bookstore_test_{s}_{run}"));
                    (s, url.to_string())
                })
                .collect();
        let mut by_service: BTreeMap<&'static str, Vec<(String, String)>> = BTreeMap::new();
        for (service, key, value) in extra {
            by_service
                .entry(service)
                .or_default()
                .push(((*key).to_owned(), (*value).to_owned()));
        }
        let mut store = SplitStore {
            pg: pg.to_owned(),
            amqp: amqp_url.to_string(),
            databases,
            service_token: format!("secret-{run}"),
            data: tempfile::tempdir().expect("temp dir"),
            daemons: BTreeMap::new(),
            addresses: BTreeMap::new(),
            migrated: String::new(),
            extra: by_service,
            _vhost: vhost,
            _turn: turn,
        };
        let mut migrate = bookstored(store.data.path()).arg("migrate");
        for (service, url) in &store.databases {
            migrate = migrate.env(&format!("BOOKSTORE_{}_DATABASE_URL", upper(service)), url);
        }
        let out = migrate.env("BOOKSTORE_DATABASE_URL", pg).output();
        assert!(out.status.success(), "bookstored migrate: {out:?}");
        store.migrated = String::from_utf8_lossy(&out.stdout).into_owned();
        for service in SERVICES {
            store.launch(service, None);
        }
        store
    }

    fn launch(&mut self, service: &'static str, listen: Option<SocketAddr>) {
        let mut builder = bookstored(self.data.path())
            .arg(service)
            .env("BOOKSTORE_DATABASE_URL", &self.pg)
            .env("BOOKSTORE_AMQP_URL", &self.amqp)
            .env("BOOKSTORE_SERVICE_TOKEN", &self.service_token)
            .env("BOOKSTORE_ADMIN_EMAIL", ADMIN_EMAIL)
            .env("BOOKSTORE_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("BOOKSTORE_DATABASE_POOL_SIZE", "8");
        if let Some(url) = self.databases.get(service) {
            builder = builder.env(&format!("BOOKSTORE_{}_DATABASE_URL", upper(service)), url);
        }
        for (other, addr) in &self.addresses {
            builder = builder.env(
                &format!("BOOKSTORE_{}_URL", upper(other)),
                &format!("http://{addr}"),
            );
        }
        if let Some(addr) = listen {
            builder = builder.env(
                &format!("BOOKSTORE_{}_LISTEN", upper(service)),
                &addr.to_string(),
            );
        }
        for (key, value) in self.extra.get(service).into_iter().flatten() {
            builder = builder.env(key, value);
        }
        let daemon = builder.start();
        let addr = daemon
            .services
            .iter()
            .find(|(n, _)| n == service)
            .map(|(_, a)| *a)
            .unwrap_or_else(|| panic!("{service} did not report its address"));
        self.addresses.insert(service, addr);
        self.daemons.insert(service, daemon);
    }

    /// The gateway's base URL.
    pub fn gateway(&self) -> String {
        format!("http://{}", self.addresses["gateway"])
    }

    /// Kills `service` at once (SIGKILL), as a crash would.
    pub fn kill(&mut self, service: &'static str) {
        self.daemons.remove(service);
    }

    /// Starts `service` again on the address it had.
    pub fn restart(&mut self, service: &'static str) {
        let addr = self.addresses[service];
        self.launch(service, Some(addr));
    }

    /// One value from `service`'s database (`psql -At`).
    pub fn sql(&self, service: &str, query: &str) -> String {
        let out = Command::new("psql")
            .args([self.databases[service].as_str(), "-qAtc", query])
            .output()
            .expect("psql runs");
        assert!(out.status.success(), "psql {query}: {out:?}");
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }
}

fn upper(service: &str) -> String {
    service.to_uppercase()
}
