//! A stand-in user service: the keys test tokens are signed with (`/.well-known/jwks.json`)
//! and `/internal/users/{id}` answering from a list the test controls.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use bookstore_kit::auth::{JwkSet, KeyPair};
use bookstore_kit::testing::http::serve_stand_in;
use bookstore_sdk::types::{Role, User};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

/// The accounts the stand-in knows, and how often it was asked.
#[derive(Clone, Default)]
pub struct Accounts {
    known: Arc<Mutex<HashMap<Uuid, User>>>,
    pub lookups: Arc<Mutex<Vec<Uuid>>>,
}

impl Accounts {
    /// Makes `id` known with `email`, `name` and `role`.
    #[expect(clippy::unwrap_used)]
    pub fn add(&self, id: Uuid, email: &str, name: &str, role: Role) {
        let now = chrono::Utc::now();
        self.known.lock().unwrap().insert(
            id,
            User {
                id,
                email: email.into(),
                name: name.into(),
                role,
                disabled: false,
                created_at: now,
                updated_at: now,
            },
        );
    }
}

#[expect(clippy::unwrap_used)]
async fn lookup(
    State((accounts, token)): State<(Accounts, String)>,
    headers: axum::http::HeaderMap,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<User>, StatusCode> {
    let presented = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if presented != format!("Bearer {token}") {
        return Err(StatusCode::FORBIDDEN);
    }
    accounts.lookups.lock().unwrap().push(id);
    let found = accounts.known.lock().unwrap().get(&id).cloned();
    found.map(axum::Json).ok_or(StatusCode::NOT_FOUND)
}

/// Serves the stand-in until `shutdown`; returns its base URL.
pub async fn serve(
    key: &KeyPair,
    accounts: Accounts,
    service_token: &str,
    shutdown: CancellationToken,
) -> String {
    let set = JwkSet {
        keys: vec![key.jwk()],
    };
    let router = axum::Router::new()
        .route(
            "/.well-known/jwks.json",
            get(move || {
                let set = set.clone();
                async move { axum::Json(set) }
            }),
        )
        .route("/internal/users/{id}", get(lookup))
        .with_state((accounts, service_token.to_owned()));
    serve_stand_in(router, shutdown).await
}
