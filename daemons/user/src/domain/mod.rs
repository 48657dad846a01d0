//! Validated input: values that can only exist once parsed, so the rest of the service never
//! re-checks an email, a password or a display name.

mod display_name;
mod email;
mod password;

pub use display_name::DisplayName;
pub use email::Email;
pub use password::Password;
