//! `GET /api/dataValueSets` (reference §4): parameter resolution, the E2001–E2012 validation
//! (last failing check wins), and streaming the rows as JSON or CSV with the version's shape.

use std::collections::HashSet;
use std::fmt::Write as _;

use axum::http::StatusCode;
use rusqlite::Connection;

use super::{IdScheme, data_element_identifier, option_combo_identifier, org_unit_identifier};
use crate::api::QueryParams;
use crate::metadata::Catalog;
use crate::periods::Period;
use crate::users::User;
use crate::version::VersionBehaviour;
use crate::web_message::{ApiError, ApiResult};

/// Output format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// JSON.
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

fn conflict(code: &str, message: String) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, message, Some(code))
}

fn split_values<'a>(params: &'a QueryParams, key: &str) -> Vec<&'a str> {
    params
        .all(key)
        .into_iter()
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .collect()
}

fn scheme(params: &QueryParams, specific: &str, general: &IdScheme) -> IdScheme {
    params
        .get(specific)
        .and_then(IdScheme::parse)
        .unwrap_or_else(|| general.clone())
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

fn table_text(table: &[Option<String>], position: usize) -> &str {
    table[position].as_deref().unwrap_or_default()
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

/// Runs an export for `user` with the request's parameters; `now_millis` is the server's clock
/// (for `lastUpdatedDuration`).
pub fn export(
    connection: &Connection,
    catalog: &Catalog,
    behaviour: &VersionBehaviour,
    user: &User,
    params: &QueryParams,
    format: ExportFormat,
    now_millis: i64,
) -> ApiResult<Exported> {
    let mut chunks: Vec<u8> = Vec::new();
    let mut exported = export_streaming(
        connection,
        catalog,
        behaviour,
        user,
        params,
        format,
        now_millis,
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
/// stops early when `sink` returns false (the client went away). `now_millis` is the server's
/// clock (for `lastUpdatedDuration`).
// Eight arguments until the export takes one options value instead of the HTTP parameters.
#[allow(clippy::too_many_arguments)]
pub fn export_streaming(
    connection: &Connection,
    catalog: &Catalog,
    behaviour: &VersionBehaviour,
    user: &User,
    params: &QueryParams,
    format: ExportFormat,
    now_millis: i64,
    sink: &mut dyn FnMut(String) -> bool,
) -> ApiResult<Exported> {
    let input_scheme = if behaviour.export_input_id_schemes {
        params
            .get("inputIdScheme")
            .and_then(IdScheme::parse)
            .unwrap_or_default()
    } else {
        IdScheme::Uid
    };
    let input_resolver = super::Resolver::new(
        catalog,
        &scheme(params, "inputDataElementIdScheme", &input_scheme),
        &scheme(params, "inputOrgUnitIdScheme", &input_scheme),
        &IdScheme::Uid,
        &scheme(params, "inputDataSetIdScheme", &input_scheme),
    );
    // Data elements from data sets, data elements and groups.
    let data_set_ids = split_values(params, "dataSet");
    let data_sets: Vec<usize> = data_set_ids
        .iter()
        .filter_map(|id| input_resolver.data_set(id))
        .collect();
    let mut data_elements: Vec<usize> = Vec::new();
    for data_set in &data_sets {
        for uid in &catalog.data_sets[*data_set].data_elements {
            if let Some(index) = catalog.data_element_by_uid.get(uid) {
                data_elements.push(*index);
            }
        }
    }
    if behaviour.export_data_element_parameter {
        for id in split_values(params, "dataElement") {
            if let Some(index) = input_resolver.data_element(id) {
                data_elements.push(index);
            }
        }
    }
    let group_ids = split_values(params, "dataElementGroup");
    for group in &group_ids {
        if let Some(members) = catalog.data_element_groups.get(*group) {
            for uid in members {
                if let Some(index) = catalog.data_element_by_uid.get(uid) {
                    data_elements.push(*index);
                }
            }
        }
    }
    data_elements.sort_unstable();
    data_elements.dedup();
    let periods: Vec<Period> = split_values(params, "period")
        .into_iter()
        .filter_map(Period::parse)
        .collect();
    let start_date = params.get("startDate").and_then(|text| {
        chrono::NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d").ok()
    });
    let end_date = params.get("endDate").and_then(|text| {
        chrono::NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d").ok()
    });
    let last_updated = params.get("lastUpdated").and_then(super::parse_timestamp);
    let duration_text = params.get("lastUpdatedDuration");
    let duration = duration_text.and_then(parse_duration);
    let org_unit_ids = split_values(params, "orgUnit");
    let org_units: Vec<usize> = org_unit_ids
        .iter()
        .filter_map(|id| input_resolver.org_unit(id))
        .collect();
    let org_unit_groups: Vec<&str> = split_values(params, "orgUnitGroup")
        .into_iter()
        .filter(|uid| catalog.org_unit_groups.contains_key(*uid))
        .collect();
    let children = params.flag("children").unwrap_or(false);
    let limit = params
        .get("limit")
        .and_then(|limit| limit.parse::<i64>().ok());
    let include_deleted = params.flag("includeDeleted").unwrap_or(false);

    // Validation: every check runs, the last failing one wins.
    let mut error: Option<ApiError> = None;
    if data_elements.is_empty() {
        error = Some(conflict(
            "E2001",
            "At least one data element, data set or data element group must be specified".into(),
        ));
    }
    let has_dates = start_date.is_some() && end_date.is_some();
    if periods.is_empty() && !has_dates && last_updated.is_none() && duration_text.is_none() {
        error = Some(conflict("E2002", "At least one period, start/end dates, last updated or last updated duration must be specified".into()));
    }
    if !periods.is_empty() && has_dates {
        error = Some(conflict(
            "E2003",
            "Both periods and start/end date cannot be specified".into(),
        ));
    }
    if let (Some(start), Some(end)) = (start_date, end_date)
        && start > end
    {
        error = Some(conflict(
            "E2004",
            "Start date must be before end date".into(),
        ));
    }
    if let Some(text) = duration_text
        && duration.is_none()
    {
        error = Some(conflict(
            "E2005",
            format!("Duration is not valid: `{text}`"),
        ));
    }
    if org_units.is_empty() && org_unit_groups.is_empty() {
        error = Some(conflict(
            "E2006",
            "At least one organisation unit or organisation unit group must be specified".into(),
        ));
    }
    if children && !org_unit_groups.is_empty() {
        error = Some(conflict(
            "E2007",
            "Organisation unit children cannot be included for organisation unit groups".into(),
        ));
    }
    if children && org_units.is_empty() {
        error = Some(conflict(
            "E2008",
            "At least one organisation unit must be specified when children are included".into(),
        ));
    }
    if let Some(limit) = limit
        && limit < 0
    {
        error = Some(conflict(
            "E2009",
            format!("Limit cannot be less than zero: `{limit}`"),
        ));
    }
    if let Some(error) = error {
        return Err(error);
    }
    // Access: data read sharing of the data sets and of the requested attribute option combos.
    for index in &data_sets {
        let data_set = &catalog.data_sets[*index];
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
    for uid in split_values(params, "attributeOptionCombo") {
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
    // Access: org units must lie in the user's data view hierarchy.
    let view_roots: Vec<&str> = user.view_org_units().iter().map(String::as_str).collect();
    for index in &org_units {
        let unit = &catalog.org_units[*index];
        if !view_roots.iter().any(|root| unit.path.contains(root)) {
            return Err(conflict(
                "E2012",
                format!("User is not allowed to view org unit: `{}`", unit.uid),
            ));
        }
    }

    // Selected org units.
    let max_internal_id = catalog
        .org_units
        .iter()
        .map(|unit| unit.internal_id)
        .max()
        .unwrap_or(0);
    let mut selected_units = vec![false; usize::try_from(max_internal_id + 1).unwrap_or(0)];
    let mut selected_count = 0usize;
    let mut select = |internal_id: i64| {
        if let Ok(position) = usize::try_from(internal_id)
            && position < selected_units.len()
            && !selected_units[position]
        {
            selected_units[position] = true;
            selected_count += 1;
        }
    };
    for index in &org_units {
        let unit = &catalog.org_units[*index];
        if children {
            for candidate in &catalog.org_units {
                if candidate.path.starts_with(&unit.path) {
                    select(candidate.internal_id);
                }
            }
        } else {
            select(unit.internal_id);
        }
    }
    for group in &org_unit_groups {
        for internal_id in catalog.org_unit_groups.get(*group).into_iter().flatten() {
            select(*internal_id);
        }
    }

    // Periods: ids of the requested periods, or of those inside [start, end].
    let mut period_filter: Option<Vec<i64>> = None;
    let mut period_isos: Vec<(i64, String)> = Vec::new();
    {
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
        let wanted: HashSet<&str> = periods.iter().map(|period| period.iso.as_str()).collect();
        let mut ids = Vec::new();
        for row in rows {
            let (id, iso, start, end) = row?;
            if !periods.is_empty() {
                if wanted.contains(iso.as_str()) {
                    ids.push(id);
                }
            } else if let (Some(range_start), Some(range_end)) = (start_date, end_date) {
                let start = chrono::NaiveDate::parse_from_str(&start, "%Y-%m-%d").ok();
                let end = chrono::NaiveDate::parse_from_str(&end, "%Y-%m-%d").ok();
                if start.is_some_and(|start| start >= range_start)
                    && end.is_some_and(|end| end <= range_end)
                {
                    ids.push(id);
                }
            }
            period_isos.push((id, iso));
        }
        if !periods.is_empty() || has_dates {
            period_filter = Some(ids);
        }
    }
    // Attribute option combos.
    let mut attribute_filter: Vec<i64> = split_values(params, "attributeOptionCombo")
        .into_iter()
        .filter_map(|uid| {
            catalog
                .category_option_combo(uid)
                .map(|combo| combo.internal_id)
        })
        .collect();
    if let (Some(combo), Some(options)) =
        (params.get("attributeCombo"), params.get("attributeOptions"))
    {
        let wanted: HashSet<&str> = options.split([',', ';']).map(str::trim).collect();
        for uid in catalog.combo_option_combos.get(combo).into_iter().flatten() {
            if let Some(option_combo) = catalog.category_option_combo(uid)
                && option_combo
                    .category_options
                    .iter()
                    .all(|option| wanted.contains(option.as_str()))
            {
                attribute_filter.push(option_combo.internal_id);
            }
        }
    }

    let id_scheme = params
        .get("idScheme")
        .and_then(IdScheme::parse)
        .unwrap_or_default();
    let data_element_scheme = scheme(params, "dataElementIdScheme", &id_scheme);
    let org_unit_scheme = scheme(params, "orgUnitIdScheme", &id_scheme);
    let option_combo_scheme = scheme(params, "categoryOptionComboIdScheme", &id_scheme);
    let attribute_scheme = scheme(params, "attributeOptionComboIdScheme", &option_combo_scheme);
    let data_set_scheme = scheme(params, "dataSetIdScheme", &id_scheme);

    let mut sql = String::from(
        "SELECT data_element, period, org_unit, category_option_combo, attribute_option_combo, value, \
         stored_by, created, last_updated, comment, followup, deleted FROM datavalue WHERE data_element IN (",
    );
    for (position, index) in data_elements.iter().enumerate() {
        if position > 0 {
            sql.push(',');
        }
        let _ = write!(sql, "{}", catalog.data_elements[*index].internal_id);
    }
    sql.push(')');
    if let Some(ids) = &period_filter {
        sql.push_str(" AND period IN (");
        sql.push_str(&ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
        sql.push(')');
    }
    if selected_count <= 500 {
        let ids: Vec<String> = selected_units
            .iter()
            .enumerate()
            .filter(|(_, selected)| **selected)
            .map(|(id, _)| id.to_string())
            .collect();
        sql.push_str(" AND org_unit IN (");
        sql.push_str(&ids.join(","));
        sql.push(')');
    }
    if !attribute_filter.is_empty() {
        sql.push_str(" AND attribute_option_combo IN (");
        sql.push_str(
            &attribute_filter
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(","),
        );
        sql.push(')');
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
    if !include_deleted {
        sql.push_str(" AND deleted = 0");
    }
    let mut since: Option<i64> = last_updated;
    if let Some(duration) = duration {
        let threshold = now_millis - duration;
        since = Some(since.map_or(threshold, |since| since.max(threshold)));
    }
    if let Some(since) = since {
        let _ = write!(sql, " AND last_updated >= {since}");
    }

    let single = data_sets.len() == 1
        && periods.len() == 1
        && org_units.len() == 1
        && group_ids.is_empty()
        && !children;
    let explicit_nulls = behaviour.export_explicit_nulls;
    let mut output = String::with_capacity(CHUNK_SIZE + 4096);
    let mut header_open = false;
    if format == ExportFormat::Csv {
        output.push_str("dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup,deleted\n");
    } else {
        output.push('{');
        if single {
            let data_set = &catalog.data_sets[data_sets[0]];
            let unit = &catalog.org_units[org_units[0]];
            let complete: Option<String> = {
                use rusqlite::OptionalExtension;
                connection
                    .query_row(
                        "SELECT date FROM complete_registration WHERE data_set = ?1 AND period = ?2 AND org_unit = ?3 LIMIT 1",
                        [&data_set.uid, &periods[0].iso, &unit.uid],
                        |row| row.get(0),
                    )
                    .optional()?
            };
            output.push_str("\"dataSet\":");
            push_json_string(
                &mut output,
                data_set_scheme.identifier(&data_set.uid, data_set.code.as_deref(), &data_set.name),
            );
            match complete {
                Some(date) => {
                    output.push_str(",\"completeDate\":");
                    push_json_string(&mut output, &date);
                }
                None if explicit_nulls => output.push_str(",\"completeDate\":null"),
                None => {}
            }
            output.push_str(",\"period\":");
            push_json_string(&mut output, &periods[0].iso);
            output.push_str(",\"orgUnit\":");
            push_json_string(&mut output, org_unit_identifier(&org_unit_scheme, unit));
            header_open = true;
        }
        if explicit_nulls {
            if header_open {
                output.push(',');
            }
            output.push_str("\"dataValues\":[");
        }
    }

    // Identifier tables by storage id, so the row loop does no hashing or allocation.
    let table = |entries: Vec<(i64, String)>| {
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
    };
    let element_names = table(
        catalog
            .data_elements
            .iter()
            .map(|element| {
                (
                    element.internal_id,
                    data_element_identifier(&data_element_scheme, element).to_string(),
                )
            })
            .collect(),
    );
    let unit_names = table(
        catalog
            .org_units
            .iter()
            .map(|unit| {
                (
                    unit.internal_id,
                    org_unit_identifier(&org_unit_scheme, unit).to_string(),
                )
            })
            .collect(),
    );
    let combo_names = table(
        catalog
            .category_option_combos
            .iter()
            .map(|combo| {
                (
                    combo.internal_id,
                    option_combo_identifier(&option_combo_scheme, combo).to_string(),
                )
            })
            .collect(),
    );
    let attribute_names = table(
        catalog
            .category_option_combos
            .iter()
            .map(|combo| {
                (
                    combo.internal_id,
                    option_combo_identifier(&attribute_scheme, combo).to_string(),
                )
            })
            .collect(),
    );
    let period_names = table(period_isos.into_iter().collect());
    let lookup = |table: &[Option<String>], id: i64| -> Option<usize> {
        usize::try_from(id)
            .ok()
            .filter(|position| table.get(*position).is_some_and(Option::is_some))
    };

    let mut statement = connection.prepare(&sql)?;
    let mut rows = statement.query([])?;
    let mut written = 0usize;
    let max_values = limit.map(|limit| usize::try_from(limit).unwrap_or(0));
    while let Some(row) = rows.next()? {
        let org_unit_id: i64 = row.get(2)?;
        if !usize::try_from(org_unit_id)
            .ok()
            .and_then(|position| selected_units.get(position))
            .copied()
            .unwrap_or(false)
        {
            continue;
        }
        if max_values.is_some_and(|max| written >= max) {
            break;
        }
        let (Some(element), Some(unit), Some(option_combo), Some(attribute), Some(period)) = (
            lookup(&element_names, row.get(0)?),
            lookup(&unit_names, org_unit_id),
            lookup(&combo_names, row.get(3)?),
            lookup(&attribute_names, row.get(4)?),
            lookup(&period_names, row.get(1)?),
        ) else {
            continue;
        };
        let (element, unit, option_combo, attribute, period) = (
            table_text(&element_names, element),
            table_text(&unit_names, unit),
            table_text(&combo_names, option_combo),
            table_text(&attribute_names, attribute),
            table_text(&period_names, period),
        );
        let value = row.get_ref(5)?.as_str_or_null().ok().flatten();
        let stored_by = row.get_ref(6)?.as_str_or_null().ok().flatten();
        let created: i64 = row.get(7)?;
        let last_updated_at: i64 = row.get(8)?;
        let comment = row.get_ref(9)?.as_str_or_null().ok().flatten();
        let followup: bool = row.get(10)?;
        let deleted: bool = row.get(11)?;
        if format == ExportFormat::Csv {
            push_csv_field(&mut output, element);
            output.push(',');
            push_csv_field(&mut output, period);
            output.push(',');
            push_csv_field(&mut output, unit);
            output.push(',');
            push_csv_field(&mut output, option_combo);
            output.push(',');
            push_csv_field(&mut output, attribute);
            output.push(',');
            push_csv_field(&mut output, value.unwrap_or_default());
            output.push(',');
            push_csv_field(&mut output, stored_by.unwrap_or_default());
            output.push(',');
            push_utc_timestamp(&mut output, last_updated_at);
            output.push(',');
            push_csv_field(&mut output, comment.unwrap_or_default());
            output.push_str(if followup { ",true," } else { ",false," });
            output.push_str(if deleted { "true\n" } else { "false\n" });
        } else {
            if written == 0 && !explicit_nulls {
                if header_open {
                    output.push(',');
                }
                output.push_str("\"dataValues\":[");
            }
            if written > 0 {
                output.push(',');
            }
            output.push_str("{\"dataElement\":");
            push_json_string(&mut output, element);
            output.push_str(",\"period\":");
            push_json_string(&mut output, period);
            output.push_str(",\"orgUnit\":");
            push_json_string(&mut output, unit);
            output.push_str(",\"categoryOptionCombo\":");
            push_json_string(&mut output, option_combo);
            output.push_str(",\"attributeOptionCombo\":");
            push_json_string(&mut output, attribute);
            match value {
                Some(value) => {
                    output.push_str(",\"value\":");
                    push_json_string(&mut output, value);
                }
                None if explicit_nulls => output.push_str(",\"value\":null"),
                None => {}
            }
            match stored_by {
                Some(stored_by) => {
                    output.push_str(",\"storedBy\":");
                    push_json_string(&mut output, stored_by);
                }
                None if explicit_nulls => output.push_str(",\"storedBy\":null"),
                None => {}
            }
            output.push_str(",\"created\":\"");
            push_utc_timestamp(&mut output, created);
            output.push_str("\",\"lastUpdated\":\"");
            push_utc_timestamp(&mut output, last_updated_at);
            output.push('"');
            match comment {
                Some(comment) => {
                    output.push_str(",\"comment\":");
                    push_json_string(&mut output, comment);
                }
                None if explicit_nulls => output.push_str(",\"comment\":null"),
                None => {}
            }
            output.push_str(if followup {
                ",\"followup\":true"
            } else {
                ",\"followup\":false"
            });
            if deleted {
                output.push_str(",\"deleted\":true");
            }
            output.push('}');
        }
        written += 1;
        if output.len() >= CHUNK_SIZE {
            let full = std::mem::replace(&mut output, String::with_capacity(CHUNK_SIZE + 4096));
            if !sink(full) {
                break;
            }
        }
    }
    if format == ExportFormat::Json {
        if explicit_nulls || written > 0 {
            output.push(']');
        }
        output.push('}');
    }
    Ok(Exported {
        body: output.into_bytes(),
        values: written,
    })
}

/// Whether `user` may read data of every category option of `combo` (DHIS2's `canDataRead` of a
/// category option combo).
fn option_combo_readable(
    catalog: &Catalog,
    combo: &crate::metadata::CategoryOptionComboInfo,
    user: &User,
) -> bool {
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
