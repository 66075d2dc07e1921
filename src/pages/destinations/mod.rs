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
pub fn kind_label(kind: &DestinationKind) -> String {
    match kind {
        DestinationKind::Route {
            scope: RouteScope::Api,
            ..
        } => t!("destinations-kind-route"),
        DestinationKind::Route {
            scope: RouteScope::Server,
            ..
        } => t!("destinations-kind-route-server"),
        DestinationKind::Direct {
            auth: DirectAuth::PersonalAccessToken,
        } => t!("destinations-kind-direct-token"),
        DestinationKind::Direct {
            auth: DirectAuth::BasicAskEachRun,
        } => t!("destinations-kind-direct-basic"),
        DestinationKind::CurrentInstance => t!("destinations-this-instance"),
    }
}
