//! The dataStore query API (reference §8.2, 2.38+): `fields` (paths, `.`, `~hoist`), `filter`
//! with its operators and `rootJunction`, `order`, and paging without totals.
//!
//! It must not read storage or check access: the handlers give it a namespace's entries.

use serde_json::{Map, Value, json};

use super::super::QueryParams;
use super::super::key_value::Entry;
use crate::web_message::{ApiError, ApiResult};

fn path_value<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    if path == "." {
        return Some(value);
    }
    path.split('.')
        .try_fold(value, |current, segment| current.get(segment))
}

fn entry_path_value(entry: &Entry, path: &str) -> Option<Value> {
    if path == "_" {
        return Some(json!(entry.key));
    }
    path_value(&entry.value, path).cloned()
}

fn compare(left: &Value, right: &str) -> std::cmp::Ordering {
    match (left.as_f64(), right.parse::<f64>()) {
        (Some(left), Ok(right)) => left
            .partial_cmp(&right)
            .unwrap_or(std::cmp::Ordering::Equal),
        _ => value_text(left).as_str().cmp(right),
    }
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn filter_matches(entry: &Entry, filter: &str) -> Result<bool, String> {
    let mut parts = filter.splitn(3, ':');
    let path = parts.next().unwrap_or_default();
    let operator = parts
        .next()
        .ok_or_else(|| format!("Invalid filter: {filter}"))?;
    let operand = parts.next().unwrap_or_default();
    let value = entry_path_value(entry, path);
    let text = value.as_ref().map(value_text);
    let lower = operand.to_lowercase();
    Ok(match operator {
        "eq" => text.as_deref() == Some(operand),
        "!eq" | "ne" | "neq" => text.as_deref() != Some(operand),
        "lt" => value.is_some_and(|value| compare(&value, operand).is_lt()),
        "le" => value.is_some_and(|value| compare(&value, operand).is_le()),
        "gt" => value.is_some_and(|value| compare(&value, operand).is_gt()),
        "ge" => value.is_some_and(|value| compare(&value, operand).is_ge()),
        "null" => value.is_none_or(|value| value.is_null()),
        "!null" => value.is_some_and(|value| !value.is_null()),
        "empty" => value.is_some_and(|value| {
            value.as_array().is_some_and(Vec::is_empty)
                || value.as_object().is_some_and(Map::is_empty)
                || value.as_str() == Some("")
        }),
        "!empty" => !value.is_some_and(|value| {
            value.as_array().is_some_and(Vec::is_empty)
                || value.as_object().is_some_and(Map::is_empty)
                || value.as_str() == Some("")
        }),
        "like" => text.is_some_and(|text| text.contains(operand)),
        "!like" => !text.is_some_and(|text| text.contains(operand)),
        "ilike" => text.is_some_and(|text| text.to_lowercase().contains(&lower)),
        "!ilike" => !text.is_some_and(|text| text.to_lowercase().contains(&lower)),
        "$like" => text.is_some_and(|text| text.starts_with(operand)),
        "like$" => text.is_some_and(|text| text.ends_with(operand)),
        "in" | "!in" => {
            let list: Vec<&str> = operand
                .trim_start_matches('[')
                .trim_end_matches(']')
                .split(',')
                .collect();
            let found = text.is_some_and(|text| list.contains(&text.as_str()));
            (operator == "in") == found
        }
        other => {
            return Err(format!(
                "Unknown error when running the query: unknown operator {other}"
            ));
        }
    })
}

/// The entries of a namespace that the query selects, ordered, paged and shaped by `fields`.
pub(super) fn query_entries(
    mut matching: Vec<Entry>,
    params: &QueryParams,
    codes: bool,
) -> ApiResult<Value> {
    let filters = params.all("filter");
    let or_junction = params
        .get("rootJunction")
        .is_some_and(|junction| junction.eq_ignore_ascii_case("OR"));
    let mut kept = Vec::new();
    for entry in matching.drain(..) {
        let results = filters
            .iter()
            .map(|filter| filter_matches(&entry, filter))
            .collect::<Result<Vec<bool>, String>>()
            .map_err(|message| ApiError::bad_request(message, codes))?;
        let keep = results.is_empty()
            || if or_junction {
                results.iter().any(|flag| *flag)
            } else {
                results.iter().all(|flag| *flag)
            };
        if keep {
            kept.push(entry);
        }
    }
    if let Some(order) = params.get("order") {
        let (path, direction) = order.split_once(':').unwrap_or((order, "asc"));
        kept.sort_by(|left, right| {
            let left_value = entry_path_value(left, path).unwrap_or(Value::Null);
            let right_value = entry_path_value(right, path).unwrap_or(Value::Null);
            let ordering = compare(&left_value, &value_text(&right_value));
            if direction.ends_with("desc") {
                ordering.reverse()
            } else {
                ordering
            }
        });
    }
    let fields = params.get("fields").unwrap_or(".");
    let render = |entry: &Entry| {
        let mut object = Map::new();
        object.insert("key".into(), json!(entry.key));
        for field in fields
            .split(',')
            .map(str::trim)
            .filter(|field| !field.is_empty())
        {
            let (path, alias) = match field.split_once("~hoist(") {
                Some((path, alias)) => (path, Some(alias.trim_end_matches(')'))),
                None => (field, None),
            };
            let name = alias.unwrap_or(if path == "." { "value" } else { path });
            if let Some(value) = entry_path_value(entry, path) {
                object.insert(name.to_string(), value);
            }
        }
        Value::Object(object)
    };
    let paging = params.flag("paging").unwrap_or(true) && !params.flag("headless").unwrap_or(false);
    if !paging {
        return Ok(Value::Array(kept.iter().map(render).collect()));
    }
    let page = params
        .get("page")
        .and_then(|page| page.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let page_size = params
        .get("pageSize")
        .and_then(|size| size.parse::<usize>().ok())
        .unwrap_or(50)
        .clamp(1, 1000);
    let selected: Vec<Value> = kept
        .iter()
        .skip((page - 1) * page_size)
        .take(page_size)
        .map(render)
        .collect();
    Ok(json!({"pager": {"page": page, "pageSize": page_size}, "entries": selected}))
}
