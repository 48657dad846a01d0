//! The one `Action` enum: everything that changes the state arrives as one of these, from the
//! terminal or from a background task.

use std::time::Duration;

use bookstore_sdk::types::{
    Address, Book, Cart, Genre, Notification, NotificationSummary, Order, Page, Provider, User,
};
use ratatui::crossterm::event::Event;
use uuid::Uuid;

/// What a background call answered: the value, or the message to show.
pub type Reply<T> = Result<T, String>;

/// Something that happened.
#[derive(Debug, Clone)]
pub enum Action {
    /// A key, a mouse event or a resize.
    Input(Event),

    /// A login is in force (stored, or just made); `address` is the profile's saved one.
    SignedIn {
        user: User,
        address: Option<Address>,
    },
    /// The stored login cannot be used; the message says why.
    NotSignedIn(String),
    /// Logging in or registering failed.
    SignInFailed(String),
    SignedOut,

    /// The search typed `generation` is due (the debounce is over).
    SearchDue(u64),
    /// A page of books for the list of `generation`; `append` for a page after the first.
    BooksLoaded {
        generation: u64,
        append: bool,
        result: Reply<Page<Book>>,
    },
    /// The selected book is due to be read whole (the debounce is over).
    BookDue(Uuid),
    BookLoaded(Reply<Book>),
    GenresLoaded(Reply<Vec<Genre>>),

    CartLoaded(Reply<Cart>),
    /// The cart after adding `title`.
    AddedToCart {
        title: String,
        result: Reply<Cart>,
    },

    ProvidersLoaded(Reply<Vec<Provider>>),
    OrderPlaced(Reply<Order>),

    OrdersLoaded(Reply<Page<Order>>),
    /// The selected order is due to be read with its history.
    OrderDue(Uuid),
    OrderLoaded(Reply<Order>),
    OrderCancelled(Reply<Order>),

    NotificationsLoaded(Reply<(Vec<Notification>, NotificationSummary)>),
    NotificationRead(Reply<Notification>),
    AllRead(Reply<i64>),

    /// The live stream is connected.
    LiveConnected,
    LiveNotification(Notification),
    /// The live stream broke off and tries again after `delay`.
    LiveReconnecting {
        attempt: u32,
        delay: Duration,
    },
    /// The live stream gave up.
    LiveStopped(String),

    /// A background call whose failure only needs saying.
    Failed(String),
}
