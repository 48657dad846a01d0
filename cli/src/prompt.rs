//! Asking on a terminal, and reading a password from standard input for scripts.

use std::io::{self, BufRead, IsTerminal, Write};

use anyhow::Result;

use crate::exit::CliError;

/// Whether there is a person to ask: prompts read stdin and write stderr.
pub fn interactive() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// Asks for one line; an empty answer takes `default`.
pub fn line(label: &str, default: Option<&str>) -> Result<String> {
    match default {
        Some(d) => eprint_flush(&format!("{label} [{d}]: "))?,
        None => eprint_flush(&format!("{label}: "))?,
    }
    let answer = read_line(&mut io::stdin().lock())?;
    match (answer.trim(), default) {
        ("", Some(d)) => Ok(d.to_owned()),
        (text, _) => Ok(text.to_owned()),
    }
}

/// Asks for a password without echoing it where the terminal allows.
pub fn password(label: &str) -> Result<String> {
    eprint_flush(&format!("{label}: "))?;
    let answer = {
        let _echo = EchoOff::new();
        read_line(&mut io::stdin().lock())
    };
    // The Enter key was not echoed either.
    eprint_flush("\n")?;
    non_empty_password(answer?)
}

/// `--password-stdin`: the first line of standard input.
pub fn password_from_stdin() -> Result<String> {
    non_empty_password(read_line(&mut io::stdin().lock())?)
}

fn non_empty_password(password: String) -> Result<String> {
    if password.is_empty() {
        Err(CliError::Usage("the password is empty".to_owned()).into())
    } else {
        Ok(password)
    }
}

/// One line without its line ending; a password may begin or end with spaces, so nothing else
/// is trimmed.
pub fn read_line(input: &mut impl BufRead) -> Result<String> {
    let mut line = String::new();
    input.read_line(&mut line)?;
    let end = line.trim_end_matches(['\n', '\r']).len();
    line.truncate(end);
    Ok(line)
}

fn eprint_flush(text: &str) -> io::Result<()> {
    let mut stderr = io::stderr().lock();
    stderr.write_all(text.as_bytes())?;
    stderr.flush()
}

/// Turns terminal echo off with `stty` for as long as it lives (no terminal library needed);
/// where `stty` fails the password is read with echo, as before.
struct EchoOff {
    active: bool,
}

impl EchoOff {
    fn new() -> Self {
        Self {
            active: cfg!(unix) && stty("-echo"),
        }
    }
}

impl Drop for EchoOff {
    fn drop(&mut self) {
        if self.active {
            stty("echo");
        }
    }
}

fn stty(setting: &str) -> bool {
    use std::process::{Command, Stdio};
    Command::new("stty")
        .arg(setting)
        .stdin(Stdio::inherit())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[cfg(test)]
#[expect(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn read_line_strips_only_the_line_ending() {
        let mut input = io::Cursor::new(" secret \r\nnext line\n");
        assert_eq!(read_line(&mut input).unwrap(), " secret ");
        assert_eq!(read_line(&mut input).unwrap(), "next line");
        assert_eq!(read_line(&mut input).unwrap(), "");
    }

    #[test]
    fn empty_passwords_are_usage_errors() {
        let err = non_empty_password(String::new()).unwrap_err();
        assert_eq!(crate::exit::code(&err), crate::exit::USAGE);
    }
}
