//! Benchmarks on 1,000,000 generated data values (about 300 MB of `/api/dataValueSets` JSON in
//! the 2.38+ shape): bytes → rows (the reader alone), and bytes → filtered and aggregated
//! payload (reader, filter and aggregation engine), fed in 1 MiB chunks as a browser stream would
//! deliver them. Prints values per second and the memory the aggregation added.
//!
//! Run: `CARGO_TARGET_DIR=/work/targets/agg cargo bench -p sync-core --bench aggregate`.
//! `AGG_BENCH_VALUES` changes the number of values (default 1,000,000).

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

/// Deterministic data values: 50 data elements × 12 months of 2020 × up to 2,000 facilities,
/// 4 category option combos and 2 attribute option combos, values 0–999 with some decimals.
fn generate(values: usize) -> Vec<u8> {
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

/// Aggregate to the 20 districts and the root by quarter; 5 data elements excluded, one
/// attribute option combo of the two kept; a mix of aggregation types (70% SUM).
fn spec() -> AggregateSpec {
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

fn aggregate(json: &[u8]) -> (usize, u64) {
    let mut aggregator = Aggregator::new(spec()).expect("valid spec");
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

/// CPU time of this process (user + system), from /proc/self/stat, where available. The machine
/// is shared, so wall-clock rates understate what the code does when other processes compete.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of stat(5), i.e. 12 and 13 after the state field.
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
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

/// Best of `runs` timings (the machine is shared: the best run is the least disturbed one).
fn best_of<T>(runs: usize, mut work: impl FnMut() -> T) -> (T, f64, f64) {
    let (mut result, mut wall, mut cpu) = timed(&mut work);
    for _ in 1..runs {
        let (again, wall_again, cpu_again) = timed(&mut work);
        result = again;
        wall = wall.min(wall_again);
        cpu = cpu.min(cpu_again);
    }
    (result, wall, cpu)
}

fn report(json: &[u8], values: usize) {
    let runs: usize = std::env::var("AGG_BENCH_RUNS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(5);
    // Reset the peak-RSS counter so that VmHWM measures the aggregation alone.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = memory_kib();
    let ((rows, read), wall, cpu) = best_of(runs, || aggregate(json));
    let after = memory_kib();
    let megabytes = json.len() as f64 / 1e6;
    println!(
        "aggregate: {values} values, {megabytes:.1} MB JSON, {read} rows read -> {rows} aggregated values; best of {runs}: {wall:.3} s wall, {cpu:.2} s CPU = {:.2} M values/s wall, {:.2} M values/s CPU ({:.0} MB/s)",
        values as f64 / wall / 1e6,
        values as f64 / cpu / 1e6,
        megabytes / wall.max(cpu),
    );
    if let (Some((rss_before, _)), Some((_, peak))) = (before, after) {
        println!(
            "aggregate: peak memory above the input buffer: {:.1} MB (RSS before {:.1} MB, peak {:.1} MB)",
            peak.saturating_sub(rss_before) as f64 / 1024.0,
            rss_before as f64 / 1024.0,
            peak as f64 / 1024.0
        );
    }
    // Where the time goes: setting up, feeding, finishing.
    let start = Instant::now();
    let mut aggregator = Aggregator::new(spec()).expect("valid spec");
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
        "aggregate phases: new {:.1} ms, feed {:.1} ms, finish {:.1} ms",
        setup * 1e3,
        feeding * 1e3,
        finishing * 1e3
    );
    let (_, wall, cpu) = best_of(runs, || black_box(read_only(json)));
    println!(
        "read only: best of {runs}: {:.2} M values/s wall, {:.2} M values/s CPU",
        values as f64 / wall / 1e6,
        values as f64 / cpu / 1e6,
    );
}

fn main() {
    let values: usize = std::env::var("AGG_BENCH_VALUES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(1_000_000);
    let json = generate(values);
    report(&json, values);

    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8))
        .configure_from_args();
    let mut group = criterion.benchmark_group("dataValueSets");
    group.throughput(Throughput::Elements(values as u64));
    group.bench_function("read", |bench| bench.iter(|| read_only(black_box(&json))));
    group.bench_function("filter_and_aggregate", |bench| {
        bench.iter(|| aggregate(black_box(&json)))
    });
    group.finish();
    criterion.final_summary();
}
