//! What a run of a rule would do now, for the wizard's summary and aggregation step, made by the
//! run's own steps so the wizard cannot disagree with the run: the source's time, the catalog and
//! the plan ([`crate::run::prepare`], which also reads the changes of an incremental aggregated
//! rule), the read requests it would send, and — given the destination's client — what the
//! destination will store ([`crate::fit::destination_fit`]). Nothing is written.

use dhis2_api::Dhis2Client;
use dhis2_api::transport::Transport;
use sync_core::date::Date;
use sync_core::fit::DestinationFit;
use sync_core::model::{Rule, ServerTime};

use crate::cancel::CancelToken;
use crate::host::Host;
use crate::limits::Limits;
use crate::observer::Quiet;
use crate::retry::{CallContext, OnExpiredSession};
use crate::run::{PrepareError, prepare};
use crate::store;

/// What a run would do.
#[derive(Clone, Debug)]
pub struct RunPreview {
    /// The dates it covers (`None` for changes since the last successful sync).
    pub dates: Option<(Date, Date)>,
    /// The `GET /api/dataValueSets` requests it would send (0 when nothing changed).
    pub read_requests: usize,
    /// The data elements it sends.
    pub data_elements: usize,
    /// An incremental rule with nothing changed since its last run.
    pub nothing_changed: bool,
    /// What the destination will store, when a destination was given: its metadata could not be
    /// read (`Err`, in words) or the decision per data element.
    pub fit: Option<Result<DestinationFit, String>>,
}

/// The destination to check: its client, and whether it rides on the user's session here.
pub struct PreviewDestination<'a, D> {
    /// The client that reaches it.
    pub client: &'a Dhis2Client<D>,
    /// Whether an expired session there is the user's session of the source.
    pub uses_session: bool,
}

/// Previews a run of `rule` on `source` (and what `destination` will store of it).
pub async fn preview_run<S, D, H>(
    host: &H,
    source: &Dhis2Client<S>,
    rule: &Rule,
    destination: Option<PreviewDestination<'_, D>>,
) -> Result<RunPreview, String>
where
    S: Transport,
    D: Transport,
    H: Host,
{
    let settings = store::settings::load_settings_or_default(source).await;
    let limits = Limits::from_settings(&settings);
    let cancel = CancelToken::new();
    let context = CallContext {
        host,
        observer: &Quiet,
        cancel: &cancel,
        limits: &limits,
    };
    let system = context
        .call("reading the source's time", OnExpiredSession::Pause, || {
            source.system_info()
        })
        .await
        .map_err(|error| format!("the source did not answer: {error}"))?;
    let today = system
        .server_date
        .as_deref()
        .and_then(|text| text.parse::<ServerTime>().ok())
        .ok_or("the source did not say its date")?
        .date();
    let prepared = match prepare(context, source, rule, None, system, today, &limits).await {
        Ok(prepared) => prepared,
        Err(PrepareError::Failed(errors)) => return Err(errors.join("; ")),
        Err(PrepareError::Cancelled) => return Err("cancelled".to_string()),
        Err(PrepareError::NothingChanged(_)) => {
            return Ok(RunPreview {
                dates: None,
                read_requests: 0,
                data_elements: 0,
                nothing_changed: true,
                fit: None,
            });
        }
    };
    let fit = match destination {
        None => None,
        Some(destination) => {
            let on_expired = if destination.uses_session {
                OnExpiredSession::Pause
            } else {
                OnExpiredSession::Fail
            };
            Some(
                crate::fit::destination_fit(
                    context,
                    source,
                    destination.client,
                    on_expired,
                    &prepared.catalog,
                    &prepared.planned,
                )
                .await
                .map_err(|error| error.to_string()),
            )
        }
    };
    Ok(RunPreview {
        dates: prepared.planned.dates,
        read_requests: prepared.reads.requests.len(),
        data_elements: prepared.planned.selected.len(),
        nothing_changed: false,
        fit,
    })
}
