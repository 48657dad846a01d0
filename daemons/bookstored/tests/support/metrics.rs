//! Scraping a service's `/metrics` and reading values out of the text, for the tests that
//! check the metrics move as the store works.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::process::{Command, Stdio};

/// One scrape: each series (`name{labels}`) with its value.
#[derive(Debug, Clone, Default)]
pub struct Scrape {
    pub text: String,
    series: Vec<(String, BTreeMap<String, String>, f64)>,
}

impl Scrape {
    /// `GET <base>/metrics`.
    #[track_caller]
    pub fn of(base: &str) -> Scrape {
        let text = reqwest::blocking::get(format!("{base}/metrics"))
            .and_then(|r| r.error_for_status())
            .and_then(|r| r.text())
            .unwrap_or_else(|e| panic!("scraping {base}/metrics: {e}"));
        Scrape::parse(&text)
    }

    /// Reads the exposition text (comments skipped, every sample kept).
    pub fn parse(text: &str) -> Scrape {
        let series = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|line| {
                let (series, value) = line.rsplit_once(' ')?;
                let value: f64 = value.parse().ok()?;
                let (name, labels) = match series.split_once('{') {
                    Some((name, rest)) => (name, labels(rest.trim_end_matches('}'))),
                    None => (series, BTreeMap::new()),
                };
                Some((name.to_owned(), labels, value))
            })
            .collect();
        Scrape {
            text: text.to_owned(),
            series,
        }
    }

    /// The sum of the samples of `name` whose labels include `with`.
    pub fn sum(&self, name: &str, with: &[(&str, &str)]) -> f64 {
        self.series
            .iter()
            .filter(|(n, labels, _)| {
                n == name
                    && with
                        .iter()
                        .all(|(k, v)| labels.get(*k).map(String::as_str) == Some(*v))
            })
            .map(|(_, _, v)| v)
            .sum()
    }

    /// Whether any sample of `name` is there.
    pub fn has(&self, name: &str) -> bool {
        self.series.iter().any(|(n, _, _)| n == name)
    }

    /// `promtool check metrics` on the text, when `BOOKSTORE_TEST_PROMTOOL` names promtool;
    /// its complaints, or `None` when it is happy or not there.
    pub fn lint(&self) -> Option<String> {
        let promtool = std::env::var("BOOKSTORE_TEST_PROMTOOL").ok()?;
        let mut child = Command::new(&promtool)
            .args(["check", "metrics"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("BOOKSTORE_TEST_PROMTOOL={promtool} does not run: {e}"));
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(self.text.as_bytes())
            .expect("promtool reads the metrics");
        let out = child.wait_with_output().expect("promtool finishes");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // promtool reads the older text format, where a counter's HELP names the sample
        // (`x_total`); OpenMetrics names the family (`x`), so those complaints are not real.
        let real: Vec<&str> = said
            .lines()
            .filter(|line| match line.strip_suffix(" no help text") {
                Some(name) => name
                    .strip_suffix("_total")
                    .is_none_or(|family| !self.text.contains(&format!("# HELP {family} "))),
                None => !line.trim().is_empty(),
            })
            .collect();
        (!real.is_empty()).then(|| said.clone())
    }
}

/// `a="x",b="y"` into a map (values here never hold `",`).
fn labels(text: &str) -> BTreeMap<String, String> {
    text.split("\",")
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            Some((k.trim().to_owned(), v.trim_matches('"').to_owned()))
        })
        .collect()
}
