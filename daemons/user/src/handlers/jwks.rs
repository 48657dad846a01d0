//! `/.well-known/jwks.json`: the public keys access tokens are signed with.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use bookstore_kit::http::Json;

use crate::error::UserError;
use crate::routes;
use crate::state::AppState;

/// The JSON Web Key Set (Ed25519 `OKP` keys) that verifies access tokens.
#[utoipa::path(
    get, path = routes::JWKS, tag = "auth",
    responses((status = 200, description = "`{\"keys\": [...]}` (RFC 7517)", body = serde_json::Value))
)]
pub async fn jwks(State(state): State<AppState>) -> Result<impl IntoResponse, UserError> {
    let set = crate::keys::published(&state.db, state.key_grace).await?;
    // Verifiers cache keys and refetch on an unknown key id, so a short cache is safe.
    Ok(([(header::CACHE_CONTROL, "public, max-age=300")], Json(set)))
}
