//! The real `bookstore-tui` in a real terminal (tmux) against a real `bookstored`: log in,
//! search, add to the cart, check out with the sandbox card, see the order confirmed, quit,
//! and find the terminal as it was.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A `bookstored` on port 0 with its own data; killed on drop.
struct Store {
    child: Child,
    gateway: String,
}

impl Drop for Store {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The workspace's `bookstored`, built on demand when this test runs alone.
fn bookstored_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("test binary lives in target/<profile>/deps");
    let bin = dir.join(format!("bookstored{}", std::env::consts::EXE_SUFFIX));
    if !bin.exists() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "-p", "bookstored", "--bin", "bookstored"])
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building bookstored failed");
    }
    bin
}

fn start_store(data: &Path) -> Store {
    let mut cmd = Command::new(bookstored_binary());
    for (k, _) in std::env::vars() {
        if k.starts_with("BOOKSTORE_") {
            cmd.env_remove(k);
        }
    }
    for service in [
        "GATEWAY",
        "USER",
        "CATALOG",
        "ORDER",
        "PAYMENT",
        "NOTIFICATION",
    ] {
        cmd.env(format!("BOOKSTORE_{service}_LISTEN"), "127.0.0.1:0");
    }
    cmd.env("BOOKSTORE_DATA_DIR", data)
        .env("BOOKSTORE_LOG", "warn");
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("bookstored starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut gateway = None;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("bookstored reports where it listens within 60 s");
        if let Some(url) = line.strip_prefix("Gateway: ") {
            gateway = Some(url.trim().to_owned());
        }
        if line.starts_with("Stop with Ctrl-C") {
            break;
        }
    }
    std::thread::spawn(move || while rx.recv().is_ok() {});
    Store {
        child,
        gateway: gateway.expect("bookstored printed its gateway"),
    }
}

/// A tmux server of the test's own, with one window running a command.
struct Tmux {
    socket: String,
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]).output();
    }
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.args(["-f", "/dev/null", "-L", &self.socket]).args(args);
        cmd
    }

    fn run(&self, args: &[&str]) -> String {
        let out = self
            .cmd(args)
            .output()
            .expect("tmux runs (.ci/run installs it)");
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "shop"];
        args.extend(keys);
        self.run(&args);
    }

    fn text(&self, text: &str) {
        self.run(&["send-keys", "-t", "shop", "-l", text]);
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "shop"])
    }

    /// Waits until the screen shows `what`.
    fn wait_for(&self, what: &str, within: Duration) -> String {
        let deadline = Instant::now() + within;
        loop {
            let screen = self.screen();
            if screen.contains(what) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "the screen did not show {what:?} within {within:?}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

#[test]
fn a_shopper_logs_in_searches_buys_and_sees_the_order_confirmed() {
    let tmp = tempfile::tempdir().expect("a temp dir");
    let store = start_store(&tmp.path().join("data"));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let client = bookstore_sdk::Client::new(&store.gateway).expect("a client");
        client
            .auth()
            .register(&bookstore_sdk::types::RegisterRequest {
                email: "ada@example.com".into(),
                name: "Ada Lovelace".into(),
                password: "correct horse battery".into(),
            })
            .await
            .expect("registering works");
    });

    let config = tmp.path().join("config");
    let shell = format!(
        "env BOOKSTORE_CONFIG_DIR='{}' BOOKSTORE_GATEWAY='{}' BOOKSTORE_TUI_LOG_FILE='{}' '{}'; \
         echo EXITED $?; stty -a | tr ' ' '\\n' | grep -x -- '-\\?icanon'; sleep 60",
        config.display(),
        store.gateway,
        tmp.path().join("tui.log").display(),
        env!("CARGO_BIN_EXE_bookstore-tui"),
    );
    let tmux = Tmux {
        socket: format!("bookstore-tui-e2e-{}", std::process::id()),
    };
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "shop",
        "-x",
        "100",
        "-y",
        "30",
        &shell,
    ]);
    let long = Duration::from_secs(20);

    // No stored login: the login form comes first.
    tmux.wait_for("Log in", long);
    tmux.text("ada@example.com");
    tmux.keys(&["Tab"]);
    tmux.text("correct horse battery");
    tmux.keys(&["Enter"]);
    tmux.wait_for("● live", long);

    tmux.keys(&["/"]);
    tmux.text("dune");
    tmux.wait_for("“dune”", long);
    tmux.wait_for("Frank Herbert", long);
    tmux.keys(&["Enter", "a"]);
    tmux.wait_for("Added “Dune” to the cart", long);

    tmux.keys(&["2"]);
    tmux.wait_for("12.99 EUR", long);
    tmux.keys(&["c"]);
    tmux.wait_for("Sandbox", long);
    // The name comes from the account; the address is typed.
    tmux.text("12 St James's Square");
    tmux.keys(&["Tab", "Tab"]);
    tmux.text("SW1Y 4JH");
    tmux.keys(&["Enter"]);
    tmux.text("London");
    tmux.keys(&["Enter"]);
    tmux.text("GB");
    tmux.keys(&["Enter", "Enter"]);
    tmux.text("4242 4242 4242 4242");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Place the order?", long);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("History", long);
    assert!(screen.contains("My orders"), "{screen}");
    tmux.wait_for("confirmed", Duration::from_secs(30));

    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXITED", long);
    assert!(screen.contains("EXITED 0"), "{screen}");
    // Back on the normal screen, with the mouse released and the terminal cooked again.
    let state = tmux.run(&[
        "display",
        "-p",
        "-t",
        "shop",
        "#{alternate_on} #{mouse_any_flag}",
    ]);
    assert_eq!(state.trim(), "0 0");
    let screen = tmux.wait_for("icanon", long);
    assert!(
        !screen.contains("-icanon"),
        "raw mode was left on:\n{screen}"
    );

    // The login is stored where the command line finds it.
    assert!(config.join("config.json").exists());
}
