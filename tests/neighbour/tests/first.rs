//! The neighbour's client is built first, before the runtime has run any code; then both work.

use bkapi_runtime::{AuthStyle, Endpoint, Method};

#[tokio::test]
async fn a_neighbour_client_built_first_works_and_so_does_bkapi() {
    // Before any bkapi code: with reqwest's `rustls-no-provider` unified in, this panicked.
    let neighbour = bkapi_neighbour::neighbour_client();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = vec![0u8; 4096];
            let _ = socket.read(&mut buf).await;
            let body = r#"{"result":true,"code":0,"message":"","data":{"ok":1}}"#;
            let reply = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(reply.as_bytes()).await;
        }
    });
    let base = format!("http://{addr}");

    let text = neighbour
        .get(&base)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("\"ok\":1"), "{text}");

    const PING: Endpoint = Endpoint {
        system: "demo",
        name: "ping",
        method: Method::Post,
        path: "/api/c/compapi/v2/demo/ping/",
        auth: AuthStyle::Esb,
    };
    let client = bkapi_runtime::Client::builder(&base)
        .app_code("app")
        .build()
        .unwrap();
    let data: serde_json::Value = client.call(&PING, &serde_json::json!({})).await.unwrap();
    assert_eq!(data["ok"], 1);
}
