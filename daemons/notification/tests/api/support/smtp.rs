//! A real SMTP server for a test: aiosmtpd, in a process of the test's own, storing what it
//! receives in a maildir. Runs when `BOOKSTORE_TEST_AIOSMTPD` names the Python that has
//! aiosmtpd (`.ci/run` sets it); then a server that does not start fails the test.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The Python to run aiosmtpd with, when the environment has one.
pub fn python() -> Option<String> {
    std::env::var("BOOKSTORE_TEST_AIOSMTPD")
        .ok()
        .filter(|v| !v.is_empty())
}

/// A free loopback port (free when asked: the server binds it a moment later).
#[expect(clippy::unwrap_used)]
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running aiosmtpd; killed on drop. The maildir survives restarts.
pub struct Aiosmtpd {
    child: Option<Child>,
    pub port: u16,
    pub maildir: PathBuf,
    python: String,
}

impl Drop for Aiosmtpd {
    fn drop(&mut self) {
        self.stop();
    }
}

impl Aiosmtpd {
    /// Starts a server on `port` storing mail in a maildir under `dir`; panics when it does
    /// not answer.
    pub fn start(python: &str, port: u16, dir: &Path) -> Aiosmtpd {
        let mut server = Aiosmtpd {
            child: None,
            port,
            // aiosmtpd makes the maildir's folders only when it makes the maildir itself.
            maildir: dir.join("maildir"),
            python: python.to_owned(),
        };
        server.restart();
        server
    }

    /// Starts it again after [`Aiosmtpd::stop`], on the same port and maildir.
    #[expect(clippy::expect_used)]
    pub fn restart(&mut self) {
        let child = Command::new(&self.python)
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{}", self.port),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(&self.maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("BOOKSTORE_TEST_AIOSMTPD is set but aiosmtpd does not start");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(15);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "aiosmtpd did not listen on {} within 15 s",
                self.port
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the server: connections are refused until [`Aiosmtpd::restart`].
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, as text.
    pub fn messages(&self) -> Vec<String> {
        read_dir_texts(&self.maildir.join("new"))
    }
}

/// The text of every file in `dir` (none when it does not exist).
pub fn read_dir_texts(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut texts: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    texts.sort();
    texts
}
