//! The source metadata a run or the wizard needs, read once: the selected data sets with their
//! data elements, single data elements and groups, the attribute option combos of the chosen
//! category options, the instance's analytics settings, and (when aggregating) the org unit
//! hierarchy under the selected units. Every read goes through the run's retries and the
//! expired-session pause, like value reads.
//!
//! Planning ([`crate::plan`]) is pure over this catalog, so the wizard's summary, Download JSON
//! and the run plan the same way.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;

use dhis2_api::model::{DataElement, DataSet, SystemInfo};
use dhis2_api::transport::Transport;
use dhis2_api::{AnalyticsSettings, ApiError, Dhis2Client};
use sync_core::filter::OrgUnitPath;
use sync_core::model::{CategoryOptionSelection, DataSelection, Rule};

use crate::host::Host;
use crate::observer::Observer;
use crate::retry::{CallContext, CallError, OnExpiredSession};

/// What the source says about a rule's data.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceCatalog {
    /// The source's system info (version, server date), read once.
    pub system: SystemInfo,
    /// The selected data sets with their elements and attribute combos.
    pub data_sets: Vec<DataSet>,
    /// Every data element sent, by id.
    pub data_elements: BTreeMap<String, DataElement>,
    /// Data elements of the selected data sets that the selection excludes.
    pub excluded: Vec<String>,
    /// The attribute option combos whose options are all chosen; `None` for all options.
    pub attribute_option_combos: Option<Vec<String>>,
    /// Analytics settings (financial year, week start, zeros).
    pub analytics: AnalyticsSettings,
    /// Org units with their paths under the selected ones (read only when aggregating).
    pub org_unit_paths: Vec<OrgUnitPath>,
}

impl SourceCatalog {
    /// The data elements sent, sorted by name.
    pub fn elements_by_name(&self) -> Vec<&DataElement> {
        let mut elements: Vec<&DataElement> = self.data_elements.values().collect();
        elements.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
        elements
    }

    /// Data element names by id, for the report.
    pub fn names(&self) -> BTreeMap<String, String> {
        self.data_elements
            .values()
            .map(|element| (element.id.clone(), element.name.clone()))
            .collect()
    }
}

/// Why the catalog could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{what}: {error}")]
pub struct CatalogError {
    /// What was being read.
    pub what: &'static str,
    /// Why it failed.
    pub error: CallError<ApiError>,
}

impl CatalogError {
    /// True when the run was cancelled meanwhile.
    pub fn cancelled(&self) -> bool {
        self.error == CallError::Cancelled
    }
}

/// Reads the catalog of `rule` from `source`; `system` when the caller already read it.
pub async fn read_catalog<T, H, O>(
    context: CallContext<'_, H, O>,
    source: &Dhis2Client<T>,
    rule: &Rule,
    system: Option<SystemInfo>,
) -> Result<SourceCatalog, CatalogError>
where
    T: Transport,
    H: Host,
    O: Observer,
{
    let system = match system {
        Some(system) => system,
        None => {
            read(context, "reading the source's system info", || {
                source.system_info()
            })
            .await?
        }
    };
    let SelectedData {
        data_sets,
        data_elements,
        excluded,
    } = read_selection(context, source, &rule.selection).await?;

    let attribute_option_combos = match &rule.category_options {
        CategoryOptionSelection::All => None,
        CategoryOptionSelection::Selected { category_options } => {
            let chosen: BTreeSet<&String> = category_options.iter().collect();
            let mut allowed = Vec::new();
            let mut combos_seen = BTreeSet::new();
            for data_set in &data_sets {
                let combo = data_set.category_combo.id.clone();
                if !combos_seen.insert(combo.clone()) {
                    continue;
                }
                for option_combo in read(context, "reading attribute option combos", || {
                    source.category_option_combos(&combo)
                })
                .await?
                {
                    if !option_combo.category_option_ids.is_empty()
                        && option_combo
                            .category_option_ids
                            .iter()
                            .all(|option| chosen.contains(option))
                    {
                        allowed.push(option_combo.id);
                    }
                }
            }
            Some(allowed)
        }
    };
    let analytics = read(context, "reading the analytics settings", || {
        source.analytics_settings()
    })
    .await?;
    let org_unit_paths = if rule.aggregation.period_type().is_some() {
        read(context, "reading the org unit hierarchy", || {
            source.org_unit_paths(&rule.org_units)
        })
        .await?
    } else {
        Vec::new()
    };
    Ok(SourceCatalog {
        system,
        data_sets,
        data_elements,
        excluded,
        attribute_option_combos,
        analytics,
        org_unit_paths,
    })
}

/// One metadata read with the run's retries and the expired-session pause.
async fn read<R, F, Fut, H: Host, O: Observer>(
    context: CallContext<'_, H, O>,
    what: &'static str,
    make: F,
) -> Result<R, CatalogError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<R, ApiError>>,
{
    context
        .call(what, OnExpiredSession::Pause, make)
        .await
        .map_err(|error| CatalogError { what, error })
}

/// The data a selection sends: its data sets, and every data element it sends.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SelectedData {
    /// The selected data sets with their elements and attribute combos.
    pub data_sets: Vec<DataSet>,
    /// Every data element sent, by id: the data sets' elements minus the excluded ones, single
    /// data elements and the members of data element groups, each once.
    pub data_elements: BTreeMap<String, DataElement>,
    /// Data elements of the selected data sets that the selection excludes.
    pub excluded: Vec<String>,
}

impl SelectedData {
    /// The data elements sent, sorted by name.
    pub fn elements_by_name(&self) -> Vec<&DataElement> {
        let mut elements: Vec<&DataElement> = self.data_elements.values().collect();
        elements.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
        elements
    }
}

/// Reads what `selection` names (the wizard's aggregation step and summary read it this way too).
pub async fn read_selection<T, H, O>(
    context: CallContext<'_, H, O>,
    source: &Dhis2Client<T>,
    selection: &DataSelection,
) -> Result<SelectedData, CatalogError>
where
    T: Transport,
    H: Host,
    O: Observer,
{
    let data_set_ids: Vec<String> = selection.data_sets.iter().map(|d| d.id.clone()).collect();
    let data_sets = if data_set_ids.is_empty() {
        Vec::new()
    } else {
        read(context, "reading the data sets", || {
            source.data_sets_with_elements(&data_set_ids)
        })
        .await?
    };
    let mut data_elements = BTreeMap::new();
    let mut in_data_sets = BTreeSet::new();
    for data_set in &data_sets {
        let excluded: BTreeSet<&String> = selection
            .data_sets
            .iter()
            .filter(|chosen| chosen.id == data_set.id)
            .flat_map(|chosen| chosen.excluded_data_elements.iter())
            .collect();
        for element in &data_set.data_elements {
            in_data_sets.insert(element.id.clone());
            if !excluded.contains(&element.id) {
                data_elements.insert(element.id.clone(), element.clone());
            }
        }
    }
    if !selection.data_elements.is_empty() {
        for element in read(context, "reading the data elements", || {
            source.data_elements_by_id(&selection.data_elements)
        })
        .await?
        {
            data_elements.insert(element.id.clone(), element);
        }
    }
    for group in &selection.data_element_groups {
        let group = read(context, "reading a data element group", || {
            source.data_element_group(group)
        })
        .await?;
        for element in group.data_elements {
            data_elements.insert(element.id.clone(), element);
        }
    }
    let excluded = in_data_sets
        .into_iter()
        .filter(|id| !data_elements.contains_key(id))
        .collect();

    Ok(SelectedData {
        data_sets,
        data_elements,
        excluded,
    })
}

/// [`read_selection`] on its own, outside a run (the wizard): the settings' retries, no observer.
pub async fn selected_data<T: Transport, H: Host>(
    host: &H,
    source: &Dhis2Client<T>,
    selection: &DataSelection,
) -> Result<SelectedData, CatalogError> {
    let settings = crate::store::settings::load_settings_or_default(source).await;
    let limits = crate::limits::Limits::from_settings(&settings);
    let cancel = crate::cancel::CancelToken::new();
    let context = CallContext {
        host,
        observer: &crate::observer::Quiet,
        cancel: &cancel,
        limits: &limits,
    };
    read_selection(context, source, selection).await
}
