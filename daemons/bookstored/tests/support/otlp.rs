//! A tiny OTLP/HTTP receiver: `POST /v1/traces` with a protobuf `ExportTraceServiceRequest`,
//! as `bookstored`'s real exporter sends it, decoded and kept for the test to look at.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::{KeyValue, any_value};
use prost::Message as _;

/// One span as received.
#[derive(Debug, Clone)]
pub struct Span {
    /// The `service.name` of the resource it came under.
    pub service: String,
    pub trace_id: String,
    pub span_id: String,
    /// Empty for a root span.
    pub parent_span_id: String,
    pub name: String,
    /// String (and integer, as text) attributes.
    pub attributes: BTreeMap<String, String>,
}

/// A receiver listening on a loopback port of its own, in a thread of its own; stops when
/// dropped (with the test).
pub struct Receiver {
    pub endpoint: String,
    spans: Arc<Mutex<Vec<Span>>>,
    _thread: std::thread::JoinHandle<()>,
}

impl Receiver {
    pub fn start() -> Receiver {
        let spans = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel::<SocketAddr>();
        let state = spans.clone();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime for the receiver");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("the receiver binds");
                tx.send(listener.local_addr().expect("an address"))
                    .expect("the test waits for the address");
                let app = Router::new()
                    .route("/v1/traces", post(traces))
                    .with_state(state);
                axum::serve(listener, app)
                    .await
                    .expect("the receiver serves");
            });
        });
        let addr = rx.recv().expect("the receiver's address");
        Receiver {
            endpoint: format!("http://{addr}"),
            spans,
            _thread: thread,
        }
    }

    /// Every span received so far.
    pub fn spans(&self) -> Vec<Span> {
        self.spans
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

async fn traces(State(spans): State<Arc<Mutex<Vec<Span>>>>, body: Bytes) -> StatusCode {
    let Ok(request) = ExportTraceServiceRequest::decode(body) else {
        return StatusCode::BAD_REQUEST;
    };
    let mut received = Vec::new();
    for resource_spans in request.resource_spans {
        let resource = resource_spans
            .resource
            .map(|r| attributes(&r.attributes))
            .unwrap_or_default();
        let service = resource.get("service.name").cloned().unwrap_or_default();
        for scope in resource_spans.scope_spans {
            for span in scope.spans {
                received.push(Span {
                    service: service.clone(),
                    trace_id: hex(&span.trace_id),
                    span_id: hex(&span.span_id),
                    parent_span_id: hex(&span.parent_span_id),
                    name: span.name,
                    attributes: attributes(&span.attributes),
                });
            }
        }
    }
    spans
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .extend(received);
    StatusCode::OK
}

fn attributes(list: &[KeyValue]) -> BTreeMap<String, String> {
    list.iter()
        .filter_map(|kv| {
            let value = match kv.value.as_ref()?.value.as_ref()? {
                any_value::Value::StringValue(s) => s.clone(),
                any_value::Value::IntValue(i) => i.to_string(),
                any_value::Value::BoolValue(b) => b.to_string(),
                _ => return None,
            };
            Some((kv.key.clone(), value))
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
