//! sync-engine: the one implementation of an Aggregate Sync run, used by the web app (on the
//! browser's event loop) and natively by `aggsync run` (on a current-thread runtime).
//!
//! It plans a rule against the source's metadata, reads raw values in streamed chunks, filters
//! or aggregates them with sync-core, writes them to the destination with reads and writes
//! overlapping, settles every value with the status rule, saves the report with checkpoints and
//! a heartbeat, resumes interrupted runs, and keeps two runs of one rule apart with a lock in
//! the dataStore. It has no DOM, no Leptos and no runtime of its own: the transport
//! (dhis2-api's `Transport`), the clock and timers ([`host::Host`]) and progress reporting
//! ([`observer::Observer`]) are passed in.
//!
//! Module map: [`run`] (a whole run), [`pipeline`] (reads and writes overlapping), [`write`]
//! (one chunk: post, poll, split, settle), [`admit`] (values → chunks), [`processor`] (responses
//! → values), [`plan`] and [`catalog`] (what to read), [`ids`] (a destination's id schemes), [`mapped`] (a destination's mapping), [`incremental`] (changed cells),
//! [`payload`] (Download JSON), [`preview`] and [`fit`] (the wizard's summary: the plan and what the
//! destination will store), [`compare`] (what a run would change at the destination: new,
//! changed, unchanged, deleted; "Skip unchanged values"), [`store`] (the app's dataStore collections), [`retry`],
//! [`limits`], [`host`], [`cancel`], [`observer`].

pub mod admit;
pub mod cancel;
pub mod catalog;
pub mod compare;
pub mod fit;
pub mod host;
pub mod ids;
pub mod incremental;
pub mod limits;
pub mod mapped;
pub mod metadata_sync;
pub mod observer;
pub mod payload;
pub mod pipeline;
pub mod plan;
pub mod preview;
pub mod processor;
pub mod retry;
pub mod run;
pub mod store;
pub mod write;

pub use cancel::CancelToken;
pub use host::Host;
pub use limits::Limits;
pub use observer::{Event, Observer, Phase};
pub use run::{Destination, RunRequest, RunResult, Runner};
