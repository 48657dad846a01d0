//! What `start` serves besides the API: health, readiness, metrics and the OpenAPI document.

#![expect(clippy::unwrap_used)]

use bookstore_kit::testing::backends;

use crate::support::TestApp;

#[tokio::test(flavor = "multi_thread")]
async fn the_shared_routes_answer() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        assert_eq!(app.get("/healthz").await.status, 200);
        let ready = app.get("/readyz").await;
        assert_eq!(ready.status, 200, "{}: {:?}", app.label, ready.body);
        let metrics = app.client.get(app.url("/metrics")).send().await.unwrap();
        assert_eq!(metrics.status(), 200);
        let openapi = app.get("/openapi.json").await;
        let mut paths: Vec<String> = openapi.body["paths"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        paths.sort();
        insta::assert_json_snapshot!("openapi_paths", paths);
        assert_eq!(app.get("/internal/nothing").await.status, 404);
    }
}
