//! [`Dhis2Client::destination_catalog`]: what a destination says about the metadata a sync
//! writes to, read before the run (sync-core `fit` decides from it which values it will store).
//!
//! Only what is needed travels: the requested data elements, the data sets containing them,
//! the option combos of their category combos, the requested option combos and the category
//! options of the attribute ones, the option codes of their option sets, the requested org
//! units and the import settings. Every list is read with `fields` and a filter, in pages sized
//! so that each response stays well under the 256 KB a 2.43 route relays (reference §11.1);
//! the estimates are beside each size. Any transport works: the session, a route, a direct one.

use std::collections::BTreeSet;

use serde::de::DeserializeOwned;
use sync_core::fit::{CatalogRequest, DestinationCatalog};

use crate::client::{Dhis2Client, param};
use crate::error::ApiError;
use crate::query::url_with_params;
use crate::transport::Transport;
use crate::wire;

/// Ids per `id:in:[…]` filter: 50 ids keep the URL near 700 characters.
const IDS_PER_FILTER: usize = 50;
/// Data elements come [`IDS_PER_FILTER`] a page: ~250 bytes each, ~13 KB a page.
const DATA_ELEMENT_FIELDS: &str =
    "id,displayName,valueType,aggregationType,zeroIsSignificant,optionSet[id],categoryCombo[id]";
/// Data sets per page: `dataSetElements` cost ~40 bytes per element and `dataInputPeriods`
/// ~110 bytes each, so a data set of 1,000 elements and 5 years of monthly input periods is
/// ~47 KB; two a page stay under 100 KB.
const DATA_SETS_PER_PAGE: usize = 2;
const DATA_SET_FIELDS: &str = "id,displayName,periodType,categoryCombo[id],\
    dataSetElements[dataElement[id],categoryCombo[id]],expiryDays,openFuturePeriods,\
    openPeriodsAfterCoEndDate,dataInputPeriods[period,openingDate,closingDate],workflow[id]";
/// Option combos per page when listing a combo's members: ~60 bytes each, ~30 KB a page.
const COMBO_MEMBERS_PER_PAGE: usize = 500;
/// Requested option combos come [`IDS_PER_FILTER`] a page: ~150 bytes each.
const OPTION_COMBO_FIELDS: &str = "id,displayName,categoryCombo[id],categoryOptions[id]";
/// Category options come [`IDS_PER_FILTER`] a page with their org units counted, not listed.
const CATEGORY_OPTION_FIELDS: &str = "id,displayName,startDate,endDate,organisationUnits::size";
/// Org unit ids per request when reading category options' org units (~20 bytes each): the
/// options are grouped so that a response lists at most this many (~100 KB); an option with
/// more is read alone.
const OPTION_ORG_UNITS_PER_REQUEST: u64 = 5_000;
/// Option codes per page: ~50 bytes each, ~50 KB a page.
const OPTIONS_PER_PAGE: usize = 1_000;
/// Org units come [`IDS_PER_FILTER`] a page: a path of ~80 bytes plus ~20 per assigned data
/// set; 50 with 30 data sets each are ~35 KB.
const ORG_UNIT_FIELDS: &str = "id,path,dataSets[id]";
/// Pages read of one list at most (a server that ignores `page` must not loop forever).
const MAX_PAGES: u32 = 10_000;

/// Distinct non-empty ids, in order.
fn distinct<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    ids.into_iter()
        .filter(|id| !id.is_empty() && seen.insert(*id))
        .map(str::to_string)
        .collect()
}

fn in_filter(property: &str, ids: &[String]) -> String {
    format!("{property}:in:[{}]", ids.join(","))
}

impl<T: Transport> Dhis2Client<T> {
    /// The destination's metadata for `request` (see the module documentation): data elements,
    /// the data sets containing them, option combos, the attribute option combos' category
    /// options, option codes, org units and the import settings. Ids the destination does not
    /// have are listed as missing. Import settings the user may not read (403) count as off.
    pub async fn destination_catalog(
        &self,
        request: &CatalogRequest,
    ) -> Result<DestinationCatalog, ApiError> {
        let mut parts = wire::CatalogParts::default();
        let element_ids = distinct(request.data_elements.iter().map(String::as_str));
        for batch in element_ids.chunks(IDS_PER_FILTER) {
            let filter = in_filter("id", batch);
            parts.data_elements.extend(
                self.all_pages("dataElements", &filter, DATA_ELEMENT_FIELDS, batch.len())
                    .await?,
            );
        }
        let found_elements = distinct(
            parts
                .data_elements
                .iter()
                .map(|element| element.id.as_str()),
        );
        for batch in found_elements.chunks(IDS_PER_FILTER) {
            let filter = in_filter("dataSetElements.dataElement.id", batch);
            let data_sets: Vec<wire::CatalogSet> = self
                .all_pages("dataSets", &filter, DATA_SET_FIELDS, DATA_SETS_PER_PAGE)
                .await?;
            for data_set in data_sets {
                if !parts.data_sets.iter().any(|known| known.id == data_set.id) {
                    parts.data_sets.push(data_set);
                }
            }
        }

        let combos = distinct(
            parts
                .data_elements
                .iter()
                .map(wire::CatalogElement::category_combo)
                .chain(
                    parts
                        .data_sets
                        .iter()
                        .flat_map(wire::CatalogSet::category_combos),
                ),
        );
        for batch in combos.chunks(IDS_PER_FILTER) {
            let filter = in_filter("categoryCombo.id", batch);
            parts.combo_members.extend(
                self.all_pages(
                    "categoryOptionCombos",
                    &filter,
                    "id,categoryCombo[id]",
                    COMBO_MEMBERS_PER_PAGE,
                )
                .await?,
            );
        }

        // The attribute option combos always (their category options matter); the others only
        // when they are not among the combos' members, to tell E7613 from an option combo of
        // another combo.
        let combo_lookups = distinct(
            request
                .attribute_option_combos
                .iter()
                .map(String::as_str)
                .chain(request.category_option_combos.iter().map(String::as_str)),
        );
        let known_members: BTreeSet<&str> = parts.combo_member_ids().collect();
        let combo_lookups: Vec<String> = combo_lookups
            .into_iter()
            .filter(|id| {
                request.attribute_option_combos.contains(id) || !known_members.contains(id.as_str())
            })
            .collect();
        for batch in combo_lookups.chunks(IDS_PER_FILTER) {
            let filter = in_filter("id", batch);
            parts.option_combos.extend(
                self.all_pages(
                    "categoryOptionCombos",
                    &filter,
                    OPTION_COMBO_FIELDS,
                    batch.len(),
                )
                .await?,
            );
        }

        let option_ids = distinct(
            parts
                .option_combos
                .iter()
                .filter(|combo| request.attribute_option_combos.contains(&combo.id))
                .flat_map(wire::OptionComboDetail::category_options),
        );
        for batch in option_ids.chunks(IDS_PER_FILTER) {
            let filter = in_filter("id", batch);
            parts.category_options.extend(
                self.all_pages::<wire::CategoryOptionSummary>(
                    "categoryOptions",
                    &filter,
                    CATEGORY_OPTION_FIELDS,
                    batch.len(),
                )
                .await?,
            );
        }
        let restricted: Vec<(String, u64)> = parts
            .category_options
            .iter()
            .filter(|option| option.org_unit_count > 0)
            .map(|option| (option.id.clone(), option.org_unit_count))
            .collect();
        for group in org_unit_groups(&restricted) {
            let filter = in_filter("id", &group);
            parts.category_option_units.extend(
                self.all_pages(
                    "categoryOptions",
                    &filter,
                    "id,organisationUnits[id]",
                    group.len(),
                )
                .await?,
            );
        }

        let option_sets = distinct(
            parts
                .data_elements
                .iter()
                .filter_map(wire::CatalogElement::option_set),
        );
        for batch in option_sets.chunks(IDS_PER_FILTER) {
            let filter = in_filter("optionSet.id", batch);
            parts.option_codes.extend(
                self.all_pages("options", &filter, "code,optionSet[id]", OPTIONS_PER_PAGE)
                    .await?,
            );
        }

        let org_units = distinct(request.org_units.iter().map(String::as_str));
        for batch in org_units.chunks(IDS_PER_FILTER) {
            let filter = in_filter("id", batch);
            parts.org_units.extend(
                self.all_pages("organisationUnits", &filter, ORG_UNIT_FIELDS, batch.len())
                    .await?,
            );
        }

        parts.settings = match self.system_settings(&wire::IMPORT_SETTING_KEYS).await {
            Ok(settings) => settings,
            Err(ApiError::Forbidden { .. }) => Default::default(),
            Err(error) => return Err(error),
        };
        Ok(parts.into_catalog(request))
    }

    /// Every item of `collection` matching `filter` (empty: every item), with `fields`, `page_size` a page,
    /// following the pager until its last page.
    pub(crate) async fn all_pages<W: DeserializeOwned>(
        &self,
        collection: &str,
        filter: &str,
        fields: &str,
        page_size: usize,
    ) -> Result<Vec<W>, ApiError> {
        let mut items = Vec::new();
        let mut page = 1u32;
        loop {
            let mut params = vec![
                param("fields", fields),
                param("pageSize", page_size.max(1).to_string()),
                param("page", page.to_string()),
            ];
            // An empty filter is every item (an empty `filter=` is a 400 on DHIS2).
            if !filter.is_empty() {
                params.insert(0, param("filter", filter));
            }
            let url = url_with_params(&self.api_url(collection), &params);
            let response = self.get(&url).await?;
            let (pager, found) = wire::decode_list::<W>(&response, collection)?;
            let empty = found.is_empty();
            items.extend(found);
            // Without a pager (paging ignored) everything came at once.
            let Some(pager) = pager else { break };
            if empty || page >= pager.page_count || page >= MAX_PAGES {
                break;
            }
            page += 1;
        }
        Ok(items)
    }
}

/// Category options (id, org unit count) grouped so that each request lists at most
/// [`OPTION_ORG_UNITS_PER_REQUEST`] org units (an option with more goes alone).
fn org_unit_groups(options: &[(String, u64)]) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut count = 0u64;
    for (id, units) in options {
        if !current.is_empty()
            && (count + units > OPTION_ORG_UNITS_PER_REQUEST || current.len() >= IDS_PER_FILTER)
        {
            groups.push(std::mem::take(&mut current));
            count = 0;
        }
        current.push(id.clone());
        count += units;
    }
    if !current.is_empty() {
        groups.push(current);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Fake, json, run};
    use crate::transport::Method;
    use sync_core::fit::{CategoryOptionOrgUnits, ImportSettings};

    const ELEMENTS: &str = r#"{"pager":{"page":1,"pageCount":1,"total":2,"pageSize":2},"dataElements":[
      {"id":"coldChain01","displayName":"Cold chain functional","valueType":"BOOLEAN",
       "aggregationType":"AVERAGE","categoryCombo":{"id":"bjDvmb4bfuf"}},
      {"id":"ownership01","displayName":"Facility ownership","valueType":"TEXT","aggregationType":"NONE",
       "zeroIsSignificant":false,"optionSet":{"id":"ownershipSet"},"categoryCombo":{"id":"ageSexCombo"}}]}"#;
    const DATA_SETS: &str = r#"{"pager":{"page":1,"pageCount":1,"total":1,"pageSize":2},"dataSets":[
      {"id":"hivMonthly1","displayName":"HIV Programme Monthly","periodType":"Monthly",
       "categoryCombo":{"id":"fundingComb"},
       "dataSetElements":[{"dataElement":{"id":"coldChain01"}},
                          {"dataElement":{"id":"ownership01"},"categoryCombo":{"id":"sexComboId1"}}],
       "expiryDays":30,"openFuturePeriods":2,"openPeriodsAfterCoEndDate":1,
       "dataInputPeriods":[{"period":{"id":"202401","name":"January 2024"},
                            "openingDate":"2024-02-01T00:00:00.000","closingDate":"2024-03-01T00:00:00.000"}],
       "workflow":{"id":"workflow001"}}]}"#;
    const MEMBERS: &str = r#"{"pager":{"page":1,"pageCount":1,"total":6,"pageSize":500},"categoryOptionCombos":[
      {"id":"HllvX50cXC0","categoryCombo":{"id":"bjDvmb4bfuf"}},
      {"id":"ageSexCoc01","categoryCombo":{"id":"ageSexCombo"}},
      {"id":"sexCocMale1","categoryCombo":{"id":"sexComboId1"}},
      {"id":"government1","categoryCombo":{"id":"fundingComb"}},
      {"id":"worldBank01","categoryCombo":{"id":"fundingComb"}}]}"#;
    const OPTION_COMBOS: &str = r#"{"pager":{"page":1,"pageCount":1,"total":2,"pageSize":3},"categoryOptionCombos":[
      {"id":"worldBank01","displayName":"World Bank","categoryCombo":{"id":"fundingComb"},
       "categoryOptions":[{"id":"worldBankOp"}]},
      {"id":"government1","displayName":"Government","categoryCombo":{"id":"fundingComb"},
       "categoryOptions":[{"id":"governmentO"}]}]}"#;
    const OPTIONS: &str = r#"{"pager":{"page":1,"pageCount":1,"total":2,"pageSize":2},"categoryOptions":[
      {"id":"worldBankOp","displayName":"World Bank","startDate":"2024-07-01T00:00:00.000","organisationUnits":2},
      {"id":"governmentO","displayName":"Government","organisationUnits":0}]}"#;
    const OPTION_UNITS: &str = r#"{"pager":{"page":1,"pageCount":1,"total":1,"pageSize":1},"categoryOptions":[
      {"id":"worldBankOp","organisationUnits":[{"id":"district001"},{"id":"district002"}]}]}"#;
    const CODES: &str = r#"{"pager":{"page":1,"pageCount":1,"total":2,"pageSize":1000},"options":[
      {"code":"PUBLIC","optionSet":{"id":"ownershipSet"}},{"code":"PRIVATE","optionSet":{"id":"ownershipSet"}}]}"#;
    const ORG_UNITS: &str = r#"{"pager":{"page":1,"pageCount":1,"total":1,"pageSize":2},"organisationUnits":[
      {"id":"facility001","path":"/root0000001/district001/facility001",
       "dataSets":[{"id":"hivMonthly1"},{"id":"elsewhere01"}]}]}"#;

    fn request() -> CatalogRequest {
        CatalogRequest {
            data_elements: vec![
                "coldChain01".into(),
                "ownership01".into(),
                "missingDe01".into(),
            ],
            category_option_combos: vec!["HllvX50cXC0".into(), "otherCoc001".into()],
            attribute_option_combos: vec!["worldBank01".into(), "government1".into()],
            org_units: vec!["facility001".into(), "goneUnit001".into()],
        }
    }

    /// A destination answering every catalog query, with `settings` as its systemSettings.
    fn destination(settings: &str) -> Fake {
        Fake::new()
            .on(Method::Get, "/api/dataElements?", json(200, ELEMENTS))
            .on(Method::Get, "/api/dataSets?", json(200, DATA_SETS))
            .on(
                Method::Get,
                "filter=categoryCombo.id%3Ain",
                json(200, MEMBERS),
            )
            .on(
                Method::Get,
                "/api/categoryOptionCombos?filter=id%3Ain",
                json(200, OPTION_COMBOS),
            )
            .on(
                Method::Get,
                "fields=id%2CorganisationUnits%5Bid%5D",
                json(200, OPTION_UNITS),
            )
            .on(Method::Get, "/api/categoryOptions?", json(200, OPTIONS))
            .on(Method::Get, "/api/options?", json(200, CODES))
            .on(Method::Get, "/api/organisationUnits?", json(200, ORG_UNITS))
            .on(Method::Get, "/api/systemSettings?", json(200, settings))
    }

    #[test]
    fn the_catalog_holds_what_the_destination_says_keyed_by_its_ids() {
        let server = destination(
            r#"{"keyDataImportStrictPeriods":true,"keyDataImportStrictDataSetLocking":false}"#,
        );
        let client = Dhis2Client::new(&server, "http://h");
        let catalog = run(client.destination_catalog(&request())).unwrap();

        let cold = &catalog.data_elements["coldChain01"];
        assert_eq!(
            (cold.value_type.as_str(), cold.aggregation_type.as_str()),
            ("BOOLEAN", "AVERAGE")
        );
        assert_eq!(cold.option_codes, None);
        assert_eq!(cold.category_option_combos, ["HllvX50cXC0"]);
        let ownership = &catalog.data_elements["ownership01"];
        assert_eq!(
            ownership.option_codes.as_deref(),
            Some(&["PUBLIC".to_string(), "PRIVATE".to_string()][..])
        );
        assert_eq!(
            ownership.category_option_combos,
            ["ageSexCoc01", "sexCocMale1"],
            "the option combos of the data set's override combo belong to the element too"
        );
        assert_eq!(
            catalog.missing_data_elements.iter().collect::<Vec<_>>(),
            ["missingDe01"]
        );

        let data_set = &catalog.data_sets["hivMonthly1"];
        assert_eq!(data_set.period_type, "Monthly");
        assert_eq!(data_set.category_combo, "fundingComb");
        assert_eq!(
            data_set.attribute_option_combos,
            ["government1", "worldBank01"]
        );
        assert_eq!(data_set.data_elements, ["coldChain01", "ownership01"]);
        assert_eq!(
            (
                data_set.expiry_days,
                data_set.open_future_periods,
                data_set.open_periods_after_category_option_end_date
            ),
            (30, 2, 1)
        );
        assert_eq!(data_set.data_input_periods[0].period, "202401");
        assert_eq!(
            data_set.data_input_periods[0]
                .closing
                .map(|time| time.to_string())
                .as_deref(),
            Some("2024-03-01T00:00:00.000")
        );
        assert_eq!(data_set.approval_workflow.as_deref(), Some("workflow001"));

        let world_bank = &catalog.category_option_combos["worldBank01"];
        assert_eq!(world_bank.name, "World Bank");
        assert_eq!(world_bank.category_options, ["worldBankOp"]);
        let option = &catalog.category_options["worldBankOp"];
        assert_eq!(
            option.start_date.map(|date| date.to_string()).as_deref(),
            Some("2024-07-01")
        );
        assert_eq!(option.end_date, None);
        assert_eq!(
            option.org_units,
            CategoryOptionOrgUnits::Only(vec!["district001".into(), "district002".into()])
        );
        assert_eq!(
            catalog.category_options["governmentO"].org_units,
            CategoryOptionOrgUnits::All
        );
        assert_eq!(
            catalog
                .missing_category_option_combos
                .iter()
                .collect::<Vec<_>>(),
            ["otherCoc001"]
        );

        let unit = &catalog.org_units["facility001"];
        assert_eq!(unit.path, "/root0000001/district001/facility001");
        assert_eq!(
            unit.data_sets,
            ["hivMonthly1"],
            "only the catalog's data sets"
        );
        assert_eq!(
            catalog.missing_org_units.iter().collect::<Vec<_>>(),
            ["goneUnit001"]
        );
        assert_eq!(
            catalog.settings,
            ImportSettings {
                strict_periods: true,
                ..ImportSettings::default()
            }
        );
    }

    #[test]
    fn every_request_asks_for_fields_and_a_filter_in_small_pages() {
        let server = destination("{}");
        let client = Dhis2Client::new(&server, "http://h");
        run(client.destination_catalog(&request())).unwrap();
        let urls = server.urls();
        let lists: Vec<&String> = urls
            .iter()
            .filter(|url| !url.contains("/api/systemSettings"))
            .collect();
        assert!(lists.len() >= 8, "{urls:#?}");
        for url in &lists {
            assert!(url.contains("fields="), "{url}");
            assert!(url.contains("filter="), "{url}");
            let page_size: usize = url
                .split("pageSize=")
                .nth(1)
                .and_then(|rest| rest.split('&').next())
                .and_then(|size| size.parse().ok())
                .unwrap_or_else(|| panic!("no pageSize in {url}"));
            assert!(page_size <= OPTIONS_PER_PAGE, "{url}");
            assert!(!url.contains("paging=false"), "{url}");
        }
        assert!(
            urls.iter().any(|url| url
                .contains("dataSetElements.dataElement.id%3Ain%3A%5BcoldChain01%2Cownership01%5D")),
            "data sets are found by the elements the destination has: {urls:#?}"
        );
        assert!(
            urls.iter().any(|url| url.contains("/api/categoryOptionCombos?filter=id%3Ain%3A%5BworldBank01%2Cgovernment1%2CotherCoc001%5D")),
            "the default option combo is a member already, the unknown one is looked up: {urls:#?}"
        );
        assert!(
            urls.iter().any(|url| url.contains("/api/categoryOptions?filter=id%3Ain%3A%5BworldBankOp%5D&fields=id%2CorganisationUnits%5Bid%5D")),
            "only options with org units have them listed: {urls:#?}"
        );
    }

    #[test]
    fn pages_are_read_until_the_pagers_last_page() {
        let page = |number: u32, id: &str| {
            format!(
                r#"{{"pager":{{"page":{number},"pageCount":2,"total":3,"pageSize":2}},"dataSets":[
                  {{"id":"{id}","periodType":"Monthly","dataSetElements":[{{"dataElement":{{"id":"coldChain01"}}}}]}}]}}"#
            )
        };
        let server = Fake::new()
            .on(Method::Get, "/api/dataElements?", json(200, ELEMENTS))
            .on(
                Method::Get,
                "pageSize=2&page=2",
                json(200, &page(2, "secondSet01")),
            )
            .on(
                Method::Get,
                "/api/dataSets?",
                json(200, &page(1, "firstSet001")),
            )
            .on(
                Method::Get,
                "/api/categoryOptionCombos?",
                json(200, MEMBERS),
            )
            .on(Method::Get, "/api/options?", json(200, CODES))
            .on(Method::Get, "/api/systemSettings?", json(200, "{}"));
        let client = Dhis2Client::new(&server, "http://h");
        let catalog = run(client.destination_catalog(&CatalogRequest {
            data_elements: vec!["coldChain01".into()],
            ..CatalogRequest::default()
        }))
        .unwrap();
        let ids: Vec<&String> = catalog.data_sets.keys().collect();
        assert_eq!(ids, ["firstSet001", "secondSet01"]);
        let data_set_urls = server
            .urls()
            .into_iter()
            .filter(|url| url.contains("/api/dataSets?"))
            .count();
        assert_eq!(data_set_urls, 2, "no third page asked for");
    }

    #[test]
    fn settings_written_as_text_count_and_the_strict_data_set_flags_are_off_before_2_40() {
        // 2.36–2.39 know no keyDataImportStrictDataSet* settings; some versions write flags as
        // text.
        let server = destination(
            r#"{"keyDataImportStrictDataElements":"true","keyDataImportRequireCategoryOptionCombo":"false"}"#,
        );
        let client = Dhis2Client::new(&server, "http://h");
        let catalog = run(client.destination_catalog(&request())).unwrap();
        assert_eq!(
            catalog.settings,
            ImportSettings {
                strict_data_elements: true,
                ..ImportSettings::default()
            }
        );
        let settings_url = server
            .urls()
            .into_iter()
            .find(|url| url.contains("/api/systemSettings?"))
            .unwrap();
        assert!(
            settings_url.contains("key=keyDataImportStrictDataSetLocking"),
            "{settings_url}"
        );
    }

    #[test]
    fn settings_the_user_may_not_read_count_as_off() {
        let server = Fake::new()
            .on(
                Method::Get,
                "/api/systemSettings?",
                json(403, r#"{"httpStatus":"Forbidden","httpStatusCode":403,"status":"ERROR","message":"Access denied"}"#),
            );
        let client = Dhis2Client::new(&server, "http://h");
        let catalog = run(client.destination_catalog(&CatalogRequest::default())).unwrap();
        assert_eq!(catalog.settings, ImportSettings::default());
        let server = Fake::new().on(
            Method::Get,
            "/api/systemSettings?",
            json(500, r#"{"httpStatus":"Internal Server Error","httpStatusCode":500,"status":"ERROR","message":"boom"}"#),
        );
        let client = Dhis2Client::new(&server, "http://h");
        assert!(matches!(
            run(client.destination_catalog(&CatalogRequest::default())),
            Err(ApiError::Http { status: 500, .. })
        ));
    }

    #[test]
    fn a_data_input_period_given_as_a_bare_id_and_numbers_given_as_text_are_read() {
        let data_sets = r#"{"dataSets":[{"id":"plainSet001","periodType":"Monthly",
            "dataSetElements":[{"dataElement":{"id":"coldChain01"}}],"expiryDays":"7",
            "dataInputPeriods":[{"period":"202402","openingDate":"2024-03-01T00:00:00.000"}]}]}"#;
        let server = Fake::new()
            .on(Method::Get, "/api/dataElements?", json(200, ELEMENTS))
            .on(Method::Get, "/api/dataSets?", json(200, data_sets))
            .on(
                Method::Get,
                "/api/categoryOptionCombos?",
                json(200, MEMBERS),
            )
            .on(Method::Get, "/api/options?", json(200, CODES))
            .on(Method::Get, "/api/systemSettings?", json(200, "{}"));
        let client = Dhis2Client::new(&server, "http://h");
        let catalog = run(client.destination_catalog(&CatalogRequest {
            data_elements: vec!["coldChain01".into()],
            ..CatalogRequest::default()
        }))
        .unwrap();
        let data_set = &catalog.data_sets["plainSet001"];
        assert_eq!(data_set.expiry_days, 7);
        assert_eq!(
            data_set.category_combo, "bjDvmb4bfuf",
            "no combo: DHIS2's default"
        );
        assert_eq!(data_set.data_input_periods[0].period, "202402");
        assert_eq!(data_set.data_input_periods[0].closing, None);
    }

    #[test]
    fn a_2_43_route_client_reads_the_catalog_through_the_route() {
        let server = destination("{}");
        let session = Dhis2Client::new(&server, "http://source");
        let client = session.route_client("destRoute01", crate::model::RouteScope::Server);
        let catalog = run(client.destination_catalog(&request())).unwrap();
        assert!(catalog.data_elements.contains_key("coldChain01"));
        for url in server.urls() {
            assert!(
                url.starts_with("http://source/api/routes/destRoute01/run/api/"),
                "{url}"
            );
        }
        // A response too large for the route: 502, explained.
        let server = Fake::new().on(
            Method::Get,
            "/api/dataElements?",
            json(502, r#"{"httpStatus":"Bad Gateway","httpStatusCode":502,"status":"ERROR","message":"Bad Gateway"}"#),
        );
        let session = Dhis2Client::new(&server, "http://source");
        let error = run(session
            .route_client("destRoute01", crate::model::RouteScope::Server)
            .destination_catalog(&request()))
        .unwrap_err();
        let ApiError::Http {
            status, message, ..
        } = error
        else {
            panic!("{error:?}");
        };
        assert_eq!(status, 502);
        assert!(message.contains("smaller"), "{message}");
    }

    #[test]
    fn category_options_are_grouped_so_that_each_response_lists_few_org_units() {
        let options = [
            ("a".to_string(), 3_000),
            ("b".to_string(), 3_000),
            ("c".to_string(), 10),
            ("d".to_string(), 6_000),
            ("e".to_string(), 1),
        ];
        let groups = org_unit_groups(&options);
        assert_eq!(
            groups,
            vec![vec!["a"], vec!["b", "c"], vec!["d"], vec!["e"]]
        );
        assert!(org_unit_groups(&[]).is_empty());
    }
}
