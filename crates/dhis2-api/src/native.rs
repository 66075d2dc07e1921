//! A native transport for the `aggsync` command line: blocking HTTP over ureq with rustls (no
//! system OpenSSL), behind the async [`Transport`] trait. Each `send` blocks the calling thread
//! until the answer is read; the command line runs one request at a time, so that is fine.
//!
//! It keeps no cookies: authenticate with [`crate::Dhis2Client::direct`] (a token or Basic).

use std::time::Duration;

use crate::transport::{HttpRequest, HttpResponse, Method, Transport, TransportError};

/// Bodies larger than this are refused (a year of raw values of a big data set stays far below).
const MAX_BODY_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Blocking HTTP transport.
#[derive(Clone, Debug)]
pub struct NativeTransport {
    agent: ureq::Agent,
}

impl Default for NativeTransport {
    fn default() -> NativeTransport {
        NativeTransport::with_timeout(Duration::from_secs(300))
    }
}

impl NativeTransport {
    /// A transport whose requests give up after `timeout` (connecting, sending and reading).
    pub fn with_timeout(timeout: Duration) -> NativeTransport {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .build();
        NativeTransport {
            agent: config.into(),
        }
    }

    fn send_blocking(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let method = match request.method {
            Method::Get => ureq::http::Method::GET,
            Method::Post => ureq::http::Method::POST,
            Method::Put => ureq::http::Method::PUT,
            Method::Delete => ureq::http::Method::DELETE,
        };
        let mut builder = ureq::http::Request::builder()
            .method(method)
            .uri(request.url.as_str());
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let network = |error: String| TransportError::Network(error);
        let result = match request.body {
            Some(body) => {
                let built = builder
                    .body(body)
                    .map_err(|error| network(error.to_string()))?;
                self.agent.run(built)
            }
            None => {
                let built = builder
                    .body(())
                    .map_err(|error| network(error.to_string()))?;
                self.agent.run(built)
            }
        };
        let mut response = result.map_err(|error| network(error.to_string()))?;
        let redirected = {
            use ureq::ResponseExt;
            response.get_uri().to_string() != request.url
        };
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .map(str::to_string);
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY_BYTES)
            .read_to_vec()
            .map_err(|error| network(error.to_string()))?;
        Ok(HttpResponse {
            status,
            content_type,
            redirected,
            body,
        })
    }
}

impl Transport for NativeTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.send_blocking(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dhis2Client;
    use crate::auth::Auth;
    use crate::testing::run;
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

    #[test]
    fn talks_http_on_loopback() {
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
        let info = run(client.system_info()).unwrap();
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
    }

    #[test]
    fn error_statuses_are_answers_not_transport_errors() {
        let (base, server) = serve_once(
            "HTTP/1.1 409 Conflict\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
        );
        let transport = NativeTransport::default();
        let response = run(transport.send(HttpRequest::get(format!("{base}/api/x")))).unwrap();
        assert_eq!(response.status, 409);
        server.join().unwrap();
    }

    #[test]
    fn refused_connections_are_network_errors() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        drop(listener);
        let transport = NativeTransport::with_timeout(Duration::from_secs(5));
        let error =
            run(transport.send(HttpRequest::get(format!("http://{address}/api")))).unwrap_err();
        assert!(matches!(error, TransportError::Network(_)));
    }
}
