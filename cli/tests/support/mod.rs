//! A stand-in gateway on a loopback port that answers from a routing function and records
//! requests; it can also hold a response open as an event stream fed by the test.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

use assert_cmd::Command;

/// A request as the gateway saw it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// Path and query.
    pub target: String,
    pub authorization: Option<String>,
    /// Every header, names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// `bookstore` with its own config directory, the stand-in `gateway`, `token` from the
/// environment and nothing else.
pub fn bookstore(config: &Path, gateway: &str, token: &str) -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("bookstore");
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("BOOKSTORE_CONFIG_DIR", config)
        .env("BOOKSTORE_GATEWAY", gateway)
        .env("BOOKSTORE_TOKEN", token);
    cmd
}

/// How a command ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("bookstore runs");
    Run {
        code: out.status.code().expect("an exit code"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 output"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 errors"),
    }
}

/// A response: status, extra headers, body.
pub type Response = (u16, Vec<(&'static str, String)>, String);

/// `status` with `body` as `application/json`.
pub fn respond(status: u16, body: &serde_json::Value) -> Response {
    json(status, body.to_string())
}

pub fn json(status: u16, body: impl Into<String>) -> Response {
    (
        status,
        vec![("content-type", "application/json".into())],
        body.into(),
    )
}

pub fn problem(status: u16, detail: &str) -> Response {
    let body = format!(
        r#"{{"type":"about:blank","title":"Problem","status":{status},"detail":"{detail}","request_id":"req-{status}"}}"#
    );
    (
        status,
        vec![("content-type", "application/problem+json".into())],
        body,
    )
}

/// How the stand-in answers a request its stream function takes.
pub enum Answer {
    /// A whole response, as the routing function gives them.
    Whole(Response),
    /// `200 text/event-stream`, sending each text the channel brings as it comes; the
    /// connection closes when the sender is dropped.
    Events(Receiver<String>),
}

type Route = dyn Fn(&Request) -> Response + Send + Sync;
type Streams = dyn Fn(&Request) -> Option<Answer> + Send + Sync;

pub struct Gateway {
    pub url: String,
    seen: Arc<Mutex<Vec<Request>>>,
}

impl Gateway {
    /// Serves until the test process ends.
    pub fn start(route: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Gateway {
        Self::with_streams(route, |_| None)
    }

    /// Like [`Gateway::start`], but `streams` answers first: what it takes (`Some`) it
    /// answers, perhaps with an event stream; the rest goes to `route`.
    pub fn with_streams(
        route: impl Fn(&Request) -> Response + Send + Sync + 'static,
        streams: impl Fn(&Request) -> Option<Answer> + Send + Sync + 'static,
    ) -> Gateway {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let route: Arc<Route> = Arc::new(route);
        let streams: Arc<Streams> = Arc::new(streams);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = Arc::clone(&log);
                let route = Arc::clone(&route);
                let streams = Arc::clone(&streams);
                thread::spawn(move || serve(stream, &*route, &*streams, &log));
            }
        });
        Gateway { url, seen }
    }

    pub fn requests(&self) -> Vec<Request> {
        self.seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Answers every request on one connection (the client keeps connections alive).
fn serve(stream: TcpStream, route: &Route, streams: &Streams, log: &Mutex<Vec<Request>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
    let mut writer = stream;
    loop {
        let mut start = String::new();
        if reader.read_line(&mut start).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = start.split_whitespace();
        let method = parts.next().unwrap_or_default().to_owned();
        let target = parts.next().unwrap_or_default().to_owned();
        let mut length = 0;
        let mut authorization = None;
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                let name = name.trim().to_ascii_lowercase();
                match name.as_str() {
                    "content-length" => length = value.trim().parse().unwrap_or(0),
                    "authorization" => authorization = Some(value.trim().to_owned()),
                    _ => {}
                }
                headers.push((name, value.trim().to_owned()));
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let request = Request {
            method,
            target,
            authorization,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        };
        let answer = streams(&request).unwrap_or_else(|| Answer::Whole(route(&request)));
        let (status, headers, body) = match answer {
            Answer::Whole(response) => response,
            Answer::Events(events) => {
                log.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(request);
                send_events(writer, &events);
                return;
            }
        };
        log.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(request);
        let mut head = format!(
            "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nx-request-id: rid-1\r\n",
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        if writer.write_all(head.as_bytes()).is_err() || writer.write_all(body.as_bytes()).is_err()
        {
            return;
        }
    }
}

/// Holds the response open, sending each text as it comes; closing the connection ends it.
fn send_events(mut writer: TcpStream, events: &Receiver<String>) {
    let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\n\
                connection: close\r\nx-request-id: rid-1\r\n\r\n";
    if writer.write_all(head.as_bytes()).is_err() {
        return;
    }
    while let Ok(text) = events.recv() {
        if writer.write_all(text.as_bytes()).is_err() || writer.flush().is_err() {
            return;
        }
    }
    let _ = writer.shutdown(std::net::Shutdown::Both);
}
