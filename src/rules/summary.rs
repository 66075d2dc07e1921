//! Short texts the rules table shows for a rule — what it sends, its schedule, its last run —
//! and the table's client-side filter, order and paging over the loaded entries. Pure.

use std::collections::BTreeMap;

use sync_core::model::{
    Aggregation, CategoryOptionSelection, PeriodSelection, ReportStatus, Rule, Schedule,
    SchedulePreset,
};

use super::RuleEntry;

/// `text` (a count in words, from `number`) unless `number` is zero.
fn count(number: usize, text: impl FnOnce(usize) -> String) -> Option<String> {
    (number > 0).then(|| text(number))
}

/// "2 data sets, 1 data element group · 3 organisation units · Last month · aggregated to
/// Monthly".
pub fn what_it_sends(rule: &Rule) -> String {
    let selection = &rule.selection;
    let data: Vec<String> = [
        count(selection.data_sets.len(), |count| {
            t!("data-count-data-sets", count = count)
        }),
        count(selection.data_elements.len(), |count| {
            t!("data-count-data-elements", count = count)
        }),
        count(selection.data_element_groups.len(), |count| {
            t!("data-count-groups", count = count)
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut parts = vec![if data.is_empty() {
        t!("rules-sends-no-data")
    } else {
        data.join(", ")
    }];
    parts.push(
        count(rule.org_units.len(), |count| {
            t!("rules-sends-org-units", count = count)
        })
        .unwrap_or_else(|| t!("rules-sends-no-org-unit")),
    );
    parts.push(period_label(&rule.period));
    if let CategoryOptionSelection::Selected { category_options } = &rule.category_options {
        parts.extend(count(category_options.len(), |count| {
            t!("rules-sends-category-options", count = count)
        }));
    }
    if let Aggregation::On { period_type } = rule.aggregation {
        parts.push(t!(
            "rules-sends-aggregated-to",
            period_type = period_type.name()
        ));
    }
    parts.join(" · ")
}

/// `LAST_MONTH` → "Last month"; fixed dates; "Since last successful sync".
pub fn period_label(period: &PeriodSelection) -> String {
    match period {
        PeriodSelection::Relative { relative_period } => {
            let words = relative_period.to_lowercase().replace('_', " ");
            let mut characters = words.chars();
            let words: String = characters
                .next()
                .map(|first| first.to_uppercase().chain(characters).collect())
                .unwrap_or_default();
            // English keeps these words; a translation names each DHIS2 keyword.
            t!(
                "relative-period",
                name = relative_period.clone(),
                label = words
            )
        }
        PeriodSelection::Fixed {
            start_date,
            end_date,
        } => t!(
            "rules-period-fixed",
            start = start_date.to_string(),
            end = end_date.to_string()
        ),
        PeriodSelection::SinceLastSuccessfulSync { .. } => t!("rules-period-incremental"),
    }
}

/// The preset's name, the cron expression, or "Not scheduled".
pub fn schedule_label(schedule: Option<&Schedule>) -> String {
    match schedule {
        None => t!("rules-not-scheduled"),
        Some(schedule) => match schedule.preset() {
            Some(preset) => preset_name(preset),
            None => schedule.cron.clone(),
        },
    }
}

/// "Daily", "Weekly", "Monthly".
pub fn preset_name(preset: SchedulePreset) -> String {
    match preset {
        SchedulePreset::Daily => t!("rules-preset-daily"),
        SchedulePreset::Weekly => t!("rules-preset-weekly"),
        SchedulePreset::Monthly => t!("rules-preset-monthly"),
    }
}

/// A report status in words.
pub fn status_label(status: ReportStatus) -> String {
    match status {
        ReportStatus::Running => t!("status-running"),
        ReportStatus::Success => t!("status-success"),
        ReportStatus::Warning => t!("status-warning"),
        ReportStatus::Error => t!("status-error"),
        ReportStatus::Cancelled => t!("status-cancelled"),
        ReportStatus::DryRun => t!("status-dry-run"),
        ReportStatus::Interrupted => t!("status-interrupted"),
        ReportStatus::Skipped => t!("status-skipped"),
    }
}

/// The destination's name, or its id marked unknown.
pub fn destination_label(rule: &Rule, names: &BTreeMap<String, String>) -> String {
    names.get(&rule.destination_id).cloned().unwrap_or_else(|| {
        t!(
            "rules-unknown-destination",
            id = rule.destination_id.clone()
        )
    })
}

/// One page of the table.
#[derive(Debug, PartialEq)]
pub struct TablePage<'a> {
    /// Entries on this page.
    pub rows: Vec<&'a RuleEntry>,
    /// Entries matching the filter.
    pub total: u32,
    /// Pages (0 when nothing matches).
    pub page_count: u32,
    /// The page shown (clamped to the last one).
    pub page: u32,
}

/// Rules whose name (broken entries: key) contains `filter`, ignoring case; by name, broken
/// entries last; page `page` of `page_size`.
pub fn table_page<'a>(
    entries: &'a [RuleEntry],
    filter: &str,
    page: u32,
    page_size: u32,
) -> TablePage<'a> {
    let needle = filter.trim().to_lowercase();
    let mut rows: Vec<&RuleEntry> = entries
        .iter()
        .filter(|entry| sort_name(entry).1.contains(&needle))
        .collect();
    rows.sort_by_cached_key(|entry| sort_name(entry));
    let page_size = page_size.max(1);
    let total = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    let page_count = total.div_ceil(page_size);
    let page = page.clamp(1, page_count.max(1));
    let start = ((page - 1) * page_size) as usize;
    let rows = rows
        .into_iter()
        .skip(start)
        .take(page_size as usize)
        .collect();
    TablePage {
        rows,
        total,
        page_count,
        page,
    }
}

fn sort_name(entry: &RuleEntry) -> (bool, String, String) {
    match entry {
        RuleEntry::Valid(stored) => (
            false,
            stored.rule.name.to_lowercase(),
            stored.rule.id.clone(),
        ),
        RuleEntry::Broken { key, .. } => (true, key.to_lowercase(), key.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::StoredRule;
    use crate::rules::transfer::tests::sample_rule;

    fn valid(id: &str, name: &str) -> RuleEntry {
        RuleEntry::Valid(Box::new(StoredRule {
            key: format!("rule-{id}"),
            rule: sample_rule(id, name),
            migrated_from: None,
        }))
    }

    #[test]
    fn summary_texts() {
        let mut rule = sample_rule("abcdefghij1", "R");
        assert_eq!(
            what_it_sends(&rule),
            "1 data set · 1 organisation unit · Last month"
        );
        rule.selection.data_element_groups = vec!["a".into(), "b".into()];
        rule.aggregation = Aggregation::On {
            period_type: "Quarterly".parse().unwrap(),
        };
        assert_eq!(
            what_it_sends(&rule),
            "1 data set, 2 data element groups · 1 organisation unit · Last month · aggregated \
             to Quarterly"
        );
        assert_eq!(schedule_label(rule.schedule.as_ref()), "Monthly");
        let cron = Schedule::new("30 4 * * 2");
        assert_eq!(schedule_label(Some(&cron)), "30 4 * * 2");
        assert_eq!(schedule_label(None), "Not scheduled");
    }

    #[test]
    fn filter_order_and_pages() {
        let entries = vec![
            RuleEntry::Broken {
                key: "rule-zzz".into(),
                error: "bad".into(),
            },
            valid("id000000003", "Weekly malaria"),
            valid("id000000001", "anc monthly"),
            valid("id000000002", "Monthly EPI"),
        ];
        let names = |page: &TablePage<'_>| -> Vec<String> {
            page.rows
                .iter()
                .map(|entry| entry.key().to_string())
                .collect()
        };
        let all = table_page(&entries, "", 1, 2);
        assert_eq!((all.total, all.page_count), (4, 2));
        assert_eq!(names(&all), ["rule-id000000001", "rule-id000000002"]);
        let second = table_page(&entries, "", 2, 2);
        assert_eq!(names(&second), ["rule-id000000003", "rule-zzz"]);
        let filtered = table_page(&entries, " MONTHLY", 1, 25);
        assert_eq!(names(&filtered), ["rule-id000000001", "rule-id000000002"]);
        let past_the_end = table_page(&entries, "monthly", 9, 1);
        assert_eq!(past_the_end.page, 2);
        let none = table_page(&entries, "nothing", 1, 25);
        assert_eq!((none.total, none.page_count, none.page), (0, 0, 1));
    }
}
