//! `/api/v1/authors*`: public to read, admin to change.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use bookstore_kit::auth::{AdminUser, MaybeUser};
use bookstore_kit::http::{Json, Path, Query};
use bookstore_sdk::types::{Author, AuthorQuery, AuthorUpdate, NewAuthor, Page, Problem};
use uuid::Uuid;

use super::PROBLEM;
use crate::error::CatalogError;
use crate::state::AppState;
use crate::{authors, routes};

/// List authors by name, optionally those whose name contains `q`.
#[utoipa::path(
    get, path = routes::AUTHORS, tag = "authors",
    params(AuthorQuery),
    responses(
        (status = 200, description = "One page of authors", body = Page<Author>),
        (status = 400, description = "Invalid limit or cursor", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    MaybeUser(_): MaybeUser,
    Query(query): Query<AuthorQuery>,
) -> Result<Json<Page<Author>>, CatalogError> {
    Ok(Json(authors::list(&state.db, &query).await?))
}

/// One author, with how many books name them.
#[utoipa::path(
    get, path = routes::AUTHOR, tag = "authors",
    params(("id" = Uuid, Path, description = "The author's id")),
    responses(
        (status = 200, description = "The author", body = Author),
        (status = 404, description = "No such author", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    MaybeUser(_): MaybeUser,
    Path(id): Path<Uuid>,
) -> Result<Json<Author>, CatalogError> {
    Ok(Json(authors::get(&state.db, id).await?))
}

/// Add an author (admin).
#[utoipa::path(
    post, path = routes::AUTHORS, tag = "authors", security(("bearer" = [])),
    request_body = NewAuthor,
    responses(
        (status = 201, description = "Created; `Location` names it", body = Author),
        (status = 400, description = "Invalid name or bio", body = Problem, content_type = PROBLEM),
        (status = 409, description = "An author with this name exists", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
    Json(new): Json<NewAuthor>,
) -> Result<Response, CatalogError> {
    let _writing = state.search_cache.write();
    let author = authors::create(&state.db, &new).await?;
    let location = routes::AUTHOR.replace("{id}", &author.id.to_string());
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(author),
    )
        .into_response())
}

/// Rename an author or change their bio (admin).
#[utoipa::path(
    patch, path = routes::AUTHOR, tag = "authors", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The author's id")),
    request_body = AuthorUpdate,
    responses(
        (status = 200, description = "The changed author", body = Author),
        (status = 400, description = "Invalid name or bio", body = Problem, content_type = PROBLEM),
        (status = 404, description = "No such author", body = Problem, content_type = PROBLEM),
        (status = 409, description = "An author with the new name exists", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
    Path(id): Path<Uuid>,
    Json(update): Json<AuthorUpdate>,
) -> Result<Json<Author>, CatalogError> {
    let _writing = state.search_cache.write();
    Ok(Json(authors::update(&state.db, id, &update).await?))
}

/// Delete an author (admin); refused while books name them.
#[utoipa::path(
    delete, path = routes::AUTHOR, tag = "authors", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The author's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such author", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Books still name the author", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, CatalogError> {
    let _writing = state.search_cache.write();
    authors::delete(&state.db, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
