//! `POST /api/dataValueSets` without HTTP (reference §5): [`options`] are the effective import
//! options, [`parse`] reads the payload (JSON, CSV), `header` runs the data-set level checks,
//! `context` resolves each value (rules 1–7), `rules` holds the ordered table of the other
//! rules (8–28), `apply` counts and writes (§5.4) and completes the data set, and [`summary`]
//! builds the ImportSummary.
//!
//! It must not read HTTP requests or build responses: the caller maps request parameters onto
//! [`ImportOptions`] and wraps the summary per version.

mod apply;
mod context;
mod header;
pub mod options;
pub mod parse;
mod rules;
pub mod summary;

use rusqlite::Connection;

pub use options::{ImportOptions, Strategy, system_settings};
pub use parse::{InputValue, InputValueSet, parse_csv, parse_json};
pub use summary::{ImportCount, ImportOutcome, failed_summary};

use self::apply::{Writer, complete_data_set};
use self::context::{Context, Import, Incoming, Rejection, resolve};
use self::header::check_header;
use self::summary::{Tally, aborted_summary, completed_summary};
use super::Resolver;
use super::locking::Locks;
use crate::metadata::Catalog;
use crate::users::User;
use crate::version::VersionBehaviour;

/// Runs an import in one transaction (rolled back on dry run) at `options.now`.
pub fn run_import(
    connection: &mut Connection,
    catalog: &Catalog,
    behaviour: &VersionBehaviour,
    user: &User,
    mut options: ImportOptions,
    payload: Result<InputValueSet, String>,
) -> rusqlite::Result<ImportOutcome> {
    let payload = match payload {
        Ok(payload) => payload,
        Err(message) => return Ok(failed_summary(behaviour, &options, &message)),
    };
    payload.apply_to(&mut options);
    let schemes = options.effective_schemes();
    let resolver = Resolver::new(
        catalog,
        &schemes.data_element,
        &schemes.org_unit,
        &schemes.option_combo,
        &schemes.data_set,
    );
    let header = match check_header(
        catalog,
        behaviour,
        user,
        &resolver,
        &options,
        &payload,
        &schemes.option_combo,
    ) {
        Ok(header) => header,
        Err(conflict) => return Ok(aborted_summary(behaviour, &options, conflict)),
    };
    let transaction = connection.transaction()?;
    let locks = Locks::load(&transaction)?;
    let import = Import {
        catalog,
        behaviour,
        user,
        options: &options,
        resolver: &resolver,
        header: &header,
        payload: &payload,
    };
    let context = Context::new(import, &locks, &transaction);
    let mut tally = Tally::new(behaviour.formal_conflicts);
    import_values(&context, &transaction, &mut tally)?;
    let data_set_complete =
        complete_data_set(&transaction, &context, &header, &resolver, &mut tally)?;
    drop(context);
    if options.dry_run {
        transaction.rollback()?;
    } else {
        transaction.commit()?;
    }
    if behaviour.insignificant_zero_counted_ignored {
        // 2.36 counts whatever was not imported, updated or deleted as ignored, including the
        // insignificant zeros that are otherwise not counted at all.
        let total = payload.values.len() as u64;
        let count = &mut tally.count;
        count.ignored = total.saturating_sub(count.imported + count.updated + count.deleted);
    }
    Ok(completed_summary(
        behaviour,
        &options,
        &tally,
        data_set_complete,
    ))
}

/// Resolves, checks and applies every value in payload order.
fn import_values(
    context: &Context<'_>,
    transaction: &Connection,
    tally: &mut Tally,
) -> rusqlite::Result<()> {
    let mut writer = Writer::new(transaction)?;
    for (index, input) in context.payload.values.iter().enumerate() {
        let checked = resolve(context, Incoming::new(context, index, input)).and_then(|value| {
            rules::check(context, &value)?;
            Ok(value)
        });
        match checked {
            Ok(value) => writer.apply(context, &value, tally)?,
            Err(Rejection::Conflict(conflict)) => tally.reject(index, Some(conflict)),
            Err(Rejection::Silent) => tally.reject(index, None),
            Err(Rejection::Storage(error)) => return Err(error),
        }
    }
    Ok(())
}
