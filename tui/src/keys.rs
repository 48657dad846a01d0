//! The one keymap table: it drives dispatch, the help overlay and the footer hints, and the
//! `[keys]` section of `tui.toml` remaps it.

use std::collections::BTreeMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Command {
    ForceQuit,
    Quit,
    Back,
    Help,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    NextField,
    PrevField,
    Search,
    Refresh,
    Catalog,
    Cart,
    Orders,
    Notifications,
    Logout,
    Genre,
    Sort,
    AddToCart,
    More,
    Less,
    Remove,
    Checkout,
    CancelOrder,
    MarkAllRead,
    PrevChoice,
    NextChoice,
    SwitchForm,
}

/// Where a binding applies. Bindings whose scopes overlap may not share a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Everywhere, forms included (where printable keys type instead).
    Global,
    /// Every browsing view: catalog, book, cart, orders, notifications.
    Main,
    /// The catalog and a book's page.
    Books,
    Cart,
    Orders,
    Notifications,
    /// The login and checkout forms.
    Form,
    Checkout,
    Login,
}

impl Scope {
    /// The heading the help overlay gives the scope.
    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Everywhere",
            Scope::Main => "Browsing",
            Scope::Books => "Catalog and book",
            Scope::Cart => "Cart",
            Scope::Orders => "Orders",
            Scope::Notifications => "Notifications",
            Scope::Form => "Forms",
            Scope::Checkout => "Checkout",
            Scope::Login => "Login",
        }
    }

    fn overlaps(self, other: Scope) -> bool {
        use Scope::*;
        let within = |inner: Scope, outer: Scope| match outer {
            Global => true,
            Main => matches!(inner, Main | Books | Cart | Orders | Notifications),
            Form => matches!(inner, Form | Checkout | Login),
            _ => inner == outer,
        };
        within(self, other) || within(other, self)
    }
}

/// One row of the table.
#[derive(Debug)]
pub struct Spec {
    pub command: Command,
    /// Its name in `tui.toml`.
    pub name: &'static str,
    pub scope: Scope,
    /// What the help overlay says.
    pub help: &'static str,
    /// What the footer says, for the commands worth a hint.
    pub hint: Option<&'static str>,
    defaults: &'static [&'static str],
    /// Cannot be remapped.
    fixed: bool,
}

macro_rules! spec {
    ($command:ident, $name:literal, $scope:ident, $help:literal, $hint:expr, [$($key:literal),*]) => {
        Spec { command: Command::$command, name: $name, scope: Scope::$scope, help: $help,
               hint: $hint, defaults: &[$($key),*], fixed: false }
    };
}

/// Every command, its scope and its default keys.
pub static TABLE: &[Spec] = &[
    Spec {
        command: Command::ForceQuit,
        name: "force_quit",
        scope: Scope::Global,
        help: "quit at once, from anywhere",
        hint: None,
        defaults: &["ctrl-c"],
        fixed: true,
    },
    spec!(
        Back,
        "back",
        Global,
        "go back; close a popup or the search",
        Some("back"),
        ["esc"]
    ),
    spec!(Up, "up", Global, "move up", None, ["up", "k"]),
    spec!(Down, "down", Global, "move down", None, ["down", "j"]),
    spec!(
        PageUp,
        "page_up",
        Global,
        "a page up",
        None,
        ["pageup", "ctrl-u"]
    ),
    spec!(
        PageDown,
        "page_down",
        Global,
        "a page down",
        None,
        ["pagedown", "ctrl-d"]
    ),
    spec!(Top, "top", Global, "to the first", None, ["home", "g"]),
    spec!(
        Bottom,
        "bottom",
        Global,
        "to the last (loads more)",
        None,
        ["end", "G"]
    ),
    spec!(
        Open,
        "open",
        Global,
        "open; submit a form",
        Some("open"),
        ["enter"]
    ),
    spec!(
        NextField,
        "next_field",
        Global,
        "next field or pane",
        None,
        ["tab"]
    ),
    spec!(
        PrevField,
        "prev_field",
        Global,
        "previous field or pane",
        None,
        ["backtab"]
    ),
    spec!(
        Quit,
        "quit",
        Main,
        "quit (from the top views)",
        Some("quit"),
        ["q"]
    ),
    spec!(
        Help,
        "help",
        Main,
        "show or hide this help",
        Some("help"),
        ["?"]
    ),
    spec!(
        Search,
        "search",
        Main,
        "search the catalog as you type",
        Some("search"),
        ["/"]
    ),
    spec!(Refresh, "refresh", Main, "load again", None, ["r"]),
    spec!(Catalog, "catalog", Main, "catalog", None, ["1"]),
    spec!(Cart, "cart", Main, "cart", None, ["2"]),
    spec!(Orders, "orders", Main, "my orders", None, ["3"]),
    spec!(
        Notifications,
        "notifications",
        Main,
        "notifications",
        None,
        ["4"]
    ),
    spec!(Logout, "logout", Main, "log out", None, ["L"]),
    spec!(
        Genre,
        "genre",
        Books,
        "filter by genre",
        Some("genre"),
        ["f"]
    ),
    spec!(Sort, "sort", Books, "change the order", Some("sort"), ["s"]),
    spec!(
        AddToCart,
        "add_to_cart",
        Books,
        "add a copy to the cart",
        Some("add"),
        ["a"]
    ),
    spec!(More, "more", Cart, "one copy more", Some("+1"), ["+", "="]),
    spec!(Less, "less", Cart, "one copy fewer", Some("-1"), ["-"]),
    spec!(
        Remove,
        "remove",
        Cart,
        "take out of the cart",
        Some("remove"),
        ["d", "delete"]
    ),
    spec!(
        Checkout,
        "checkout",
        Cart,
        "check out",
        Some("checkout"),
        ["c"]
    ),
    spec!(
        CancelOrder,
        "cancel_order",
        Orders,
        "cancel the order",
        Some("cancel"),
        ["x"]
    ),
    spec!(
        MarkAllRead,
        "mark_all_read",
        Notifications,
        "mark all read",
        Some("all read"),
        ["R"]
    ),
    spec!(
        PrevChoice,
        "prev_choice",
        Checkout,
        "previous payment provider",
        None,
        ["left"]
    ),
    spec!(
        NextChoice,
        "next_choice",
        Checkout,
        "next payment provider",
        None,
        ["right"]
    ),
    spec!(
        SwitchForm,
        "switch_form",
        Login,
        "log in or create an account",
        Some("register/login"),
        ["ctrl-r"]
    ),
];

/// A key with its modifiers, as bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    /// The key as pressed; shift is part of the character (`G`), so it is not kept apart.
    pub fn from_event(event: KeyEvent) -> Key {
        Key {
            code: event.code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// Whether the key types a character into a text field.
    pub fn is_text(&self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.ctrl && !self.alt
    }

    /// `ctrl-c`, `G`, `enter`, `pagedown`, `f5`, `space`.
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = text;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "delete" => KeyCode::Delete,
            "insert" => KeyCode::Insert,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            f if f.len() > 1 && f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            c if c.chars().count() == 1 => {
                let ch = c.chars().next().unwrap_or(' ');
                // Terminals send ctrl with the lower-case letter.
                KeyCode::Char(if ctrl { ch.to_ascii_lowercase() } else { ch })
            }
            _ => {
                return Err(format!(
                    "`{text}` is not a key (try `j`, `ctrl-n`, `enter`, `pagedown`, `f2`)"
                ));
            }
        };
        Ok(Key { code, ctrl, alt })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Delete => f.write_str("del"),
            KeyCode::Insert => f.write_str("ins"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::PageUp => f.write_str("pgup"),
            KeyCode::PageDown => f.write_str("pgdn"),
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The table with the user's keys: one list of keys per row of [`TABLE`].
#[derive(Debug, Clone)]
pub struct Keymap {
    keys: Vec<Vec<Key>>,
}

impl Default for Keymap {
    fn default() -> Self {
        let keys = TABLE
            .iter()
            .map(|spec| {
                spec.defaults
                    .iter()
                    .filter_map(|k| Key::parse(k).ok())
                    .collect()
            })
            .collect();
        Keymap { keys }
    }
}

impl Keymap {
    /// The defaults with `overrides` (command name → keys) applied, refused when a name or
    /// key is unknown, two commands that can apply at once share a key, or nothing quits.
    pub fn with_overrides(overrides: &BTreeMap<String, Vec<String>>) -> Result<Keymap, String> {
        let mut map = Keymap::default();
        for (name, keys) in overrides {
            let Some(index) = TABLE.iter().position(|s| s.name == name) else {
                let names: Vec<_> = TABLE.iter().filter(|s| !s.fixed).map(|s| s.name).collect();
                return Err(format!(
                    "unknown command `{name}` in [keys] (commands: {})",
                    names.join(", ")
                ));
            };
            if TABLE[index].fixed {
                return Err(format!("`{name}` is always ctrl-c and cannot be remapped"));
            }
            map.keys[index] = keys
                .iter()
                .map(|k| Key::parse(k.trim()).map_err(|e| format!("{name}: {e}")))
                .collect::<Result<_, _>>()?;
        }
        map.check()?;
        Ok(map)
    }

    fn check(&self) -> Result<(), String> {
        let quit = TABLE
            .iter()
            .position(|s| s.command == Command::Quit)
            .map(|i| &self.keys[i]);
        if quit.is_none_or(Vec::is_empty) {
            return Err(
                "`quit` has no key: give it one (ctrl-c quits too, but only in a hurry)".into(),
            );
        }
        for (i, a) in TABLE.iter().enumerate() {
            for (j, b) in TABLE.iter().enumerate().skip(i + 1) {
                if !a.scope.overlaps(b.scope) {
                    continue;
                }
                if let Some(key) = self.keys[i].iter().find(|k| self.keys[j].contains(k)) {
                    return Err(format!(
                        "`{key}` is bound to both `{}` and `{}`, which can apply at the same time",
                        a.name, b.name
                    ));
                }
            }
        }
        Ok(())
    }

    /// The command `key` runs in a view where `scopes` apply.
    pub fn command(&self, scopes: &[Scope], key: Key) -> Option<Command> {
        TABLE
            .iter()
            .zip(&self.keys)
            .find(|(spec, keys)| scopes.contains(&spec.scope) && keys.contains(&key))
            .map(|(spec, _)| spec.command)
    }

    /// The keys of a command.
    pub fn keys(&self, command: Command) -> &[Key] {
        TABLE
            .iter()
            .position(|s| s.command == command)
            .map_or(&[], |i| &self.keys[i])
    }

    /// `j/↓`: the keys of a command as the help and footer show them.
    pub fn label(&self, command: Command) -> String {
        let keys: Vec<String> = self.keys(command).iter().map(Key::to_string).collect();
        keys.join("/")
    }

    /// Every row with its keys, for the help overlay.
    pub fn rows(&self) -> impl Iterator<Item = (&'static Spec, &[Key])> {
        TABLE.iter().zip(self.keys.iter().map(Vec::as_slice))
    }

    /// Footer hints for a view: `(keys, hint)` of the hinted commands of `scopes`, most
    /// specific scope first.
    pub fn hints(&self, scopes: &[Scope]) -> Vec<(String, &'static str)> {
        let mut hints = Vec::new();
        for scope in scopes {
            for (spec, keys) in self.rows() {
                if spec.scope == *scope
                    && let (Some(hint), Some(key)) = (spec.hint, keys.first())
                {
                    hints.push((key.to_string(), hint));
                }
            }
        }
        hints
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn overrides(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        pairs
            .iter()
            .map(|(n, ks)| {
                (
                    (*n).to_owned(),
                    ks.iter().map(|k| (*k).to_owned()).collect(),
                )
            })
            .collect()
    }

    fn key(text: &str) -> Key {
        Key::parse(text).unwrap()
    }

    #[test]
    fn the_defaults_hold_together() {
        let map = Keymap::with_overrides(&BTreeMap::new()).unwrap();
        let main = [Scope::Books, Scope::Main, Scope::Global];
        assert_eq!(map.command(&main, key("j")), Some(Command::Down));
        assert_eq!(map.command(&main, key("down")), Some(Command::Down));
        assert_eq!(map.command(&main, key("q")), Some(Command::Quit));
        assert_eq!(map.command(&main, key("ctrl-c")), Some(Command::ForceQuit));
        assert_eq!(map.command(&main, key("G")), Some(Command::Bottom));
        assert_eq!(
            map.command(&main, key("x")),
            None,
            "cancel is for orders only"
        );
        let form = [Scope::Login, Scope::Form, Scope::Global];
        assert_eq!(map.command(&form, key("q")), None, "q types in a form");
        assert_eq!(map.label(Command::Down), "↓/j");
    }

    #[test]
    fn keys_are_remapped() {
        let map =
            Keymap::with_overrides(&overrides(&[("down", &["ctrl-n"]), ("quit", &["Q"])])).unwrap();
        let main = [Scope::Main, Scope::Global];
        assert_eq!(map.command(&main, key("ctrl-n")), Some(Command::Down));
        assert_eq!(map.command(&main, key("j")), None);
        assert_eq!(map.command(&main, key("Q")), Some(Command::Quit));
        assert_eq!(map.command(&main, key("q")), None);
    }

    #[test]
    fn conflicts_and_a_keymap_without_quit_are_refused() {
        let err = Keymap::with_overrides(&overrides(&[("add_to_cart", &["j"])])).unwrap_err();
        assert!(
            err.contains("`j` is bound to both `down` and `add_to_cart`"),
            "{err}"
        );
        let err = Keymap::with_overrides(&overrides(&[("quit", &[])])).unwrap_err();
        assert!(err.contains("`quit` has no key"), "{err}");
        let err = Keymap::with_overrides(&overrides(&[("help", &["ctrl-c"])])).unwrap_err();
        assert!(err.contains("`ctrl-c`"), "{err}");
        let err = Keymap::with_overrides(&overrides(&[("fly", &["z"])])).unwrap_err();
        assert!(err.contains("unknown command `fly`"), "{err}");
        let err = Keymap::with_overrides(&overrides(&[("help", &["hyper-z"])])).unwrap_err();
        assert!(err.contains("not a key"), "{err}");
        let err = Keymap::with_overrides(&overrides(&[("force_quit", &["z"])])).unwrap_err();
        assert!(err.contains("cannot be remapped"), "{err}");
    }

    #[test]
    fn keys_in_scopes_that_never_meet_may_be_shared() {
        // Cart and orders are never shown together.
        let map = Keymap::with_overrides(&overrides(&[("cancel_order", &["d"])])).unwrap();
        assert_eq!(
            map.command(&[Scope::Orders, Scope::Main, Scope::Global], key("d")),
            Some(Command::CancelOrder)
        );
        assert_eq!(
            map.command(&[Scope::Cart, Scope::Main, Scope::Global], key("d")),
            Some(Command::Remove)
        );
    }

    #[test]
    fn keys_print_as_they_parse() {
        for text in ["ctrl-c", "G", "enter", "f5", "space", "alt-x"] {
            assert_eq!(key(text).to_string(), text);
        }
        assert_eq!(key("pagedown").to_string(), "pgdn");
    }
}
