//! Tokens at the edge: public and protected routes, and every kind of bad token refused with
//! 401 (or 503 when the keys cannot be fetched).

use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bookstore_kit::auth::{HttpJwks, KeyPair, Signer, Verifier};
use bookstore_kit::service::ServiceName;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{Keys, args, closed_port, gateway, header, problem, user_gateway};

async fn get(url: &str, token: Option<&str>) -> reqwest::Response {
    let mut request = reqwest::Client::new().get(url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

async fn assert_refused(response: reqwest::Response, case: &str) {
    assert_eq!(response.status(), 401, "{case}");
    let challenge = header(response.headers(), "www-authenticate").unwrap_or_default();
    assert!(challenge.starts_with("Bearer"), "{case}: {challenge}");
    let body = problem(response).await;
    assert_eq!(body["status"], 401, "{case}");
}

/// Every kind of token that must not be accepted, by name.
fn bad_tokens(keys: &Keys) -> Vec<(&'static str, String)> {
    let user = Uuid::new_v4();
    let mut cases = Vec::new();

    // A valid token whose payload was changed after signing (made an admin).
    let valid = keys.token(user);
    let parts: Vec<&str> = valid.split('.').collect();
    let mut claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    claims["role"] = json!("admin");
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    cases.push((
        "tampered payload",
        format!("{}.{payload}.{}", parts[0], parts[2]),
    ));

    let mut expired = keys.claims(user);
    expired.iat -= 7200;
    expired.exp = expired.iat + 60;
    cases.push(("expired", keys.sign(&expired)));

    let mut issuer = keys.claims(user);
    issuer.iss = "someone-else".into();
    cases.push(("wrong issuer", keys.sign(&issuer)));

    let mut audience = keys.claims(user);
    audience.aud = "another-api".into();
    cases.push(("wrong audience", keys.sign(&audience)));

    // `alg: none` with the right key id and no signature.
    let header = json!({"alg": "none", "typ": "JWT", "kid": keys.pair.kid});
    let payload = serde_json::to_vec(&keys.claims(user)).unwrap();
    cases.push((
        "alg none",
        format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(payload)
        ),
    ));

    // HS256 keyed with the public key: the classic algorithm-confusion forgery.
    let public_x = keys.pair.jwk().x.unwrap();
    let mut hs_header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    hs_header.kid = Some(keys.pair.kid.clone());
    let forged = jsonwebtoken::encode(
        &hs_header,
        &keys.claims(user),
        &jsonwebtoken::EncodingKey::from_secret(public_x.as_bytes()),
    )
    .unwrap();
    cases.push(("HS256 with the public key", forged));

    // Well formed and signed, but by a key the user service never published.
    let stranger = KeyPair::generate().unwrap();
    cases.push((
        "unknown key",
        Signer::new(&stranger).sign(&keys.claims(user)).unwrap(),
    ));

    cases.push(("garbage", "not-a-jwt".into()));
    cases
}

#[tokio::test]
async fn public_routes_need_no_token() {
    let (gw, _up, _keys) = user_gateway(args()).await;
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/login", gw.url))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn protected_routes_need_a_token() {
    let (gw, _up, keys) = user_gateway(args()).await;
    let url = format!("{}/api/v1/users/me", gw.url);
    let response = get(&url, None).await;
    assert_eq!(response.status(), 401);
    assert_eq!(
        header(response.headers(), "www-authenticate").as_deref(),
        Some("Bearer")
    );
    let request_id = header(response.headers(), "x-request-id");
    assert!(request_id.is_some());
    // The gateway's own problem names the request like every other problem.
    let body = problem(response).await;
    assert_eq!(body["instance"], "/api/v1/users/me");
    assert_eq!(body["request_id"].as_str(), request_id.as_deref());

    let token = keys.token(Uuid::new_v4());
    let response = get(&url, Some(&token)).await;
    assert_eq!(response.status(), 200);
    // The service gets the token too: it checks it again itself.
    let echo: Value = response.json().await.unwrap();
    assert_eq!(echo["headers"]["authorization"], format!("Bearer {token}"));
}

#[tokio::test]
async fn bad_tokens_are_401_on_protected_and_public_routes() {
    let (gw, up, keys) = user_gateway(args()).await;
    for (case, token) in bad_tokens(&keys) {
        assert_refused(
            get(&format!("{}/api/v1/users/me", gw.url), Some(&token)).await,
            case,
        )
        .await;
        assert_refused(
            get(&format!("{}/api/v1/auth/refresh", gw.url), Some(&token)).await,
            case,
        )
        .await;
    }
    assert_eq!(
        up.behaviour.hits.load(std::sync::atomic::Ordering::SeqCst),
        0
    );
}

#[tokio::test]
async fn an_authorization_header_that_is_not_bearer_is_401() {
    let (gw, _up, _keys) = user_gateway(args()).await;
    let response = reqwest::Client::new()
        .get(format!("{}/api/v1/auth/login", gw.url))
        .header("authorization", "Basic dXNlcjpwYXNz")
        .send()
        .await
        .unwrap();
    assert_refused(response, "basic auth").await;
}

#[tokio::test]
async fn unreachable_keys_are_503_not_401() {
    let up = crate::support::upstream().await;
    let keys = Keys::new();
    let nowhere = closed_port().await;
    let verifier = Arc::new(Verifier::new(Arc::new(HttpJwks::new(
        reqwest::Client::new(),
        &nowhere,
    ))));
    let gw = gateway(args(), &[(ServiceName::User, &up.url)], verifier).await;
    let response = get(
        &format!("{}/api/v1/users/me", gw.url),
        Some(&keys.token(Uuid::new_v4())),
    )
    .await;
    assert_eq!(response.status(), 503);
    let text = problem(response).await.to_string();
    assert!(!text.contains("127.0.0.1"), "{text}");
}
