//! Shared helpers of the in-process tests: a server state on a temporary data directory and a
//! `oneshot` request helper.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use base64::Engine;
use dhis2_lite::state::SharedState;
use dhis2_lite::{Dhis2Version, Seed, ServerConfig};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// A server state on its own data directory.
pub struct TestServer {
    pub state: SharedState,
    pub dir: PathBuf,
}

pub fn temp_dir(label: &str) -> PathBuf {
    let dir = dhis2_lite::scratch::process_root("dhis2-lite-tests")
        .join(format!("{label}-{}", dhis2_lite::uid::random_uid()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A seeded database per seed, made once per test binary and copied for each server.
fn template(seed: Seed) -> PathBuf {
    static TEMPLATES: std::sync::Mutex<Vec<(String, PathBuf)>> = std::sync::Mutex::new(Vec::new());
    let mut templates = TEMPLATES.lock().unwrap();
    if let Some((_, dir)) = templates.iter().find(|(name, _)| *name == seed.to_string()) {
        return dir.clone();
    }
    let dir = temp_dir(&format!("template-{}", seed.to_string().replace(':', "-")));
    let mut config = ServerConfig::new(&dir);
    config.seed = seed;
    config.clock_start = Some(dhis2_lite::clock::test_clock_start().unwrap());
    drop(dhis2_lite::open_state(&config).unwrap());
    templates.push((seed.to_string(), dir.clone()));
    dir
}

/// A new data directory holding a copy of the seeded database (nothing left to seed).
pub fn seeded_dir(label: &str, seed: Seed) -> PathBuf {
    let dir = temp_dir(label);
    let template = template(seed);
    std::fs::copy(
        template.join(dhis2_lite::db::DATABASE_FILE),
        dir.join(dhis2_lite::db::DATABASE_FILE),
    )
    .unwrap();
    dir
}

impl TestServer {
    pub fn new(version: &str, seed: Seed) -> Self {
        Self::open(version, seed, seeded_dir(version, seed))
    }

    pub fn open(version: &str, seed: Seed, dir: PathBuf) -> Self {
        let mut config = ServerConfig::new(&dir);
        config.seed = seed;
        config.version = version.parse::<Dhis2Version>().unwrap();
        config.clock_start = Some(dhis2_lite::clock::test_clock_start().unwrap());
        config.allow_clock_api = true;
        let (state, _) = dhis2_lite::open_state(&config).unwrap();
        Self {
            state: Arc::new(state),
            dir,
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = dhis2_lite::api::test_service(self.state.clone())
            .oneshot(request)
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn call(&self, method: Method, uri: &str, body: Option<(&str, Vec<u8>)>) -> Reply {
        self.call_as(("admin", "district"), method, uri, body).await
    }

    pub async fn call_as(
        &self,
        user: (&str, &str),
        method: Method,
        uri: &str,
        body: Option<(&str, Vec<u8>)>,
    ) -> Reply {
        let credentials =
            base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", user.0, user.1));
        let mut builder = Request::builder()
            .method(method)
            .uri(uri)
            .header("host", "127.0.0.1:8080")
            .header("authorization", format!("Basic {credentials}"));
        let body = match body {
            Some((content_type, bytes)) => {
                builder = builder.header("content-type", content_type);
                Body::from(bytes)
            }
            None => Body::empty(),
        };
        self.send(builder.body(body).unwrap()).await
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.call(Method::GET, uri, None).await
    }

    pub async fn post_json(&self, uri: &str, body: &Value) -> Reply {
        self.call(
            Method::POST,
            uri,
            Some(("application/json", body.to_string().into_bytes())),
        )
        .await
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A response.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string)
    }
}

/// Every emulated version as a string.
pub fn all_versions() -> Vec<String> {
    Dhis2Version::all()
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// Builds a zip from (name, content) pairs.
pub fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut buffer = std::io::Cursor::new(Vec::new());
    {
        let mut writer = zip::ZipWriter::new(&mut buffer);
        for (name, content) in files {
            writer
                .start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.write_all(content).unwrap();
        }
        writer.finish().unwrap();
    }
    buffer.into_inner()
}

/// A multipart body with one `file` part.
pub fn multipart_file(file_name: &str, content: &[u8]) -> (String, Vec<u8>) {
    let boundary = "dhis2litetestboundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/zip\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
