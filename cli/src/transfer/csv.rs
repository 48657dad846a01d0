//! RFC 4180 CSV, as much of it as book files need: quoted fields with commas, doubled quotes
//! and line breaks inside, `\n` or `\r\n` line endings, a byte order mark at the start.

use std::fmt::Write as _;

/// One record and the line it starts on (counting from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// A record that could not be read, and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub line: usize,
    pub reason: String,
}

/// Reads `text` record by record. Blank lines are skipped. A quote left open runs to the end
/// of the text: that record is broken, and there is nothing after it.
pub fn records(text: &str) -> Records<'_> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Records {
        rest: text,
        line: 1,
    }
}

/// The iterator of [`records`].
#[derive(Debug)]
pub struct Records<'a> {
    rest: &'a str,
    line: usize,
}

impl Iterator for Records<'_> {
    type Item = Result<Record, Broken>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.rest.is_empty() {
                return None;
            }
            let start = self.line;
            let mut fields = Vec::new();
            let mut field = String::new();
            let mut chars = self.rest.char_indices().peekable();
            let mut consumed = self.rest.len();
            let mut at_field_start = true;
            let mut quoted = false;
            let mut open_quote = false;
            while let Some((i, c)) = chars.next() {
                if open_quote {
                    match c {
                        '"' if chars.peek().is_some_and(|&(_, n)| n == '"') => {
                            chars.next();
                            field.push('"');
                        }
                        '"' => open_quote = false,
                        '\n' => {
                            self.line += 1;
                            field.push('\n');
                        }
                        c => field.push(c),
                    }
                    continue;
                }
                match c {
                    '"' if at_field_start => {
                        open_quote = true;
                        quoted = true;
                        at_field_start = false;
                    }
                    ',' => {
                        fields.push(std::mem::take(&mut field));
                        at_field_start = true;
                        quoted = false;
                    }
                    '\r' if chars.peek().is_some_and(|&(_, n)| n == '\n') => {}
                    '\n' => {
                        consumed = i + 1;
                        self.line += 1;
                        break;
                    }
                    // Text after a closing quote is kept, as spreadsheets do.
                    c => {
                        at_field_start = false;
                        field.push(c);
                    }
                }
            }
            self.rest = &self.rest[consumed..];
            if open_quote {
                self.rest = "";
                return Some(Err(Broken {
                    line: start,
                    reason: "a quoted field is never closed".to_owned(),
                }));
            }
            let blank = fields.is_empty() && field.trim().is_empty() && !quoted;
            fields.push(field);
            if blank {
                continue;
            }
            return Some(Ok(Record {
                line: start,
                fields,
            }));
        }
    }
}

/// One record as a line, quoting the fields that need it, ending in `\n`.
pub fn line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut out = String::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let field = field.as_ref();
        if field.contains([',', '"', '\n', '\r']) || field.starts_with(' ') || field.ends_with(' ')
        {
            let _ = write!(out, "\"{}\"", field.replace('"', "\"\""));
        } else {
            out.push_str(field);
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Result<Record, Broken>> {
        records(text).collect()
    }

    fn rec(line: usize, fields: &[&str]) -> Result<Record, Broken> {
        Ok(Record {
            line,
            fields: fields.iter().map(|f| (*f).to_owned()).collect(),
        })
    }

    #[test]
    fn plain_and_quoted_fields() {
        let text = "a,b,c\n1,\"two, too\",\"say \"\"hi\"\"\"\r\n,,\n";
        assert_eq!(
            read(text),
            [
                rec(1, &["a", "b", "c"]),
                rec(2, &["1", "two, too", "say \"hi\""]),
                rec(3, &["", "", ""]),
            ]
        );
    }

    #[test]
    fn line_breaks_inside_quotes_keep_line_numbers() {
        let text = "\u{feff}title,description\nDune,\"Sand.\nMore sand.\n\"\n\nEmma,x";
        assert_eq!(
            read(text),
            [
                rec(1, &["title", "description"]),
                rec(2, &["Dune", "Sand.\nMore sand.\n"]),
                rec(6, &["Emma", "x"]),
            ]
        );
    }

    #[test]
    fn an_unclosed_quote_breaks_the_rest() {
        let text = "a,b\n1,\"open\n2,3\n";
        assert_eq!(
            read(text),
            [
                rec(1, &["a", "b"]),
                Err(Broken {
                    line: 2,
                    reason: "a quoted field is never closed".into()
                }),
            ]
        );
    }

    #[test]
    fn a_quoted_empty_line_is_a_record() {
        assert_eq!(read("\"\"\n"), [rec(1, &[""])]);
        assert!(read("\n  \n\r\n").is_empty());
    }

    #[test]
    fn lines_quote_what_needs_it_and_read_back() {
        let fields = [
            "plain",
            "a, b",
            "say \"hi\"",
            "two\nlines",
            " padded ",
            "",
            "Émile",
        ];
        let text = line(&fields);
        assert_eq!(
            text,
            "plain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded \",,Émile\n"
        );
        assert_eq!(read(&text), [rec(1, &fields)]);
    }
}
