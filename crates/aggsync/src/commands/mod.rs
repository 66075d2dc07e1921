//! The subcommands of `aggsync`, one module each. A command takes its parsed arguments and
//! returns the JSON value to print, or an error for stderr; it does not print by itself.

pub mod aggregate;
pub mod periods;
