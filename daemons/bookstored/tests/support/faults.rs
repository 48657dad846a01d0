//! Orders placed while parts of the split store are killed and restarted, and the checks
//! that nothing was lost, sold twice or charged twice.

use std::time::{Duration, Instant};

use bookstore_sdk::types::OrderStatus;

use super::load::{self, DECLINED_CARD, GOOD_CARD};
use super::split::{ADMIN_EMAIL, ADMIN_PASSWORD, SplitStore, servers};

/// Orders placed while `disrupt` kills and restarts parts of the store: every order must end
/// in a final state, each confirmed order charged once, and no copy created or lost.
pub fn survives(disrupt: impl FnOnce(&mut SplitStore) + Send) {
    let Some((pg, amqp)) = servers() else { return };
    let mut store = SplitStore::start(
        &pg,
        &amqp,
        &[
            ("gateway", "BOOKSTORE_GATEWAY_RATE_LIMIT", "100000"),
            ("gateway", "BOOKSTORE_GATEWAY_RATE_BURST", "100000"),
        ],
    );
    let gateway = store.gateway();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    const ORDERS: usize = 200;
    const STOCK: i64 = 150;
    let (admin, customer, book) = runtime.block_on(async {
        let admin = load::client(&gateway, ADMIN_EMAIL, ADMIN_PASSWORD, false).await;
        let customer = load::client(
            &gateway,
            "load@example.com",
            "a perfectly fine password",
            true,
        )
        .await;
        let book = load::book(&admin, "9780262033848", STOCK).await;
        (admin, customer, book)
    });
    // Placing goes on in the background while the store is disrupted.
    let placing = {
        let customer = customer.clone();
        runtime.spawn(async move {
            let mut tasks = tokio::task::JoinSet::new();
            for i in 0..ORDERS {
                let customer = customer.clone();
                tasks.spawn(async move {
                    // One in ten declined; one or two copies each: more than the stock in all.
                    let card = if i % 10 == 9 {
                        DECLINED_CARD
                    } else {
                        GOOD_CARD
                    };
                    let order = load::new_order(book, 1 + (i % 2) as i64, card);
                    let key = format!("load-{i}");
                    tokio::time::sleep(Duration::from_millis(10 * i as u64)).await;
                    load::place_until_answered(&customer, &order, &key, Duration::from_secs(90))
                        .await
                });
            }
            tasks.join_all().await
        })
    };
    let started = Instant::now();
    std::thread::sleep(Duration::from_millis(600));
    disrupt(&mut store);
    let answers = runtime.block_on(placing).expect("placing orders");
    let mut placed = Vec::new();
    for answer in answers {
        match answer {
            Ok(order) => placed.push(order.id),
            Err(e) => assert!(e.out_of_stock().is_some(), "an order failed: {e}"),
        }
    }
    let answered = started.elapsed();
    let orders = runtime.block_on(load::settle(&customer, &placed, Duration::from_secs(120)));
    eprintln!(
        "{} orders answered after {answered:?}, settled after {:?}",
        placed.len(),
        started.elapsed()
    );
    let (confirmed, sold) = load::tally(&orders, OrderStatus::Confirmed);
    let (cancelled, _) = load::tally(&orders, OrderStatus::Cancelled);
    assert_eq!(
        confirmed + cancelled,
        orders.len(),
        "every order ends confirmed or cancelled"
    );
    assert!(confirmed > 0, "nothing was confirmed");
    assert!(
        orders
            .iter()
            .filter(|o| o.status == OrderStatus::Cancelled)
            .all(|o| {
                o.status_reason
                    .as_deref()
                    .is_some_and(|r| r.contains("declined"))
            }),
        "only declined cards cancel"
    );

    // Stock: nothing is still held once the order sweeper has given back what a killed
    // process was releasing (one sweep interval after the restart), and what is left and
    // what was sold make what there was.
    let held = || {
        store.sql(
            "catalog",
            "SELECT COUNT(*) FROM reservations WHERE status = 'reserved'",
        )
    };
    let patience = Instant::now() + Duration::from_secs(30);
    while held() != "0" && Instant::now() < patience {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(
        held(),
        "0",
        "copies still held 30 s after every order ended"
    );
    let left = runtime.block_on(async { admin.books().get(book).await.expect("the book").stock });
    assert_eq!(left + sold, STOCK, "stock {left} + sold {sold} != {STOCK}");
    // Money: one successful charge per confirmed order, and none for the others.
    let charges = store.sql(
        "payment",
        "SELECT COUNT(*) FROM sandbox_ledger WHERE operation = 'charge' AND outcome = 'succeeded'",
    );
    assert_eq!(charges, confirmed.to_string(), "successful charges");
    let paid = store.sql(
        "payment",
        "SELECT COUNT(DISTINCT order_id) FROM payments WHERE status = 'succeeded'",
    );
    assert_eq!(paid, confirmed.to_string());
    let duplicates = store.sql(
        "payment",
        "SELECT COUNT(*) FROM (SELECT order_id FROM payments GROUP BY order_id HAVING COUNT(*) > 1) d",
    );
    assert_eq!(duplicates, "0");
}
