//! Network work: every SDK call runs in a background task that answers with an [`Action`], so
//! the screen never waits for the network.

use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use bookstore_sdk::session::{EXPIRY_MARGIN, Login, SessionError, TokenSource};
use bookstore_sdk::types::{
    BookQuery, CancelOrder, LoginRequest, LogoutRequest, NewOrder, NotificationQuery, OrderQuery,
    PageQuery, RegisterRequest, TokenPair,
};
use bookstore_sdk::{Client, LiveEvent, LiveOptions, Until, WaitOptions};
use chrono::Utc;
use futures_util::{StreamExt, TryStreamExt};
use tokio::sync::Mutex;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;
use uuid::Uuid;

use crate::action::Action;

/// Books per page of the catalog list.
pub const PAGE_SIZE: u32 = 100;

/// Work for the background.
#[derive(Debug, Clone)]
pub enum Task {
    /// Use the stored login, if there is one.
    Authenticate,
    Login {
        email: String,
        password: String,
    },
    Register {
        email: String,
        name: String,
        password: String,
    },
    Logout,
    /// Sends `action` back after `delay` (debouncing).
    After {
        delay: Duration,
        action: Box<ActionKind>,
    },
    SearchBooks {
        generation: u64,
        query: BookQuery,
        append: bool,
    },
    LoadBook(Uuid),
    LoadGenres,
    LoadCart,
    AddToCart {
        book_id: Uuid,
        title: String,
    },
    SetQuantity {
        book_id: Uuid,
        quantity: i64,
    },
    RemoveFromCart(Uuid),
    LoadProviders,
    /// Places the order and saves its address as the profile's.
    PlaceOrder(Box<NewOrder>),
    /// Reads the order again each time it changes, until it is settled.
    FollowOrder(Uuid),
    LoadOrders,
    LoadOrder(Uuid),
    CancelOrder(Uuid),
    LoadNotifications,
    MarkRead(Uuid),
    MarkAllRead,
    /// Follows the live stream of notifications after `since`.
    StartLive {
        since: i64,
    },
}

/// The timed actions [`Task::After`] can send (plain data, so tasks compare in tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionKind {
    SearchDue(u64),
    BookDue(Uuid),
    OrderDue(Uuid),
}

impl ActionKind {
    fn into_action(self) -> Action {
        match self {
            ActionKind::SearchDue(g) => Action::SearchDue(g),
            ActionKind::BookDue(id) => Action::BookDue(id),
            ActionKind::OrderDue(id) => Action::OrderDue(id),
        }
    }
}

/// Runs tasks on the runtime, answering on `tx`.
pub struct Net {
    client: Client,
    login: Arc<Mutex<Login>>,
    tx: UnboundedSender<Action>,
    live: Option<JoinHandle<()>>,
    refresher: Option<JoinHandle<()>>,
}

impl Drop for Net {
    fn drop(&mut self) {
        self.stop_session_tasks();
    }
}

fn message(e: impl std::fmt::Display) -> String {
    e.to_string()
}

impl Net {
    pub fn new(client: Client, login: Login, tx: UnboundedSender<Action>) -> Net {
        Net {
            client,
            login: Arc::new(Mutex::new(login)),
            tx,
            live: None,
            refresher: None,
        }
    }

    fn stop_session_tasks(&mut self) {
        if let Some(task) = self.live.take() {
            task.abort();
        }
        if let Some(task) = self.refresher.take() {
            task.abort();
        }
    }

    /// Sends `call`'s answer back as an action, from a task of its own.
    fn spawn<F>(&self, call: F)
    where
        F: Future<Output = Action> + Send + 'static,
    {
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let _ = tx.send(call.await);
        });
    }

    pub fn run(&mut self, task: Task) {
        tracing::debug!(?task, "task");
        let client = self.client.clone();
        match task {
            Task::Authenticate => {
                let login = Arc::clone(&self.login);
                self.spawn(async move {
                    let source = login.lock().await.authenticate(&client).await;
                    match source {
                        Ok(_) => signed_in(&client, &login).await,
                        Err(e) => Action::NotSignedIn(message(e)),
                    }
                });
            }
            Task::Login { email, password } => {
                let login = Arc::clone(&self.login);
                let tx = self.tx.clone();
                self.spawn(async move {
                    let request = LoginRequest { email, password };
                    match client.auth().login(&request).await {
                        Ok(pair) => remembered(&client, &login, &pair, tx).await,
                        Err(e) => Action::SignInFailed(message(e)),
                    }
                });
            }
            Task::Register {
                email,
                name,
                password,
            } => {
                let login = Arc::clone(&self.login);
                let tx = self.tx.clone();
                self.spawn(async move {
                    let request = RegisterRequest {
                        email,
                        name,
                        password,
                    };
                    match client.auth().register(&request).await {
                        Ok(pair) => remembered(&client, &login, &pair, tx).await,
                        Err(e) => Action::SignInFailed(message(e)),
                    }
                });
            }
            Task::Logout => {
                self.stop_session_tasks();
                let login = Arc::clone(&self.login);
                self.spawn(async move {
                    let mut login = login.lock().await;
                    let stored = login
                        .profile()
                        .and_then(|p| p.credentials)
                        .and_then(|kind| {
                            login
                                .tokens()
                                .load(login.profile_name(), kind)
                                .ok()
                                .flatten()
                        });
                    if let Some(credentials) = stored {
                        // Ending the session on the server is a courtesy; forgetting it here
                        // is what counts.
                        let request = LogoutRequest {
                            refresh_token: credentials.refresh_token,
                        };
                        if let Err(e) = client.auth().logout(&request).await {
                            tracing::info!(error = %e, "the gateway did not end the session");
                        }
                    }
                    client.set_token(None);
                    match login.forget() {
                        Ok(()) => Action::SignedOut,
                        Err(e) => Action::Failed(message(e)),
                    }
                });
            }
            Task::After { delay, action } => self.spawn(async move {
                tokio::time::sleep(delay).await;
                action.into_action()
            }),
            Task::SearchBooks {
                generation,
                query,
                append,
            } => self.spawn(async move {
                let result = client.books().list(&query).await.map_err(message);
                Action::BooksLoaded {
                    generation,
                    append,
                    result,
                }
            }),
            Task::LoadBook(id) => self.spawn(async move {
                Action::BookLoaded(client.books().get(id).await.map_err(message))
            }),
            Task::LoadGenres => self.spawn(async move {
                let all = client.genres().list_all(PageQuery::default());
                Action::GenresLoaded(all.try_collect().await.map_err(message))
            }),
            Task::LoadCart => {
                self.spawn(
                    async move { Action::CartLoaded(client.cart().get().await.map_err(message)) },
                )
            }
            Task::AddToCart { book_id, title } => self.spawn(async move {
                let result = client.cart().add_item(book_id, 1).await.map_err(message);
                Action::AddedToCart { title, result }
            }),
            Task::SetQuantity { book_id, quantity } => self.spawn(async move {
                let result = client.cart().set_item(book_id, quantity).await;
                Action::CartLoaded(result.map_err(message))
            }),
            Task::RemoveFromCart(book_id) => self.spawn(async move {
                let result = client.cart().remove_item(book_id).await;
                Action::CartLoaded(result.map_err(message))
            }),
            Task::LoadProviders => self.spawn(async move {
                Action::ProvidersLoaded(client.payments().providers().await.map_err(message))
            }),
            Task::PlaceOrder(order) => {
                let login = Arc::clone(&self.login);
                self.spawn(async move {
                    let placed = client.orders().place(&order).await;
                    if placed.is_ok()
                        && let Err(e) = login
                            .lock()
                            .await
                            .save_shipping_address(&order.shipping_address)
                    {
                        tracing::warn!(error = %e, "cannot save the shipping address");
                    }
                    Action::OrderPlaced(placed.map_err(|e| match e.out_of_stock() {
                        Some(out) => format!(
                            "not enough stock for {} of the books; the cart shows what is left",
                            out.unavailable.len()
                        ),
                        None => message(e),
                    }))
                });
            }
            Task::FollowOrder(id) => {
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let options = WaitOptions::default();
                    let changes = tx.clone();
                    let outcome = client
                        .orders()
                        .wait_with(id, Until::Settled, options, move |order| {
                            let _ = changes.send(Action::OrderLoaded(Ok(order.clone())));
                        })
                        .await;
                    match outcome {
                        Ok(outcome) => {
                            let _ = tx.send(Action::OrderLoaded(Ok(outcome.order().clone())));
                        }
                        Err(e) => {
                            let _ = tx
                                .send(Action::Failed(format!("stopped following the order: {e}")));
                        }
                    }
                });
            }
            Task::LoadOrders => self.spawn(async move {
                let query = OrderQuery {
                    limit: Some(100),
                    ..OrderQuery::default()
                };
                Action::OrdersLoaded(client.orders().list(&query).await.map_err(message))
            }),
            Task::LoadOrder(id) => self.spawn(async move {
                Action::OrderLoaded(client.orders().get(id).await.map_err(message))
            }),
            Task::CancelOrder(id) => self.spawn(async move {
                let result = client.orders().cancel(id, &CancelOrder::default()).await;
                Action::OrderCancelled(result.map_err(message))
            }),
            Task::LoadNotifications => self.spawn(async move {
                let inbox = client.notifications();
                let query = NotificationQuery {
                    limit: Some(100),
                    ..NotificationQuery::default()
                };
                let result =
                    async { Ok((inbox.list(&query).await?.items, inbox.summary().await?)) };
                Action::NotificationsLoaded(
                    result.await.map_err(|e: bookstore_sdk::Error| message(e)),
                )
            }),
            Task::MarkRead(id) => self.spawn(async move {
                Action::NotificationRead(
                    client.notifications().mark_read(id).await.map_err(message),
                )
            }),
            Task::MarkAllRead => self.spawn(async move {
                let result = client.notifications().mark_all_read().await;
                Action::AllRead(result.map(|m| m.marked).map_err(message))
            }),
            Task::StartLive { since } => {
                if let Some(old) = self.live.take() {
                    old.abort();
                }
                let tx = self.tx.clone();
                self.live = Some(tokio::spawn(live(client, since, tx)));
            }
        }
        if self.refresher.is_none() && self.client.token().is_some() {
            self.refresher = Some(tokio::spawn(refresh(
                self.client.clone(),
                Arc::clone(&self.login),
                self.tx.clone(),
            )));
        }
    }
}

/// The account behind a fresh token, with the profile's saved address.
async fn signed_in(client: &Client, login: &Mutex<Login>) -> Action {
    match client.users().me().await {
        Ok(user) => {
            let address = login
                .lock()
                .await
                .profile()
                .and_then(|p| p.shipping_address.clone());
            Action::SignedIn { user, address }
        }
        Err(e) if e.is_unauthorized() => {
            Action::NotSignedIn(format!("the stored login was refused ({e}); log in again"))
        }
        Err(e) => Action::NotSignedIn(message(e)),
    }
}

/// Stores a login just made, so the command line finds it too.
async fn remembered(
    client: &Client,
    login: &Mutex<Login>,
    pair: &TokenPair,
    tx: UnboundedSender<Action>,
) -> Action {
    let saved = login.lock().await.remember(pair);
    if let Err(e) = saved {
        // The login works for this run even when it cannot be kept.
        let _ = tx.send(Action::Failed(format!("cannot store the login: {e}")));
    }
    signed_in(client, login).await
}

/// Refreshes the access token shortly before it expires, for as long as the storefront runs.
async fn refresh(client: Client, login: Arc<Mutex<Login>>, tx: UnboundedSender<Action>) {
    loop {
        let source = login.lock().await.authenticate(&client).await;
        let wait = match source {
            Ok(TokenSource::Stored { expires_at, .. }) => {
                (expires_at - EXPIRY_MARGIN - Utc::now())
                    .to_std()
                    .unwrap_or_default()
                    .max(Duration::from_secs(5))
                    + Duration::from_secs(1)
            }
            // A token from the environment is not refreshed.
            Ok(TokenSource::Env) => return,
            Err(SessionError::NotLoggedIn(why)) => {
                let _ = tx.send(Action::NotSignedIn(format!("{why}; log in again")));
                return;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot refresh the access token");
                Duration::from_secs(30)
            }
        };
        tokio::time::sleep(wait).await;
    }
}

/// Follows the live stream, saying when it connects, reconnects or gives up.
async fn live(client: Client, since: i64, tx: UnboundedSender<Action>) {
    let mut stream = pin!(
        client
            .notifications()
            .live(LiveOptions::default().since(since))
    );
    while let Some(event) = stream.next().await {
        let action = match event {
            Ok(LiveEvent::Connected) => Action::LiveConnected,
            Ok(LiveEvent::Notification(n)) => Action::LiveNotification(n),
            Ok(LiveEvent::Reconnecting {
                attempt,
                delay,
                error,
            }) => {
                tracing::info!(%error, attempt, "the live stream reconnects");
                Action::LiveReconnecting { attempt, delay }
            }
            Ok(_) => continue,
            Err(e) => {
                let _ = tx.send(Action::LiveStopped(message(e)));
                return;
            }
        };
        if tx.send(action).is_err() {
            return;
        }
    }
}
