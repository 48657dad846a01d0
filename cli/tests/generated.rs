//! Checks that the committed man pages (`man/`) and completions (`completions/`) are current.
//!
//! Both are generated from the clap definition. To regenerate them after changing a flag or a
//! help text:
//!
//! ```sh
//! BOOKSTORE_REGENERATE=1 cargo test -p bookstore-cli --test generated
//! ```

#![expect(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use clap_complete::Shell;

/// Every generated file, by its path relative to the workspace root.
fn expected() -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut command = bookstore_cli::command().disable_help_subcommand(true);
    command.build();
    man_pages(&command, &mut files);
    for (shell, name) in [
        (Shell::Bash, "bookstore.bash"),
        (Shell::Zsh, "_bookstore"),
        (Shell::Fish, "bookstore.fish"),
    ] {
        let mut script = Vec::new();
        clap_complete::generate(
            shell,
            &mut bookstore_cli::command(),
            "bookstore",
            &mut script,
        );
        files.insert(Path::new("completions").join(name), script);
    }
    files
}

/// One page per command and subcommand: `bookstore.1`, `bookstore-auth.1`,
/// `bookstore-auth-login.1`, ...
fn man_pages(command: &clap::Command, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        man_pages(sub, files);
    }
    let man = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    man.render(&mut page).unwrap();
    files.insert(Path::new("man").join(man.get_filename()), page);
}

/// Files on disk that look generated from this command line but no longer are. Only names of
/// its own are considered: other programs (`bookstored`, `bookstore-tui`) may share the folders.
fn stale(root: &Path, expected: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<PathBuf> {
    let ours: Vec<String> = bookstore_cli::command()
        .get_subcommands()
        .map(|s| format!("bookstore-{}", s.get_name()))
        .collect();
    let is_ours = |name: &str| {
        let man = name.strip_suffix(".1").is_some_and(|stem| {
            stem == "bookstore"
                || ours
                    .iter()
                    .any(|p| stem == p || stem.starts_with(&format!("{p}-")))
        });
        let completion = name == "_bookstore" || name.starts_with("bookstore.");
        man || completion
    };
    let mut stale = Vec::new();
    for dir in ["man", "completions"] {
        let Ok(entries) = fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            let relative = Path::new(dir).join(&name);
            if is_ours(&name) && !expected.contains_key(&relative) {
                stale.push(relative);
            }
        }
    }
    stale
}

#[test]
fn man_pages_and_completions_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let expected = expected();

    if std::env::var_os("BOOKSTORE_REGENERATE").is_some_and(|v| v == "1") {
        for path in stale(root, &expected) {
            fs::remove_file(root.join(path)).unwrap();
        }
        for (path, content) in &expected {
            let path = root.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, content).unwrap();
        }
        return;
    }

    let mut problems = Vec::new();
    for (path, content) in &expected {
        match fs::read(root.join(path)) {
            Ok(on_disk) if &on_disk == content => {}
            Ok(_) => problems.push(format!("{} differs", path.display())),
            Err(_) => problems.push(format!("{} is missing", path.display())),
        }
    }
    for path in stale(root, &expected) {
        problems.push(format!("{} is no longer generated", path.display()));
    }
    assert!(
        problems.is_empty(),
        "{}\nregenerate with: BOOKSTORE_REGENERATE=1 cargo test -p bookstore-cli --test generated",
        problems.join("\n")
    );
}
