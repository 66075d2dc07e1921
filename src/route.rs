//! Hash routing: the URL hash holds the page and its state (paging, filters, wizard step), so
//! Back, reload and deep links work inside and outside DHIS2's global shell. Pure: parsed and
//! written natively, tested without a browser.

use std::fmt::Write as _;

pub use sync_core::model::WizardStep;

/// Rows per page unless the URL says otherwise, as the MetaData Sync app users are used to.
pub const DEFAULT_PAGE_SIZE: u32 = 25;

/// The metadata type listed on the data selection page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MetadataType {
    /// Data sets (the default).
    #[default]
    DataSets,
    /// Data elements.
    DataElements,
    /// Data element groups.
    DataElementGroups,
}

impl MetadataType {
    /// The name in the URL.
    pub fn slug(self) -> &'static str {
        match self {
            MetadataType::DataSets => "dataSets",
            MetadataType::DataElements => "dataElements",
            MetadataType::DataElementGroups => "dataElementGroups",
        }
    }

    /// Parses the name in the URL.
    pub fn from_slug(slug: &str) -> Option<MetadataType> {
        [
            MetadataType::DataSets,
            MetadataType::DataElements,
            MetadataType::DataElementGroups,
        ]
        .into_iter()
        .find(|kind| kind.slug() == slug)
    }
}

/// State of a paged, filtered list in the URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListState {
    /// Page, from 1.
    pub page: u32,
    /// Rows per page.
    pub page_size: u32,
    /// Name filter text.
    pub filter: String,
}

impl Default for ListState {
    fn default() -> ListState {
        ListState {
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
            filter: String::new(),
        }
    }
}

/// State of the data selection page in the URL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DataListState {
    /// Which metadata is listed.
    pub metadata_type: MetadataType,
    /// Paging and name filter.
    pub list: ListState,
    /// Only objects updated since this day (`yyyy-MM-dd`).
    pub last_updated_since: Option<String>,
    /// Show only what is selected (`selected=1`).
    pub only_selected: bool,
}

/// Filters of the history page in the URL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryState {
    /// Paging (the filter text is unused).
    pub list: ListState,
    /// Report status (`SUCCESS`, `WARNING`, …).
    pub status: Option<String>,
    /// Rule id, or `manual`.
    pub rule: Option<String>,
    /// Destination id.
    pub destination: Option<String>,
    /// Earliest start day (`yyyy-MM-dd`).
    pub from: Option<String>,
    /// Latest start day (`yyyy-MM-dd`).
    pub to: Option<String>,
}

/// A page of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `#/data`: the data selection page (data sets, data elements or groups to send).
    DataSelection(DataListState),
    /// `#/sync/<step>`: a step of the sync wizard.
    Wizard(WizardStep),
    /// `#/sync/run`: the sync in progress.
    Run,
    /// `#/history`: every past sync attempt.
    History(HistoryState),
    /// `#/history/<id>`: one results report.
    Report(String),
    /// `#/rules`: saved rules.
    Rules(ListState),
    /// `#/destinations`: destination instances.
    Destinations,
    /// `#/destinations/new` (`None`) or `#/destinations/<id>`.
    DestinationEdit(Option<String>),
    /// `#/settings`.
    Settings,
    /// A hash no page answers to.
    NotFound(String),
}

impl Default for Route {
    fn default() -> Route {
        Route::DataSelection(DataListState::default())
    }
}

/// URL slug of a wizard step.
pub fn step_slug(step: WizardStep) -> &'static str {
    match step {
        WizardStep::Data => "data",
        WizardStep::OrgUnits => "org-units",
        WizardStep::Period => "period",
        WizardStep::CategoryOptions => "category-options",
        WizardStep::Aggregation => "aggregation",
        WizardStep::Instance => "instance",
        WizardStep::Summary => "summary",
    }
}

/// The wizard's steps in order (the data selection page comes before them).
pub const WIZARD_STEPS: [WizardStep; 6] = [
    WizardStep::OrgUnits,
    WizardStep::Period,
    WizardStep::CategoryOptions,
    WizardStep::Aggregation,
    WizardStep::Instance,
    WizardStep::Summary,
];

fn step_from_slug(slug: &str) -> Option<WizardStep> {
    WIZARD_STEPS
        .into_iter()
        .find(|step| step_slug(*step) == slug)
}

impl Route {
    /// Parses `location.hash` (with or without the leading `#`).
    pub fn parse(hash: &str) -> Route {
        let hash = hash.trim_start_matches('#');
        let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
        let params = parse_query(query);
        let param = |key: &str| {
            params
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value.clone())
                .filter(|value| !value.is_empty())
        };
        let list = ListState {
            page: positive(param("page")).unwrap_or(1),
            page_size: positive(param("pageSize")).map_or(DEFAULT_PAGE_SIZE, |size| size.min(500)),
            filter: param("filter").unwrap_or_default(),
        };
        let segments: Vec<&str> = path
            .split('/')
            .filter(|segment| !segment.is_empty())
            .collect();
        match segments.as_slice() {
            [] | ["data"] => Route::DataSelection(DataListState {
                metadata_type: param("type")
                    .and_then(|slug| MetadataType::from_slug(&slug))
                    .unwrap_or_default(),
                list,
                last_updated_since: param("since"),
                only_selected: param("selected").as_deref() == Some("1"),
            }),
            // The walking skeleton's address of the data set list.
            ["data-sets"] => Route::DataSelection(DataListState {
                metadata_type: MetadataType::DataSets,
                list,
                last_updated_since: param("since"),
                only_selected: false,
            }),
            ["sync"] => Route::Wizard(WizardStep::OrgUnits),
            ["sync", "run"] => Route::Run,
            ["sync", step] => match step_from_slug(step) {
                Some(step) => Route::Wizard(step),
                None => Route::NotFound(path.trim_matches('/').to_string()),
            },
            ["history"] => Route::History(HistoryState {
                list,
                status: param("status"),
                rule: param("rule"),
                destination: param("destination"),
                from: param("from"),
                to: param("to"),
            }),
            ["history", id] => Route::Report(decode(id)),
            ["rules"] => Route::Rules(list),
            ["destinations"] => Route::Destinations,
            ["destinations", "new"] => Route::DestinationEdit(None),
            ["destinations", id] => Route::DestinationEdit(Some(decode(id))),
            ["settings"] => Route::Settings,
            _ => Route::NotFound(path.trim_matches('/').to_string()),
        }
    }

    /// The hash for this route, starting with `#/`.
    pub fn to_hash(&self) -> String {
        match self {
            Route::DataSelection(state) => {
                let mut params = list_params(&state.list);
                if state.metadata_type != MetadataType::DataSets {
                    params.insert(0, ("type", state.metadata_type.slug().to_string()));
                }
                if let Some(since) = &state.last_updated_since {
                    params.push(("since", since.clone()));
                }
                if state.only_selected {
                    params.push(("selected", "1".to_string()));
                }
                with_query("#/data", &params)
            }
            Route::Wizard(step) => format!("#/sync/{}", step_slug(*step)),
            Route::Run => "#/sync/run".to_string(),
            Route::History(state) => {
                let mut params = list_params(&state.list);
                for (key, value) in [
                    ("status", &state.status),
                    ("rule", &state.rule),
                    ("destination", &state.destination),
                    ("from", &state.from),
                    ("to", &state.to),
                ] {
                    if let Some(value) = value {
                        params.push((key, value.clone()));
                    }
                }
                with_query("#/history", &params)
            }
            Route::Report(id) => format!("#/history/{}", encode(id)),
            Route::Rules(list) => with_query("#/rules", &list_params(list)),
            Route::Destinations => "#/destinations".to_string(),
            Route::DestinationEdit(None) => "#/destinations/new".to_string(),
            Route::DestinationEdit(Some(id)) => format!("#/destinations/{}", encode(id)),
            Route::Settings => "#/settings".to_string(),
            Route::NotFound(path) => format!("#/{path}"),
        }
    }
}

fn list_params(list: &ListState) -> Vec<(&'static str, String)> {
    let mut params = Vec::new();
    if list.page > 1 {
        params.push(("page", list.page.to_string()));
    }
    if list.page_size != DEFAULT_PAGE_SIZE {
        params.push(("pageSize", list.page_size.to_string()));
    }
    if !list.filter.is_empty() {
        params.push(("filter", list.filter.clone()));
    }
    params
}

fn with_query(path: &str, params: &[(&str, String)]) -> String {
    let mut hash = path.to_string();
    for (index, (key, value)) in params.iter().enumerate() {
        let separator = if index == 0 { '?' } else { '&' };
        let _ = write!(hash, "{separator}{key}={}", encode(value));
    }
    hash
}

fn positive(text: Option<String>) -> Option<u32> {
    text.and_then(|text| text.parse().ok())
        .filter(|number| *number >= 1)
}

fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        let hex = |at: usize| {
            bytes
                .get(at)
                .and_then(|digit| (*digit as char).to_digit(16))
        };
        match (byte, hex(index + 1), hex(index + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                index += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                index += 1;
            }
            _ => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(route: Route, hash: &str) {
        assert_eq!(route.to_hash(), hash);
        assert_eq!(Route::parse(hash), route);
    }

    #[test]
    fn empty_hash_is_the_data_selection() {
        assert_eq!(Route::parse(""), Route::default());
        assert_eq!(Route::parse("#/"), Route::default());
        assert_eq!(Route::default().to_hash(), "#/data");
    }

    #[test]
    fn data_selection_state_round_trips() {
        let route = Route::DataSelection(DataListState {
            metadata_type: MetadataType::DataElements,
            list: ListState {
                page: 3,
                page_size: 5,
                filter: "ANC & PNC/é".into(),
            },
            last_updated_since: Some("2024-01-31".into()),
            only_selected: true,
        });
        round_trip(
            route,
            "#/data?type=dataElements&page=3&pageSize=5&filter=ANC%20%26%20PNC%2F%C3%A9\
             &since=2024-01-31&selected=1",
        );
    }

    #[test]
    fn the_skeleton_address_still_works() {
        let Route::DataSelection(state) = Route::parse("#/data-sets?pageSize=2") else {
            panic!("data selection expected")
        };
        assert_eq!(state.list.page_size, 2);
        assert_eq!(state.metadata_type, MetadataType::DataSets);
    }

    #[test]
    fn bad_page_falls_back_to_first() {
        assert_eq!(Route::parse("#/data?page=0"), Route::default());
        assert_eq!(Route::parse("#/data?page=x"), Route::default());
    }

    #[test]
    fn wizard_steps_and_pages() {
        for step in WIZARD_STEPS {
            round_trip(Route::Wizard(step), &format!("#/sync/{}", step_slug(step)));
        }
        round_trip(Route::Run, "#/sync/run");
        round_trip(Route::Report("ab/c".into()), "#/history/ab%2Fc");
        round_trip(Route::Rules(ListState::default()), "#/rules");
        round_trip(Route::Destinations, "#/destinations");
        round_trip(Route::DestinationEdit(None), "#/destinations/new");
        round_trip(
            Route::DestinationEdit(Some("k1".into())),
            "#/destinations/k1",
        );
        round_trip(Route::Settings, "#/settings");
        round_trip(
            Route::History(HistoryState {
                status: Some("ERROR".into()),
                rule: Some("manual".into()),
                ..HistoryState::default()
            }),
            "#/history?status=ERROR&rule=manual",
        );
    }

    #[test]
    fn unknown_path_is_not_found() {
        assert_eq!(Route::parse("#/nowhere"), Route::NotFound("nowhere".into()));
        assert_eq!(
            Route::parse("#/sync/bogus"),
            Route::NotFound("sync/bogus".into())
        );
    }
}
