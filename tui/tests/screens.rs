//! Whole screens drawn on ratatui's `TestBackend` and compared with insta snapshots, at 80x24
//! and at a narrow 60x20 where side-by-side panes collapse into one.

mod support;

use bookstore_tui::action::Action;
use bookstore_tui::app::App;
use bookstore_tui::screens;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use support::*;

fn screen(app: &App) -> String {
    let (width, height) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal
        .draw(|frame| screens::draw(app, frame))
        .expect("drawing works");
    terminal.backend().to_string()
}

#[test]
fn catalog() {
    let mut app = loaded(80, 24);
    app.update(Action::BookLoaded(Ok(books()[0].clone())));
    insta::assert_snapshot!("catalog_80x24", screen(&app));
    app.size = (60, 20);
    insta::assert_snapshot!("catalog_60x20", screen(&app));
}

#[test]
fn catalog_searching_while_loading() {
    let mut app = loaded(80, 24);
    key(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "dune");
    let generation = app.catalog.generation;
    app.update(Action::SearchDue(generation));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn book_detail() {
    let mut app = loaded(80, 24);
    app.update(Action::BookLoaded(Ok(books()[0].clone())));
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("detail_80x24", screen(&app));
    app.size = (60, 20);
    insta::assert_snapshot!("detail_60x20", screen(&app));
}

#[test]
fn cart() {
    let mut app = loaded(80, 24);
    key(&mut app, KeyCode::Char('2'));
    insta::assert_snapshot!("cart_80x24", screen(&app));
    app.size = (60, 20);
    insta::assert_snapshot!("cart_60x20", screen(&app));
}

#[test]
fn checkout_and_its_confirmation() {
    let mut app = loaded(80, 24);
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('c'));
    app.update(Action::ProvidersLoaded(Ok(vec![provider()])));
    type_text(&mut app, "4242 4242 4242 4242");
    insta::assert_snapshot!("checkout_80x24", screen(&app));
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("checkout_confirm_80x24", screen(&app));
    app.size = (60, 20);
    insta::assert_snapshot!("checkout_confirm_60x20", screen(&app));
}

#[test]
fn orders() {
    let mut app = loaded(80, 24);
    key(&mut app, KeyCode::Char('3'));
    insta::assert_snapshot!("orders_80x24", screen(&app));
    app.size = (60, 20);
    insta::assert_snapshot!("orders_60x20", screen(&app));
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("order_60x20", screen(&app));
}

#[test]
fn notifications() {
    let mut app = loaded(80, 24);
    key(&mut app, KeyCode::Char('4'));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn help() {
    let mut app = loaded(80, 24);
    key(&mut app, KeyCode::Char('?'));
    insta::assert_snapshot!("help_80x24", screen(&app));
    app.size = (60, 20);
    insta::assert_snapshot!("help_60x20", screen(&app));
}

#[test]
fn login() {
    let mut app = app(80, 24);
    app.start();
    app.update(Action::NotSignedIn(
        "not logged in to http://127.0.0.1:8080 (profile default)".into(),
    ));
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "secret");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn an_error_leaves_the_screen_usable() {
    let mut app = loaded(80, 24);
    let tasks = key(&mut app, KeyCode::Char('r'));
    assert_eq!(tasks.len(), 1);
    let generation = app.catalog.generation;
    app.update(Action::BooksLoaded {
        generation,
        append: false,
        result: Err("cannot reach http://127.0.0.1:8080/api/v1/books: connection refused".into()),
    });
    app.update(Action::Failed("cannot reach the gateway".into()));
    insta::assert_snapshot!("error_80x24", screen(&app));
    app.size = (60, 20);
    insta::assert_snapshot!("error_60x20", screen(&app));
}

#[test]
fn the_live_stream_says_when_it_reconnects() {
    let mut app = loaded(100, 24);
    app.update(Action::LiveReconnecting {
        attempt: 2,
        delay: std::time::Duration::from_secs(4),
    });
    let top = screen(&app).lines().next().unwrap_or_default().to_owned();
    assert!(top.contains("reconnecting in 4s (#2)"), "{top}");
}
