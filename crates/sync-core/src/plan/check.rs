//! Checks values against DHIS2's value-type rules before sending (the destination's E7619), so
//! that sums which break a type (a PERCENTAGE above 100, a UNIT_INTERVAL above 1, an
//! INTEGER_POSITIVE of 0) are reported as not sent, not collected as conflicts.
//!
//! The rules follow dhis2-core `ValidationUtils.valueIsValid` (reference §5.5); the reasons are
//! the server's English texts.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::value::DataValue;
use crate::date::Date;

/// Longest value DHIS2 accepts, of any type.
const MAX_VALUE_LENGTH: usize = 50_000;

/// A value left out before sending, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotSent {
    /// The value.
    pub value: DataValue,
    /// Why (DHIS2's wording, e.g. `Data value is not a percentage`).
    pub reason: String,
}

/// Splits values into those that pass their data element's value type and those DHIS2 would
/// reject. `value_types` maps data element ids to value type names (`NUMBER`,
/// `INTEGER_POSITIVE`, ...); values of data elements not listed, deletions and null values pass.
pub fn check_value_types(
    values: Vec<DataValue>,
    value_types: &BTreeMap<String, String>,
) -> (Vec<DataValue>, Vec<NotSent>) {
    let mut passed = Vec::with_capacity(values.len());
    let mut not_sent = Vec::new();
    for value in values {
        let problem = match (&value.value, value_types.get(&value.data_element)) {
            (Some(text), Some(value_type)) if !value.deleted => value_problem(text, value_type),
            _ => None,
        };
        match problem {
            Some(reason) => not_sent.push(NotSent {
                value,
                reason: reason.to_string(),
            }),
            None => passed.push(value),
        }
    }
    (passed, not_sent)
}

/// Why DHIS2 would reject `value` for a data element of `value_type`, or `None` when it passes
/// (or the type is not checked here).
pub fn value_problem(value: &str, value_type: &str) -> Option<&'static str> {
    if value.is_empty() {
        return None;
    }
    if value.chars().count() > MAX_VALUE_LENGTH {
        return Some("Data value is greater than max length");
    }
    let failed = match value_type {
        "NUMBER" => !is_number(value),
        "INTEGER" => !(is_integer(value) && fits_int(value)),
        "INTEGER_POSITIVE" => !(is_positive_integer(value) && fits_int(value)),
        "INTEGER_ZERO_OR_POSITIVE" => {
            !(value == "0" || (is_positive_integer(value) && fits_int(value)))
        }
        "INTEGER_NEGATIVE" => {
            !(value.strip_prefix('-').is_some_and(is_positive_integer) && fits_int(value))
        }
        "UNIT_INTERVAL" => !number_within(value, 0.0, 1.0),
        "PERCENTAGE" => !number_within(value, 0.0, 100.0),
        "BOOLEAN" => !matches!(
            value,
            "true"
                | "True"
                | "TRUE"
                | "t"
                | "T"
                | "1"
                | "false"
                | "False"
                | "FALSE"
                | "f"
                | "F"
                | "0"
        ),
        "TRUE_ONLY" => !matches!(value, "true" | "True" | "TRUE" | "t" | "T" | "1"),
        "LETTER" => !(value.chars().count() == 1 && value.chars().all(char::is_alphabetic)),
        "DATE" | "AGE" => value
            .get(..10)
            .is_none_or(|day| day.parse::<Date>().is_err()),
        "TIME" => !is_time(value),
        _ => false,
    };
    if !failed {
        return None;
    }
    Some(match value_type {
        "NUMBER" => "Data value is not numeric",
        "INTEGER" => "Data value is not an integer",
        "INTEGER_POSITIVE" => "Data value is not a positive integer",
        "INTEGER_ZERO_OR_POSITIVE" => "Data value is not zero or a positive integer",
        "INTEGER_NEGATIVE" => "Data value is not a negative integer",
        "UNIT_INTERVAL" => "Data value is not a unit interval",
        "PERCENTAGE" => "Data value is not a percentage",
        "BOOLEAN" => "Data value is not a boolean",
        "TRUE_ONLY" => "Data value is not true",
        "LETTER" => "Data value is not a valid letter",
        "DATE" | "AGE" => "Data value is not a valid date",
        _ => "Data value is not a valid time",
    })
}

fn digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// `^[1-9]\d*$`
fn is_positive_integer(text: &str) -> bool {
    digits(text) && !text.starts_with('0')
}

/// `^(0|-?[1-9]\d*)$`
fn is_integer(text: &str) -> bool {
    text == "0" || is_positive_integer(text.strip_prefix('-').unwrap_or(text))
}

fn fits_int(text: &str) -> bool {
    text.parse::<i32>().is_ok()
}

/// `^(-?0|-?[1-9]\d*)(\.\d+)?$`, shorter than 250 characters.
fn is_number(text: &str) -> bool {
    if text.len() >= 250 {
        return false;
    }
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    (whole == "0" || is_positive_integer(whole)) && fraction.is_none_or(digits)
}

fn number_within(text: &str, low: f64, high: f64) -> bool {
    is_number(text)
        && text
            .parse::<f64>()
            .is_ok_and(|number| (low..=high).contains(&number))
}

/// `H:mm` or `HH:mm`.
fn is_time(text: &str) -> bool {
    let Some((hours, minutes)) = text.split_once(':') else {
        return false;
    };
    (1..=2).contains(&hours.len())
        && digits(hours)
        && hours.parse::<u8>().is_ok_and(|h| h < 24)
        && minutes.len() == 2
        && digits(minutes)
        && minutes.parse::<u8>().is_ok_and(|m| m < 60)
}
