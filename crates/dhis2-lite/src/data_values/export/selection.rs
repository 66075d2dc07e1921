//! What an export selects (reference §4): the options resolved against the catalog, the
//! E2001–E2009 validation (every check runs, the last failing one wins), the E2010–E2012 access
//! checks, the selected org units and periods, and the SQL of the selected rows.
//!
//! It must not write output.

use std::collections::HashSet;
use std::fmt::Write as _;

use axum::http::StatusCode;
use chrono::NaiveDate;
use rusqlite::Connection;

use super::options::{ExportOptions, scheme_or};
use crate::data_values::{IdScheme, Resolver, parse_timestamp};
use crate::metadata::{Catalog, CategoryOptionComboInfo, DataSetInfo, OrgUnitInfo};
use crate::periods::Period;
use crate::users::User;
use crate::version::VersionBehaviour;
use crate::web_message::{ApiError, ApiResult};

fn conflict(code: &str, message: String) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, message, Some(code))
}

/// A date parameter: its first ten characters as `yyyy-MM-dd`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d").ok()
}

/// Parses a `lastUpdatedDuration` such as `10d` into milliseconds.
pub fn parse_duration(text: &str) -> Option<i64> {
    let text = text.trim();
    let unit = text.chars().last()?;
    let amount: i64 = text[..text.len() - unit.len_utf8()].parse().ok()?;
    let factor = match unit {
        'd' => 86_400_000,
        'h' => 3_600_000,
        'm' => 60_000,
        's' => 1_000,
        _ => return None,
    };
    Some(amount * factor)
}

/// What the request selects, resolved against the catalog (unresolvable identifiers dropped).
pub(super) struct Selection<'o> {
    pub data_sets: Vec<usize>,
    pub data_elements: Vec<usize>,
    pub periods: Vec<Period>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub last_updated: Option<i64>,
    pub duration: Option<i64>,
    pub org_units: Vec<usize>,
    pub org_unit_groups: Vec<&'o str>,
    pub limit: Option<i64>,
}

impl<'o> Selection<'o> {
    /// Resolves `options` with the input id schemes (the version's, else UIDs).
    pub fn resolve(
        catalog: &Catalog,
        behaviour: &VersionBehaviour,
        options: &'o ExportOptions,
    ) -> Self {
        let input_scheme = if behaviour.export_input_id_schemes {
            options.input_id_scheme.clone().unwrap_or_default()
        } else {
            IdScheme::Uid
        };
        let resolver = Resolver::new(
            catalog,
            &scheme_or(&options.input_data_element_id_scheme, &input_scheme),
            &scheme_or(&options.input_org_unit_id_scheme, &input_scheme),
            &IdScheme::Uid,
            &scheme_or(&options.input_data_set_id_scheme, &input_scheme),
        );
        let data_sets: Vec<usize> = options
            .data_sets
            .iter()
            .filter_map(|id| resolver.data_set(id))
            .collect();
        Self {
            data_elements: selected_data_elements(
                catalog, behaviour, options, &resolver, &data_sets,
            ),
            data_sets,
            periods: options
                .periods
                .iter()
                .filter_map(|text| Period::parse(text))
                .collect(),
            start_date: options.start_date.as_deref().and_then(parse_date),
            end_date: options.end_date.as_deref().and_then(parse_date),
            last_updated: options.last_updated.as_deref().and_then(parse_timestamp),
            duration: options
                .last_updated_duration
                .as_deref()
                .and_then(parse_duration),
            org_units: options
                .org_units
                .iter()
                .filter_map(|id| resolver.org_unit(id))
                .collect(),
            org_unit_groups: options
                .org_unit_groups
                .iter()
                .map(String::as_str)
                .filter(|uid| catalog.org_unit_groups.contains_key(*uid))
                .collect(),
            limit: options
                .limit
                .as_deref()
                .and_then(|limit| limit.parse::<i64>().ok()),
        }
    }

    /// Both a start and an end date.
    fn has_dates(&self) -> bool {
        self.start_date.is_some() && self.end_date.is_some()
    }

    /// E2001–E2009: every check runs and the last failing one is the answer (DHIS2's order).
    pub fn validate(&self, options: &ExportOptions) -> ApiResult<()> {
        let children = options.children;
        let duration_text = options.last_updated_duration.as_deref();
        let checks: [(bool, &str, String); 9] = [
            (
                self.data_elements.is_empty(),
                "E2001",
                "At least one data element, data set or data element group must be specified".into(),
            ),
            (
                self.periods.is_empty()
                    && !self.has_dates()
                    && self.last_updated.is_none()
                    && duration_text.is_none(),
                "E2002",
                "At least one period, start/end dates, last updated or last updated duration must be specified".into(),
            ),
            (
                !self.periods.is_empty() && self.has_dates(),
                "E2003",
                "Both periods and start/end date cannot be specified".into(),
            ),
            (
                matches!((self.start_date, self.end_date), (Some(start), Some(end)) if start > end),
                "E2004",
                "Start date must be before end date".into(),
            ),
            (
                duration_text.is_some() && self.duration.is_none(),
                "E2005",
                format!("Duration is not valid: `{}`", duration_text.unwrap_or_default()),
            ),
            (
                self.org_units.is_empty() && self.org_unit_groups.is_empty(),
                "E2006",
                "At least one organisation unit or organisation unit group must be specified".into(),
            ),
            (
                children && !self.org_unit_groups.is_empty(),
                "E2007",
                "Organisation unit children cannot be included for organisation unit groups".into(),
            ),
            (
                children && self.org_units.is_empty(),
                "E2008",
                "At least one organisation unit must be specified when children are included".into(),
            ),
            (
                self.limit.is_some_and(|limit| limit < 0),
                "E2009",
                format!("Limit cannot be less than zero: `{}`", self.limit.unwrap_or_default()),
            ),
        ];
        match checks.into_iter().rfind(|(failed, _, _)| *failed) {
            Some((_, code, message)) => Err(conflict(code, message)),
            None => Ok(()),
        }
    }
}

/// Data elements of the selected data sets, of `dataElement` (versions that read it) and of the
/// data element groups, sorted and without duplicates.
fn selected_data_elements(
    catalog: &Catalog,
    behaviour: &VersionBehaviour,
    options: &ExportOptions,
    resolver: &Resolver,
    data_sets: &[usize],
) -> Vec<usize> {
    let by_uid = |uid: &String| catalog.data_element_by_uid.get(uid).copied();
    let mut data_elements: Vec<usize> = data_sets
        .iter()
        .flat_map(|data_set| catalog.data_sets[*data_set].data_elements.iter())
        .filter_map(by_uid)
        .collect();
    if behaviour.export_data_element_parameter {
        data_elements.extend(
            options
                .data_elements
                .iter()
                .filter_map(|id| resolver.data_element(id)),
        );
    }
    for group in &options.data_element_groups {
        if let Some(members) = catalog.data_element_groups.get(group.as_str()) {
            data_elements.extend(members.iter().filter_map(by_uid));
        }
    }
    data_elements.sort_unstable();
    data_elements.dedup();
    data_elements
}

/// E2010–E2012: data read sharing of the data sets and of the requested attribute option
/// combos, and org units inside the user's data view hierarchy.
pub(super) fn check_access(
    catalog: &Catalog,
    user: &User,
    selection: &Selection<'_>,
    options: &ExportOptions,
) -> ApiResult<()> {
    for index in &selection.data_sets {
        let data_set: &DataSetInfo = &catalog.data_sets[*index];
        if !data_set.sharing.can_data_read(user) {
            return Err(conflict(
                "E2010",
                format!(
                    "User is not allowed to read data for data set: `{}`",
                    data_set.uid
                ),
            ));
        }
    }
    for uid in &options.attribute_option_combos {
        if let Some(combo) = catalog.category_option_combo(uid)
            && !option_combo_readable(catalog, combo, user)
        {
            return Err(conflict(
                "E2011",
                format!(
                    "User is not allowed to read data for attribute option combo: `{}`",
                    combo.uid
                ),
            ));
        }
    }
    let view_roots: Vec<&str> = user.view_org_units().iter().map(String::as_str).collect();
    for index in &selection.org_units {
        let unit: &OrgUnitInfo = &catalog.org_units[*index];
        if !view_roots.iter().any(|root| unit.path.contains(root)) {
            return Err(conflict(
                "E2012",
                format!("User is not allowed to view org unit: `{}`", unit.uid),
            ));
        }
    }
    Ok(())
}

/// The selected org units by storage id: the requested ones (with their descendants when
/// `children`) and the members of the requested groups.
pub(super) struct SelectedUnits {
    flags: Vec<bool>,
    count: usize,
}

impl SelectedUnits {
    pub fn of(catalog: &Catalog, selection: &Selection<'_>, children: bool) -> Self {
        let max_internal_id = catalog
            .org_units
            .iter()
            .map(|unit| unit.internal_id)
            .max()
            .unwrap_or(0);
        let mut units = Self {
            flags: vec![false; usize::try_from(max_internal_id + 1).unwrap_or(0)],
            count: 0,
        };
        for index in &selection.org_units {
            let unit = &catalog.org_units[*index];
            if children {
                for candidate in &catalog.org_units {
                    if candidate.path.starts_with(&unit.path) {
                        units.select(candidate.internal_id);
                    }
                }
            } else {
                units.select(unit.internal_id);
            }
        }
        for group in &selection.org_unit_groups {
            for internal_id in catalog.org_unit_groups.get(*group).into_iter().flatten() {
                units.select(*internal_id);
            }
        }
        units
    }

    fn select(&mut self, internal_id: i64) {
        if let Ok(position) = usize::try_from(internal_id)
            && position < self.flags.len()
            && !self.flags[position]
        {
            self.flags[position] = true;
            self.count += 1;
        }
    }

    pub fn contains(&self, internal_id: i64) -> bool {
        usize::try_from(internal_id)
            .ok()
            .and_then(|position| self.flags.get(position))
            .copied()
            .unwrap_or(false)
    }
}

/// The `period` table: every ISO text by id, and the ids the request selects (the requested
/// periods, or those inside `[start, end]`; none means every period).
pub(super) struct StoredPeriods {
    pub isos: Vec<(i64, String)>,
    filter: Option<Vec<i64>>,
}

impl StoredPeriods {
    pub fn load(connection: &Connection, selection: &Selection<'_>) -> rusqlite::Result<Self> {
        let mut statement =
            connection.prepare_cached("SELECT id, iso, start_date, end_date FROM period")?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?;
        let periods = &selection.periods;
        let wanted: HashSet<&str> = periods.iter().map(|period| period.iso.as_str()).collect();
        let mut ids = Vec::new();
        let mut isos = Vec::new();
        for row in rows {
            let (id, iso, start, end) = row?;
            if !periods.is_empty() {
                if wanted.contains(iso.as_str()) {
                    ids.push(id);
                }
            } else if let (Some(range_start), Some(range_end)) =
                (selection.start_date, selection.end_date)
            {
                let start = NaiveDate::parse_from_str(&start, "%Y-%m-%d").ok();
                let end = NaiveDate::parse_from_str(&end, "%Y-%m-%d").ok();
                if start.is_some_and(|start| start >= range_start)
                    && end.is_some_and(|end| end <= range_end)
                {
                    ids.push(id);
                }
            }
            isos.push((id, iso));
        }
        let filter = (!periods.is_empty() || selection.has_dates()).then_some(ids);
        Ok(Self { isos, filter })
    }
}

/// Storage ids of the attribute option combos the request names, directly or as the combos of
/// `attributeCombo` made of `attributeOptions`.
fn attribute_filter(catalog: &Catalog, options: &ExportOptions) -> Vec<i64> {
    let mut filter: Vec<i64> = options
        .attribute_option_combos
        .iter()
        .filter_map(|uid| {
            catalog
                .category_option_combo(uid)
                .map(|combo| combo.internal_id)
        })
        .collect();
    if let (Some(combo), Some(wanted)) = (&options.attribute_combo, &options.attribute_options) {
        let wanted: HashSet<&str> = wanted.split([',', ';']).map(str::trim).collect();
        for uid in catalog
            .combo_option_combos
            .get(combo.as_str())
            .into_iter()
            .flatten()
        {
            if let Some(option_combo) = catalog.category_option_combo(uid)
                && option_combo
                    .category_options
                    .iter()
                    .all(|option| wanted.contains(option.as_str()))
            {
                filter.push(option_combo.internal_id);
            }
        }
    }
    filter
}

/// Appends ` AND column IN (ids)`.
fn push_in(sql: &mut String, column: &str, ids: impl Iterator<Item = String>) {
    let _ = write!(sql, " AND {column} IN (");
    sql.push_str(&ids.collect::<Vec<_>>().join(","));
    sql.push(')');
}

/// The SQL of the selected rows (org units are filtered in SQL only for small selections; the
/// row loop checks them always).
pub(super) fn value_query(
    catalog: &Catalog,
    user: &User,
    options: &ExportOptions,
    selection: &Selection<'_>,
    units: &SelectedUnits,
    periods: &StoredPeriods,
) -> String {
    let mut sql = String::from(
        "SELECT data_element, period, org_unit, category_option_combo, attribute_option_combo, value, \
         stored_by, created, last_updated, comment, followup, deleted FROM datavalue WHERE data_element IN (",
    );
    for (position, index) in selection.data_elements.iter().enumerate() {
        if position > 0 {
            sql.push(',');
        }
        let _ = write!(sql, "{}", catalog.data_elements[*index].internal_id);
    }
    sql.push(')');
    if let Some(ids) = &periods.filter {
        push_in(&mut sql, "period", ids.iter().map(i64::to_string));
    }
    if units.count <= 500 {
        let ids = units
            .flags
            .iter()
            .enumerate()
            .filter(|(_, selected)| **selected)
            .map(|(id, _)| id.to_string());
        push_in(&mut sql, "org_unit", ids);
    }
    let attributes = attribute_filter(catalog, options);
    if !attributes.is_empty() {
        push_in(
            &mut sql,
            "attribute_option_combo",
            attributes.iter().map(i64::to_string),
        );
    }
    if !user.is_superuser() {
        let unreadable: Vec<String> = catalog
            .category_option_combos
            .iter()
            .filter(|combo| !option_combo_readable(catalog, combo, user))
            .map(|combo| combo.internal_id.to_string())
            .collect();
        if !unreadable.is_empty() {
            sql.push_str(" AND attribute_option_combo NOT IN (");
            sql.push_str(&unreadable.join(","));
            sql.push(')');
        }
    }
    if !options.include_deleted {
        sql.push_str(" AND deleted = 0");
    }
    let mut since: Option<i64> = selection.last_updated;
    if let Some(duration) = selection.duration {
        let threshold = options.now_millis - duration;
        since = Some(since.map_or(threshold, |since| since.max(threshold)));
    }
    if let Some(since) = since {
        let _ = write!(sql, " AND last_updated >= {since}");
    }
    sql
}

/// Whether `user` may read data of every category option of `combo` (DHIS2's `canDataRead` of a
/// category option combo).
fn option_combo_readable(catalog: &Catalog, combo: &CategoryOptionComboInfo, user: &User) -> bool {
    user.is_superuser()
        || combo.category_options.iter().all(|option| {
            catalog
                .category_options
                .get(option.as_str())
                .is_none_or(|info| info.sharing.can_data_read(user))
        })
}
