//! The destinations the wizard offers: "This instance" (built in, never stored) first, then
//! the stored destinations
//! ([`sync_engine::store::destinations::load_destinations`]); entries that do not load are reported, not
//! hidden. No view code.

use sync_core::model::{DestinationInstance, DestinationKind};

use crate::destinations::DestinationError;
use crate::environment::Client;

/// The destinations to choose from, and the entries that could not be read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DestinationList {
    /// "This instance" first (unless stored), then the stored ones by name.
    pub destinations: Vec<DestinationInstance>,
    /// `key: problem` of each stored entry that did not load.
    pub unreadable: Vec<String>,
}

/// Reads the destinations.
pub async fn load_destinations(client: &Client) -> Result<DestinationList, DestinationError> {
    let loaded = sync_engine::store::destinations::load_destinations(client).await?;
    Ok(with_current_instance(loaded.destinations, loaded.problems))
}

/// Sorts the stored destinations by name and puts "This instance" first unless one of them
/// already is the current instance.
pub fn with_current_instance(
    mut stored: Vec<DestinationInstance>,
    unreadable: Vec<String>,
) -> DestinationList {
    stored.sort_by_key(|destination| destination.name.to_lowercase());
    let has_current = stored
        .iter()
        .any(|destination| destination.kind == DestinationKind::CurrentInstance);
    let mut destinations = Vec::with_capacity(stored.len() + 1);
    if !has_current {
        destinations.push(DestinationInstance::current_instance());
    }
    destinations.extend(stored);
    DestinationList {
        destinations,
        unreadable,
    }
}

/// A short description of how a destination is reached.
pub fn describe(destination: &DestinationInstance) -> String {
    match &destination.kind {
        DestinationKind::CurrentInstance => t!("destination-current-instance"),
        DestinationKind::Route { .. } => {
            t!("destination-through-route", url = destination.url.clone())
        }
        DestinationKind::Direct { .. } => t!("destination-direct", url = destination.url.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sync_core::model::{CURRENT_INSTANCE_ID, DESTINATION_SCHEMA_VERSION};

    fn route(id: &str, name: &str) -> DestinationInstance {
        DestinationInstance {
            schema_version: DESTINATION_SCHEMA_VERSION,
            id: id.into(),
            name: name.into(),
            description: None,
            url: "https://example.org".into(),
            kind: DestinationKind::Route {
                route_id: "r".into(),
                scope: sync_core::model::RouteScope::Api,
            },
            id_schemes: Default::default(),
        }
    }

    #[test]
    fn this_instance_comes_first_then_by_name() {
        let list = with_current_instance(vec![route("b", "Zulu"), route("a", "alpha")], vec![]);
        let ids: Vec<&str> = list.destinations.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, vec![CURRENT_INSTANCE_ID, "a", "b"]);
    }
}
