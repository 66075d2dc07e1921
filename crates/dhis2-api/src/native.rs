//! A native transport for the `aggsync` command line: async HTTP over reqwest with rustls (no
//! system OpenSSL). It never blocks the thread it runs on, so the command line's sync engine can
//! share one tokio current-thread runtime (or a `LocalSet`) between its requests and its timers.
//!
//! It must run inside a tokio runtime with I/O and time enabled (`enable_all`): reqwest spawns
//! each connection's task on it and times requests with it. Bodies stream with
//! `Response::chunk`; dropping a request's future or a [`NativeBody`] drops the connection (hyper
//! closes a connection whose response nobody waits for or whose body is left unread), so the
//! engine's own timeouts and cancellation abort for real. [`NativeTransport::with_timeout`] is
//! only a safety limit on top of them: the whole exchange of a `send`; for an `open`, the wait
//! for the head and each wait for more of the body (a healthy stream of any length goes on).
//!
//! It keeps no cookies: authenticate with [`crate::Dhis2Client::direct`] (a token or Basic).

use std::time::Duration;

use crate::transport::{
    HttpRequest, HttpResponse, Method, ResponseBody, ResponseHead, Transport, TransportError,
};

/// Whole bodies (`send`) larger than this are refused (a year of raw values of a big data set
/// stays far below); streamed bodies have no limit.
const MAX_BODY_BYTES: usize = 2 * 1024 * 1024 * 1024;

/// Longest wait for a TCP (and TLS) connection before the request fails.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// Async HTTP transport over reqwest.
#[derive(Clone, Debug)]
pub struct NativeTransport {
    /// The client, or why it could not be built (reported by every request: building fails
    /// only when the TLS backend cannot start).
    client: Result<reqwest::Client, String>,
    /// The safety limit of one request.
    timeout: Duration,
}

impl Default for NativeTransport {
    /// Requests give up after 300 s: generous, since the caller sets its own shorter timeouts.
    fn default() -> NativeTransport {
        NativeTransport::with_timeout(Duration::from_secs(300))
    }
}

impl NativeTransport {
    /// A transport whose requests give up after at most 30 s of connecting and, past that, when
    /// a [`send`](Transport::send) takes longer than `timeout` in all, or when an
    /// [`open`](Transport::open)ed request waits longer than `timeout` for its head or for more
    /// of its body (a streamed body may take longer in all, as long as it keeps coming).
    pub fn with_timeout(timeout: Duration) -> NativeTransport {
        let client = reqwest::Client::builder()
            .read_timeout(timeout)
            .connect_timeout(CONNECT_TIMEOUT.min(timeout))
            .build()
            .map_err(|error| format!("the HTTP client could not start: {error}"));
        NativeTransport { client, timeout }
    }

    /// Sends `request` and waits for the response's head; `whole` limits the whole exchange to
    /// the transport's timeout (the body included).
    async fn start(
        &self,
        request: HttpRequest,
        whole: bool,
    ) -> Result<(ResponseHead, reqwest::Response), TransportError> {
        let client = self.client.as_ref().map_err(network)?;
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
        };
        let url = reqwest::Url::parse(&request.url)
            .map_err(|error| network(format!("{error}: {}", request.url)))?;
        let mut builder = client.request(method, url.clone());
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if let Some(body) = request.body {
            builder = builder.body(body);
        }
        if whole {
            builder = builder.timeout(self.timeout);
        }
        let response = builder.send().await.map_err(failed)?;
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string);
        let head = ResponseHead {
            status: response.status().as_u16(),
            content_type,
            redirected: *response.url() != url,
        };
        Ok((head, response))
    }
}

impl Transport for NativeTransport {
    type Body = NativeBody;

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let (head, response) = self.start(request, true).await?;
        let mut body = NativeBody { response };
        let mut bytes = Vec::new();
        while let Some(chunk) = body.next_chunk().await? {
            if bytes.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(network(format!(
                    "the answer is larger than {MAX_BODY_BYTES} bytes"
                )));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(HttpResponse::from_parts(head, bytes))
    }

    async fn open(
        &self,
        request: HttpRequest,
    ) -> Result<(ResponseHead, NativeBody), TransportError> {
        let (head, response) = self.start(request, false).await?;
        Ok((head, NativeBody { response }))
    }
}

/// The body of a response opened by [`NativeTransport`], read as it arrives. Dropping it before
/// its end closes the connection.
#[derive(Debug)]
pub struct NativeBody {
    response: reqwest::Response,
}

impl ResponseBody for NativeBody {
    async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, TransportError> {
        loop {
            match self.response.chunk().await.map_err(failed)? {
                Some(chunk) if chunk.is_empty() => continue,
                Some(chunk) => return Ok(Some(Vec::from(chunk))),
                None => return Ok(None),
            }
        }
    }
}

/// A transport failure described by `message`.
fn network(message: impl std::fmt::Display) -> TransportError {
    TransportError::Network(message.to_string())
}

/// A failure of reqwest with its causes (its own text only says which request failed, its
/// sources say why: connection refused, timed out, …).
fn failed(error: reqwest::Error) -> TransportError {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    TransportError::Network(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dhis2Client;
    use crate::auth::Auth;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// Serves one canned HTTP answer on loopback and returns the request it read.
    fn serve_once(answer: &'static str) -> (String, std::thread::JoinHandle<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let handle = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            let mut request = Vec::new();
            let mut buffer = [0u8; 4096];
            while !request.windows(4).any(|window| window == b"\r\n\r\n") {
                let read = stream.read(&mut buffer).unwrap();
                if read == 0 {
                    break;
                }
                request.extend_from_slice(&buffer[..read]);
            }
            stream.write_all(answer.as_bytes()).unwrap();
            String::from_utf8_lossy(&request).to_string()
        });
        (format!("http://{address}"), handle)
    }

    #[tokio::test(flavor = "current_thread")]
    async fn talks_http_on_loopback() {
        let body = r#"{"version":"2.41.1"}"#;
        let answer: &'static str = Box::leak(
            format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
            .into_boxed_str(),
        );
        let (base, server) = serve_once(answer);
        let transport = NativeTransport::with_timeout(Duration::from_secs(10));
        let client = Dhis2Client::direct(transport, base, Auth::ApiToken("d2p_x".into()));
        let info = client.system_info().await.unwrap();
        assert_eq!(info.version_number, Some((2, 41)));
        let request = server.join().unwrap().to_lowercase();
        assert!(
            request.starts_with("get /api/system/info http/1.1"),
            "{request}"
        );
        assert!(
            request.contains("authorization: apitoken d2p_x"),
            "{request}"
        );
        assert!(
            request.contains("x-requested-with: xmlhttprequest"),
            "{request}"
        );
        assert!(!request.contains("cookie"), "{request}");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn error_statuses_are_answers_not_transport_errors() {
        let (base, server) = serve_once(
            "HTTP/1.1 409 Conflict\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
        );
        let transport = NativeTransport::default();
        let response = transport
            .send(HttpRequest::get(format!("{base}/api/x")))
            .await
            .unwrap();
        assert_eq!(response.status, 409);
        assert_eq!(response.body, b"{}");
        assert!(!response.redirected);
        server.join().unwrap();
    }

    #[tokio::test(flavor = "current_thread")]
    async fn refused_connections_are_network_errors() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        drop(listener);
        let transport = NativeTransport::with_timeout(Duration::from_secs(5));
        let error = transport
            .send(HttpRequest::get(format!("http://{address}/api")))
            .await
            .unwrap_err();
        assert!(matches!(error, TransportError::Network(_)));
    }

    #[tokio::test(flavor = "current_thread")]
    async fn urls_that_do_not_parse_are_network_errors() {
        let transport = NativeTransport::default();
        let error = transport
            .send(HttpRequest::get("./manifest.webapp"))
            .await
            .unwrap_err();
        assert!(
            matches!(&error, TransportError::Network(message) if message.contains("manifest")),
            "{error:?}"
        );
    }
}
