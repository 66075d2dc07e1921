//! Aggregate Sync, the web app: a Leptos client-side rendered single-page app installed into
//! DHIS2 from the App Manager. This crate is the only code that touches the DOM; DHIS2 calls go
//! through `dhis2-api`, domain rules live in `sync-core`.

// First, so `t!` is in scope in every module below.
#[macro_use]
pub mod i18n;

pub mod app;
pub mod components;
pub mod destinations;
pub mod environment;
pub mod pages;
pub mod route;
pub mod rules;
pub mod run;
pub mod session;
pub mod state;
