//! dataStore shapes (reference §8): entry metadata of 2.36 (`user`) and 2.37+ (`createdBy`,
//! `lastUpdatedBy`), and query API entries.

use serde::Deserialize;

use crate::model;

/// A user reference as the versions give it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UserRef {
    pub(crate) id: Option<String>,
    pub(crate) username: Option<String>,
    pub(crate) display_name: Option<String>,
    pub(crate) name: Option<String>,
}

impl UserRef {
    fn label(self) -> Option<String> {
        self.username
            .or(self.display_name)
            .or(self.name)
            .or(self.id)
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct EntryMeta {
    pub(crate) id: Option<String>,
    pub(crate) namespace: Option<String>,
    pub(crate) key: Option<String>,
    pub(crate) created: Option<String>,
    pub(crate) last_updated: Option<String>,
    pub(crate) created_by: Option<UserRef>,
    pub(crate) last_updated_by: Option<UserRef>,
    /// 2.36: the creator.
    pub(crate) user: Option<UserRef>,
    /// The entry's sharing in the object form (`{"public": "rw------", …}`).
    pub(crate) sharing: Option<EntrySharing>,
    /// The same in the older form.
    pub(crate) public_access: Option<String>,
}

/// The part of an entry's sharing the app reads.
#[derive(Deserialize)]
pub(crate) struct EntrySharing {
    pub(crate) public: Option<String>,
}

impl EntryMeta {
    pub(crate) fn into_model(self, namespace: &str, key: &str) -> model::DataStoreEntryMeta {
        model::DataStoreEntryMeta {
            namespace: self.namespace.unwrap_or_else(|| namespace.to_string()),
            key: self.key.unwrap_or_else(|| key.to_string()),
            id: self.id,
            created: self.created,
            last_updated: self.last_updated,
            created_by: self.created_by.or(self.user).and_then(UserRef::label),
            last_updated_by: self.last_updated_by.and_then(UserRef::label),
            public_access: self
                .sharing
                .and_then(|sharing| sharing.public)
                .or(self.public_access),
        }
    }
}

/// What `GET /api/dataStore/{ns}?fields=…&paging=false` answered.
pub(crate) enum QueryAnswer {
    /// 2.38+: `[{"key":…,"value":…}]` (or the fields asked for beside `key`).
    Entries(Vec<model::DataStoreEntry>),
    /// 2.36/2.37 ignore `fields` and list the keys.
    Keys(Vec<String>),
}

/// Reads a query answer; `whole_value` when `fields=.` was asked (the value is member `value`).
pub(crate) fn query_answer(body: &[u8], whole_value: bool) -> Result<QueryAnswer, String> {
    let json: serde_json::Value =
        serde_json::from_slice(body).map_err(|error| error.to_string())?;
    let items = match json {
        serde_json::Value::Array(items) => items,
        // A paged answer `{"pager":…,"entries":[…]}`, should a server ignore `paging=false`.
        serde_json::Value::Object(mut root) => match root.remove("entries") {
            Some(serde_json::Value::Array(items)) => items,
            _ => return Err("no entries in the dataStore query answer".to_string()),
        },
        _ => return Err("the dataStore query answer is not a list".to_string()),
    };
    if items.iter().all(serde_json::Value::is_string) {
        let keys = items
            .into_iter()
            .filter_map(|item| item.as_str().map(str::to_string))
            .collect();
        return Ok(QueryAnswer::Keys(keys));
    }
    let mut entries = Vec::with_capacity(items.len());
    for item in items {
        let serde_json::Value::Object(mut object) = item else {
            return Err("a dataStore entry is not an object".to_string());
        };
        let key = match object.remove("key") {
            Some(serde_json::Value::String(key)) => key,
            _ => return Err("a dataStore entry has no key".to_string()),
        };
        let value = if whole_value {
            object.remove("value").unwrap_or(serde_json::Value::Null)
        } else {
            serde_json::Value::Object(object)
        };
        entries.push(model::DataStoreEntry { key, value });
    }
    Ok(QueryAnswer::Entries(entries))
}
