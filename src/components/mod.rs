//! Reusable view pieces with no page logic: header bar, notices, pagination.

pub mod access_denied;
pub mod edit_conflict;
pub mod error_notice;
pub mod focus;
pub mod header_bar;
pub mod nav;
pub mod org_unit_tree;
pub mod pagination;
pub mod secret_form;
