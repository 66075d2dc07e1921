//! The data elements a selection sends, for the aggregation step and the summary: read by
//! sync-engine's `catalog::selected_data`, the same reads a run makes (the data sets' elements
//! minus the excluded ones, single data elements and the members of data element groups, each
//! once), sorted by name here for display. No view code.

use dhis2_api::model::{DataElement, DataSet};
use sync_core::model::DataSelection;

use crate::environment::Client;
use crate::run::BrowserHost;

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
) -> Result<SelectedData, sync_engine::catalog::CatalogError> {
    let read = sync_engine::catalog::selected_data(&BrowserHost, client, selection).await?;
    let data_elements = read.elements_by_name().into_iter().cloned().collect();
    Ok(SelectedData {
        data_sets: read.data_sets,
        data_elements,
    })
}
