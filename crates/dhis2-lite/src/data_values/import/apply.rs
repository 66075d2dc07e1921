//! Counting and writing (reference §5.4) of the values that passed the rules, with rule 28
//! (which needs the stored row), and the data set completion of the header (§5.1).
//!
//! It must not decide on the rules: a value reaches it resolved and checked.

use rusqlite::{CachedStatement, Connection, OptionalExtension, params};

use super::context::{Context, Resolved};
use super::header::Header;
use super::options::Strategy;
use super::rules::file_resource_value_exists_to_delete;
use super::summary::{Conflict, Tally};
use crate::data_values::{Resolver, is_insignificant_zero, parse_timestamp};
use crate::metadata::DEFAULT_CATEGORY_OPTION_COMBO;

/// A stored row of the value's key.
struct Existing {
    value: Option<String>,
    comment: Option<String>,
    followup: bool,
    deleted: bool,
    created: i64,
}

/// The statements of one import's transaction.
pub(super) struct Writer<'t> {
    select: CachedStatement<'t>,
    upsert: CachedStatement<'t>,
    soft_delete: CachedStatement<'t>,
}

/// What to write for one value.
struct Row<'v> {
    key: (i64, i64, i64, i64, i64),
    value: Option<&'v str>,
    comment: Option<&'v str>,
    stored_by: String,
    last_updated: i64,
    followup: bool,
}

impl<'t> Writer<'t> {
    /// Prepares the statements on the import's transaction.
    pub fn new(transaction: &'t Connection) -> rusqlite::Result<Self> {
        Ok(Self {
            select: transaction.prepare_cached(
                "SELECT value, comment, followup, deleted, created FROM datavalue WHERE data_element = ?1 AND period = ?2 \
                 AND org_unit = ?3 AND category_option_combo = ?4 AND attribute_option_combo = ?5",
            )?,
            upsert: transaction.prepare_cached(
                "INSERT OR REPLACE INTO datavalue (data_element, period, org_unit, category_option_combo, attribute_option_combo, \
                 value, stored_by, created, last_updated, comment, followup, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?,
            soft_delete: transaction.prepare_cached(
                "UPDATE datavalue SET deleted = 1, last_updated = ?6, stored_by = ?7 WHERE data_element = ?1 AND period = ?2 \
                 AND org_unit = ?3 AND category_option_combo = ?4 AND attribute_option_combo = ?5",
            )?,
        })
    }

    /// The stored row of `key`, unless `skipExistingCheck`.
    fn existing(
        &mut self,
        context: &Context<'_>,
        key: (i64, i64, i64, i64, i64),
    ) -> rusqlite::Result<Option<Existing>> {
        if context.options.skip_existing_check {
            return Ok(None);
        }
        self.select
            .query_row(params![key.0, key.1, key.2, key.3, key.4], |row| {
                Ok(Existing {
                    value: row.get(0)?,
                    comment: row.get(1)?,
                    followup: row.get(2)?,
                    deleted: row.get(3)?,
                    created: row.get(4)?,
                })
            })
            .optional()
    }

    /// Counts `value` under the strategy and, unless a dry run, writes it.
    pub fn apply(
        &mut self,
        context: &Context<'_>,
        value: &Resolved<'_>,
        tally: &mut Tally,
    ) -> rusqlite::Result<()> {
        let key = (
            value.element.internal_id,
            value.period.id,
            value.unit.internal_id,
            value.option_combo.internal_id,
            value.attribute.internal_id,
        );
        let existing = self.existing(context, key)?;
        let live = existing.as_ref().filter(|row| !row.deleted);
        if let Err(conflict) = file_resource_value_exists_to_delete(context, value, live.is_some())
        {
            tally.reject(value.incoming.index, Some(conflict));
            return Ok(());
        }
        let strategy = context.options.strategy;
        let zero = is_insignificant_zero(value.element, value.value.as_deref());
        if zero && (live.is_none() || strategy == Strategy::Create) {
            // An insignificant zero that would be new is neither stored nor counted (§5.4).
            return Ok(());
        }
        let input = value.incoming.input;
        let honoured = |text: &Option<String>| {
            context
                .behaviour
                .honour_payload_timestamps
                .then(|| text.as_deref().and_then(parse_timestamp))
                .flatten()
        };
        let payload_created = honoured(&input.created);
        let now = context.options.now.timestamp_millis();
        let row = Row {
            key,
            value: value.value.as_deref(),
            comment: input.comment.as_deref(),
            stored_by: input
                .stored_by
                .clone()
                .unwrap_or_else(|| context.user.username.clone()),
            last_updated: honoured(&input.last_updated).unwrap_or(now),
            followup: input.followup.unwrap_or(false),
        };
        let write = !context.options.dry_run;
        let count = &mut tally.count;
        let no_content = value.value.is_none() && input.comment.is_none();
        match (live, strategy) {
            (_, Strategy::Sync) => count.ignored += 1,
            (Some(_), Strategy::Delete) => {
                if write {
                    self.soft_delete(&row, now)?;
                }
                count.deleted += 1;
            }
            (Some(_), Strategy::Create) | (None, Strategy::Update | Strategy::Delete) => {
                tally.reject(value.incoming.index, None);
            }
            (Some(stored), Strategy::CreateAndUpdate | Strategy::Update) => {
                if no_content || value.deleted || zero {
                    if write {
                        self.soft_delete(&row, now)?;
                    }
                    count.deleted += 1;
                } else if stored.value.as_deref() == row.value
                    && stored.comment.as_deref() == row.comment
                    && stored.followup == row.followup
                {
                    if context.behaviour.unchanged_value_ignored {
                        count.ignored += 1;
                    } else {
                        count.updated += 1;
                    }
                } else {
                    if write {
                        self.store(&row, payload_created.unwrap_or(stored.created), false)?;
                    }
                    count.updated += 1;
                }
            }
            (None, Strategy::CreateAndUpdate | Strategy::Create) => {
                if no_content {
                    count.ignored += 1;
                    return Ok(());
                }
                if write {
                    // A soft-deleted row keeps its creation time.
                    let created = payload_created
                        .or_else(|| existing.as_ref().map(|row| row.created))
                        .unwrap_or(now);
                    self.store(&row, created, value.deleted)?;
                }
                count.imported += 1;
            }
        }
        Ok(())
    }

    /// Marks the row deleted, stamped `now` by `row.stored_by`.
    fn soft_delete(&mut self, row: &Row<'_>, now: i64) -> rusqlite::Result<usize> {
        let key = row.key;
        self.soft_delete.execute(params![
            key.0,
            key.1,
            key.2,
            key.3,
            key.4,
            now,
            row.stored_by
        ])
    }

    /// Writes the row with `created` and the `deleted` flag.
    fn store(&mut self, row: &Row<'_>, created: i64, deleted: bool) -> rusqlite::Result<usize> {
        let key = row.key;
        self.upsert.execute(params![
            key.0,
            key.1,
            key.2,
            key.3,
            key.4,
            row.value,
            row.stored_by,
            created,
            row.last_updated,
            row.comment,
            row.followup,
            deleted
        ])
    }
}

/// Registers the completion the header asks for (`completeDate`: `true` = today, a date = that
/// day, never after today) when it names a data set, a period and an org unit; the
/// `dataSetComplete` text of the summary. Without a period or org unit the completion is a
/// set-level conflict in the legacy form.
pub(super) fn complete_data_set(
    transaction: &Connection,
    context: &Context<'_>,
    header: &Header,
    resolver: &Resolver,
    tally: &mut Tally,
) -> rusqlite::Result<String> {
    let payload = context.payload;
    let (Some(position), Some(complete)) = (header.data_set, &payload.complete_date) else {
        return Ok("false".into());
    };
    let today = context.today;
    let completion = match complete.as_str() {
        "false" => None,
        "true" => Some(today),
        other => chrono::NaiveDate::parse_from_str(other.get(..10).unwrap_or(other), "%Y-%m-%d")
            .ok()
            .map(|date| date.min(today)),
    };
    let Some(date) = completion else {
        return Ok("false".into());
    };
    let (Some(period), Some(org_unit)) = (&payload.period, &payload.org_unit) else {
        let object = if payload.period.is_none() {
            "Period"
        } else {
            "OrganisationUnit"
        };
        tally.conflicts.add(Conflict {
            error_code: "",
            objects: vec![("", object.to_string())],
            message: "Must be provided to complete data set".into(),
            legacy_message: "Must be provided to complete data set".into(),
            property: "",
            index: None,
        });
        return Ok("false".into());
    };
    let catalog = context.catalog;
    let unit_uid = resolver
        .org_unit(org_unit)
        .map(|index| catalog.org_units[index].uid.clone())
        .unwrap_or_default();
    let attribute_uid = header
        .attribute
        .as_deref()
        .and_then(|id| resolver.option_combo(id))
        .map(|index| catalog.category_option_combos[index].uid.clone())
        .unwrap_or_else(|| DEFAULT_CATEGORY_OPTION_COMBO.to_string());
    let date = date.format("%Y-%m-%d").to_string();
    if !context.options.dry_run {
        transaction.execute(
            "INSERT OR REPLACE INTO complete_registration (data_set, period, org_unit, attribute_option_combo, date, stored_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                catalog.data_sets[position].uid,
                period,
                unit_uid,
                attribute_uid,
                date,
                context.user.username
            ],
        )?;
    }
    Ok(date)
}
