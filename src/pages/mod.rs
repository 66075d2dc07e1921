//! One module per page of the app.

pub mod data_selection;
pub mod history;
pub mod placeholder;
pub mod rules;
pub mod settings;
