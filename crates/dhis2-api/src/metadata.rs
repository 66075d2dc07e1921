//! Metadata calls of [`Dhis2Client`]: the org unit tree and selectors, data sets with their data
//! elements, data element and group lists for the data selection page, category combos and
//! option combos. URLs and field lists live here; shapes in `wire::metadata`.

use crate::client::{Dhis2Client, param};
use crate::error::ApiError;
use crate::model::{
    CategoryCombo, CategoryOptionCombo, DataElement, DataElementGroup, DataElementGroupSummary,
    DataSet, IdName, OrgUnit, OrgUnitLevel, OrgUnitMatch, OrgUnitSearch, Page, UserOrgUnits,
};
use crate::query::{ListQuery, url_with_params};
use crate::transport::Transport;
use crate::wire;

/// Org unit fields for the tree: `children::size` counts children without listing them (a
/// server that lists them instead is read too).
const ORG_UNIT_TREE_FIELDS: &str = "id,displayName,path,level,children::size";
/// Org unit fields for selections (no child count).
const ORG_UNIT_FIELDS: &str = "id,displayName,path,level";
/// What aggregation and planning need of a data element.
const DATA_ELEMENT_FIELDS: &str =
    "id,displayName,valueType,aggregationType,zeroIsSignificant,categoryCombo[id],lastUpdated";
/// A category combo with its categories and options.
const CATEGORY_COMBO_FIELDS: &str =
    "id,displayName,categories[id,displayName,categoryOptions[id,displayName]]";
/// Ids per `id:in:[…]` filter, to keep URLs short.
const IDS_PER_REQUEST: usize = 50;

fn data_set_fields() -> String {
    format!(
        "id,displayName,periodType,lastUpdated,categoryCombo[{CATEGORY_COMBO_FIELDS}],\
         dataSetElements[dataElement[{DATA_ELEMENT_FIELDS}],categoryCombo[id]]"
    )
}

fn all() -> (String, String) {
    param("paging", "false")
}

impl<T: Transport> Dhis2Client<T> {
    /// The roots of the org unit tree: the user's capture or data view org units, by name, each
    /// with its child count.
    pub async fn org_unit_roots(&self, which: UserOrgUnits) -> Result<Vec<OrgUnit>, ApiError> {
        let scope = match which {
            UserOrgUnits::Capture => param("userOnly", "true"),
            UserOrgUnits::DataView => param("userDataViewFallback", "true"),
        };
        let params = [scope, param("fields", ORG_UNIT_TREE_FIELDS), all()];
        let mut units = self.org_unit_list(&params).await?;
        sort_units(&mut units);
        Ok(units)
    }

    /// The children of one org unit, by name, each with its child count (for lazy unfolding).
    pub async fn org_unit_children(&self, id: &str) -> Result<Vec<OrgUnit>, ApiError> {
        let url = url_with_params(
            &self.api_url(&format!(
                "organisationUnits/{}",
                crate::query::encode_component(id)
            )),
            &[param("fields", format!("children[{ORG_UNIT_TREE_FIELDS}]"))],
        );
        let parent: wire::OrgUnitChildren = self.get_json(&url).await?;
        let mut units: Vec<OrgUnit> = parent.children.into_iter().map(OrgUnit::from).collect();
        sort_units(&mut units);
        Ok(units)
    }

    /// Every org unit at `level` inside the subtrees of `within` (org unit ids; empty for the
    /// whole hierarchy), by name.
    pub async fn org_units_at_level(
        &self,
        level: u32,
        within: &[String],
    ) -> Result<Vec<OrgUnit>, ApiError> {
        self.org_units_matching(Some(&format!("level:eq:{level}")), within, ORG_UNIT_FIELDS)
            .await
    }

    /// Every org unit of group `group_id` inside the subtrees of `within` (empty for all), by
    /// name.
    pub async fn org_units_in_group(
        &self,
        group_id: &str,
        within: &[String],
    ) -> Result<Vec<OrgUnit>, ApiError> {
        let filter = format!("organisationUnitGroups.id:eq:{group_id}");
        self.org_units_matching(Some(&filter), within, ORG_UNIT_FIELDS)
            .await
    }

    /// Org units by id, by name (unknown ids are left out): names and paths of a saved rule's
    /// selection.
    pub async fn org_units_by_id(&self, ids: &[String]) -> Result<Vec<OrgUnit>, ApiError> {
        let mut units = Vec::new();
        for batch in ids.chunks(IDS_PER_REQUEST) {
            let params = [
                param("filter", id_in(batch)),
                param("fields", ORG_UNIT_FIELDS),
                all(),
            ];
            units.extend(self.org_unit_list(&params).await?);
        }
        sort_units(&mut units);
        Ok(units)
    }

    /// Id and path of every org unit in the subtrees of `within` (roots included), for
    /// sync-core's hierarchy when aggregating values of descendants up to selected units. Only
    /// ids and paths travel.
    pub async fn org_unit_paths(
        &self,
        within: &[String],
    ) -> Result<Vec<sync_core::filter::OrgUnitPath>, ApiError> {
        if within.is_empty() {
            return Ok(Vec::new());
        }
        let units = self.org_units_matching(None, within, "id,path").await?;
        Ok(units.iter().map(OrgUnit::to_path).collect())
    }

    /// Page `page` (from 1) of the org units whose name contains `text` (any case, DHIS2's
    /// `name:ilike:`) inside the subtrees of `within` (empty for the whole hierarchy), by name,
    /// each with its ancestors' names. One request per subtree, each paged by `page_size`, and
    /// one for the ancestors' names; a blank `text` asks nothing and finds nothing.
    pub async fn search_org_units(
        &self,
        text: &str,
        within: &[String],
        page: u32,
        page_size: u32,
    ) -> Result<OrgUnitSearch, ApiError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(OrgUnitSearch::default());
        }
        let subtrees: Vec<Option<&String>> = if within.is_empty() {
            vec![None]
        } else {
            within.iter().map(Some).collect()
        };
        let mut search = OrgUnitSearch::default();
        let mut units: Vec<OrgUnit> = Vec::new();
        for root in subtrees {
            let mut params = vec![param("filter", format!("name:ilike:{text}"))];
            if let Some(root) = root {
                params.push(param("filter", format!("path:like:{root}")));
            }
            params.push(param("fields", ORG_UNIT_FIELDS));
            params.push(param("page", page.max(1).to_string()));
            params.push(param("pageSize", page_size.max(1).to_string()));
            let url = url_with_params(&self.api_url("organisationUnits"), &params);
            let response = self.get(&url).await?;
            let (pager, found) =
                wire::decode_list::<wire::OrgUnit>(&response, "organisationUnits")?;
            let found: Vec<OrgUnit> = found.into_iter().map(OrgUnit::from).collect();
            match pager {
                Some(pager) => {
                    search.total += pager.total;
                    search.has_more |= pager.page < pager.page_count;
                }
                None => search.total += found.len() as u32,
            }
            // `like` matches anywhere in the path: keep units really inside the subtree.
            units.extend(found.into_iter().filter(|unit| {
                root.is_none_or(|root| unit.path.split('/').any(|part| part == root.as_str()))
            }));
        }
        sort_units(&mut units);
        units.dedup_by(|a, b| a.id == b.id);
        let mut above: Vec<String> = units
            .iter()
            .flat_map(|unit| ancestor_ids(unit).map(str::to_string).collect::<Vec<_>>())
            .collect();
        above.sort();
        above.dedup();
        let ancestors = self.org_units_by_id(&above).await?;
        let name_of = |id: &str| {
            ancestors
                .iter()
                .find(|ancestor| ancestor.id == id)
                .map(|ancestor| ancestor.name.clone())
        };
        search.matches = units
            .into_iter()
            .map(|unit| OrgUnitMatch {
                ancestors: ancestor_ids(&unit).filter_map(name_of).collect(),
                unit,
            })
            .collect();
        Ok(search)
    }

    /// The named org unit levels, by level.
    pub async fn org_unit_levels(&self) -> Result<Vec<OrgUnitLevel>, ApiError> {
        let url = url_with_params(
            &self.api_url("organisationUnitLevels"),
            &[param("fields", "id,displayName,level"), all()],
        );
        let response = self.get(&url).await?;
        let (_, levels) =
            wire::decode_list::<wire::OrgUnitLevel>(&response, "organisationUnitLevels")?;
        let mut levels: Vec<OrgUnitLevel> = levels.into_iter().map(OrgUnitLevel::from).collect();
        levels.sort_by_key(|level| level.level);
        Ok(levels)
    }

    /// Every org unit group, by name.
    pub async fn org_unit_groups(&self) -> Result<Vec<IdName>, ApiError> {
        let url = url_with_params(
            &self.api_url("organisationUnitGroups"),
            &[
                param("fields", "id,displayName"),
                param("order", "displayName:iasc"),
                all(),
            ],
        );
        let response = self.get(&url).await?;
        let (_, groups) = wire::decode_list::<wire::Named>(&response, "organisationUnitGroups")?;
        Ok(groups.into_iter().map(IdName::from).collect())
    }

    /// Every user group, by name (the recipients a rule's failure notices can go to).
    pub async fn user_groups(&self) -> Result<Vec<IdName>, ApiError> {
        let url = url_with_params(
            &self.api_url("userGroups"),
            &[
                param("fields", "id,displayName"),
                param("order", "displayName:iasc"),
                all(),
            ],
        );
        let response = self.get(&url).await?;
        let (_, groups) = wire::decode_list::<wire::Named>(&response, "userGroups")?;
        // Sorted here too: not every version orders by display name.
        let mut groups: Vec<IdName> = groups.into_iter().map(IdName::from).collect();
        groups.sort_by(|a, b| {
            a.name
                .to_lowercase()
                .cmp(&b.name.to_lowercase())
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(groups)
    }

    /// One data set with its data elements and attribute category combo.
    pub async fn data_set(&self, id: &str) -> Result<DataSet, ApiError> {
        let url = url_with_params(
            &self.api_url(&format!("dataSets/{}", crate::query::encode_component(id))),
            &[param("fields", data_set_fields())],
        );
        let data_set: wire::DataSetDetail = self.get_json(&url).await?;
        Ok(data_set.into())
    }

    /// Several data sets with their data elements and attribute category combos, by name
    /// (unknown ids are left out).
    pub async fn data_sets_with_elements(&self, ids: &[String]) -> Result<Vec<DataSet>, ApiError> {
        let mut data_sets = Vec::new();
        for batch in ids.chunks(IDS_PER_REQUEST) {
            let params = [
                param("filter", id_in(batch)),
                param("fields", data_set_fields()),
                all(),
            ];
            let url = url_with_params(&self.api_url("dataSets"), &params);
            let response = self.get(&url).await?;
            let (_, items) = wire::decode_list::<wire::DataSetDetail>(&response, "dataSets")?;
            data_sets.extend(items.into_iter().map(DataSet::from));
        }
        wire::sort_by_name(&mut data_sets, |data_set| (&data_set.name, &data_set.id));
        Ok(data_sets)
    }

    /// One page of aggregate data elements, by name (the data selection page's "data elements"
    /// type), with the query's name and last-updated filters.
    pub async fn data_elements(&self, query: &ListQuery) -> Result<Page<DataElement>, ApiError> {
        let mut params = query.params();
        params.push(param("filter", "domainType:eq:AGGREGATE"));
        params.push(param("fields", DATA_ELEMENT_FIELDS));
        let url = url_with_params(&self.api_url("dataElements"), &params);
        let response = self.get(&url).await?;
        let (pager, items) = wire::decode_list::<wire::DataElement>(&response, "dataElements")?;
        Ok(wire::page(pager, items))
    }

    /// Data elements by id, by name (unknown ids are left out).
    pub async fn data_elements_by_id(&self, ids: &[String]) -> Result<Vec<DataElement>, ApiError> {
        let mut elements = Vec::new();
        for batch in ids.chunks(IDS_PER_REQUEST) {
            let params = [
                param("filter", id_in(batch)),
                param("fields", DATA_ELEMENT_FIELDS),
                all(),
            ];
            let url = url_with_params(&self.api_url("dataElements"), &params);
            let response = self.get(&url).await?;
            let (_, items) = wire::decode_list::<wire::DataElement>(&response, "dataElements")?;
            elements.extend(items.into_iter().map(DataElement::from));
        }
        wire::sort_by_name(&mut elements, |element| (&element.name, &element.id));
        Ok(elements)
    }

    /// One page of data element groups, by name, with the query's filters.
    pub async fn data_element_groups(
        &self,
        query: &ListQuery,
    ) -> Result<Page<DataElementGroupSummary>, ApiError> {
        let mut params = query.params();
        params.push(param("fields", "id,displayName,lastUpdated"));
        let url = url_with_params(&self.api_url("dataElementGroups"), &params);
        let response = self.get(&url).await?;
        let (pager, items) = wire::decode_list::<wire::Named>(&response, "dataElementGroups")?;
        Ok(wire::page(pager, items))
    }

    /// One data element group with its data elements.
    pub async fn data_element_group(&self, id: &str) -> Result<DataElementGroup, ApiError> {
        let url = url_with_params(
            &self.api_url(&format!(
                "dataElementGroups/{}",
                crate::query::encode_component(id)
            )),
            &[param(
                "fields",
                format!("id,displayName,dataElements[{DATA_ELEMENT_FIELDS}]"),
            )],
        );
        let group: wire::DataElementGroup = self.get_json(&url).await?;
        Ok(group.into())
    }

    /// One category combo with its categories and their options.
    pub async fn category_combo(&self, id: &str) -> Result<CategoryCombo, ApiError> {
        let url = url_with_params(
            &self.api_url(&format!(
                "categoryCombos/{}",
                crate::query::encode_component(id)
            )),
            &[param("fields", CATEGORY_COMBO_FIELDS)],
        );
        let combo: wire::CategoryCombo = self.get_json(&url).await?;
        Ok(combo.into())
    }

    /// The option combos of a category combo (for an attribute combo: the attribute option
    /// combos data can carry), by name.
    pub async fn category_option_combos(
        &self,
        category_combo_id: &str,
    ) -> Result<Vec<CategoryOptionCombo>, ApiError> {
        let params = [
            param("filter", format!("categoryCombo.id:eq:{category_combo_id}")),
            param("fields", "id,displayName,categoryOptions[id]"),
            all(),
        ];
        let url = url_with_params(&self.api_url("categoryOptionCombos"), &params);
        let response = self.get(&url).await?;
        let (_, items) =
            wire::decode_list::<wire::CategoryOptionCombo>(&response, "categoryOptionCombos")?;
        let mut combos: Vec<CategoryOptionCombo> =
            items.into_iter().map(CategoryOptionCombo::from).collect();
        wire::sort_by_name(&mut combos, |combo| (&combo.name, &combo.id));
        Ok(combos)
    }

    async fn org_unit_list(&self, params: &[(String, String)]) -> Result<Vec<OrgUnit>, ApiError> {
        let url = url_with_params(&self.api_url("organisationUnits"), params);
        let response = self.get(&url).await?;
        let (_, units) = wire::decode_list::<wire::OrgUnit>(&response, "organisationUnits")?;
        Ok(units.into_iter().map(OrgUnit::from).collect())
    }

    /// Org units matching `filter`, one request per subtree of `within` (`path:like:<id>`), so
    /// only the subtrees' units travel; deduplicated and sorted by name.
    async fn org_units_matching(
        &self,
        filter: Option<&str>,
        within: &[String],
        fields: &str,
    ) -> Result<Vec<OrgUnit>, ApiError> {
        let mut units = Vec::new();
        let subtrees: Vec<Option<&String>> = if within.is_empty() {
            vec![None]
        } else {
            within.iter().map(Some).collect()
        };
        for root in subtrees {
            let mut params: Vec<(String, String)> = filter
                .map(|filter| param("filter", filter))
                .into_iter()
                .collect();
            if let Some(root) = root {
                params.push(param("filter", format!("path:like:{root}")));
            }
            params.push(param("fields", fields));
            params.push(all());
            let found = self.org_unit_list(&params).await?;
            // `like` matches anywhere in the path: keep units really inside the subtree.
            units.extend(found.into_iter().filter(|unit| {
                root.is_none_or(|root| unit.path.split('/').any(|part| part == root.as_str()))
            }));
        }
        sort_units(&mut units);
        units.dedup_by(|a, b| a.id == b.id);
        Ok(units)
    }
}

/// `id:in:[a,b,c]`.
fn id_in(ids: &[String]) -> String {
    format!("id:in:[{}]", ids.join(","))
}

/// The ids on a unit's path above it, root first.
fn ancestor_ids(unit: &OrgUnit) -> impl Iterator<Item = &str> {
    unit.path
        .split('/')
        .filter(move |part| !part.is_empty() && *part != unit.id)
}

fn sort_units(units: &mut [OrgUnit]) {
    wire::sort_by_name(units, |unit| (&unit.name, &unit.id));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Fake, json, run};
    use crate::transport::Method;

    #[test]
    fn roots_are_the_users_org_units_with_child_counts() {
        let server = Fake::new().on(
            Method::Get,
            "/api/organisationUnits?",
            json(
                200,
                r#"{"organisationUnits":[
                  {"id":"zB","displayName":"Bo","path":"/ImspTQPwCqd/zB","level":2,"children":6},
                  {"id":"ImspTQPwCqd","displayName":"Sierra Leone","path":"/ImspTQPwCqd","level":1,"children":[{"id":"zB"},{"id":"x"}]}
                ]}"#,
            ),
        );
        let client = Dhis2Client::new(&server, "http://h");
        let roots = run(client.org_unit_roots(UserOrgUnits::Capture)).unwrap();
        assert_eq!(roots[0].name, "Bo");
        assert_eq!(roots[0].child_count, Some(6));
        assert_eq!(
            roots[1].child_count,
            Some(2),
            "a listed children array is counted"
        );
        let url = &server.urls()[0];
        assert!(url.contains("userOnly=true"), "{url}");
        assert!(url.contains("children%3A%3Asize"), "{url}");
        assert!(url.contains("paging=false"), "{url}");
        run(client.org_unit_roots(UserOrgUnits::DataView)).unwrap();
        assert!(server.urls()[1].contains("userDataViewFallback=true"));
    }

    #[test]
    fn children_are_loaded_lazily_from_the_parent() {
        let server = Fake::new().on(
            Method::Get,
            "/api/organisationUnits/ImspTQPwCqd?",
            json(
                200,
                r#"{"children":[
                  {"id":"b","displayName":"Kenema","path":"/ImspTQPwCqd/b","level":2,"children":0},
                  {"id":"a","displayName":"bo","path":"/ImspTQPwCqd/a","level":2,"children":3}]}"#,
            ),
        );
        let client = Dhis2Client::new(&server, "http://h");
        let children = run(client.org_unit_children("ImspTQPwCqd")).unwrap();
        assert_eq!(children[0].name, "bo", "sorted ignoring case");
        assert!(!children[1].has_children());
        assert!(
            server.urls()[0].contains(
                "fields=children%5Bid%2CdisplayName%2Cpath%2Clevel%2Cchildren%3A%3Asize%5D"
            )
        );
    }

    #[test]
    fn level_selection_stays_inside_the_subtrees() {
        let server = Fake::new()
            .on(
                Method::Get,
                "path%3Alike%3ArootA",
                json(
                    200,
                    r#"{"organisationUnits":[
                      {"id":"u1","displayName":"One","path":"/rootA/d/u1","level":3},
                      {"id":"u9","displayName":"Nine","path":"/x/rootAB/u9","level":3}]}"#,
                ),
            )
            .on(
                Method::Get,
                "path%3Alike%3ArootB",
                json(
                    200,
                    r#"{"organisationUnits":[{"id":"u2","displayName":"Two","path":"/rootB/u2","level":3}]}"#,
                ),
            );
        let client = Dhis2Client::new(&server, "http://h");
        let units =
            run(client.org_units_at_level(3, &["rootA".to_string(), "rootB".to_string()])).unwrap();
        let ids: Vec<&str> = units.iter().map(|unit| unit.id.as_str()).collect();
        assert_eq!(ids, ["u1", "u2"]);
        assert!(server.urls()[0].contains("filter=level%3Aeq%3A3"));
    }

    #[test]
    fn a_search_by_name_is_paged_inside_the_subtrees_and_names_the_ancestors() {
        let server = Fake::new()
            .on(
                Method::Get,
                "filter=name%3Ailike%3Abo%20ma&filter=path%3Alike%3Ar1&fields=id%2CdisplayName%2Cpath%2Clevel&page=2&pageSize=2",
                json(
                    200,
                    r#"{"pager":{"page":2,"pageCount":3,"total":5,"pageSize":2},"organisationUnits":[
                      {"id":"u2","displayName":"Bo Mamma","path":"/r1/d1/u2","level":3},
                      {"id":"x","displayName":"Bo Mart","path":"/zz/r1x/x","level":3}]}"#,
                ),
            )
            .on(
                Method::Get,
                "filter=id%3Ain%3A%5Bd1%2Cr1%5D",
                json(
                    200,
                    r#"{"organisationUnits":[
                      {"id":"r1","displayName":"Sierra Leone","path":"/r1","level":1},
                      {"id":"d1","displayName":"Bo","path":"/r1/d1","level":2}]}"#,
                ),
            );
        let client = Dhis2Client::new(&server, "http://h");
        let search = run(client.search_org_units(" bo ma ", &["r1".to_string()], 2, 2)).unwrap();
        assert_eq!(search.total, 5);
        assert!(search.has_more);
        assert_eq!(
            search.matches.len(),
            1,
            "a path that only contains the root id is left out"
        );
        assert_eq!(search.matches[0].unit.id, "u2");
        assert_eq!(search.matches[0].unit.path, "/r1/d1/u2");
        assert_eq!(search.matches[0].ancestors, ["Sierra Leone", "Bo"]);
        assert_eq!(server.urls().len(), 2);

        let blank = run(client.search_org_units("  ", &["r1".to_string()], 1, 20)).unwrap();
        assert_eq!(blank, OrgUnitSearch::default());
        assert_eq!(server.urls().len(), 2, "a blank text asks nothing");
    }

    #[test]
    fn the_last_page_of_a_search_has_no_more() {
        let server = Fake::new().on(
            Method::Get,
            "filter=name%3Ailike%3ANgelehun&fields=",
            json(
                200,
                r#"{"pager":{"page":1,"pageCount":1,"total":1,"pageSize":20},"organisationUnits":[
                      {"id":"r1","displayName":"Ngelehun","path":"/r1","level":1}]}"#,
            ),
        );
        let client = Dhis2Client::new(&server, "http://h");
        let search = run(client.search_org_units("Ngelehun", &[], 1, 20)).unwrap();
        assert_eq!((search.total, search.has_more), (1, false));
        assert_eq!(search.matches[0].ancestors, Vec::<String>::new());
        assert!(
            !server.urls()[0].contains("path%3Alike"),
            "no subtree, no path filter"
        );
        assert_eq!(server.urls().len(), 1, "a root has no ancestors to ask for");
    }

    #[test]
    fn paths_of_subtrees_and_units_by_id() {
        let server = Fake::new()
            .on(
                Method::Get,
                "filter=path%3Alike%3Ar1&fields=id%2Cpath&paging=false",
                json(
                    200,
                    r#"{"organisationUnits":[{"id":"r1","path":"/r1"},{"id":"u","path":"/r1/u"}]}"#,
                ),
            )
            .on(
                Method::Get,
                "filter=id%3Ain%3A%5Bu%5D",
                json(
                    200,
                    r#"{"organisationUnits":[{"id":"u","displayName":"Unit","path":"/r1/u","level":2}]}"#,
                ),
            );
        let client = Dhis2Client::new(&server, "http://h");
        let paths = run(client.org_unit_paths(&["r1".to_string()])).unwrap();
        assert_eq!(paths.len(), 2);
        assert!(
            paths
                .iter()
                .any(|unit| unit.id == "u" && unit.path == "/r1/u")
        );
        assert_eq!(run(client.org_unit_paths(&[])).unwrap(), vec![]);
        let units = run(client.org_units_by_id(&["u".to_string()])).unwrap();
        assert_eq!((units[0].name.as_str(), units[0].level), ("Unit", 2));
    }

    #[test]
    fn group_members_and_levels_and_groups() {
        let server = Fake::new()
            .on(
                Method::Get,
                "organisationUnitGroups.id%3Aeq%3AG1",
                json(
                    200,
                    r#"{"organisationUnits":[{"id":"u1","displayName":"One","path":"/r/u1","level":2}]}"#,
                ),
            )
            .on(
                Method::Get,
                "/api/organisationUnitLevels",
                json(
                    200,
                    r#"{"organisationUnitLevels":[
                      {"id":"l2","displayName":"District","level":2},
                      {"id":"l1","displayName":"National","level":1}]}"#,
                ),
            )
            .on(
                Method::Get,
                "/api/organisationUnitGroups",
                json(
                    200,
                    r#"{"organisationUnitGroups":[{"id":"G1","displayName":"CHC"}]}"#,
                ),
            );
        let client = Dhis2Client::new(&server, "http://h");
        let members = run(client.org_units_in_group("G1", &[])).unwrap();
        assert_eq!(members[0].child_count, None);
        let levels = run(client.org_unit_levels()).unwrap();
        assert_eq!(levels[0].name, "National");
        let groups = run(client.org_unit_groups()).unwrap();
        assert_eq!(groups[0].name, "CHC");
    }

    const DATA_SET: &str = r#"{
      "id":"BfMAe6Itzgt","displayName":"Child Health","periodType":"Monthly",
      "lastUpdated":"2024-02-01T10:00:00.000",
      "categoryCombo":{"id":"attr1","displayName":"Funding","categories":[
        {"id":"c1","displayName":"Donor","categoryOptions":[{"id":"o1","displayName":"CDC"},{"id":"o2","displayName":"USAID"}]}]},
      "dataSetElements":[
        {"dataElement":{"id":"de2","displayName":"Weight","valueType":"NUMBER","aggregationType":"AVERAGE",
          "categoryCombo":{"id":"bjDvmb4bfuf"}},"categoryCombo":{"id":"override"}},
        {"dataElement":{"id":"de1","displayName":"BCG doses","valueType":"INTEGER_ZERO_OR_POSITIVE",
          "aggregationType":"SUM","zeroIsSignificant":true,"categoryCombo":{"id":"ageSex"}}}
      ]}"#;

    #[test]
    fn a_data_set_brings_its_elements_and_attribute_combo() {
        let server = Fake::new().on(
            Method::Get,
            "/api/dataSets/BfMAe6Itzgt?",
            json(200, DATA_SET),
        );
        let client = Dhis2Client::new(&server, "http://h");
        let data_set = run(client.data_set("BfMAe6Itzgt")).unwrap();
        assert_eq!(data_set.period_type, "Monthly");
        assert_eq!(data_set.category_combo.categories[0].options.len(), 2);
        assert!(!data_set.category_combo.is_default());
        let names: Vec<&str> = data_set
            .data_elements
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(names, ["BCG doses", "Weight"]);
        assert!(data_set.data_elements[0].zero_is_significant);
        assert_eq!(data_set.data_elements[1].category_combo_id, "override");
        assert_eq!(data_set.data_elements[0].to_spec().aggregation_type, "SUM");
        let url = &server.urls()[0];
        assert!(url.contains("dataSetElements%5BdataElement%5B"), "{url}");
    }

    #[test]
    fn data_sets_with_elements_batch_ids() {
        let server = Fake::new().on(
            Method::Get,
            "/api/dataSets?",
            json(200, &format!(r#"{{"dataSets":[{DATA_SET}]}}"#)),
        );
        let client = Dhis2Client::new(&server, "http://h");
        let ids: Vec<String> = (0..51).map(|n| format!("id{n}")).collect();
        let data_sets = run(client.data_sets_with_elements(&ids)).unwrap();
        assert_eq!(data_sets.len(), 2, "one per batch from the fake");
        assert_eq!(server.urls().len(), 2);
        assert!(server.urls()[1].contains("filter=id%3Ain%3A%5Bid50%5D"));
    }

    #[test]
    fn data_element_lists_are_paged_and_filtered() {
        let server = Fake::new()
            .on(
                Method::Get,
                "/api/dataElements?",
                json(
                    200,
                    r#"{"pager":{"page":1,"pageCount":3,"total":55,"pageSize":25},
                       "dataElements":[{"id":"de1","displayName":"ANC 1st visit","valueType":"NUMBER",
                       "aggregationType":"SUM","categoryCombo":{"id":"cc"},"lastUpdated":"2024-01-01T00:00:00.000"}]}"#,
                ),
            )
            .on(
                Method::Get,
                "/api/dataElementGroups?",
                json(
                    200,
                    r#"{"pager":{"page":1,"pageCount":1,"total":1,"pageSize":25},
                       "dataElementGroups":[{"id":"g","displayName":"ANC","lastUpdated":"2023-01-01T00:00:00.000"}]}"#,
                ),
            )
            .on(
                Method::Get,
                "/api/dataElementGroups/g?",
                json(
                    200,
                    r#"{"id":"g","displayName":"ANC","dataElements":[{"id":"de1","displayName":"ANC 1st visit"}]}"#,
                ),
            );
        let client = Dhis2Client::new(&server, "http://h");
        let query = ListQuery {
            name_filter: "anc".into(),
            last_updated_since: Some("2024-01-01".into()),
            ..ListQuery::default()
        };
        let page = run(client.data_elements(&query)).unwrap();
        assert_eq!((page.total, page.page_count), (55, 3));
        assert_eq!(page.items[0].category_combo_id, "cc");
        let url = &server.urls()[0];
        assert!(url.contains("filter=displayName%3Ailike%3Aanc"), "{url}");
        assert!(
            url.contains("filter=lastUpdated%3Age%3A2024-01-01"),
            "{url}"
        );
        assert!(url.contains("filter=domainType%3Aeq%3AAGGREGATE"), "{url}");
        let groups = run(client.data_element_groups(&query)).unwrap();
        assert_eq!(
            groups.items[0].last_updated.as_deref(),
            Some("2023-01-01T00:00:00.000")
        );
        let group = run(client.data_element_group("g")).unwrap();
        assert_eq!(group.data_elements[0].category_combo_id, "bjDvmb4bfuf");
    }

    #[test]
    fn option_combos_of_an_attribute_combo() {
        let server = Fake::new().on(
            Method::Get,
            "/api/categoryOptionCombos?",
            json(
                200,
                r#"{"categoryOptionCombos":[
                  {"id":"aoc2","displayName":"USAID","categoryOptions":[{"id":"o2"}]},
                  {"id":"aoc1","displayName":"CDC","categoryOptions":[{"id":"o1"}]}]}"#,
            ),
        );
        let client = Dhis2Client::new(&server, "http://h");
        let combos = run(client.category_option_combos("attr1")).unwrap();
        assert_eq!(combos[0].id, "aoc1");
        assert_eq!(combos[0].category_option_ids, ["o1"]);
        assert!(server.urls()[0].contains("categoryCombo.id%3Aeq%3Aattr1"));
    }
}
