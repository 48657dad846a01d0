//! `bookstore-sdk`: the typed client of the Bookstore API and the wire types it shares with the
//! services.
//!
//! ```no_run
//! # async fn demo() -> bookstore_sdk::Result<()> {
//! use bookstore_sdk::{Client, types::LoginRequest};
//!
//! let client = Client::builder().with_env().build()?;
//! client
//!     .auth()
//!     .login(&LoginRequest { email: "ada@example.com".into(), password: "secret".into() })
//!     .await?;
//! let me = client.users().me().await?;
//! println!("{} ({})", me.name, me.role);
//! # Ok(())
//! # }
//! ```
//!
//! Lists come one page at a time, or as a stream that fetches the next page as it is read:
//!
//! ```no_run
//! # async fn demo() -> bookstore_sdk::Result<()> {
//! use bookstore_sdk::{Client, types::{BookQuery, BookSort}};
//! use futures_util::TryStreamExt;
//!
//! let client = Client::from_env()?;
//! let query = BookQuery { q: Some("dune".into()), sort: Some(BookSort::Price), ..BookQuery::default() };
//! let mut books = std::pin::pin!(client.books().list_all(query));
//! while let Some(book) = books.try_next().await? {
//!     println!("{} {} ({} in stock)", book.title, book.price, book.stock);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! An order is placed once however often the client retries it (it carries an
//! `Idempotency-Key`), and can be followed until the payment has settled it:
//!
//! ```no_run
//! # async fn demo(order: bookstore_sdk::types::NewOrder) -> bookstore_sdk::Result<()> {
//! use bookstore_sdk::{Client, Until, WaitOptions, types::OrderStatus};
//!
//! let client = Client::from_env()?;
//! let placed = match client.orders().place(&order).await {
//!     Ok(placed) => placed,
//!     Err(e) => match e.out_of_stock() {
//!         Some(out) => {
//!             for line in out.unavailable {
//!                 eprintln!("only {} of {} left", line.available, line.book_id);
//!             }
//!             return Ok(());
//!         }
//!         None => return Err(e),
//!     },
//! };
//! let outcome = client.orders().wait(placed.id, Until::Settled, WaitOptions::default()).await?;
//! if outcome.order().status == OrderStatus::Confirmed {
//!     println!("paid: {}", outcome.order().total);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The signed-in user's notifications arrive live; the stream reconnects by itself and resumes
//! where it broke off:
//!
//! ```no_run
//! # async fn demo() -> bookstore_sdk::Result<()> {
//! use bookstore_sdk::{Client, LiveEvent, LiveOptions};
//! use futures_util::TryStreamExt;
//!
//! let client = Client::from_env()?;
//! let mut live = std::pin::pin!(client.notifications().live(LiveOptions::default()));
//! while let Some(event) = live.try_next().await? {
//!     match event {
//!         LiveEvent::Notification(n) => println!("#{} {}", n.seq, n.subject),
//!         LiveEvent::Reconnecting { delay, .. } => eprintln!("reconnecting in {delay:?}"),
//!         _ => {}
//!     }
//! }
//! # Ok(())
//! # }
//! ```

mod auth;
mod authors;
mod books;
mod cart;
mod client;
mod error;
mod genres;
mod health;
mod notifications;
mod orders;
mod paging;
mod payments;
mod promotions;
mod retry;
pub mod sandbox;
#[cfg(feature = "session")]
pub mod session;
mod sse;
pub mod types;
mod users;

pub use auth::AuthApi;
pub use authors::AuthorsApi;
pub use books::BooksApi;
pub use cart::CartApi;
pub use client::{
    Client, ClientBuilder, DEFAULT_GATEWAY, GATEWAY_ENV, IDEMPOTENCY_KEY, IF_MATCH, REQUEST_ID,
    TOKEN_ENV, etag,
};
pub use error::{Error, Result};
pub use genres::GenresApi;
pub use health::HealthApi;
pub use notifications::{LiveEvent, LiveOptions, NotificationsApi};
pub use orders::{OrdersApi, OutOfStock, Until, WaitOptions, WaitOutcome, new_idempotency_key};
pub use payments::PaymentsApi;
pub use promotions::PromotionsApi;
pub use retry::{RetryPolicy, parse_retry_after};
pub use users::UsersApi;

/// Re-exported so callers name status codes without depending on `http` themselves.
pub use http::StatusCode;
