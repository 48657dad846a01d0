//! What opens over the screen: the help, the genre picker, confirmations.

pub mod confirm;
pub mod genres;
pub mod help;

use ratatui::Frame;
use ratatui::layout::Rect;
use uuid::Uuid;

use crate::app::App;
use crate::components::scroll::Cursor;

/// The popup that is open.
#[derive(Debug, Clone, PartialEq)]
pub enum Popup {
    /// Every key, from the keymap table.
    Help { scroll: u16 },
    /// Choose a genre ("all" first).
    Genres { cursor: Cursor },
    /// Place the order the checkout form describes?
    ConfirmOrder,
    /// Cancel this order?
    ConfirmCancel(Uuid),
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    match &app.popup {
        None => {}
        Some(Popup::Help { scroll }) => help::render(app, frame, area, *scroll),
        Some(Popup::Genres { cursor }) => genres::render(app, frame, area, cursor),
        Some(Popup::ConfirmOrder) => confirm::render_order(app, frame, area),
        Some(Popup::ConfirmCancel(id)) => confirm::render_cancel(app, frame, area, *id),
    }
}
