//! `bookstore auth ...`: register, login, logout, status, token.

use anyhow::Result;
use bookstore_sdk::types::{LoginRequest, LogoutRequest, RegisterRequest, User};
use chrono::{DateTime, Utc};
use comfy_table::Cell;
use serde::Serialize;

use crate::args::auth::{AuthCommand, LoginArgs, RegisterArgs};
use crate::args::value;
use bookstore_sdk::session::{StoreKind, TokenSource};

use crate::context::{Context, client_for};
use crate::exit::CliError;
use crate::output::{Render, Style, finish, record_table, time};
use crate::prompt;

pub async fn run(ctx: &mut Context, command: AuthCommand) -> Result<()> {
    match command {
        AuthCommand::Register(args) => register(ctx, args).await,
        AuthCommand::Login(args) => login(ctx, args).await,
        AuthCommand::Logout => logout(ctx).await,
        AuthCommand::Status => status(ctx).await,
        AuthCommand::Token => token(ctx).await,
    }
}

async fn register(ctx: &mut Context, args: RegisterArgs) -> Result<()> {
    let email = given_or_asked(args.email, "Email", None, "--email", value::email)?;
    let name = given_or_asked(args.name, "Name", None, "--name", value::non_empty)?;
    let password = if args.password_stdin {
        prompt::password_from_stdin()?
    } else if prompt::interactive() {
        let first = prompt::password("Password")?;
        if prompt::password("Password again")? != first {
            return Err(CliError::Usage("the passwords differ".to_owned()).into());
        }
        first
    } else {
        return Err(no_terminal("--password-stdin"));
    };
    let request = RegisterRequest {
        email,
        name,
        password,
    };
    let pair = ctx.client().auth().register(&request).await?;
    ctx.remember_login(&pair)?;
    ctx.out.info(format!(
        "Registered and logged in as {} on {}",
        pair.user.email, ctx.gateway
    ));
    ctx.out.print(&pair.user)
}

async fn login(ctx: &mut Context, args: LoginArgs) -> Result<()> {
    let remembered = ctx.profile().and_then(|p| p.email.clone());
    let email = match (args.email, remembered) {
        (Some(email), _) => email,
        (None, remembered) if prompt::interactive() => {
            let answer = prompt::line("Email", remembered.as_deref())?;
            value::email(&answer).map_err(CliError::Usage)?
        }
        (None, Some(remembered)) => remembered,
        (None, None) => return Err(no_terminal("--email")),
    };
    let password = if args.password_stdin {
        prompt::password_from_stdin()?
    } else if prompt::interactive() {
        prompt::password("Password")?
    } else {
        return Err(no_terminal("--password-stdin"));
    };
    let request = LoginRequest { email, password };
    let pair = match ctx.client().auth().login(&request).await {
        // Exit 3 like any refusal, without the "run `bookstore auth login`" hint.
        Err(e) if e.is_unauthorized() => return Err(CliError::NotLoggedIn(e.to_string()).into()),
        other => other?,
    };
    ctx.remember_login(&pair)?;
    ctx.out.info(format!(
        "Logged in as {} ({}) on {}",
        pair.user.email, pair.user.role, ctx.gateway
    ));
    Ok(())
}

async fn logout(ctx: &mut Context) -> Result<()> {
    let stored = ctx
        .profile()
        .and_then(|p| Some((p.gateway.clone(), p.credentials?)));
    if let Some((gateway, kind)) = stored {
        // Ending the session on the server is a courtesy; forgetting it here is what counts.
        match ctx.login.tokens().load(&ctx.profile, kind) {
            Ok(Some(credentials)) => {
                let client = client_for(&gateway)?;
                if !credentials.needs_refresh(Utc::now()) {
                    client.set_token(Some(credentials.access_token.clone()));
                }
                let request = LogoutRequest {
                    refresh_token: credentials.refresh_token,
                };
                match client.auth().logout(&request).await {
                    Ok(()) => {}
                    Err(e) if e.status().is_some() => {
                        ctx.out
                            .detail(format!("the gateway did not end the session: {e}"));
                    }
                    Err(e) => ctx.out.warn(format!(
                        "cannot end the session on the server ({e}); forgetting it here anyway"
                    )),
                }
            }
            Ok(None) => {}
            Err(e) => ctx
                .out
                .detail(format!("cannot read the stored tokens: {e:#}")),
        }
        ctx.forget_login()?;
        ctx.out
            .info(format!("Logged out of {gateway} (profile {})", ctx.profile));
    } else {
        ctx.out
            .info(format!("Not logged in (profile {})", ctx.profile));
    }
    if ctx.login.tokens().env_token().is_some() {
        ctx.out.warn(format!(
            "{} is set and is still used until you unset it",
            bookstore_sdk::TOKEN_ENV
        ));
    }
    Ok(())
}

/// `auth status`: the account behind the token, and where the token comes from.
#[derive(Debug, Serialize)]
pub struct AuthStatus {
    pub gateway: String,
    pub profile: String,
    /// `keyring`, `file` or `env` (`BOOKSTORE_TOKEN`).
    pub credentials: &'static str,
    /// When the access token expires; unknown for `BOOKSTORE_TOKEN`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
    pub user: User,
}

impl Render for AuthStatus {
    fn human(&self, style: &Style) -> String {
        let expires = self
            .expires_at
            .map(|t| format!(", expires {}", time(&t)))
            .unwrap_or_default();
        let mut table = record_table(
            style,
            vec![
                ("Gateway", Cell::new(&self.gateway)),
                ("Profile", Cell::new(&self.profile)),
                ("Email", Cell::new(&self.user.email)),
                ("Name", Cell::new(&self.user.name)),
                ("Role", Cell::new(self.user.role)),
                ("Token", Cell::new(format!("{}{expires}", self.credentials))),
            ],
        );
        finish(&mut table)
    }
}

async fn status(ctx: &mut Context) -> Result<()> {
    let source = ctx.authenticate().await?;
    let user = ctx.client().users().me().await?;
    let (credentials, expires_at) = match source {
        TokenSource::Env => ("env", None),
        TokenSource::Stored { kind, expires_at } => (
            match kind {
                StoreKind::Keyring => "keyring",
                StoreKind::File => "file",
            },
            Some(expires_at),
        ),
    };
    ctx.out.print(&AuthStatus {
        gateway: ctx.gateway.clone(),
        profile: ctx.profile.clone(),
        credentials,
        expires_at,
        user,
    })
}

/// `auth token`: the bare token for `-o table`, so `$(bookstore auth token)` works.
#[derive(Debug, Serialize)]
struct Token {
    access_token: String,
}

impl Render for Token {
    fn human(&self, _: &Style) -> String {
        format!("{}\n", self.access_token)
    }
}

async fn token(ctx: &mut Context) -> Result<()> {
    ctx.authenticate().await?;
    let Some(access_token) = ctx.client().token() else {
        return Err(CliError::NotLoggedIn("no access token".to_owned()).into());
    };
    ctx.out.print(&Token { access_token })
}

/// A flag's value, else the answer to a prompt, else a usage error naming the flag.
fn given_or_asked(
    given: Option<String>,
    label: &str,
    default: Option<&str>,
    flag: &str,
    check: fn(&str) -> Result<String, String>,
) -> Result<String> {
    match given {
        Some(value) => Ok(value),
        None if prompt::interactive() => {
            let answer = prompt::line(label, default)?;
            Ok(check(&answer).map_err(|e| CliError::Usage(format!("{label}: {e}")))?)
        }
        None => Err(no_terminal(flag)),
    }
}

fn no_terminal(flag: &str) -> anyhow::Error {
    CliError::Usage(format!(
        "{flag} is required when standard input is not a terminal"
    ))
    .into()
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use bookstore_sdk::types::Role;
    use uuid::Uuid;

    use super::*;
    use crate::args::Format;
    use crate::output::render;

    fn status() -> AuthStatus {
        let at = DateTime::parse_from_rfc3339("2026-11-26T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        AuthStatus {
            gateway: "http://127.0.0.1:8080".into(),
            profile: "default".into(),
            credentials: "file",
            expires_at: Some(at),
            user: User {
                id: Uuid::nil(),
                email: "ada@example.com".into(),
                name: "Ada".into(),
                role: Role::Admin,
                disabled: false,
                created_at: at,
                updated_at: at,
            },
        }
    }

    #[test]
    fn status_prints_who_and_where() {
        let text = render(Format::Table, &Style::default(), &status()).unwrap();
        assert_eq!(
            text,
            "Gateway  http://127.0.0.1:8080\n\
             Profile  default\n\
             Email    ada@example.com\n\
             Name     Ada\n\
             Role     admin\n\
             Token    file, expires 2026-11-26 10:00 UTC\n"
        );
        let json: serde_json::Value =
            serde_json::from_str(&render(Format::Json, &Style::default(), &status()).unwrap())
                .unwrap();
        assert_eq!(json["user"]["role"], "admin");
        assert_eq!(json["credentials"], "file");
    }

    #[test]
    fn token_prints_bare_or_as_json() {
        let token = Token {
            access_token: "abc".into(),
        };
        assert_eq!(
            render(Format::Table, &Style::default(), &token).unwrap(),
            "abc\n"
        );
        assert_eq!(
            render(Format::Json, &Style::default(), &token).unwrap(),
            "{\n  \"access_token\": \"abc\"\n}\n"
        );
    }
}
