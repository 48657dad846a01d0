//! `secrets`: keys the service makes for itself once and shares between its replicas.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::schema::secrets;
use super::{Conn, dispatch};
use crate::error::NotificationError;

/// The secret `name`, stored as `candidate` if there is none yet. Two replicas starting
/// together both end up with whichever was stored first.
pub async fn get_or_insert(
    conn: &mut Conn<'_>,
    name: &str,
    candidate: &str,
) -> Result<String, NotificationError> {
    let now = super::now();
    dispatch!(conn, |c| {
        diesel::insert_into(secrets::table)
            .values((
                secrets::name.eq(name),
                secrets::value.eq(candidate),
                secrets::created_at.eq(now),
            ))
            .on_conflict_do_nothing()
            .execute(c)
            .await?
    });
    let value = dispatch!(conn, |c| {
        secrets::table
            .find(name)
            .select(secrets::value)
            .first(c)
            .await?
    });
    Ok(value)
}
