//! A UUID column read as text: neither backend shares a native UUID type here.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::sql_types::Text;

/// A UUID column read as text; a value that is no UUID fails the row's deserialisation (a
/// corrupt row is a 500, never a made-up id).
#[derive(Debug, diesel::deserialize::FromSqlRow)]
pub struct UuidText(uuid::Uuid);

impl<DB: Backend> FromSql<Text, DB> for UuidText
where
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        let text = String::from_sql(bytes)?;
        Ok(UuidText(uuid::Uuid::parse_str(&text)?))
    }
}

impl From<UuidText> for uuid::Uuid {
    fn from(value: UuidText) -> Self {
        value.0
    }
}
