//! The heart of a run: reads and writes overlapping on one event loop, with bounded memory.
//!
//! ```text
//!  read requests ──(R in flight, bodies streamed)──▶ processor ──▶ admission ──▶ chunker
//!        ▲   the head response feeds the processor as it arrives;                │ full chunks
//!        │   the others buffer until their turn                                  ▼
//!   backpressure: no new read while too many values wait          write queue ──(W in flight)──▶ destination
//!                                                                                │ settled
//!                                        tally, left behind, resume units ◀──────┘
//! ```
//!
//! Raw runs write while they read: a read's values go to write chunks as soon as a chunk is
//! full, so memory holds the responses and chunks in flight, not the run. Aggregated runs feed
//! every response to the aggregator (its state is one accumulator per output cell), then write
//! its output with the same write pool. Nothing here spawns: every request is a future polled by
//! this loop, so it runs on the browser's event loop and on a current-thread runtime alike.
//!
//! Failures: a read that fails mid-body is read again (raw: its values are de-duplicated by
//! key; aggregated: the aggregation starts over, since half a response cannot be taken back); a
//! read that fails for good stops the run, and what was read is still written. A write that gets
//! no import result after its retries settles its values as "fate unknown" or "refused"; one
//! whose failure would repeat (the destination is down, refuses the credentials, the session
//! expired) stops the run: queued chunks are listed as never sent.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::future::Future;
use std::pin::Pin;

use dhis2_api::Dhis2Client;
use dhis2_api::transport::Transport;
use futures::StreamExt;
use futures::channel::mpsc;
use futures::stream::FuturesUnordered;
use sync_core::import_result::MergedOutcome;
use sync_core::model::{ChunkReport, NotAggregated, RunProgress, SyncReport};
use sync_core::plan::{DataValue, ReadRequest, WriteChunk, WriteKind, query_string};

use crate::admit::{Admission, Admitted, Chunker, PendingChunk};
use crate::host::{Host, with_deadline};
use crate::observer::{Event, Observer, Phase};
use crate::processor::Processor;
use crate::retry::{CallContext, OnExpiredSession};
use crate::write::{WriteTarget, Written, unsent, write_chunk};

type LocalFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// A message from a read in flight.
enum ReadMessage {
    Chunk(Vec<u8>),
    Done,
    Failed(String),
}

/// A read request being read.
struct ActiveRead {
    index: usize,
    attempt: u32,
    receiver: mpsc::Receiver<ReadMessage>,
    /// The raw selection of this response (raw runs read each response with its own).
    processor: Option<Processor>,
    /// The document was started in the shared aggregator.
    started: bool,
}

/// How the values are made.
pub enum Making {
    /// Raw: a fresh processor per response.
    Raw(Box<dyn Fn() -> Processor + 'static>),
    /// Aggregated: one processor for every response; `rebuild` makes a fresh one when a broken
    /// response forces the aggregation to start over.
    Aggregate {
        /// The aggregator.
        processor: Processor,
        /// A fresh one.
        rebuild: Box<dyn Fn() -> Result<Processor, String> + 'static>,
    },
}

/// Where a run stands when the pipeline returns.
pub struct PipelineOutcome {
    /// Values read from the source.
    pub rows_read: u64,
    /// Data elements not aggregated.
    pub not_aggregated: Vec<NotAggregated>,
    /// The merged import results.
    pub merged: MergedOutcome,
    /// Admission counts (report statistics).
    pub admission: Admission,
    /// Values sent per data element.
    pub sent_per_data_element: BTreeMap<String, u64>,
    /// Why the run stopped early, if it did.
    pub stopped: Option<String>,
    /// The user cancelled.
    pub cancelled: bool,
    /// Milliseconds spent feeding the processor.
    pub process_ms: u64,
}

/// The part of the run the pipeline needs.
pub struct PipelineInput<'a, S, D> {
    /// The source.
    pub source: &'a Dhis2Client<S>,
    /// The destination.
    pub target: WriteTarget<'a, D>,
    /// The reads.
    pub reads: Vec<ReadRequest>,
    /// Values to send without reading (the failed values of an earlier run sent again).
    pub initial_values: Vec<DataValue>,
    /// How values are made.
    pub making: Making,
    /// Admission rules.
    pub admission: Admission,
    /// Chunk cutting.
    pub chunker: Chunker,
    /// Read units confirmed by an earlier attempt (resume): skipped.
    pub confirmed_units: BTreeSet<String>,
    /// Write chunks confirmed by an earlier attempt (resume): skipped.
    pub confirmed_chunks: BTreeSet<String>,
}

/// The read units of a request: each org unit with the rest of its parameters. A unit whose
/// values were all settled is not read again on resume, however the reads are cut then.
pub fn read_units(request: &ReadRequest) -> Vec<String> {
    let rest: Vec<(String, String)> = request
        .params
        .iter()
        .filter(|(name, _)| name != "orgUnit")
        .cloned()
        .collect();
    let rest = query_string(&rest);
    request
        .values_of("orgUnit")
        .map(|org_unit| format!("{org_unit}?{rest}"))
        .collect()
}

/// `request` without the org units in `confirmed`; `None` when none is left.
pub fn without_confirmed(
    request: &ReadRequest,
    confirmed: &BTreeSet<String>,
) -> Option<ReadRequest> {
    if confirmed.is_empty() {
        return Some(request.clone());
    }
    let units = read_units(request);
    let org_units: Vec<&str> = request.values_of("orgUnit").collect();
    let keep: BTreeSet<&str> = org_units
        .iter()
        .zip(&units)
        .filter(|(_, unit)| !confirmed.contains(*unit))
        .map(|(org_unit, _)| *org_unit)
        .collect();
    if keep.is_empty() {
        return None;
    }
    if keep.len() == org_units.len() {
        return Some(request.clone());
    }
    let params: Vec<(String, String)> = request
        .params
        .iter()
        .filter(|(name, value)| name != "orgUnit" || keep.contains(value.as_str()))
        .cloned()
        .collect();
    let query = query_string(&params);
    Some(ReadRequest {
        purpose: request.purpose,
        url_length: request.url_length - request.query.len() + query.len(),
        params,
        query,
    })
}

/// A stable hash of a chunk's contents (FNV-1a of its kind and body): an aggregated run planned
/// again makes the same chunk when the source did not change.
pub fn chunk_hash(chunk: &WriteChunk) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let kind = [u8::from(chunk.kind == WriteKind::Delete)];
    for byte in kind.iter().chain(chunk.body.iter()) {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Runs the reads and writes; `report` gathers chunks, tally, values left behind and progress,
/// and `checkpoint` is called with it now and then (it saves it, and answers false when the run
/// must stop: another run took its lock over).
pub async fn run_pipeline<'a, S, D, H, O, C, CF>(
    context: CallContext<'a, H, O>,
    input: PipelineInput<'a, S, D>,
    report: &mut SyncReport,
    mut checkpoint: C,
) -> PipelineOutcome
where
    S: Transport,
    D: Transport,
    H: Host,
    O: Observer,
    C: FnMut(SyncReport) -> CF,
    CF: Future<Output = bool> + 'a,
{
    let PipelineInput {
        source,
        target,
        reads,
        initial_values,
        making,
        mut admission,
        mut chunker,
        confirmed_units,
        confirmed_chunks,
    } = input;
    let limits = context.limits;
    let (raw_factory, mut aggregate, rebuild) = match making {
        Making::Raw(factory) => (Some(factory), None, None),
        Making::Aggregate { processor, rebuild } => (None, Some(processor), Some(rebuild)),
    };
    let aggregating = aggregate.is_some();

    // The reads left after resume, each with its units.
    let reads: Vec<ReadRequest> = reads
        .iter()
        .filter_map(|request| without_confirmed(request, &confirmed_units))
        .collect();
    let units: Vec<Vec<String>> = reads.iter().map(read_units).collect();
    let mut progress = report.progress.clone().unwrap_or_default();
    progress.reads_total = reads.len() + progress.reads_done;
    context.observer.event(Event::ReadsPlanned {
        requests: reads.len(),
    });
    context.observer.event(Event::Phase(Phase::Reading));

    let mut queue: VecDeque<(usize, u32)> = (0..reads.len()).map(|index| (index, 1)).collect();
    let mut active: VecDeque<ActiveRead> = VecDeque::new();
    let mut producers: FuturesUnordered<LocalFuture<'_, ()>> = FuturesUnordered::new();
    let mut writes: FuturesUnordered<LocalFuture<'_, (PendingChunk, Written)>> =
        FuturesUnordered::new();
    let mut saves: FuturesUnordered<LocalFuture<'a, bool>> = FuturesUnordered::new();
    let mut write_queue: VecDeque<PendingChunk> = VecDeque::new();
    // Values admitted but not settled, per read (raw), and reads whose body is complete.
    let mut outstanding: Vec<u64> = vec![0; reads.len()];
    let mut read_complete: Vec<bool> = vec![false; reads.len()];
    let mut unsettled_values: usize = 0;
    let mut merged = MergedOutcome::default();
    let mut rows_read: u64 = 0;
    let mut requests_done = 0usize;
    // Why reading stopped (what was read is still written), and why writing stopped (the next
    // chunks would fail the same way: nothing more is sent).
    let mut stopped: Option<String> = None;
    let mut writes_stopped: Option<String> = None;
    let mut restarts = 0u32;
    let mut reading_finished = false;
    let mut process_ms = 0u64;
    let mut last_checkpoint = context.host.now_ms();
    let mut not_aggregated = Vec::new();
    let mut chunks_settled = 0usize;
    for value in initial_values {
        admit_one(
            &mut admission,
            &mut chunker,
            report,
            value,
            u32::MAX,
            &mut write_queue,
            &mut unsettled_values,
        );
    }

    loop {
        let cancelled = context.cancel.is_cancelled();
        // Start reads while there is room and the writes keep up.
        while !cancelled
            && stopped.is_none()
            && writes_stopped.is_none()
            && active.len() < limits.reads_in_flight.max(1)
            && unsettled_values < limits.max_values_in_flight
            && let Some((index, attempt)) = queue.pop_front()
        {
            let (sender, receiver) = mpsc::channel(READ_CHUNKS_AHEAD);
            let request = &reads[index];
            producers.push(Box::pin(produce(context, source, request, sender)));
            let processor = raw_factory.as_ref().map(|factory| factory());
            active.push_back(ActiveRead {
                index,
                attempt,
                receiver,
                processor,
                started: false,
            });
        }
        // Start writes.
        while !cancelled && writes.len() < limits.writes_in_flight.max(1) {
            let Some(pending) = write_queue.pop_front() else {
                break;
            };
            if writes_stopped.is_some() {
                write_queue.push_front(pending);
                break;
            }
            let target = &target;
            writes.push(Box::pin(async move {
                let written = write_chunk(context, target, &pending.chunk).await;
                (pending, written)
            }));
        }
        // Reads all done: end the input.
        if !reading_finished
            && active.is_empty()
            && (queue.is_empty() || stopped.is_some() || writes_stopped.is_some())
        {
            reading_finished = true;
            if let Some(processor) = aggregate.take() {
                context.observer.event(Event::Phase(Phase::Aggregating));
                if stopped.is_none() && !cancelled {
                    match processor.finish() {
                        Ok(processed) => {
                            rows_read = processed.rows_read;
                            not_aggregated = processed.not_aggregated;
                            for value in processed.values {
                                admit_one(
                                    &mut admission,
                                    &mut chunker,
                                    report,
                                    value,
                                    u32::MAX,
                                    &mut write_queue,
                                    &mut unsettled_values,
                                );
                            }
                        }
                        Err(error) => {
                            stopped = Some(format!("the values could not be aggregated: {error}"))
                        }
                    }
                }
            }
            if let Ok(rest) = chunker.finish() {
                for pending in rest {
                    unsettled_values += pending.chunk.values.len();
                    write_queue.push_back(pending);
                }
            }
            // Resume: chunks an earlier attempt confirmed are not sent again.
            if !confirmed_chunks.is_empty() {
                write_queue.retain(|pending| {
                    let keep = !confirmed_chunks.contains(&chunk_hash(&pending.chunk));
                    if !keep {
                        unsettled_values -= pending.chunk.values.len();
                    }
                    keep
                });
            }
            if aggregating {
                context.observer.event(Event::Phase(Phase::Writing));
            }
            continue;
        }
        if reading_finished
            && writes.is_empty()
            && saves.is_empty()
            && (cancelled || writes_stopped.is_some() || write_queue.is_empty())
        {
            break;
        }
        if cancelled && writes.is_empty() && reading_finished {
            break;
        }

        // Wait for the next thing to happen.
        let backpressure = unsettled_values >= limits.max_values_in_flight && !aggregating;
        let step = {
            let head = async {
                match active.front_mut() {
                    Some(read) if !backpressure => read.receiver.next().await,
                    _ => std::future::pending().await,
                }
            };
            let written = async {
                if writes.is_empty() {
                    std::future::pending().await
                } else {
                    writes.next().await
                }
            };
            let produced = async {
                if producers.is_empty() {
                    std::future::pending().await
                } else {
                    producers.next().await
                }
            };
            let saved = async {
                if saves.is_empty() {
                    std::future::pending().await
                } else {
                    saves.next().await
                }
            };
            // Once handled, a cancel is not waited for again (it would be ready at once).
            let cancel = async {
                if cancelled {
                    std::future::pending::<()>().await;
                }
                context.cancel.cancelled().await;
            };
            // A tick, so the report's heartbeat is saved while every request waits (a slow
            // import must not look like a closed tab).
            let tick = context.host.sleep(limits.checkpoint_every_ms);
            futures::select_biased! {
                done = Box::pin(written).fuse_it() => Step::Written(done),
                message = Box::pin(head).fuse_it() => Step::Read(message),
                _ = Box::pin(produced).fuse_it() => Step::Nothing,
                keep_going = Box::pin(saved).fuse_it() => Step::Saved(keep_going),
                _ = Box::pin(cancel).fuse_it() => Step::Cancelled,
                _ = Box::pin(tick).fuse_it() => Step::Nothing,
            }
        };
        match step {
            Step::Nothing => {}
            Step::Saved(Some(false)) => {
                writes_stopped.get_or_insert_with(|| {
                    "another run took this rule's lock over: this one stopped".to_string()
                });
            }
            Step::Saved(_) => {}
            Step::Cancelled => {
                // In-flight reads are dropped (and aborted) below; writes in flight finish or
                // are dropped by their own cancel race.
                active.clear();
                producers.clear();
                queue.clear();
            }
            Step::Written(None) => {}
            Step::Written(Some((pending, written))) => {
                unsettled_values = unsettled_values.saturating_sub(pending.chunk.values.len());
                if let Some(reason) = stops_the_run(&written) {
                    writes_stopped.get_or_insert(reason);
                }
                let hash = chunk_hash(&pending.chunk);
                settle(written, &pending, report, &mut merged, &mut outstanding);
                chunks_settled += 1;
                if aggregating {
                    progress.confirmed_chunks.push(hash);
                }
                if !aggregating {
                    confirm_units(&mut read_complete, &outstanding, &units, &mut progress);
                }
                context.observer.event(Event::Written {
                    chunks_done: chunks_settled,
                    chunks_known: chunker.chunks_made(),
                    values_sent: report.values_sent,
                    tally: report.tally,
                });
            }
            Step::Read(message) => {
                let Some(read) = active.front_mut() else {
                    continue;
                };
                match message {
                    Some(ReadMessage::Chunk(bytes)) => {
                        let started = context.host.now_ms();
                        let fed = feed(read, aggregate.as_mut(), &bytes);
                        let mut values = Vec::new();
                        if let Some(processor) = read.processor.as_mut() {
                            values = processor.take_values();
                        }
                        process_ms += crate::host::elapsed_ms(context.host, started);
                        let origin = read.index as u32;
                        let index = read.index;
                        for value in values {
                            outstanding[index] += admit_one(
                                &mut admission,
                                &mut chunker,
                                report,
                                value,
                                origin,
                                &mut write_queue,
                                &mut unsettled_values,
                            );
                        }
                        if let Err(error) = fed {
                            let read = active.pop_front();
                            retry_read(
                                read,
                                &format!("a response could not be read: {error}"),
                                &mut queue,
                                &mut stopped,
                                limits.max_attempts,
                                aggregating,
                            );
                        }
                    }
                    Some(ReadMessage::Done) => {
                        let Some(mut read) = active.pop_front() else {
                            continue;
                        };
                        let finished = match read.processor.take() {
                            Some(processor) => processor
                                .finish()
                                .map(|processed| (processed.rows_read, processed.values)),
                            None => finish_document(&mut read, aggregate.as_mut()),
                        };
                        match finished {
                            Ok((rows, values)) => {
                                if !aggregating {
                                    rows_read += rows;
                                }
                                for value in values {
                                    outstanding[read.index] += admit_one(
                                        &mut admission,
                                        &mut chunker,
                                        report,
                                        value,
                                        read.index as u32,
                                        &mut write_queue,
                                        &mut unsettled_values,
                                    );
                                }
                                read_complete[read.index] = true;
                                requests_done += 1;
                                progress.reads_done += 1;
                                let values_read = if aggregating {
                                    aggregate.as_ref().map_or(rows_read, Processor::rows_read)
                                } else {
                                    rows_read
                                };
                                report.values_read = values_read;
                                context.observer.event(Event::Read {
                                    requests_done,
                                    values_read,
                                });
                                if !aggregating {
                                    confirm_units(
                                        &mut read_complete,
                                        &outstanding,
                                        &units,
                                        &mut progress,
                                    );
                                }
                            }
                            Err(error) => retry_read(
                                Some(read),
                                &format!("a response was cut short or malformed: {error}"),
                                &mut queue,
                                &mut stopped,
                                limits.max_attempts,
                                aggregating,
                            ),
                        }
                    }
                    Some(ReadMessage::Failed(error)) => {
                        let read = active.pop_front();
                        retry_read(
                            read,
                            &error,
                            &mut queue,
                            &mut stopped,
                            limits.max_attempts,
                            aggregating,
                        );
                    }
                    None => {
                        let read = active.pop_front();
                        retry_read(
                            read,
                            "the read ended without an answer",
                            &mut queue,
                            &mut stopped,
                            limits.max_attempts,
                            aggregating,
                        );
                    }
                }
                // An aggregation whose response broke starts over.
                if aggregating
                    && let Some(reason) = stopped.as_ref()
                    && reason.starts_with(RESTART)
                {
                    restarts += 1;
                    if restarts >= limits.max_attempts {
                        stopped = Some(format!(
                            "reading stopped: {}",
                            reason.trim_start_matches(RESTART)
                        ));
                    } else {
                        stopped = None;
                        active.clear();
                        producers.clear();
                        queue = (0..reads.len()).map(|index| (index, 1)).collect();
                        requests_done = 0;
                        progress.reads_done = 0;
                        read_complete.iter_mut().for_each(|done| *done = false);
                        match rebuild.as_ref().map(|rebuild| rebuild()) {
                            Some(Ok(processor)) => aggregate = Some(processor),
                            Some(Err(error)) => stopped = Some(error),
                            None => {}
                        }
                    }
                }
            }
        }
        // A checkpoint now and then: the report with its progress and heartbeat.
        let now = context.host.now_ms();
        if saves.is_empty() && now - last_checkpoint >= limits.checkpoint_every_ms as f64 {
            last_checkpoint = now;
            let mut snapshot = report.clone();
            snapshot.progress = Some(progress.clone());
            saves.push(Box::pin(checkpoint(snapshot)));
        }
    }
    // Whatever never left the queue is listed as never sent.
    let cancelled = context.cancel.is_cancelled();
    let reason = if cancelled {
        "cancelled before it was sent".to_string()
    } else {
        writes_stopped
            .clone()
            .or_else(|| stopped.clone())
            .map(|why| format!("not sent: {why}"))
            .unwrap_or_else(|| "not sent".to_string())
    };
    for pending in write_queue.drain(..) {
        report.add_left_behind(unsent(&pending.chunk, &reason));
        merged.add_failure(pending.chunk.index, pending.chunk.values.len(), &reason);
        report.chunks.push(ChunkReport::failed(
            &pending.chunk,
            reason.clone(),
            0,
            None,
            0,
        ));
    }
    report.progress = Some(progress);
    if !aggregating {
        report.values_read = rows_read;
    }
    PipelineOutcome {
        rows_read: report.values_read,
        not_aggregated,
        merged,
        sent_per_data_element: chunker.sent_per_data_element.clone(),
        admission,
        stopped: writes_stopped.or(stopped).filter(|_| !cancelled),
        cancelled,
        process_ms,
    }
}

const RESTART: &str = "restart: ";

enum Step<W> {
    Written(Option<W>),
    Read(Option<ReadMessage>),
    Saved(Option<bool>),
    Nothing,
    Cancelled,
}

trait FuseIt: Future + Sized {
    fn fuse_it(self) -> futures::future::Fuse<Self> {
        futures::FutureExt::fuse(self)
    }
}

impl<F: Future> FuseIt for F {}

/// Records a settled chunk: tally, values left behind, import results, the chunk's report, and
/// one value less outstanding for each read its values came from.
fn settle(
    written: Written,
    pending: &PendingChunk,
    report: &mut SyncReport,
    merged: &mut MergedOutcome,
    outstanding: &mut [u64],
) {
    report.tally.confirmed += written.settled.confirmed;
    // The chunk's counts, per data element, for the report's statistics (before its values
    // left behind are moved into the report).
    if !written.outcomes.is_empty() {
        let mut counts = sync_core::import_result::ImportCount::default();
        for outcome in &written.outcomes {
            counts.add(outcome.counts);
        }
        report.add_chunk_outcome(&pending.chunk.values, &written.settled.left_behind, counts);
    }
    report.add_left_behind(written.settled.left_behind);
    for outcome in &written.outcomes {
        merged.add(pending.chunk.index, outcome);
    }
    if let Some(error) = &written.report.error
        && written.outcomes.is_empty()
    {
        merged.add_failure(pending.chunk.index, pending.chunk.values.len(), error);
    }
    // Values sent: those of chunks that got an import result (a chunk that never got an answer
    // is counted in the tally, as of unknown fate).
    if !written.outcomes.is_empty() {
        report.values_sent += pending.chunk.values.len() as u64;
    }
    report.chunks.push(written.report);
    for origin in &pending.origins {
        if let Some(count) = outstanding.get_mut(*origin as usize) {
            *count = count.saturating_sub(1);
        }
    }
}

/// Admits one value and queues the chunk it completes; returns 1 when it is to be sent.
fn admit_one(
    admission: &mut Admission,
    chunker: &mut Chunker,
    report: &mut SyncReport,
    value: DataValue,
    origin: u32,
    write_queue: &mut VecDeque<PendingChunk>,
    unsettled_values: &mut usize,
) -> u64 {
    let (kind, value) = match admission.admit(value) {
        Admitted::Upsert(value) => (WriteKind::Upsert, value),
        Admitted::Delete(value) => (WriteKind::Delete, value),
        Admitted::LeftOut(item) => {
            // A value the run meant to send but could not name for the destination is part
            // of the plan (unsent); one left out knowingly is not.
            if item.kind.counts_against_success() {
                report.tally.planned += 1;
            }
            report.add_left_behind([item]);
            return 0;
        }
        Admitted::Skipped => return 0,
    };
    report.tally.planned += 1;
    match chunker.push(kind, value, origin) {
        Ok(Some(pending)) => {
            *unsettled_values += pending.chunk.values.len();
            write_queue.push_back(pending);
        }
        Ok(None) => {}
        Err(error) => report.errors.push(error.to_string()),
    }
    1
}

fn feed(
    read: &mut ActiveRead,
    aggregate: Option<&mut Processor>,
    bytes: &[u8],
) -> Result<(), String> {
    match read.processor.as_mut() {
        Some(processor) => {
            if !read.started {
                read.started = true;
                processor.start_document()?;
            }
            processor.feed(bytes)
        }
        None => {
            let processor = aggregate.ok_or("no processor")?;
            if !read.started {
                read.started = true;
                processor.start_document()?;
            }
            processor.feed(bytes)
        }
    }
}

/// Ends a response in the shared aggregator (a response without a body starts and ends an empty
/// document, which 2.36/2.37 answer as `{}`).
fn finish_document(
    read: &mut ActiveRead,
    aggregate: Option<&mut Processor>,
) -> Result<(u64, Vec<DataValue>), String> {
    let processor = aggregate.ok_or("no processor")?;
    if !read.started {
        read.started = true;
        processor.start_document()?;
        processor.feed(b"{}")?;
    }
    Ok((0, Vec::new()))
}

/// A read that failed: tried again, or the run stops (an aggregation starts over).
fn retry_read(
    read: Option<ActiveRead>,
    error: &str,
    queue: &mut VecDeque<(usize, u32)>,
    stopped: &mut Option<String>,
    max_attempts: u32,
    aggregating: bool,
) {
    let Some(read) = read else {
        return;
    };
    if aggregating {
        stopped.get_or_insert_with(|| format!("{RESTART}{error}"));
        return;
    }
    if read.attempt < max_attempts {
        queue.push_front((read.index, read.attempt + 1));
    } else {
        stopped.get_or_insert_with(|| format!("reading stopped: {error}"));
    }
}

/// Moves the units of complete reads whose values are all settled into the progress (once).
fn confirm_units(
    read_complete: &mut [bool],
    outstanding: &[u64],
    units: &[Vec<String>],
    progress: &mut RunProgress,
) {
    for (index, complete) in read_complete.iter_mut().enumerate() {
        if *complete && outstanding[index] == 0 {
            // Confirmed: never looked at again.
            *complete = false;
            progress
                .confirmed_units
                .extend(units[index].iter().cloned());
        }
    }
}

/// Why the remaining chunks would fail the same way, if they would.
fn stops_the_run(written: &Written) -> Option<String> {
    if !written.outcomes.is_empty() {
        return None;
    }
    let error = written.report.error.clone().unwrap_or_default();
    let status = written.report.http_status;
    let repeats = matches!(status, Some(401 | 403 | 407 | 500..=599) | None);
    repeats.then(|| format!("a chunk failed and the next would too: {error}"))
}

/// Body chunks a read passes on ahead of the processor. Bounded so that a read the processor is
/// not at yet (another response is being read first, or reading waits for the writes) stops
/// pulling its body: the rest waits in the network stack and at the source instead of in memory.
/// A few chunks ahead keep the head response flowing while the processor works on one.
const READ_CHUNKS_AHEAD: usize = 4;

/// Hands `message` to the pipeline once there is room; false when the pipeline dropped the read.
async fn deliver(sender: &mut mpsc::Sender<ReadMessage>, message: ReadMessage) -> bool {
    if futures::future::poll_fn(|cx| sender.poll_ready(cx))
        .await
        .is_err()
    {
        return false;
    }
    sender.start_send(message).is_ok()
}

/// Reads one request: opens it with the run's retries, then passes its body on chunk by chunk,
/// waiting while [`READ_CHUNKS_AHEAD`] chunks are not taken yet. A body that stops arriving for
/// a request timeout, or fails, ends with `Failed`.
async fn produce<S, H, O>(
    context: CallContext<'_, H, O>,
    source: &Dhis2Client<S>,
    request: &ReadRequest,
    mut sender: mpsc::Sender<ReadMessage>,
) where
    S: Transport,
    H: Host,
    O: Observer,
{
    let opened = context
        .call("reading values", OnExpiredSession::Pause, || {
            source.data_value_sets_stream(&request.params)
        })
        .await;
    let mut stream = match opened {
        Ok(stream) => stream,
        Err(error) => {
            deliver(
                &mut sender,
                ReadMessage::Failed(format!("reading values failed: {error}")),
            )
            .await;
            return;
        }
    };
    loop {
        let next = with_deadline(
            context.host,
            context.limits.request_timeout_ms,
            stream.next_chunk(),
        )
        .await;
        let message = match next {
            None => ReadMessage::Failed(format!(
                "the source sent nothing for {} s",
                context.limits.request_timeout_ms / 1000
            )),
            Some(Err(error)) => ReadMessage::Failed(format!("reading values failed: {error}")),
            Some(Ok(None)) => ReadMessage::Done,
            Some(Ok(Some(bytes))) => ReadMessage::Chunk(bytes),
        };
        let last = !matches!(message, ReadMessage::Chunk(_));
        if !deliver(&mut sender, message).await || last {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sync_core::plan::ReadPurpose;

    fn request(org_units: &[&str]) -> ReadRequest {
        let mut params: Vec<(String, String)> = vec![("dataSet".into(), "ds".into())];
        params.extend(
            org_units
                .iter()
                .map(|o| ("orgUnit".to_string(), o.to_string())),
        );
        params.push(("period".into(), "202401".into()));
        let query = query_string(&params);
        ReadRequest {
            purpose: ReadPurpose::Main,
            url_length: query.len() + 10,
            params,
            query,
        }
    }

    #[test]
    fn confirmed_units_are_not_read_again_however_the_reads_are_cut() {
        let first = request(&["a", "b"]);
        let units = read_units(&first);
        assert_eq!(units.len(), 2);
        let confirmed: BTreeSet<String> = units[..1].iter().cloned().collect();
        // Planned again as one request per org unit.
        assert!(without_confirmed(&request(&["a"]), &confirmed).is_none());
        let kept = without_confirmed(&request(&["a", "b", "c"]), &confirmed).unwrap();
        assert_eq!(kept.values_of("orgUnit").collect::<Vec<_>>(), ["b", "c"]);
        assert!(!kept.query.contains("orgUnit=a"));
        // Another period is another unit.
        let mut other = request(&["a"]);
        other.params[2].1 = "202402".into();
        other.query = query_string(&other.params);
        assert!(without_confirmed(&other, &confirmed).is_some());
    }

    #[test]
    fn chunk_hashes_follow_the_contents() {
        let options = sync_core::plan::WriteOptions::default();
        let value = DataValue::new("de", "2024Q1", "ou", "5");
        let chunk = |v: &str| {
            sync_core::plan::write_chunk(
                0,
                WriteKind::Upsert,
                vec![DataValue {
                    value: Some(v.into()),
                    ..value.clone()
                }],
                &options,
            )
            .unwrap()
        };
        assert_eq!(chunk_hash(&chunk("5")), chunk_hash(&chunk("5")));
        assert_ne!(chunk_hash(&chunk("5")), chunk_hash(&chunk("6")));
    }
}
