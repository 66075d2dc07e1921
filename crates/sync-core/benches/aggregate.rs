//! Benchmarks on 1,000,000 generated data values (about 300 MB of `/api/dataValueSets` JSON in
//! the 2.38+ shape): bytes → rows (the reader alone), and bytes → filtered and aggregated
//! payload (reader, filter and aggregation engine), fed in 1 MiB chunks as a browser stream would
//! deliver them. Prints values per CPU-second (the process's CPU time, which other processes on
//! a shared machine disturb much less than wall time), wall-clock rates and the memory the
//! aggregation added, for two data shapes: `realistic` (a routine monthly data set, the same
//! bytes as the browser bench's `data=realistic`) and `simple` (the earlier synthetic shape).
//!
//! Run: `cargo bench -p sync-core --bench aggregate`. `AGG_BENCH_VALUES` changes the number of
//! values (default 1,000,000), `AGG_BENCH_SHAPE` the shapes (`realistic`, `simple`, `both`),
//! `AGG_BENCH_RUNS` the runs per figure (default 5, medians), `AGG_BENCH_CRITERION=0` skips the
//! criterion runs.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use sync_core::aggregate::{AggregateSpec, Aggregator, DataElementSpec, TargetPeriods};
use sync_core::filter::OrgUnitPath;
use sync_core::period::PeriodType;
use sync_core::reader::DataValueReader;
use sync_core::values::{DataValueRef, Interners};

const CHUNK: usize = 1 << 20;
const DATA_ELEMENTS: usize = 50;
const DISTRICTS: usize = 20;
const FACILITIES_PER_DISTRICT: usize = 100;
const MONTHS: usize = 12;

fn uid(prefix: char, index: usize) -> String {
    format!("{prefix}{index:010}")
}

/// The old, simple shape: 50 data elements × 12 months of 2020 × up to 2,000 facilities, ids
/// of the form `d0000000001`, 4 category option combos and 2 attribute option combos, values
/// 0–999 with some decimals, ordered by data element; no comments, no zeros left out.
fn generate_simple(values: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(values * 310 + 64);
    out.extend_from_slice(b"{\"dataValues\":[");
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut count = 0;
    'outer: for de in 0..DATA_ELEMENTS {
        for month in 1..=MONTHS {
            for facility in 0..DISTRICTS * FACILITIES_PER_DISTRICT {
                if count == values {
                    break 'outer;
                }
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let value = state % 1000;
                let value = if state.is_multiple_of(7) {
                    format!("{value}.5")
                } else {
                    value.to_string()
                };
                if count > 0 {
                    out.push(b',');
                }
                let item = format!(
                    "{{\"dataElement\":\"{}\",\"period\":\"2020{month:02}\",\"orgUnit\":\"{}\",\"categoryOptionCombo\":\"{}\",\"attributeOptionCombo\":\"{}\",\"value\":\"{value}\",\"storedBy\":\"admin\",\"created\":\"2020-{month:02}-05T10:00:00.000+0000\",\"lastUpdated\":\"2020-{month:02}-05T10:00:00.000+0000\",\"comment\":null,\"followup\":false}}",
                    uid('d', de),
                    uid('f', facility),
                    uid('c', (state >> 8) as usize % 4),
                    uid('a', (state >> 16) as usize % 2),
                );
                out.extend_from_slice(item.as_bytes());
                count += 1;
            }
        }
    }
    out.extend_from_slice(b"]}");
    out
}

/// The simple shape's options: aggregate to the 20 districts and the root by quarter; 5 data
/// elements excluded, one attribute option combo of the two kept; a mix of aggregation types
/// (70% SUM).
fn spec_simple() -> AggregateSpec {
    // Mostly SUM, as in real data sets, with some AVERAGE, LAST and MAX.
    // AGG_BENCH_MIX=sum makes every data element SUM.
    let sum_only = std::env::var("AGG_BENCH_MIX").is_ok_and(|mix| mix == "sum");
    let aggregation = if sum_only {
        ["SUM"; 10]
    } else {
        [
            "SUM", "SUM", "SUM", "SUM", "SUM", "SUM", "SUM", "AVERAGE", "LAST", "MAX",
        ]
    };
    let mut org_units = vec![OrgUnitPath {
        id: "root0000000".into(),
        path: "/root0000000".into(),
    }];
    for district in 0..DISTRICTS {
        let district_id = uid('x', district);
        org_units.push(OrgUnitPath {
            id: district_id.clone(),
            path: format!("/root0000000/{district_id}"),
        });
        for facility in 0..FACILITIES_PER_DISTRICT {
            let facility_id = uid('f', district * FACILITIES_PER_DISTRICT + facility);
            org_units.push(OrgUnitPath {
                path: format!("/root0000000/{district_id}/{facility_id}"),
                id: facility_id,
            });
        }
    }
    let mut selected: Vec<String> = (0..DISTRICTS).map(|district| uid('x', district)).collect();
    selected.push("root0000000".into());
    AggregateSpec {
        data_elements: (0..DATA_ELEMENTS)
            .map(|de| DataElementSpec {
                id: uid('d', de),
                value_type: "NUMBER".into(),
                aggregation_type: aggregation[de % aggregation.len()].into(),
                zero_is_significant: false,
            })
            .collect(),
        org_units,
        selected_org_units: selected,
        period_type: PeriodType::Quarterly,
        periods: TargetPeriods::Ids(
            ["2020Q1", "2020Q2", "2020Q3", "2020Q4"]
                .map(String::from)
                .to_vec(),
        ),
        excluded_data_elements: (0..5).map(|de| uid('d', de * 10)).collect(),
        attribute_option_combos: Some(vec![uid('a', 0)]),
        include_zero_values: true,
    }
}

/// The realistic shape, byte for byte the same as `generateRealistic` in
/// `crates/sync-core-web/bench/data.js` (both print the same checksum): what a DHIS2 2.38+
/// export of a routine monthly data set looks like.
///
/// - 40 data elements (28 SUM, 6 AVERAGE, 6 LAST; INTEGER_ZERO_OR_POSITIVE, INTEGER, NUMBER,
///   PERCENTAGE, BOOLEAN) in a shuffled form order, on 6 category combos of 1, 2, 3, 5, 6 and 6
///   option combos (23 in all, the first being DHIS2's default), 2 attribute option combos.
/// - 1,169 org units on 5 levels (1 root, 4 regions, 16 districts, 148 chiefdoms, 1,000
///   facilities); the facilities, every 4th chiefdom and every 4th district enter data.
/// - Monthly, 2020-01 to 2021-12, ordered by period then `created`: each month, org units in a
///   random order each enter a form (75% of its data elements, 90% of their option combos) in
///   one session, a value every 7 seconds, under one user and the org unit's attribute combo.
/// - About 4% zeros, 5% comments (a third with JSON escapes), 1% follow-up, 5% updated later.
///   DHIS2 UIDs (11 random letters and digits).
mod realistic {
    /// mulberry32: a tiny 32-bit generator that JavaScript computes identically.
    pub struct Rng(u32);

    impl Rng {
        pub fn new(seed: u32) -> Rng {
            Rng(seed)
        }

        pub fn next(&mut self) -> u32 {
            self.0 = self.0.wrapping_add(0x6D2B_79F5);
            let a = self.0;
            let mut t = (a ^ (a >> 15)).wrapping_mul(a | 1);
            t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
            t ^ (t >> 14)
        }

        /// Uniform in `0..n` (n below 2^21, as JavaScript's doubles need).
        pub fn below(&mut self, n: u32) -> u32 {
            ((u64::from(self.next()) * u64::from(n)) >> 32) as u32
        }

        pub fn chance(&mut self, per_mille: u32) -> bool {
            self.below(1000) < per_mille
        }

        /// A DHIS2 UID: a letter, then 10 letters or digits.
        pub fn uid(&mut self) -> String {
            const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
            const ALPHANUMERIC: &[u8] =
                b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
            let mut id = String::with_capacity(11);
            id.push(char::from(LETTERS[self.below(52) as usize]));
            for _ in 0..10 {
                id.push(char::from(ALPHANUMERIC[self.below(62) as usize]));
            }
            id
        }
    }

    pub const DEFAULT_COMBO: &str = "HllvX50cXC0";
    const COMBO_SIZES: [usize; 6] = [1, 2, 3, 5, 6, 6];
    const USERS: [&str; 8] = [
        "admin",
        "jmwale",
        "system",
        "kbangura",
        "data.clerk",
        "a.sesay",
        "hmis_officer",
        "tk",
    ];
    /// Comment texts as they appear in the JSON (escapes included).
    const COMMENTS: [&str; 8] = [
        "Checked against the register",
        "Late report",
        "Value confirmed by \\\"DHO\\\"",
        "Stock count done on the 3rd",
        "Line 1\\nLine 2",
        "Saved in C:\\\\data",
        "Recount needed",
        "Caf\\u00e9 clinic",
    ];

    pub struct DataElement {
        pub id: String,
        pub value_type: &'static str,
        pub aggregation_type: &'static str,
        pub combo: usize,
    }

    pub struct Metadata {
        /// (id, path), root first, then level by level.
        pub org_units: Vec<(String, String)>,
        /// Indices into `org_units` of the levels 1–3 (the aggregation targets).
        pub selected: Vec<usize>,
        /// Indices of the org units that enter data.
        pub reporting: Vec<usize>,
        pub data_elements: Vec<DataElement>,
        /// Data element indices in form order.
        pub form: Vec<usize>,
        pub combos: Vec<Vec<String>>,
        pub attribute_combos: [String; 2],
    }

    /// The metadata, and the generator positioned after drawing it.
    pub fn metadata() -> (Metadata, Rng) {
        let mut rng = Rng::new(20_240_615);
        let mut org_units = vec![];
        let root = rng.uid();
        org_units.push((root.clone(), format!("/{root}")));
        let mut reporting = Vec::new();
        let mut level: Vec<usize> = vec![0];
        // Children per parent, level by level: 4 regions, 4 districts each, 148 chiefdoms over
        // 16 districts, 1,000 facilities over 148 chiefdoms.
        for (depth, (total, parents)) in [(4usize, 1usize), (16, 4), (148, 16), (1000, 148)]
            .into_iter()
            .enumerate()
        {
            let mut next = Vec::new();
            for (position, &parent) in level.iter().enumerate() {
                let children = total / parents + usize::from(position < total % parents);
                for _ in 0..children {
                    let id = rng.uid();
                    let path = format!("{}/{id}", org_units[parent].1);
                    let index = org_units.len();
                    org_units.push((id, path));
                    let enters_data = match depth {
                        3 => true,
                        1 | 2 => next.len() % 4 == 0,
                        _ => false,
                    };
                    if enters_data {
                        reporting.push(index);
                    }
                    next.push(index);
                }
            }
            level = next;
        }
        let selected = (0..21).collect();
        let mut combos = Vec::new();
        for (index, &size) in COMBO_SIZES.iter().enumerate() {
            combos.push(
                (0..size)
                    .map(|_| {
                        if index == 0 {
                            DEFAULT_COMBO.to_owned()
                        } else {
                            rng.uid()
                        }
                    })
                    .collect(),
            );
        }
        let attribute_combos = [rng.uid(), rng.uid()];
        let mut kinds: Vec<(&'static str, &'static str)> = Vec::new();
        kinds.extend([("INTEGER_ZERO_OR_POSITIVE", "SUM"); 20]);
        kinds.extend([("INTEGER", "SUM"); 4]);
        kinds.extend([("NUMBER", "SUM"); 4]);
        kinds.extend([("PERCENTAGE", "AVERAGE"); 2]);
        kinds.extend([("INTEGER_ZERO_OR_POSITIVE", "AVERAGE"); 2]);
        kinds.extend([("BOOLEAN", "AVERAGE"); 2]);
        kinds.extend([("INTEGER_ZERO_OR_POSITIVE", "LAST"); 6]);
        let data_elements: Vec<DataElement> = kinds
            .into_iter()
            .enumerate()
            .map(|(index, (value_type, aggregation_type))| DataElement {
                id: rng.uid(),
                value_type,
                aggregation_type,
                combo: if index < 28 { index % 6 } else { 0 },
            })
            .collect();
        let mut form: Vec<usize> = (0..data_elements.len()).collect();
        shuffle(&mut rng, &mut form);
        (
            Metadata {
                org_units,
                selected,
                reporting,
                data_elements,
                form,
                combos,
                attribute_combos,
            },
            rng,
        )
    }

    fn shuffle(rng: &mut Rng, items: &mut [usize]) {
        for index in (1..items.len()).rev() {
            let other = rng.below(index as u32 + 1) as usize;
            items.swap(index, other);
        }
    }

    fn value(rng: &mut Rng, element: &DataElement) -> String {
        if element.value_type != "BOOLEAN" && rng.chance(45) {
            return "0".to_owned();
        }
        match (element.value_type, element.aggregation_type) {
            ("INTEGER_ZERO_OR_POSITIVE", "LAST") => (1 + rng.below(2000)).to_string(),
            ("INTEGER_ZERO_OR_POSITIVE", _) => (1 + rng.below(300)).to_string(),
            ("INTEGER", _) => (i64::from(rng.below(400)) - 40).to_string(),
            ("NUMBER", _) => {
                let whole = rng.below(200);
                if rng.chance(500) {
                    whole.to_string()
                } else {
                    format!("{whole}.{}", 1 + rng.below(99))
                }
            }
            ("PERCENTAGE", _) => {
                let tenths = rng.below(1001);
                if tenths.is_multiple_of(10) {
                    (tenths / 10).to_string()
                } else {
                    format!("{}.{}", tenths / 10, tenths % 10)
                }
            }
            _ => if rng.chance(700) { "true" } else { "false" }.to_owned(),
        }
    }

    /// `yyyy-MM-ddTHH:mm:ss.SSS+0000` for a day of month `month` (1-based, 13 = January of
    /// the next year) and a second of that day.
    fn timestamp(year: u32, month: u32, day: u32, second: u32, millis: u32) -> String {
        let (year, month) = if month > 12 {
            (year + 1, month - 12)
        } else {
            (year, month)
        };
        format!(
            "{year}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}+0000",
            second / 3600,
            second / 60 % 60,
            second % 60
        )
    }

    /// `values` data values as DHIS2 2.38+ writes them (compact).
    pub fn generate(values: usize) -> Vec<u8> {
        let (meta, mut rng) = metadata();
        let mut out = Vec::with_capacity(values * 305 + 64);
        out.extend_from_slice(b"{\"dataValues\":[");
        let mut count = 0usize;
        for month in 0..24u32 {
            let quota = values * (month as usize + 1) / 24 - values * month as usize / 24;
            let mut written = 0usize;
            let (year, month_of_year) = (2020 + month / 12, month % 12 + 1);
            let period = format!("{year}{month_of_year:02}");
            let mut order = meta.reporting.clone();
            shuffle(&mut rng, &mut order);
            // A second round under the other attribute combo if the month needs more values.
            'rounds: for round in 0..2 {
                for &org_unit in &order {
                    if written == quota {
                        break 'rounds;
                    }
                    let (org_unit_id, _) = &meta.org_units[org_unit];
                    let attribute_combo =
                        &meta.attribute_combos[(org_unit % 3 == 0) as usize ^ round];
                    let user = USERS[rng.below(USERS.len() as u32) as usize];
                    let day = 1 + rng.below(20);
                    let mut second = (8 + rng.below(9)) * 3600 + rng.below(3600);
                    for &element_index in &meta.form {
                        if !rng.chance(750) {
                            continue;
                        }
                        let element = &meta.data_elements[element_index];
                        for combo in &meta.combos[element.combo] {
                            if !rng.chance(900) {
                                continue;
                            }
                            if written == quota {
                                break 'rounds;
                            }
                            let value = value(&mut rng, element);
                            let created =
                                timestamp(year, month_of_year + 1, day, second, rng.below(1000));
                            let last_updated = if rng.chance(50) {
                                timestamp(year, month_of_year + 1, day + 1, second, rng.below(1000))
                            } else {
                                created.clone()
                            };
                            let comment = if rng.chance(50) {
                                format!("\"{}\"", COMMENTS[rng.below(8) as usize])
                            } else {
                                "null".to_owned()
                            };
                            let followup = rng.chance(10);
                            if count > 0 {
                                out.push(b',');
                            }
                            let row = format!(
                                "{{\"dataElement\":\"{}\",\"period\":\"{period}\",\"orgUnit\":\"{org_unit_id}\",\"categoryOptionCombo\":\"{combo}\",\"attributeOptionCombo\":\"{attribute_combo}\",\"value\":\"{value}\",\"storedBy\":\"{user}\",\"created\":\"{created}\",\"lastUpdated\":\"{last_updated}\",\"comment\":{comment},\"followup\":{followup}}}",
                                element.id
                            );
                            out.extend_from_slice(row.as_bytes());
                            second += 7;
                            count += 1;
                            written += 1;
                        }
                    }
                }
            }
        }
        out.extend_from_slice(b"]}");
        out
    }
}

/// The realistic shape's options: monthly to quarterly 2020Q1–2021Q4 for the 21 org units of
/// levels 1–3, every data element and both attribute option combos.
fn spec_realistic() -> AggregateSpec {
    let (meta, _) = realistic::metadata();
    AggregateSpec {
        data_elements: meta
            .data_elements
            .iter()
            .map(|element| DataElementSpec {
                id: element.id.clone(),
                value_type: element.value_type.into(),
                aggregation_type: element.aggregation_type.into(),
                zero_is_significant: false,
            })
            .collect(),
        org_units: meta
            .org_units
            .iter()
            .map(|(id, path)| OrgUnitPath {
                id: id.clone(),
                path: path.clone(),
            })
            .collect(),
        selected_org_units: meta
            .selected
            .iter()
            .map(|&index| meta.org_units[index].0.clone())
            .collect(),
        period_type: PeriodType::Quarterly,
        periods: TargetPeriods::Ids(
            [
                "2020Q1", "2020Q2", "2020Q3", "2020Q4", "2021Q1", "2021Q2", "2021Q3", "2021Q4",
            ]
            .map(String::from)
            .to_vec(),
        ),
        excluded_data_elements: Vec::new(),
        attribute_option_combos: None,
        include_zero_values: true,
    }
}

/// FNV-1a over the bytes: the browser bench prints the same for the same data.
fn checksum(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |hash, &byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

fn aggregate(json: &[u8], spec: &AggregateSpec) -> (usize, u64) {
    let mut aggregator = Aggregator::new(spec.clone()).expect("valid spec");
    for chunk in json.chunks(CHUNK) {
        aggregator.feed(chunk).expect("reads");
    }
    let output = aggregator.finish().expect("complete");
    (output.data_values.len(), output.stats.rows)
}

fn read_only(json: &[u8]) -> u64 {
    let mut reader = DataValueReader::new();
    let mut sum = 0u64;
    let mut sink = |row: &DataValueRef<'_>, _: &Interners| {
        sum += u64::from(row.data_element) + u64::from(row.org_unit);
    };
    for chunk in json.chunks(CHUNK) {
        reader.feed(chunk, &mut sink).expect("reads");
    }
    reader.finish().expect("complete");
    sum
}

/// CPU time of this process (user + system) in seconds: the machine is shared, so wall-clock
/// rates understate what the code does when other processes compete for the cores.
#[cfg(unix)]
fn cpu_seconds() -> Option<f64> {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        if libc::getrusage(libc::RUSAGE_SELF, &mut usage) != 0 {
            return None;
        }
        usage
    };
    let seconds = |time: libc::timeval| time.tv_sec as f64 + time.tv_usec as f64 / 1e6;
    Some(seconds(usage.ru_utime) + seconds(usage.ru_stime))
}

#[cfg(not(unix))]
fn cpu_seconds() -> Option<f64> {
    None
}

/// Runs `work` and returns (wall seconds, CPU seconds or wall when unknown).
fn timed<T>(work: impl FnOnce() -> T) -> (T, f64, f64) {
    let cpu_before = cpu_seconds();
    let start = Instant::now();
    let result = work();
    let wall = start.elapsed().as_secs_f64();
    let cpu = match (cpu_before, cpu_seconds()) {
        (Some(before), Some(after)) => after - before,
        _ => wall,
    };
    (result, wall, cpu)
}

/// Resident memory (VmRSS) and its peak (VmHWM) in KiB, where /proc is available.
fn memory_kib() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|line| line.starts_with(name))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// `runs` timings: (last result, median wall, median CPU, best wall, best CPU).
fn measure<T>(runs: usize, mut work: impl FnMut() -> T) -> (T, f64, f64, f64, f64) {
    let (mut result, wall, cpu) = timed(&mut work);
    let (mut walls, mut cpus) = (vec![wall], vec![cpu]);
    for _ in 1..runs {
        let (again, wall, cpu) = timed(&mut work);
        result = again;
        walls.push(wall);
        cpus.push(cpu);
    }
    let best_wall = walls.iter().copied().fold(f64::INFINITY, f64::min);
    let best_cpu = cpus.iter().copied().fold(f64::INFINITY, f64::min);
    (result, median(walls), median(cpus), best_wall, best_cpu)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".into())
}

fn report(shape: &str, json: &[u8], spec: &AggregateSpec, values: usize) {
    let runs: usize = std::env::var("AGG_BENCH_RUNS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(5);
    let megabytes = json.len() as f64 / 1e6;
    println!(
        "{shape}: {values} values, {megabytes:.1} MB JSON, checksum {:08x}; load average {}",
        checksum(json),
        load_average()
    );
    // Reset the peak-RSS counter so that VmHWM measures the aggregation alone.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = memory_kib();
    let ((aggregated, read), wall, cpu, best_wall, best_cpu) =
        measure(runs, || aggregate(json, spec));
    let after = memory_kib();
    let rate = |seconds: f64| values as f64 / seconds / 1e6;
    println!(
        "{shape} aggregate: {read} rows read -> {aggregated} aggregated values; median of {runs}: {wall:.3} s wall, {cpu:.3} s CPU = {:.2} M values/s wall, {:.2} M values/s CPU ({:.0} MB/s CPU); best {:.2} wall, {:.2} CPU",
        rate(wall),
        rate(cpu),
        megabytes / cpu,
        rate(best_wall),
        rate(best_cpu),
    );
    if let (Some((rss_before, _)), Some((_, peak))) = (before, after) {
        println!(
            "{shape} aggregate: peak memory above the input buffer: {:.1} MB (RSS before {:.1} MB, peak {:.1} MB)",
            peak.saturating_sub(rss_before) as f64 / 1024.0,
            rss_before as f64 / 1024.0,
            peak as f64 / 1024.0
        );
    }
    // Where the time goes: setting up, feeding, finishing.
    let start = Instant::now();
    let mut aggregator = Aggregator::new(spec.clone()).expect("valid spec");
    let setup = start.elapsed().as_secs_f64();
    let start = Instant::now();
    for chunk in json.chunks(CHUNK) {
        aggregator.feed(chunk).expect("reads");
    }
    let feeding = start.elapsed().as_secs_f64();
    let start = Instant::now();
    black_box(aggregator.finish().expect("complete"));
    let finishing = start.elapsed().as_secs_f64();
    println!(
        "{shape} aggregate phases: new {:.1} ms, feed {:.1} ms, finish {:.1} ms",
        setup * 1e3,
        feeding * 1e3,
        finishing * 1e3
    );
    let (_, wall, cpu, _, _) = measure(runs, || black_box(read_only(json)));
    println!(
        "{shape} read only: median of {runs}: {:.2} M values/s wall, {:.2} M values/s CPU",
        rate(wall),
        rate(cpu),
    );
}

fn main() {
    let values: usize = std::env::var("AGG_BENCH_VALUES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(1_000_000);
    // AGG_BENCH_SHAPE: realistic, simple or both (default); AGG_BENCH_CRITERION=0 skips the
    // criterion runs (the figures above are the ones to quote: CPU time, medians).
    let shape = std::env::var("AGG_BENCH_SHAPE").unwrap_or_else(|_| "both".into());
    let mut shapes: Vec<(&str, Vec<u8>, AggregateSpec)> = Vec::new();
    if shape != "simple" {
        shapes.push(("realistic", realistic::generate(values), spec_realistic()));
    }
    if shape != "realistic" {
        shapes.push(("simple", generate_simple(values), spec_simple()));
    }
    for (name, json, spec) in &shapes {
        report(name, json, spec, values);
    }
    if std::env::var("AGG_BENCH_CRITERION").is_ok_and(|flag| flag == "0") {
        return;
    }
    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8))
        .configure_from_args();
    for (name, json, spec) in &shapes {
        let mut group = criterion.benchmark_group(format!("dataValueSets/{name}"));
        group.throughput(Throughput::Elements(values as u64));
        group.bench_function("read", |bench| bench.iter(|| read_only(black_box(json))));
        group.bench_function("filter_and_aggregate", |bench| {
            bench.iter(|| aggregate(black_box(json), spec))
        });
        group.finish();
    }
    criterion.final_summary();
}
