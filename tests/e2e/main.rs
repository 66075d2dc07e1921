//! Browser end-to-end tests: real headless Chromium, driven through chromedriver, against
//! dhis2-lite instances started in-process, with the app installed from its release zip through
//! `POST /api/apps` exactly as the App Manager does.
//!
//! Needs `scripts/build-app.sh` to have written `dist/aggregate-sync-<version>.zip` (command 2 of
//! README.md does it first) and Debian's chromium + chromedriver (scripts/setup.sh).
//! One module per user flow; `harness` holds the shared machinery.
#![cfg(not(target_arch = "wasm32"))]

mod accessibility;
mod compare;
mod data_selection;
mod destination_fit;
mod destinations;
mod empty_namespace;
mod first_load;
mod harness;
mod headless_history;
mod history;
mod id_schemes;
mod languages;
mod report_page;
mod rule_edit;
mod rule_runs;
mod rules;
mod settings;
mod shell;
mod sync_flows;
mod sync_measure;
mod sync_resume;
mod sync_robustness;
mod sync_runs;
mod wizard;
