//! The version matrix, natively through the engine between two dhis2-lite servers over HTTP:
//! for each pair of DHIS2 versions (source → destination), one raw and one quarterly aggregated
//! sync of one quarter of three data sets (monthly with the default attribute combo, monthly with
//! funding attribute option combos, weekly), each checked through the destination's API. A raw sync must
//! land exactly the source's values; an aggregated one must land, for every SUM element of a
//! numeric type, the sum of the source's raw values under the org unit and nothing else (what
//! the destination cannot store is announced and left out, so both end SUCCESS). The raw rule
//! runs a second time: nothing changed, still SUCCESS, the values counted updated (before 2.38)
//! or ignored (2.38+) as the destination's version counts them. Then a rule
//! "since the last successful sync" runs twice, each time reading and sending exactly the values
//! changed or deleted on the source since (the watermark, `lastUpdated` and `includeDeleted`
//! reads and deletions at the destination, version by version). Every rule is saved on the
//! source first, so every version also records the runs on them.
//!
//! Sources from 2.40 on reach the destination the way the app does, through a route of the
//! source (`<destination>/api/**`, chunks capped as the app caps them; one pair through an older
//! `<destination>/**` route); older sources have no routes, so theirs are direct, with a password
//! or a personal access token (2.38+, as `aggsync run` with a secrets file). Every request of
//! every run goes through a recording transport, and a run must send no request that fails
//! (4xx/5xx, or none): the user caused none, so a failed request would be the app asking for
//! something that is not there (in the browser, a console error).

mod common;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use anyhow::{Context, Result};
use common::{Pair, ROUTE_ID, rule, values_of};
use dhis2_api::native::NativeTransport;
use dhis2_api::transport::{HttpRequest, HttpResponse, ResponseHead, Transport, TransportError};
use dhis2_api::{Auth, DestinationClient, Dhis2Client};
use sync_core::model::{
    Aggregation, DataSetSelection, IssueCode, PeriodSelection, ReportStatus, RouteScope, Rule,
    SyncReport, load_value, to_json,
};
use sync_engine::CancelToken;
use sync_engine::store::rules::RecordOutcome;

const START: &str = "2024-01-01";
const END: &str = "2024-03-31";
/// The quarter of `START..=END`, as the aggregated values are stored.
const QUARTER: &str = "2024Q1";

/// The native transport, noting every request that got a 4xx or 5xx answer (or none).
#[derive(Clone, Default)]
struct Recording {
    inner: NativeTransport,
    failures: Rc<RefCell<Vec<String>>>,
}

impl Recording {
    fn note(&self, request: &HttpRequest, outcome: &Result<u16, &TransportError>) {
        let failed = match outcome {
            Ok(status) if *status < 400 => return,
            Ok(status) => status.to_string(),
            Err(error) => error.to_string(),
        };
        self.failures
            .borrow_mut()
            .push(format!("{:?} {} → {failed}", request.method, request.url));
    }

    /// The failed requests so far, forgotten.
    fn take_failures(&self) -> Vec<String> {
        std::mem::take(&mut self.failures.borrow_mut())
    }
}

impl Transport for Recording {
    type Body = <NativeTransport as Transport>::Body;

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let noted = request.clone();
        let response = self.inner.send(request).await;
        self.note(&noted, &response.as_ref().map(|response| response.status));
        response
    }

    async fn open(
        &self,
        request: HttpRequest,
    ) -> Result<(ResponseHead, Self::Body), TransportError> {
        let noted = request.clone();
        let response = self.inner.open(request).await;
        self.note(&noted, &response.as_ref().map(|(head, _)| head.status));
        response
    }
}

/// How the source reaches the destination.
#[derive(Clone, Copy, Debug)]
enum Reach {
    /// With the admin's password (Basic).
    Direct,
    /// With a personal access token of the admin's, made on the destination (2.38+; its prefix
    /// differs from 2.41 on).
    Token,
    /// Through a route of the source to `<destination>/api/**` (the routes the app makes).
    Route,
    /// Through a route of the source to `<destination>/**` (routes the app made before it
    /// narrowed them to the Web API).
    ServerRoute,
}

/// The clients of one version pair, on one recording transport.
struct Clients {
    transport: Recording,
    source: DestinationClient<Recording>,
    destination: DestinationClient<Recording>,
    max_chunk_size: Option<usize>,
}

impl Clients {
    async fn of(pair: &Pair, reach: Reach) -> Result<Clients> {
        let transport = Recording::default();
        let source = pair.source.client_over(transport.clone());
        let (destination, max_chunk_size) = match reach {
            Reach::Direct => (pair.destination.client_over(transport.clone()), None),
            Reach::Token => {
                let (status, text) = pair
                    .destination
                    .send(
                        reqwest::Method::POST,
                        "apiToken",
                        &serde_json::json!({"attributes": []}),
                    )
                    .await?;
                anyhow::ensure!((200..300).contains(&status), "token: {status} {text}");
                let created: serde_json::Value = serde_json::from_str(&text)?;
                let token = created["response"]["key"]
                    .as_str()
                    .context("the new token")?
                    .to_string();
                let client = Dhis2Client::direct(
                    transport.clone(),
                    pair.destination.url(),
                    Auth::ApiToken(token),
                );
                (client, None)
            }
            Reach::Route | Reach::ServerRoute => {
                let scope = match reach {
                    Reach::ServerRoute => RouteScope::Server,
                    _ => RouteScope::Api,
                };
                pair.add_route(scope).await?;
                // The app's cap of a route's write chunks (its answer is relayed up to 256 KB).
                (
                    source.route_client(ROUTE_ID, scope),
                    Some(sync_engine::limits::ROUTE_MAX_CHUNK_SIZE),
                )
            }
        };
        Ok(Clients {
            transport,
            source,
            destination,
            max_chunk_size,
        })
    }

    /// Saves `rule` on the source and runs it; the report, after checking it was saved, the run
    /// recorded on the rule, and no request failed.
    async fn run(&self, pair: &Pair, rule: &Rule) -> Result<SyncReport> {
        let stored: serde_json::Value = serde_json::from_str(&to_json(rule)?)?;
        let (status, text) = pair
            .source
            .send(
                reqwest::Method::POST,
                &format!("dataStore/aggregate-sync/rule-{}", rule.id),
                &stored,
            )
            .await?;
        anyhow::ensure!(
            (200..300).contains(&status),
            "saving the rule: {status} {text}"
        );
        self.run_stored(rule).await
    }

    /// Runs `rule`, already saved on the source; the report, after the same checks.
    async fn run_stored(&self, rule: &Rule) -> Result<SyncReport> {
        let result = Pair::run_between(
            rule,
            &self.source,
            &self.destination,
            self.max_chunk_size,
            &CancelToken::new(),
        )
        .await;
        anyhow::ensure!(
            result.save_error.is_none(),
            "the report was not saved: {:?}",
            result.save_error
        );
        anyhow::ensure!(
            matches!(result.record, Some(RecordOutcome::Recorded { .. })),
            "the run was not recorded on its rule: {:?} {:?}",
            result.record,
            result.record_error
        );
        let failures = self.transport.take_failures();
        anyhow::ensure!(
            failures.is_empty(),
            "requests failed that the user did not cause:\n{}",
            failures.join("\n")
        );
        Ok(result.report)
    }
}

/// The ids of the data set's elements that are summed (aggregation SUM, a numeric type).
async fn summed_elements(pair: &Pair, data_set: &str) -> Result<Vec<String>> {
    let elements = pair
        .source
        .get(&format!(
            "dataSets/{data_set}?fields=dataSetElements[dataElement[id,aggregationType,valueType]]"
        ))
        .await?;
    Ok(elements["dataSetElements"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|element| &element["dataElement"])
        .filter(|element| {
            element["aggregationType"] == "SUM"
                && matches!(
                    element["valueType"].as_str(),
                    Some("NUMBER" | "INTEGER" | "INTEGER_POSITIVE" | "INTEGER_ZERO_OR_POSITIVE")
                )
        })
        .filter_map(|element| element["id"].as_str().map(str::to_string))
        .collect())
}

/// The data sets of every case: monthly with the default attribute combo, monthly with attribute
/// option combos (funding), so both kinds of keys cross every version pair, and weekly (2024's
/// weeks 1–13 are exactly its first quarter, so its quarterly sums are plain sums too).
const DATA_SETS: [&str; 3] = [
    "Child Health Monthly",
    "HIV Programme Monthly",
    "Disease Surveillance Weekly",
];

/// One raw and one quarterly sync from `source` to `destination`, each checked on the
/// destination.
async fn both_syncs(source: &str, destination: &str, reach: Reach) -> Result<()> {
    let began = std::time::Instant::now();
    let pair = Pair::start_versions(source, destination).await?;
    let clients = Clients::of(&pair, reach).await?;
    let mut data_sets = Vec::new();
    let mut facilities: Vec<String> = Vec::new();
    for name in DATA_SETS {
        let data_set = pair.data_set(name).await?;
        for unit in pair.facilities_with_data(&data_set, START, END, 2).await? {
            if !facilities.contains(&unit) {
                facilities.push(unit);
            }
        }
        data_sets.push(data_set);
    }
    let select = |rule: &mut Rule| {
        rule.selection.data_sets = data_sets
            .iter()
            .map(|id| DataSetSelection {
                id: id.clone(),
                excluded_data_elements: Vec::new(),
            })
            .collect();
    };

    // Raw: exactly the source's values.
    let mut raw = rule(&data_sets[0], &facilities, START, END);
    select(&mut raw);
    raw.name = format!("Raw {source} to {destination}");
    let report = clients.run(&pair, &raw).await?;
    assert_eq!(report.status, ReportStatus::Success, "{:#?}", report.errors);
    let mut raw_count = 0;
    for data_set in &data_sets {
        let expected = pair
            .values(&pair.source, data_set, &facilities, START, END)
            .await?;
        let landed = pair
            .values(&pair.destination, data_set, &facilities, START, END)
            .await?;
        assert!(!expected.is_empty(), "{data_set} has values");
        assert_eq!(landed, expected, "{source} → {destination} raw {data_set}");
        raw_count += expected.len();
    }
    assert_eq!(report.tally.confirmed, raw_count as u64);

    // The same rule again: nothing changed, and every version answers that without a refusal
    // (2.38+ count unchanged values as ignored, older ones as updated).
    let again = load_value::<Rule>(
        pair.source
            .get(&format!("dataStore/aggregate-sync/rule-{}", raw.id))
            .await?,
    )?
    .value;
    let report = clients.run_stored(&again).await?;
    assert_eq!(report.status, ReportStatus::Success, "{:#?}", report.errors);
    assert_eq!(
        report.tally.confirmed, raw_count as u64,
        "{:?}",
        report.tally
    );
    let (mut imported, mut updated, mut ignored) = (0, 0, 0);
    for chunk in &report.chunks {
        imported += chunk.counts.imported;
        updated += chunk.counts.updated;
        ignored += chunk.counts.ignored;
    }
    let unchanged_ignored = destination.trim_start_matches("2.").parse::<u32>()? >= 38;
    assert_eq!(
        (imported, updated, ignored),
        if unchanged_ignored {
            (0, 0, raw_count as u64)
        } else {
            (0, raw_count as u64, 0)
        },
        "{source} → {destination}: the import counts of unchanged values"
    );

    // Quarterly, for the chiefdom of the last facility (one with attribute option combos): the
    // values of its facilities summed.
    let path = pair
        .source
        .get(&format!(
            "organisationUnits/{}?fields=path",
            facilities[facilities.len() - 1]
        ))
        .await?["path"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let chiefdom = path
        .split('/')
        .filter(|id| !id.is_empty())
        .nth(3)
        .context("the facility's chiefdom")?
        .to_string();
    let mut quarterly = rule(&data_sets[0], std::slice::from_ref(&chiefdom), START, END);
    select(&mut quarterly);
    quarterly.id = "rUleNative2".into();
    quarterly.name = format!("Quarterly {source} to {destination}");
    quarterly.aggregation = Aggregation::On {
        period_type: sync_core::period::PeriodType::Quarterly,
    };
    let report = clients.run(&pair, &quarterly).await?;
    assert_eq!(report.status, ReportStatus::Success, "{:#?}", report.errors);
    assert!(report.tally.confirmed > 0);
    assert_eq!(report.tally.not_landed(), 0, "{:?}", report.tally);
    // What was left out (the destination cannot store it) was announced and listed.
    assert_eq!(report.tally.left_out, report.left_behind.len() as u64);
    if report.tally.left_out > 0 {
        assert!(
            report
                .issues
                .iter()
                .any(|issue| issue.code == IssueCode::NotStorableAtDestination),
            "{:#?}",
            report.issues
        );
    }
    let mut sums_checked = 0;
    for data_set in &data_sets {
        sums_checked += check_sums(&pair, data_set, &chiefdom)
            .await
            .with_context(|| format!("{source} → {destination} quarterly {data_set}"))?;
    }
    let changed = incremental_runs(&pair, &clients, &data_sets, &facilities)
        .await
        .with_context(|| format!("{source} → {destination} incremental"))?;
    println!(
        "versions: {source} → {destination} ({reach:?}): {raw_count} raw values, \
         {sums_checked} sums checked, {changed} changes sent incrementally, {:.1} s",
        began.elapsed().as_secs_f64()
    );
    pair.source.stop().await;
    pair.destination.stop().await;
    Ok(())
}

/// Moves the source's clock forward by `seconds`.
async fn advance_clock(pair: &Pair, seconds: u64) -> Result<()> {
    let (status, text) = pair
        .source
        .send(
            reqwest::Method::POST,
            "testing/clock",
            &serde_json::json!({"advanceSeconds": seconds}),
        )
        .await?;
    anyhow::ensure!((200..300).contains(&status), "clock: {status} {text}");
    Ok(())
}

/// Changes the values of `keys` on the source (each numeric value plus one), or deletes them
/// (`strategy` `DELETE`).
async fn change_on_source(
    pair: &Pair,
    keys: &[(common::Key, String)],
    strategy: &str,
) -> Result<()> {
    if keys.is_empty() {
        return Ok(());
    }
    let values: Vec<serde_json::Value> = keys
        .iter()
        .map(|((element, period, unit, combo, attribute), value)| {
            serde_json::json!({
                "dataElement": element,
                "period": period,
                "orgUnit": unit,
                "categoryOptionCombo": combo,
                "attributeOptionCombo": attribute,
                "value": (value.parse::<i64>().unwrap_or(0) + 1).to_string(),
            })
        })
        .collect();
    let (status, text) = pair
        .source
        .send(
            reqwest::Method::POST,
            &format!("dataValueSets?importStrategy={strategy}"),
            &serde_json::json!({"dataValues": values}),
        )
        .await?;
    anyhow::ensure!(
        (200..300).contains(&status) && !text.contains("\"ERROR\""),
        "changing source values: {status} {text}"
    );
    Ok(())
}

/// A rule "since the last successful sync" (first run: changes since today, two days after the
/// seed) of the raw rule's data sets and facilities, run twice: each run reads and sends exactly
/// the values changed (or deleted) on the source since the one before, and the destination then
/// holds the source's values. The watermark (the source's `serverDate`) and the `lastUpdated`
/// reads cross the versions here. Returns how many changes were sent.
async fn incremental_runs(
    pair: &Pair,
    clients: &Clients,
    data_sets: &[String],
    facilities: &[String],
) -> Result<u64> {
    // The seeded values are older than "today" from here on.
    advance_clock(pair, 2 * 86_400).await?;
    let today = pair.source.get("system/info").await?["serverDate"]
        .as_str()
        .context("serverDate")?[..10]
        .to_string();
    let mut numeric: Vec<(common::Key, String)> = Vec::new();
    for data_set in data_sets {
        numeric.extend(
            pair.values(&pair.source, data_set, facilities, START, END)
                .await?
                .into_iter()
                .filter(|(_, value)| value.parse::<i64>().is_ok_and(|value| value > 0))
                .take(2),
        );
    }
    anyhow::ensure!(numeric.len() >= 4, "numeric values to change: {numeric:?}");
    let mut incremental = rule(&data_sets[0], facilities, START, END);
    incremental.selection.data_sets = data_sets
        .iter()
        .map(|id| DataSetSelection {
            id: id.clone(),
            excluded_data_elements: Vec::new(),
        })
        .collect();
    incremental.id = "rUleNative3".into();
    incremental.name = "Incremental".into();
    incremental.period = PeriodSelection::SinceLastSuccessfulSync {
        initial_since: Some(today.parse()?),
    };
    let key = format!("dataStore/aggregate-sync/rule-{}", incremental.id);
    let mut sent = 0;
    // Round 0 changes two values; round 1 changes one and deletes one (an incremental rule
    // reads deletions too, and deletes them at the destination).
    let rounds = [
        (&numeric[..2], &numeric[..0]),
        (&numeric[2..3], &numeric[3..4]),
    ];
    for (round, (changes, deletions)) in rounds.into_iter().enumerate() {
        advance_clock(pair, 2).await?;
        change_on_source(pair, changes, "CREATE_AND_UPDATE").await?;
        change_on_source(pair, deletions, "DELETE").await?;
        // Past the overlap below its watermark the engine reads again (300 s, for clocks that
        // disagree), so the next round's run reads its own change alone.
        advance_clock(pair, 600).await?;
        // The stored rule, with the watermark the run before left on it.
        let stored = if round == 0 {
            incremental.clone()
        } else {
            load_value::<Rule>(pair.source.get(&key).await?)?.value
        };
        let report = if round == 0 {
            clients.run(pair, &stored).await?
        } else {
            clients.run_stored(&stored).await?
        };
        assert_eq!(report.status, ReportStatus::Success, "{:#?}", report.errors);
        let touched = (changes.len() + deletions.len()) as u64;
        assert_eq!(
            report.values_read, touched,
            "round {round}: only the changes are read"
        );
        assert_eq!(report.tally.confirmed, touched, "{:?}", report.tally);
        sent += report.tally.confirmed;
        let after = load_value::<Rule>(pair.source.get(&key).await?)?.value;
        anyhow::ensure!(
            after.last_successful_run.is_some() && after.pending.is_empty(),
            "round {round}: the watermark moved and nothing is pending: {:?} {:?}",
            after.last_successful_run,
            after.pending
        );
        for data_set in data_sets {
            let expected = pair
                .values(&pair.source, data_set, facilities, START, END)
                .await?;
            let landed = pair
                .values(&pair.destination, data_set, facilities, START, END)
                .await?;
            assert_eq!(landed, expected, "round {round}: {data_set}");
        }
    }
    Ok(sent)
}

/// Checks that the destination holds, for `unit` and the quarter, the sum of the source's raw
/// values under `unit` for every SUM element of `data_set` and every option combo with a
/// non-zero sum; returns how many sums were checked.
async fn check_sums(pair: &Pair, data_set: &str, unit: &str) -> Result<usize> {
    let sums = summed_elements(pair, data_set).await?;
    anyhow::ensure!(!sums.is_empty(), "no summed elements");
    let raw_values = pair
        .source
        .get(&format!(
            "dataValueSets?dataSet={data_set}&startDate={START}&endDate={END}&orgUnit={unit}&children=true"
        ))
        .await?;
    let mut expected: BTreeMap<(String, String, String), f64> = BTreeMap::new();
    for (key, value) in values_of(&raw_values) {
        if sums.contains(&key.0) {
            *expected.entry((key.0, key.3, key.4)).or_default() +=
                value.parse::<f64>().unwrap_or(0.0);
        }
    }
    expected.retain(|_, sum| *sum != 0.0);
    anyhow::ensure!(!expected.is_empty(), "{unit} has values");
    let landed: BTreeMap<(String, String, String), f64> = values_of(
        &pair
            .destination
            .get(&format!(
                "dataValueSets?dataSet={data_set}&period={QUARTER}&orgUnit={unit}"
            ))
            .await?,
    )
    .into_iter()
    .filter(|(key, _)| sums.contains(&key.0))
    .map(|(key, value)| {
        (
            (key.0, key.3, key.4),
            value.parse::<f64>().unwrap_or(f64::NAN),
        )
    })
    .collect();
    for (key, sum) in &expected {
        let got = landed.get(key).copied();
        anyhow::ensure!(
            got.is_some_and(|got| (got - sum).abs() < 1e-6 * sum.abs().max(1.0)),
            "{unit} {key:?}: expected {sum}, landed {got:?}"
        );
    }
    // Nothing summed landed that the source has no values for.
    let extra: Vec<_> = landed
        .keys()
        .filter(|key| !expected.contains_key(*key))
        .collect();
    anyhow::ensure!(extra.is_empty(), "cells without source values: {extra:?}");
    Ok(expected.len())
}

/// One test per version pair: `name: "source" -> "destination" via Direct|Route;`.
macro_rules! version_pairs {
    ($($name:ident: $source:literal -> $destination:literal via $reach:ident;)*) => {
        $(
            #[tokio::test(flavor = "current_thread")]
            async fn $name() -> Result<()> {
                both_syncs($source, $destination, Reach::$reach).await
            }
        )*
    };
}

version_pairs! {
    v2_36_to_2_36: "2.36" -> "2.36" via Direct;
    v2_37_to_2_37: "2.37" -> "2.37" via Direct;
    v2_38_to_2_38: "2.38" -> "2.38" via Token;
    v2_39_to_2_39: "2.39" -> "2.39" via Direct;
    v2_40_to_2_40: "2.40" -> "2.40" via Route;
    v2_41_to_2_41: "2.41" -> "2.41" via Route;
    v2_42_to_2_42: "2.42" -> "2.42" via Route;
    v2_43_to_2_43: "2.43" -> "2.43" via Route;
    v2_41_to_2_36: "2.41" -> "2.36" via Route;
    v2_36_to_2_43: "2.36" -> "2.43" via Token;
    v2_43_to_2_39: "2.43" -> "2.39" via Route;
    v2_42_to_2_40: "2.42" -> "2.40" via ServerRoute;
    v2_39_to_2_42: "2.39" -> "2.42" via Direct;
}
