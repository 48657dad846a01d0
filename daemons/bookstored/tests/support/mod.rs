//! Starting real `bookstored` processes and running the real `bookstore` CLI against them.
#![allow(dead_code)] // each test binary uses a different part of this module

pub mod faults;
pub mod load;
pub mod mail;
pub mod metrics;
pub mod otlp;
pub mod shop;
pub mod split;

use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `bookstored`; killed on drop.
pub struct Daemon {
    child: Child,
    /// Every line it printed on stdout so far.
    pub stdout: Vec<String>,
    /// The address of each service it started, by name.
    pub services: Vec<(String, SocketAddr)>,
    pub gateway: Option<String>,
    pub data_dir: PathBuf,
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Options for one daemon; cloned to start it again with the same ones.
#[derive(Clone)]
pub struct DaemonBuilder {
    args: Vec<String>,
    envs: Vec<(String, String)>,
    data_dir: PathBuf,
}

pub fn bookstored(data_dir: &Path) -> DaemonBuilder {
    let mut envs: Vec<(String, String)> = [
        "GATEWAY",
        "USER",
        "CATALOG",
        "ORDER",
        "PAYMENT",
        "NOTIFICATION",
    ]
    .iter()
    .map(|s| (format!("BOOKSTORE_{s}_LISTEN"), "127.0.0.1:0".to_owned()))
    .collect();
    envs.push(("BOOKSTORE_DATA_DIR".into(), data_dir.display().to_string()));
    envs.push(("BOOKSTORE_LOG".into(), "warn".into()));
    DaemonBuilder {
        args: Vec::new(),
        envs,
        data_dir: data_dir.to_path_buf(),
    }
}

impl DaemonBuilder {
    pub fn arg(mut self, arg: &str) -> Self {
        self.args.push(arg.to_owned());
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.envs.retain(|(k, _)| k != key);
        self.envs.push((key.to_owned(), value.to_owned()));
        self
    }

    /// Listens where `services` (a stopped daemon's) listened, so that clients holding those
    /// addresses find the store again.
    pub fn listen_at(mut self, services: &[(String, SocketAddr)]) -> Self {
        for (name, addr) in services {
            self = self.env(
                &format!("BOOKSTORE_{}_LISTEN", name.to_uppercase()),
                &addr.to_string(),
            );
        }
        self
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_bookstored"));
        cmd.args(&self.args);
        for (k, _) in std::env::vars() {
            if k.starts_with("BOOKSTORE_") {
                cmd.env_remove(k);
            }
        }
        cmd.envs(self.envs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        cmd
    }

    /// Runs it to completion (for commands that exit).
    pub fn output(&self) -> Output {
        self.command().output().expect("bookstored runs")
    }

    /// Starts it and waits until it has printed where it listens.
    pub fn start(self) -> Daemon {
        let mut child = self
            .command()
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("bookstored starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut daemon = Daemon {
            child,
            stdout: Vec::new(),
            services: Vec::new(),
            gateway: None,
            data_dir: self.data_dir.clone(),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = match rx.recv_timeout(left) {
                Ok(line) => line,
                Err(_) => {
                    let exited = daemon.child.try_wait().ok().flatten();
                    panic!(
                        "bookstored did not report its services within 60 s (exit status: {exited:?}); it printed: {:?}",
                        daemon.stdout
                    )
                }
            };
            if let Some((name, url)) = service_line(&line) {
                daemon.services.push((name, url));
            }
            if let Some(url) = line.strip_prefix("Gateway: ") {
                daemon.gateway = Some(url.trim().to_owned());
            }
            let done = line.starts_with("Stop with Ctrl-C");
            daemon.stdout.push(line);
            if done {
                break;
            }
        }
        // Keep draining stdout so the daemon never blocks on a full pipe.
        std::thread::spawn(move || while rx.recv().is_ok() {});
        daemon
    }
}

fn service_line(line: &str) -> Option<(String, SocketAddr)> {
    let mut parts = line.split_whitespace();
    let name = parts.next()?;
    let url = parts.next()?;
    if parts.next().is_some() || !line.starts_with("  ") {
        return None;
    }
    let addr = url.strip_prefix("http://")?.parse().ok()?;
    Some((name.to_owned(), addr))
}

impl Daemon {
    pub fn gateway(&self) -> &str {
        self.gateway
            .as_deref()
            .expect("this daemon runs the gateway")
    }

    pub fn service_url(&self, name: &str) -> String {
        let addr = self
            .services
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, a)| *a)
            .unwrap_or_else(|| panic!("no {name} service in {:?}", self.services));
        format!("http://{addr}")
    }

    /// Kills it at once (SIGKILL), as a crash would; where its services listened.
    pub fn kill(mut self) -> Vec<(String, SocketAddr)> {
        std::mem::take(&mut self.services)
    }

    /// Stops it with SIGTERM and waits for it to exit.
    pub fn stop(mut self) -> std::process::ExitStatus {
        let pid = self.child.id();
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(pid.to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "bookstored did not stop within 20 s of SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// The `bookstore` CLI binary of this workspace, built on demand when this test runs alone.
pub fn cli_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    // target/<profile>/deps/<test> -> target/<profile>/bookstore
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("test binary lives in target/<profile>/deps");
    let bin = dir.join(format!("bookstore{}", std::env::consts::EXE_SUFFIX));
    if !bin.exists() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "-p", "bookstore-cli", "--bin", "bookstore"])
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building the bookstore CLI failed");
    }
    bin
}

/// One user of the CLI: their own config directory (profiles, stored tokens).
pub struct Cli {
    pub config_dir: tempfile::TempDir,
    pub gateway: String,
}

/// What one CLI run did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The `status` of each item of a JSON page (`{"items": [...]}`) this run printed.
    pub fn statuses(&self) -> Vec<String> {
        self.json()["items"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|i| i["status"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {:?}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }

    #[track_caller]
    pub fn success(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "expected success; stdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }
}

impl Cli {
    pub fn new(gateway: &str) -> Cli {
        Cli {
            config_dir: tempfile::tempdir().expect("temp dir"),
            gateway: gateway.to_owned(),
        }
    }

    /// Runs `bookstore ARGS` with `stdin` as its standard input.
    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Run {
        self.run_full(args, stdin, &[])
    }

    /// Runs `bookstore ARGS` with extra environment variables.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        self.run_full(args, "", env)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(cli_binary());
        for (k, _) in std::env::vars() {
            if k.starts_with("BOOKSTORE_") {
                cmd.env_remove(k);
            }
        }
        cmd.args(args)
            .env("BOOKSTORE_GATEWAY", &self.gateway)
            .env("BOOKSTORE_CONFIG_DIR", self.config_dir.path())
            .env("NO_COLOR", "1");
        cmd
    }

    fn run_full(&self, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Run {
        let mut child = self
            .command(args)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("bookstore runs");
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(stdin.as_bytes())
            .expect("write stdin");
        let out = child.wait_with_output().expect("bookstore finishes");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, "")
    }

    /// Starts `bookstore ARGS` and leaves it running (`notifications watch`, say).
    pub fn spawn(&self, args: &[&str]) -> Running {
        let mut child = self
            .command(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("bookstore runs");
        let (tx, lines) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");
        let out = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if out.send((Stream::Stdout, line)).is_err() {
                    break;
                }
            }
        });
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send((Stream::Stderr, line)).is_err() {
                    break;
                }
            }
        });
        Running {
            child,
            lines,
            stdout: Vec::new(),
            stderr: Vec::new(),
        }
    }
}

/// Which output a line came on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// A CLI command left running, its output collected line by line as it comes; killed on drop.
pub struct Running {
    child: Child,
    lines: mpsc::Receiver<(Stream, String)>,
    /// Every line it printed on stdout so far.
    pub stdout: Vec<String>,
    /// Every line it printed on stderr so far.
    pub stderr: Vec<String>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Running {
    /// Collects its output until `done` holds of it; fails the test after `patience`.
    #[track_caller]
    pub fn wait_for(&mut self, what: &str, patience: Duration, done: impl Fn(&Running) -> bool) {
        let deadline = Instant::now() + patience;
        while !done(self) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.collect(line),
                Err(_) => panic!(
                    "never within {patience:?}: {what}\nstdout: {:#?}\nstderr: {:#?}",
                    self.stdout, self.stderr
                ),
            }
        }
    }

    /// Whether a line it printed on stderr contains `text`.
    pub fn said(&self, text: &str) -> bool {
        self.stderr.iter().any(|l| l.contains(text))
    }

    /// Collects what it printed in the last `pause`, however little.
    pub fn drain_for(&mut self, pause: Duration) {
        let until = Instant::now() + pause;
        while let Ok(line) = self
            .lines
            .recv_timeout(until.saturating_duration_since(Instant::now()))
        {
            self.collect(line);
        }
    }

    /// Waits for it to exit, collecting all it printed; fails the test after `patience`.
    #[track_caller]
    pub fn wait_exit(&mut self, patience: Duration) -> std::process::ExitStatus {
        let deadline = Instant::now() + patience;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("waiting for bookstore") {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "bookstore did not exit within {patience:?}\nstdout: {:#?}\nstderr: {:#?}",
                self.stdout,
                self.stderr
            );
            self.drain_for(Duration::from_millis(100));
        };
        // The readers end at the pipes' end, which follows the exit.
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(5)) {
            self.collect(line);
        }
        status
    }

    fn collect(&mut self, (stream, line): (Stream, String)) {
        match stream {
            Stream::Stdout => self.stdout.push(line),
            Stream::Stderr => self.stderr.push(line),
        }
    }
}

/// Polls `check` until it gives a value; fails the test after `patience`, with the last
/// thing `check` had to say.
#[track_caller]
pub fn eventually<T>(
    what: &str,
    patience: Duration,
    mut check: impl FnMut() -> Result<T, String>,
) -> T {
    let deadline = Instant::now() + patience;
    loop {
        match check() {
            Ok(value) => return value,
            Err(last) => assert!(
                Instant::now() < deadline,
                "never within {patience:?}: {what}; last: {last}"
            ),
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
