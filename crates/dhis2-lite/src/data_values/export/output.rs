//! Writing an export (reference §4.3): identifiers under the output id schemes, the single data
//! set header, and each row as JSON (with the version's explicit nulls) or CSV, without a
//! formatter on the hot path.
//!
//! It must not decide which rows are selected: that is `selection`.

use std::fmt::Write as _;

use rusqlite::{Connection, OptionalExtension};

use super::options::{ExportFormat, ExportOptions, scheme_or};
use super::selection::Selection;
use crate::data_values::{
    IdScheme, data_element_identifier, option_combo_identifier, org_unit_identifier,
};
use crate::metadata::Catalog;

/// Size above which the export hands the buffered output to its sink.
pub(super) const CHUNK_SIZE: usize = 1 << 18;

/// A finished export.
#[derive(Debug)]
pub struct Exported {
    /// The body.
    pub body: Vec<u8>,
    /// Number of values written.
    pub values: usize,
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

/// The id schemes of the output.
pub(super) struct OutputSchemes {
    data_element: IdScheme,
    org_unit: IdScheme,
    option_combo: IdScheme,
    attribute: IdScheme,
    data_set: IdScheme,
}

impl OutputSchemes {
    /// Each kind's own scheme, else `idScheme` (attribute option combos fall back to the
    /// category option combo scheme).
    pub fn of(options: &ExportOptions) -> Self {
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
pub(super) struct SetHeader {
    data_set: String,
    complete_date: Option<String>,
    period: String,
    org_unit: String,
}

pub(super) fn single_set_header(
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
pub(super) struct IdentifierTables {
    elements: Vec<Option<String>>,
    units: Vec<Option<String>>,
    combos: Vec<Option<String>>,
    attributes: Vec<Option<String>>,
    periods: Vec<Option<String>>,
}

/// The identifiers of one row.
pub(super) struct RowIdentifiers<'t> {
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
    pub fn of(catalog: &Catalog, schemes: &OutputSchemes, period_isos: Vec<(i64, String)>) -> Self {
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
    pub fn row(
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
pub(super) struct StoredValue<'r> {
    value: Option<&'r str>,
    stored_by: Option<&'r str>,
    created: i64,
    last_updated: i64,
    comment: Option<&'r str>,
    followup: bool,
    deleted: bool,
}

impl<'r> StoredValue<'r> {
    pub fn read(row: &'r rusqlite::Row<'_>) -> rusqlite::Result<Self> {
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
pub(super) struct OutputWriter {
    format: ExportFormat,
    explicit_nulls: bool,
    output: String,
    header_open: bool,
    written: usize,
}

impl OutputWriter {
    /// An empty output in `format`; `explicit_nulls` where the version writes absent members as
    /// `null`.
    pub fn new(format: ExportFormat, explicit_nulls: bool) -> Self {
        Self {
            format,
            explicit_nulls,
            output: String::with_capacity(CHUNK_SIZE + 4096),
            header_open: false,
            written: 0,
        }
    }

    /// Values written so far.
    pub fn written(&self) -> usize {
        self.written
    }

    /// The buffered output once it reached [`CHUNK_SIZE`], handed over; a new buffer continues.
    pub fn full_chunk(&mut self) -> Option<String> {
        (self.output.len() >= CHUNK_SIZE)
            .then(|| std::mem::replace(&mut self.output, String::with_capacity(CHUNK_SIZE + 4096)))
    }

    /// The CSV header line, or the JSON object's opening (with the single set's header).
    pub fn start(&mut self, header: Option<SetHeader>) {
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
    pub fn value(&mut self, ids: RowIdentifiers<'_>, stored: StoredValue<'_>) {
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

    /// Closes the JSON object; the unflushed rest as the export's body.
    pub fn finish(mut self) -> Exported {
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
