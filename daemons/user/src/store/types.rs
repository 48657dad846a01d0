//! Column types read as text and converted on the way out: UUIDs and roles, which neither
//! backend shares a native type for.

use bookstore_sdk::types::Role;
use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::sql_types::Text;

/// A UUID column read as text.
#[derive(Debug, diesel::deserialize::FromSqlRow)]
pub struct UuidText(String);

/// A role column read as text.
#[derive(Debug, diesel::deserialize::FromSqlRow)]
pub struct RoleText(String);

impl<DB: Backend> FromSql<Text, DB> for UuidText
where
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        String::from_sql(bytes).map(UuidText)
    }
}

impl<DB: Backend> FromSql<Text, DB> for RoleText
where
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        String::from_sql(bytes).map(RoleText)
    }
}

impl TryFrom<UuidText> for uuid::Uuid {
    type Error = uuid::Error;
    fn try_from(value: UuidText) -> Result<Self, Self::Error> {
        uuid::Uuid::parse_str(&value.0)
    }
}

impl TryFrom<RoleText> for Role {
    type Error = String;
    fn try_from(value: RoleText) -> Result<Self, Self::Error> {
        value.0.parse()
    }
}
