//! The buses a test runs on: the in-process bus always, RabbitMQ too when
//! `BOOKSTORE_TEST_AMQP_URL` is set, with retries and reconnects quick enough for tests of
//! failure to take moments.

use std::sync::Arc;
use std::time::Duration;

use crate::events::{Bus, BusOptions, MemoryBus, RabbitBus, RetryPolicy, Topology};

use super::amqp_server;

/// Which bus a test runs on.
#[derive(Debug, Clone)]
pub enum BusKind {
    Memory,
    /// RabbitMQ at this URL.
    Rabbit(String),
}

/// The in-process bus always; RabbitMQ too when `BOOKSTORE_TEST_AMQP_URL` is set.
pub fn buses() -> Vec<BusKind> {
    let mut all = vec![BusKind::Memory];
    if let Some(url) = amqp_server() {
        all.push(BusKind::Rabbit(url));
    }
    all
}

/// Options for a test's bus: handlers retried by `retry`, and a lost broker connection tried
/// again within milliseconds rather than seconds.
pub fn bus_options(retry: RetryPolicy) -> BusOptions {
    BusOptions {
        retry,
        reconnect_initial: Duration::from_millis(50),
        reconnect_max: Duration::from_millis(400),
        ..BusOptions::default()
    }
}

impl BusKind {
    /// `memory` or `rabbitmq`, for a test's label.
    pub fn name(&self) -> &'static str {
        match self {
            BusKind::Memory => "memory",
            BusKind::Rabbit(_) => "rabbitmq",
        }
    }

    /// A bus of this kind on `topology` with [`bus_options`]`(retry)`. On RabbitMQ the
    /// topology's names get a prefix of the test's own, so tests sharing the broker never
    /// meet, and the broker deletes them a minute after the test. Panics when the broker
    /// cannot be reached: a test configured for RabbitMQ must not pass without it.
    pub async fn connect(&self, topology: Topology, retry: RetryPolicy) -> Arc<dyn Bus> {
        match self {
            BusKind::Memory => Arc::new(MemoryBus::new(topology, bus_options(retry))),
            BusKind::Rabbit(url) => {
                let topology = topology
                    .with_prefix(format!("test.{}.", uuid::Uuid::new_v4().simple()))
                    .with_expiry(Duration::from_secs(60));
                let bus = RabbitBus::connect(url, topology, bus_options(retry))
                    .await
                    .unwrap_or_else(|e| panic!("BOOKSTORE_TEST_AMQP_URL is set but: {e}"));
                Arc::new(bus)
            }
        }
    }
}
