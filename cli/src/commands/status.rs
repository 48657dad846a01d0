//! `bookstore status`: every service's readiness as the gateway sees it.

use std::time::Instant;

use anyhow::Result;
use bookstore_sdk::types::{CheckStatus, Readiness};
use comfy_table::{Cell, Color};
use serde::Serialize;

use crate::context::Context;
use crate::exit::CliError;
use crate::output::{Render, Style, finish, list_table, styled};

/// The gateway's report plus how long the gateway took to answer; prints as the report alone.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct StatusReport {
    pub readiness: Readiness,
    #[serde(skip)]
    pub gateway_ms: u64,
}

impl Render for StatusReport {
    fn human(&self, style: &Style) -> String {
        let mut table = list_table(style, &["SERVICE", "STATUS", "LATENCY", "DETAIL"]);
        let up = |s: &Style| styled(s, "up", Color::Green);
        table.add_row(vec![
            Cell::new("gateway"),
            up(style),
            Cell::new(format!("{} ms", self.gateway_ms)),
            Cell::new(""),
        ]);
        for (name, check) in &self.readiness.checks {
            let status = match check.status {
                CheckStatus::Up => up(style),
                CheckStatus::Down => styled(style, "down", Color::Red),
            };
            table.add_row(vec![
                Cell::new(name),
                status,
                Cell::new(format!("{} ms", check.latency_ms)),
                Cell::new(check.detail.as_deref().unwrap_or("")),
            ]);
        }
        finish(&mut table)
    }
}

impl StatusReport {
    /// The services that are down, by name.
    pub fn down(&self) -> Vec<String> {
        self.readiness
            .checks
            .iter()
            .filter(|(_, c)| c.status == CheckStatus::Down)
            .map(|(name, _)| name.clone())
            .collect()
    }
}

pub async fn run(ctx: &Context) -> Result<()> {
    let started = Instant::now();
    let readiness = ctx.client().health().ready().await?;
    let report = StatusReport {
        readiness,
        gateway_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    };
    ctx.out.print(&report)?;
    let down = report.down();
    if down.is_empty() {
        Ok(())
    } else {
        Err(CliError::Unhealthy(down).into())
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use std::collections::BTreeMap;

    use bookstore_sdk::types::Check;

    use super::*;
    use crate::args::Format;
    use crate::output::render;

    fn report() -> StatusReport {
        let mut checks = BTreeMap::new();
        checks.insert(
            "user".to_owned(),
            Check {
                status: CheckStatus::Up,
                detail: None,
                latency_ms: 3,
            },
        );
        checks.insert(
            "catalog".to_owned(),
            Check {
                status: CheckStatus::Down,
                detail: Some("connection refused".into()),
                latency_ms: 1,
            },
        );
        StatusReport {
            readiness: Readiness {
                status: "unavailable".into(),
                service: "gateway".into(),
                checks,
            },
            gateway_ms: 7,
        }
    }

    #[test]
    fn table_lists_the_gateway_then_each_service() {
        let text = render(Format::Table, &Style::default(), &report()).unwrap();
        assert_eq!(
            text,
            "SERVICE  STATUS  LATENCY  DETAIL\n\
             gateway  up      7 ms\n\
             catalog  down    1 ms     connection refused\n\
             user     up      3 ms\n"
        );
        assert_eq!(report().down(), ["catalog"]);
    }

    #[test]
    fn json_is_the_gateway_report_unchanged() {
        let text = render(Format::Json, &Style::default(), &report()).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["status"], "unavailable");
        assert_eq!(value["checks"]["catalog"]["status"], "down");
        assert_eq!(value["checks"]["user"]["latency_ms"], 3);
        assert!(value.get("gateway_ms").is_none());
    }
}
