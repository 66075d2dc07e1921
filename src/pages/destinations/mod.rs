//! The destination pages: the list (`#/destinations`) with test, edit, delete and narrow, and the
//! add and edit form (`#/destinations/new`, `#/destinations/<id>`). Adding, editing, deleting and
//! narrowing are offered to users who may manage destinations (`Session::may_manage_destinations`)
//! only. The work is done by `crate::destinations`; these files only render and call it.

mod edit;
mod form;
mod form_fields;
mod id_scheme_fields;
mod list;
mod narrow;
mod row;

pub use edit::DestinationEditPage;
pub use list::DestinationsPage;

use sync_core::model::{DestinationKind, DirectAuth, RouteScope};

/// How a destination is reached, in words.
pub fn kind_label(kind: &DestinationKind) -> &'static str {
    match kind {
        DestinationKind::Route {
            scope: RouteScope::Api,
            ..
        } => "Route",
        DestinationKind::Route {
            scope: RouteScope::Server,
            ..
        } => "Route (whole server)",
        DestinationKind::Direct {
            auth: DirectAuth::PersonalAccessToken,
        } => "Direct with token",
        DestinationKind::Direct {
            auth: DirectAuth::BasicAskEachRun,
        } => "Direct with Basic",
        DestinationKind::CurrentInstance => "This instance",
    }
}
