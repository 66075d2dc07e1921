//! The destination pages: the list (`#/destinations`) with test, edit and delete, and the add
//! and edit form (`#/destinations/new`, `#/destinations/<id>`). The work is done by
//! `crate::destinations`; these files only render and call it.

mod edit;
mod form;
mod form_fields;
mod list;
mod row;

pub use edit::DestinationEditPage;
pub use list::DestinationsPage;

use sync_core::model::{DestinationKind, DirectAuth};

/// How a destination is reached, in words.
pub fn kind_label(kind: &DestinationKind) -> &'static str {
    match kind {
        DestinationKind::Route { .. } => "Route",
        DestinationKind::Direct {
            auth: DirectAuth::PersonalAccessToken,
        } => "Direct with token",
        DestinationKind::Direct {
            auth: DirectAuth::BasicAskEachRun,
        } => "Direct with Basic",
        DestinationKind::CurrentInstance => "This instance",
    }
}
