//! The contract: every variable the binaries read is listed in `docs/DESIGN.md`, so a new flag
//! cannot slip in undocumented.

mod support;

use std::collections::BTreeSet;
use std::process::Command;

const SERVICES: [&str; 6] = [
    "USER",
    "CATALOG",
    "ORDER",
    "PAYMENT",
    "NOTIFICATION",
    "GATEWAY",
];

/// The `[env: NAME]` of a `--help` text.
fn variables(help: &str) -> BTreeSet<String> {
    help.split("[env: ")
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
                .collect()
        })
        .collect()
}

fn help(program: &std::path::Path) -> String {
    let out = Command::new(program)
        .arg("--help")
        .output()
        .expect("the binary runs");
    assert!(out.status.success(), "{program:?} --help: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8 help")
}

/// Listed by name, or by the per-service pattern (`BOOKSTORE_<SERVICE>_LISTEN`).
fn documented(design: &str, name: &str) -> bool {
    let pattern = SERVICES.iter().find_map(|service| {
        name.strip_prefix(&format!("BOOKSTORE_{service}_"))
            .map(|rest| format!("BOOKSTORE_<SERVICE>_{rest}"))
    });
    design.contains(&format!("`{name}`"))
        || pattern.is_some_and(|p| design.contains(&format!("`{p}`")))
}

#[test]
fn every_variable_the_binaries_read_is_in_the_design() {
    let design =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/DESIGN.md"))
            .expect("docs/DESIGN.md");
    let mut read = variables(&help(std::path::Path::new(env!(
        "CARGO_BIN_EXE_bookstored"
    ))));
    read.extend(variables(&help(&support::cli_binary())));
    assert!(read.len() > 40, "{read:?}");
    let missing: Vec<&String> = read.iter().filter(|v| !documented(&design, v)).collect();
    assert!(missing.is_empty(), "not in docs/DESIGN.md: {missing:?}");
}
