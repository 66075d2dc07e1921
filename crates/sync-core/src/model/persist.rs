//! Loading and saving persisted entries (dataStore values, exported JSON files): the schema
//! version, the chain of migrations from older versions, and errors that say which key is wrong.
//!
//! Loading never guesses: a malformed value is an error naming the line and column, a wrong field
//! is an error naming its path (`selection.dataSets[0].id`), a version newer than this build is
//! refused rather than half-read. It does no I/O: callers hand in the text they fetched.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The JSON key holding the schema version of a persisted entry.
pub const SCHEMA_VERSION_KEY: &str = "schemaVersion";

/// Also accepted when reading (hand-written files, other tools); never written.
const SCHEMA_VERSION_ALIAS: &str = "schema_version";

/// A type stored in the dataStore or exported as a file, with a schema version and migrations.
pub trait Persisted: Serialize + DeserializeOwned {
    /// Kind of entry, used in messages ("rule", "destination", "report").
    const KIND: &'static str;
    /// The schema version this build writes.
    const CURRENT_VERSION: u32;
    /// Steps upgrading older versions, each from `from` to `from + 1`. An entry without a
    /// `schemaVersion` key is version 0.
    fn migrations() -> &'static [Migration];
    /// Checks done after deserialising that serde cannot express (for example that no secret is
    /// stored). The default accepts everything.
    fn check_raw(_object: &Map<String, Value>) -> Result<(), (String, String)> {
        Ok(())
    }
}

/// One migration step over the raw JSON object.
pub struct Migration {
    /// Version this step reads; it produces `from + 1`.
    pub from: u32,
    /// Upgrades the object. Notes for the user (what was changed or dropped) go to the vector;
    /// an `Err` is a message saying why the entry cannot be upgraded.
    pub apply: MigrationFn,
}

/// A migration step: the raw object in, the upgraded object (or why not) out; notes for the user
/// go to the vector.
pub type MigrationFn =
    fn(Map<String, Value>, &mut Vec<String>) -> Result<Map<String, Value>, String>;

/// A persisted entry after loading, with what the migration did.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded<T> {
    /// The entry, at the current schema version.
    pub value: T,
    /// The version it was stored with, when older than the current one.
    pub migrated_from: Option<u32>,
    /// What the migrations changed, for the user ("two destinations: kept the first").
    pub notes: Vec<String>,
}

/// Why a stored value could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// The text is not JSON.
    #[error("{kind}: malformed JSON at line {line}, column {column}: {message}")]
    MalformedJson {
        /// Kind of entry.
        kind: &'static str,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's description.
        message: String,
    },
    /// The JSON is not an object.
    #[error("{kind}: expected a JSON object, found {found}")]
    NotAnObject {
        /// Kind of entry.
        kind: &'static str,
        /// What was found instead (`an array`, `a string`, ...).
        found: &'static str,
    },
    /// `schemaVersion` is not a non-negative whole number.
    #[error("{kind}: `schemaVersion` must be a whole number, found {found}")]
    BadSchemaVersion {
        /// Kind of entry.
        kind: &'static str,
        /// The JSON found.
        found: String,
    },
    /// Written by a newer version of the app.
    #[error(
        "{kind}: schema version {found} is newer than this app understands (up to {supported}); update the app"
    )]
    TooNew {
        /// Kind of entry.
        kind: &'static str,
        /// Version found.
        found: u32,
        /// Newest version this build reads.
        supported: u32,
    },
    /// An older version that cannot be upgraded.
    #[error("{kind}: cannot migrate from schema version {from}: {message}")]
    Migration {
        /// Kind of entry.
        kind: &'static str,
        /// Version of the step that failed.
        from: u32,
        /// Why.
        message: String,
    },
    /// A key is missing or has a wrong value.
    #[error("{kind}: {}{message}", at_path(path))]
    InvalidField {
        /// Kind of entry.
        kind: &'static str,
        /// Path of the key (`selection.dataSets[0].id`); empty for the root object.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// Could not be written as JSON (not expected for these types).
    #[error("{kind}: cannot be written as JSON: {message}")]
    Serialize {
        /// Kind of entry.
        kind: &'static str,
        /// The serialiser's message.
        message: String,
    },
}

fn at_path(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("`{path}`: ")
    }
}

/// Parses a stored JSON text, migrating older schema versions.
pub fn load<T: Persisted>(text: &str) -> Result<Loaded<T>, ModelError> {
    let value: Value = serde_json::from_str(text).map_err(|error| ModelError::MalformedJson {
        kind: T::KIND,
        line: error.line(),
        column: error.column(),
        message: strip_location(&error),
    })?;
    load_value(value)
}

/// As [`load`], from an already parsed JSON value (a dataStore query API entry, for example).
pub fn load_value<T: Persisted>(value: Value) -> Result<Loaded<T>, ModelError> {
    let kind = T::KIND;
    let Value::Object(mut object) = value else {
        return Err(ModelError::NotAnObject {
            kind,
            found: json_kind(&value),
        });
    };
    let stored = schema_version(kind, &object)?;
    if stored > T::CURRENT_VERSION {
        return Err(ModelError::TooNew {
            kind,
            found: stored,
            supported: T::CURRENT_VERSION,
        });
    }
    let mut notes = Vec::new();
    let mut version = stored;
    while version < T::CURRENT_VERSION {
        let Some(step) = T::migrations().iter().find(|step| step.from == version) else {
            let message = if version == 0 {
                "the value has no `schemaVersion` and is not a known older shape"
            } else {
                "this version is no longer supported"
            };
            return Err(ModelError::Migration {
                kind,
                from: version,
                message: message.to_string(),
            });
        };
        object = (step.apply)(object, &mut notes).map_err(|message| ModelError::Migration {
            kind,
            from: version,
            message,
        })?;
        version += 1;
    }
    object.remove(SCHEMA_VERSION_ALIAS);
    object.insert(
        SCHEMA_VERSION_KEY.to_string(),
        Value::from(T::CURRENT_VERSION),
    );
    T::check_raw(&object).map_err(|(path, message)| ModelError::InvalidField {
        kind,
        path,
        message,
    })?;
    let value = deserialize_with_path::<T>(kind, Value::Object(object))?;
    Ok(Loaded {
        value,
        migrated_from: (stored < T::CURRENT_VERSION).then_some(stored),
        notes,
    })
}

/// Writes an entry as compact JSON, as stored in the dataStore.
pub fn to_json<T: Persisted>(item: &T) -> Result<String, ModelError> {
    serde_json::to_string(item).map_err(|error| ModelError::Serialize {
        kind: T::KIND,
        message: error.to_string(),
    })
}

/// Writes an entry as indented JSON, for export files.
pub fn to_json_pretty<T: Persisted>(item: &T) -> Result<String, ModelError> {
    serde_json::to_string_pretty(item).map_err(|error| ModelError::Serialize {
        kind: T::KIND,
        message: error.to_string(),
    })
}

fn schema_version(kind: &'static str, object: &Map<String, Value>) -> Result<u32, ModelError> {
    let found = object
        .get(SCHEMA_VERSION_KEY)
        .or_else(|| object.get(SCHEMA_VERSION_ALIAS));
    match found {
        None | Some(Value::Null) => Ok(0),
        Some(value) => value
            .as_u64()
            .and_then(|number| u32::try_from(number).ok())
            .ok_or_else(|| ModelError::BadSchemaVersion {
                kind,
                found: value.to_string(),
            }),
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde_json's message without its ` at line L column C` suffix.
fn strip_location(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&suffix)
        .map(str::to_string)
        .unwrap_or(text)
}

/// Deserialises and, on failure, names the key. The path comes from tracking the deserializer
/// (`serde_path_to_error`), which does not depend on serde_json's features (with
/// `preserve_order`, unified in by other crates, serde_json's own error positions lose it).
/// Where that finds no path (an error inside a buffered, e.g. flattened, part), the value is
/// printed with indentation (one key per line), parsed again, and the error's line is mapped
/// back to the path of that line.
fn deserialize_with_path<T: DeserializeOwned>(
    kind: &'static str,
    value: Value,
) -> Result<T, ModelError> {
    // The common case needs no second pass.
    let error = match serde_path_to_error::deserialize::<_, T>(&value) {
        Ok(parsed) => return Ok(parsed),
        Err(error) => error,
    };
    let tracked = error.path().to_string();
    if tracked != "." && !tracked.contains('?') {
        return Err(ModelError::InvalidField {
            kind,
            path: tracked,
            message: strip_location(error.inner()),
        });
    }
    let pretty = serde_json::to_string_pretty(&value).map_err(|error| ModelError::Serialize {
        kind,
        message: error.to_string(),
    })?;
    serde_json::from_str(&pretty).map_err(|error| ModelError::InvalidField {
        kind,
        path: path_at_line(&pretty, error.line()),
        message: strip_location(&error),
    })
}

/// One open container while scanning indented JSON.
struct Frame {
    /// How the container is addressed in its parent.
    segment: Option<Segment>,
    /// Array: index the next element gets. `None` for objects.
    next_index: Option<usize>,
}

enum Segment {
    Key(String),
    Index(usize),
}

/// The path of the key or element on `line` (1-based) of `serde_json::to_string_pretty` output.
/// An error on a closing brace (a missing field) maps to the path of that object.
pub(crate) fn path_at_line(pretty: &str, line: usize) -> String {
    let mut stack: Vec<Frame> = Vec::new();
    for (number, text) in pretty.lines().enumerate() {
        let trimmed = text.trim();
        if trimmed.starts_with('}') || trimmed.starts_with(']') {
            if number + 1 == line {
                return render(&stack, None);
            }
            stack.pop();
            continue;
        }
        let (segment, rest) = match stack.last_mut() {
            Some(Frame {
                next_index: Some(index),
                ..
            }) => {
                let segment = Segment::Index(*index);
                *index += 1;
                (Some(segment), trimmed)
            }
            Some(_) => match split_key(trimmed) {
                Some((key, rest)) => (Some(Segment::Key(key)), rest),
                None => (None, trimmed),
            },
            None => (None, trimmed),
        };
        if number + 1 == line {
            return render(&stack, segment.as_ref());
        }
        let rest = rest.trim_end_matches(',');
        if rest.ends_with('{') {
            stack.push(Frame {
                segment,
                next_index: None,
            });
        } else if rest.ends_with('[') {
            stack.push(Frame {
                segment,
                next_index: Some(0),
            });
        }
    }
    render(&stack, None)
}

/// Splits `"key": rest` into the unescaped key and the rest.
fn split_key(text: &str) -> Option<(String, &str)> {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b'"') {
        return None;
    }
    let mut position = 1;
    while position < bytes.len() {
        match bytes[position] {
            b'\\' => position += 2,
            b'"' => break,
            _ => position += 1,
        }
    }
    let literal = text.get(..=position)?;
    let key: String = serde_json::from_str(literal).ok()?;
    let rest = text.get(position + 1..)?.strip_prefix(':')?.trim_start();
    Some((key, rest))
}

fn render(stack: &[Frame], last: Option<&Segment>) -> String {
    let mut path = String::new();
    let segments = stack
        .iter()
        .filter_map(|frame| frame.segment.as_ref())
        .chain(last);
    for segment in segments {
        match segment {
            Segment::Key(key) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Segment::Index(index) => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_of_nested_keys_and_elements() {
        let value = serde_json::json!({
            "a": 1,
            "b": {"c": [1, {"d": "x", "e": []}, 3], "f": {}},
            "g": "h"
        });
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        let line_of = |needle: &str| pretty.lines().position(|l| l.contains(needle)).unwrap() + 1;
        assert_eq!(path_at_line(&pretty, line_of("\"a\"")), "a");
        assert_eq!(path_at_line(&pretty, line_of("\"d\"")), "b.c[1].d");
        assert_eq!(path_at_line(&pretty, line_of("\"e\"")), "b.c[1].e");
        assert_eq!(path_at_line(&pretty, line_of("3")), "b.c[2]");
        assert_eq!(path_at_line(&pretty, line_of("\"f\"")), "b.f");
        assert_eq!(path_at_line(&pretty, line_of("\"g\"")), "g");
    }

    #[test]
    fn keys_with_escapes() {
        let value = serde_json::json!({"we\"ird: key": {"x": true}});
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        assert_eq!(path_at_line(&pretty, 3), "we\"ird: key.x");
    }
}
