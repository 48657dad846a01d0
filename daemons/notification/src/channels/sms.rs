//! SMS through a Twilio-style REST API: `POST {base}/2010-04-01/Accounts/{sid}/Messages.json`
//! with HTTP Basic auth (account SID and auth token) and a form body of `To`, `From`, `Body`;
//! `201` with the message's `sid` means accepted.

use std::time::Duration;

use async_trait::async_trait;
use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};

use super::{Content, Outgoing, SendError, Sender};

/// How long one request to the provider may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// The SMS provider's client.
pub struct TwilioSms {
    http: reqwest::Client,
    messages_url: String,
    account_sid: String,
    auth_token: SecretString,
    from: String,
}

impl TwilioSms {
    pub fn new(
        http: reqwest::Client,
        base_url: &str,
        account_sid: &str,
        auth_token: SecretString,
        from: &str,
    ) -> anyhow::Result<TwilioSms> {
        let base = url::Url::parse(base_url).map_err(|e| {
            anyhow::anyhow!("BOOKSTORE_SMS_BASE_URL = `{base_url}` is not a URL: {e}")
        })?;
        if !account_sid.chars().all(|c| c.is_ascii_alphanumeric()) || account_sid.is_empty() {
            anyhow::bail!("BOOKSTORE_SMS_ACCOUNT_SID must be letters and digits");
        }
        Ok(TwilioSms {
            http,
            messages_url: format!(
                "{}/2010-04-01/Accounts/{account_sid}/Messages.json",
                base.as_str().trim_end_matches('/')
            ),
            account_sid: account_sid.to_owned(),
            auth_token,
            from: from.to_owned(),
        })
    }
}

/// The provider's error body: `{"code": 21211, "message": "...", "status": 400}`.
#[derive(Debug, serde::Deserialize)]
struct ProviderError {
    code: Option<i64>,
    message: Option<String>,
}

#[async_trait]
impl Sender for TwilioSms {
    async fn send(&self, outgoing: &Outgoing) -> Result<(), SendError> {
        let Content::Sms(text) = &outgoing.content else {
            return Err(SendError::Permanent("not a text message".into()));
        };
        let form = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("To", &outgoing.address)
            .append_pair("From", &self.from)
            .append_pair("Body", text)
            .finish();
        let response = self
            .http
            .post(&self.messages_url)
            .basic_auth(&self.account_sid, Some(self.auth_token.expose_secret()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(form)
            .timeout(REQUEST_TIMEOUT)
            .send()
            .await
            .map_err(|e| SendError::Transient(format!("SMS provider unreachable: {e}")))?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let body = response.text().await.unwrap_or_default();
        let detail = match serde_json::from_str::<ProviderError>(&body) {
            Ok(ProviderError {
                code: Some(code),
                message: Some(message),
            }) => format!("{message} (code {code})"),
            _ => body.chars().take(300).collect(),
        };
        let error = format!("SMS provider answered {}: {detail}", status.as_u16());
        // Too many requests and server errors pass; any other refusal (a bad number, a
        // blocked recipient, wrong credentials) needs a person, not another attempt.
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            Err(SendError::Transient(error))
        } else {
            Err(SendError::Permanent(error))
        }
    }

    fn describe(&self) -> String {
        self.messages_url.clone()
    }
}
