//! A stand-in gateway on a loopback port that answers from a routing function and records requests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

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

/// A response: status, extra headers, body.
pub type Response = (u16, Vec<(&'static str, String)>, String);

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

pub struct Gateway {
    pub url: String,
    seen: Arc<Mutex<Vec<Request>>>,
}

impl Gateway {
    /// Serves until the test process ends.
    pub fn start(route: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Gateway {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let route = Arc::new(route);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = Arc::clone(&log);
                let route = Arc::clone(&route);
                thread::spawn(move || serve(stream, &*route, &log));
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
fn serve(stream: TcpStream, route: &dyn Fn(&Request) -> Response, log: &Mutex<Vec<Request>>) {
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
        let (status, headers, body) = route(&request);
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
