//! Shared machinery of the end-to-end tests: accessibility checks and keyboard helpers
//! ([`a11y`]), DHIS2 instances ([`instance`]) and the source and
//! destination pair of the sync tests ([`pair`]), a browser ([`browser`]), the runner every
//! browser test goes through ([`run`]), waiting for conditions ([`wait`]) and data values as
//! compared ([`values`]).

pub mod a11y;
pub mod browser;
pub mod instance;
pub mod pair;
pub mod run;
pub mod values;
pub mod wait;

pub use a11y::assert_accessible;
pub use browser::{Browser, BrowserOptions, WAIT};
pub use instance::{Instance, InstanceHandle, InstanceOptions};
pub use pair::{DESTINATION_ID, Pair};
pub use run::{Instances, RunOptions, with_app, with_app_options, with_instances};
pub use values::{Values, key_of, values_of};
pub use wait::{eventually, eventually_equal, eventually_polling};
