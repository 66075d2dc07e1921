//! One module per page of the app.

pub mod data_selection;
pub mod destinations;
pub mod history;
pub mod placeholder;
pub mod report;
pub mod rules;
pub mod run;
pub mod settings;
pub mod wizard;
