//! The subcommands of `aggsync`, one module each. A command takes its parsed arguments and
//! returns the JSON value to print, or an error for stderr; it does not print by itself (except
//! `run`, which prints a line per rule run as it ends and returns its exit code, and `mapping`,
//! whose exit code says whether everything is mapped).

pub mod aggregate;
pub mod mapping;
pub mod periods;
pub mod run;
