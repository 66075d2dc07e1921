//! Problems found by validation and planning, as data: a stable code for translation, the field
//! and wizard step it belongs to, and an English message. Never a panic, never the first problem
//! only.

use serde::{Deserialize, Serialize};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Severity {
    /// Worth knowing; does not block.
    Warning,
    /// Blocks validation or the run.
    Error,
}

/// The wizard step a problem belongs to, so each step shows its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WizardStep {
    /// The data selection page (before the wizard).
    Data,
    /// Step 1.
    OrgUnits,
    /// Step 2.
    Period,
    /// Step 3.
    CategoryOptions,
    /// Step 4.
    Aggregation,
    /// Step 5.
    Instance,
    /// Step 6 (name, code, schedule when saving as a rule).
    Summary,
}

/// Stable identifier of a kind of problem, for translations and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum IssueCode {
    /// Nothing is selected on the data page.
    NoDataSelected,
    /// A data set has all its data elements excluded.
    AllDataElementsExcluded,
    /// An id is not a DHIS2 UID.
    InvalidId,
    /// A required id is missing.
    MissingId,
    /// The same id is selected twice.
    DuplicateId,
    /// No organisation unit is selected.
    NoOrgUnits,
    /// No period is chosen.
    NoPeriod,
    /// A date cannot be read.
    InvalidDate,
    /// The end date is before the start date.
    DateRangeReversed,
    /// The range ends after today.
    DateRangeInFuture,
    /// The relative period is not one the app knows.
    UnknownRelativePeriod,
    /// "Since last successful sync" needs a saved rule.
    IncrementalNeedsRule,
    /// Manual category option selection with nothing chosen.
    NoCategoryOptions,
    /// A chosen category option is not linked to the selected data.
    UnknownCategoryOption,
    /// Aggregation is on without a period type.
    NoAggregationPeriodType,
    /// The aggregation period type is not a period type or not offered.
    InvalidAggregationPeriodType,
    /// Aggregating to a period type shorter than the data's.
    AggregationShorterThanData,
    /// No destination is chosen.
    NoDestination,
    /// The destination does not exist.
    UnknownDestination,
    /// The destination URL is not usable.
    InvalidUrl,
    /// A rule needs a name.
    NameRequired,
    /// Name, code or description too long for DHIS2-like limits.
    TooLong,
    /// Another rule has this code.
    DuplicateCode,
    /// The cron expression is not valid.
    InvalidCron,
    /// The source server cannot read single data elements (before 2.39).
    DataElementReadUnsupported,
    /// One id alone makes a request URL too long.
    UrlTooLong,
    /// A read request cannot be built for the rule as given.
    NothingToRead,
    /// The same data value key appears twice in the input.
    DuplicateValue,
    /// A zero of a data element whose zero is not significant is not sent.
    ZeroNotSent,
    /// A data value lacks a key field.
    IncompleteValue,
    /// More values did not reach the destination than a rule keeps as pending: the watermark
    /// did not move.
    TooManyPending,
    /// The destination cannot store a data element's values (announced, left out).
    NotStorableAtDestination,
    /// A data element's values are rounded to fit the destination.
    RoundedForDestination,
    /// Values are sent with the destination's id schemes (codes, names or attribute values).
    SentWithIdSchemes,
    /// Values are sent through the destination's mapping (its own UIDs).
    SentThroughMapping,
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    /// Error or warning.
    pub severity: Severity,
    /// Kind of problem.
    pub code: IssueCode,
    /// Path of the field (`period.endDate`, `selection.dataSets[1].id`); empty for the whole.
    pub field: String,
    /// The wizard step to show it on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<WizardStep>,
    /// English message, lowercase start, no trailing period.
    pub message: String,
}

impl Issue {
    /// An error.
    pub fn error(
        code: IssueCode,
        field: impl Into<String>,
        step: Option<WizardStep>,
        message: impl Into<String>,
    ) -> Issue {
        Issue {
            severity: Severity::Error,
            code,
            field: field.into(),
            step,
            message: message.into(),
        }
    }

    /// A warning.
    pub fn warning(
        code: IssueCode,
        field: impl Into<String>,
        step: Option<WizardStep>,
        message: impl Into<String>,
    ) -> Issue {
        Issue {
            severity: Severity::Warning,
            code,
            field: field.into(),
            step,
            message: message.into(),
        }
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// True when any issue is an error.
pub fn has_errors(issues: &[Issue]) -> bool {
    issues.iter().any(Issue::is_error)
}

/// A DHIS2 UID (a letter, then 10 letters or digits) from a source of numbers in [0, 1): the
/// one generator of the app and the engine (the caller gives `Math.random` or a native RNG).
pub fn generate_uid(mut random: impl FnMut() -> f64) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const ALPHANUMERIC: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut pick = |alphabet: &[u8]| {
        let index = ((random() * alphabet.len() as f64) as usize).min(alphabet.len() - 1);
        alphabet[index] as char
    };
    let mut uid = String::with_capacity(11);
    uid.push(pick(LETTERS));
    for _ in 0..10 {
        uid.push(pick(ALPHANUMERIC));
    }
    uid
}

/// True for a DHIS2 UID: a letter, then 10 letters or digits.
pub fn is_uid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 11
        && bytes[0].is_ascii_alphabetic()
        && bytes[1..].iter().all(u8::is_ascii_alphanumeric)
}
