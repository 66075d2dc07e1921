//! "Data statistics": per data element, where its values ended (imported, updated, deleted,
//! ignored, refused, of unknown fate, not sent), as a table and as an inline SVG chart of one
//! horizontal stacked bar per data element, drawn with Leptos' SVG elements (no library, and
//! names always rendered as text).

use leptos::prelude::*;
use sync_core::model::{DataElementStats, StatKind};

/// Width of the chart's drawing, in its own units (it scales to the page's width).
const CHART_WIDTH: f64 = 720.0;
/// Room on the left for the data element's name.
const LABEL_WIDTH: f64 = 220.0;
/// Room on the right for the row's total.
const TOTAL_WIDTH: f64 = 60.0;
/// Height of one row, and of its bar.
const ROW_HEIGHT: f64 = 26.0;
const BAR_HEIGHT: f64 = 16.0;
/// The longest name drawn in full; longer ones are cut with an ellipsis (the table has them
/// whole).
const LABEL_CHARS: usize = 30;

/// The name to show for a data element: its name, or its id when the report has none.
pub fn display_name(item: &DataElementStats) -> String {
    item.name
        .clone()
        .unwrap_or_else(|| item.data_element.clone())
}

fn short(name: &str) -> String {
    if name.chars().count() <= LABEL_CHARS {
        name.to_string()
    } else {
        let cut: String = name.chars().take(LABEL_CHARS - 1).collect();
        format!("{cut}…")
    }
}

/// The statistics table and its chart.
#[component]
pub fn DataElementChart(mut stats: Vec<DataElementStats>) -> impl IntoView {
    // People look a data element up by name: rows and bars in name order, not by id.
    stats.sort_by_cached_key(|item| (display_name(item).to_lowercase(), item.data_element.clone()));
    let estimated = stats.iter().any(|item| item.estimated);
    view! {
        <h2 class="section-title">{t!("report-data-statistics")}</h2>
        {if stats.is_empty() {
            view! { <p class="empty" data-test="report-no-data-elements">{t!("report-no-data-elements")}</p> }.into_any()
        } else {
            view! {
                <StatsChart stats=stats.clone()/>
                <StatsTable stats/>
                {estimated.then(|| view! {
                    <p class="report-note" data-test="report-stats-estimated">
                        {t!("report-stats-estimated")}
                    </p>
                })}
            }.into_any()
        }}
    }
}

/// The name of a statistic in the user's language (sync-core's `label` is English).
fn stat_label(kind: StatKind) -> String {
    match kind {
        StatKind::Imported => t!("stat-imported"),
        StatKind::Updated => t!("stat-updated"),
        StatKind::Deleted => t!("stat-deleted"),
        StatKind::Ignored => t!("stat-ignored"),
        StatKind::Refused => t!("stat-refused"),
        StatKind::FateUnknown => t!("stat-fate-unknown"),
        StatKind::NotSent => t!("stat-not-sent"),
    }
}

#[component]
fn StatsTable(stats: Vec<DataElementStats>) -> impl IntoView {
    let kinds: Vec<StatKind> = stats
        .first()
        .map(|item| item.segments().iter().map(|(kind, _)| *kind).collect())
        .unwrap_or_default();
    view! {
        <div class="table-scroll">
            <table class="table table--figures" data-test="report-data-elements">
                <thead>
                    <tr>
                        <th>{t!("report-data-element")}</th>
                        {kinds.iter().map(|kind| view! { <th>{stat_label(*kind)}</th> }).collect_view()}
                        <th>{t!("report-conflicts")}</th>
                    </tr>
                </thead>
                <tbody>
                    {stats.into_iter().map(|item| {
                        let mark = if item.estimated { "≈ " } else { "" };
                        view! {
                            <tr data-test="report-data-element" data-id=item.data_element.clone()>
                                <td data-test="report-data-element-name">{display_name(&item)}</td>
                                {item.segments().into_iter().map(|(kind, count)| view! {
                                    <td data-test=format!("report-data-element-{}", kind.key())>
                                        {format!("{mark}{count}")}
                                    </td>
                                }).collect_view()}
                                <td data-test="report-data-element-conflicts">{item.conflicts}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn StatsChart(stats: Vec<DataElementStats>) -> impl IntoView {
    let max = stats
        .iter()
        .map(DataElementStats::total)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let bar_room = CHART_WIDTH - LABEL_WIDTH - TOTAL_WIDTH;
    let height = ROW_HEIGHT * stats.len() as f64;
    let kinds: Vec<StatKind> = stats
        .first()
        .map(|item| item.segments().iter().map(|(kind, _)| *kind).collect())
        .unwrap_or_default();
    view! {
        <figure class="chart" data-test="report-chart">
            <svg class="chart__svg" viewBox=format!("0 0 {CHART_WIDTH} {height}")
                role="img" aria-label=t!("report-chart-label")>
                {stats.iter().enumerate().map(|(row, item)| {
                    let y = row as f64 * ROW_HEIGHT;
                    let bar_y = y + (ROW_HEIGHT - BAR_HEIGHT) / 2.0;
                    let mut x = LABEL_WIDTH;
                    let segments = item.segments().into_iter().filter(|(_, count)| *count > 0).map(|(kind, count)| {
                        let width = count as f64 / max * bar_room;
                        let at = x;
                        x += width;
                        view! {
                            <rect class=format!("chart__segment chart__segment--{}", kind.key())
                                data-test="report-chart-segment" data-kind=kind.key() data-count=count
                                x=format!("{at:.2}") y=format!("{bar_y:.2}")
                                width=format!("{width:.2}") height=BAR_HEIGHT/>
                        }
                    }).collect_view();
                    let name = display_name(item);
                    view! {
                        <g class="chart__row" data-test="report-chart-bar" data-id=item.data_element.clone()>
                            <text class="chart__label" x=LABEL_WIDTH - 8.0 y=y + ROW_HEIGHT / 2.0
                                text-anchor="end" dominant-baseline="middle">{short(&name)}</text>
                            {segments}
                            <text class="chart__total" x=CHART_WIDTH - TOTAL_WIDTH + 6.0 y=y + ROW_HEIGHT / 2.0
                                dominant-baseline="middle">{item.total()}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
            <figcaption class="chart__legend">
                {kinds.into_iter().map(|kind| view! {
                    <span class="chart__key">
                        <span class=format!("chart__swatch chart__swatch--{}", kind.key())></span>
                        {stat_label(kind)}
                    </span>
                }).collect_view()}
            </figcaption>
        </figure>
    }
}
