//! `GET /api/dataValueSets` (reference §4) without HTTP: resolving what [`ExportOptions`] ask
//! for, the E2001–E2012 validation (last failing check wins), and streaming the rows as JSON or
//! CSV with the version's shape.
//!
//! It must not read HTTP requests: the caller maps request parameters onto [`ExportOptions`].

use std::collections::HashSet;
use std::fmt::Write as _;

use axum::http::StatusCode;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

use super::{
    IdScheme, Resolver, data_element_identifier, option_combo_identifier, org_unit_identifier,
    parse_timestamp,
};
use crate::metadata::{Catalog, CategoryOptionComboInfo, DataSetInfo, OrgUnitInfo};
use crate::periods::Period;
use crate::users::User;
use crate::version::VersionBehaviour;
use crate::web_message::{ApiError, ApiResult};

/// Output format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportFormat {
    /// JSON.
    #[default]
    Json,
    /// CSV.
    Csv,
}

/// A finished export.
#[derive(Debug)]
pub struct Exported {
    /// The body.
    pub body: Vec<u8>,
    /// Number of values written.
    pub values: usize,
}

/// What an export asks for (reference §4.1), as written (lists already split at commas; the
/// export resolves and validates them), and the server's clock.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Output format.
    pub format: ExportFormat,
    /// `dataSet` identifiers.
    pub data_sets: Vec<String>,
    /// `dataElement` identifiers (read by versions that accept them).
    pub data_elements: Vec<String>,
    /// `dataElementGroup` UIDs.
    pub data_element_groups: Vec<String>,
    /// `period` ISO texts.
    pub periods: Vec<String>,
    /// `startDate`.
    pub start_date: Option<String>,
    /// `endDate`.
    pub end_date: Option<String>,
    /// `lastUpdated` timestamp.
    pub last_updated: Option<String>,
    /// `lastUpdatedDuration` such as `10d`.
    pub last_updated_duration: Option<String>,
    /// `orgUnit` identifiers.
    pub org_units: Vec<String>,
    /// `orgUnitGroup` UIDs.
    pub org_unit_groups: Vec<String>,
    /// `children`: the org units' descendants too.
    pub children: bool,
    /// `attributeOptionCombo` UIDs.
    pub attribute_option_combos: Vec<String>,
    /// `attributeCombo` UID (with `attribute_options`).
    pub attribute_combo: Option<String>,
    /// `attributeOptions`: category option UIDs separated by `,` or `;`.
    pub attribute_options: Option<String>,
    /// `limit` as written.
    pub limit: Option<String>,
    /// `includeDeleted`.
    pub include_deleted: bool,
    /// `idScheme` of the output.
    pub id_scheme: Option<IdScheme>,
    /// `dataElementIdScheme` of the output.
    pub data_element_id_scheme: Option<IdScheme>,
    /// `orgUnitIdScheme` of the output.
    pub org_unit_id_scheme: Option<IdScheme>,
    /// `categoryOptionComboIdScheme` of the output.
    pub category_option_combo_id_scheme: Option<IdScheme>,
    /// `attributeOptionComboIdScheme` of the output.
    pub attribute_option_combo_id_scheme: Option<IdScheme>,
    /// `dataSetIdScheme` of the output.
    pub data_set_id_scheme: Option<IdScheme>,
    /// `inputIdScheme` of the request's identifiers (versions that accept it).
    pub input_id_scheme: Option<IdScheme>,
    /// `inputDataElementIdScheme`.
    pub input_data_element_id_scheme: Option<IdScheme>,
    /// `inputOrgUnitIdScheme`.
    pub input_org_unit_id_scheme: Option<IdScheme>,
    /// `inputDataSetIdScheme`.
    pub input_data_set_id_scheme: Option<IdScheme>,
    /// The server's clock in epoch milliseconds (for `lastUpdatedDuration`).
    pub now_millis: i64,
}

fn conflict(code: &str, message: String) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, message, Some(code))
}

/// `specific`, else `general`.
fn scheme_or(specific: &Option<IdScheme>, general: &IdScheme) -> IdScheme {
    specific.clone().unwrap_or_else(|| general.clone())
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

fn push_json_string(output: &mut String, text: &str) {
    output.push('"');
    if text
        .bytes()
        .all(|byte| byte >= 0x20 && byte != b'"' && byte != b'\\')
    {
        output.push_str(text);
    } else {
        for character in text.chars() {
            match character {
                '"' => output.push_str("\\\""),
                '\\' => output.push_str("\\\\"),
                '\n' => output.push_str("\\n"),
                '\r' => output.push_str("\\r"),
                '\t' => output.push_str("\\t"),
                control if (control as u32) < 0x20 => {
                    let _ = write!(output, "\\u{:04x}", control as u32);
                }
                other => output.push(other),
            }
        }
    }
    output.push('"');
}

/// Appends `yyyy-MM-dd'T'HH:mm:ss.SSS+0000` of epoch milliseconds without going through a
/// formatter (the export's hot path).
pub fn push_utc_timestamp(output: &mut String, millis: i64) {
    let days = millis.div_euclid(86_400_000);
    let in_day = millis.rem_euclid(86_400_000);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    let mut buffer = [0u8; 28];
    let mut put = |position: usize, number: i64, width: usize| {
        let mut number = number;
        for offset in (0..width).rev() {
            buffer[position + offset] = b'0' + (number % 10) as u8;
            number /= 10;
        }
    };
    put(0, year, 4);
    put(5, month, 2);
    put(8, day, 2);
    put(11, in_day / 3_600_000, 2);
    put(14, in_day / 60_000 % 60, 2);
    put(17, in_day / 1000 % 60, 2);
    put(20, in_day % 1000, 3);
    buffer[4] = b'-';
    buffer[7] = b'-';
    buffer[10] = b'T';
    buffer[13] = b':';
    buffer[16] = b':';
    buffer[19] = b'.';
    buffer[23..28].copy_from_slice(b"+0000");
    output.push_str(std::str::from_utf8(&buffer).unwrap_or_default());
}

fn push_csv_field(output: &mut String, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        output.push('"');
        output.push_str(&text.replace('"', "\"\""));
        output.push('"');
    } else {
        output.push_str(text);
    }
}

/// Runs an export for `user`, the whole body in memory.
pub fn export(
    connection: &Connection,
    catalog: &Catalog,
    behaviour: &VersionBehaviour,
    user: &User,
    options: &ExportOptions,
) -> ApiResult<Exported> {
    let mut chunks: Vec<u8> = Vec::new();
    let mut exported = export_streaming(
        connection,
        catalog,
        behaviour,
        user,
        options,
        &mut |chunk| {
            chunks.extend_from_slice(chunk.as_bytes());
            true
        },
    )?;
    chunks.extend_from_slice(&exported.body);
    exported.body = chunks;
    Ok(exported)
}

/// Size above which [`export_streaming`] hands the buffered output to its sink.
const CHUNK_SIZE: usize = 1 << 18;

/// Runs an export, handing the output to `sink` in chunks once validation passed (errors are
/// returned before the first chunk); the returned body is the last, unflushed part. The export
/// stops early when `sink` returns false (the client went away).
pub fn export_streaming(
    connection: &Connection,
    catalog: &Catalog,
    behaviour: &VersionBehaviour,
    user: &User,
    options: &ExportOptions,
    sink: &mut dyn FnMut(String) -> bool,
) -> ApiResult<Exported> {
    let selection = Selection::resolve(catalog, behaviour, options);
    selection.validate(options)?;
    check_access(catalog, user, &selection, options)?;
    let units = SelectedUnits::of(catalog, &selection, options.children);
    let periods = StoredPeriods::load(connection, &selection)?;
    let schemes = OutputSchemes::of(options);
    let sql = value_query(catalog, user, options, &selection, &units, &periods);
    let single = selection.data_sets.len() == 1
        && selection.periods.len() == 1
        && selection.org_units.len() == 1
        && options.data_element_groups.is_empty()
        && !options.children;
    let mut writer = OutputWriter {
        format: options.format,
        explicit_nulls: behaviour.export_explicit_nulls,
        output: String::with_capacity(CHUNK_SIZE + 4096),
        header_open: false,
        written: 0,
    };
    let header = if single && options.format == ExportFormat::Json {
        Some(single_set_header(
            connection, catalog, &selection, &schemes,
        )?)
    } else {
        None
    };
    writer.start(header);
    let names = IdentifierTables::of(catalog, &schemes, periods.isos);
    let mut statement = connection.prepare(&sql)?;
    let mut rows = statement.query([])?;
    let max_values = selection
        .limit
        .map(|limit| usize::try_from(limit).unwrap_or(0));
    while let Some(row) = rows.next()? {
        let org_unit_id: i64 = row.get(2)?;
        if !units.contains(org_unit_id) {
            continue;
        }
        if max_values.is_some_and(|max| writer.written >= max) {
            break;
        }
        let Some(identifiers) = names.row(row, org_unit_id)? else {
            continue;
        };
        writer.value(identifiers, StoredValue::read(row)?);
        if writer.output.len() >= CHUNK_SIZE && !sink(writer.take_chunk()) {
            break;
        }
    }
    Ok(writer.finish())
}

/// What the request selects, resolved against the catalog (unresolvable identifiers dropped).
struct Selection<'o> {
    data_sets: Vec<usize>,
    data_elements: Vec<usize>,
    periods: Vec<Period>,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    last_updated: Option<i64>,
    duration: Option<i64>,
    org_units: Vec<usize>,
    org_unit_groups: Vec<&'o str>,
    limit: Option<i64>,
}

impl<'o> Selection<'o> {
    /// Resolves `options` with the input id schemes (the version's, else UIDs).
    fn resolve(
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
    fn validate(&self, options: &ExportOptions) -> ApiResult<()> {
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
        match checks.into_iter().filter(|(failed, _, _)| *failed).last() {
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
fn check_access(
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
struct SelectedUnits {
    flags: Vec<bool>,
    count: usize,
}

impl SelectedUnits {
    fn of(catalog: &Catalog, selection: &Selection<'_>, children: bool) -> Self {
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

    fn contains(&self, internal_id: i64) -> bool {
        usize::try_from(internal_id)
            .ok()
            .and_then(|position| self.flags.get(position))
            .copied()
            .unwrap_or(false)
    }
}

/// The `period` table: every ISO text by id, and the ids the request selects (the requested
/// periods, or those inside `[start, end]`; none means every period).
struct StoredPeriods {
    isos: Vec<(i64, String)>,
    filter: Option<Vec<i64>>,
}

impl StoredPeriods {
    fn load(connection: &Connection, selection: &Selection<'_>) -> rusqlite::Result<Self> {
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
fn value_query(
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

/// The id schemes of the output.
struct OutputSchemes {
    data_element: IdScheme,
    org_unit: IdScheme,
    option_combo: IdScheme,
    attribute: IdScheme,
    data_set: IdScheme,
}

impl OutputSchemes {
    /// Each kind's own scheme, else `idScheme` (attribute option combos fall back to the
    /// category option combo scheme).
    fn of(options: &ExportOptions) -> Self {
        let general = options.id_scheme.clone().unwrap_or_default();
        let option_combo = scheme_or(&options.category_option_combo_id_scheme, &general);
        Self {
            data_element: scheme_or(&options.data_element_id_scheme, &general),
            org_unit: scheme_or(&options.org_unit_id_scheme, &general),
            attribute: scheme_or(&options.attribute_option_combo_id_scheme, &option_combo),
            option_combo,
            data_set: scheme_or(&options.data_set_id_scheme, &general),
        }
    }
}

/// The JSON header members of a single data set, period and org unit request: `dataSet`,
/// `completeDate` (if registered), `period`, `orgUnit`.
struct SetHeader {
    data_set: String,
    complete_date: Option<String>,
    period: String,
    org_unit: String,
}

fn single_set_header(
    connection: &Connection,
    catalog: &Catalog,
    selection: &Selection<'_>,
    schemes: &OutputSchemes,
) -> rusqlite::Result<SetHeader> {
    let data_set = &catalog.data_sets[selection.data_sets[0]];
    let unit = &catalog.org_units[selection.org_units[0]];
    let period = &selection.periods[0];
    let complete_date = connection
        .query_row(
            "SELECT date FROM complete_registration WHERE data_set = ?1 AND period = ?2 AND org_unit = ?3 LIMIT 1",
            [&data_set.uid, &period.iso, &unit.uid],
            |row| row.get(0),
        )
        .optional()?;
    Ok(SetHeader {
        data_set: schemes
            .data_set
            .identifier(&data_set.uid, data_set.code.as_deref(), &data_set.name)
            .to_string(),
        complete_date,
        period: period.iso.clone(),
        org_unit: org_unit_identifier(&schemes.org_unit, unit).to_string(),
    })
}

/// Output identifiers by storage id, so the row loop does no hashing or allocation.
struct IdentifierTables {
    elements: Vec<Option<String>>,
    units: Vec<Option<String>>,
    combos: Vec<Option<String>>,
    attributes: Vec<Option<String>>,
    periods: Vec<Option<String>>,
}

/// The identifiers of one row.
struct RowIdentifiers<'t> {
    element: &'t str,
    period: &'t str,
    unit: &'t str,
    option_combo: &'t str,
    attribute: &'t str,
}

fn id_table(entries: impl Iterator<Item = (i64, String)>) -> Vec<Option<String>> {
    let entries: Vec<(i64, String)> = entries.collect();
    let size = entries
        .iter()
        .map(|(id, _)| *id)
        .max()
        .map_or(0, |max| max + 1);
    let mut table: Vec<Option<String>> = vec![None; usize::try_from(size).unwrap_or(0)];
    for (id, text) in entries {
        if let Ok(position) = usize::try_from(id) {
            table[position] = Some(text);
        }
    }
    table
}

fn lookup(table: &[Option<String>], id: i64) -> Option<&str> {
    usize::try_from(id)
        .ok()
        .and_then(|position| table.get(position))
        .and_then(Option::as_deref)
}

impl IdentifierTables {
    fn of(catalog: &Catalog, schemes: &OutputSchemes, period_isos: Vec<(i64, String)>) -> Self {
        let combos = |scheme: &IdScheme| {
            id_table(catalog.category_option_combos.iter().map(|combo| {
                (
                    combo.internal_id,
                    option_combo_identifier(scheme, combo).to_string(),
                )
            }))
        };
        Self {
            elements: id_table(catalog.data_elements.iter().map(|element| {
                (
                    element.internal_id,
                    data_element_identifier(&schemes.data_element, element).to_string(),
                )
            })),
            units: id_table(catalog.org_units.iter().map(|unit| {
                (
                    unit.internal_id,
                    org_unit_identifier(&schemes.org_unit, unit).to_string(),
                )
            })),
            combos: combos(&schemes.option_combo),
            attributes: combos(&schemes.attribute),
            periods: id_table(period_isos.into_iter()),
        }
    }

    /// The identifiers of `row`, or `None` when one of its objects is unknown.
    fn row(
        &self,
        row: &rusqlite::Row<'_>,
        org_unit_id: i64,
    ) -> rusqlite::Result<Option<RowIdentifiers<'_>>> {
        let (Some(element), Some(unit), Some(option_combo), Some(attribute), Some(period)) = (
            lookup(&self.elements, row.get(0)?),
            lookup(&self.units, org_unit_id),
            lookup(&self.combos, row.get(3)?),
            lookup(&self.attributes, row.get(4)?),
            lookup(&self.periods, row.get(1)?),
        ) else {
            return Ok(None);
        };
        Ok(Some(RowIdentifiers {
            element,
            period,
            unit,
            option_combo,
            attribute,
        }))
    }
}

/// The stored columns of one row besides its key.
struct StoredValue<'r> {
    value: Option<&'r str>,
    stored_by: Option<&'r str>,
    created: i64,
    last_updated: i64,
    comment: Option<&'r str>,
    followup: bool,
    deleted: bool,
}

impl<'r> StoredValue<'r> {
    fn read(row: &'r rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            value: row.get_ref(5)?.as_str_or_null().ok().flatten(),
            stored_by: row.get_ref(6)?.as_str_or_null().ok().flatten(),
            created: row.get(7)?,
            last_updated: row.get(8)?,
            comment: row.get_ref(9)?.as_str_or_null().ok().flatten(),
            followup: row.get(10)?,
            deleted: row.get(11)?,
        })
    }
}

/// The output being written: JSON or CSV, with the version's explicit nulls.
struct OutputWriter {
    format: ExportFormat,
    explicit_nulls: bool,
    output: String,
    header_open: bool,
    written: usize,
}

impl OutputWriter {
    /// The CSV header line, or the JSON object's opening (with the single set's header).
    fn start(&mut self, header: Option<SetHeader>) {
        if self.format == ExportFormat::Csv {
            self.output.push_str("dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup,deleted\n");
            return;
        }
        self.output.push('{');
        if let Some(header) = header {
            let output = &mut self.output;
            output.push_str("\"dataSet\":");
            push_json_string(output, &header.data_set);
            self.optional_member("completeDate", header.complete_date.as_deref());
            let output = &mut self.output;
            output.push_str(",\"period\":");
            push_json_string(output, &header.period);
            output.push_str(",\"orgUnit\":");
            push_json_string(output, &header.org_unit);
            self.header_open = true;
        }
        if self.explicit_nulls {
            self.open_values();
        }
    }

    /// `"dataValues":[`, after a comma when header members precede it.
    fn open_values(&mut self) {
        if self.header_open {
            self.output.push(',');
        }
        self.output.push_str("\"dataValues\":[");
    }

    /// `,"name":"text"`; without text `,"name":null` when the version writes nulls, else nothing.
    fn optional_member(&mut self, name: &str, text: Option<&str>) {
        match text {
            Some(text) => {
                let _ = write!(self.output, ",\"{name}\":");
                push_json_string(&mut self.output, text);
            }
            None if self.explicit_nulls => {
                let _ = write!(self.output, ",\"{name}\":null");
            }
            None => {}
        }
    }

    /// Writes one value.
    fn value(&mut self, ids: RowIdentifiers<'_>, stored: StoredValue<'_>) {
        if self.format == ExportFormat::Csv {
            self.csv_value(&ids, &stored);
        } else {
            self.json_value(&ids, &stored);
        }
        self.written += 1;
    }

    fn csv_value(&mut self, ids: &RowIdentifiers<'_>, stored: &StoredValue<'_>) {
        let output = &mut self.output;
        for field in [
            ids.element,
            ids.period,
            ids.unit,
            ids.option_combo,
            ids.attribute,
        ] {
            push_csv_field(output, field);
            output.push(',');
        }
        push_csv_field(output, stored.value.unwrap_or_default());
        output.push(',');
        push_csv_field(output, stored.stored_by.unwrap_or_default());
        output.push(',');
        push_utc_timestamp(output, stored.last_updated);
        output.push(',');
        push_csv_field(output, stored.comment.unwrap_or_default());
        output.push_str(if stored.followup { ",true," } else { ",false," });
        output.push_str(if stored.deleted { "true\n" } else { "false\n" });
    }

    fn json_value(&mut self, ids: &RowIdentifiers<'_>, stored: &StoredValue<'_>) {
        if self.written == 0 && !self.explicit_nulls {
            self.open_values();
        }
        if self.written > 0 {
            self.output.push(',');
        }
        let output = &mut self.output;
        output.push_str("{\"dataElement\":");
        push_json_string(output, ids.element);
        output.push_str(",\"period\":");
        push_json_string(output, ids.period);
        output.push_str(",\"orgUnit\":");
        push_json_string(output, ids.unit);
        output.push_str(",\"categoryOptionCombo\":");
        push_json_string(output, ids.option_combo);
        output.push_str(",\"attributeOptionCombo\":");
        push_json_string(output, ids.attribute);
        self.optional_member("value", stored.value);
        self.optional_member("storedBy", stored.stored_by);
        let output = &mut self.output;
        output.push_str(",\"created\":\"");
        push_utc_timestamp(output, stored.created);
        output.push_str("\",\"lastUpdated\":\"");
        push_utc_timestamp(output, stored.last_updated);
        output.push('"');
        self.optional_member("comment", stored.comment);
        let output = &mut self.output;
        output.push_str(if stored.followup {
            ",\"followup\":true"
        } else {
            ",\"followup\":false"
        });
        if stored.deleted {
            output.push_str(",\"deleted\":true");
        }
        output.push('}');
    }

    /// The buffered output, handed over; a new buffer continues.
    fn take_chunk(&mut self) -> String {
        std::mem::replace(&mut self.output, String::with_capacity(CHUNK_SIZE + 4096))
    }

    /// Closes the JSON object; the unflushed rest as the export's body.
    fn finish(mut self) -> Exported {
        if self.format == ExportFormat::Json {
            if self.explicit_nulls || self.written > 0 {
                self.output.push(']');
            }
            self.output.push('}');
        }
        Exported {
            body: self.output.into_bytes(),
            values: self.written,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s0_fast_timestamps_match_chrono() {
        for millis in [
            0,
            1_709_633_472_345,
            951_782_400_000,
            4_102_444_799_999,
            1_234,
        ] {
            let mut fast = String::new();
            push_utc_timestamp(&mut fast, millis);
            assert_eq!(fast, crate::data_values::utc_timestamp(millis));
        }
    }
}
