//! Sync planning: read requests (URL limit, children, deletions, incremental, look-back), the
//! diff per data element, and write chunks per import strategy, with property tests.

// Helpers outside #[test] functions unwrap too: a panic is a test failure here.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};

use sync_core::date::Date;
use sync_core::model::{
    CategoryOptionSelection, DataSelection, DataSetSelection, ImportStrategy, IssueCode,
    PeriodDraft, Purpose, RuleDraft, ServerTime, ValidatedRule, ValidationContext, validate,
};
use sync_core::period::Period;
use sync_core::plan::{
    DEFAULT_CATEGORY_OPTION_COMBO, DataValue, DataValueSet, DestinationOnly, DiffCounts,
    DiffOptions, LookBack, MAX_URL_LENGTH, ReadContext, ReadLimits, ReadPurpose, ReadRequest,
    ReadSpec, ReadTime, WriteKind, WriteOptions, chunk_values, diff, plan_read_requests,
    plan_reads, plan_recompute_reads, plan_writes,
};

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

/// A deterministic pseudo-random generator (xorshift64*), so property tests need no crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn uid(&mut self) -> String {
        const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        let mut id = String::new();
        id.push(char::from(CHARS[self.below(52)]));
        for _ in 0..10 {
            id.push(char::from(CHARS[self.below(62)]));
        }
        id
    }
}

fn rule(edit: impl FnOnce(&mut RuleDraft)) -> ValidatedRule {
    let mut draft = RuleDraft {
        id: Some("RuLe0000001".into()),
        name: "rule".into(),
        selection: DataSelection {
            data_sets: vec![DataSetSelection {
                id: "QX4ZTUbOt3a".into(),
                excluded_data_elements: vec![],
            }],
            ..DataSelection::default()
        },
        org_units: vec!["O6uvpzGd5pu".into(), "fdc6uOvgoji".into()],
        period: Some(PeriodDraft::Fixed {
            start_date: "2024-01-01".into(),
            end_date: "2024-03-31".into(),
        }),
        destination_id: Some("DeSt0000001".into()),
        ..RuleDraft::default()
    };
    edit(&mut draft);
    let (rule, issues) = validate(
        &draft,
        &ValidationContext::new(Purpose::SaveRule, date("2024-06-01"), "x"),
    );
    rule.unwrap_or_else(|| panic!("{issues:?}"))
}

fn context() -> ReadContext {
    ReadContext {
        limits: ReadLimits::for_base_url_length(
            "https://dhis2.example.org/api/dataValueSets.json".len(),
        ),
        time: None,
        org_units: None,
        supports_data_element_param: true,
        data_sets_for_data_elements: vec![],
        watermark_overlap_seconds: 300,
        look_back: None,
    }
}

fn params(request: &ReadRequest) -> Vec<(&str, &str)> {
    request
        .params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Reads

#[test]
fn raw_fixed_range_reads_the_dates_without_children() {
    let (plan, issues) = plan_reads(&rule(|_| {}), &context());
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(plan.requests.len(), 1);
    let request = &plan.requests[0];
    assert_eq!(request.purpose, ReadPurpose::Main);
    assert_eq!(
        params(request),
        vec![
            ("dataSet", "QX4ZTUbOt3a"),
            ("orgUnit", "O6uvpzGd5pu"),
            ("orgUnit", "fdc6uOvgoji"),
            ("startDate", "2024-01-01"),
            ("endDate", "2024-03-31"),
        ]
    );
    assert_eq!(
        request.query,
        "dataSet=QX4ZTUbOt3a&orgUnit=O6uvpzGd5pu&orgUnit=fdc6uOvgoji&startDate=2024-01-01&endDate=2024-03-31"
    );
    let base = "https://dhis2.example.org/api/dataValueSets.json";
    assert_eq!(request.url(base).len(), request.url_length);
    assert_eq!(plan.dates, Some((date("2024-01-01"), date("2024-03-31"))));
}

#[test]
fn aggregation_reads_subtrees_and_widens_dates() {
    let aggregated = rule(|d| {
        d.aggregation_enabled = true;
        d.aggregation_period_type = Some("Monthly".into());
        d.send_deletions = true;
    });
    let (plan, issues) = plan_reads(&aggregated, &context());
    assert!(issues.is_empty(), "{issues:?}");
    let request = &plan.requests[0];
    assert_eq!(
        request.values_of("children").collect::<Vec<_>>(),
        vec!["true"]
    );
    assert_eq!(
        request.values_of("includeDeleted").collect::<Vec<_>>(),
        vec!["true"]
    );
    assert_eq!(
        request.values_of("startDate").collect::<Vec<_>>(),
        vec!["2023-12-19"]
    );
    assert_eq!(
        request.values_of("endDate").collect::<Vec<_>>(),
        vec!["2024-04-13"]
    );
}

#[test]
fn resolved_periods_and_org_units_from_the_context() {
    let mut context = context();
    context.time = Some(ReadTime::Periods {
        periods: vec!["202401".into(), "202402".into()],
    });
    context.org_units = Some(vec!["ImspTQPwCqd".into()]);
    let relative = rule(|d| {
        d.period = Some(PeriodDraft::Relative {
            relative_period: "LAST_QUARTER".into(),
        })
    });
    let (plan, issues) = plan_reads(&relative, &context);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(
        params(&plan.requests[0]),
        vec![
            ("dataSet", "QX4ZTUbOt3a"),
            ("period", "202401"),
            ("period", "202402"),
            ("orgUnit", "ImspTQPwCqd")
        ]
    );
    // A relative period that was not resolved is a planning error, not an empty read.
    let (plan, issues) = plan_reads(&relative, &self::context());
    assert!(plan.requests.is_empty());
    assert_eq!(
        issues.iter().map(|i| i.code).collect::<Vec<_>>(),
        vec![IssueCode::NoPeriod, IssueCode::NothingToRead]
    );
}

#[test]
fn incremental_reads_changes_since_the_watermark() {
    let mut incremental = rule(|d| {
        d.period = Some(PeriodDraft::SinceLastSuccessfulSync {
            initial_since: Some("2024-01-15".into()),
        });
    })
    .into_rule();
    // First run: from the initial date, deleted values included, no period filter.
    let first = ValidatedRule::check(
        &incremental,
        &ValidationContext::new(Purpose::SaveRule, date("2024-06-01"), "x"),
    )
    .0
    .unwrap();
    let (plan, issues) = plan_reads(&first, &context());
    assert!(issues.is_empty(), "{issues:?}");
    let request = &plan.requests[0];
    assert_eq!(
        request.values_of("lastUpdated").collect::<Vec<_>>(),
        vec!["2024-01-15T00:00:00.000"]
    );
    assert_eq!(
        request.values_of("includeDeleted").collect::<Vec<_>>(),
        vec!["true"]
    );
    assert_eq!(
        request.values_of("period").count() + request.values_of("startDate").count(),
        0
    );
    assert!(
        request
            .query
            .ends_with("lastUpdated=2024-01-15T00%3A00%3A00.000"),
        "{}",
        request.query
    );

    // Later runs: the watermark (source server time) minus the overlap.
    incremental.last_successful_run =
        Some("2024-03-01T00:02:00.000".parse::<ServerTime>().unwrap());
    let later = ValidatedRule::check(
        &incremental,
        &ValidationContext::new(Purpose::SaveRule, date("2024-06-01"), "x"),
    )
    .0
    .unwrap();
    let (plan, _) = plan_reads(&later, &context());
    assert_eq!(
        plan.last_updated.unwrap().to_string(),
        "2024-02-29T23:57:00.000"
    );
    assert_eq!(
        plan.requests[0]
            .values_of("lastUpdated")
            .collect::<Vec<_>>(),
        vec!["2024-02-29T23:57:00.000"]
    );

    // Never run and no initial date: everything.
    incremental.last_successful_run = None;
    incremental.period = sync_core::model::PeriodSelection::SinceLastSuccessfulSync {
        initial_since: None,
    };
    let never = ValidatedRule::check(
        &incremental,
        &ValidationContext::new(Purpose::SaveRule, date("2024-06-01"), "x"),
    )
    .0
    .unwrap();
    let (plan, _) = plan_reads(&never, &context());
    assert_eq!(
        plan.requests[0]
            .values_of("lastUpdated")
            .collect::<Vec<_>>(),
        vec!["1970-01-01T00:00:00.000"]
    );
}

#[test]
fn look_back_for_last_type_data() {
    let mut context = context();
    context.look_back = Some(LookBack {
        from: date("2019-01-01"),
        data_sets: vec!["QX4ZTUbOt3a".into()],
        data_elements: vec![],
    });
    let (plan, issues) = plan_reads(&rule(|_| {}), &context);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(plan.requests.len(), 2);
    let look_back = &plan.requests[1];
    assert_eq!(look_back.purpose, ReadPurpose::LookBack);
    assert_eq!(
        look_back.values_of("startDate").collect::<Vec<_>>(),
        vec!["2019-01-01"]
    );
    assert_eq!(
        look_back.values_of("endDate").collect::<Vec<_>>(),
        vec!["2023-12-31"]
    );
    assert_eq!(plan.look_back_from, Some(date("2019-01-01")));

    // No LAST-type data: no look-back request, and nothing to report.
    context.look_back = Some(LookBack {
        from: date("2019-01-01"),
        data_sets: vec![],
        data_elements: vec![],
    });
    let (plan, issues) = plan_reads(&rule(|_| {}), &context);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(plan.requests.len(), 1);
    assert_eq!(plan.look_back_from, None);
}

#[test]
fn single_data_elements_on_old_sources() {
    let with_elements = rule(|d| d.selection.data_elements = vec!["fbfJHSPpUQD".into()]);
    let (plan, _) = plan_reads(&with_elements, &context());
    assert_eq!(
        plan.requests[0]
            .values_of("dataElement")
            .collect::<Vec<_>>(),
        vec!["fbfJHSPpUQD"]
    );

    let mut old = context();
    old.supports_data_element_param = false;
    let (_, issues) = plan_reads(&with_elements, &old);
    assert_eq!(issues[0].code, IssueCode::DataElementReadUnsupported);
    old.data_sets_for_data_elements = vec!["BfMAe6Itzgt".into(), "QX4ZTUbOt3a".into()];
    let (plan, issues) = plan_reads(&with_elements, &old);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(
        plan.requests[0].values_of("dataSet").collect::<Vec<_>>(),
        vec!["QX4ZTUbOt3a", "BfMAe6Itzgt"]
    );
    assert_eq!(plan.requests[0].values_of("dataElement").count(), 0);
}

#[test]
fn recompute_reads_merge_adjacent_periods() {
    let aggregated = rule(|d| {
        d.aggregation_enabled = true;
        d.aggregation_period_type = Some("Monthly".into());
    });
    let periods: Vec<Period> = ["202401", "202402", "202406"]
        .iter()
        .map(|id| Period::parse(id).unwrap())
        .collect();
    let limits = ReadLimits::for_base_url_length(60);
    let (requests, issues) =
        plan_recompute_reads(&aggregated, &periods, &["O6uvpzGd5pu".to_string()], &limits);
    assert!(issues.is_empty(), "{issues:?}");
    let ranges: Vec<(Vec<&str>, Vec<&str>)> = requests
        .iter()
        .map(|r| {
            (
                r.values_of("startDate").collect(),
                r.values_of("endDate").collect(),
            )
        })
        .collect();
    assert_eq!(
        ranges,
        vec![
            (vec!["2023-12-19"], vec!["2024-03-13"]),
            (vec!["2024-05-19"], vec!["2024-07-13"])
        ]
    );
    assert!(requests.iter().all(|r| r.purpose == ReadPurpose::Recompute));
    assert!(
        requests
            .iter()
            .all(|r| r.values_of("children").eq(["true"]))
    );
}

#[test]
fn long_lists_are_cut_under_the_url_limit() {
    let mut rng = Rng(42);
    let org_units: Vec<String> = (0..1500).map(|_| rng.uid()).collect();
    let spec = ReadSpec {
        data_sets: vec!["QX4ZTUbOt3a".into()],
        org_units: org_units.clone(),
        periods: (1..=12).map(|m| format!("2024{m:02}")).collect(),
        include_deleted: true,
        ..ReadSpec::default()
    };
    let limits = ReadLimits {
        max_org_units: 10_000,
        ..ReadLimits::for_base_url_length(100)
    };
    let (requests, issues) = plan_read_requests(&spec, &limits, ReadPurpose::Main);
    assert!(issues.is_empty());
    assert!(requests.len() > 1);
    assert!(requests.iter().all(|r| r.url_length < MAX_URL_LENGTH));
    let read: Vec<&str> = requests
        .iter()
        .flat_map(|r| r.values_of("orgUnit"))
        .collect();
    assert_eq!(
        read,
        org_units.iter().map(String::as_str).collect::<Vec<_>>()
    );
}

#[test]
fn nothing_to_read_and_impossible_urls_are_issues() {
    let limits = ReadLimits::for_base_url_length(50);
    let (requests, issues) = plan_read_requests(&ReadSpec::default(), &limits, ReadPurpose::Main);
    assert!(requests.is_empty());
    assert_eq!(issues.len(), 3);
    let spec = ReadSpec {
        data_sets: vec!["QX4ZTUbOt3a".into()],
        org_units: vec!["O6uvpzGd5pu".into()],
        periods: vec!["202401".into()],
        ..ReadSpec::default()
    };
    let (requests, issues) = plan_read_requests(
        &spec,
        &ReadLimits::for_base_url_length(7990),
        ReadPurpose::Main,
    );
    assert!(requests.is_empty());
    assert_eq!(issues[0].code, IssueCode::UrlTooLong);
}

/// Property: for random lists, base URL lengths and limits, every URL is shorter than the
/// limit and every (data id, period, org unit) combination is asked for exactly once.
#[test]
fn property_read_chunks_cover_everything_once_under_the_limit() {
    let mut rng = Rng(0x5EED);
    for round in 0..300 {
        let data_sets: Vec<String> = (0..1 + rng.below(30)).map(|_| rng.uid()).collect();
        let groups: Vec<String> = (0..rng.below(4)).map(|_| rng.uid()).collect();
        let org_units: Vec<String> = (0..1 + rng.below(700)).map(|_| rng.uid()).collect();
        let by_dates = rng.below(3) == 0;
        let periods: Vec<String> = if by_dates {
            vec![]
        } else {
            (0..1 + rng.below(40))
                .map(|i| format!("{}W{}", 2000 + i / 53, 1 + i % 53))
                .collect()
        };
        let spec = ReadSpec {
            data_sets: data_sets.clone(),
            data_element_groups: groups.clone(),
            org_units: org_units.clone(),
            periods: periods.clone(),
            dates: by_dates.then(|| (date("2020-01-01"), date("2024-12-31"))),
            last_updated: (rng.below(2) == 0).then(|| "2024-03-01T10:11:12.345".parse().unwrap()),
            children: rng.below(2) == 0,
            include_deleted: rng.below(2) == 0,
            data_elements: vec![],
        };
        let base_url_length = 20 + rng.below(3000);
        let limits = ReadLimits {
            base_url_length,
            max_url_length: if rng.below(2) == 0 {
                MAX_URL_LENGTH
            } else {
                base_url_length + 600 + rng.below(4000)
            },
            max_org_units: 1 + rng.below(400),
            max_periods: 1 + rng.below(30),
            max_data_ids: 1 + rng.below(100),
        };
        let (requests, issues) = plan_read_requests(&spec, &limits, ReadPurpose::Main);
        assert!(issues.is_empty(), "round {round}: {issues:?}");

        let index = |list: &[String]| -> BTreeMap<String, usize> {
            list.iter()
                .enumerate()
                .map(|(i, id)| (id.clone(), i))
                .collect()
        };
        let all_data: Vec<String> = data_sets.iter().chain(&groups).cloned().collect();
        let all_periods = if periods.is_empty() {
            vec![String::new()]
        } else {
            periods.clone()
        };
        let (data_index, period_index, org_unit_index) =
            (index(&all_data), index(&all_periods), index(&org_units));
        let mut seen = vec![0u8; all_data.len() * all_periods.len() * org_units.len()];
        for request in &requests {
            assert!(request.url_length < limits.max_url_length, "round {round}");
            assert_eq!(
                request.url_length,
                limits.base_url_length + 1 + request.query.len()
            );
            let data: Vec<usize> = request
                .values_of("dataSet")
                .chain(request.values_of("dataElementGroup"))
                .map(|id| data_index[id])
                .collect();
            let mut request_periods: Vec<usize> = request
                .values_of("period")
                .map(|id| period_index[id])
                .collect();
            if periods.is_empty() {
                request_periods.push(0);
            }
            let request_org_units: Vec<usize> = request
                .values_of("orgUnit")
                .map(|id| org_unit_index[id])
                .collect();
            for d in &data {
                for p in &request_periods {
                    for o in &request_org_units {
                        seen[(d * all_periods.len() + p) * org_units.len() + o] += 1;
                    }
                }
            }
        }
        assert!(seen.iter().all(|count| *count == 1), "round {round}");
    }
}

// ---------------------------------------------------------------------------------------------
// Diff

fn value(de: &str, pe: &str, aoc: &str, v: &str) -> DataValue {
    DataValue::new(de, pe, "O6uvpzGd5pu", v).with_combos(DEFAULT_CATEGORY_OPTION_COMBO, aoc)
}

fn deleted(mut value: DataValue) -> DataValue {
    value.deleted = true;
    value
}

/// One diff case: the keys (data element, period, AOC) expected in each class, and the totals.
#[allow(clippy::too_many_arguments)]
fn check(
    name: &str,
    source: Vec<DataValue>,
    destination: Option<Vec<DataValue>>,
    options: DiffOptions,
    new: &[&str],
    changed: &[&str],
    unknown: &[&str],
    to_delete: &[&str],
    totals: DiffCounts,
) {
    let (result, _) = diff(source, destination, &options);
    let keys = |values: &[DataValue]| -> Vec<String> {
        values
            .iter()
            .map(|v| {
                format!(
                    "{}/{}/{}",
                    v.data_element, v.period, v.attribute_option_combo
                )
            })
            .collect()
    };
    assert_eq!(keys(&result.new), new, "{name}: new");
    assert_eq!(keys(&result.changed), changed, "{name}: changed");
    assert_eq!(keys(&result.unknown), unknown, "{name}: unknown");
    assert_eq!(keys(&result.deleted), to_delete, "{name}: deleted");
    assert_eq!(result.totals(), totals, "{name}: totals");
}

#[test]
fn diff_table() {
    let aoc_a = "LPeJEUjotaB";
    let aoc_b = "FbLZS3ueWbQ";
    let send = DiffOptions {
        send_deletions: true,
        ..DiffOptions::default()
    };
    check(
        "no destination: not compared",
        vec![
            value("de1", "202401", aoc_a, "1"),
            value("de1", "202401", aoc_b, "2"),
        ],
        None,
        DiffOptions::default(),
        &[],
        &[],
        &["de1/202401/LPeJEUjotaB", "de1/202401/FbLZS3ueWbQ"],
        &[],
        DiffCounts {
            unknown: 2,
            ..DiffCounts::default()
        },
    );
    check(
        "attribute option combos are never merged",
        vec![
            value("de1", "202401", aoc_a, "1"),
            value("de1", "202401", aoc_b, "2"),
        ],
        Some(vec![value("de1", "202401", aoc_a, "1")]),
        DiffOptions::default(),
        &["de1/202401/FbLZS3ueWbQ"],
        &[],
        &[],
        &[],
        DiffCounts {
            new: 1,
            unchanged: 1,
            ..DiffCounts::default()
        },
    );
    check(
        "changed value and comment",
        vec![value("de1", "202401", aoc_a, "1"), {
            let mut v = value("de1", "202402", aoc_a, "1");
            v.comment = Some("checked".into());
            v
        }],
        Some(vec![
            value("de1", "202401", aoc_a, "2"),
            value("de1", "202402", aoc_a, "1"),
        ]),
        DiffOptions::default(),
        &[],
        &["de1/202401/LPeJEUjotaB", "de1/202402/LPeJEUjotaB"],
        &[],
        &[],
        DiffCounts {
            changed: 2,
            ..DiffCounts::default()
        },
    );
    check(
        "deletions sent only when present at the destination",
        vec![
            deleted(value("de1", "202401", aoc_a, "1")),
            deleted(value("de1", "202402", aoc_a, "1")),
        ],
        Some(vec![
            value("de1", "202401", aoc_a, "1"),
            deleted(value("de1", "202402", aoc_a, "1")),
        ]),
        send.clone(),
        &[],
        &[],
        &[],
        &["de1/202401/LPeJEUjotaB"],
        DiffCounts {
            deleted: 1,
            deletion_not_needed: 1,
            ..DiffCounts::default()
        },
    );
    check(
        "deletions not sent when off",
        vec![deleted(value("de1", "202401", aoc_a, "1"))],
        None,
        DiffOptions::default(),
        &[],
        &[],
        &[],
        &[],
        DiffCounts {
            deletion_not_sent: 1,
            ..DiffCounts::default()
        },
    );
    check(
        "deletion without destination values is sent",
        vec![deleted(value("de1", "202401", aoc_a, "1"))],
        None,
        send.clone(),
        &[],
        &[],
        &[],
        &["de1/202401/LPeJEUjotaB"],
        DiffCounts {
            deleted: 1,
            ..DiffCounts::default()
        },
    );
    check(
        "destination-only values kept by default",
        vec![],
        Some(vec![value("de2", "202401", aoc_a, "9")]),
        send.clone(),
        &[],
        &[],
        &[],
        &[],
        DiffCounts {
            destination_only: 1,
            ..DiffCounts::default()
        },
    );
    check(
        "destination-only values deleted when asked",
        vec![],
        Some(vec![value("de2", "202401", aoc_a, "9")]),
        DiffOptions {
            destination_only: DestinationOnly::Delete,
            ..send.clone()
        },
        &[],
        &[],
        &[],
        &["de2/202401/LPeJEUjotaB"],
        DiffCounts {
            deleted: 1,
            ..DiffCounts::default()
        },
    );
    check(
        "new zeros of zero-insignificant elements are not sent; a zero replacing a value is",
        vec![
            value("de1", "202401", aoc_a, "0.0"),
            value("de1", "202402", aoc_a, "0"),
            value("de3", "202401", aoc_a, "0"),
        ],
        Some(vec![value("de1", "202402", aoc_a, "4")]),
        DiffOptions {
            zero_insignificant: BTreeSet::from(["de1".to_string()]),
            ..DiffOptions::default()
        },
        &["de3/202401/LPeJEUjotaB"],
        &["de1/202402/LPeJEUjotaB"],
        &[],
        &[],
        DiffCounts {
            new: 1,
            changed: 1,
            zero_not_sent: 1,
            ..DiffCounts::default()
        },
    );
    check(
        "duplicates keep the last value",
        vec![
            value("de1", "202401", aoc_a, "1"),
            value("de1", "202401", aoc_a, "2"),
        ],
        Some(vec![value("de1", "202401", aoc_a, "2")]),
        DiffOptions::default(),
        &[],
        &[],
        &[],
        &[],
        DiffCounts {
            unchanged: 1,
            ..DiffCounts::default()
        },
    );
}

#[test]
fn diff_counts_per_data_element_and_reports_oddities() {
    let source = vec![
        value("de1", "202401", "LPeJEUjotaB", "1"),
        value("de1", "202401", "LPeJEUjotaB", "1"),
        value("de2", "202401", "LPeJEUjotaB", "1"),
        DataValue::new("", "202401", "O6uvpzGd5pu", "1"),
    ];
    let (result, issues) = diff(source, Some(vec![]), &DiffOptions::default());
    assert_eq!(result.per_data_element.len(), 2);
    assert_eq!(result.per_data_element["de1"].new, 1);
    let codes: Vec<IssueCode> = issues.iter().map(|i| i.code).collect();
    assert_eq!(
        codes,
        vec![IssueCode::IncompleteValue, IssueCode::DuplicateValue]
    );
}

#[test]
fn exported_values_deserialise_with_defaults() {
    let set: DataValueSet = serde_json::from_str(
        r#"{"dataValues":[{"dataElement":"de1","period":"202401","orgUnit":"ou1","categoryOptionCombo":null,
            "value":"5","storedBy":null,"comment":null,"followup":false,"deleted":true,
            "lastUpdated":"2024-02-01T10:00:00.000+0000"}]}"#,
    )
    .unwrap();
    let value = &set.data_values[0];
    assert_eq!(value.category_option_combo, DEFAULT_CATEGORY_OPTION_COMBO);
    assert_eq!(value.attribute_option_combo, DEFAULT_CATEGORY_OPTION_COMBO);
    assert!(value.deleted);
    let empty: DataValueSet = serde_json::from_str("{}").unwrap();
    assert!(empty.data_values.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Writes

fn sample_diff() -> sync_core::plan::Diff {
    let source = vec![
        value("de1", "202401", "LPeJEUjotaB", "1"),          // new
        value("de1", "202402", "LPeJEUjotaB", "5"),          // changed
        value("de1", "202403", "LPeJEUjotaB", "7"),          // unchanged
        deleted(value("de2", "202401", "LPeJEUjotaB", "3")), // deleted
    ];
    let destination = vec![
        value("de1", "202402", "LPeJEUjotaB", "4"),
        value("de1", "202403", "LPeJEUjotaB", "7"),
        value("de2", "202401", "LPeJEUjotaB", "3"),
    ];
    diff(
        source,
        Some(destination),
        &DiffOptions {
            send_deletions: true,
            ..DiffOptions::default()
        },
    )
    .0
}

#[test]
fn strategies_choose_what_is_sent() {
    let cases = [
        (
            ImportStrategy::CreateAndUpdate,
            "CREATE_AND_UPDATE",
            vec!["202401", "202402"],
        ),
        (ImportStrategy::Create, "CREATE", vec!["202401"]),
        (ImportStrategy::Update, "UPDATE", vec!["202402"]),
    ];
    for (strategy, param, periods) in cases {
        let options = WriteOptions {
            strategy,
            ..WriteOptions::default()
        };
        let plan = plan_writes(&sample_diff(), &options).unwrap();
        assert_eq!(plan.chunks.len(), 2, "{param}");
        let upsert = &plan.chunks[0];
        assert_eq!(upsert.kind, WriteKind::Upsert);
        assert_eq!(
            upsert.params,
            vec![
                ("importStrategy".into(), param.into()),
                ("dryRun".into(), "false".into())
            ]
        );
        assert_eq!(
            upsert
                .values
                .iter()
                .map(|v| v.period.as_str())
                .collect::<Vec<_>>(),
            periods
        );
        let delete = &plan.chunks[1];
        assert_eq!(delete.kind, WriteKind::Delete);
        assert_eq!(delete.params[0], ("importStrategy".into(), "DELETE".into()));
        assert_eq!(plan.deletions, 1);
    }
}

#[test]
fn bodies_are_dhis2_payloads() {
    let options = WriteOptions {
        dry_run: true,
        chunk_size: 1,
        async_from: Some(1),
        ..WriteOptions::default()
    };
    let plan = plan_writes(&sample_diff(), &options).unwrap();
    assert_eq!(plan.chunks.len(), 3);
    assert_eq!(
        plan.chunks.iter().map(|c| c.index).collect::<Vec<_>>(),
        vec![0, 1, 2]
    );
    assert!(
        plan.chunks
            .iter()
            .all(|c| c.is_async && c.params.contains(&("async".into(), "true".into())))
    );
    assert!(
        plan.chunks
            .iter()
            .all(|c| c.params.contains(&("dryRun".into(), "true".into())))
    );
    let body: serde_json::Value = serde_json::from_slice(&plan.chunks[0].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"dataValues": [{
            "dataElement": "de1", "period": "202401", "orgUnit": "O6uvpzGd5pu",
            "categoryOptionCombo": "HllvX50cXC0", "attributeOptionCombo": "LPeJEUjotaB", "value": "1"
        }]})
    );
    let deletion: serde_json::Value = serde_json::from_slice(&plan.chunks[2].body).unwrap();
    assert_eq!(
        deletion,
        serde_json::json!({"dataValues": [{
            "dataElement": "de2", "period": "202401", "orgUnit": "O6uvpzGd5pu",
            "categoryOptionCombo": "HllvX50cXC0", "attributeOptionCombo": "LPeJEUjotaB", "deleted": true
        }]})
    );
    assert_eq!(
        plan.sent_per_data_element,
        BTreeMap::from([("de1".to_string(), 2), ("de2".to_string(), 1)])
    );
    let download: serde_json::Value =
        serde_json::from_slice(&plan.download_json().unwrap()).unwrap();
    assert_eq!(download["dataValues"].as_array().unwrap().len(), 3);
    assert_eq!(download["dataValues"][2]["deleted"], true);
}

/// A raw value's comment and follow-up flag travel with it (DHIS2 implementers expect both on
/// the destination).
#[test]
fn comments_and_follow_up_are_sent_with_the_value() {
    let mut noted = value("de1", "202401", "LPeJEUjotaB", "1");
    noted.comment = Some("checked by the district".into());
    noted.followup = true;
    let plain = value("de1", "202402", "LPeJEUjotaB", "2");
    let (difference, _) = diff(vec![noted, plain], None, &DiffOptions::default());
    let plan = plan_writes(&difference, &WriteOptions::default()).unwrap();
    let body: serde_json::Value = serde_json::from_slice(&plan.chunks[0].body).unwrap();
    assert_eq!(body["dataValues"][0]["comment"], "checked by the district");
    assert_eq!(body["dataValues"][0]["followup"], true);
    assert!(body["dataValues"][1].get("comment").is_none());
    assert!(body["dataValues"][1].get("followup").is_none());
}

/// Property: cutting into chunks then concatenating gives exactly the input, in order, with no
/// chunk larger than asked and only the last one smaller.
#[test]
fn property_write_chunks_concatenate_to_the_input() {
    let mut rng = Rng(7);
    for round in 0..120 {
        let count = rng.below(1500);
        let values: Vec<DataValue> = (0..count)
            .map(|i| {
                DataValue::new(
                    &format!("de{}", rng.below(20)),
                    &format!("2024{:02}", 1 + i % 12),
                    &rng.uid(),
                    &i.to_string(),
                )
            })
            .collect();
        let size = 1 + rng.below(700);
        let chunks = chunk_values(values.clone(), size);
        assert!(
            chunks.iter().all(|c| !c.is_empty() && c.len() <= size),
            "round {round}"
        );
        assert!(
            chunks.iter().rev().skip(1).all(|c| c.len() == size),
            "round {round}"
        );
        let joined: Vec<DataValue> = chunks.into_iter().flatten().collect();
        assert_eq!(joined, values, "round {round}");

        // Through the whole write plan: every value to send appears once, upserts then deletions.
        let (result, _) = diff(values.clone(), None, &DiffOptions::default());
        let plan = plan_writes(
            &result,
            &WriteOptions {
                chunk_size: size,
                ..WriteOptions::default()
            },
        )
        .unwrap();
        let sent: Vec<DataValue> = plan.chunks.iter().flat_map(|c| c.values.clone()).collect();
        let distinct: BTreeSet<_> = values.iter().map(DataValue::key).collect();
        assert_eq!(sent.len(), distinct.len(), "round {round}");
        for chunk in &plan.chunks {
            let body: serde_json::Value = serde_json::from_slice(&chunk.body).unwrap();
            assert_eq!(
                body["dataValues"].as_array().unwrap().len(),
                chunk.values.len()
            );
        }
    }
}

#[test]
fn category_option_selection_does_not_change_reads() {
    // Attribute options are filtered after reading (the filter module), not in the URL.
    let selected = rule(|d| {
        d.category_options = CategoryOptionSelection::Selected {
            category_options: vec!["LPeJEUjotaB".into()],
        }
    });
    let (plan, _) = plan_reads(&selected, &context());
    assert_eq!(
        plan.requests[0].values_of("attributeOptionCombo").count(),
        0
    );
}

#[test]
fn relative_periods_are_read_by_their_dates() {
    use sync_core::period::PeriodType;
    use sync_core::period::relative::{FinancialYearStart, RelativePeriod};
    let time = ReadTime::of_relative(
        RelativePeriod::from_name("LAST_QUARTER").unwrap(),
        date("2024-05-10"),
        FinancialYearStart::default(),
        PeriodType::Weekly,
    );
    assert_eq!(
        time,
        ReadTime::Dates {
            start_date: date("2024-01-01"),
            end_date: date("2024-03-31")
        }
    );
    let mut context = context();
    context.time = Some(time);
    let relative = rule(|d| {
        d.period = Some(PeriodDraft::Relative {
            relative_period: "LAST_QUARTER".into(),
        })
    });
    let (plan, issues) = plan_reads(&relative, &context);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(
        plan.requests[0].values_of("startDate").collect::<Vec<_>>(),
        vec!["2024-01-01"]
    );
}

#[test]
fn changed_values_mark_the_target_periods_to_recompute() {
    use sync_core::period::PeriodType;
    use sync_core::plan::affected_target_periods;
    type Case = (
        &'static [&'static str],
        PeriodType,
        &'static [&'static str],
        &'static [&'static str],
    );
    let cases: [Case; 5] = [
        (
            &["20240115", "20240116", "202401"],
            PeriodType::Monthly,
            &["202401"],
            &[],
        ),
        // 2020W14 runs 30 March – 5 April: both months are re-aggregated.
        (
            &["2020W14"],
            PeriodType::Monthly,
            &["202003", "202004"],
            &[],
        ),
        // Yearly data repeated monthly (AVERAGE): every month of the year.
        (
            &["2023"],
            PeriodType::Quarterly,
            &["2023Q1", "2023Q2", "2023Q3", "2023Q4"],
            &[],
        ),
        (
            &["202402", "2024X9"],
            PeriodType::Yearly,
            &["2024"],
            &["2024X9"],
        ),
        (
            &["202312", "202401"],
            PeriodType::FinancialJuly,
            &["2023July"],
            &[],
        ),
    ];
    for (ids, target, expected, bad) in cases {
        let (periods, unparseable) = affected_target_periods(ids.iter().copied(), target);
        let periods: Vec<String> = periods.iter().map(Period::id).collect();
        assert_eq!(periods, expected, "{ids:?}");
        assert_eq!(unparseable, bad, "{ids:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Value types before sending

#[test]
fn value_types_dhis2_would_reject() {
    use sync_core::plan::{check_value_types, value_problem};
    let cases = [
        ("NUMBER", "12.5", None),
        ("NUMBER", "-0.25", None),
        ("NUMBER", "007", Some("Data value is not numeric")),
        ("NUMBER", "1e5", Some("Data value is not numeric")),
        ("NUMBER", "1.", Some("Data value is not numeric")),
        ("INTEGER", "-12", None),
        ("INTEGER", "12.0", Some("Data value is not an integer")),
        (
            "INTEGER",
            "3000000000",
            Some("Data value is not an integer"),
        ),
        (
            "INTEGER_POSITIVE",
            "0",
            Some("Data value is not a positive integer"),
        ),
        ("INTEGER_POSITIVE", "4", None),
        ("INTEGER_ZERO_OR_POSITIVE", "0", None),
        (
            "INTEGER_ZERO_OR_POSITIVE",
            "-1",
            Some("Data value is not zero or a positive integer"),
        ),
        ("INTEGER_NEGATIVE", "-3", None),
        (
            "INTEGER_NEGATIVE",
            "0",
            Some("Data value is not a negative integer"),
        ),
        ("PERCENTAGE", "100", None),
        (
            "PERCENTAGE",
            "100.5",
            Some("Data value is not a percentage"),
        ),
        ("UNIT_INTERVAL", "0.75", None),
        (
            "UNIT_INTERVAL",
            "1.5",
            Some("Data value is not a unit interval"),
        ),
        ("BOOLEAN", "T", None),
        ("BOOLEAN", "yes", Some("Data value is not a boolean")),
        ("TRUE_ONLY", "false", Some("Data value is not true")),
        ("LETTER", "ab", Some("Data value is not a valid letter")),
        ("DATE", "2024-02-30", Some("Data value is not a valid date")),
        ("TIME", "9:05", None),
        ("TIME", "24:00", Some("Data value is not a valid time")),
        ("TEXT", "anything", None),
    ];
    for (value_type, value, expected) in cases {
        assert_eq!(
            value_problem(value, value_type),
            expected,
            "{value_type} {value}"
        );
    }

    let types = BTreeMap::from([("pct".to_string(), "PERCENTAGE".to_string())]);
    let values = vec![
        DataValue::new("pct", "202401", "O6uvpzGd5pu", "80"),
        DataValue::new("pct", "202402", "O6uvpzGd5pu", "140"),
        deleted(DataValue::new("pct", "202403", "O6uvpzGd5pu", "140")),
        DataValue::new("other", "202401", "O6uvpzGd5pu", "140"),
    ];
    let (passed, not_sent) = check_value_types(values, &types);
    assert_eq!(passed.len(), 3);
    assert_eq!(not_sent.len(), 1);
    assert_eq!(not_sent[0].value.period, "202402");
    assert_eq!(not_sent[0].reason, "Data value is not a percentage");
}

#[test]
fn options_from_the_rule() {
    let validated = rule(|d| {
        d.import_strategy = ImportStrategy::Create;
        d.dry_run = true;
        d.send_deletions = true;
    });
    let write = WriteOptions::for_rule(&validated, 500, Some(1000));
    assert_eq!(
        write,
        WriteOptions {
            strategy: ImportStrategy::Create,
            dry_run: true,
            chunk_size: 500,
            async_from: Some(1000)
        }
    );
    let options = DiffOptions::for_rule(&validated, BTreeSet::new());
    assert!(options.send_deletions);
    let fixed = rule(|_| {});
    assert!(!DiffOptions::for_rule(&fixed, BTreeSet::new()).send_deletions);
    let incremental = rule(|d| {
        d.period = Some(PeriodDraft::SinceLastSuccessfulSync {
            initial_since: None,
        })
    });
    assert!(
        DiffOptions::for_rule(&incremental, BTreeSet::new()).send_deletions,
        "an incremental rule sends what was deleted since its last run"
    );
    let context = ReadContext::new(48);
    assert_eq!(context.limits.max_url_length, MAX_URL_LENGTH);
    assert_eq!(
        context.watermark_overlap_seconds,
        sync_core::plan::DEFAULT_WATERMARK_OVERLAP_SECONDS
    );
}

/// Only an org unit read by two requests naming different data can get a row twice.
#[test]
fn rows_may_repeat_only_when_the_data_of_one_org_unit_is_split() {
    let request = |data: &[(&str, &str)], org_units: &[&str], period: &str| {
        let mut params: Vec<(String, String)> = data
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        params.extend(
            org_units
                .iter()
                .map(|ou| ("orgUnit".to_string(), ou.to_string())),
        );
        params.push(("period".to_string(), period.to_string()));
        ReadRequest {
            purpose: ReadPurpose::Main,
            query: String::new(),
            url_length: 0,
            params,
        }
    };
    let ab = [("dataSet", "A"), ("dataSet", "B")];
    // Org units split, or periods split: no row twice.
    assert!(!sync_core::plan::may_repeat_rows(&[
        request(&ab, &["o1", "o2"], "202401"),
        request(&ab, &["o3"], "202401"),
        request(&ab, &["o1"], "202402"),
    ]));
    // The data split for the same org unit: a data element in A and B could come twice.
    assert!(sync_core::plan::may_repeat_rows(&[
        request(&[("dataSet", "A")], &["o1"], "202401"),
        request(&[("dataSet", "B")], &["o1"], "202401"),
    ]));
}
