//! Seeded data values: each value is a pure function of its key (data element, period, org unit,
//! category option combo, attribute option combo), so any two seeds agree.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use rusqlite::Connection;

use super::{FIRST_DATA_DATE, SeedError};
use crate::db::ensure_period;
use crate::metadata::{Catalog, DataElementInfo, MetadataStore};
use crate::periods::{Period, PeriodType};

/// One generated data value, with storage ids.
#[derive(Debug, Clone)]
pub struct SeedValue {
    /// Data element storage id.
    pub data_element: i64,
    /// Period storage id.
    pub period: i64,
    /// Org unit storage id.
    pub org_unit: i64,
    /// Category option combo storage id.
    pub category_option_combo: i64,
    /// Attribute option combo storage id.
    pub attribute_option_combo: i64,
    /// The value.
    pub value: String,
    /// Stored by.
    pub stored_by: &'static str,
    /// Creation time, epoch milliseconds UTC.
    pub created: i64,
    /// Last update time, epoch milliseconds UTC.
    pub last_updated: i64,
    /// Optional comment.
    pub comment: Option<&'static str>,
    /// Follow-up flag.
    pub followup: bool,
}

/// How many values a seed wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct SeedValueCount {
    /// Number of data values inserted.
    pub values: u64,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    hash ^= 0xff;
    hash.wrapping_mul(FNV_PRIME)
}

fn mix(mut hash: u64) -> u64 {
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

/// Stable hash of a key made of string parts.
pub fn key_hash(parts: &[&str]) -> u64 {
    mix(parts
        .iter()
        .fold(FNV_OFFSET, |hash, part| fnv(hash, part.as_bytes())))
}

const REMARKS: [&str; 6] = [
    "All services running",
    "Generator repaired",
    "Staff on training",
    "Road access difficult",
    "Outreach postponed",
    "Stock received late",
];
const NOTES: [&str; 4] = [
    "No unusual events reported this week.",
    "Community alert investigated, no confirmed cases.",
    "Rumour of cluster followed up by district team.",
    "Cross-border movement increased after market day.",
];
const OWNERSHIP: [&str; 4] = ["PUBLIC", "PRIVATE", "NGO", "FAITH_BASED"];
const STORED_BY: [&str; 3] = ["admin", "fsesay", "akamara"];

fn integer_range(element: &DataElementInfo) -> u64 {
    match element.code.as_deref().unwrap_or_default() {
        "POP_ESTIMATE" => 5_000,
        "POP_HOUSEHOLDS" => 1_500,
        "HIV_CONDOMS" => 500,
        "CH_ORS_STOCK" | "HIV_ART_CURRENT" => 300,
        "QR_DOCTORS" => 6,
        "QR_NURSES" => 25,
        "QR_BEDS" => 60,
        "QR_MATERNAL_DEATHS" => 3,
        "CH_ACT_STOCKOUT" => 10,
        _ => 60,
    }
}

/// The value of a key: a pure function of the key's UIDs, ISO period and the element's type.
pub fn value_for(
    element: &DataElementInfo,
    period: &Period,
    hash: u64,
    org_unit_uid: &str,
) -> String {
    let range = integer_range(element);
    match element.value_type.as_str() {
        "INTEGER" | "INTEGER_POSITIVE" => (1 + hash % range).to_string(),
        "INTEGER_ZERO_OR_POSITIVE" => {
            if element.zero_is_significant {
                (hash % (range + 1)).to_string()
            } else {
                (1 + hash % range).to_string()
            }
        }
        "NUMBER" => format!("{}.{}", 1 + hash % range.max(100), (hash >> 20) % 10),
        "PERCENTAGE" => format!("{}.{}", 1 + hash % 99, (hash >> 20) % 10),
        "UNIT_INTERVAL" => format!("0.{:02}", 1 + hash % 99),
        "BOOLEAN" => if hash.is_multiple_of(3) {
            "false"
        } else {
            "true"
        }
        .to_string(),
        "TRUE_ONLY" => "true".to_string(),
        "DATE" => (period.start + Duration::days((hash % period.days().max(1) as u64) as i64))
            .format("%Y-%m-%d")
            .to_string(),
        "EMAIL" => format!("{}@health.mambara.example", org_unit_uid.to_lowercase()),
        "PHONE_NUMBER" => format!("+232 7{} {}", hash % 10, 100_000 + hash % 900_000),
        "LONG_TEXT" => NOTES[(hash % NOTES.len() as u64) as usize].to_string(),
        _ if element.option_codes.is_some() => {
            OWNERSHIP[(hash % OWNERSHIP.len() as u64) as usize].to_string()
        }
        _ => REMARKS[(hash % REMARKS.len() as u64) as usize].to_string(),
    }
}

fn epoch_millis(date: NaiveDate, hour: u32, minute: u32) -> i64 {
    let time = NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default();
    date.and_time(time).and_utc().timestamp_millis()
}

/// The periods of `period_type` from the first data date whose end is before `today`.
pub fn seed_periods(period_type: PeriodType, first: NaiveDate, today: NaiveDate) -> Vec<Period> {
    let mut periods = Vec::new();
    let mut period = period_type.period_containing(first);
    if period.start < first {
        period = period.next();
    }
    while period.end < today {
        let next = period.next();
        periods.push(period);
        period = next;
    }
    periods
}

struct Plan<'a> {
    catalog: &'a Catalog,
    /// No value is stamped (created, last updated) at or after this instant: the start of the
    /// seeding day. A period that ended yesterday would otherwise get values "entered" in the
    /// future, which every incremental read after the seed would see as changed.
    stamped_before: i64,
}

impl Plan<'_> {
    fn new(catalog: &Catalog, today: NaiveDate) -> Plan<'_> {
        Plan {
            catalog,
            stamped_before: epoch_millis(today, 0, 0),
        }
    }
}

/// Generates values for the given data set periods, in storage-key order; `sample` decides
/// whether a key is part of the demo (the large seed takes every key).
fn generate_for_periods(
    plan: &Plan<'_>,
    connection: &Connection,
    period_lists: &[(usize, Vec<Period>)],
    sample: bool,
    limit: Option<u64>,
    sink: &mut dyn FnMut(SeedValue) -> rusqlite::Result<()>,
) -> Result<u64, SeedError> {
    let catalog = plan.catalog;
    let mut written = 0u64;
    for (data_set_index, periods) in period_lists {
        let data_set = &catalog.data_sets[*data_set_index];
        let attribute_combos = catalog
            .combo_option_combos
            .get(&data_set.category_combo)
            .cloned()
            .unwrap_or_default();
        let mut org_units: Vec<i64> = data_set.org_units.iter().copied().collect();
        org_units.sort_unstable();
        let period_ids = periods
            .iter()
            .map(|period| ensure_period(connection, period))
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        let reporting_rate = match data_set.period_type.as_str() {
            "Monthly" => 30,
            "Weekly" => 45,
            "Quarterly" => 50,
            _ => 80,
        };
        let mut elements: Vec<&DataElementInfo> = data_set
            .data_elements
            .iter()
            .filter_map(|uid| catalog.data_element(uid))
            .collect();
        elements.sort_by_key(|element| element.internal_id);
        for element in elements {
            let option_combos: Vec<_> = catalog
                .combo_option_combos
                .get(&element.category_combo)
                .map(|uids| {
                    uids.iter()
                        .filter_map(|uid| catalog.category_option_combo(uid))
                        .collect()
                })
                .unwrap_or_default();
            for (period, period_id) in periods.iter().zip(&period_ids) {
                for org_unit_id in &org_units {
                    let Some(org_unit) = catalog
                        .org_unit_by_internal_id
                        .get(org_unit_id)
                        .map(|index| &catalog.org_units[*index])
                    else {
                        continue;
                    };
                    let unit_hash = key_hash(&[&data_set.uid, &period.iso, &org_unit.uid]);
                    if sample && unit_hash % 100 >= reporting_rate {
                        continue;
                    }
                    for option_combo in &option_combos {
                        for (attribute_index, attribute_uid) in attribute_combos.iter().enumerate()
                        {
                            let Some(attribute) = catalog.category_option_combo(attribute_uid)
                            else {
                                continue;
                            };
                            if !attribute_allows(catalog, &attribute.category_options, period) {
                                continue;
                            }
                            if sample && attribute_combos.len() > 1 {
                                let unit_choice = key_hash(&[&org_unit.uid, "funding"]);
                                let first = (unit_choice % attribute_combos.len() as u64) as usize;
                                let second =
                                    ((unit_choice >> 8) % attribute_combos.len() as u64) as usize;
                                if attribute_index != first && attribute_index != second {
                                    continue;
                                }
                            }
                            let hash = key_hash(&[
                                &element.uid,
                                &period.iso,
                                &org_unit.uid,
                                &option_combo.uid,
                                &attribute.uid,
                            ]);
                            if sample && hash % 100 >= 70 {
                                continue;
                            }
                            if limit.is_some_and(|limit| written >= limit) {
                                return Ok(written);
                            }
                            let value = value_for(element, period, hash >> 7, &org_unit.uid);
                            let created_date = period.end + Duration::days(1 + (hash % 10) as i64);
                            let created = epoch_millis(
                                created_date,
                                8 + (hash % 9) as u32,
                                (hash % 60) as u32,
                            );
                            let last_updated = if hash.is_multiple_of(7) {
                                created + 86_400_000 * (1 + (hash % 5) as i64)
                            } else {
                                created
                            };
                            let cap = plan.stamped_before - 1000;
                            let (created, last_updated) = (created.min(cap), last_updated.min(cap));
                            sink(SeedValue {
                                data_element: element.internal_id,
                                period: *period_id,
                                org_unit: *org_unit_id,
                                category_option_combo: option_combo.internal_id,
                                attribute_option_combo: attribute.internal_id,
                                value,
                                stored_by: STORED_BY[(hash % STORED_BY.len() as u64) as usize],
                                created,
                                last_updated,
                                comment: hash
                                    .is_multiple_of(97)
                                    .then_some("Checked by district supervisor"),
                                followup: hash.is_multiple_of(499),
                            })?;
                            written += 1;
                        }
                    }
                }
            }
        }
    }
    Ok(written)
}

fn attribute_allows(catalog: &Catalog, options: &[String], period: &Period) -> bool {
    options.iter().all(|uid| {
        catalog.category_options.get(uid).is_none_or(|option| {
            option.start_date.is_none_or(|start| period.start >= start)
                && option.end_date.is_none_or(|end| period.end <= end)
        })
    })
}

fn insert_all(
    connection: &mut Connection,
    produce: impl FnOnce(
        &Connection,
        &mut dyn FnMut(SeedValue) -> rusqlite::Result<()>,
    ) -> Result<u64, SeedError>,
) -> Result<u64, SeedError> {
    let transaction = connection.transaction()?;
    let written = {
        let mut insert = transaction.prepare(
            "INSERT OR REPLACE INTO datavalue (data_element, period, org_unit, category_option_combo, \
             attribute_option_combo, value, stored_by, created, last_updated, comment, followup, deleted) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0)",
        )?;
        let mut sink = |value: SeedValue| -> rusqlite::Result<()> {
            insert.execute(rusqlite::params![
                value.data_element,
                value.period,
                value.org_unit,
                value.category_option_combo,
                value.attribute_option_combo,
                value.value,
                value.stored_by,
                value.created,
                value.last_updated,
                value.comment,
                value.followup,
            ])?;
            Ok(())
        };
        produce(&transaction, &mut sink)?
    };
    transaction.commit()?;
    Ok(written)
}

fn first_data_date() -> NaiveDate {
    let (year, month, day) = FIRST_DATA_DATE;
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default()
}

/// Generates every demo value into `sink` (used by tests to compare seeds).
pub fn generate_values(
    metadata: &MetadataStore,
    connection: &Connection,
    today: NaiveDate,
    sink: &mut dyn FnMut(SeedValue) -> rusqlite::Result<()>,
) -> Result<u64, SeedError> {
    let catalog = &metadata.catalog;
    let period_lists: Vec<(usize, Vec<Period>)> = catalog
        .data_sets
        .iter()
        .enumerate()
        .filter_map(|(index, data_set)| {
            PeriodType::from_name(&data_set.period_type)
                .map(|kind| (index, seed_periods(kind, first_data_date(), today)))
        })
        .collect();
    generate_for_periods(
        &Plan::new(catalog, today),
        connection,
        &period_lists,
        true,
        None,
        sink,
    )
}

/// Seeds the demo data values (periods from 2024-01-01 ending before `today`).
pub fn seed_demo_values(
    connection: &mut Connection,
    metadata: &MetadataStore,
    today: NaiveDate,
) -> Result<SeedValueCount, SeedError> {
    let values = insert_all(connection, |transaction, sink| {
        generate_values(metadata, transaction, today, sink)
    })?;
    Ok(SeedValueCount { values })
}

/// Seeds exactly `count` values (every key, year by year from 2024, then earlier years) for the
/// `large:N` seed.
pub fn insert_values_for_large_seed(
    connection: &mut Connection,
    metadata: &MetadataStore,
    today: NaiveDate,
    count: u64,
) -> Result<SeedValueCount, SeedError> {
    let catalog = &metadata.catalog;
    let mut years: Vec<i32> = (2024..=today.year()).collect();
    years.extend((1970..2024).rev());
    let values = insert_all(connection, |transaction, sink| {
        let mut written = 0u64;
        for year in years {
            if written >= count {
                break;
            }
            let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
            let last = NaiveDate::from_ymd_opt(year + 1, 1, 1)
                .unwrap_or_default()
                .min(today);
            let period_lists: Vec<(usize, Vec<Period>)> = catalog
                .data_sets
                .iter()
                .enumerate()
                .filter_map(|(index, data_set)| {
                    PeriodType::from_name(&data_set.period_type).map(|kind| {
                        let periods = seed_periods(kind, first, last)
                            .into_iter()
                            .filter(|period| period.start.year() == year)
                            .collect();
                        (index, periods)
                    })
                })
                .collect();
            written += generate_for_periods(
                &Plan::new(catalog, today),
                transaction,
                &period_lists,
                false,
                Some(count - written),
                sink,
            )?;
        }
        Ok(written)
    })?;
    Ok(SeedValueCount { values })
}
