//! The channels a message goes out on (the Strategy): email over SMTP or into `.eml` files,
//! SMS through an HTTP provider. The in-app inbox needs no sender: a message stored with
//! `in_app` is delivered. [`Channels::from_args`] is the Factory choosing each strategy from
//! the configuration.

mod email;
mod sms;

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use bookstore_sdk::types::Channel;
use secrecy::ExposeSecret;

pub use email::{FileMailer, SmtpMailer};
pub use sms::TwilioSms;

use crate::config::NotificationArgs;
use crate::messages::Email;

/// One message for one sender.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// The delivery's id: the email's Message-ID and file name, so a message sent again after
    /// a crash is recognisably the same one.
    pub delivery_id: uuid::Uuid,
    /// An email address or a phone number.
    pub address: String,
    /// The reader's name, for the email's `To`.
    pub name: String,
    pub content: Content,
}

/// What is sent.
#[derive(Debug, Clone)]
pub enum Content {
    Email {
        email: Email,
        /// For the `List-Unsubscribe` header.
        unsubscribe_url: String,
    },
    Sms(String),
}

/// Why a send failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Worth another attempt later: the server is down, busy, or answered 4xx SMTP / 5xx HTTP.
    #[error("{0}")]
    Transient(String),
    /// Never going to work: the address is refused, the request is invalid.
    #[error("{0}")]
    Permanent(String),
}

/// A channel's sender (the Strategy).
#[async_trait]
pub trait Sender: Send + Sync {
    /// Sends `message`; `Ok` once the server or provider has accepted it.
    async fn send(&self, message: &Outgoing) -> Result<(), SendError>;

    /// What it sends to, for the logs: `smtp://host:port`, a folder, a provider.
    fn describe(&self) -> String;
}

/// The senders of this process, chosen from the configuration.
#[derive(Clone)]
pub struct Channels {
    pub email: Arc<dyn Sender>,
    /// `None` when no SMS provider is configured: SMS deliveries are then skipped.
    pub sms: Option<Arc<dyn Sender>>,
}

impl std::fmt::Debug for Channels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Channels")
            .field("email", &self.email.describe())
            .field("sms", &self.sms.as_ref().map(|s| s.describe()))
            .finish()
    }
}

impl Channels {
    /// SMTP when `BOOKSTORE_SMTP_URL` is set, else `.eml` files under the mail folder; SMS when
    /// the provider's account, token and sender are all set.
    pub fn from_args(
        args: &NotificationArgs,
        data_dir: &Path,
        http: &reqwest::Client,
    ) -> anyhow::Result<Channels> {
        let from: lettre::message::Mailbox = args.mail_from.parse().map_err(|e| {
            anyhow::anyhow!(
                "BOOKSTORE_MAIL_FROM = `{}` is not a mailbox: {e}",
                args.mail_from
            )
        })?;
        let email: Arc<dyn Sender> = match &args.smtp_url {
            Some(url) => Arc::new(SmtpMailer::new(url.expose_secret(), from)?),
            None => {
                let dir = args
                    .mail_dir
                    .clone()
                    .unwrap_or_else(|| data_dir.join("mail"));
                Arc::new(FileMailer::new(dir, from)?)
            }
        };
        let sms: Option<Arc<dyn Sender>> =
            match (&args.sms_account_sid, &args.sms_auth_token, &args.sms_from) {
                (Some(sid), Some(token), Some(from)) => Some(Arc::new(TwilioSms::new(
                    http.clone(),
                    &args.sms_base_url,
                    sid,
                    token.clone(),
                    from,
                )?)),
                (None, None, None) => None,
                _ => anyhow::bail!(
                    "SMS needs BOOKSTORE_SMS_ACCOUNT_SID, BOOKSTORE_SMS_AUTH_TOKEN and \
                 BOOKSTORE_SMS_FROM together; set all three or none"
                ),
            };
        Ok(Channels { email, sms })
    }

    /// The sender of `channel`; `None` for the inbox and for SMS without a provider.
    pub fn sender(&self, channel: Channel) -> Option<&Arc<dyn Sender>> {
        match channel {
            Channel::Email => Some(&self.email),
            Channel::Sms => self.sms.as_ref(),
            Channel::InApp => None,
        }
    }
}
