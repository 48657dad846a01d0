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

/// The value of the header `name` (any case) of the email `text`, folded lines joined; `None`
/// when it has no such header.
pub fn header(text: &str, name: &str) -> Option<String> {
    let mut found: Option<String> = None;
    let mut in_it = false;
    for line in text.lines() {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if in_it && let Some(value) = found.as_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        if found.is_some() {
            break;
        }
        in_it = line
            .split_once(':')
            .is_some_and(|(key, _)| key.eq_ignore_ascii_case(name));
        if in_it {
            found = line.split_once(':').map(|(_, v)| v.trim().to_owned());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::header;

    #[test]
    fn headers_are_found_in_any_case_and_unfolded() {
        let text = "From: a@example.com\r\nSubject: Order 0193A6F0\r\n is confirmed\r\nTO: <b@example.com>\r\n\r\nSubject: not a header\r\n";
        assert_eq!(
            header(text, "subject").as_deref(),
            Some("Order 0193A6F0 is confirmed")
        );
        assert_eq!(header(text, "To").as_deref(), Some("<b@example.com>"));
        assert_eq!(header(text, "Cc"), None);
    }
}
