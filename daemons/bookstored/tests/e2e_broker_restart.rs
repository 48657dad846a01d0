//! End to end, split: RabbitMQ stops and starts again while orders are in flight; every
//! service reconnects and the saga finishes every order. A binary of its own, so that no
//! other test shares the broker while it restarts (test binaries run one after another).

mod support;

use std::time::Duration;

use support::faults::survives;
use support::split::rabbitmqctl;

#[test]
fn a_broker_restart_loses_no_order_and_charges_none_twice() {
    survives(|_| {
        rabbitmqctl(&["stop_app"]);
        std::thread::sleep(Duration::from_secs(3));
        rabbitmqctl(&["start_app"]);
        rabbitmqctl(&["await_startup"]);
    });
}
