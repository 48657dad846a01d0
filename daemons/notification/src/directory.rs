//! Finding a reader the service has not heard of: an event about an account can arrive before
//! the account's announcement, or be about an account from before this service ran. Then the
//! user service is asked (`/internal/users/{id}`, with the service token).

use std::time::Duration;

use bookstore_kit::auth::ServiceToken;
use bookstore_sdk::types::User;
use reqwest::StatusCode;
use uuid::Uuid;

use crate::store::recipients::Account;

/// How long one lookup may take.
const LOOKUP_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a lookup found nothing.
#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    /// The user service does not know the account (yet): the event waits and is retried.
    #[error("the user service does not know account {0}")]
    Unknown(Uuid),
    /// The user service could not be asked.
    #[error("the user service cannot be asked about account {0}: {1}")]
    Unreachable(Uuid, String),
}

/// The user service's client. Cloning shares the HTTP pool.
#[derive(Debug, Clone)]
pub struct Directory {
    http: reqwest::Client,
    base: String,
    token: ServiceToken,
}

impl Directory {
    pub fn new(http: reqwest::Client, user_service: &str, token: ServiceToken) -> Directory {
        Directory {
            http,
            base: user_service.trim_end_matches('/').to_owned(),
            token,
        }
    }

    /// The account `id` as the user service has it now.
    pub async fn account(&self, id: Uuid) -> Result<Account, LookupError> {
        let response = self
            .http
            .get(format!("{}/internal/users/{id}", self.base))
            .header(reqwest::header::AUTHORIZATION, self.token.bearer())
            .headers(bookstore_kit::telemetry::trace_headers())
            .timeout(LOOKUP_TIMEOUT)
            .send()
            .await
            .map_err(|e| LookupError::Unreachable(id, e.to_string()))?;
        match response.status() {
            StatusCode::OK => {
                let user: User = response
                    .json()
                    .await
                    .map_err(|e| LookupError::Unreachable(id, e.to_string()))?;
                Ok(Account {
                    user_id: user.id,
                    email: user.email,
                    name: user.name,
                    role: user.role,
                    disabled: user.disabled,
                })
            }
            StatusCode::NOT_FOUND => Err(LookupError::Unknown(id)),
            other => Err(LookupError::Unreachable(
                id,
                format!("answered {}", other.as_u16()),
            )),
        }
    }
}
