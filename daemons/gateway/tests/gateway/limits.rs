//! Rate limits: per user when signed in, per address otherwise, 429 with `Retry-After`.

use std::net::{IpAddr, Ipv4Addr};

use uuid::Uuid;

use crate::support::{args, header, problem, user_gateway};

fn limited() -> bookstore_gateway::GatewayArgs {
    bookstore_gateway::GatewayArgs {
        rate_limit_per_second: 1,
        rate_limit_burst: 2,
        ..args()
    }
}

async fn assert_limited(response: reqwest::Response) {
    assert_eq!(response.status(), 429);
    let retry_after: u64 = header(response.headers(), "retry-after")
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1, "Retry-After: {retry_after}");
    let body = problem(response).await;
    assert_eq!(body["status"], 429);
}

#[tokio::test]
async fn an_address_over_its_budget_gets_429_and_another_address_does_not() {
    let (gw, _up, _keys) = user_gateway(limited()).await;
    let url = format!("{}/api/v1/auth/login", gw.url);
    let client = reqwest::Client::new();
    for _ in 0..2 {
        assert_eq!(client.get(&url).send().await.unwrap().status(), 200);
    }
    assert_limited(client.get(&url).send().await.unwrap()).await;

    // Linux routes all of 127/8 to loopback: 127.0.0.2 is another client.
    let elsewhere = reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)))
        .build()
        .unwrap();
    assert_eq!(elsewhere.get(&url).send().await.unwrap().status(), 200);

    let metrics = client
        .get(format!("{}/metrics", gw.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics
            .contains(r#"bookstore_gateway_rate_limited_total{service="gateway",client="ip"} 1"#),
        "{metrics}"
    );
}

#[tokio::test]
async fn users_are_limited_one_by_one_not_by_address() {
    let (gw, _up, keys) = user_gateway(limited()).await;
    let url = format!("{}/api/v1/users/me", gw.url);
    let client = reqwest::Client::new();
    let alice = keys.token(Uuid::new_v4());
    let bob = keys.token(Uuid::new_v4());
    for _ in 0..2 {
        let response = client.get(&url).bearer_auth(&alice).send().await.unwrap();
        assert_eq!(response.status(), 200);
    }
    assert_limited(client.get(&url).bearer_auth(&alice).send().await.unwrap()).await;
    // Same address, another user: a budget of its own.
    let response = client.get(&url).bearer_auth(&bob).send().await.unwrap();
    assert_eq!(response.status(), 200);
    // And anonymous callers from that address are not charged for the users' requests.
    let response = client
        .get(format!("{}/api/v1/auth/login", gw.url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}
