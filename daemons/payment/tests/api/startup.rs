//! What `start` serves besides the API: health, readiness, metrics and the OpenAPI document.

#![expect(clippy::unwrap_used)]

use bookstore_kit::testing::backends;

use crate::support::TestApp;

#[tokio::test(flavor = "multi_thread")]
async fn the_shared_routes_answer() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let health = app.client.get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(health.status(), 200);
        let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
        assert_eq!(ready.status(), 200, "{}", app.label);
        let metrics = app.client.get(app.url("/metrics")).send().await.unwrap();
        assert_eq!(metrics.status(), 200);
        let openapi: serde_json::Value = app
            .client
            .get(app.url("/openapi.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mut paths: Vec<String> = openapi["paths"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        paths.sort();
        insta::assert_json_snapshot!("openapi_paths", paths);
    }
}
