//! Accessibility checks with axe-core (npm `axe-core` 4.14, installed by `scripts/setup.sh` into
//! `node_modules/`): [`assert_accessible`] injects axe into the page as it is now, runs it over
//! the whole document and fails on any serious or critical violation, listing each with its
//! rule, impact, help text and the selectors of the elements at fault; minor and moderate ones
//! are printed as warnings. Keyboard helpers for the keyboard-only tests ([`press`],
//! [`focused_test`], [`tab_to`]) live here too: they send keys to whatever has the focus, as a
//! person at a keyboard does, never to an element the test picked.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use super::browser::{Browser, WAIT};
use super::wait::eventually;

/// The impacts that fail a check (axe's `impact`: minor, moderate, serious, critical).
const FAILING: [&str; 2] = ["serious", "critical"];

/// The axe-core bundle from `node_modules/`, read once per check (it is small next to a page
/// load, and reading it here keeps the helper free of global state).
fn axe_source() -> Result<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).with_context(|| {
        format!(
            "reading {} (run scripts/setup.sh to install axe-core)",
            path.display()
        )
    })
}

/// Runs axe-core over the current page and fails when it finds a serious or critical
/// violation; `view` names the page, step or dialog in the messages.
pub async fn assert_accessible(browser: &Browser, view: &str) -> Result<()> {
    let client = browser.client();
    let loaded = client
        .execute("return typeof window.axe === 'object';", vec![])
        .await?;
    if loaded != Value::Bool(true) {
        client
            .execute(&axe_source()?, vec![])
            .await
            .context("injecting axe-core")?;
    }
    let answer = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {resultTypes: ['violations']})
               .then(results => done(JSON.stringify(results.violations)))
               .catch(error => done(JSON.stringify({error: String(error)})));",
            vec![],
        )
        .await
        .with_context(|| format!("running axe-core on {view}"))?;
    let violations: Value = serde_json::from_str(answer.as_str().unwrap_or("null"))
        .with_context(|| format!("axe-core's answer on {view}: {answer}"))?;
    if let Some(error) = violations.get("error") {
        bail!("axe-core failed on {view}: {error}");
    }
    let mut failures = Vec::new();
    for violation in violations.as_array().into_iter().flatten() {
        let impact = violation["impact"].as_str().unwrap_or("unknown");
        let line = describe(violation);
        if FAILING.contains(&impact) {
            failures.push(line);
        } else {
            eprintln!("axe warning on {view}: {line}");
        }
    }
    if !failures.is_empty() {
        bail!(
            "axe-core found {} serious or critical violation(s) on {view}:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
    eprintln!("axe: no serious or critical violation on {view}");
    Ok(())
}

/// One violation as a line: rule, impact, help and the elements' selectors.
fn describe(violation: &Value) -> String {
    let targets: Vec<String> = violation["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|node| {
            // The first check's message says what is wrong there (the contrast ratio, …).
            let why = ["any", "all", "none"]
                .iter()
                .find_map(|kind| node[*kind][0]["message"].as_str())
                .unwrap_or_default();
            format!("{} ({why})", node["target"])
        })
        .collect();
    format!(
        "{} ({}): {} — {}",
        violation["id"].as_str().unwrap_or("?"),
        violation["impact"].as_str().unwrap_or("?"),
        violation["help"].as_str().unwrap_or("?"),
        targets.join(", ")
    )
}

/// WebDriver's key codes for the keys the keyboard tests press.
pub mod keys {
    /// Tab.
    pub const TAB: &str = "\u{E004}";
    /// Shift+Tab (Shift is released at the end of the sequence).
    pub const SHIFT_TAB: &str = "\u{E008}\u{E004}\u{E008}";
    /// Enter.
    pub const ENTER: &str = "\u{E007}";
    /// Space.
    pub const SPACE: &str = " ";
    /// Escape.
    pub const ESCAPE: &str = "\u{E00C}";
    /// Arrow down.
    pub const DOWN: &str = "\u{E015}";
}

/// Sends `keys` to the element that has the focus (the page's body when nothing has it).
pub async fn press(browser: &Browser, keys: &str) -> Result<()> {
    let focused = browser.client().active_element().await?;
    focused.send_keys(keys).await?;
    Ok(())
}

/// The `data-test` of the focused element (or its `id`, or its tag name when it has neither),
/// with its `data-id` when it has one (`name[id]`).
pub async fn focused_test(browser: &Browser) -> Result<String> {
    let name = browser
        .client()
        .execute(
            "const e = document.activeElement;
             if (!e) return '';
             const name = e.getAttribute('data-test') || e.id || e.tagName.toLowerCase();
             const id = e.getAttribute('data-id');
             return id ? name + '[' + id + ']' : name;",
            vec![],
        )
        .await?;
    Ok(name.as_str().unwrap_or_default().to_string())
}

/// Presses Tab (or Shift+Tab when `backwards`) until the focused element is `target` (as
/// [`focused_test`] names it), at most `limit` times; fails naming the elements passed.
pub async fn tab_to(browser: &Browser, target: &str, limit: usize, backwards: bool) -> Result<()> {
    tab_until(browser, target, limit, backwards, |name| name == target)
        .await
        .map(drop)
}

/// Presses Tab (or Shift+Tab) until the focused element's name passes `reached`, at most
/// `limit` times; returns that name, or fails naming `what` and the elements passed.
pub async fn tab_until(
    browser: &Browser,
    what: &str,
    limit: usize,
    backwards: bool,
    reached: impl Fn(&str) -> bool,
) -> Result<String> {
    let mut passed = Vec::new();
    for _ in 0..=limit {
        let focused = focused_test(browser).await?;
        if reached(&focused) {
            return Ok(focused);
        }
        passed.push(focused);
        press(
            browser,
            if backwards {
                keys::SHIFT_TAB
            } else {
                keys::TAB
            },
        )
        .await?;
    }
    bail!(
        "{what} was not reached with the keyboard in {limit} presses; the focus went through {passed:?}"
    )
}

/// Waits until the element with `data-test="<test>"` (as [`focused_test`] names it) has the
/// focus: the app moves it there itself (a new step, an opened dialog).
pub async fn wait_focus(browser: &Browser, target: &str) -> Result<()> {
    let mut last = String::new();
    let found = eventually(&format!("{target} to have the focus"), WAIT, async || {
        last = focused_test(browser).await?;
        Ok((last == target).then_some(()))
    })
    .await;
    found.with_context(|| format!("the focus is on {last}"))
}
