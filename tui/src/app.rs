//! The state of the storefront and `update`, the one place it changes: an [`Action`] comes in,
//! the state moves on, and the background [`Task`]s it calls for go out. Nothing here draws or
//! waits, so tests drive it directly.

use std::cell::Cell;
use std::time::Duration;

use bookstore_sdk::types::{Address, Provider, User};
use ratatui::crossterm::event::{
    Event, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};

use crate::action::Action;
use crate::components::header;
use crate::components::input::Input;
use crate::keys::{Command, Key, Keymap, Scope};
use crate::net::{ActionKind, Task};
use crate::popups::{Popup, genres};
use crate::screens::cart::CartView;
use crate::screens::catalog::Catalog;
use crate::screens::checkout::{Checkout, Field};
use crate::screens::login::LoginForm;
use crate::screens::notifications::Inbox;
use crate::screens::orders::OrdersView;
use crate::theme::Theme;

/// Below this many columns, panes that stand side by side collapse into one.
pub const NARROW: u16 = 80;
/// How long the orders list waits for the selection to rest before reading an order.
const ORDER_DEBOUNCE: Duration = Duration::from_millis(100);

/// The top-level panels, each on a number key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Catalog,
    Cart,
    Orders,
    Notifications,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Catalog, Tab::Cart, Tab::Orders, Tab::Notifications];

    pub fn name(self) -> &'static str {
        match self {
            Tab::Catalog => "Catalog",
            Tab::Cart => "Cart",
            Tab::Orders => "Orders",
            Tab::Notifications => "Notifications",
        }
    }

    /// The name where the terminal is narrow.
    pub fn short(self) -> &'static str {
        match self {
            Tab::Notifications => "Inbox",
            other => other.name(),
        }
    }

    pub fn command(self) -> Command {
        match self {
            Tab::Catalog => Command::Catalog,
            Tab::Cart => Command::Cart,
            Tab::Orders => Command::Orders,
            Tab::Notifications => Command::Notifications,
        }
    }
}

/// How the live stream of notifications is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Live {
    Off,
    Connecting,
    Connected,
    Reconnecting { attempt: u32, delay_secs: u64 },
    Stopped(String),
}

/// The message on the footer until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub error: bool,
}

/// Where drawing put what the mouse can hit.
#[derive(Debug, Default)]
pub struct Hits {
    /// The list of the view, rows from its top.
    pub list: Cell<Rect>,
}

/// Everything the storefront shows.
#[derive(Debug)]
pub struct App {
    pub keymap: Keymap,
    pub theme: Theme,
    pub gateway: String,
    /// Columns and rows of the terminal.
    pub size: (u16, u16),
    pub tab: Tab,
    /// The login form, over everything while open.
    pub login: Option<LoginForm>,
    pub user: Option<User>,
    /// The profile's saved shipping address.
    pub address: Option<Address>,
    pub catalog: Catalog,
    pub cart: CartView,
    /// The checkout form, over the cart while open.
    pub checkout: Option<Checkout>,
    pub orders: OrdersView,
    pub inbox: Inbox,
    pub popup: Option<Popup>,
    pub flash: Option<Flash>,
    pub live: Live,
    pub quit: bool,
    pub hits: Hits,
    providers: Vec<Provider>,
    /// The email of the profile's last login, offered again.
    email: Option<String>,
    /// The panel asked for before logging in, shown once logged in.
    after_login: Option<Tab>,
}

impl App {
    pub fn new(keymap: Keymap, theme: Theme, gateway: String, email: Option<String>) -> App {
        App {
            keymap,
            theme,
            gateway,
            size: (100, 30),
            tab: Tab::Catalog,
            login: None,
            user: None,
            address: None,
            catalog: Catalog::default(),
            cart: CartView::default(),
            checkout: None,
            orders: OrdersView::default(),
            inbox: Inbox::default(),
            popup: None,
            flash: None,
            live: Live::Off,
            quit: false,
            hits: Hits::default(),
            providers: Vec::new(),
            email,
            after_login: None,
        }
    }

    /// What to do first: the stored login, and the catalog, which needs none.
    pub fn start(&mut self) -> Vec<Task> {
        vec![Task::Authenticate, self.catalog.reload(), Task::LoadGenres]
    }

    /// Whether side-by-side panes collapse into one.
    pub fn narrow(&self) -> bool {
        self.size.0 < NARROW
    }

    /// The keymap scopes of the view, most specific first.
    pub fn scopes(&self) -> Vec<Scope> {
        if self.login.is_some() {
            return vec![Scope::Login, Scope::Form, Scope::Global];
        }
        if self.tab == Tab::Cart && self.checkout.is_some() {
            return vec![Scope::Checkout, Scope::Form, Scope::Global];
        }
        let own = match self.tab {
            Tab::Catalog => Scope::Books,
            Tab::Cart => Scope::Cart,
            Tab::Orders => Scope::Orders,
            Tab::Notifications => Scope::Notifications,
        };
        vec![own, Scope::Main, Scope::Global]
    }

    fn flash(&mut self, text: impl Into<String>) {
        self.flash = Some(Flash {
            text: text.into(),
            error: false,
        });
    }

    fn fail(&mut self, text: impl Into<String>) {
        let text = text.into();
        tracing::warn!(error = %text, "shown to the user");
        self.flash = Some(Flash { text, error: true });
    }

    /// Applies an action; the background work it calls for.
    pub fn update(&mut self, action: Action) -> Vec<Task> {
        match action {
            Action::Input(Event::Key(key)) => self.on_key(key),
            Action::Input(Event::Mouse(mouse)) => self.on_mouse(mouse),
            Action::Input(Event::Resize(w, h)) => {
                self.size = (w, h);
                Vec::new()
            }
            Action::Input(_) => Vec::new(),
            Action::SignedIn { user, address } => {
                if self.login.take().is_some() {
                    self.flash(format!("Logged in as {}", user.email));
                }
                self.email = Some(user.email.clone());
                self.user = Some(user);
                self.address = address;
                if let Some(tab) = self.after_login.take() {
                    self.tab = tab;
                }
                vec![Task::LoadCart, Task::LoadNotifications, Task::LoadOrders]
            }
            Action::NotSignedIn(why) => {
                let ended = self.user.take().is_some();
                self.live = Live::Off;
                let note = if ended {
                    why
                } else {
                    format!("Log in to shop ({why}).")
                };
                self.open_login(Some(note));
                Vec::new()
            }
            Action::SignInFailed(e) => {
                if let Some(form) = &mut self.login {
                    form.busy = false;
                    form.error = Some(e);
                }
                Vec::new()
            }
            Action::SignedOut => {
                self.user = None;
                self.cart = CartView::default();
                self.orders = OrdersView::default();
                self.inbox = Inbox::default();
                self.checkout = None;
                self.live = Live::Off;
                self.tab = Tab::Catalog;
                self.flash("Logged out");
                Vec::new()
            }
            Action::SearchDue(generation) => {
                self.catalog.search_due(generation).into_iter().collect()
            }
            Action::BooksLoaded {
                generation,
                append,
                result,
            } => self.catalog.loaded(generation, append, result),
            Action::BookDue(id) => self.catalog.book_due(id).into_iter().collect(),
            Action::BookLoaded(result) => {
                self.catalog.book_loaded(result);
                Vec::new()
            }
            Action::GenresLoaded(result) => {
                match result {
                    Ok(genres) => self.catalog.genres = genres,
                    Err(e) => tracing::warn!(error = %e, "cannot load the genres"),
                }
                Vec::new()
            }
            Action::CartLoaded(result) => {
                match result {
                    Ok(cart) => self.cart.loaded(cart),
                    Err(e) => {
                        self.cart.loading = false;
                        self.cart.error = Some(e.clone());
                        self.fail(e);
                    }
                }
                Vec::new()
            }
            Action::AddedToCart { title, result } => {
                match result {
                    Ok(cart) => {
                        self.cart.loaded(cart);
                        self.flash(format!("Added “{title}” to the cart"));
                    }
                    Err(e) => self.fail(format!("Cannot add “{title}”: {e}")),
                }
                Vec::new()
            }
            Action::ProvidersLoaded(result) => {
                match result {
                    Ok(providers) => {
                        self.providers = providers.clone();
                        if let Some(form) = &mut self.checkout {
                            form.providers = providers;
                        }
                    }
                    Err(e) => {
                        if let Some(form) = &mut self.checkout {
                            form.error = Some(format!("cannot load the payment providers: {e}"));
                        }
                    }
                }
                Vec::new()
            }
            Action::OrderPlaced(result) => match result {
                Ok(order) => {
                    let id = order.id;
                    self.checkout = None;
                    self.tab = Tab::Orders;
                    self.orders.open = false;
                    self.orders.loaded = true;
                    self.orders.update(order.clone());
                    self.orders.select(id);
                    self.orders.detail = Some(order);
                    self.flash("Order placed; waiting for the payment…");
                    vec![Task::FollowOrder(id), Task::LoadCart, Task::LoadOrder(id)]
                }
                Err(e) => {
                    if let Some(form) = &mut self.checkout {
                        form.placing = false;
                        form.error = Some(e);
                    }
                    vec![Task::LoadCart]
                }
            },
            Action::OrdersLoaded(result) => {
                self.orders.loading = false;
                match result {
                    Ok(page) => {
                        self.orders.loaded = true;
                        self.orders.error = None;
                        self.orders.orders = page.items;
                        self.orders.cursor.clamp(self.orders.orders.len());
                        self.orders
                            .selected()
                            .map(|o| Task::LoadOrder(o.id))
                            .into_iter()
                            .collect()
                    }
                    Err(e) => {
                        self.orders.error = Some(e);
                        Vec::new()
                    }
                }
            }
            Action::OrderDue(id) => {
                let selected = self.orders.selected().map(|o| o.id);
                (selected == Some(id))
                    .then_some(Task::LoadOrder(id))
                    .into_iter()
                    .collect()
            }
            Action::OrderLoaded(result) => {
                match result {
                    Ok(order) => {
                        let before = self
                            .orders
                            .orders
                            .iter()
                            .find(|o| o.id == order.id)
                            .map(|o| o.status);
                        if before.is_some_and(|b| b != order.status) {
                            self.flash(format!(
                                "Order {} is {}",
                                crate::screens::short_id(order.id),
                                order.status.as_str().replace('_', " ")
                            ));
                        }
                        self.orders.update(order);
                    }
                    Err(e) => tracing::warn!(error = %e, "cannot read an order"),
                }
                Vec::new()
            }
            Action::OrderCancelled(result) => {
                match result {
                    Ok(order) => {
                        self.flash(format!(
                            "Order {} cancelled",
                            crate::screens::short_id(order.id)
                        ));
                        let id = order.id;
                        self.orders.update(order);
                        return vec![Task::LoadOrder(id)];
                    }
                    Err(e) => self.fail(format!("Cannot cancel: {e}")),
                }
                Vec::new()
            }
            Action::NotificationsLoaded(result) => {
                self.inbox.loading = false;
                match result {
                    Ok((items, summary)) => {
                        let first = !self.inbox.loaded;
                        self.inbox.loaded = true;
                        self.inbox.error = None;
                        self.inbox.items = items;
                        self.inbox.unread = summary.unread;
                        self.inbox.cursor.clamp(self.inbox.items.len());
                        if first && self.live == Live::Off {
                            self.live = Live::Connecting;
                            return vec![Task::StartLive {
                                since: summary.last_seq,
                            }];
                        }
                    }
                    Err(e) => self.inbox.error = Some(e),
                }
                Vec::new()
            }
            Action::NotificationRead(result) => {
                match result {
                    Ok(n) => self.inbox.read(n),
                    Err(e) => self.fail(e),
                }
                Vec::new()
            }
            Action::AllRead(result) => {
                match result {
                    Ok(marked) => {
                        self.inbox.all_read();
                        self.flash(format!("Marked {marked} read"));
                    }
                    Err(e) => self.fail(e),
                }
                Vec::new()
            }
            Action::LiveConnected => {
                if matches!(self.live, Live::Reconnecting { .. } | Live::Stopped(_)) {
                    self.flash("Live updates are back");
                }
                self.live = Live::Connected;
                Vec::new()
            }
            Action::LiveNotification(n) => {
                let order = n.order_id;
                let subject = n.subject.clone();
                if self.inbox.arrived(n) {
                    self.flash(subject);
                }
                order.map(Task::LoadOrder).into_iter().collect()
            }
            Action::LiveReconnecting { attempt, delay } => {
                self.live = Live::Reconnecting {
                    attempt,
                    delay_secs: delay.as_secs().max(1),
                };
                Vec::new()
            }
            Action::LiveStopped(e) => {
                self.fail(format!("Live updates stopped: {e}"));
                self.live = Live::Stopped(e);
                Vec::new()
            }
            Action::Failed(e) => {
                self.fail(e);
                Vec::new()
            }
        }
    }

    fn open_login(&mut self, note: Option<String>) {
        self.login = Some(LoginForm::new(self.email.clone(), note));
        self.popup = None;
    }

    fn on_key(&mut self, event: KeyEvent) -> Vec<Task> {
        if event.kind == KeyEventKind::Release {
            return Vec::new();
        }
        let key = Key::from_event(event);
        if self.keymap.command(&[Scope::Global], key) == Some(Command::ForceQuit) {
            self.quit = true;
            return Vec::new();
        }
        self.flash = None;
        if let Some(popup) = self.popup.clone() {
            return self.on_popup(popup, key);
        }
        if Input::takes(key) {
            if let Some(form) = &mut self.login {
                if !form.busy && form.input_mut().edit(key) {
                    form.error = None;
                }
                return Vec::new();
            }
            if self.tab == Tab::Cart
                && let Some(form) = &mut self.checkout
                && !form.placing
                && let Some(input) = form.input_mut()
            {
                input.edit(key);
                form.error = None;
                return Vec::new();
            }
            if self.tab == Tab::Catalog && self.catalog.searching {
                return if self.catalog.search.edit(key) {
                    vec![self.catalog.typed()]
                } else {
                    Vec::new()
                };
            }
        }
        match self.keymap.command(&self.scopes(), key) {
            Some(command) => self.on_command(command),
            None => Vec::new(),
        }
    }

    /// A command of the keymap, in the view of the moment.
    pub fn on_command(&mut self, command: Command) -> Vec<Task> {
        if self.login.is_some() {
            return self.on_login(command);
        }
        if self.tab == Tab::Cart && self.checkout.is_some() {
            return self.on_checkout(command);
        }
        match command {
            Command::Quit if self.nested() => return self.back(),
            Command::Quit => {
                self.quit = true;
                return Vec::new();
            }
            Command::Back => return self.back(),
            Command::Help => {
                self.popup = Some(Popup::Help { scroll: 0 });
                return Vec::new();
            }
            Command::Catalog => return self.switch(Tab::Catalog),
            Command::Cart => return self.switch(Tab::Cart),
            Command::Orders => return self.switch(Tab::Orders),
            Command::Notifications => return self.switch(Tab::Notifications),
            Command::Search => {
                self.tab = Tab::Catalog;
                self.catalog.open = false;
                self.catalog.searching = true;
                return Vec::new();
            }
            Command::Logout if self.user.is_some() => return vec![Task::Logout],
            Command::Logout => {
                self.open_login(None);
                return Vec::new();
            }
            _ => {}
        }
        match self.tab {
            Tab::Catalog => self.on_catalog(command),
            Tab::Cart => self.on_cart(command),
            Tab::Orders => self.on_orders(command),
            Tab::Notifications => self.on_inbox(command),
        }
    }

    /// Whether a view is open inside a panel (where `q` goes back rather than quits).
    fn nested(&self) -> bool {
        match self.tab {
            Tab::Catalog => self.catalog.open || self.catalog.searching,
            Tab::Orders => self.orders.open,
            Tab::Notifications => self.inbox.open,
            Tab::Cart => false,
        }
    }

    /// Esc: out of the innermost view; from the top of a panel, back to the catalog. Never
    /// quits.
    fn back(&mut self) -> Vec<Task> {
        match self.tab {
            Tab::Catalog if self.catalog.searching => self.catalog.searching = false,
            Tab::Catalog if self.catalog.open => self.catalog.open = false,
            Tab::Orders if self.orders.open => self.orders.open = false,
            Tab::Notifications if self.inbox.open => self.inbox.open = false,
            Tab::Catalog => {}
            _ => self.tab = Tab::Catalog,
        }
        Vec::new()
    }

    fn switch(&mut self, tab: Tab) -> Vec<Task> {
        if tab != Tab::Catalog && self.user.is_none() {
            self.after_login = Some(tab);
            self.open_login(Some(format!(
                "Log in to see your {}.",
                tab.name().to_lowercase()
            )));
            return Vec::new();
        }
        self.tab = tab;
        match tab {
            Tab::Cart if self.cart.cart.is_none() && !self.cart.loading => {
                self.cart.loading = true;
                vec![Task::LoadCart]
            }
            Tab::Orders if !self.orders.loaded && !self.orders.loading => {
                self.orders.loading = true;
                vec![Task::LoadOrders]
            }
            Tab::Notifications if !self.inbox.loaded && !self.inbox.loading => {
                self.inbox.loading = true;
                vec![Task::LoadNotifications]
            }
            _ => Vec::new(),
        }
    }

    /// How far a movement command goes in a list; `None` for other commands.
    fn step(&self, command: Command) -> Option<isize> {
        let page = isize::try_from(self.size.1.saturating_sub(8))
            .unwrap_or(1)
            .max(1);
        match command {
            Command::Up => Some(-1),
            Command::Down => Some(1),
            Command::PageUp => Some(-page),
            Command::PageDown => Some(page),
            Command::Top => Some(isize::MIN / 2),
            Command::Bottom => Some(isize::MAX / 2),
            _ => None,
        }
    }

    fn on_catalog(&mut self, command: Command) -> Vec<Task> {
        let catalog = &mut self.catalog;
        if catalog.searching {
            // Leaving the search for the list; what was typed stays.
            if matches!(
                command,
                Command::Open | Command::Down | Command::Up | Command::NextField
            ) {
                catalog.searching = false;
            }
            return Vec::new();
        }
        if catalog.open {
            match command {
                Command::Up => catalog.book_scroll = catalog.book_scroll.saturating_sub(1),
                Command::Down => catalog.book_scroll = catalog.book_scroll.saturating_add(1),
                Command::AddToCart => return self.add_selected(),
                _ => {}
            }
            return Vec::new();
        }
        if let Some(step) = self.step(command) {
            let len = self.catalog.rows.len();
            return if self.catalog.cursor.move_by(step, len) {
                self.catalog.selection_changed()
            } else {
                self.catalog.more().into_iter().collect()
            };
        }
        match command {
            Command::Open if self.catalog.selected().is_some() => {
                self.catalog.open = true;
                Vec::new()
            }
            Command::Genre => {
                let at = genres::choices(self)
                    .iter()
                    .position(|c| *c == self.catalog.genre)
                    .unwrap_or(0);
                let mut cursor = crate::components::scroll::Cursor::default();
                cursor.select(at, at + 1);
                self.popup = Some(Popup::Genres { cursor });
                if self.catalog.genres.is_empty() {
                    vec![Task::LoadGenres]
                } else {
                    Vec::new()
                }
            }
            Command::Sort => vec![self.catalog.next_sort()],
            Command::AddToCart => self.add_selected(),
            Command::Refresh => vec![self.catalog.reload()],
            _ => Vec::new(),
        }
    }

    fn add_selected(&mut self) -> Vec<Task> {
        let Some(row) = self.catalog.selected() else {
            return Vec::new();
        };
        if self.user.is_none() {
            self.open_login(Some("Log in to add books to your cart.".into()));
            return Vec::new();
        }
        if row.stock <= 0 {
            self.fail(format!("“{}” is sold out", row.title));
            return Vec::new();
        }
        vec![Task::AddToCart {
            book_id: row.id,
            title: row.title.to_string(),
        }]
    }

    fn on_cart(&mut self, command: Command) -> Vec<Task> {
        if let Some(step) = self.step(command) {
            let len = self.cart.lines();
            self.cart.cursor.move_by(step, len);
            return Vec::new();
        }
        let selected = self
            .cart
            .cart
            .as_ref()
            .and_then(|c| c.items.get(self.cart.cursor.selected))
            .map(|i| (i.book_id, i.quantity));
        let task = match (command, selected) {
            (Command::More, Some((book_id, q))) => Task::SetQuantity {
                book_id,
                quantity: q + 1,
            },
            (Command::Less, Some((book_id, q))) if q > 1 => Task::SetQuantity {
                book_id,
                quantity: q - 1,
            },
            (Command::Less | Command::Remove, Some((book_id, _))) => Task::RemoveFromCart(book_id),
            (Command::Checkout | Command::Open, _) => return self.open_checkout(),
            (Command::Refresh, _) => Task::LoadCart,
            _ => return Vec::new(),
        };
        self.cart.loading = true;
        vec![task]
    }

    fn open_checkout(&mut self) -> Vec<Task> {
        if !self.cart.orderable() {
            self.fail("Nothing in the cart can be ordered");
            return Vec::new();
        }
        let name = self
            .user
            .as_ref()
            .map(|u| u.name.clone())
            .unwrap_or_default();
        let mut form = Checkout::new(self.address.as_ref(), &name);
        form.providers = self.providers.clone();
        self.checkout = Some(form);
        vec![Task::LoadProviders]
    }

    fn on_checkout(&mut self, command: Command) -> Vec<Task> {
        let Some(form) = &mut self.checkout else {
            return Vec::new();
        };
        if form.placing {
            return Vec::new();
        }
        match command {
            Command::Up | Command::PrevField => form.move_focus(-1),
            Command::Down | Command::NextField => form.move_focus(1),
            Command::PrevChoice if form.field() == Field::Provider => form.cycle_provider(-1),
            Command::NextChoice if form.field() == Field::Provider => form.cycle_provider(1),
            Command::Open if !form.is_last() => form.move_focus(1),
            Command::Open => match form.order() {
                Ok(_) => {
                    form.error = None;
                    self.popup = Some(Popup::ConfirmOrder);
                }
                Err(e) => form.error = Some(e),
            },
            Command::Back => self.checkout = None,
            _ => {}
        }
        Vec::new()
    }

    fn on_login(&mut self, command: Command) -> Vec<Task> {
        let Some(form) = &mut self.login else {
            return Vec::new();
        };
        if form.busy {
            return Vec::new();
        }
        match command {
            Command::Up | Command::PrevField => form.move_focus(-1),
            Command::Down | Command::NextField => form.move_focus(1),
            Command::SwitchForm => form.switch(),
            Command::Open => return form.submit().into_iter().collect(),
            Command::Back => {
                self.login = None;
                self.after_login = None;
            }
            _ => {}
        }
        Vec::new()
    }

    fn on_orders(&mut self, command: Command) -> Vec<Task> {
        if let Some(step) = self.step(command) {
            if self.orders.open {
                return Vec::new();
            }
            let len = self.orders.orders.len();
            if self.orders.cursor.move_by(step, len)
                && let Some(order) = self.orders.selected()
            {
                return vec![Task::After {
                    delay: ORDER_DEBOUNCE,
                    action: Box::new(ActionKind::OrderDue(order.id)),
                }];
            }
            return Vec::new();
        }
        let selected = self.orders.selected().map(|o| (o.id, o.status));
        match (command, selected) {
            (Command::Open, Some((id, _))) => {
                self.orders.open = true;
                vec![Task::LoadOrder(id)]
            }
            (Command::CancelOrder, Some((id, status))) => {
                if status.is_final() {
                    self.fail(format!(
                        "The order is {}; it cannot be cancelled",
                        status.as_str().replace('_', " ")
                    ));
                } else {
                    self.popup = Some(Popup::ConfirmCancel(id));
                }
                Vec::new()
            }
            (Command::Refresh, _) => {
                self.orders.loading = true;
                vec![Task::LoadOrders]
            }
            _ => Vec::new(),
        }
    }

    fn on_inbox(&mut self, command: Command) -> Vec<Task> {
        if let Some(step) = self.step(command) {
            if !self.inbox.open {
                let len = self.inbox.items.len();
                self.inbox.cursor.move_by(step, len);
            }
            return Vec::new();
        }
        match command {
            Command::Open => {
                let Some(n) = self.inbox.selected() else {
                    return Vec::new();
                };
                let (id, unread) = (n.id, n.read_at.is_none());
                self.inbox.open = true;
                if unread {
                    vec![Task::MarkRead(id)]
                } else {
                    Vec::new()
                }
            }
            Command::MarkAllRead if self.inbox.unread > 0 => vec![Task::MarkAllRead],
            Command::Refresh => {
                self.inbox.loading = true;
                vec![Task::LoadNotifications]
            }
            _ => Vec::new(),
        }
    }

    fn on_popup(&mut self, popup: Popup, key: Key) -> Vec<Task> {
        let command = self.keymap.command(&[Scope::Main, Scope::Global], key);
        let Some(command) = command else {
            return Vec::new();
        };
        match popup {
            Popup::Help { scroll } => {
                let scroll = match command {
                    Command::Back | Command::Help | Command::Quit => {
                        self.popup = None;
                        return Vec::new();
                    }
                    Command::Up => scroll.saturating_sub(1),
                    Command::Down => scroll.saturating_add(1),
                    Command::PageUp => scroll.saturating_sub(10),
                    Command::PageDown => scroll.saturating_add(10),
                    Command::Top => 0,
                    _ => scroll,
                };
                self.popup = Some(Popup::Help { scroll });
                Vec::new()
            }
            Popup::Genres { mut cursor } => {
                let choices = genres::choices(self);
                if let Some(step) = self.step(command) {
                    cursor.move_by(step, choices.len());
                    self.popup = Some(Popup::Genres { cursor });
                    return Vec::new();
                }
                match command {
                    Command::Open => {
                        self.popup = None;
                        self.catalog.genre = choices.get(cursor.selected).cloned().flatten();
                        vec![self.catalog.reload()]
                    }
                    Command::Back | Command::Quit => {
                        self.popup = None;
                        Vec::new()
                    }
                    _ => Vec::new(),
                }
            }
            Popup::ConfirmOrder => match command {
                Command::Open => {
                    self.popup = None;
                    let Some(form) = &mut self.checkout else {
                        return Vec::new();
                    };
                    match form.order() {
                        Ok(order) => {
                            form.placing = true;
                            vec![Task::PlaceOrder(Box::new(order))]
                        }
                        Err(e) => {
                            form.error = Some(e);
                            Vec::new()
                        }
                    }
                }
                Command::Back | Command::Quit => {
                    self.popup = None;
                    Vec::new()
                }
                _ => Vec::new(),
            },
            Popup::ConfirmCancel(id) => match command {
                Command::Open => {
                    self.popup = None;
                    vec![Task::CancelOrder(id)]
                }
                Command::Back | Command::Quit => {
                    self.popup = None;
                    Vec::new()
                }
                _ => Vec::new(),
            },
        }
    }

    fn on_mouse(&mut self, mouse: MouseEvent) -> Vec<Task> {
        if self.login.is_some() || self.popup.is_some() {
            return Vec::new();
        }
        match mouse.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let command = if mouse.kind == MouseEventKind::ScrollDown {
                    Command::Down
                } else {
                    Command::Up
                };
                (0..3).flat_map(|_| self.on_command(command)).collect()
            }
            MouseEventKind::Down(MouseButton::Left) if mouse.row == 0 => {
                let hit = header::tabs(self)
                    .into_iter()
                    .find(|(_, _, from, to)| (*from..*to).contains(&mouse.column));
                match hit {
                    Some((tab, ..)) => self.switch(tab),
                    None => Vec::new(),
                }
            }
            MouseEventKind::Down(MouseButton::Left) => {
                let list = self.hits.list.get();
                if self.checkout.is_some() || !list.contains(Position::new(mouse.column, mouse.row))
                {
                    return Vec::new();
                }
                // The cart's table has a header row.
                let header = u16::from(self.tab == Tab::Cart);
                let Some(row) = (mouse.row - list.y).checked_sub(header) else {
                    return Vec::new();
                };
                let row = usize::from(row);
                match self.tab {
                    Tab::Catalog if !self.catalog.open => {
                        let len = self.catalog.rows.len();
                        match self.catalog.cursor.index_at(row, len) {
                            Some(i) if self.catalog.cursor.select(i, len) => {
                                self.catalog.selection_changed()
                            }
                            _ => Vec::new(),
                        }
                    }
                    Tab::Cart => {
                        let len = self.cart.lines();
                        if let Some(i) = self.cart.cursor.index_at(row, len) {
                            self.cart.cursor.select(i, len);
                        }
                        Vec::new()
                    }
                    Tab::Orders if !self.orders.open => {
                        let len = self.orders.orders.len();
                        match self.orders.cursor.index_at(row, len) {
                            Some(i) if self.orders.cursor.select(i, len) => self
                                .orders
                                .selected()
                                .map(|o| Task::LoadOrder(o.id))
                                .into_iter()
                                .collect(),
                            _ => Vec::new(),
                        }
                    }
                    Tab::Notifications if !self.inbox.open => {
                        let len = self.inbox.items.len();
                        if let Some(i) = self.inbox.cursor.index_at(row, len) {
                            self.inbox.cursor.select(i, len);
                        }
                        Vec::new()
                    }
                    _ => Vec::new(),
                }
            }
            _ => Vec::new(),
        }
    }
}
