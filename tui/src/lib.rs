//! `bookstore-tui`: the Bookstore's storefront in a terminal, over `bookstore-sdk`. The state
//! and its update (`app`), the screens that draw it, the keymap table, and the background
//! tasks that do the network work.

pub mod action;
pub mod app;
pub mod components;
pub mod keys;
pub mod logging;
pub mod net;
pub mod popups;
pub mod screens;
pub mod settings;
pub mod terminal;
pub mod theme;
