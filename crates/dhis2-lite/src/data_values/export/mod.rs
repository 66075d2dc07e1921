//! `GET /api/dataValueSets` (reference §4) without HTTP: [`ExportOptions`] say what is asked
//! for, `selection` resolves and validates it (E2001–E2012, last failing check wins) and builds
//! the query, `output` streams the rows as JSON or CSV with the version's shape.
//!
//! It must not read HTTP requests: the caller maps request parameters onto [`ExportOptions`].

mod options;
mod output;
mod selection;

use rusqlite::Connection;

pub use self::options::{ExportFormat, ExportOptions};
pub use self::output::Exported;

use self::output::{IdentifierTables, OutputSchemes, OutputWriter, StoredValue, single_set_header};
use self::selection::{SelectedUnits, Selection, StoredPeriods, check_access, value_query};
use crate::metadata::Catalog;
use crate::users::User;
use crate::version::VersionBehaviour;
use crate::web_message::ApiResult;

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
    let mut writer = OutputWriter::new(options.format, behaviour.export_explicit_nulls);
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
        if max_values.is_some_and(|max| writer.written() >= max) {
            break;
        }
        let Some(identifiers) = names.row(row, org_unit_id)? else {
            continue;
        };
        writer.value(identifiers, StoredValue::read(row)?);
        if let Some(chunk) = writer.full_chunk()
            && !sink(chunk)
        {
            break;
        }
    }
    Ok(writer.finish())
}
