//! A headless Chromium session through chromedriver (fantoccini), with the helpers the tests
//! share: log in through DHIS2's login page, wait for `data-test` elements, read texts, and
//! collect the browser console so that any console error fails the test.

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// How long to wait for the app to show something: generous, because CI runs two browser tests
/// at once on two cores, and a timeout there is a flake, not a finding.
pub const WAIT: Duration = Duration::from_secs(40);

/// How to start a browser.
#[derive(Clone, Debug, Default)]
pub struct BrowserOptions {
    /// Where downloads are saved (Chromium's `download.default_directory`), without asking.
    pub download_dir: Option<std::path::PathBuf>,
}

/// One browser with its own chromedriver and profile.
pub struct Browser {
    client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium.
    pub async fn start() -> Result<Browser> {
        Browser::start_with(BrowserOptions::default()).await
    }

    /// Starts chromedriver and a headless Chromium with `options`.
    pub async fn start_with(options: BrowserOptions) -> Result<Browser> {
        let port = free_port()?;
        let driver_path = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let driver = Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {driver_path} (run scripts/setup.sh)"))?;
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if started.elapsed() > Duration::from_secs(20) {
                bail!("chromedriver did not start on port {port}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
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
            driver,
            _profile: profile,
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
        let started = Instant::now();
        while self.client.current_url().await? == login_page
            || self.client.find(Locator::Css("#j_password")).await.is_ok()
        {
            if started.elapsed() > WAIT {
                bail!("still on the login page after submitting");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
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
        let mut attempt = 0;
        loop {
            match self.texts_once(css).await {
                Err(error) if attempt < 10 && error.to_string().contains("stale element") => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                other => return other,
            }
        }
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
        let started = Instant::now();
        loop {
            let texts = self.texts(css).await?;
            if texts == expected {
                return Ok(());
            }
            if started.elapsed() > WAIT {
                bail!("{css}: expected {expected:?}, found {texts:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
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
        self.driver.id()
    }

    /// Browser console entries since the last call (chromedriver's log endpoint).
    pub async fn console(&self) -> Result<Vec<Value>> {
        let entries = self.client.issue_cmd(BrowserLog).await?;
        Ok(entries.as_array().cloned().unwrap_or_default())
    }

    /// Fails when the console holds an error (level SEVERE), then closes the browser.
    pub async fn finish(self) -> Result<()> {
        self.finish_allowing(&[]).await
    }

    /// As [`Browser::finish`], ignoring errors whose message contains one of `expected` (a 403
    /// the test provoked, say).
    pub async fn finish_allowing(mut self, expected: &[&str]) -> Result<()> {
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
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        if !errors.is_empty() {
            bail!("the browser console has errors: {errors:#?}");
        }
        Ok(())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
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
