//! The selection and scroll position of a list, for lists far longer than the screen: only the
//! rows in view are ever drawn.

use std::cell::Cell;
use std::ops::Range;

/// Which row is selected, and which row is at the top of the view.
#[derive(Debug, Clone, Default)]
pub struct Cursor {
    pub selected: usize,
    /// Kept by drawing, so the view moves only when the selection leaves it.
    offset: Cell<usize>,
}

impl PartialEq for Cursor {
    fn eq(&self, other: &Self) -> bool {
        self.selected == other.selected
    }
}

impl Cursor {
    /// Moves by `delta` rows within `len`; whether the selection changed.
    pub fn move_by(&mut self, delta: isize, len: usize) -> bool {
        if len == 0 {
            return false;
        }
        let before = self.selected;
        self.selected = self.selected.saturating_add_signed(delta).min(len - 1);
        before != self.selected
    }

    pub fn select(&mut self, index: usize, len: usize) -> bool {
        if len == 0 {
            return false;
        }
        let before = self.selected;
        self.selected = index.min(len - 1);
        before != self.selected
    }

    /// Back to the first row (a new list).
    pub fn reset(&mut self) {
        self.selected = 0;
        self.offset.set(0);
    }

    /// Keeps the selection within a list that shrank.
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }

    /// The rows to draw in `height` lines, moving the view just enough to show the selection.
    pub fn window(&self, height: usize, len: usize) -> Range<usize> {
        if height == 0 || len == 0 {
            return 0..0;
        }
        let mut offset = self.offset.get().min(len.saturating_sub(1));
        if self.selected < offset {
            offset = self.selected;
        } else if self.selected >= offset + height {
            offset = self.selected + 1 - height;
        }
        // No empty space below the last row when the list could fill the view.
        offset = offset.min(len.saturating_sub(height));
        self.offset.set(offset);
        offset..(offset + height).min(len)
    }

    /// The list index of the row drawn `row` lines below the top of the view.
    pub fn index_at(&self, row: usize, len: usize) -> Option<usize> {
        let index = self.offset.get() + row;
        (index < len).then_some(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_follows_the_selection() {
        let mut cursor = Cursor::default();
        assert_eq!(cursor.window(5, 100), 0..5);
        cursor.move_by(7, 100);
        assert_eq!(cursor.window(5, 100), 3..8);
        cursor.move_by(-2, 100);
        assert_eq!(
            cursor.window(5, 100),
            3..8,
            "moving within the view keeps it"
        );
        cursor.move_by(-10, 100);
        assert_eq!((cursor.selected, cursor.window(5, 100)), (0, 0..5));
        cursor.move_by(1000, 100);
        assert_eq!((cursor.selected, cursor.window(5, 100)), (99, 95..100));
        assert_eq!(cursor.index_at(2, 100), Some(97));
        assert_eq!(cursor.index_at(9, 100), None);
        assert!(!cursor.move_by(1, 0));
    }
}
