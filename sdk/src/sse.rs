//! A server-sent events parser following the WHATWG rules for `text/event-stream`.
//!
//! Bytes go in as they arrive, in chunks of any size; events come out when a blank line ends
//! them. Lines end in CRLF, LF or CR (a CRLF split between two chunks is still one line end);
//! a line starting with `:` is a comment; `field: value` loses one space after the colon; a
//! line without a colon is a field with an empty value; `data` lines are joined with `\n`; an
//! `id` containing NUL is ignored; `retry` takes only ASCII digits; an event without data is
//! not dispatched, and an event the stream ends before finishing is dropped.

use std::time::Duration;

/// One event, as dispatched at the blank line that ends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Event {
    /// The `event` field, `message` when there was none.
    pub event: String,
    /// The `data` lines, joined with `\n`.
    pub data: String,
    /// The last event id the stream has set so far (it carries over from earlier events);
    /// empty for none.
    pub id: String,
}

/// What the parser found, in the order of the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Frame {
    Event(Event),
    /// The server's reconnection time (`retry:`).
    Retry(Duration),
}

/// The parser's state between chunks.
#[derive(Debug, Default)]
pub(crate) struct Parser {
    /// Bytes of a line whose end has not arrived yet.
    line: Vec<u8>,
    /// The last chunk ended in CR: an LF at the start of the next belongs to that line end.
    after_cr: bool,
    /// Whether the first line has been seen, to drop a byte order mark before it.
    started: bool,
    data: String,
    /// `data` has had a line appended (an empty one included).
    has_data: bool,
    event: String,
    last_id: String,
}

impl Parser {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Reads `bytes` and appends what they complete to `out`.
    pub(crate) fn feed(&mut self, bytes: &[u8], out: &mut Vec<Frame>) {
        let mut rest = bytes;
        if self.after_cr && rest.first() == Some(&b'\n') {
            rest = &rest[1..];
        }
        self.after_cr = false;
        while let Some(end) = rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            self.line.extend_from_slice(&rest[..end]);
            let line = std::mem::take(&mut self.line);
            self.process(&line, out);
            let cr = rest[end] == b'\r';
            rest = &rest[end + 1..];
            if cr {
                match rest.first() {
                    Some(b'\n') => rest = &rest[1..],
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
        }
        self.line.extend_from_slice(rest);
    }

    fn process(&mut self, raw: &[u8], out: &mut Vec<Frame>) {
        // Line ends are ASCII, so a whole line never splits a UTF-8 sequence; invalid bytes
        // become U+FFFD as the decoding the standard asks for would make them.
        let decoded = String::from_utf8_lossy(raw);
        let mut line: &str = &decoded;
        if !self.started {
            self.started = true;
            line = line.strip_prefix('\u{feff}').unwrap_or(line);
        }
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "event" => self.event = value.to_owned(),
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "id" if !value.contains('\0') => self.last_id = value.to_owned(),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                // More digits than fit are a wait longer than anyone would honour.
                let millis = value.parse::<u64>().unwrap_or(u64::MAX);
                out.push(Frame::Retry(Duration::from_millis(millis)));
            }
            _ => {}
        }
    }

    fn dispatch(&mut self, out: &mut Vec<Frame>) {
        let event = std::mem::take(&mut self.event);
        if !std::mem::take(&mut self.has_data) {
            return;
        }
        let data = std::mem::take(&mut self.data);
        out.push(Frame::Event(Event {
            event: if event.is_empty() {
                "message".to_owned()
            } else {
                event
            },
            data,
            id: self.last_id.clone(),
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_chunks(chunks: &[&[u8]]) -> Vec<Frame> {
        let mut parser = Parser::new();
        let mut out = Vec::new();
        for chunk in chunks {
            parser.feed(chunk, &mut out);
        }
        out
    }

    fn parse(text: &str) -> Vec<Frame> {
        parse_chunks(&[text.as_bytes()])
    }

    fn event(event: &str, data: &str, id: &str) -> Frame {
        Frame::Event(Event {
            event: event.to_owned(),
            data: data.to_owned(),
            id: id.to_owned(),
        })
    }

    #[test]
    fn data_lines_are_joined_and_dispatched_at_a_blank_line() {
        assert_eq!(
            parse("event: notification\nid: 7\ndata: {\"a\":\ndata: 1}\n\n"),
            [event("notification", "{\"a\":\n1}", "7")]
        );
        assert_eq!(parse("data: first\n\ndata: second\n\n").len(), 2);
    }

    #[test]
    fn every_line_end_counts() {
        let expected = [event("message", "a\nb", ""), event("message", "c", "")];
        assert_eq!(parse("data: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n"), expected);
        assert_eq!(parse("data: a\rdata: b\r\rdata: c\r\r"), expected);
        assert_eq!(parse("data: a\ndata: b\r\n\rdata: c\n\r\n"), expected);
    }

    #[test]
    fn chunks_may_split_anything() {
        let text = "retry: 2000\r\n: keep-alive\r\nevent: notification\r\nid: 42\r\ndata: {\"subject\":\"Grüße\"}\r\n\r\n";
        let whole = parse(text);
        assert_eq!(
            whole,
            [
                Frame::Retry(Duration::from_millis(2000)),
                event("notification", "{\"subject\":\"Grüße\"}", "42"),
            ]
        );
        // Every split point, including inside the CRLF pairs and inside the UTF-8 of `ü`.
        let bytes = text.as_bytes();
        for split in 0..=bytes.len() {
            assert_eq!(
                parse_chunks(&[&bytes[..split], &bytes[split..]]),
                whole,
                "split at {split}"
            );
        }
        let single: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(parse_chunks(&single), whole);
    }

    #[test]
    fn a_cr_at_the_end_of_a_chunk_then_a_lone_lf_is_one_line_end() {
        // `data: a` CR | LF: one line end, so no blank line and no event yet.
        assert_eq!(parse_chunks(&[b"data: a\r", b"\ndata: b\n\n"]).len(), 1);
        // CR | CR: a blank line.
        assert_eq!(
            parse_chunks(&[b"data: a\r", b"\rdata: b\n\n"]),
            [event("message", "a", ""), event("message", "b", "")]
        );
    }

    #[test]
    fn comments_and_unknown_fields_are_ignored() {
        assert_eq!(
            parse(": keep-alive\n:\nfoo: bar\ndata: x\n: more\n\n"),
            [event("message", "x", "")]
        );
        assert!(parse(": keep-alive\n\n: keep-alive\n\n").is_empty());
    }

    #[test]
    fn only_one_space_after_the_colon_is_dropped() {
        assert_eq!(
            parse("data:no space\n\ndata:  two spaces\n\ndata: \n\n"),
            [
                event("message", "no space", ""),
                event("message", " two spaces", ""),
                event("message", "", ""),
            ]
        );
        // The value keeps any further colons.
        assert_eq!(parse("data: a: b\n\n"), [event("message", "a: b", "")]);
    }

    #[test]
    fn a_field_without_a_colon_has_an_empty_value() {
        // `data` alone appends an empty line; `event` alone resets the type to the default.
        assert_eq!(parse("event\ndata\ndata\n\n"), [event("message", "\n", "")]);
        assert_eq!(parse("data\n\n"), [event("message", "", "")]);
    }

    #[test]
    fn an_event_without_data_is_not_dispatched_but_its_id_is_kept() {
        assert_eq!(
            parse("event: notification\nid: 3\n\ndata: x\n\n"),
            [event("message", "x", "3")]
        );
    }

    #[test]
    fn ids_carry_over_reset_when_empty_and_ignore_nul() {
        assert_eq!(
            parse(
                "id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\nid: 5\ndata: d\n\nid: 6\0x\ndata: e\n\n"
            ),
            [
                event("message", "a", "1"),
                event("message", "b", "1"),
                event("message", "c", ""),
                event("message", "d", "5"),
                event("message", "e", "5"),
            ]
        );
    }

    #[test]
    fn retry_takes_only_digits() {
        assert_eq!(
            parse(
                "retry: 1500\nretry: 1.5\nretry: -1\nretry: 2s\nretry:\nretry: 99999999999999999999999\n"
            ),
            [
                Frame::Retry(Duration::from_millis(1500)),
                Frame::Retry(Duration::from_millis(u64::MAX)),
            ]
        );
    }

    #[test]
    fn an_unfinished_event_is_not_dispatched() {
        assert!(parse("data: half").is_empty());
        assert!(parse("data: half\n").is_empty());
    }

    #[test]
    fn a_byte_order_mark_at_the_start_is_dropped() {
        assert_eq!(parse("\u{feff}data: x\n\n"), [event("message", "x", "")]);
        let bom = "\u{feff}".as_bytes();
        assert_eq!(
            parse_chunks(&[&bom[..1], &bom[1..], b"data: x\n\n"]),
            [event("message", "x", "")]
        );
        // Only at the very start.
        assert_eq!(parse("data: x\n\n\u{feff}data: y\n\n").len(), 1);
    }

    #[test]
    fn invalid_utf8_is_replaced() {
        assert_eq!(
            parse_chunks(&[b"data: a\xffb\n\n"]),
            [event("message", "a\u{fffd}b", "")]
        );
    }
}
