//! The state and its update, without drawing: keys become commands, answers change the state,
//! and the background work asked for is checked by what it is.

mod support;

use bookstore_sdk::types::{OrderStatus, Page};
use bookstore_tui::action::Action;
use bookstore_tui::app::{Live, Tab};
use bookstore_tui::net::{ActionKind, PAGE_SIZE, Task};
use bookstore_tui::screens::catalog::Loading;
use ratatui::crossterm::event::KeyCode;
use support::*;

#[test]
fn searching_is_debounced_and_stale_answers_are_dropped() {
    let mut app = loaded(80, 24);
    key(&mut app, KeyCode::Char('/'));
    let tasks = type_text(&mut app, "du");
    // Each key asks for a timer; only the last one's search goes out.
    assert_eq!(tasks.len(), 2);
    let Task::After { action, .. } = &tasks[1] else {
        panic!("{tasks:?}")
    };
    let ActionKind::SearchDue(latest) = **action else {
        panic!("{action:?}")
    };
    assert!(app.update(Action::SearchDue(latest - 1)).is_empty());
    let tasks = app.update(Action::SearchDue(latest));
    let [
        Task::SearchBooks {
            generation,
            query,
            append: false,
        },
    ] = tasks.as_slice()
    else {
        panic!("{tasks:?}")
    };
    assert_eq!((*generation, query.q.as_deref()), (latest, Some("du")));
    // An answer to an older list changes nothing.
    let before = app.catalog.rows.len();
    app.update(Action::BooksLoaded {
        generation: latest - 1,
        append: false,
        result: Ok(Page {
            items: vec![book(9, "Old", "X", 1, 1)],
            next_cursor: None,
        }),
    });
    assert_eq!(app.catalog.rows.len(), before);
    app.update(Action::BooksLoaded {
        generation: latest,
        append: false,
        result: Ok(Page {
            items: vec![book(1, "Dune", "Frank Herbert", 1299, 5)],
            next_cursor: None,
        }),
    });
    assert_eq!(app.catalog.rows.len(), 1);
    assert_eq!(app.catalog.loading, Loading::Idle);
}

#[test]
fn pages_load_as_the_selection_nears_the_end() {
    let mut app = app(80, 24);
    app.start();
    let generation = app.catalog.generation;
    let page: Vec<_> = (0..PAGE_SIZE as u128)
        .map(|n| book(n, &format!("Book {n}"), "A", 100, 1))
        .collect();
    app.update(Action::BooksLoaded {
        generation,
        append: false,
        result: Ok(Page {
            items: page.clone(),
            next_cursor: Some("c2".into()),
        }),
    });
    assert!(
        key(&mut app, KeyCode::Char('j'))
            .iter()
            .all(|t| !matches!(t, Task::SearchBooks { .. }))
    );
    let tasks = key(&mut app, KeyCode::End);
    let more = tasks.iter().find_map(|t| match t {
        Task::SearchBooks {
            query,
            append: true,
            ..
        } => query.cursor.clone(),
        _ => None,
    });
    assert_eq!(more.as_deref(), Some("c2"));
    assert_eq!(app.catalog.loading, Loading::More);
    // While a page is on its way, no second request for it.
    assert!(
        key(&mut app, KeyCode::End)
            .iter()
            .all(|t| !matches!(t, Task::SearchBooks { .. }))
    );
    app.update(Action::BooksLoaded {
        generation,
        append: true,
        result: Ok(Page {
            items: page,
            next_cursor: None,
        }),
    });
    assert_eq!(app.catalog.rows.len(), 2 * PAGE_SIZE as usize);
    assert!(!app.catalog.has_more());
}

#[test]
fn esc_goes_back_and_never_quits_q_quits_from_the_top_ctrl_c_always() {
    let mut app = loaded(80, 24);
    key(&mut app, KeyCode::Enter);
    assert!(app.catalog.open);
    key(&mut app, KeyCode::Esc);
    assert!(!app.catalog.open && !app.quit);
    key(&mut app, KeyCode::Esc);
    assert!(!app.quit, "esc at the top does not quit");
    key(&mut app, KeyCode::Char('3'));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('q'));
    assert!(
        !app.orders.open && !app.quit,
        "q in a nested view goes back"
    );
    key(&mut app, KeyCode::Char('q'));
    assert!(app.quit);

    let mut app = loaded(80, 24);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('c'));
    assert!(app.checkout.is_some());
    key(&mut app, KeyCode::Char('q'));
    assert!(!app.quit, "q types in the form");
    ctrl(&mut app, 'c');
    assert!(app.quit);
}

#[test]
fn panels_that_need_a_login_ask_for_one_then_open() {
    let mut app = app(80, 24);
    app.start();
    key(&mut app, KeyCode::Char('2'));
    assert!(app.login.is_some());
    assert_eq!(app.tab, Tab::Catalog);
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "secret");
    let tasks = key(&mut app, KeyCode::Enter);
    assert!(
        matches!(&tasks[..], [Task::Login { email, password }] if email == "ada@example.com" && password == "secret")
    );
    app.update(Action::SignInFailed("wrong email or password".into()));
    assert_eq!(
        app.login.as_ref().and_then(|l| l.error.as_deref()),
        Some("wrong email or password")
    );
    let tasks = key(&mut app, KeyCode::Enter);
    assert_eq!(tasks.len(), 1);
    let tasks = app.update(Action::SignedIn {
        user: user(),
        address: None,
    });
    assert!(app.login.is_none());
    assert_eq!(app.tab, Tab::Cart);
    assert!(tasks.iter().any(|t| matches!(t, Task::LoadCart)));
}

#[test]
fn the_cart_changes_quantities_and_removes() {
    let mut app = loaded(80, 24);
    key(&mut app, KeyCode::Char('2'));
    let tasks = key(&mut app, KeyCode::Char('+'));
    assert!(matches!(
        &tasks[..],
        [Task::SetQuantity { quantity: 3, .. }]
    ));
    let tasks = key(&mut app, KeyCode::Char('-'));
    assert!(matches!(
        &tasks[..],
        [Task::SetQuantity { quantity: 1, .. }]
    ));
    let tasks = key(&mut app, KeyCode::Char('d'));
    assert!(matches!(&tasks[..], [Task::RemoveFromCart(id)] if *id == support::id(1)));
}

#[test]
fn checkout_checks_the_form_and_confirms_before_placing() {
    let mut app = loaded(80, 24);
    key(&mut app, KeyCode::Char('2'));
    let tasks = key(&mut app, KeyCode::Char('c'));
    assert!(matches!(&tasks[..], [Task::LoadProviders]));
    app.update(Action::ProvidersLoaded(Ok(vec![provider()])));
    // The saved address is filled in; the focus waits on the card.
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.checkout.as_ref().and_then(|c| c.error.as_deref()),
        Some("Card is missing")
    );
    type_text(&mut app, "4242 4242 4242 4242");
    assert!(key(&mut app, KeyCode::Enter).is_empty());
    assert!(app.popup.is_some());
    let tasks = key(&mut app, KeyCode::Enter);
    let [Task::PlaceOrder(order)] = &tasks[..] else {
        panic!("{tasks:?}")
    };
    assert!(order.from_cart);
    assert_eq!(order.payment.token, "4242424242424242");
    assert_eq!(order.shipping_address, address());
    let placed = order_with(7, OrderStatus::PendingPayment);
    let tasks = app.update(Action::OrderPlaced(Ok(placed.clone())));
    assert!(
        tasks
            .iter()
            .any(|t| matches!(t, Task::FollowOrder(id) if *id == placed.id))
    );
    assert_eq!(app.tab, Tab::Orders);
    assert_eq!(app.orders.selected().map(|o| o.id), Some(placed.id));
    app.update(Action::OrderLoaded(Ok(order_with(
        7,
        OrderStatus::Confirmed,
    ))));
    assert_eq!(
        app.orders.selected().map(|o| o.status),
        Some(OrderStatus::Confirmed)
    );
    assert!(
        app.flash
            .as_ref()
            .is_some_and(|f| f.text.ends_with("is confirmed"))
    );
}

fn order_with(n: u128, status: OrderStatus) -> bookstore_sdk::types::Order {
    order(n, status)
}

#[test]
fn live_notifications_count_and_refresh_their_order() {
    let mut app = loaded(80, 24);
    assert_eq!(app.live, Live::Connected);
    let tasks = app.update(Action::LiveNotification(notification(3, "Shipped", false)));
    assert_eq!(app.inbox.unread, 2);
    assert!(matches!(&tasks[..], [Task::LoadOrder(id)] if *id == support::id(101)));
    // A replay of the same message is not counted again.
    app.update(Action::LiveNotification(notification(3, "Shipped", false)));
    assert_eq!(app.inbox.unread, 2);
    app.update(Action::LiveReconnecting {
        attempt: 1,
        delay: std::time::Duration::from_secs(2),
    });
    assert!(matches!(
        app.live,
        Live::Reconnecting {
            attempt: 1,
            delay_secs: 2
        }
    ));
    app.update(Action::LiveConnected);
    assert_eq!(
        app.flash.as_ref().map(|f| f.text.as_str()),
        Some("Live updates are back")
    );
}

#[test]
fn a_failed_call_says_so_and_the_screen_stays_usable() {
    let mut app = loaded(80, 24);
    key(&mut app, KeyCode::Char('2'));
    app.update(Action::CartLoaded(Err("cannot reach the gateway".into())));
    assert!(app.flash.as_ref().is_some_and(|f| f.error));
    // The last cart read is still there and keys still work.
    assert!(app.cart.cart.is_some());
    key(&mut app, KeyCode::Char('1'));
    assert_eq!(app.tab, Tab::Catalog);
    assert!(app.flash.is_none(), "a key clears the message");
}
