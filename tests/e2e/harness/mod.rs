//! Shared machinery of the end-to-end tests: DHIS2 instances ([`instance`]) and a browser
//! ([`browser`]).

pub mod browser;
pub mod instance;

pub use browser::{Browser, BrowserOptions};
pub use instance::{Instance, InstanceOptions};
