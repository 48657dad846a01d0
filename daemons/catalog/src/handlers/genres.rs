//! `/api/v1/genres*`: public to read, admin to change. One genre is addressed by slug or id.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use bookstore_kit::auth::{AdminUser, MaybeUser};
use bookstore_kit::http::{Json, Path, Query};
use bookstore_sdk::types::{Genre, NewGenre, Page, PageQuery, Problem};

use super::PROBLEM;
use crate::error::CatalogError;
use crate::state::AppState;
use crate::{genres, routes};

/// List the genres by slug.
#[utoipa::path(
    get, path = routes::GENRES, tag = "genres",
    params(PageQuery),
    responses(
        (status = 200, description = "One page of genres", body = Page<Genre>),
        (status = 400, description = "Invalid limit or cursor", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    MaybeUser(_): MaybeUser,
    Query(query): Query<PageQuery>,
) -> Result<Json<Page<Genre>>, CatalogError> {
    Ok(Json(genres::list(&state.db, &query).await?))
}

/// One genre, by slug or id.
#[utoipa::path(
    get, path = routes::GENRE, tag = "genres",
    params(("genre" = String, Path, description = "The genre's slug or id")),
    responses(
        (status = 200, description = "The genre", body = Genre),
        (status = 404, description = "No such genre", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    MaybeUser(_): MaybeUser,
    Path(key): Path<String>,
) -> Result<Json<Genre>, CatalogError> {
    Ok(Json(genres::get(&state.db, &key).await?))
}

/// Add a genre (admin); the slug is derived from the name when absent.
#[utoipa::path(
    post, path = routes::GENRES, tag = "genres", security(("bearer" = [])),
    request_body = NewGenre,
    responses(
        (status = 201, description = "Created; `Location` names it", body = Genre),
        (status = 400, description = "Invalid name or slug", body = Problem, content_type = PROBLEM),
        (status = 409, description = "A genre with this slug exists", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
    Json(new): Json<NewGenre>,
) -> Result<Response, CatalogError> {
    let _writing = state.search_cache.write();
    let genre = genres::create(&state.db, &new).await?;
    let location = routes::GENRE.replace("{genre}", &genre.slug);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(genre),
    )
        .into_response())
}

/// Delete a genre (admin); refused while books have it.
#[utoipa::path(
    delete, path = routes::GENRE, tag = "genres", security(("bearer" = [])),
    params(("genre" = String, Path, description = "The genre's slug or id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such genre", body = Problem, content_type = PROBLEM),
        (status = 409, description = "Books still have the genre", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
    Path(key): Path<String>,
) -> Result<StatusCode, CatalogError> {
    let _writing = state.search_cache.write();
    genres::delete(&state.db, &key).await?;
    Ok(StatusCode::NO_CONTENT)
}
