//! Exit codes, and the one place that turns an error into a code and a message.

use std::io;

use bookstore_sdk::StatusCode;

/// It worked.
pub const SUCCESS: u8 = 0;
/// Anything else went wrong: a service is down, the gateway cannot be reached.
pub const FAILURE: u8 = 1;
/// Bad flags or invalid input, found by the command line or by the API (`400`, `422`).
pub const USAGE: u8 = 2;
/// Not logged in, or not allowed (`401`, `403`).
pub const NOT_ALLOWED: u8 = 3;
/// No such thing (`404`).
pub const NOT_FOUND: u8 = 4;
/// A clash with the current state (`409`): already exists, out of stock, already cancelled; or
/// changed by someone else since it was read (`412`).
pub const CONFLICT: u8 = 5;

/// The `--help` text after the options: exit codes and environment.
pub const HELP: &str = "\
Exit status:
  0  success
  1  failure (a service is down, the gateway cannot be reached)
  2  usage: bad flags or invalid input
  3  not logged in, or not allowed
  4  not found
  5  conflict (already exists, out of stock, already cancelled, changed meanwhile)

Environment:
  BOOKSTORE_GATEWAY     the gateway's URL (like --gateway)
  BOOKSTORE_PROFILE     the profile to use (like --profile)
  BOOKSTORE_TOKEN       an access token to use instead of the profile's login
  BOOKSTORE_CONFIG_DIR  where profiles and credentials are kept
  NO_COLOR              no colours when set (like --no-color)";

/// A failure the command line itself detects.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Input the flags could not rule out: an empty password, a prompt without a terminal.
    #[error("{0}")]
    Usage(String),
    /// No usable login for this profile and gateway.
    #[error("{0}")]
    NotLoggedIn(String),
    /// Some services are down (`bookstore status`).
    #[error("not ready: {} down", .0.join(", "))]
    Unhealthy(Vec<String>),
    /// A clash the command line words itself: a book changed by someone else meanwhile, books
    /// out of stock.
    #[error("{0}")]
    Conflict(String),
    /// Something named on the command line that the store does not have (a book by its ISBN).
    #[error("{0}")]
    NotFound(String),
    /// An outcome that is not the one asked for: an order cancelled instead of confirmed, a
    /// wait that timed out.
    #[error("{0}")]
    Failed(String),
    /// Some rows of a bulk command failed; each was reported on its own.
    #[error("{failed} of {total} rows failed")]
    RowsFailed { failed: usize, total: usize },
}

/// The exit code for `err`: the first cause in its chain that says something decides.
pub fn code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<CliError>() {
            return match e {
                CliError::Usage(_) => USAGE,
                CliError::NotLoggedIn(_) => NOT_ALLOWED,
                CliError::Unhealthy(_) | CliError::RowsFailed { .. } | CliError::Failed(_) => {
                    FAILURE
                }
                CliError::Conflict(_) => CONFLICT,
                CliError::NotFound(_) => NOT_FOUND,
            };
        }
        if let Some(e) = cause.downcast_ref::<bookstore_sdk::Error>() {
            return match e.status() {
                Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) => NOT_ALLOWED,
                Some(StatusCode::NOT_FOUND) => NOT_FOUND,
                Some(StatusCode::CONFLICT | StatusCode::PRECONDITION_FAILED) => CONFLICT,
                Some(StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY) => USAGE,
                _ => FAILURE,
            };
        }
    }
    FAILURE
}

/// `bookstore users list | head` closes the pipe early; that is the reader's choice, not a
/// failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// The one line printed after `bookstore: `. `verbose` adds the request id of an API error.
pub fn message(err: &anyhow::Error, verbose: bool) -> String {
    let mut parts = Vec::new();
    let mut api = None;
    for cause in err.chain() {
        parts.push(cause.to_string());
        // An SDK error already names its root cause; the layers below it only repeat it.
        if let Some(e) = cause.downcast_ref::<bookstore_sdk::Error>() {
            api = Some(e);
            break;
        }
    }
    let mut line = parts.join(": ");
    if let Some(api) = api {
        if api.is_unauthorized() {
            line.push_str(" (run `bookstore auth login`)");
        }
        if let (true, Some(id)) = (verbose, api.request_id()) {
            line.push_str(&format!(" [request id {id}]"));
        }
    }
    // Multi-line causes (a server's text body) would break the one-line promise.
    line.replace(['\n', '\r'], " ")
}

/// A usage error as one line (the promise every other error keeps): clap's message, its tips,
/// and the usage of the command it is about.
pub fn usage_line(err: &clap::Error) -> String {
    let text = err.render().to_string();
    let mut problem = Vec::new();
    let mut tips = Vec::new();
    let mut usage = None;
    let mut first_paragraph = true;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            first_paragraph = false;
        } else if let Some(rest) = line.strip_prefix("Usage: ") {
            usage = Some(rest);
        } else if let Some(tip) = line.strip_prefix("tip: ") {
            tips.push(tip);
        } else if line.starts_with("For more information") {
        } else if first_paragraph {
            problem.push(line.strip_prefix("error: ").unwrap_or(line));
        }
    }
    let mut one = problem.join(" ");
    for tip in tips {
        one.push_str("; ");
        one.push_str(tip);
    }
    match usage {
        Some(usage) => one.push_str(&format!(" (usage: {usage})")),
        None => one.push_str(" (see --help)"),
    }
    one
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use anyhow::Context;
    use bookstore_sdk::types::{FieldError, Problem};

    use super::*;

    fn api(status: u16) -> bookstore_sdk::Error {
        bookstore_sdk::Error::Api {
            status: StatusCode::from_u16(status).unwrap(),
            problem: Box::new(Problem {
                kind: "about:blank".into(),
                title: "Title".into(),
                status,
                detail: Some("what happened".into()),
                instance: None,
                request_id: None,
                errors: vec![FieldError::new("email", "is taken")],
                extensions: Default::default(),
            }),
            request_id: Some("req-1".into()),
        }
    }

    #[test]
    fn api_statuses_map_to_codes() {
        for (status, expected) in [
            (400, USAGE),
            (401, NOT_ALLOWED),
            (403, NOT_ALLOWED),
            (404, NOT_FOUND),
            (409, CONFLICT),
            (412, CONFLICT),
            (422, USAGE),
            (428, FAILURE),
            (429, FAILURE),
            (500, FAILURE),
            (503, FAILURE),
        ] {
            let err = anyhow::Error::new(api(status));
            assert_eq!(code(&err), expected, "status {status}");
        }
    }

    #[test]
    fn context_does_not_hide_the_cause() {
        let err = Err::<(), _>(api(404))
            .context("cannot show the user")
            .unwrap_err();
        assert_eq!(code(&err), NOT_FOUND);
        assert_eq!(
            message(&err, false),
            "cannot show the user: what happened; email: is taken"
        );
        assert_eq!(
            message(&err, true),
            "cannot show the user: what happened; email: is taken [request id req-1]"
        );
    }

    #[test]
    fn cli_errors_map_to_codes() {
        let code_of = |e: CliError| code(&anyhow::Error::new(e));
        assert_eq!(code_of(CliError::Usage("x".into())), USAGE);
        assert_eq!(code_of(CliError::NotLoggedIn("x".into())), NOT_ALLOWED);
        assert_eq!(code_of(CliError::Unhealthy(vec!["user".into()])), FAILURE);
        assert_eq!(code_of(CliError::Conflict("x".into())), CONFLICT);
        assert_eq!(code_of(CliError::NotFound("x".into())), NOT_FOUND);
        assert_eq!(code_of(CliError::Failed("x".into())), FAILURE);
        let failed = CliError::RowsFailed {
            failed: 2,
            total: 202,
        };
        assert_eq!(failed.to_string(), "2 of 202 rows failed");
        assert_eq!(code_of(failed), FAILURE);
        assert_eq!(code(&anyhow::anyhow!("plain")), FAILURE);
    }

    #[test]
    fn unauthorized_gets_a_hint() {
        let err = anyhow::Error::new(api(401));
        assert_eq!(
            message(&err, false),
            "what happened; email: is taken (run `bookstore auth login`)"
        );
    }

    #[test]
    fn broken_pipes_are_recognised_through_context() {
        let pipe = io::Error::from(io::ErrorKind::BrokenPipe);
        let err = Err::<(), _>(pipe).context("writing the table").unwrap_err();
        assert!(is_broken_pipe(&err));
        assert!(!is_broken_pipe(&anyhow::anyhow!("other")));
    }

    #[test]
    fn sources_below_an_sdk_error_are_not_repeated() {
        let io = io::Error::new(io::ErrorKind::ConnectionRefused, "refused");
        let sdk = bookstore_sdk::Error::Config(format!("{io}"));
        let err = Err::<(), _>(sdk).context("cannot log in").unwrap_err();
        assert_eq!(
            message(&err, false),
            "cannot log in: invalid client configuration: refused"
        );
    }

    #[test]
    fn messages_stay_on_one_line() {
        let err = anyhow::anyhow!("first\nsecond");
        assert_eq!(message(&err, false), "first second");
    }

    #[test]
    fn unhealthy_lists_services() {
        let err = CliError::Unhealthy(vec!["catalog".into(), "order".into()]);
        assert_eq!(err.to_string(), "not ready: catalog, order down");
    }

    fn usage_error(args: &[&str]) -> String {
        use clap::Parser as _;
        let err = crate::args::Cli::try_parse_from(args).unwrap_err();
        assert!(err.use_stderr(), "{err}");
        usage_line(&err)
    }

    #[test]
    fn usage_errors_are_one_line_with_their_tips_and_usage() {
        assert_eq!(
            usage_error(&["bookstore", "auth", "login", "--bogus"]),
            "unexpected argument '--bogus' found (usage: bookstore auth login [OPTIONS])"
        );
        assert_eq!(
            usage_error(&["bookstore", "books", "lst"]),
            "unrecognized subcommand 'lst'; a similar subcommand exists: 'list' \
             (usage: bookstore books [OPTIONS] <COMMAND>)"
        );
        assert_eq!(
            usage_error(&["bookstore", "books", "list", "--limit", "1000"]),
            "invalid value '1000' for '--limit <N>': 1000 is not in 1..=100 (see --help)"
        );
        let missing = usage_error(&["bookstore", "books", "stock"]);
        assert!(
            missing.starts_with("the following required arguments were not provided: ")
                && missing.contains("<ID>")
                && !missing.contains('\n'),
            "{missing}"
        );
    }
}
