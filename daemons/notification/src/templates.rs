//! The message templates kept in `templates/`, compiled into the binary and checked at start:
//! per kind of message a subject and a plain text (for the inbox, the email's text part and
//! its subject), an HTML email extending `layout.html`; plus the email footer, the SMS text
//! and the unsubscribe page. Files ending in `.html` are HTML-escaped.

use anyhow::Context as _;
use minijinja::Environment;
use serde::Serialize;

/// Every template, by name.
const SOURCES: &[(&str, &str)] = &[
    ("layout.html", include_str!("../templates/layout.html")),
    ("footer.txt", include_str!("../templates/footer.txt")),
    ("sms.txt", include_str!("../templates/sms.txt")),
    (
        "unsubscribe.html",
        include_str!("../templates/unsubscribe.html"),
    ),
    (
        "welcome.subject",
        include_str!("../templates/welcome.subject"),
    ),
    ("welcome.txt", include_str!("../templates/welcome.txt")),
    ("welcome.html", include_str!("../templates/welcome.html")),
    (
        "order_confirmed.subject",
        include_str!("../templates/order_confirmed.subject"),
    ),
    (
        "order_confirmed.txt",
        include_str!("../templates/order_confirmed.txt"),
    ),
    (
        "order_confirmed.html",
        include_str!("../templates/order_confirmed.html"),
    ),
    (
        "order_cancelled.subject",
        include_str!("../templates/order_cancelled.subject"),
    ),
    (
        "order_cancelled.txt",
        include_str!("../templates/order_cancelled.txt"),
    ),
    (
        "order_cancelled.html",
        include_str!("../templates/order_cancelled.html"),
    ),
    (
        "order_shipped.subject",
        include_str!("../templates/order_shipped.subject"),
    ),
    (
        "order_shipped.txt",
        include_str!("../templates/order_shipped.txt"),
    ),
    (
        "order_shipped.html",
        include_str!("../templates/order_shipped.html"),
    ),
    (
        "payment_refunded.subject",
        include_str!("../templates/payment_refunded.subject"),
    ),
    (
        "payment_refunded.txt",
        include_str!("../templates/payment_refunded.txt"),
    ),
    (
        "payment_refunded.html",
        include_str!("../templates/payment_refunded.html"),
    ),
    (
        "promotion.html",
        include_str!("../templates/promotion.html"),
    ),
];

/// The compiled templates. Cloning shares them.
#[derive(Clone)]
pub struct Templates {
    env: std::sync::Arc<Environment<'static>>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Templates")
    }
}

impl Templates {
    /// Compiles every template; a syntax error fails the start, naming the file.
    pub fn load() -> anyhow::Result<Templates> {
        let mut env = Environment::new();
        // A variable a template names but the context lacks is a bug, not an empty string.
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        for (name, source) in SOURCES {
            env.add_template(name, source)
                .with_context(|| format!("template {name}"))?;
        }
        Ok(Templates {
            env: std::sync::Arc::new(env),
        })
    }

    /// Renders the template `name` with `context`.
    pub fn render(&self, name: &str, context: impl Serialize) -> anyhow::Result<String> {
        let template = self
            .env
            .get_template(name)
            .with_context(|| format!("template {name}"))?;
        template
            .render(context)
            .with_context(|| format!("rendering template {name}"))
    }

    /// Renders a one-line template (a subject): whitespace collapsed to single spaces.
    pub fn render_line(&self, name: &str, context: impl Serialize) -> anyhow::Result<String> {
        Ok(self
            .render(name, context)?
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "))
    }
}
