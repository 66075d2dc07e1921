//! The runner every browser test goes through: [`with_app`] starts a browser, runs the test
//! with it and the test's instances, then — whatever the test did — checks the browser console
//! and stops the instances, so no test can forget either. The test's own error is reported
//! first; a console error fails an otherwise passing test. A test without a browser goes
//! through [`with_instances`], which stops its instances the same way.

use anyhow::Result;

use super::browser::{Browser, BrowserOptions};
use super::instance::{Instance, InstanceHandle};
use super::pair::Pair;

/// What a test started: the runner keeps their handles and stops them when the test ends.
pub trait Instances {
    /// Handles that stop every instance.
    fn handles(&self) -> Vec<InstanceHandle>;
}

impl Instances for Instance {
    fn handles(&self) -> Vec<InstanceHandle> {
        vec![self.handle()]
    }
}

impl Instances for Pair {
    fn handles(&self) -> Vec<InstanceHandle> {
        vec![self.source.handle(), self.destination.handle()]
    }
}

impl<A: Instances, B: Instances> Instances for (A, B) {
    fn handles(&self) -> Vec<InstanceHandle> {
        let mut handles = self.0.handles();
        handles.extend(self.1.handles());
        handles
    }
}

async fn stop_all(handles: &[InstanceHandle]) {
    for handle in handles {
        handle.stop().await;
    }
}

/// Runs `test`, which needs no browser, with `instances`, then stops them; the test's value.
pub async fn with_instances<T: Instances, R>(
    instances: T,
    test: impl AsyncFnOnce(T) -> Result<R>,
) -> Result<R> {
    let handles = instances.handles();
    let result = test(instances).await;
    stop_all(&handles).await;
    result
}

/// How [`with_app_options`] starts the browser and reads its console.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// How to start the browser.
    pub browser: BrowserOptions,
    /// Console errors the test provokes on purpose (a message containing one of these is not
    /// an error of the test).
    pub allowed_console_errors: &'static [&'static str],
}

/// Runs `test` with a new browser and `instances` (the test owns them: it may change a setting
/// or stop an instance itself), then checks the console and stops the instances (see the module
/// documentation); the test's value when all went well.
pub async fn with_app<T: Instances, R>(
    instances: T,
    test: impl AsyncFnOnce(Browser, T) -> Result<R>,
) -> Result<R> {
    with_app_options(instances, RunOptions::default(), test).await
}

/// [`with_app`] with browser options and expected console errors.
pub async fn with_app_options<T: Instances, R>(
    instances: T,
    options: RunOptions,
    test: impl AsyncFnOnce(Browser, T) -> Result<R>,
) -> Result<R> {
    let handles = instances.handles();
    let browser = match Browser::start_with(options.browser).await {
        Ok(browser) => browser,
        Err(error) => {
            stop_all(&handles).await;
            return Err(error);
        }
    };
    let result = test(browser.clone(), instances).await;
    let console = browser
        .finish_allowing(options.allowed_console_errors)
        .await;
    stop_all(&handles).await;
    let value = result?;
    console?;
    Ok(value)
}
