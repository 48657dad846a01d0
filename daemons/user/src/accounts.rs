//! Account management: the caller's own profile and, for admins, everyone's. Rules that span
//! rows (the last active admin, sessions ending when an account is disabled) are enforced here,
//! inside one transaction each.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bookstore_kit::auth::Claims;
use bookstore_kit::db::Db;
use bookstore_sdk::types::{AdminUserUpdate, Page, ProfileUpdate, Role, User, UserListQuery};
use uuid::Uuid;

use crate::domain::{DisplayName, Email};
use crate::error::{Fields, UserError};
use crate::store::refresh_tokens;
use crate::store::users::{self, Changes, ListFilter, UserRow};
use crate::{events, on_conn, store, unit_of_work};

/// Page size of `GET /users` when none is asked for, and the most it may be.
pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;

/// The caller's account. Access tokens outlive changes to the account, so the account itself
/// is checked: deleted is 401, disabled is 403.
pub async fn current(db: &Db, claims: &Claims) -> Result<UserRow, UserError> {
    let user = on_conn!(db, |conn| users::find(conn, claims.sub).await)?
        .ok_or(UserError::UnknownAccount)?;
    if user.disabled {
        return Err(UserError::AccountDisabled);
    }
    Ok(user)
}

/// The caller's account, which must be an active admin now, whatever the token still says.
pub async fn require_admin(db: &Db, claims: &Claims) -> Result<UserRow, UserError> {
    let user = current(db, claims).await?;
    if user.role != Role::Admin {
        return Err(UserError::NotAdmin);
    }
    Ok(user)
}

/// `GET /users/{id}` (admin).
pub async fn get(db: &Db, id: Uuid) -> Result<UserRow, UserError> {
    on_conn!(db, |conn| users::find(conn, id).await)?.ok_or(UserError::UserNotFound)
}

/// `PATCH /users/me`.
pub async fn update_profile(
    db: &Db,
    id: Uuid,
    update: &ProfileUpdate,
) -> Result<UserRow, UserError> {
    let mut fields = Fields::default();
    let name = update
        .name
        .as_deref()
        .map(|n| fields.check("name", DisplayName::parse(n)));
    let email = update
        .email
        .as_deref()
        .map(|e| fields.check("email", Email::parse(e)));
    if !fields.is_empty() {
        return Err(fields.into_errors().into());
    }
    let mut changes = Changes {
        email: email.flatten().map(|e| e.as_str().to_owned()),
        ..Changes::default()
    };
    if let Some(name) = name.flatten() {
        changes = changes.name(&name);
    }
    unit_of_work!(db, |conn| {
        let updated = users::update(conn, id, changes).await?;
        events::user_updated(conn, &updated).await?;
        Ok(updated)
    })
}

/// `PATCH /users/{id}` (admin). Demoting or disabling the last active admin is refused;
/// disabling ends the account's sessions.
pub async fn admin_update(
    db: &Db,
    id: Uuid,
    update: &AdminUserUpdate,
) -> Result<UserRow, UserError> {
    let name = match update.name.as_deref().map(DisplayName::parse) {
        Some(Err(message)) => return Err(UserError::field("name", message)),
        Some(Ok(name)) => Some(name),
        None => None,
    };
    unit_of_work!(db, |conn| {
        users::lock_admins(conn).await?;
        let target = users::find(conn, id)
            .await?
            .ok_or(UserError::UserNotFound)?;
        let role = update.role.unwrap_or(target.role);
        let disabled = update.disabled.unwrap_or(target.disabled);
        let stays_active_admin = role == Role::Admin && !disabled;
        if target.is_active_admin()
            && !stays_active_admin
            && users::count_active_admins(conn).await? <= 1
        {
            return Err(UserError::LastAdmin);
        }
        let mut changes = Changes {
            role: update.role.map(|r| r.as_str().to_owned()),
            disabled: update.disabled,
            ..Changes::default()
        };
        if let Some(name) = &name {
            changes = changes.name(name);
        }
        let updated = users::update(conn, id, changes).await?;
        events::user_updated(conn, &updated).await?;
        if disabled && !target.disabled {
            refresh_tokens::revoke_user(conn, id, None, store::now()).await?;
            tracing::info!(user.id = %id, "account disabled; its sessions are revoked");
        }
        Ok(updated)
    })
}

/// `GET /users` (admin): one page, filtered.
pub async fn list(db: &Db, query: &UserListQuery) -> Result<Page<User>, UserError> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(UserError::field(
            "limit",
            format!("must be between 1 and {MAX_LIMIT}"),
        ));
    }
    let after = query.cursor.as_deref().map(decode_cursor).transpose()?;
    let filter = ListFilter {
        text: query
            .q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_lowercase),
        role: query.role,
        after,
        // One more than the page: whether it exists says if there is a next page.
        limit: i64::from(limit) + 1,
    };
    let mut rows = on_conn!(db, |conn| users::list(conn, &filter).await)?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = if more {
        rows.last().map(|last| encode_cursor(last.id))
    } else {
        None
    };
    Ok(Page {
        items: rows.into_iter().map(User::from).collect(),
        next_cursor,
    })
}

/// Cursors are opaque to clients: a version tag and the last id seen, base64url.
const CURSOR_TAG: &str = "u1:";

fn encode_cursor(last: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(format!("{CURSOR_TAG}{last}"))
}

fn decode_cursor(cursor: &str) -> Result<Uuid, UserError> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| Uuid::parse_str(text.strip_prefix(CURSOR_TAG)?).ok())
        .ok_or_else(|| UserError::field("cursor", "is not a cursor this list returned"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let id = Uuid::now_v7();
        assert_eq!(decode_cursor(&encode_cursor(id)).ok(), Some(id));
        for bad in [
            "",
            "!!",
            "bm90LWEtY3Vyc29y",
            &URL_SAFE_NO_PAD.encode("u1:nope"),
        ] {
            assert!(decode_cursor(bad).is_err(), "{bad}");
        }
    }
}
