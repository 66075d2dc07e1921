//! The data elements a selection sends, fetched with their value and aggregation types: the
//! data sets' elements (minus the excluded ones), single data elements and the members of data
//! element groups, each once. Also the data sets themselves (period types, attribute combos).
//! No view code.

use std::collections::BTreeSet;

use dhis2_api::ApiError;
use dhis2_api::model::{DataElement, DataSet};
use sync_core::model::DataSelection;

use crate::environment::Client;

/// The selection's data sets and data elements.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SelectedData {
    /// The selected data sets with their elements and attribute combos.
    pub data_sets: Vec<DataSet>,
    /// Every data element sent, by name, each once.
    pub data_elements: Vec<DataElement>,
}

/// Fetches what `selection` names.
pub async fn selected_data(
    client: &Client,
    selection: &DataSelection,
) -> Result<SelectedData, ApiError> {
    let ids: Vec<String> = selection
        .data_sets
        .iter()
        .map(|data_set| data_set.id.clone())
        .collect();
    let data_sets = if ids.is_empty() {
        Vec::new()
    } else {
        client.data_sets_with_elements(&ids).await?
    };
    let mut elements: Vec<DataElement> = Vec::new();
    for data_set in &data_sets {
        let excluded: BTreeSet<&str> = selection
            .data_sets
            .iter()
            .filter(|chosen| chosen.id == data_set.id)
            .flat_map(|chosen| chosen.excluded_data_elements.iter().map(String::as_str))
            .collect();
        elements.extend(
            data_set
                .data_elements
                .iter()
                .filter(|element| !excluded.contains(element.id.as_str()))
                .cloned(),
        );
    }
    if !selection.data_elements.is_empty() {
        elements.extend(client.data_elements_by_id(&selection.data_elements).await?);
    }
    for group in &selection.data_element_groups {
        elements.extend(client.data_element_group(group).await?.data_elements);
    }
    Ok(SelectedData {
        data_sets,
        data_elements: unique_by_name(elements),
    })
}

/// Each data element once, sorted by name.
fn unique_by_name(mut elements: Vec<DataElement>) -> Vec<DataElement> {
    let mut seen = BTreeSet::new();
    elements.retain(|element| seen.insert(element.id.clone()));
    elements.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    elements
}
