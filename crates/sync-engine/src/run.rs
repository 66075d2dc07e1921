//! A whole run, from "Synchronize now" (or `aggsync run`) to the saved report:
//!
//! 1. the source's time (the report's start and the rule's watermark) and the settings;
//! 2. the rule's lock (another run holding it makes this one SKIPPED, reported);
//! 3. the report saved as RUNNING, so a closed tab or a killed runner leaves a true record;
//! 4. the catalog and the plan (an incremental rule with aggregation reads its changes first);
//! 5. the pipeline: reads and writes overlapping, the report saved with its progress and a
//!    heartbeat every few seconds (the resume point);
//! 6. the status rule, the final save (retried; when it still fails the caller keeps the report
//!    and offers it as a file), the run recorded on its rule, the lock released.
//!
//! Resume: given the report of an interrupted run, the same run continues in the same report,
//! from what was confirmed.

use dhis2_api::Dhis2Client;
use dhis2_api::transport::Transport;
use sync_core::aggregate::TargetPeriods;
use sync_core::date::Date;
use sync_core::import_result::MergedOutcome;
use sync_core::model::{
    PhaseTimings, ReportStatus, Rule, RunEnd, RunOrigin, RunParameters, ServerClock, ServerTime,
    SyncReport, data_element_stats,
};
use sync_core::plan::{DEFAULT_CHUNK_SIZE, WriteOptions};

use crate::admit::{Admission, Chunker};
use crate::cancel::CancelToken;
use crate::catalog::{SourceCatalog, read_catalog};
use crate::host::{Host, elapsed_ms, new_uid};
use crate::incremental::read_changes;
use crate::limits::Limits;
use crate::observer::{Event, Observer, Phase};
use crate::pipeline::{Making, PipelineInput, run_pipeline};
use crate::plan::{PlanContext, Planned, plan};
use crate::retry::{CallContext, OnExpiredSession};
use crate::store;
use crate::write::WriteTarget;

/// The destination of a run.
pub struct Destination<'a, D> {
    /// Its id (the built-in "This instance" or a stored destination).
    pub id: String,
    /// Its name, for the report.
    pub name: String,
    /// The client that reaches it.
    pub client: &'a Dhis2Client<D>,
    /// Whether its requests ride on the user's session of the app's instance (the app's own
    /// instance, or a route): an expired session there is paused for.
    pub uses_session: bool,
    /// The most values per write chunk it takes (a route relays at most 256 KB of answer).
    pub max_chunk_size: Option<usize>,
    /// How the values sent name their objects (the destination's setting; UID by default).
    pub id_schemes: sync_core::id_scheme::IdSchemes,
}

/// What to run.
#[derive(Clone, Debug)]
pub struct RunRequest {
    /// The rule (a saved one, or the wizard's draft).
    pub rule: Rule,
    /// Who or what started it.
    pub origin: RunOrigin,
    /// The user name of who runs it.
    pub run_by: String,
    /// The report of an interrupted run to continue (same report, from what was confirmed).
    pub resume: Option<SyncReport>,
    /// "Send the values that failed again": exactly these values are sent (checked against
    /// the destination like any), nothing is read.
    pub resend: Option<Vec<sync_core::plan::DataValue>>,
    /// Takes the rule's lock (the app and the runner do; Download JSON does not run at all).
    pub take_lock: bool,
    /// Where the run comes from, for the lock's holder (`browser`, the runner's host name).
    pub place: String,
    /// "Skip unchanged values": the values a comparison with the destination just found there
    /// unchanged ([`crate::compare::compare_run`]) are not sent, only counted in the tally
    /// (`unchangedSkipped`) and per data element (`unchanged`). Not for resends.
    pub skip_unchanged: Option<crate::compare::UnchangedValues>,
}

/// What a run came to.
#[derive(Clone, Debug)]
pub struct RunResult {
    /// The report, as saved (or as it could not be saved).
    pub report: SyncReport,
    /// Why the report could not be saved, when it could not.
    pub save_error: Option<String>,
    /// What recording the run on its rule did.
    pub record: Option<store::rules::RecordOutcome>,
    /// Why the run could not be recorded on its rule, when it could not.
    pub record_error: Option<String>,
}

/// Everything a run works with.
pub struct Runner<'a, S, H, O> {
    /// The app's instance: metadata, values, the dataStore.
    pub source: &'a Dhis2Client<S>,
    /// Clock, timers, randomness.
    pub host: &'a H,
    /// Events and the expired-session question.
    pub observer: &'a O,
    /// The user's Cancel.
    pub cancel: &'a CancelToken,
}

impl<'a, S, H, O> Runner<'a, S, H, O>
where
    S: Transport,
    H: Host,
    O: Observer,
{
    /// Runs `request` to `destination` and saves its report.
    pub async fn run<D: Transport>(
        &self,
        destination: Destination<'_, D>,
        request: RunRequest,
    ) -> RunResult {
        let report_id = request
            .resume
            .as_ref()
            .map(|report| report.id.clone())
            .unwrap_or_else(|| new_uid(self.host));
        self.observer.event(Event::Started {
            report_id: report_id.clone(),
        });
        self.observer.event(Event::Phase(Phase::Preparing));
        let settings = store::settings::load_settings_or_default(self.source).await;
        let limits =
            Limits::from_settings(&settings).capped_write_chunk(destination.max_chunk_size);
        let context = CallContext {
            host: self.host,
            observer: self.observer,
            cancel: self.cancel,
            limits: &limits,
        };
        let mut report = match &request.resume {
            Some(interrupted) => {
                let mut report = interrupted.clone();
                report.status = ReportStatus::Running;
                report.finished_at = None;
                report
            }
            None => SyncReport::start(
                &report_id,
                request.origin.clone(),
                &request.run_by,
                &destination.id,
                parameters_of(&request.rule),
                "",
            ),
        };
        report.destination_name = Some(destination.name.clone());

        // The source's time before any read: the report's start, the rule's watermark, and the
        // clock of heartbeats and locks.
        let system = context
            .call("reading the source's time", OnExpiredSession::Pause, || {
                self.source.system_info()
            })
            .await;
        let system = match system {
            Ok(system) => system,
            Err(error) => {
                report
                    .errors
                    .push(format!("the source did not answer: {error}"));
                return self
                    .end(report, RunEnd::CouldNotStart, None, &limits, &request.rule)
                    .await;
            }
        };
        let Some(started_at) = system
            .server_date
            .as_deref()
            .and_then(|text| text.parse::<ServerTime>().ok())
        else {
            report
                .errors
                .push("the source did not say its date (/api/system/info)".to_string());
            return self
                .end(report, RunEnd::CouldNotStart, None, &limits, &request.rule)
                .await;
        };
        let clock = ServerClock::new(started_at, self.host.now_ms());
        if request.resume.is_none() {
            report.started_at = started_at.to_string();
        }
        report.heartbeat_at = Some(started_at);

        // The lock.
        let lock = if request.take_lock {
            self.observer.event(Event::Phase(Phase::Locking));
            let holder = store::locks::LockHolder {
                user: request.run_by.clone(),
                report_id: report.id.clone(),
                origin: request.place.clone(),
            };
            let key = store::locks::lock_key_for_run(&request.origin, &request.rule);
            match store::locks::acquire(self.source, &key, holder, started_at, limits.lock_stale_ms)
                .await
            {
                Ok(store::locks::Acquired::Held(guard)) => {
                    // A scheduled run is for one occurrence: a runner that read the rule as due
                    // before another runner's run of it recorded itself and released the lock
                    // would run it twice. Read again under the lock: a newer last run means the
                    // occurrence was run meanwhile.
                    if request.origin.trigger() == sync_core::model::RunTrigger::Scheduled
                        && let Ok(stored) =
                            store::rules::read_versioned(self.source, &request.rule.id).await
                        && stored.rule.last_run.as_ref().map(|run| &run.at)
                            != request.rule.last_run.as_ref().map(|run| &run.at)
                    {
                        let _ = store::locks::release(self.source, guard).await;
                        report.errors.push(
                            "another runner ran this rule since this one read it as due: this \
                             run was skipped"
                                .to_string(),
                        );
                        return self
                            .end(report, RunEnd::Skipped, None, &limits, &request.rule)
                            .await;
                    }
                    Some(guard)
                }
                Ok(store::locks::Acquired::HeldBy(entry)) => {
                    report.errors.push(format!(
                        "another run of this rule is going on (started by {} at {}, {}): this \
                         one was skipped",
                        entry.holder.user, entry.acquired_at, entry.holder.origin
                    ));
                    return self
                        .end(report, RunEnd::Skipped, None, &limits, &request.rule)
                        .await;
                }
                Err(error) => {
                    report
                        .errors
                        .push(format!("the rule's lock could not be taken: {error}"));
                    return self
                        .end(report, RunEnd::CouldNotStart, None, &limits, &request.rule)
                        .await;
                }
            }
        } else {
            None
        };

        // RUNNING, saved before anything is written.
        let created = if request.resume.is_some() {
            store::reports::save_report(self.source, &report).await
        } else {
            store::reports::create_report(self.source, &report).await
        };
        self.observer.event(Event::ReportSaved {
            saved: created.is_ok(),
        });

        let prepare_started = self.host.now_ms();
        let resumed = request.resume.as_ref().map(|_| &report.parameters);
        let prepared = prepare(
            context,
            self.source,
            &request.rule,
            resumed,
            system,
            started_at.date(),
            &limits,
        )
        .await;
        let prepared = match prepared {
            Ok(prepared) => prepared,
            Err(PrepareError::Cancelled) => {
                report
                    .errors
                    .push("cancelled before anything was read".to_string());
                return self
                    .end(report, RunEnd::Cancelled, lock, &limits, &request.rule)
                    .await;
            }
            Err(PrepareError::Failed(errors)) => {
                report.errors.extend(errors);
                return self
                    .end(report, RunEnd::CouldNotStart, lock, &limits, &request.rule)
                    .await;
            }
            Err(PrepareError::NothingChanged(reads)) => {
                // An incremental rule with aggregation whose source did not change.
                report.parameters =
                    RunParameters::of_run(&reads.0, &reads.1, limits.write_chunk_size);
                return self
                    .end(report, RunEnd::Finished, lock, &limits, &request.rule)
                    .await;
            }
        };
        let prepare_ms = elapsed_ms(self.host, prepare_started);
        if request.resume.is_none() {
            report.parameters = RunParameters::of_run(
                &prepared.planned.validated,
                &prepared.reads,
                limits.write_chunk_size,
            );
            report.issues = prepared.issues.clone();
        }

        // Reading and writing.
        let target = WriteTarget {
            client: destination.client,
            on_expired: if destination.uses_session {
                OnExpiredSession::Pause
            } else {
                OnExpiredSession::Fail
            },
            async_from: limits.async_from,
            translation: None,
        };
        let rule = prepared.planned.rule();
        let options = WriteOptions {
            strategy: rule.import_strategy,
            dry_run: rule.dry_run,
            chunk_size: limits.write_chunk_size,
            async_from: None,
        };
        // Through a mapping the values go to the destination's own UIDs: the mapping (in the
        // app's namespace on the source) and the metadata its translation needs, read once now.
        let mapped = crate::mapped::read_mapping(
            context,
            self.source,
            destination.client,
            target.on_expired,
            &destination.id,
            &destination.id_schemes,
            &prepared.catalog,
        )
        .await;
        let mapped = match mapped {
            Ok(mapped) => mapped,
            Err(crate::mapped::MappingError::Cancelled) => {
                report
                    .errors
                    .push("cancelled before anything was read".to_string());
                return self
                    .end(report, RunEnd::Cancelled, lock, &limits, &request.rule)
                    .await;
            }
            Err(crate::mapped::MappingError::Failed(message)) => {
                report.errors.push(message);
                return self
                    .end(report, RunEnd::CouldNotStart, lock, &limits, &request.rule)
                    .await;
            }
        };
        // Under id schemes the values are named by the source's codes, names or attribute
        // values, read once now; the destination's metadata is not read by UID then.
        let translation = if mapped.is_some() {
            Ok(None)
        } else {
            crate::ids::read_translation(
                context,
                self.source,
                &prepared.catalog,
                &prepared.planned.rule().org_units,
                &destination.id_schemes,
            )
            .await
        };
        let translation = match translation {
            Ok(translation) => translation,
            Err(error) if error.cancelled() => {
                report
                    .errors
                    .push("cancelled before anything was read".to_string());
                return self
                    .end(report, RunEnd::Cancelled, lock, &limits, &request.rule)
                    .await;
            }
            Err(error) => {
                report.errors.push(format!(
                    "the identifiers the destination takes could not be read, nothing was \
                     sent: {error}"
                ));
                return self
                    .end(report, RunEnd::CouldNotStart, lock, &limits, &request.rule)
                    .await;
            }
        };
        // What the destination will store: read before anything is written, announced in the
        // report; values it would refuse are left out and listed, never sent. Through a
        // mapping it is read by the mapped ids and values are checked as they will be written.
        let fit = if let Some(mapped) = &mapped {
            if request.resume.is_none() {
                report.issues.push(crate::mapped::announcement(mapped));
            }
            Some(
                crate::fit::destination_fit_mapped(
                    context,
                    destination.client,
                    target.on_expired,
                    &prepared.catalog,
                    &prepared.planned,
                    mapped,
                )
                .await,
            )
        } else if translation.is_some() {
            if request.resume.is_none() {
                report
                    .issues
                    .push(crate::ids::announcement(&destination.id_schemes));
            }
            None
        } else {
            Some(
                crate::fit::destination_fit(
                    context,
                    self.source,
                    destination.client,
                    target.on_expired,
                    &prepared.catalog,
                    &prepared.planned,
                )
                .await,
            )
        };
        let translation = match mapped {
            Some(mapped) => Some(std::rc::Rc::new(mapped.into_naming())),
            None => translation
                .map(|translation| std::rc::Rc::new(crate::ids::Naming::Schemes(translation))),
        };
        let target = WriteTarget {
            translation: translation.clone(),
            ..target
        };
        let fit = match fit {
            None => None,
            Some(Ok(fit)) => Some(fit),
            Some(Err(error)) if error.cancelled() => {
                report
                    .errors
                    .push("cancelled before anything was read".to_string());
                return self
                    .end(report, RunEnd::Cancelled, lock, &limits, &request.rule)
                    .await;
            }
            Some(Err(error)) => {
                report.errors.push(format!(
                    "what the destination stores could not be read, nothing was sent: {error}"
                ));
                return self
                    .end(report, RunEnd::CouldNotStart, lock, &limits, &request.rule)
                    .await;
            }
        };
        let mut admission = Admission::new(
            Planned::value_types(&prepared.catalog),
            Planned::zero_insignificant(&prepared.catalog),
            prepared.planned.include_deleted(),
        )
        .with_translation(translation);
        if let Some(fit) = fit {
            if request.resume.is_none() {
                report.issues.extend(crate::fit::announcements(&fit));
            }
            admission = admission.with_fit(fit);
        }
        if let Some(unchanged) = &request.skip_unchanged
            && request.resend.is_none()
        {
            admission = admission.skipping_unchanged(unchanged.clone());
        }
        let progress = report.progress.clone().unwrap_or_default();
        let input = PipelineInput {
            source: self.source,
            target,
            reads: if request.resend.is_some() {
                Vec::new()
            } else {
                prepared.reads.requests.clone()
            },
            initial_values: request.resend.clone().unwrap_or_default(),
            making: prepared.making,
            admission,
            chunker: Chunker::new(options),
            confirmed_units: progress.confirmed_units.iter().cloned().collect(),
            confirmed_chunks: progress.confirmed_chunks.iter().cloned().collect(),
        };
        let pipeline_started = self.host.now_ms();
        let source = self.source;
        let host = self.host;
        let observer = self.observer;
        let lock_ref = lock.as_ref();
        let outcome = run_pipeline(context, input, &mut report, |mut snapshot| async move {
            let now = clock.now(host.now_ms());
            snapshot.heartbeat_at = Some(now);
            let saved = store::reports::save_report(source, &snapshot).await;
            observer.event(Event::ReportSaved {
                saved: saved.is_ok(),
            });
            match lock_ref {
                Some(guard) => !matches!(
                    store::locks::heartbeat(source, guard, now).await,
                    Ok(store::locks::Heartbeat::Lost(_))
                ),
                None => true,
            }
        })
        .await;
        let pipeline_ms = elapsed_ms(self.host, pipeline_started);
        report.timings = PhaseTimings {
            read_ms: prepare_ms + pipeline_ms.saturating_sub(outcome.process_ms),
            aggregate_ms: outcome.process_ms,
            write_ms: pipeline_ms,
        };
        // Names where the report shows data elements: the run read them with the catalog.
        let names = prepared.catalog.names();
        report.not_aggregated = outcome.not_aggregated.clone();
        for item in &mut report.not_aggregated {
            item.name = names.get(&item.data_element).cloned();
        }
        report.data_elements = data_element_stats(
            std::mem::take(&mut report.data_elements),
            &outcome.admission.per_data_element,
            &outcome.sent_per_data_element,
            &outcome.merged,
            &names,
        );
        // Already at the destination: neither planned nor left behind (the status rule's
        // "unchanged" omission, which never counts against SUCCESS).
        report.tally.unchanged_skipped += outcome.admission.unchanged_skipped;
        if outcome.admission.duplicates > 0 {
            report.errors.push(format!(
                "{} values were read twice (overlapping org units or data sets) and sent once",
                outcome.admission.duplicates
            ));
        }
        let end = if outcome.cancelled {
            report.errors.push("cancelled".to_string());
            RunEnd::Cancelled
        } else if let Some(reason) = &outcome.stopped {
            report.errors.push(reason.clone());
            RunEnd::Stopped
        } else {
            RunEnd::Finished
        };
        let close = Close {
            end,
            lock,
            rule: &request.rule,
        };
        self.finish(report, &outcome.merged, close, &limits, clock)
            .await
    }

    /// Ends a run that never reached the pipeline.
    async fn end(
        &self,
        report: SyncReport,
        end: RunEnd,
        lock: Option<store::locks::LockGuard>,
        limits: &Limits,
        rule: &Rule,
    ) -> RunResult {
        let now = report
            .heartbeat_at
            .unwrap_or_else(|| ServerTime::start_of(Date::from_days(0)));
        let clock = ServerClock::new(now, self.host.now_ms());
        let close = Close { end, lock, rule };
        self.finish(report, &MergedOutcome::default(), close, limits, clock)
            .await
    }

    async fn finish(
        &self,
        mut report: SyncReport,
        merged: &MergedOutcome,
        close: Close<'_>,
        limits: &Limits,
        clock: ServerClock,
    ) -> RunResult {
        let Close { end, lock, rule } = close;
        self.observer.event(Event::Phase(Phase::Saving));
        report.finish(merged, end);
        // What recording the run will do to the rule's watermark and pending values, said in
        // the report (too many values left behind keep the watermark where it was).
        if matches!(report.origin, RunOrigin::Rule { .. }) {
            report.note_pending(&rule.pending_update(&report));
        }
        let now = clock.now(self.host.now_ms());
        if !report.started_at.is_empty() {
            report.finished_at = Some(now.to_string());
        }
        report.heartbeat_at = Some(now);
        // The final save goes through the same retries as every request, and is not cancelled
        // by the user's Cancel (the report of a cancelled run must be saved).
        let never = CancelToken::new();
        let context = CallContext {
            host: self.host,
            observer: self.observer,
            cancel: &never,
            limits,
        };
        // Created at the start (PUT), or not yet when the run stopped before (skipped, no
        // source time): `save_report` creates a missing one.
        // A skipped run never created its report (the lock comes first): it is created now, so
        // that its detail is known to be new (no metaData asked for: a 404 is a console error).
        let saved = context
            .call("saving the report", OnExpiredSession::Pause, || async {
                if end == RunEnd::Skipped {
                    match store::reports::create_report(self.source, &report).await {
                        Err(store::StoreError::Exists(_)) => {
                            store::reports::save_report(self.source, &report).await
                        }
                        other => other,
                    }
                } else {
                    store::reports::save_report(self.source, &report).await
                }
            })
            .await;
        let save_error = saved.err().map(|error| error.to_string());
        let (record, record_error) = if end == RunEnd::Skipped {
            (None, None)
        } else {
            match store::rules::record_run(self.source, &report).await {
                Ok(outcome) => (Some(outcome), None),
                Err(error) => (None, Some(error.to_string())),
            }
        };
        if let Some(guard) = lock {
            let _ = store::locks::release(self.source, guard).await;
        }
        self.observer.event(Event::Phase(Phase::Finished));
        RunResult {
            report,
            save_error,
            record,
            record_error,
        }
    }
}

/// Reads the catalog and plans the run: the processor and the reads. A resumed run plans with
/// the dates it resolved when it started (`resumed`: its parameters).
pub(crate) async fn prepare<S, H, O>(
    context: CallContext<'_, H, O>,
    source: &Dhis2Client<S>,
    rule: &Rule,
    resumed: Option<&RunParameters>,
    system: dhis2_api::model::SystemInfo,
    today: Date,
    limits: &Limits,
) -> Result<Prepared, PrepareError>
where
    S: Transport,
    H: Host,
    O: Observer,
{
    let catalog = read_catalog(context, source, rule, Some(system))
        .await
        .map_err(|error| {
            if error.cancelled() {
                PrepareError::Cancelled
            } else {
                PrepareError::Failed(vec![error.to_string()])
            }
        })?;
    let plan_context = PlanContext {
        today,
        read_chunk_org_units: limits.read_chunk_org_units,
        data_values_url_length: source.data_value_sets_url(&[]).len(),
    };
    // A resumed run plans with the time it resolved when it started.
    let mut rule = rule.clone();
    if let Some(resumed) = resumed
        && let (Some(start_date), Some(end_date)) = (resumed.start_date, resumed.end_date)
        && !matches!(
            rule.period,
            sync_core::model::PeriodSelection::SinceLastSuccessfulSync { .. }
        )
    {
        rule.period = sync_core::model::PeriodSelection::Fixed {
            start_date,
            end_date,
        };
    }
    let planned = plan(&rule, &catalog, &plan_context)
        .map_err(|error| PrepareError::Failed(error.messages))?;
    let mut issues = planned.issues.clone();
    match rule.aggregation.period_type() {
        None => {
            let (mut reads, read_issues) = planned
                .reads(&planned.read_context)
                .map_err(|error| PrepareError::Failed(error.messages))?;
            if planned.is_incremental() {
                // The values earlier runs left behind are read and sent again.
                reads.requests.extend(
                    planned.pending_reads(&rule.pending, source.data_value_sets_url(&[]).len()),
                );
            }
            issues.extend(read_issues);
            let factory_plan = planned.clone();
            let factory_catalog = catalog.clone();
            let factory_reads = reads.clone();
            Ok(Prepared {
                making: Making::Raw(Box::new(move || {
                    factory_plan.raw_processor(&factory_catalog, &factory_reads)
                })),
                planned,
                catalog,
                reads,
                issues,
            })
        }
        Some(period_type) => {
            let (periods, org_units, changed, changes) = match planned.dates {
                Some((from, to)) => (
                    TargetPeriods::Range { from, to },
                    rule.org_units.clone(),
                    None,
                    None,
                ),
                None => {
                    let (mut cells, changes) =
                        read_changes(context, source, &planned, &catalog, period_type)
                            .await
                            .map_err(|error| match error {
                                crate::incremental::ChangesError::Cancelled => {
                                    PrepareError::Cancelled
                                }
                                crate::incremental::ChangesError::Failed(message) => {
                                    PrepareError::Failed(vec![message])
                                }
                            })?;
                    // The aggregates earlier runs left behind are aggregated and sent again.
                    for pending in &rule.pending {
                        let key = &pending.key;
                        cells.add(
                            &key.data_element,
                            &key.period,
                            &key.org_unit,
                            &key.category_option_combo,
                            &key.attribute_option_combo,
                        );
                    }
                    if cells.is_empty() {
                        return Err(PrepareError::NothingChanged(Box::new((
                            planned.validated.clone(),
                            changes,
                        ))));
                    }
                    let periods = cells.target_periods().iter().map(|p| p.id()).collect();
                    let org_units = cells.org_units();
                    (
                        TargetPeriods::Ids(periods),
                        org_units,
                        Some(std::rc::Rc::new(cells)),
                        Some(changes),
                    )
                }
            };
            let (aggregator, read_context) = planned
                .aggregator(&catalog, periods.clone(), org_units.clone())
                .map_err(|error| PrepareError::Failed(error.messages))?;
            let (reads, read_issues) = match (&changed, &changes) {
                (Some(cells), Some(changes)) => crate::incremental::recompute_reads(
                    &planned,
                    &read_context,
                    cells,
                    changes,
                    today,
                )
                .map_err(|error| PrepareError::Failed(vec![error]))?,
                _ => planned
                    .reads(&read_context)
                    .map_err(|error| PrepareError::Failed(error.messages))?,
            };
            issues.extend(read_issues);
            // Split reads of overlapping data can return a row twice: counted once.
            let dedupe = sync_core::plan::may_repeat_rows(&reads.requests);
            let with_dedupe = move |aggregator: sync_core::aggregate::Aggregator| {
                if dedupe {
                    aggregator.with_row_dedupe()
                } else {
                    aggregator
                }
            };
            let aggregator = with_dedupe(aggregator);
            let rebuild_plan = planned.clone();
            let rebuild_catalog = catalog.clone();
            let rebuild_changed = changed.clone();
            let rebuild = move || {
                rebuild_plan
                    .aggregator(&rebuild_catalog, periods.clone(), org_units.clone())
                    .map(|(aggregator, _)| {
                        crate::processor::Processor::aggregate(
                            with_dedupe(aggregator),
                            rebuild_changed.clone(),
                        )
                    })
                    .map_err(|error| error.to_string())
            };
            Ok(Prepared {
                making: Making::Aggregate {
                    processor: crate::processor::Processor::aggregate(aggregator, changed),
                    rebuild: Box::new(rebuild),
                },
                planned,
                catalog,
                reads,
                issues,
            })
        }
    }
}

/// How a run ends: the status rule's input, the lock to release, the rule to record it on.
struct Close<'a> {
    end: RunEnd,
    lock: Option<store::locks::LockGuard>,
    rule: &'a Rule,
}

/// A run prepared to read.
pub(crate) struct Prepared {
    pub(crate) planned: Planned,
    pub(crate) catalog: SourceCatalog,
    pub(crate) reads: sync_core::plan::ReadPlan,
    pub(crate) issues: Vec<sync_core::model::Issue>,
    pub(crate) making: Making,
}

pub(crate) enum PrepareError {
    Cancelled,
    Failed(Vec<String>),
    NothingChanged(Box<(sync_core::model::ValidatedRule, sync_core::plan::ReadPlan)>),
}

/// The parameters of a run that stopped before its reads were planned.
pub fn parameters_of(rule: &Rule) -> RunParameters {
    RunParameters {
        selection: rule.selection.clone(),
        org_units: rule.org_units.clone(),
        period: rule.period.clone(),
        periods: Vec::new(),
        start_date: None,
        end_date: None,
        last_updated: None,
        look_back_from: None,
        category_options: rule.category_options.clone(),
        aggregation: rule.aggregation,
        import_strategy: rule.import_strategy,
        send_deletions: rule.send_deletions,
        dry_run: rule.dry_run,
        chunk_size: DEFAULT_CHUNK_SIZE,
    }
}

/// The origin of a run of `rule`: a saved rule has a name; the wizard's draft has none.
pub fn origin_of(rule: &Rule) -> RunOrigin {
    if rule.name.trim().is_empty() {
        RunOrigin::Manual
    } else {
        RunOrigin::Rule {
            rule_id: rule.id.clone(),
            rule_name: rule.name.clone(),
            started_by: sync_core::model::RunTrigger::App,
        }
    }
}
