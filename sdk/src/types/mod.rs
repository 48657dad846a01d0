//! Wire types: the JSON bodies the services accept and return (the DTOs of the public API).

pub mod auth;
pub mod catalog;
pub mod health;
pub mod money;
pub mod page;
pub mod problem;
pub mod users;

pub use auth::{LoginRequest, LogoutRequest, RefreshRequest, RegisterRequest, TokenPair};
pub use catalog::{
    Author, AuthorQuery, AuthorRef, AuthorUpdate, BOOK_BATCH_MAX, Book, BookBatch, BookBatchItem,
    BookBatchOutcome, BookBatchResult, BookQuery, BookSort, BookUpdate, BookUpsert, Genre,
    GenreRef, NewAuthor, NewBook, NewGenre, Reservation, ReservationItem, ReservationRequest,
    ReservationStatus, ReservedItem, StockChange, Unavailable,
};
pub use health::{Check, CheckStatus, Health, Readiness};
pub use money::Money;
pub use page::{Page, PageQuery};
pub use problem::{FieldError, Problem};
pub use users::{AdminUserUpdate, PasswordChange, ProfileUpdate, Role, User, UserListQuery};
