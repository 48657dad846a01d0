//! The first admin: created at start when the store has no active admin.
//!
//! - The account is `BOOKSTORE_ADMIN_EMAIL` (default `admin@bookstore.local`) with
//!   `BOOKSTORE_ADMIN_PASSWORD`, or with a generated password that [`crate::Started`] carries
//!   so that `bookstored` prints it once.
//! - A restart finds an active admin and does nothing, whatever the flags say now: the flags
//!   seed the store, they do not manage it (change the password through the API).
//! - If no active admin exists but an account with that email does (say a customer registered
//!   it), it is promoted only when `BOOKSTORE_ADMIN_PASSWORD` is its current password, which
//!   proves the operator controls it. Otherwise the start fails with what to do: silently
//!   promoting an account someone else may have registered would hand them the store.

use anyhow::{Context as _, bail};
use base64::Engine as _;
use bookstore_kit::db::Db;
use bookstore_sdk::types::Role;
use secrecy::ExposeSecret;

use crate::config::UserArgs;
use crate::domain::{DisplayName, Email, Password};
use crate::passwords::Passwords;
use crate::store::users::{self, Changes, NewUser};
use crate::unit_of_work;

/// The admin's email when `BOOKSTORE_ADMIN_EMAIL` is not set.
pub const DEFAULT_ADMIN_EMAIL: &str = "admin@bookstore.local";

/// An admin account made at this start.
#[derive(Clone, PartialEq, Eq)]
pub struct AdminCreated {
    pub email: String,
    /// The password, when it was generated: to be shown once, then forgotten.
    pub generated_password: Option<String>,
    /// `true` when an existing account was promoted rather than a new one created.
    pub promoted: bool,
}

impl std::fmt::Debug for AdminCreated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AdminCreated")
            .field("email", &self.email)
            .field(
                "generated_password",
                &self.generated_password.as_ref().map(|_| "[redacted]"),
            )
            .field("promoted", &self.promoted)
            .finish()
    }
}

enum Outcome {
    AdminExists,
    Created,
    EmailInUse { password_hash: String },
}

/// Makes sure an active admin exists; returns the account when it made one.
pub async fn ensure(
    db: &Db,
    passwords: &Passwords,
    args: &UserArgs,
) -> anyhow::Result<Option<AdminCreated>> {
    // Flags are checked on every start, even when no admin is needed, so that a mistake shows
    // up at once rather than on the day the store has lost its admins.
    let raw_email = args.admin_email.as_deref().unwrap_or(DEFAULT_ADMIN_EMAIL);
    let email = Email::parse(raw_email)
        .map_err(|e| anyhow::anyhow!("BOOKSTORE_ADMIN_EMAIL (`{raw_email}`) {e}"))?;
    let configured = args
        .admin_password
        .as_ref()
        .map(|p| Password::parse(p.expose_secret()))
        .transpose()
        .map_err(|e| anyhow::anyhow!("BOOKSTORE_ADMIN_PASSWORD {e}"))?;
    // The usual case, a restart, costs one query and no hashing.
    if crate::on_conn!(db, |conn| users::count_active_admins(conn).await)? > 0 {
        return Ok(None);
    }
    let (password, generated) = match configured {
        Some(p) => (p, None),
        None => {
            let p = generate_password()?;
            let shown = p.expose().to_owned();
            (p, Some(shown))
        }
    };
    let name = DisplayName::parse("Administrator").map_err(anyhow::Error::msg)?;
    let password_hash = passwords.hash(&password).await?;
    let new = NewUser {
        email: &email,
        name: &name,
        password_hash: &password_hash,
        role: Role::Admin,
    };
    // Under the admin lock, so two replicas starting together create one admin between them.
    let outcome = unit_of_work!(db, |conn| {
        users::lock_admins(conn).await?;
        if users::count_active_admins(conn).await? > 0 {
            return Ok(Outcome::AdminExists);
        }
        if let Some(existing) = users::find_by_email(conn, &email).await? {
            return Ok(Outcome::EmailInUse {
                password_hash: existing.password_hash,
            });
        }
        let admin = users::insert(conn, &new).await?;
        // Announced like any account, so the notification service knows whom to tell about
        // the admin's own orders.
        crate::events::user_registered(conn, &admin).await?;
        Ok(Outcome::Created)
    })?;
    match outcome {
        Outcome::AdminExists => Ok(None),
        Outcome::Created => {
            tracing::info!(email = %email, "created the first admin account");
            Ok(Some(AdminCreated {
                email: email.to_string(),
                generated_password: generated,
                promoted: false,
            }))
        }
        Outcome::EmailInUse { password_hash } => {
            promote(
                db,
                passwords,
                &email,
                &password,
                generated.is_none(),
                &password_hash,
            )
            .await
        }
    }
}

async fn promote(
    db: &Db,
    passwords: &Passwords,
    email: &Email,
    password: &Password,
    password_configured: bool,
    password_hash: &str,
) -> anyhow::Result<Option<AdminCreated>> {
    let proven = password_configured
        && passwords
            .verify(password.expose(), Some(password_hash))
            .await?;
    if !proven {
        bail!(
            "there is no active admin, and {email} already belongs to an account; to make that \
             account the admin, set BOOKSTORE_ADMIN_PASSWORD to its current password, or set \
             BOOKSTORE_ADMIN_EMAIL to an unused address to create a new admin"
        );
    }
    let promoted = unit_of_work!(db, |conn| {
        users::lock_admins(conn).await?;
        if users::count_active_admins(conn).await? > 0 {
            return Ok(false);
        }
        let Some(user) = users::find_by_email(conn, email).await? else {
            return Ok(false);
        };
        let changes = Changes {
            role: Some(Role::Admin.as_str().to_owned()),
            disabled: Some(false),
            ..Changes::default()
        };
        let promoted = users::update(conn, user.id, changes).await?;
        crate::events::user_updated(conn, &promoted).await?;
        Ok(true)
    })?;
    if !promoted {
        return Ok(None);
    }
    tracing::warn!(email = %email, "no active admin existed; promoted the existing account to admin");
    Ok(Some(AdminCreated {
        email: email.to_string(),
        generated_password: None,
        promoted: true,
    }))
}

/// 144 random bits as 24 base64url characters; regenerated in the (astronomically unlikely)
/// case that it fails the password policy.
fn generate_password() -> anyhow::Result<Password> {
    loop {
        let mut bytes = [0u8; 18];
        aws_lc_rs::rand::fill(&mut bytes).context("the system random generator failed")?;
        let text = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        if let Ok(password) = Password::parse(&text) {
            return Ok(password);
        }
    }
}
