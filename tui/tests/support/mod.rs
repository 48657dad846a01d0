//! Fixtures: books, carts, orders and messages with fixed ids and times, and an app that has
//! been fed them, as the background tasks would.
#![allow(dead_code)] // each test binary uses a different part of this module

use bookstore_sdk::types::*;
use bookstore_tui::action::Action;
use bookstore_tui::app::App;
use bookstore_tui::keys::Keymap;
use bookstore_tui::theme::Theme;
use chrono::{DateTime, TimeZone, Utc};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;

pub fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 10, minute, 0)
        .single()
        .expect("a valid time")
}

pub fn id(n: u128) -> Uuid {
    Uuid::from_u128(0x0190_d9a4_7e2b_7c4c_8f3e_0000_0000_0000 + n)
}

pub fn eur(amount: i64) -> Money {
    Money::new(amount, "EUR")
}

pub fn book(n: u128, title: &str, author: &str, price: i64, stock: i64) -> Book {
    Book {
        id: id(n),
        isbn: format!("97800000{n:05}"),
        title: title.into(),
        subtitle: None,
        description: Some(format!("{title}: a book worth reading, in a fixture.")),
        authors: vec![AuthorRef {
            id: id(1000 + n),
            name: author.into(),
        }],
        genres: vec![GenreRef {
            id: id(2000),
            slug: "science-fiction".into(),
            name: "Science Fiction".into(),
        }],
        language: Some("en".into()),
        pages: Some(412),
        published_on: None,
        publisher: Some("Chilton Books".into()),
        price: eur(price),
        stock,
        version: 1,
        created_at: at(0),
        updated_at: at(0),
    }
}

pub fn books() -> Vec<Book> {
    vec![
        book(1, "Dune", "Frank Herbert", 1299, 5),
        book(2, "Dune Messiah", "Frank Herbert", 1099, 0),
        book(3, "The Left Hand of Darkness", "Ursula K. Le Guin", 1199, 3),
        book(4, "Neuromancer", "William Gibson", 999, 12),
        book(5, "Hyperion", "Dan Simmons", 1399, 2),
    ]
}

pub fn user() -> User {
    User {
        id: id(500),
        email: "ada@example.com".into(),
        name: "Ada Lovelace".into(),
        role: Role::Customer,
        disabled: false,
        created_at: at(0),
        updated_at: at(0),
    }
}

pub fn address() -> Address {
    Address {
        name: "Ada Lovelace".into(),
        line1: "12 St James's Square".into(),
        line2: None,
        postal_code: "SW1Y 4JH".into(),
        city: "London".into(),
        country: "GB".into(),
    }
}

pub fn cart() -> Cart {
    Cart {
        items: vec![
            CartItem {
                book_id: id(1),
                quantity: 2,
                title: Some("Dune".into()),
                unit_price: Some(eur(1299)),
                line_total: Some(eur(2598)),
                in_stock: 5,
                available: true,
                added_at: at(1),
            },
            CartItem {
                book_id: id(5),
                quantity: 3,
                title: Some("Hyperion".into()),
                unit_price: Some(eur(1399)),
                line_total: Some(eur(4197)),
                in_stock: 2,
                available: false,
                added_at: at(2),
            },
        ],
        totals: vec![eur(2598)],
        updated_at: Some(at(2)),
    }
}

pub fn order(n: u128, status: OrderStatus) -> Order {
    let mut history = vec![StatusChange {
        status: OrderStatus::PendingPayment,
        reason: Some("stock reserved; waiting for the payment".into()),
        at: at(3),
    }];
    if status != OrderStatus::PendingPayment {
        history.push(StatusChange {
            status,
            reason: Some("paid 25.98 EUR with sandbox".into()),
            at: at(4),
        });
    }
    Order {
        id: id(100 + n),
        user_id: id(500),
        status,
        status_reason: None,
        items: vec![OrderItem {
            book_id: id(1),
            title: "Dune".into(),
            quantity: 2,
            unit_price: eur(1299),
            line_total: eur(2598),
        }],
        total: eur(2598),
        payment: PaymentMethodSummary {
            provider: "sandbox".into(),
            last4: Some("4242".into()),
        },
        shipping_address: address(),
        payment_due_at: None,
        refunded: false,
        history,
        created_at: at(3),
        updated_at: at(4),
    }
}

pub fn notification(seq: i64, subject: &str, read: bool) -> Notification {
    Notification {
        id: id(300 + seq as u128),
        seq,
        kind: NotificationKind::OrderConfirmed,
        topic: Topic::Orders,
        subject: subject.into(),
        body: format!("{subject}.\n\nThank you for shopping with us."),
        order_id: Some(id(101)),
        order_status: Some("confirmed".into()),
        promotion_id: None,
        channels: vec![Channel::Email],
        created_at: at(5),
        read_at: read.then(|| at(6)),
        unsubscribe_url: "http://127.0.0.1:8080/unsubscribe".into(),
    }
}

pub fn provider() -> Provider {
    Provider {
        name: "sandbox".into(),
        display_name: "Sandbox".into(),
        test_mode: true,
        token_hint: "a test card number such as 4242 4242 4242 4242".into(),
    }
}

/// An app of `width` × `height`, no colours, with nothing loaded yet.
pub fn app(width: u16, height: u16) -> App {
    let mut app = App::new(
        Keymap::default(),
        Theme::plain(),
        "http://127.0.0.1:8080".into(),
        Some("ada@example.com".into()),
    );
    app.size = (width, height);
    app
}

/// An app signed in, with the catalog, the cart, orders and messages loaded.
pub fn loaded(width: u16, height: u16) -> App {
    let mut app = app(width, height);
    app.start();
    app.update(Action::SignedIn {
        user: user(),
        address: Some(address()),
    });
    let generation = app.catalog.generation;
    app.update(Action::BooksLoaded {
        generation,
        append: false,
        result: Ok(Page {
            items: books(),
            next_cursor: None,
        }),
    });
    app.update(Action::CartLoaded(Ok(cart())));
    app.update(Action::OrdersLoaded(Ok(Page {
        items: vec![
            order(1, OrderStatus::Confirmed),
            order(2, OrderStatus::Cancelled),
        ],
        next_cursor: None,
    })));
    app.update(Action::OrderLoaded(Ok(order(1, OrderStatus::Confirmed))));
    app.update(Action::NotificationsLoaded(Ok((
        vec![
            notification(2, "Your order is confirmed", false),
            notification(1, "Welcome to the Bookstore", true),
        ],
        NotificationSummary {
            unread: 1,
            last_seq: 2,
        },
    ))));
    app.update(Action::LiveConnected);
    app
}

pub fn key(app: &mut App, code: KeyCode) -> Vec<bookstore_tui::net::Task> {
    app.update(Action::Input(Event::Key(KeyEvent::new(
        code,
        KeyModifiers::NONE,
    ))))
}

pub fn ctrl(app: &mut App, c: char) -> Vec<bookstore_tui::net::Task> {
    app.update(Action::Input(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    ))))
}

pub fn type_text(app: &mut App, text: &str) -> Vec<bookstore_tui::net::Task> {
    text.chars()
        .flat_map(|c| key(app, KeyCode::Char(c)))
        .collect()
}
