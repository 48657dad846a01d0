//! Wire types: the JSON bodies the services accept and return (the DTOs of the public API).

pub mod auth;
pub mod catalog;
pub mod health;
pub mod money;
pub mod notifications;
pub mod orders;
pub mod page;
pub mod payments;
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
pub use notifications::{
    Audience, Channel, Delivery, DeliveryCounts, DeliveryQuery, DeliveryStatus, MarkedRead,
    NewPromotion, Notification, NotificationKind, NotificationQuery, NotificationSummary,
    Preferences, Promotion, PromotionStatus, Topic,
};
pub use orders::{
    Address, CancelOrder, Cart, CartItem, CartItemUpdate, NewOrder, Order, OrderItem, OrderLine,
    OrderQuery, OrderStatus, PaymentMethod, PaymentMethodSummary, StatusChange,
};
pub use page::{Page, PageQuery};
pub use payments::{Payment, PaymentQuery, PaymentStatus, Provider, RefundRequest};
pub use problem::{FieldError, Problem};
pub use users::{AdminUserUpdate, PasswordChange, ProfileUpdate, Role, User, UserListQuery};
