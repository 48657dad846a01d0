//! Email: over SMTP with lettre, or, with no SMTP server configured, as `.eml` files in the
//! mail folder (one per delivery, named by its id, written atomically: sending one again
//! after a crash replaces the file instead of adding a second).

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use async_trait::async_trait;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::{Content, Outgoing, SendError, Sender};

/// How long one SMTP exchange may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// Builds the MIME message of `outgoing` (plain text and HTML alternatives).
fn message(from: &Mailbox, outgoing: &Outgoing) -> Result<Message, SendError> {
    let Content::Email {
        email,
        unsubscribe_url,
    } = &outgoing.content
    else {
        return Err(SendError::Permanent("not an email".into()));
    };
    let to: Mailbox = match outgoing.address.parse::<lettre::Address>() {
        Ok(address) => Mailbox::new(
            Some(outgoing.name.clone()).filter(|n| !n.is_empty()),
            address,
        ),
        Err(e) => {
            return Err(SendError::Permanent(format!(
                "`{}` is not an email address: {e}",
                outgoing.address
            )));
        }
    };
    let domain = from.email.domain().to_owned();
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(email.subject.clone())
        .message_id(Some(format!("<{}@{domain}>", outgoing.delivery_id)))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<{unsubscribe_url}>"),
        ))
        // RFC 8058: mail clients may unsubscribe with one POST, no page to click through.
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click".into(),
        ))
        .multipart(MultiPart::alternative_plain_html(
            email.text.clone(),
            email.html.clone(),
        ))
        .map_err(|e| SendError::Permanent(format!("cannot build the email: {e}")))
}

/// Sends over SMTP through a pool of connections.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    described: String,
}

impl SmtpMailer {
    /// `smtp://[user:pass@]host[:port][?tls=required|opportunistic]` or `smtps://...`.
    pub fn new(url: &str, from: Mailbox) -> anyhow::Result<SmtpMailer> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .context("BOOKSTORE_SMTP_URL is not an SMTP URL (smtp://host:port or smtps://host)")?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        let described = url::Url::parse(url)
            .map(|u| {
                format!(
                    "{}://{}:{}",
                    u.scheme(),
                    u.host_str().unwrap_or_default(),
                    u.port_or_known_default().unwrap_or(25)
                )
            })
            .unwrap_or_else(|_| "smtp".into());
        Ok(SmtpMailer {
            transport,
            from,
            described,
        })
    }
}

#[async_trait]
impl Sender for SmtpMailer {
    async fn send(&self, outgoing: &Outgoing) -> Result<(), SendError> {
        let message = message(&self.from, outgoing)?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            // 5xx: the server refuses this message for good (an unknown mailbox, say).
            Err(e) if e.is_permanent() => Err(SendError::Permanent(format!("SMTP: {e}"))),
            Err(e) => Err(SendError::Transient(format!("SMTP: {e}"))),
        }
    }

    fn describe(&self) -> String {
        self.described.clone()
    }
}

/// Writes each email to `<dir>/<delivery id>.eml`.
pub struct FileMailer {
    dir: PathBuf,
    from: Mailbox,
}

impl FileMailer {
    pub fn new(dir: PathBuf, from: Mailbox) -> anyhow::Result<FileMailer> {
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("creating the mail folder {}", dir.display()))?;
        Ok(FileMailer { dir, from })
    }
}

#[async_trait]
impl Sender for FileMailer {
    async fn send(&self, outgoing: &Outgoing) -> Result<(), SendError> {
        let bytes = message(&self.from, outgoing)?.formatted();
        let path = self.dir.join(format!("{}.eml", outgoing.delivery_id));
        let partial = self
            .dir
            .join(format!(".{}.eml.partial", outgoing.delivery_id));
        // Both steps in one trip to the blocking pool: each trip is a hand-off between
        // threads, and a promotion writes a file for every reader.
        let target = path.clone();
        let written = tokio::task::spawn_blocking(move || {
            std::fs::write(&partial, &bytes)?;
            std::fs::rename(&partial, &target)
        })
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e)));
        written.map_err(|e| SendError::Transient(format!("writing {}: {e}", path.display())))
    }

    fn describe(&self) -> String {
        format!("files in {}", self.dir.display())
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::messages::Email;

    fn outgoing(address: &str) -> Outgoing {
        Outgoing {
            delivery_id: "0193a6f0-0000-7000-8000-0000000000aa".parse().unwrap(),
            address: address.into(),
            name: "Ada Lovelace".into(),
            content: Content::Email {
                email: Email {
                    subject: "Order 0193A6F0 is confirmed".into(),
                    text: "Thank you.".into(),
                    html: "<p>Thank you.</p>".into(),
                },
                unsubscribe_url: "https://books.example/u?token=abc".into(),
            },
        }
    }

    #[tokio::test]
    async fn files_are_named_by_delivery_and_written_once() {
        let dir = tempfile::tempdir().unwrap();
        let from: Mailbox = "Bookstore <no-reply@bookstore.example>".parse().unwrap();
        let mailer = FileMailer::new(dir.path().join("mail"), from).unwrap();
        mailer.send(&outgoing("ada@example.com")).await.unwrap();
        mailer.send(&outgoing("ada@example.com")).await.unwrap();
        let files: Vec<_> = std::fs::read_dir(dir.path().join("mail"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(files, ["0193a6f0-0000-7000-8000-0000000000aa.eml"]);
        let text = std::fs::read_to_string(dir.path().join("mail").join(&files[0])).unwrap();
        assert!(
            text.contains("To: \"Ada Lovelace\" <ada@example.com>"),
            "{text}"
        );
        assert!(
            text.contains("Message-ID: <0193a6f0-0000-7000-8000-0000000000aa@bookstore.example>"),
            "{text}"
        );
        assert!(
            text.contains("List-Unsubscribe: <https://books.example/u?token=abc>"),
            "{text}"
        );
        assert!(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assert!(text.contains("multipart/alternative"));

        let refused = mailer.send(&outgoing("not an address")).await;
        assert!(
            matches!(refused, Err(SendError::Permanent(_))),
            "{refused:?}"
        );
    }
}
