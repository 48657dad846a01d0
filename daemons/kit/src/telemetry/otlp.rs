//! Span export over OTLP/HTTP (protobuf) to `BOOKSTORE_OTLP_ENDPOINT`.
//!
//! A tracing backend groups spans by the `service.name` of their resource, and a process
//! exports under one resource. A `bookstored` running several services (the embedded default)
//! would show them all as one; so each span is filed under the service that opened it (its
//! `service` attribute, which every span the kit opens carries) and exported with that
//! service's resource, `bookstore-<service>`, exactly as if the services ran apart.

use std::collections::BTreeMap;
use std::time::Duration;

use opentelemetry::{Key, KeyValue, Value};
use opentelemetry_otlp::{WithExportConfig as _, WithHttpConfig as _};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{SdkTracerProvider, SpanData, SpanExporter};

/// The span attribute naming the service that opened a span.
pub const SERVICE_ATTRIBUTE: &str = "service";

/// Where and for which services to export spans.
#[derive(Debug, Clone)]
pub struct Otlp {
    /// The collector's OTLP/HTTP base URL (`http://collector:4318`); spans go to
    /// `<endpoint>/v1/traces`.
    pub endpoint: String,
    /// The services of this process; a span of none of them (from a library, say) is filed
    /// under the only one, or under `bookstored` when there are several.
    pub services: Vec<String>,
}

/// The exporter cannot be built from the configuration.
#[derive(Debug, thiserror::Error)]
#[error("BOOKSTORE_OTLP_ENDPOINT = `{endpoint}`: {reason}")]
pub struct OtlpError {
    endpoint: String,
    reason: String,
}

/// How long one export request may take before it is abandoned (and its spans dropped).
const EXPORT_TIMEOUT: Duration = Duration::from_secs(10);

impl Otlp {
    /// The URL spans are posted to.
    pub fn traces_url(&self) -> String {
        let base = self.endpoint.trim_end_matches('/');
        if base.ends_with("/v1/traces") {
            base.to_owned()
        } else {
            format!("{base}/v1/traces")
        }
    }

    /// A tracer provider exporting in batches (a thread of its own; `OTEL_BSP_*` and
    /// `OTEL_TRACES_SAMPLER` tune it as usual).
    pub(super) fn provider(self) -> Result<SdkTracerProvider, OtlpError> {
        let url = self.traces_url();
        let error = |reason: String| OtlpError {
            endpoint: self.endpoint.clone(),
            reason,
        };
        let parsed = url::Url::parse(&url).map_err(|e| error(e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(error("use an http:// or https:// URL".into()));
        }
        // One client (one connection pool, one thread) for every service's exporter.
        let client = reqwest::blocking::Client::builder()
            .timeout(EXPORT_TIMEOUT)
            .build()
            .map_err(|e| error(e.to_string()))?;
        let fallback = match self.services.as_slice() {
            [only] => only.clone(),
            _ => "bookstored".to_owned(),
        };
        let mut names = self.services.clone();
        names.push(fallback.clone());
        names.sort();
        names.dedup();
        let mut exporters = BTreeMap::new();
        for name in names {
            let exporter = opentelemetry_otlp::SpanExporter::builder()
                .with_http()
                .with_http_client(client.clone())
                .with_endpoint(url.clone())
                .with_timeout(EXPORT_TIMEOUT)
                .build()
                .map_err(|e| error(e.to_string()))?;
            exporters.insert(name, exporter);
        }
        let exporter = PerService {
            exporters,
            fallback,
        };
        Ok(SdkTracerProvider::builder()
            .with_batch_exporter(exporter)
            .with_resource(
                Resource::builder()
                    .with_attribute(KeyValue::new("service.namespace", "bookstore"))
                    .with_attribute(KeyValue::new("service.version", env!("CARGO_PKG_VERSION")))
                    .build(),
            )
            .build())
    }
}

/// Files each span under its service's exporter (see the module's documentation).
#[derive(Debug)]
struct PerService {
    exporters: BTreeMap<String, opentelemetry_otlp::SpanExporter>,
    fallback: String,
}

impl PerService {
    fn service_of<'a>(&'a self, span: &'a SpanData) -> &'a str {
        span.attributes
            .iter()
            .find(|kv| kv.key.as_str() == SERVICE_ATTRIBUTE)
            .and_then(|kv| match &kv.value {
                Value::String(name) => Some(name.as_str()),
                _ => None,
            })
            .filter(|name| self.exporters.contains_key(*name))
            .unwrap_or(&self.fallback)
    }
}

impl SpanExporter for PerService {
    async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
        let mut groups: BTreeMap<String, Vec<SpanData>> = BTreeMap::new();
        for span in batch {
            let service = self.service_of(&span).to_owned();
            groups.entry(service).or_default().push(span);
        }
        let mut outcome = Ok(());
        for (service, spans) in groups {
            if let Some(exporter) = self.exporters.get(&service)
                && let Err(e) = exporter.export(spans).await
            {
                outcome = Err(e);
            }
        }
        outcome
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        let mut outcome = Ok(());
        for exporter in self.exporters.values() {
            if let Err(e) = exporter.shutdown_with_timeout(timeout) {
                outcome = Err(e);
            }
        }
        outcome
    }

    fn set_resource(&mut self, resource: &Resource) {
        for (service, exporter) in &mut self.exporters {
            let own = Resource::builder_empty()
                .with_attributes(
                    resource
                        .iter()
                        .map(|(k, v)| KeyValue::new(k.clone(), v.clone())),
                )
                .with_attribute(KeyValue::new(
                    Key::from_static_str("service.name"),
                    format!("bookstore-{service}"),
                ))
                .build();
            exporter.set_resource(&own);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_go_to_v1_traces_under_the_endpoint() {
        let otlp = |endpoint: &str| Otlp {
            endpoint: endpoint.to_owned(),
            services: vec![],
        };
        assert_eq!(
            otlp("http://collector:4318").traces_url(),
            "http://collector:4318/v1/traces"
        );
        assert_eq!(
            otlp("http://collector:4318/").traces_url(),
            "http://collector:4318/v1/traces"
        );
        assert_eq!(
            otlp("https://otel.example/v1/traces").traces_url(),
            "https://otel.example/v1/traces"
        );
    }
}
