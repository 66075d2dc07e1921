//! The metadata query engine: `fields` (nesting, `*`, presets, `!x`, transformers), `filter`
//! (operators, dotted paths through references, `rootJunction`), `order` and the pager envelope
//! (reference §3.1–§3.3). Works on the JSON objects of [`MetadataStore`]; knows no endpoints.

use std::cmp::Ordering;

use serde_json::{Map, Value, json};

use crate::metadata::{Kind, MetadataStore};

/// One parsed item of a `fields` expression.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldSpec {
    /// `*` or `:all`: every property.
    All,
    /// `!name`: remove the property.
    Exclude(String),
    /// A named property with optional nested fields and transformers.
    Named {
        /// Property name.
        name: String,
        /// Nested field list, when given with `[...]` or `(...)`.
        children: Option<Vec<FieldSpec>>,
        /// Transformers in order.
        transformers: Vec<Transformer>,
    },
}

/// A field transformer (`~size`, `::size`, `~rename(x)`, …).
#[derive(Debug, Clone, PartialEq)]
pub enum Transformer {
    /// Number of items (or characters).
    Size,
    /// Whether empty.
    IsEmpty,
    /// Whether not empty.
    IsNotEmpty,
    /// Output under another key.
    Rename(String),
    /// Items reduced to one property (default `id`).
    Pluck(String),
    /// Array turned into an object keyed by a property.
    KeyBy(String),
    /// A page of the collection.
    Paging(usize, usize),
}

/// Splits on commas that are not inside brackets.
fn split_top_level(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for character in text.chars() {
        match character {
            '[' | '(' => {
                depth += 1;
                current.push(character);
            }
            ']' | ')' => {
                depth -= 1;
                current.push(character);
            }
            ',' if depth == 0 => {
                if !current.trim().is_empty() {
                    parts.push(current.trim().to_string());
                }
                current.clear();
            }
            _ => current.push(character),
        }
    }
    if !current.trim().is_empty() {
        parts.push(current.trim().to_string());
    }
    parts
}

fn preset(name: &str) -> Option<&'static [&'static str]> {
    match name {
        ":identifiable" => Some(&["id", "name", "code", "created", "lastUpdated", "href"]),
        ":nameable" => Some(&[
            "id",
            "name",
            "shortName",
            "description",
            "code",
            "created",
            "lastUpdated",
            "href",
        ]),
        _ => None,
    }
}

fn parse_transformers(text: &str) -> (String, Vec<Transformer>) {
    let normalised = text.replace("::", "~");
    let mut pieces = normalised.split('~');
    let name = pieces.next().unwrap_or_default().trim().to_string();
    let transformers = pieces
        .filter_map(|piece| {
            let (transformer_name, argument) = match piece.split_once('(') {
                Some((name, rest)) => (name, Some(rest.trim_end_matches(')').to_string())),
                None => (piece, None),
            };
            match transformer_name {
                "size" => Some(Transformer::Size),
                "isEmpty" => Some(Transformer::IsEmpty),
                "isNotEmpty" => Some(Transformer::IsNotEmpty),
                "rename" => argument.map(Transformer::Rename),
                "pluck" => Some(Transformer::Pluck(argument.unwrap_or_else(|| "id".into()))),
                "keyBy" => Some(Transformer::KeyBy(argument.unwrap_or_else(|| "id".into()))),
                "paging" => {
                    let argument = argument.unwrap_or_default();
                    let mut numbers = argument
                        .split(';')
                        .map(|number| number.trim().parse::<usize>().ok());
                    let page = numbers.next().flatten().unwrap_or(1).max(1);
                    let size = numbers.next().flatten().unwrap_or(50).max(1);
                    Some(Transformer::Paging(page, size))
                }
                _ => None,
            }
        })
        .collect();
    (name, transformers)
}

/// Parses a `fields` expression.
pub fn parse_fields(text: &str) -> Vec<FieldSpec> {
    let mut specs = Vec::new();
    for part in split_top_level(text) {
        if part == "*" || part == ":all" || part == ":owner" || part == ":persisted" {
            specs.push(FieldSpec::All);
            continue;
        }
        if let Some(names) = preset(&part) {
            for name in names {
                specs.push(FieldSpec::Named {
                    name: (*name).to_string(),
                    children: None,
                    transformers: Vec::new(),
                });
            }
            continue;
        }
        if let Some(excluded) = part.strip_prefix('!') {
            specs.push(FieldSpec::Exclude(excluded.trim().to_string()));
            continue;
        }
        let bracket = part.find(['[', '(']);
        let (head, children, tail) = match bracket {
            // `~rename(x)` style parentheses belong to transformers, not nesting.
            Some(position)
                if !part[..position].contains('~') && !part[..position].ends_with(':') =>
            {
                let close = part.rfind([']', ')']).unwrap_or(part.len());
                let inner = part.get(position + 1..close).unwrap_or_default();
                (
                    part[..position].to_string(),
                    Some(parse_fields(inner)),
                    part.get(close + 1..).unwrap_or_default().to_string(),
                )
            }
            _ => (part.clone(), None, String::new()),
        };
        let (name, mut transformers) = parse_transformers(&head);
        if !tail.is_empty() {
            let (_, more) = parse_transformers(&format!("x{tail}"));
            transformers.extend(more);
        }
        specs.push(FieldSpec::Named {
            name,
            children,
            transformers,
        });
    }
    specs
}

/// Whether `value` is a bare reference `{"id": …}`.
fn reference_uid(value: &Value) -> Option<&str> {
    let object = value.as_object()?;
    if object.len() != 1 {
        return None;
    }
    object.get("id")?.as_str()
}

/// Renders `object` with `fields`; references inside are resolved through `store` when nested
/// fields ask for more than their id.
pub fn render(
    store: &MetadataStore,
    object: &Map<String, Value>,
    fields: &[FieldSpec],
) -> Map<String, Value> {
    let mut output = Map::new();
    for spec in fields {
        match spec {
            FieldSpec::All => {
                for (key, value) in object {
                    output.insert(key.clone(), value.clone());
                }
            }
            FieldSpec::Named {
                name,
                children,
                transformers,
            } => {
                let Some(value) = object.get(name) else {
                    if transformers.contains(&Transformer::Size) {
                        output.insert(name.clone(), json!(0));
                    }
                    continue;
                };
                let mut rendered = match children {
                    Some(children) => render_value(store, value, children),
                    None => value.clone(),
                };
                let mut key = name.clone();
                for transformer in transformers {
                    rendered = match transformer {
                        Transformer::Size => match &rendered {
                            Value::Array(items) => json!(items.len()),
                            Value::String(text) => json!(text.chars().count()),
                            _ => json!(0),
                        },
                        Transformer::IsEmpty => json!(is_empty(&rendered)),
                        Transformer::IsNotEmpty => json!(!is_empty(&rendered)),
                        Transformer::Rename(new_key) => {
                            key = new_key.clone();
                            rendered
                        }
                        Transformer::Pluck(property) => match &rendered {
                            Value::Array(items) => Value::Array(
                                items
                                    .iter()
                                    .map(|item| pluck(store, item, property))
                                    .collect(),
                            ),
                            other => pluck(store, other, property),
                        },
                        Transformer::KeyBy(property) => match &rendered {
                            Value::Array(items) => {
                                let mut keyed = Map::new();
                                for item in items {
                                    let item_key = pluck(store, item, property);
                                    let item_key = item_key
                                        .as_str()
                                        .map(str::to_string)
                                        .unwrap_or_else(|| item_key.to_string());
                                    keyed.insert(item_key, item.clone());
                                }
                                Value::Object(keyed)
                            }
                            other => other.clone(),
                        },
                        Transformer::Paging(page, size) => match &rendered {
                            Value::Array(items) => Value::Array(
                                items
                                    .iter()
                                    .skip((page - 1) * size)
                                    .take(*size)
                                    .cloned()
                                    .collect(),
                            ),
                            other => other.clone(),
                        },
                    };
                }
                output.insert(key, rendered);
            }
            FieldSpec::Exclude(_) => {}
        }
    }
    for spec in fields {
        if let FieldSpec::Exclude(name) = spec {
            output.remove(name);
        }
    }
    output
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.is_empty(),
        Value::String(text) => text.is_empty(),
        Value::Object(map) => map.is_empty(),
        Value::Null => true,
        _ => false,
    }
}

fn pluck(store: &MetadataStore, item: &Value, property: &str) -> Value {
    if let Some(uid) = reference_uid(item)
        && property != "id"
        && let Some(object) = store.get(uid)
    {
        return object.json.get(property).cloned().unwrap_or(Value::Null);
    }
    item.get(property).cloned().unwrap_or(Value::Null)
}

fn render_value(store: &MetadataStore, value: &Value, children: &[FieldSpec]) -> Value {
    match value {
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| render_value(store, item, children))
                .collect(),
        ),
        Value::Object(map) => {
            if let Some(uid) = reference_uid(value)
                && let Some(object) = store.get(uid)
            {
                return Value::Object(render(store, &object.json, children));
            }
            Value::Object(render(store, map, children))
        }
        other => other.clone(),
    }
}

/// A query error (unknown property, bad operator, bad filter).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct QueryError(pub String);

/// Filter operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    /// `eq`
    Eq,
    /// `!eq`, `ne`, `neq`
    NotEq,
    /// `ieq`
    IEq,
    /// `like` (contains, case-sensitive)
    Like,
    /// `!like`
    NotLike,
    /// `$like` (starts with)
    StartsLike,
    /// `!$like`
    NotStartsLike,
    /// `like$` (ends with)
    EndsLike,
    /// `!like$`
    NotEndsLike,
    /// `ilike`
    ILike,
    /// `!ilike`
    NotILike,
    /// `$ilike`
    StartsILike,
    /// `!$ilike`
    NotStartsILike,
    /// `ilike$`
    EndsILike,
    /// `!ilike$`
    NotEndsILike,
    /// `gt`
    Gt,
    /// `ge`
    Ge,
    /// `lt`
    Lt,
    /// `le`
    Le,
    /// `null`
    Null,
    /// `!null`
    NotNull,
    /// `empty`
    Empty,
    /// `token`
    Token,
    /// `!token`
    NotToken,
    /// `in`
    In,
    /// `!in`
    NotIn,
}

impl Operator {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "eq" => Self::Eq,
            "!eq" | "ne" | "neq" => Self::NotEq,
            "ieq" => Self::IEq,
            "like" => Self::Like,
            "!like" => Self::NotLike,
            "$like" => Self::StartsLike,
            "!$like" => Self::NotStartsLike,
            "like$" => Self::EndsLike,
            "!like$" => Self::NotEndsLike,
            "ilike" => Self::ILike,
            "!ilike" => Self::NotILike,
            "$ilike" => Self::StartsILike,
            "!$ilike" => Self::NotStartsILike,
            "ilike$" => Self::EndsILike,
            "!ilike$" => Self::NotEndsILike,
            "gt" => Self::Gt,
            "ge" => Self::Ge,
            "lt" => Self::Lt,
            "le" => Self::Le,
            "null" => Self::Null,
            "!null" => Self::NotNull,
            "empty" => Self::Empty,
            "token" => Self::Token,
            "!token" => Self::NotToken,
            "in" => Self::In,
            "!in" => Self::NotIn,
            _ => return None,
        })
    }

    fn needs_value(self) -> bool {
        !matches!(self, Self::Null | Self::NotNull | Self::Empty)
    }
}

/// A parsed filter.
#[derive(Debug, Clone)]
pub struct Filter {
    path: Vec<String>,
    operator: Operator,
    value: String,
}

/// Parses and validates `text` against the properties of `kind`.
pub fn parse_filter(store: &MetadataStore, kind: Kind, text: &str) -> Result<Filter, QueryError> {
    let mut parts = text.splitn(3, ':');
    let path_text = parts.next().unwrap_or_default();
    let operator_text = parts
        .next()
        .ok_or_else(|| QueryError(format!("Invalid filter => {text}")))?;
    let value = parts.next().unwrap_or_default().to_string();
    let operator = Operator::parse(operator_text)
        .ok_or_else(|| QueryError(format!("`{operator_text}` is not a valid operator.")))?;
    if operator.needs_value()
        && value.is_empty()
        && !matches!(operator, Operator::Eq | Operator::NotEq)
    {
        return Err(QueryError(format!("Invalid filter => {text}")));
    }
    let path: Vec<String> = path_text.split('.').map(str::to_string).collect();
    if path_text != "identifiable" {
        let mut current = Some(kind);
        for segment in &path {
            let Some(current_kind) = current else {
                break;
            };
            match store.property(current_kind, segment) {
                Some(target) => current = target,
                None if matches!(
                    segment.as_str(),
                    "id" | "name" | "displayName" | "created" | "lastUpdated" | "code"
                ) =>
                {
                    current = None;
                }
                None => return Err(QueryError(format!("Unknown path property: {segment}"))),
            }
        }
    }
    Ok(Filter {
        path,
        operator,
        value,
    })
}

fn collect_values<'a>(
    store: &'a MetadataStore,
    object: &'a Map<String, Value>,
    path: &[String],
) -> Vec<&'a Value> {
    let mut current: Vec<&Value> = Vec::new();
    let Some((first, rest)) = path.split_first() else {
        return current;
    };
    if let Some(value) = object.get(first) {
        current.push(value);
    }
    for segment in rest {
        let mut next = Vec::new();
        for value in flatten(current) {
            let resolved = match reference_uid(value).and_then(|uid| store.get(uid)) {
                Some(object) => object.json.get(segment),
                None => value.get(segment),
            };
            if let Some(found) = resolved {
                next.push(found);
            }
        }
        current = next;
    }
    flatten(current)
}

fn flatten(values: Vec<&Value>) -> Vec<&Value> {
    let mut flat = Vec::new();
    for value in values {
        match value {
            Value::Array(items) => flat.extend(items.iter()),
            Value::Null => {}
            other => flat.push(other),
        }
    }
    flat
}

fn as_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Object(map) => map
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        other => other.to_string(),
    }
}

fn compare_texts(left: &str, right: &str) -> Ordering {
    match (left.parse::<f64>(), right.parse::<f64>()) {
        (Ok(left), Ok(right)) => left.partial_cmp(&right).unwrap_or(Ordering::Equal),
        _ => left.cmp(right),
    }
}

impl Filter {
    /// Whether `object` passes the filter.
    pub fn matches(&self, store: &MetadataStore, object: &Map<String, Value>) -> bool {
        if self.path.len() == 1 && self.path[0] == "identifiable" {
            let haystack: Vec<String> = ["id", "code", "name", "shortName"]
                .iter()
                .filter_map(|key| object.get(*key).and_then(Value::as_str))
                .map(str::to_lowercase)
                .collect();
            let all_tokens = self.value.split_whitespace().all(|token| {
                haystack
                    .iter()
                    .any(|text| text.contains(&token.to_lowercase()))
            });
            return match self.operator {
                Operator::NotToken => !all_tokens,
                _ => all_tokens,
            };
        }
        let values = collect_values(store, object, &self.path);
        let texts: Vec<String> = values.iter().map(|value| as_text(value)).collect();
        let wanted = self.value.as_str();
        let lower_wanted = wanted.to_lowercase();
        let any = |test: &dyn Fn(&str) -> bool| texts.iter().any(|text| test(text));
        match self.operator {
            Operator::Eq => any(&|text| text == wanted),
            Operator::NotEq => !texts.is_empty() && !any(&|text| text == wanted),
            Operator::IEq => any(&|text| text.to_lowercase() == lower_wanted),
            Operator::Like => any(&|text| text.contains(wanted)),
            Operator::NotLike => !any(&|text| text.contains(wanted)),
            Operator::StartsLike => any(&|text| text.starts_with(wanted)),
            Operator::NotStartsLike => !any(&|text| text.starts_with(wanted)),
            Operator::EndsLike => any(&|text| text.ends_with(wanted)),
            Operator::NotEndsLike => !any(&|text| text.ends_with(wanted)),
            Operator::ILike => any(&|text| text.to_lowercase().contains(&lower_wanted)),
            Operator::NotILike => !any(&|text| text.to_lowercase().contains(&lower_wanted)),
            Operator::StartsILike => any(&|text| text.to_lowercase().starts_with(&lower_wanted)),
            Operator::NotStartsILike => {
                !any(&|text| text.to_lowercase().starts_with(&lower_wanted))
            }
            Operator::EndsILike => any(&|text| text.to_lowercase().ends_with(&lower_wanted)),
            Operator::NotEndsILike => !any(&|text| text.to_lowercase().ends_with(&lower_wanted)),
            Operator::Gt => any(&|text| compare_texts(text, wanted) == Ordering::Greater),
            Operator::Ge => any(&|text| compare_texts(text, wanted) != Ordering::Less),
            Operator::Lt => any(&|text| compare_texts(text, wanted) == Ordering::Less),
            Operator::Le => any(&|text| compare_texts(text, wanted) != Ordering::Greater),
            Operator::Null => texts.is_empty(),
            Operator::NotNull => !texts.is_empty(),
            Operator::Empty => texts.is_empty() || texts.iter().all(String::is_empty),
            Operator::Token | Operator::NotToken => {
                let joined = texts.join(" ").to_lowercase();
                let all_tokens = lower_wanted
                    .split_whitespace()
                    .all(|token| joined.contains(token));
                (self.operator == Operator::Token) == all_tokens
            }
            Operator::In | Operator::NotIn => {
                let list: Vec<&str> = wanted
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .split(',')
                    .map(str::trim)
                    .collect();
                let found = any(&|text| list.contains(&text));
                (self.operator == Operator::In) == found
            }
        }
    }
}

/// One `order` item.
#[derive(Debug, Clone)]
pub struct OrderItem {
    property: String,
    descending: bool,
    case_insensitive: bool,
}

/// Parses `order` values (`name:asc,code:idesc`); unknown properties are dropped.
pub fn parse_order(store: &MetadataStore, kind: Kind, values: &[&str]) -> Vec<OrderItem> {
    values
        .iter()
        .flat_map(|value| value.split(','))
        .filter_map(|item| {
            let (property, direction) = item.split_once(':').unwrap_or((item, "asc"));
            store.property(kind, property.trim())?;
            Some(OrderItem {
                property: property.trim().to_string(),
                descending: direction.ends_with("desc"),
                case_insensitive: direction.starts_with('i'),
            })
        })
        .collect()
}

fn order_key(value: Option<&Value>, case_insensitive: bool) -> Option<String> {
    value.map(|value| {
        let text = as_text(value);
        if case_insensitive {
            text.to_lowercase()
        } else {
            text
        }
    })
}

/// Compares two objects by `order` (default: name case-insensitive, then storage id).
pub fn compare_objects(
    order: &[OrderItem],
    left: (&Map<String, Value>, i64),
    right: (&Map<String, Value>, i64),
) -> Ordering {
    if order.is_empty() {
        let key = |object: &Map<String, Value>| {
            object
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_lowercase)
                .unwrap_or_default()
        };
        return key(left.0).cmp(&key(right.0)).then(left.1.cmp(&right.1));
    }
    for item in order {
        let left_value = order_key(left.0.get(&item.property), item.case_insensitive);
        let right_value = order_key(right.0.get(&item.property), item.case_insensitive);
        let ordering = match (&left_value, &right_value) {
            (Some(a), Some(b)) => compare_texts(a, b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        let ordering = if item.descending {
            ordering.reverse()
        } else {
            ordering
        };
        if ordering != Ordering::Equal {
            return ordering;
        }
    }
    left.1.cmp(&right.1)
}

/// The `pager` object with absolute links.
pub fn pager(
    page: usize,
    page_size: usize,
    total: usize,
    link_base: &str,
    other_params: &[(String, String)],
) -> Value {
    let page_count = total.div_ceil(page_size);
    let shown_page = page.clamp(1, page_count.max(1));
    let link = |target: usize| {
        let mut serializer = form_urlencoded::Serializer::new(String::new());
        serializer.append_pair("page", &target.to_string());
        if page_size != 50 {
            serializer.append_pair("pageSize", &page_size.to_string());
        }
        for (key, value) in other_params {
            serializer.append_pair(key, value);
        }
        format!("{link_base}?{}", serializer.finish())
    };
    let mut pager = Map::new();
    pager.insert("page".into(), json!(shown_page));
    pager.insert("total".into(), json!(total));
    pager.insert("pageSize".into(), json!(page_size));
    pager.insert("pageCount".into(), json!(page_count));
    if shown_page < page_count {
        pager.insert("nextPage".into(), json!(link(shown_page + 1)));
    }
    if shown_page > 1 {
        let previous = shown_page - 1;
        let mut text = link(previous);
        if previous == 1 {
            text = text.replacen("page=1&", "", 1).replacen("?page=1", "?", 1);
            if text.ends_with('?') {
                text.pop();
            }
        }
        pager.insert("prevPage".into(), json!(text));
    }
    Value::Object(pager)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_2_parses_nested_fields_and_transformers() {
        let specs = parse_fields(
            "id,name,categoryCombo[id,name],children::size,dataSetElements[dataElement[id]],!code,name~rename(label)",
        );
        assert_eq!(specs.len(), 7);
        assert!(
            matches!(&specs[2], FieldSpec::Named { name, children: Some(children), .. } if name == "categoryCombo" && children.len() == 2)
        );
        assert!(
            matches!(&specs[3], FieldSpec::Named { name, transformers, .. } if name == "children" && transformers == &vec![Transformer::Size])
        );
        assert!(matches!(&specs[5], FieldSpec::Exclude(name) if name == "code"));
        assert!(
            matches!(&specs[6], FieldSpec::Named { name, transformers, .. } if name == "name" && transformers == &vec![Transformer::Rename("label".into())])
        );
    }

    #[test]
    fn s3_1_pager_links() {
        let pager = pager(
            2,
            10,
            35,
            "http://h/api/dataSets",
            &[("fields".into(), "id".into())],
        );
        assert_eq!(pager["pageCount"], 4);
        assert_eq!(
            pager["nextPage"],
            "http://h/api/dataSets?page=3&pageSize=10&fields=id"
        );
        assert_eq!(
            pager["prevPage"],
            "http://h/api/dataSets?pageSize=10&fields=id"
        );
        let last = super::pager(9, 50, 10, "http://h/api/x", &[]);
        assert_eq!(last["page"], 1);
        assert!(last.get("nextPage").is_none());
    }
}
