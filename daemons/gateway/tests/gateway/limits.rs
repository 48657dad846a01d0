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
async fn behind_a_trusted_proxy_each_forwarded_address_has_its_own_budget() {
    let (gw, _up, _keys) = user_gateway(bookstore_gateway::GatewayArgs {
        trusted_proxies: vec!["127.0.0.1/32".parse().unwrap()],
        ..limited()
    })
    .await;
    let url = format!("{}/api/v1/auth/login", gw.url);
    // The test is the proxy (127.0.0.1), forwarding for two clients.
    let proxy = reqwest::Client::new();
    let from = |client: &'static str| proxy.get(&url).header("x-forwarded-for", client).send();
    for _ in 0..2 {
        assert_eq!(from("198.51.100.1").await.unwrap().status(), 200);
    }
    assert_limited(from("198.51.100.1").await.unwrap()).await;
    assert_eq!(from("198.51.100.2").await.unwrap().status(), 200);

    // A peer that is not a trusted proxy is the client, whatever it claims.
    let elsewhere = reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 3)))
        .build()
        .unwrap();
    for claim in ["203.0.113.1", "203.0.113.2"] {
        let response = elsewhere
            .get(&url)
            .header("x-forwarded-for", claim)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    let response = elsewhere
        .get(&url)
        .header("x-forwarded-for", "203.0.113.3")
        .send()
        .await
        .unwrap();
    assert_limited(response).await;
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
