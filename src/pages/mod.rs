//! One module per page of the app.

pub mod data_sets;
pub mod placeholder;
