//! Running a handler with the consumer retry policy; shared by both buses so they fail alike.

use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;
use tokio_util::sync::CancellationToken;

use super::bus::{Handler, HandlerError, RetryPolicy};
use super::envelope::Envelope;

/// How delivering one message to a handler ended.
pub(crate) enum Outcome {
    /// The handler returned `Ok`: acknowledge.
    Handled,
    /// Retries exhausted (or a permanent error): park the message.
    Failed(HandlerError),
    /// Shutdown came while waiting to retry: leave the message to be redelivered.
    Interrupted,
}

/// Calls `handler` until it succeeds, fails permanently or runs out of attempts, waiting with
/// exponential backoff between calls. A panicking handler counts as a transient failure, so
/// one bad message cannot take the consumer down.
///
/// Only the waits are cut short by `shutdown`: a handler call is never cancelled, because it
/// may be inside a database transaction.
pub(crate) async fn deliver(
    handler: &dyn Handler,
    envelope: &Envelope,
    queue: &str,
    policy: RetryPolicy,
    shutdown: Option<&CancellationToken>,
) -> Outcome {
    let attempts = policy.attempts.max(1);
    let mut attempt = 1;
    loop {
        let result = AssertUnwindSafe(handler.handle(envelope))
            .catch_unwind()
            .await
            .unwrap_or_else(|panic| Err(HandlerError::transient(panic_message(&panic))));
        let error = match result {
            Ok(()) => return Outcome::Handled,
            Err(error) => error,
        };
        if error.is_permanent() || attempt >= attempts {
            return Outcome::Failed(error);
        }
        let wait = policy.backoff(attempt);
        tracing::warn!(
            queue,
            event.id = %envelope.id,
            event.r#type = %envelope.event_type,
            attempt,
            retry_in_ms = wait.as_millis() as u64,
            error = %error,
            "event handler failed; retrying"
        );
        match shutdown {
            Some(token) => {
                tokio::select! {
                    _ = token.cancelled() => return Outcome::Interrupted,
                    _ = tokio::time::sleep(wait) => {}
                }
            }
            None => tokio::time::sleep(wait).await,
        }
        attempt += 1;
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    let text = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic payload".to_owned());
    format!("handler panicked: {text}")
}
