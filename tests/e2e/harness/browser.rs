//! A headless Chromium session through chromedriver (fantoccini), with the helpers the tests
//! share: log in through DHIS2's login page, wait for `data-test` elements, read texts, and
//! collect the browser console so that any console error fails the test.

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use super::wait::{eventually, eventually_equal, eventually_polling};

/// How long to wait for the app to show something: generous, because CI runs two browser tests
/// at once on two cores, and a timeout there is a flake, not a finding.
pub const WAIT: Duration = Duration::from_secs(40);

/// How to start a browser.
#[derive(Clone, Debug, Default)]
pub struct BrowserOptions {
    /// Where downloads are saved (Chromium's `download.default_directory`), without asking.
    pub download_dir: Option<std::path::PathBuf>,
}

/// One browser with its own chromedriver and profile. Clones share the session: the runner
/// keeps one to read the console and close the browser after the test.
#[derive(Clone)]
pub struct Browser {
    client: Client,
    driver: Arc<Driver>,
}

/// The chromedriver process and the browser profile, killed and removed with the last clone.
struct Driver {
    process: Mutex<Child>,
    id: u32,
    _profile: tempfile::TempDir,
}

impl Driver {
    fn kill(&self) {
        if let Ok(mut process) = self.process.lock() {
            let _ = process.kill();
            let _ = process.wait();
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.kill();
    }
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with `options` (tests get their browser
    /// from [`super::run::with_app`], which also finishes it).
    pub(super) async fn start_with(options: BrowserOptions) -> Result<Browser> {
        let port = free_port()?;
        let driver_path = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let driver = Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {driver_path} (run scripts/setup.sh)"))?;
        eventually_polling(
            &format!("chromedriver to listen on port {port}"),
            Duration::from_secs(20),
            Duration::from_millis(50),
            async || Ok(TcpStream::connect(("127.0.0.1", port)).ok().map(drop)),
        )
        .await?;
        let profile = tempfile::Builder::new()
            .prefix("aggsync-chrome-")
            .tempdir()?;
        let mut capabilities = json!({
            "goog:chromeOptions": {
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic",
                    "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            },
            "goog:loggingPrefs": { "browser": "ALL" }
        });
        if let Some(dir) = &options.download_dir {
            capabilities["goog:chromeOptions"]["prefs"] = json!({
                "download.default_directory": dir.display().to_string(),
                "download.prompt_for_download": false,
            });
        }
        let Value::Object(capabilities) = capabilities else {
            bail!("capabilities")
        };
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .context("opening a WebDriver session")?;
        Ok(Browser {
            client,
            driver: Arc::new(Driver {
                id: driver.id(),
                process: Mutex::new(driver),
                _profile: profile,
            }),
        })
    }

    /// The fantoccini client, for anything the helpers do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Opens `url`.
    pub async fn goto(&self, url: &str) -> Result<()> {
        self.client
            .goto(url)
            .await
            .with_context(|| format!("opening {url}"))
    }

    /// Logs in through the instance's login page at its root, as a person would.
    pub async fn log_in(&self, base_url: &str, username: &str, password: &str) -> Result<()> {
        self.goto(&format!("{base_url}/")).await?;
        self.wait_css("#j_username")
            .await?
            .send_keys(username)
            .await?;
        self.client
            .find(Locator::Css("#j_password"))
            .await?
            .send_keys(password)
            .await?;
        let login_page = self.client.current_url().await?;
        self.client
            .find(Locator::Css("#submit"))
            .await?
            .click()
            .await?;
        eventually(
            "the login page to be left after submitting",
            WAIT,
            async || {
                let left = self.client.current_url().await? != login_page
                    && self.client.find(Locator::Css("#j_password")).await.is_err();
                Ok(left.then_some(()))
            },
        )
        .await
    }

    /// Waits for the element with `data-test="<name>"`.
    pub async fn wait_test(&self, name: &str) -> Result<Element> {
        self.wait_css(&format!("[data-test='{name}']")).await
    }

    /// Waits for an element matching `css`.
    pub async fn wait_css(&self, css: &str) -> Result<Element> {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("waiting for {css}"))
    }

    /// Texts of all elements matching `css`, in document order. Read again when the app
    /// re-rendered an element while it was being read (a stale element).
    pub async fn texts(&self, css: &str) -> Result<Vec<String>> {
        eventually_polling(
            &format!("the texts of {css} without a stale element"),
            Duration::from_millis(500),
            Duration::from_millis(50),
            async || match self.texts_once(css).await {
                Err(error) if error.to_string().contains("stale element") => Ok(None),
                other => other.map(Some),
            },
        )
        .await
    }

    async fn texts_once(&self, css: &str) -> Result<Vec<String>> {
        let mut texts = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await? {
            texts.push(element.text().await?);
        }
        Ok(texts)
    }

    /// Waits until the texts of `css` equal `expected` (the app re-renders asynchronously).
    pub async fn wait_texts(&self, css: &str, expected: &[String]) -> Result<()> {
        eventually_equal(
            &format!("the texts of {css}"),
            WAIT,
            &expected.to_vec(),
            async || self.texts(css).await,
        )
        .await
    }

    /// Runs a Chrome DevTools Protocol command (chromedriver's `goog/cdp/execute`): for what
    /// WebDriver lacks, such as performance metrics or a script run before the page's own.
    pub async fn cdp(&self, command: &str, params: Value) -> Result<Value> {
        let result = self
            .client
            .issue_cmd(CdpCommand {
                command: command.to_string(),
                params,
            })
            .await?;
        Ok(result)
    }

    /// The process id of chromedriver (the browser's processes are its descendants).
    pub fn driver_pid(&self) -> u32 {
        self.driver.id
    }

    /// Browser console entries since the last call (chromedriver's log endpoint).
    pub async fn console(&self) -> Result<Vec<Value>> {
        let entries = self.client.issue_cmd(BrowserLog).await?;
        Ok(entries.as_array().cloned().unwrap_or_default())
    }

    /// Fails when the console holds an error (level SEVERE) whose message contains none of
    /// `expected` (a 403 the test provoked, say), then closes the browser.
    pub(super) async fn finish_allowing(self, expected: &[&str]) -> Result<()> {
        let errors: Vec<Value> = self
            .console()
            .await?
            .into_iter()
            .filter(|entry| entry["level"] == "SEVERE")
            .filter(|entry| {
                let message = entry["message"].as_str().unwrap_or_default();
                !expected.iter().any(|text| message.contains(text))
            })
            .collect();
        let _ = self.client.clone().close().await;
        self.driver.kill();
        if !errors.is_empty() {
            bail!("the browser console has errors: {errors:#?}");
        }
        Ok(())
    }
}

/// chromedriver's (non-W3C) `POST /session/{id}/se/log` with `{"type":"browser"}`.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(r#"{"type":"browser"}"#.to_string()),
        )
    }
}

/// chromedriver's `POST /session/{id}/goog/cdp/execute` with `{"cmd", "params"}`.
#[derive(Debug)]
struct CdpCommand {
    command: String,
    params: Value,
}

impl WebDriverCompatibleCommand for CdpCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({"cmd": self.command, "params": self.params});
        (http::Method::POST, Some(body.to_string()))
    }
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}
