//! The static routing contract: which exchange events go to and which queue receives which type.
//!
//! Both buses route by this one description: RabbitMQ declares it on the broker, the
//! in-process bus matches against it, so a type reaches the same consumers either way.

use std::time::Duration;

use super::envelope::event_types as ty;

/// The topic exchange events are published to; the routing key is the event type.
pub const EXCHANGE: &str = "bookstore.events";
/// Where rejected messages go; it routes each to its queue's dead-letter queue.
pub const DEAD_LETTER_EXCHANGE: &str = "bookstore.events.dlx";
/// The order service's queue: the payment outcomes that drive the saga.
pub const ORDER_EVENTS: &str = "order.events";
/// The payment service's queue: orders to charge or to stop charging.
pub const PAYMENT_EVENTS: &str = "payment.events";
/// The notification service's queue: everything a user is told about.
pub const NOTIFICATION_EVENTS: &str = "notification.events";

/// One consuming service's durable queue and the routing keys bound to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueSpec {
    /// The logical name services subscribe with, e.g. `order.events`.
    pub name: String,
    /// Topic patterns bound to the queue (`*` one word, `#` zero or more words).
    pub bindings: Vec<String>,
}

impl QueueSpec {
    /// A queue bound to `bindings`.
    pub fn new(name: impl Into<String>, bindings: &[&str]) -> QueueSpec {
        QueueSpec {
            name: name.into(),
            bindings: bindings.iter().map(|b| (*b).to_owned()).collect(),
        }
    }

    /// Whether a message with routing key `event_type` reaches this queue.
    pub fn receives(&self, event_type: &str) -> bool {
        self.bindings.iter().any(|b| topic_matches(b, event_type))
    }
}

/// Exchanges, queues and bindings, with every broker name under one prefix.
///
/// The default is the production contract. Tests give each run its own prefix (and an
/// expiry) so parallel runs against one broker never share a queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topology {
    /// Prepended to every exchange and queue name on the broker; empty in production.
    pub prefix: String,
    /// The consumer queues.
    pub queues: Vec<QueueSpec>,
    /// When set, queues are deleted by the broker after being unused this long and exchanges
    /// auto-delete: for test runs, so an aborted run leaves nothing behind.
    pub expires: Option<Duration>,
}

impl Default for Topology {
    fn default() -> Topology {
        Topology::bookstore()
    }
}

impl Topology {
    /// The production contract of DESIGN.md.
    pub fn bookstore() -> Topology {
        Topology {
            prefix: String::new(),
            queues: vec![
                QueueSpec::new(
                    ORDER_EVENTS,
                    &[
                        ty::PAYMENT_SUCCEEDED,
                        ty::PAYMENT_FAILED,
                        ty::PAYMENT_REFUNDED,
                    ],
                ),
                QueueSpec::new(PAYMENT_EVENTS, &[ty::ORDER_CREATED, ty::ORDER_CANCELLED]),
                QueueSpec::new(
                    NOTIFICATION_EVENTS,
                    &[
                        ty::USER_REGISTERED,
                        ty::USER_UPDATED,
                        ty::ORDER_CONFIRMED,
                        ty::ORDER_CANCELLED,
                        ty::ORDER_SHIPPED,
                        ty::PAYMENT_REFUNDED,
                        ty::PROMOTION_PUBLISHED,
                    ],
                ),
            ],
            expires: None,
        }
    }

    /// The same topology with every broker name prefixed by `prefix`.
    #[must_use]
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Topology {
        self.prefix = prefix.into();
        self
    }

    /// Adds `queue`, replacing a queue of the same name.
    #[must_use]
    pub fn with_queue(mut self, queue: QueueSpec) -> Topology {
        self.queues.retain(|q| q.name != queue.name);
        self.queues.push(queue);
        self
    }

    /// Keeps only the named queues: for a process that runs some of the consuming services
    /// on the in-process bus, where a queue without a consumer would hold publishing back.
    #[must_use]
    pub fn only(mut self, queues: &[&str]) -> Topology {
        self.queues.retain(|q| queues.contains(&q.name.as_str()));
        self
    }

    /// Lets the broker delete the topology after `expires` unused (see [`Topology::expires`]).
    #[must_use]
    pub fn with_expiry(mut self, expires: Duration) -> Topology {
        self.expires = Some(expires);
        self
    }

    /// The exchange's name on the broker.
    pub fn exchange(&self) -> String {
        format!("{}{EXCHANGE}", self.prefix)
    }

    /// The dead-letter exchange's name on the broker.
    pub fn dead_letter_exchange(&self) -> String {
        format!("{}{DEAD_LETTER_EXCHANGE}", self.prefix)
    }

    /// The broker name of the logical queue `queue`.
    pub fn queue_name(&self, queue: &str) -> String {
        format!("{}{queue}", self.prefix)
    }

    /// The broker name of `queue`'s dead-letter queue, `<queue>.dlq`.
    pub fn dead_letter_queue_name(&self, queue: &str) -> String {
        format!("{}{queue}.dlq", self.prefix)
    }

    /// The queue called `name`, if the topology has one.
    pub fn queue(&self, name: &str) -> Option<&QueueSpec> {
        self.queues.iter().find(|q| q.name == name)
    }

    /// The queues an event of type `event_type` is routed to.
    pub fn queues_for<'a>(&'a self, event_type: &'a str) -> impl Iterator<Item = &'a QueueSpec> {
        self.queues.iter().filter(move |q| q.receives(event_type))
    }

    /// Whether any queue receives `event_type`; if none does, nobody misses it when it is
    /// not routed.
    pub fn is_consumed(&self, event_type: &str) -> bool {
        self.queues_for(event_type).next().is_some()
    }
}

/// AMQP topic matching: words split on `.`, `*` matches exactly one word, `#` zero or more.
pub fn topic_matches(pattern: &str, routing_key: &str) -> bool {
    let pattern: Vec<&str> = pattern.split('.').collect();
    let key: Vec<&str> = routing_key.split('.').collect();
    matches_words(&pattern, &key)
}

fn matches_words(pattern: &[&str], key: &[&str]) -> bool {
    match pattern.split_first() {
        None => key.is_empty(),
        Some((&"#", rest)) => (0..=key.len()).any(|skip| matches_words(rest, &key[skip..])),
        Some((word, rest)) => match key.split_first() {
            Some((k, key_rest)) => (*word == "*" || word == k) && matches_words(rest, key_rest),
            None => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_patterns() {
        assert!(topic_matches("order.created", "order.created"));
        assert!(!topic_matches("order.created", "order.cancelled"));
        assert!(topic_matches("order.*", "order.created"));
        assert!(!topic_matches("order.*", "order.created.v2"));
        assert!(topic_matches("order.#", "order.created.v2"));
        assert!(topic_matches("order.#", "order"));
        assert!(topic_matches("#", "anything.at.all"));
        assert!(topic_matches("*.created", "order.created"));
        assert!(!topic_matches("*.created", "created"));
    }

    #[test]
    fn contract_routes_every_event_type_somewhere() {
        let topology = Topology::bookstore();
        for event_type in ty::ALL {
            assert!(
                topology.is_consumed(event_type),
                "{event_type} has no queue"
            );
        }
        let to: Vec<&str> = topology
            .queues_for(ty::ORDER_CANCELLED)
            .map(|q| q.name.as_str())
            .collect();
        assert_eq!(to, [PAYMENT_EVENTS, NOTIFICATION_EVENTS]);
    }

    #[test]
    fn prefix_applies_to_every_broker_name() {
        let topology = Topology::bookstore().with_prefix("t1.");
        assert_eq!(topology.exchange(), "t1.bookstore.events");
        assert_eq!(topology.dead_letter_exchange(), "t1.bookstore.events.dlx");
        assert_eq!(topology.queue_name(ORDER_EVENTS), "t1.order.events");
        assert_eq!(
            topology.dead_letter_queue_name(ORDER_EVENTS),
            "t1.order.events.dlq"
        );
        assert_eq!(topology.clone().only(&[ORDER_EVENTS]).queues.len(), 1);
    }
}
