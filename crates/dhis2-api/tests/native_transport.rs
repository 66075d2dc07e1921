//! The native transport on a tokio current-thread runtime, as the `aggsync` command line runs
//! it: a large `GET /api/dataValueSets` of an in-process dhis2-lite streams in several chunks,
//! and dropping a request's future or its body closes the connection at once (seen from raw
//! loopback servers that accept and never answer). dhis2-lite is only a server here, spoken to
//! over HTTP: no type crosses between it and dhis2-api.
#![cfg(not(target_arch = "wasm32"))]
// A test file: its helpers panic on failure like the tests themselves.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::time::Duration;

use dhis2_api::model::UserOrgUnits;
use dhis2_api::native::NativeTransport;
use dhis2_api::query::ListQuery;
use dhis2_api::transport::{HttpRequest, ResponseBody, Transport, TransportError};
use dhis2_api::{Auth, Dhis2Client};
use dhis2_lite::{RunningServer, Seed, ServerConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// Data values of the seeded server: enough for a body of megabytes.
const VALUES: u64 = 20_000;

/// Turns a hang into a failure. Not a timing assertion: what is awaited takes milliseconds when
/// the transport behaves, and never ends when it does not.
async fn or_hang<F: Future>(what: &str, future: F) -> F::Output {
    match tokio::time::timeout(Duration::from_secs(120), future).await {
        Ok(output) => output,
        Err(_) => panic!("{what} never happened"),
    }
}

/// A dhis2-lite with [`VALUES`] data values on loopback, and its data directory.
async fn start_dhis2_lite() -> (RunningServer, PathBuf) {
    let dir = std::env::temp_dir().join(format!(
        "dhis2-api-native-{}",
        dhis2_lite::uid::random_uid()
    ));
    let mut config = ServerConfig::new(&dir);
    config.port = 0;
    config.seed = Seed::Large(VALUES);
    config.clock_start = Some(dhis2_lite::clock::test_clock_start().unwrap());
    (dhis2_lite::start(config).await.unwrap(), dir)
}

fn admin() -> Auth {
    Auth::Basic {
        username: "admin".into(),
        password: "district".into(),
    }
}

/// Every value of every data set under the user's root, as query parameters.
async fn every_value<T: Transport>(client: &Dhis2Client<T>) -> Vec<(String, String)> {
    let roots = client.org_unit_roots(UserOrgUnits::Capture).await.unwrap();
    let data_sets = client
        .data_sets(&ListQuery {
            page_size: 1000,
            ..ListQuery::default()
        })
        .await
        .unwrap();
    let mut params: Vec<(String, String)> = data_sets
        .items
        .iter()
        .map(|data_set| ("dataSet".to_string(), data_set.id.clone()))
        .collect();
    params.extend([
        ("startDate".to_string(), "1970-01-01".to_string()),
        ("endDate".to_string(), "2100-12-31".to_string()),
        ("orgUnit".to_string(), roots[0].id.clone()),
        ("children".to_string(), "true".to_string()),
    ]);
    params
}

#[tokio::test(flavor = "current_thread")]
async fn a_large_data_value_set_streams_in_several_chunks_and_a_dropped_body_hangs_nothing() {
    let (server, dir) = start_dhis2_lite().await;
    let client = Dhis2Client::direct(NativeTransport::default(), server.base_url(), admin());
    let params = every_value(&client).await;
    let whole = client.data_value_sets(&params).await.unwrap();

    // The transport itself: the head first, then the body chunk by chunk.
    let request = HttpRequest::get(client.data_value_sets_url(&params))
        .with_header("Authorization", admin().header_value());
    let (head, mut body) = client.transport().open(request).await.unwrap();
    assert_eq!(head.status, 200);
    assert!(
        head.content_type.as_deref().unwrap_or("").contains("json"),
        "{head:?}"
    );
    let mut streamed = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = body.next_chunk().await.unwrap() {
        assert!(!chunk.is_empty());
        chunks += 1;
        streamed.extend_from_slice(&chunk);
    }
    assert!(chunks > 3, "{chunks} chunks for {} bytes", streamed.len());
    assert_eq!(streamed, whole, "streamed and whole bodies agree");
    let parsed: serde_json::Value = serde_json::from_slice(&streamed).unwrap();
    assert_eq!(
        parsed["dataValues"].as_array().map(Vec::len),
        Some(VALUES as usize)
    );
    println!("{} bytes in {chunks} chunks", streamed.len());

    // The client's stream, dropped after two chunks.
    let mut stream = client.data_value_sets_stream(&params).await.unwrap();
    let first = stream.next_chunk().await.unwrap().unwrap();
    assert_eq!(first, whole[..first.len()]);
    assert!(stream.next_chunk().await.unwrap().is_some());
    drop(stream);

    // The transport still works, and the server shuts down without waiting for a reader.
    let info = or_hang("a request after the drop", client.system_info()).await;
    assert!(info.unwrap().version_number.is_some());
    or_hang("the server's shutdown", server.shutdown()).await;
    let _ = std::fs::remove_dir_all(dir);
}

/// A loopback server for one connection: it reads the request head, writes `answer` (which may
/// be empty or an unfinished response) and then reads until the client closes the connection.
/// Returns the URL, a signal sent once the request arrived and one sent once the connection
/// was closed by the client.
async fn server_that_stalls(
    answer: &'static [u8],
) -> (String, oneshot::Receiver<()>, oneshot::Receiver<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/api/dataValueSets",
        listener.local_addr().unwrap()
    );
    let (arrived_sender, arrived) = oneshot::channel();
    let (closed_sender, closed) = oneshot::channel();
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buffer = [0u8; 4096];
        while !request.windows(4).any(|window| window == b"\r\n\r\n") {
            let read = stream.read(&mut buffer).await.unwrap();
            assert!(read > 0, "the client closed before sending its request");
            request.extend_from_slice(&buffer[..read]);
        }
        stream.write_all(answer).await.unwrap();
        let _ = arrived_sender.send(());
        // Anything but end of file or a reset would be a second request: there is none.
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
        let _ = closed_sender.send(());
    });
    (url, arrived, closed)
}

#[tokio::test(flavor = "current_thread")]
async fn a_dropped_send_closes_its_connection_at_once() {
    let (url, arrived, closed) = server_that_stalls(b"").await;
    let transport = NativeTransport::default();
    // What the engine does for a cancel: race the request against a signal, drop the loser.
    tokio::select! {
        result = transport.send(HttpRequest::get(url)) => panic!("the silent server answered: {result:?}"),
        _ = arrived => {}
    }
    or_hang("the connection's closing", closed).await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn a_dropped_body_closes_its_connection_at_once() {
    let (url, arrived, closed) = server_that_stalls(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n\
          f\r\n{\"dataValues\":[\r\n",
    )
    .await;
    let transport = NativeTransport::default();
    let (head, mut body) = transport.open(HttpRequest::get(url)).await.unwrap();
    arrived.await.unwrap();
    assert_eq!(head.status, 200);
    assert_eq!(
        body.next_chunk().await.unwrap().as_deref(),
        Some(&b"{\"dataValues\":["[..])
    );
    // A read that a timer outruns (the server never sends more), then the body dropped.
    tokio::select! {
        chunk = body.next_chunk() => panic!("the stalled server sent {chunk:?}"),
        () = tokio::time::sleep(Duration::from_millis(50)) => {}
    }
    drop(body);
    or_hang("the connection's closing", closed).await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn a_request_past_the_transports_timeout_fails_as_a_network_error() {
    let (url, _arrived, closed) = server_that_stalls(b"").await;
    let transport = NativeTransport::with_timeout(Duration::from_millis(200));
    let error = or_hang("the timeout", transport.send(HttpRequest::get(url)))
        .await
        .unwrap_err();
    match &error {
        TransportError::Network(message) => {
            assert!(message.contains("timed out"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    or_hang("the connection's closing", closed).await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn a_streamed_body_that_stalls_past_the_transports_timeout_fails_as_a_network_error() {
    let (url, _arrived, closed) = server_that_stalls(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n\
          1\r\n{\r\n",
    )
    .await;
    let transport = NativeTransport::with_timeout(Duration::from_millis(200));
    let (head, mut body) = transport.open(HttpRequest::get(url)).await.unwrap();
    assert_eq!(head.status, 200);
    assert_eq!(body.next_chunk().await.unwrap().as_deref(), Some(&b"{"[..]));
    let error = or_hang("the timeout", body.next_chunk()).await.unwrap_err();
    match &error {
        TransportError::Network(message) => {
            assert!(message.contains("timed out"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    drop(body);
    or_hang("the connection's closing", closed).await.unwrap();
}
