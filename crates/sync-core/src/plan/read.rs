//! Read requests: `/api/dataValueSets` query parameter lists covering data × periods × org
//! units, cut so that every full URL stays under the limit (8,000 characters by default, below
//! the usual 8 KiB request-line limit of DHIS2's servlet containers and proxies: the seed app's
//! users hit HTTP 414).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::PlanIssues;
use crate::date::Date;
use crate::model::{Issue, IssueCode, PeriodSelection, ServerTime, ValidatedRule};
use crate::period::relative::{FinancialYearStart, RelativePeriod};
use crate::period::{Period, PeriodType};

/// Extra days read on each side of a date range when aggregating: weekly data is placed by the
/// day three days after its start, and a bi-week may end up to 13 days after a range's end. The
/// aggregation drops what falls outside its target periods.
pub const AGGREGATION_MARGIN_DAYS: i32 = 13;

/// Default URL limit; every URL is strictly shorter.
pub const MAX_URL_LENGTH: usize = 8000;

/// Why a request is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReadPurpose {
    /// The selected data, periods and org units.
    Main,
    /// Earlier values of LAST-type data elements, for periods without data.
    LookBack,
    /// The whole input of cells to aggregate again (incremental sync with aggregation).
    Recompute,
}

/// Limits for cutting reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadLimits {
    /// Length of the URL before `?` (`https://host/api/dataValueSets.json`, or the route's
    /// `…/api/routes/{id}/run/api/dataValueSets.json`).
    pub base_url_length: usize,
    /// Every URL is strictly shorter than this.
    pub max_url_length: usize,
    /// Most org units per request (bounds the response size).
    pub max_org_units: usize,
    /// Most periods per request.
    pub max_periods: usize,
    /// Most data sets, data elements and groups per request.
    pub max_data_ids: usize,
}

impl ReadLimits {
    /// Defaults for a base URL of this length: 8,000 characters, 50 org units, 12 periods and
    /// 50 data ids per request.
    pub fn for_base_url_length(base_url_length: usize) -> ReadLimits {
        ReadLimits {
            base_url_length,
            max_url_length: MAX_URL_LENGTH,
            max_org_units: 50,
            max_periods: 12,
            max_data_ids: 50,
        }
    }
}

/// Everything one family of read requests asks for, before cutting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadSpec {
    /// `dataSet` ids.
    pub data_sets: Vec<String>,
    /// `dataElement` ids (2.39+ servers).
    pub data_elements: Vec<String>,
    /// `dataElementGroup` ids.
    pub data_element_groups: Vec<String>,
    /// `orgUnit` ids.
    pub org_units: Vec<String>,
    /// `period` ids; when empty, `dates` or `last_updated` select the time.
    pub periods: Vec<String>,
    /// `startDate`/`endDate` (values whose period lies inside), when no periods are given.
    pub dates: Option<(Date, Date)>,
    /// `lastUpdated`: values changed at or after this source server time.
    pub last_updated: Option<ServerTime>,
    /// `children=true`: the org units' whole subtrees (when aggregating).
    pub children: bool,
    /// `includeDeleted=true`: deleted values too, flagged `deleted`.
    pub include_deleted: bool,
}

/// One `GET /api/dataValueSets` request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadRequest {
    /// Why it is made.
    pub purpose: ReadPurpose,
    /// Query parameters, in order, not encoded.
    pub params: Vec<(String, String)>,
    /// The encoded query string, without `?`.
    pub query: String,
    /// Length of the full URL (base, `?`, query).
    pub url_length: usize,
}

impl ReadRequest {
    /// The full URL under `base` (the URL before `?`).
    pub fn url(&self, base: &str) -> String {
        format!("{base}?{}", self.query)
    }

    /// Values of one parameter, in order.
    pub fn values_of<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.params
            .iter()
            .filter(move |(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// How the run's time was resolved by the caller (relative periods need today and the
/// instance's settings, which the planner does not read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "SCREAMING_SNAKE_CASE",
    rename_all_fields = "camelCase"
)]
pub enum ReadTime {
    /// Read these data periods (ISO ids).
    Periods {
        /// Period ids.
        periods: Vec<String>,
    },
    /// Read the periods lying inside these dates.
    Dates {
        /// First day.
        start_date: Date,
        /// Last day.
        end_date: Date,
    },
}

impl ReadTime {
    /// The dates a relative period covers on `today`, e.g. `LAST_QUARTER` → the first and last
    /// day of the previous quarter. Reading by these dates (not by the relative period's own
    /// period ids, which would only match data of that period type) gets data of every period
    /// type lying inside.
    pub fn of_relative(
        relative: RelativePeriod,
        today: Date,
        financial_year_start: FinancialYearStart,
        weekly_start: PeriodType,
    ) -> ReadTime {
        let (start_date, end_date) = relative.date_range(today, financial_year_start, weekly_start);
        ReadTime::Dates {
            start_date,
            end_date,
        }
    }
}

/// Earlier values of LAST-type data elements: a period without data inherits the latest earlier
/// value, so the values before the range are read back to `from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LookBack {
    /// First day read (the caller decides how far: DHIS2 analytics looks back up to 10 years).
    pub from: Date,
    /// Data sets holding LAST-type data elements.
    #[serde(default)]
    pub data_sets: Vec<String>,
    /// LAST-type data elements (2.39+ sources).
    #[serde(default)]
    pub data_elements: Vec<String>,
}

/// What planning the reads needs beyond the rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadContext {
    /// Cutting limits (with the base URL length).
    pub limits: ReadLimits,
    /// The resolved time of a relative or fixed rule; ignored by incremental rules. For a fixed
    /// rule `None` means its own dates.
    pub time: Option<ReadTime>,
    /// Resolved org unit ids (after level or group selectors); `None` = the rule's.
    pub org_units: Option<Vec<String>>,
    /// Whether the source accepts `dataElement` (2.39+).
    pub supports_data_element_param: bool,
    /// On older sources: the data sets to read the single data elements through (the filter
    /// keeps only the selected ones).
    #[serde(default)]
    pub data_sets_for_data_elements: Vec<String>,
    /// Seconds subtracted from the watermark of an incremental rule, so that values written
    /// while the last run was reading are read again.
    pub watermark_overlap_seconds: u32,
    /// Earlier values to read for LAST-type data elements.
    #[serde(default)]
    pub look_back: Option<LookBack>,
}

/// Default overlap subtracted from an incremental rule's watermark: five minutes.
pub const DEFAULT_WATERMARK_OVERLAP_SECONDS: u32 = 300;

impl ReadContext {
    /// A context with default limits for a base URL of this length, a source accepting
    /// `dataElement` (2.39+), the rule's own time and org units, the default watermark overlap
    /// and no look-back.
    pub fn new(base_url_length: usize) -> ReadContext {
        ReadContext {
            limits: ReadLimits::for_base_url_length(base_url_length),
            time: None,
            org_units: None,
            supports_data_element_param: true,
            data_sets_for_data_elements: Vec::new(),
            watermark_overlap_seconds: DEFAULT_WATERMARK_OVERLAP_SECONDS,
            look_back: None,
        }
    }
}

/// The reads of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadPlan {
    /// Requests, main ones first.
    pub requests: Vec<ReadRequest>,
    /// The dates read (widened when aggregating), when reading by dates.
    pub dates: Option<(Date, Date)>,
    /// The periods read, when reading by periods.
    pub periods: Vec<String>,
    /// `lastUpdated` of an incremental run.
    pub last_updated: Option<ServerTime>,
    /// How far back the look-back read reaches.
    pub look_back_from: Option<Date>,
}

/// Plans the reads of a validated rule: the main requests and, when asked, the look-back for
/// LAST-type data. Incremental rules read by `lastUpdated` (deleted values included) from the
/// last successful run minus the overlap, or from the first-run date, whatever the period.
pub fn plan_reads(rule: &ValidatedRule, context: &ReadContext) -> (ReadPlan, Vec<Issue>) {
    let rule = rule.rule();
    let mut issues = Vec::new();
    let aggregating = rule.aggregation.period_type().is_some();
    let incremental = matches!(rule.period, PeriodSelection::SinceLastSuccessfulSync { .. });

    let mut spec = ReadSpec {
        data_sets: rule
            .selection
            .data_sets
            .iter()
            .map(|d| d.id.clone())
            .collect(),
        data_elements: rule.selection.data_elements.clone(),
        data_element_groups: rule.selection.data_element_groups.clone(),
        org_units: context
            .org_units
            .clone()
            .unwrap_or_else(|| rule.org_units.clone()),
        children: aggregating,
        include_deleted: rule.send_deletions || incremental,
        ..ReadSpec::default()
    };
    if !context.supports_data_element_param && !spec.data_elements.is_empty() {
        if context.data_sets_for_data_elements.is_empty() {
            issues.push(Issue::error(
                IssueCode::DataElementReadUnsupported,
                "selection.dataElements",
                None,
                "the source (before 2.39) cannot read single data elements and no data sets were \
                 given to read them through",
            ));
        }
        spec.data_elements.clear();
        for id in &context.data_sets_for_data_elements {
            if !spec.data_sets.contains(id) {
                spec.data_sets.push(id.clone());
            }
        }
    }

    let mut plan = ReadPlan {
        requests: Vec::new(),
        dates: None,
        periods: Vec::new(),
        last_updated: None,
        look_back_from: None,
    };
    let mut range_start = None;
    match (&rule.period, &context.time) {
        (PeriodSelection::SinceLastSuccessfulSync { initial_since }, _) => {
            let since = match (rule.last_successful_run, initial_since) {
                (Some(watermark), _) => watermark.minus_seconds(context.watermark_overlap_seconds),
                (None, Some(date)) => ServerTime::start_of(*date),
                (None, None) => ServerTime::start_of(epoch()),
            };
            spec.last_updated = Some(since);
            plan.last_updated = Some(since);
        }
        (_, Some(ReadTime::Periods { periods })) => {
            spec.periods = periods.clone();
            plan.periods = periods.clone();
            range_start = periods
                .iter()
                .filter_map(|id| Period::parse(id).ok())
                .map(|p| p.start_date())
                .min();
        }
        (
            PeriodSelection::Fixed {
                start_date,
                end_date,
            },
            None,
        ) => {
            let dates = widen(*start_date, *end_date, aggregating);
            spec.dates = Some(dates);
            plan.dates = Some(dates);
            range_start = Some(*start_date);
        }
        (
            _,
            Some(ReadTime::Dates {
                start_date,
                end_date,
            }),
        ) => {
            let dates = widen(*start_date, *end_date, aggregating);
            spec.dates = Some(dates);
            plan.dates = Some(dates);
            range_start = Some(*start_date);
        }
        (PeriodSelection::Relative { relative_period }, None) => {
            issues.push(Issue::error(
                IssueCode::NoPeriod,
                "period",
                None,
                format!(
                    "the relative period `{relative_period}` was not resolved to periods or dates"
                ),
            ));
        }
    }

    let (mut requests, more) = plan_read_requests(&spec, &context.limits, ReadPurpose::Main);
    issues.extend(more);
    plan.requests.append(&mut requests);

    if let (Some(look_back), Some(start)) = (&context.look_back, range_start)
        && look_back.from < start
        && !(look_back.data_sets.is_empty() && look_back.data_elements.is_empty())
    {
        let mut data_sets = look_back.data_sets.clone();
        let mut data_elements = look_back.data_elements.clone();
        if !context.supports_data_element_param && !data_elements.is_empty() {
            data_elements.clear();
            for id in &context.data_sets_for_data_elements {
                if !data_sets.contains(id) {
                    data_sets.push(id.clone());
                }
            }
        }
        let look_spec = ReadSpec {
            data_sets,
            data_elements,
            dates: Some((look_back.from, start.add_days(-1))),
            periods: Vec::new(),
            data_element_groups: Vec::new(),
            last_updated: None,
            include_deleted: false,
            ..spec.clone()
        };
        let (mut requests, more) =
            plan_read_requests(&look_spec, &context.limits, ReadPurpose::LookBack);
        issues.extend(more);
        plan.requests.append(&mut requests);
        plan.look_back_from = Some(look_back.from);
    }
    (plan, issues)
}

/// The re-reads of an incremental run with aggregation: changed values only mark the cells to
/// aggregate again; each affected target period is read again in full for the affected org
/// units (with their subtrees). Adjacent or overlapping periods share one date range.
pub fn plan_recompute_reads(
    rule: &ValidatedRule,
    target_periods: &[Period],
    org_units: &[String],
    limits: &ReadLimits,
) -> (Vec<ReadRequest>, Vec<Issue>) {
    let rule = rule.rule();
    let mut ranges: Vec<(Date, Date)> = target_periods
        .iter()
        .map(|p| (p.start_date(), p.end_date()))
        .collect();
    ranges.sort();
    let mut merged: Vec<(Date, Date)> = Vec::new();
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1.add_days(1) => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    let mut requests = Vec::new();
    let mut issues = Vec::new();
    for (start, end) in merged {
        let spec = ReadSpec {
            data_sets: rule
                .selection
                .data_sets
                .iter()
                .map(|d| d.id.clone())
                .collect(),
            data_elements: rule.selection.data_elements.clone(),
            data_element_groups: rule.selection.data_element_groups.clone(),
            org_units: org_units.to_vec(),
            periods: Vec::new(),
            dates: Some(widen(start, end, true)),
            last_updated: None,
            children: true,
            include_deleted: false,
        };
        let (mut more_requests, more_issues) =
            plan_read_requests(&spec, limits, ReadPurpose::Recompute);
        requests.append(&mut more_requests);
        issues.extend(more_issues);
    }
    (requests, issues)
}

/// The target periods whose aggregates a changed value can alter: every target period
/// overlapping the value's own period (a week across a month end marks both months; yearly data
/// repeated monthly marks every month). Marking one period too many only costs a re-read.
/// Returns the periods in order, and the period ids that could not be parsed.
pub fn affected_target_periods<'a>(
    period_ids: impl IntoIterator<Item = &'a str>,
    target: PeriodType,
) -> (Vec<Period>, Vec<String>) {
    let mut affected: BTreeMap<Date, Period> = BTreeMap::new();
    let mut unparseable = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for id in period_ids {
        if !seen.insert(id) {
            continue;
        }
        let Ok(period) = Period::parse(id) else {
            unparseable.insert(id.to_string());
            continue;
        };
        let mut current = target.period_of(period.start_date());
        while current.start_date() <= period.end_date() {
            affected.insert(current.start_date(), current);
            current = current.next();
        }
    }
    (
        affected.into_values().collect(),
        unparseable.into_iter().collect(),
    )
}

fn epoch() -> Date {
    Date::from_days(0)
}

fn widen(start: Date, end: Date, aggregating: bool) -> (Date, Date) {
    if aggregating {
        (
            start.add_days(-AGGREGATION_MARGIN_DAYS),
            end.add_days(AGGREGATION_MARGIN_DAYS),
        )
    } else {
        (start, end)
    }
}

/// Percent-encodes a query component (everything but `A–Z a–z 0–9 - . _ ~`).
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Encodes parameters as `a=1&b=2`.
pub fn query_string(params: &[(String, String)]) -> String {
    let mut query = String::new();
    for (name, value) in params {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&encode_component(name));
        query.push('=');
        query.push_str(&encode_component(value));
    }
    query
}

fn encoded_length(text: &str) -> usize {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                1
            } else {
                3
            }
        })
        .sum()
}

fn param_length(name: &str, value: &str) -> usize {
    1 + encoded_length(name) + 1 + encoded_length(value)
}

type Param = (&'static str, String);

/// Cuts `items` greedily into groups of at most `max_count` items and `max_length` encoded
/// characters (each item counted with its `&`). `Err` holds an item that alone is too long.
fn cut(items: &[Param], max_count: usize, max_length: usize) -> Result<Vec<Vec<Param>>, Param> {
    let mut groups = Vec::new();
    let mut group: Vec<Param> = Vec::new();
    let mut length = 0;
    for item in items {
        let item_length = param_length(item.0, &item.1);
        if item_length > max_length {
            return Err(item.clone());
        }
        if !group.is_empty()
            && (group.len() >= max_count.max(1) || length + item_length > max_length)
        {
            groups.push(std::mem::take(&mut group));
            length = 0;
        }
        group.push(item.clone());
        length += item_length;
    }
    if !group.is_empty() {
        groups.push(group);
    }
    Ok(groups)
}

fn group_length(group: &[Param]) -> usize {
    group
        .iter()
        .map(|(name, value)| param_length(name, value))
        .sum()
}

/// Whether `requests` can return one data value row twice: an org unit read by two requests
/// that name different data (a split list of data sets, data elements and groups, which may
/// share data elements). Periods and dates are split into disjoint ranges, and a look-back reads
/// only before the main range, so those never repeat a row. An aggregation over such a plan
/// counts each row once ([`crate::aggregate::Aggregator::with_row_dedupe`]).
pub fn may_repeat_rows(requests: &[ReadRequest]) -> bool {
    let mut data_of_org_unit: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for request in requests {
        let data: Vec<&str> = request
            .params
            .iter()
            .filter(|(key, _)| {
                matches!(key.as_str(), "dataSet" | "dataElement" | "dataElementGroup")
            })
            .map(|(_, value)| value.as_str())
            .collect();
        for org_unit in request.values_of("orgUnit") {
            match data_of_org_unit.get(org_unit) {
                Some(seen) if *seen != data => return true,
                Some(_) => {}
                None => {
                    data_of_org_unit.insert(org_unit, data.clone());
                }
            }
        }
    }
    false
}

/// Cuts one [`ReadSpec`] into requests whose URLs are all shorter than the limit. Every
/// combination of data id, period and org unit is asked for exactly once.
pub fn plan_read_requests(
    spec: &ReadSpec,
    limits: &ReadLimits,
    purpose: ReadPurpose,
) -> (Vec<ReadRequest>, Vec<Issue>) {
    let mut issues = PlanIssues::default();
    let data: Vec<Param> = spec
        .data_sets
        .iter()
        .map(|id| ("dataSet", id.clone()))
        .chain(
            spec.data_elements
                .iter()
                .map(|id| ("dataElement", id.clone())),
        )
        .chain(
            spec.data_element_groups
                .iter()
                .map(|id| ("dataElementGroup", id.clone())),
        )
        .collect();
    let periods: Vec<Param> = spec
        .periods
        .iter()
        .map(|id| ("period", id.clone()))
        .collect();
    let org_units: Vec<Param> = spec
        .org_units
        .iter()
        .map(|id| ("orgUnit", id.clone()))
        .collect();
    let mut fixed: Vec<Param> = Vec::new();
    if spec.periods.is_empty()
        && let Some((start, end)) = spec.dates
    {
        fixed.push(("startDate", start.to_string()));
        fixed.push(("endDate", end.to_string()));
    }
    if spec.children {
        fixed.push(("children", "true".to_string()));
    }
    if spec.include_deleted {
        fixed.push(("includeDeleted", "true".to_string()));
    }
    if let Some(since) = spec.last_updated {
        fixed.push(("lastUpdated", since.to_string()));
    }

    if data.is_empty() {
        issues.error(
            IssueCode::NothingToRead,
            "selection",
            "no data set, data element or group to read",
        );
    }
    if org_units.is_empty() {
        issues.error(
            IssueCode::NothingToRead,
            "orgUnits",
            "no organisation unit to read",
        );
    }
    if periods.is_empty() && spec.dates.is_none() && spec.last_updated.is_none() {
        issues.error(
            IssueCode::NothingToRead,
            "period",
            "no period, dates or last-updated time to read",
        );
    }
    if let Some((start, end)) = spec.dates
        && end < start
    {
        issues.error(
            IssueCode::DateRangeReversed,
            "period",
            format!("end date {end} is before start date {start}"),
        );
    }
    if issues.has_errors() {
        return (Vec::new(), issues.into_vec());
    }

    // `?` plus strictly shorter than the limit.
    let budget = limits
        .max_url_length
        .saturating_sub(1)
        .saturating_sub(limits.base_url_length + 1)
        .saturating_sub(group_length(&fixed));
    let third = budget / 3;
    let too_long = |issues: &mut PlanIssues, item: Param| {
        issues.error(
            IssueCode::UrlTooLong,
            item.0,
            format!("`{}` alone makes the request URL too long", item.1),
        );
    };
    let data_groups = match cut(&data, limits.max_data_ids, third) {
        Ok(groups) => groups,
        Err(item) => {
            too_long(&mut issues, item);
            return (Vec::new(), issues.into_vec());
        }
    };
    let period_groups = if periods.is_empty() {
        vec![Vec::new()]
    } else {
        match cut(&periods, limits.max_periods, third) {
            Ok(groups) => groups,
            Err(item) => {
                too_long(&mut issues, item);
                return (Vec::new(), issues.into_vec());
            }
        }
    };
    let mut requests = Vec::new();
    for data_group in &data_groups {
        for period_group in &period_groups {
            let room = budget.saturating_sub(group_length(data_group) + group_length(period_group));
            let org_unit_groups = match cut(&org_units, limits.max_org_units, room) {
                Ok(groups) => groups,
                Err(item) => {
                    too_long(&mut issues, item);
                    return (Vec::new(), issues.into_vec());
                }
            };
            for org_unit_group in org_unit_groups {
                let params: Vec<(String, String)> = data_group
                    .iter()
                    .chain(period_group)
                    .chain(&org_unit_group)
                    .chain(&fixed)
                    .map(|(name, value)| (name.to_string(), value.clone()))
                    .collect();
                let query = query_string(&params);
                let url_length = limits.base_url_length + 1 + query.len();
                requests.push(ReadRequest {
                    purpose,
                    params,
                    query,
                    url_length,
                });
            }
        }
    }
    (requests, issues.into_vec())
}
