//! Checkout: the shipping address (the profile's saved one to start with), the payment
//! provider and card, then a confirmation before the order goes out.

use bookstore_sdk::types::{Address, NewOrder, PaymentMethod, Provider};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::pane;
use crate::app::App;
use crate::components::input::Input;
use crate::keys::Command;

/// The fields, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Line1,
    Line2,
    PostalCode,
    City,
    Country,
    Provider,
    Card,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::Name,
        Field::Line1,
        Field::Line2,
        Field::PostalCode,
        Field::City,
        Field::Country,
        Field::Provider,
        Field::Card,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "Name",
            Field::Line1 => "Address",
            Field::Line2 => "Address 2",
            Field::PostalCode => "Postal code",
            Field::City => "City",
            Field::Country => "Country",
            Field::Provider => "Pay with",
            Field::Card => "Card",
        }
    }
}

/// The form's state.
#[derive(Debug)]
pub struct Checkout {
    pub inputs: [Input; 7],
    pub focus: usize,
    pub providers: Vec<Provider>,
    pub provider: usize,
    pub error: Option<String>,
    pub placing: bool,
}

/// Where each text field's input is kept (the provider is a choice, not text).
fn slot(field: Field) -> Option<usize> {
    match field {
        Field::Name => Some(0),
        Field::Line1 => Some(1),
        Field::Line2 => Some(2),
        Field::PostalCode => Some(3),
        Field::City => Some(4),
        Field::Country => Some(5),
        Field::Provider => None,
        Field::Card => Some(6),
    }
}

impl Checkout {
    /// A form filled with `address`, the profile's saved one, if any.
    pub fn new(address: Option<&Address>, name: &str) -> Checkout {
        let a = address;
        let field = |f: fn(&Address) -> String| Input::new(a.map(f).unwrap_or_default());
        let mut inputs = [
            field(|a| a.name.clone()),
            field(|a| a.line1.clone()),
            field(|a| a.line2.clone().unwrap_or_default()),
            field(|a| a.postal_code.clone()),
            field(|a| a.city.clone()),
            field(|a| a.country.clone()),
            Input::default(),
        ];
        if inputs[0].value.is_empty() {
            inputs[0].value = name.to_owned();
        }
        // Start where something is missing.
        let focus = (0..6)
            .find(|&i| i != 2 && inputs[i].value.is_empty())
            .unwrap_or(7);
        Checkout {
            inputs,
            focus,
            providers: Vec::new(),
            provider: 0,
            error: None,
            placing: false,
        }
    }

    pub fn field(&self) -> Field {
        Field::ALL[self.focus]
    }

    /// The focused text field; `None` on the provider choice.
    pub fn input_mut(&mut self) -> Option<&mut Input> {
        slot(self.field()).map(|i| &mut self.inputs[i])
    }

    pub fn value(&self, field: Field) -> &str {
        slot(field).map_or("", |i| self.inputs[i].value.trim())
    }

    pub fn move_focus(&mut self, delta: isize) {
        let len = Field::ALL.len();
        self.focus = self.focus.saturating_add_signed(delta).min(len - 1);
    }

    pub fn is_last(&self) -> bool {
        self.focus + 1 == Field::ALL.len()
    }

    pub fn cycle_provider(&mut self, delta: isize) {
        if !self.providers.is_empty() {
            let len = self.providers.len() as isize;
            self.provider = (self.provider as isize + delta).rem_euclid(len) as usize;
        }
    }

    pub fn provider(&self) -> Option<&Provider> {
        self.providers.get(self.provider)
    }

    /// The order the form describes, or what is missing; the field at fault gets the focus.
    pub fn order(&mut self) -> Result<NewOrder, String> {
        let required = [
            Field::Name,
            Field::Line1,
            Field::PostalCode,
            Field::City,
            Field::Country,
            Field::Card,
        ];
        if let Some(missing) = required.iter().find(|f| self.value(**f).is_empty()) {
            self.focus = Field::ALL.iter().position(|f| f == missing).unwrap_or(0);
            return Err(format!("{} is missing", missing.label()));
        }
        let country = self.value(Field::Country).to_ascii_uppercase();
        if country.len() != 2 || !country.chars().all(|c| c.is_ascii_alphabetic()) {
            self.focus = 5;
            return Err("Country: two letters, like GB or DE".into());
        }
        let Some(provider) = self.provider().map(|p| p.name.clone()) else {
            self.focus = 6;
            return Err("no payment provider is available yet".into());
        };
        let token: String = self
            .value(Field::Card)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let line2 = self.value(Field::Line2);
        Ok(NewOrder {
            items: Vec::new(),
            from_cart: true,
            payment: PaymentMethod { provider, token },
            shipping_address: Address {
                name: self.value(Field::Name).to_owned(),
                line1: self.value(Field::Line1).to_owned(),
                line2: (!line2.is_empty()).then(|| line2.to_owned()),
                postal_code: self.value(Field::PostalCode).to_owned(),
                city: self.value(Field::City).to_owned(),
                country,
            },
        })
    }

    /// `•••• 4242`: the card as the confirmation shows it.
    pub fn masked_card(&self) -> String {
        let digits: String = self
            .value(Field::Card)
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let last4: String = digits
            .chars()
            .skip(digits.len().saturating_sub(4))
            .collect();
        format!("•••• {last4}")
    }
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let Some(form) = &app.checkout else {
        return;
    };
    let block = pane(" Checkout ", true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [summary, fields, status] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(2),
    ])
    .areas(inner);
    let total = app
        .cart
        .cart
        .as_ref()
        .map(|c| {
            c.totals
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .unwrap_or_default();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("To pay  ", theme.dim()),
            Span::styled(total, theme.bold()),
            Span::styled(
                format!("  for {}", super::cart::copies(app.cart.orderable_copies())),
                theme.dim(),
            ),
        ])),
        summary,
    );
    let width = usize::from(fields.width).saturating_sub(14);
    let lines: Vec<Line> = Field::ALL
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let focused = i == form.focus;
            let label_style = if focused { theme.accent() } else { theme.dim() };
            let mut spans = vec![Span::styled(
                format!("{:>11}  ", field.label()),
                label_style,
            )];
            match slot(*field) {
                Some(s) => spans.extend(form.inputs[s].line(focused, width, theme).spans),
                None => {
                    let name = form.provider().map_or("loading…".to_owned(), |p| {
                        if p.test_mode {
                            format!("{} (test mode)", p.display_name)
                        } else {
                            p.display_name.clone()
                        }
                    });
                    spans.push(Span::raw(format!("‹ {name} ›")));
                    if focused {
                        spans.push(Span::styled(
                            format!(
                                "  {}/{} to change",
                                app.keymap.label(Command::PrevChoice),
                                app.keymap.label(Command::NextChoice)
                            ),
                            theme.dim(),
                        ));
                    }
                }
            }
            Line::from(spans)
        })
        .collect();
    let mut lines = lines;
    if let Some(hint) = form.provider().map(|p| p.token_hint.clone()) {
        lines.push(Line::styled(format!("{:>13}{hint}", ""), theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), fields);
    let text = if form.placing {
        Line::styled("placing the order…", theme.dim())
    } else if let Some(e) = &form.error {
        Line::styled(format!("⚠ {e}"), theme.error())
    } else {
        Line::styled(
            format!(
                "{} next field · {} on the card: review and place",
                app.keymap.label(Command::NextField),
                app.keymap.label(Command::Open)
            ),
            theme.dim(),
        )
    };
    frame.render_widget(Paragraph::new(text), status);
}
