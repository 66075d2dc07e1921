//! What differs between the two key-value stores that one set of handlers serves:
//! `/api/dataStore` (shared namespaces, protected when an installed app reserves them, each
//! version's wording; reference §8.1–§8.3) and `/api/userDataStore` (each user's own namespaces,
//! `?username=` for superusers, 2.41's messages; §8.2), including where the shared store checks
//! an entry's sharing (reference additions, "Sharing of dataStore entries").
//!
//! It must not route or answer requests.

use axum::http::{StatusCode, Uri};

use super::super::QueryParams;
use super::super::apps::namespace_owner;
use super::super::key_value::{DATA_STORE, Entry, Table, USER_DATA_STORE, entry_sharing};
use crate::sharing::Sharing;
use crate::state::SharedState;
use crate::users::{User, find_user};
use crate::web_message::{ApiError, ApiResult, WebMessage};

/// One of the key-value stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    /// `/api/dataStore`.
    Shared,
    /// `/api/userDataStore`.
    User,
}

/// The store a route serves, as a type, so each route names its store where it is declared.
pub trait StoreRoute: Send + Sync + 'static {
    /// The store.
    const STORE: Store;
}

/// Routes of `/api/dataStore`.
pub struct SharedStore;

impl StoreRoute for SharedStore {
    const STORE: Store = Store::Shared;
}

/// Routes of `/api/userDataStore`.
pub struct UserStore;

impl StoreRoute for UserStore {
    const STORE: Store = Store::User;
}

impl Store {
    /// The table of the store.
    fn table(self) -> Table {
        match self {
            Self::Shared => DATA_STORE,
            Self::User => USER_DATA_STORE,
        }
    }

    /// The 2.38+ query API, `lastUpdated`, `/{namespace}/keys` and PUT upserts: dhis2-lite
    /// serves them (where the version has them) on the shared store only.
    pub fn has_extensions(self) -> bool {
        self == Self::Shared
    }
}

/// The namespaces a request works in: those of the store, for the user data store only the
/// owner's (stored under a `user:<owner>:` prefix).
pub struct Scope {
    /// The store.
    pub store: Store,
    prefix: String,
    /// The name written as the creator of new entries.
    pub writer: String,
}

impl Scope {
    /// The scope of `user`'s request; in the user data store a superuser may name another owner
    /// with `?username=` (others: 409, E1004 where the version has codes).
    pub fn of(store: Store, state: &SharedState, user: &User, uri: &Uri) -> ApiResult<Self> {
        match store {
            Store::Shared => Ok(Self {
                store,
                prefix: String::new(),
                writer: user.username.clone(),
            }),
            Store::User => {
                let owner = user_store_owner(state, user, uri)?;
                Ok(Self {
                    store,
                    prefix: format!("user:{owner}:"),
                    writer: owner,
                })
            }
        }
    }

    /// `namespace` as stored.
    fn stored(&self, namespace: &str) -> String {
        format!("{}{namespace}", self.prefix)
    }

    /// Whether `user` may read and write `namespace`: in the shared store, namespaces reserved by
    /// an installed app are RESTRICTED to app managers and the app's users.
    pub fn check_namespace(
        &self,
        state: &SharedState,
        user: &User,
        namespace: &str,
    ) -> ApiResult<()> {
        if self.store == Store::User || user.is_superuser() {
            return Ok(());
        }
        if let Some(app) = namespace_owner(state, namespace)?
            && !user.has_authority("M_dhis-web-app-management")
            && !user.has_authority(&app.see_app_authority())
        {
            let message = if state.behaviour.data_store_modern_wording {
                format!("Namespace '{namespace}' is protected, access denied")
            } else {
                format!("You do not have the authority to access the namespace '{namespace}'.")
            };
            return Err(ApiError::forbidden(
                message,
                state.behaviour.generic_error_codes,
            ));
        }
        Ok(())
    }

    /// Whether the sharing of single entries of `namespace` is checked: in the shared store,
    /// everywhere from 2.41, before only in the namespace of an installed app (2.37–2.40 register
    /// app namespaces with `sharingRespected`; 2.36 checks every entry it reads).
    fn entry_sharing_checked(&self, state: &SharedState, namespace: &str) -> ApiResult<bool> {
        if self.store == Store::User {
            return Ok(false);
        }
        Ok(state.behaviour.data_store_sharing_everywhere
            || namespace_owner(state, namespace)?.is_some())
    }

    /// Whether `user` may read `entry` of `namespace` (403 when its sharing says no).
    pub fn check_entry_read(
        &self,
        state: &SharedState,
        user: &User,
        namespace: &str,
        entry: &Entry,
    ) -> ApiResult<()> {
        if !self.entry_sharing_checked(state, namespace)?
            || shared_entry_sharing(state, entry)?.can_read(user)
        {
            return Ok(());
        }
        Err(self.entry_denied(state, namespace, &entry.key, "access"))
    }

    /// Whether `user` may replace or delete `entry` of `namespace` (403 when its sharing says
    /// no); `verb` names the operation in 2.36's message (`update`, `delete`).
    pub fn check_entry_write(
        &self,
        state: &SharedState,
        user: &User,
        namespace: &str,
        entry: &Entry,
        verb: &str,
    ) -> ApiResult<()> {
        if !self.entry_sharing_checked(state, namespace)?
            || shared_entry_sharing(state, entry)?.can_write(user)
        {
            return Ok(());
        }
        Err(self.entry_denied(state, namespace, &entry.key, verb))
    }

    /// The entries of a key list or query answer `user` sees: from 2.41 only those it may read;
    /// before, all of them (DHIS2 did not filter them).
    pub fn visible_entries(
        &self,
        state: &SharedState,
        user: &User,
        entries: Vec<Entry>,
    ) -> ApiResult<Vec<Entry>> {
        if self.store == Store::User || !state.behaviour.data_store_sharing_everywhere {
            return Ok(entries);
        }
        let mut visible = Vec::with_capacity(entries.len());
        for entry in entries {
            if shared_entry_sharing(state, &entry)?.can_read(user) {
                visible.push(entry);
            }
        }
        Ok(visible)
    }

    fn entry_denied(
        &self,
        state: &SharedState,
        namespace: &str,
        key: &str,
        verb: &str,
    ) -> ApiError {
        let message = if state.behaviour.data_store_modern_wording {
            format!("Access denied for key '{key}' in namespace '{namespace}'")
        } else if verb == "access" {
            format!(
                "You do not have the authority to access the key: '{key}' in the namespace:'{namespace}'"
            )
        } else {
            format!(
                "You do not have the authority to {verb} the key: '{key}' in the namespace: '{namespace}'"
            )
        };
        ApiError::forbidden(message, state.behaviour.generic_error_codes)
    }

    /// The names of the scope's namespaces, sorted.
    pub fn namespaces(&self, state: &SharedState) -> ApiResult<Vec<String>> {
        Ok(self
            .store
            .table()
            .namespaces(&*state.database()?, &self.prefix)?)
    }

    /// Every entry of `namespace`, by key.
    pub fn entries(&self, state: &SharedState, namespace: &str) -> ApiResult<Vec<Entry>> {
        Ok(self
            .store
            .table()
            .entries(&*state.database()?, &self.stored(namespace))?)
    }

    /// The entry `namespace`/`key`.
    pub fn find(
        &self,
        state: &SharedState,
        namespace: &str,
        key: &str,
    ) -> ApiResult<Option<Entry>> {
        Ok(self
            .store
            .table()
            .find(&*state.database()?, &self.stored(namespace), key)?)
    }

    /// Creates or replaces the entry, stamped with the server's clock.
    pub fn write(
        &self,
        state: &SharedState,
        namespace: &str,
        key: &str,
        value: &serde_json::Value,
    ) -> ApiResult<()> {
        Ok(self.store.table().write(
            &*state.database()?,
            &self.stored(namespace),
            key,
            value,
            &self.writer,
            state.clock.now_millis(),
        )?)
    }

    /// Deletes one entry; the number of rows deleted.
    pub fn delete_key(&self, state: &SharedState, namespace: &str, key: &str) -> ApiResult<usize> {
        Ok(self
            .store
            .table()
            .delete_key(&*state.database()?, &self.stored(namespace), key)?)
    }

    /// Deletes a namespace; the number of rows deleted.
    pub fn delete_namespace(&self, state: &SharedState, namespace: &str) -> ApiResult<usize> {
        Ok(self
            .store
            .table()
            .delete_namespace(&*state.database()?, &self.stored(namespace))?)
    }
}

/// The sharing of a shared-store entry: the one set with `/api/sharing`, else DHIS2's default
/// for a new entry, public read and write, owned by its creator.
pub fn shared_entry_sharing(state: &SharedState, entry: &Entry) -> ApiResult<Sharing> {
    let connection = state.database()?;
    if let Some(stored) = entry_sharing(&connection, &entry.uid)? {
        let mut object = serde_json::Map::new();
        object.insert("sharing".into(), stored);
        return Ok(Sharing::of(&object));
    }
    let owner = match &entry.created_by {
        Some(username) => find_user(&connection, username)?.map(|user| user.uid),
        None => None,
    };
    Ok(Sharing {
        public: "rw------".into(),
        owner,
        users: Vec::new(),
        user_groups: Vec::new(),
    })
}

/// The owner of a user data store request: the caller, or `?username=` for a superuser.
fn user_store_owner(state: &SharedState, user: &User, uri: &Uri) -> ApiResult<String> {
    let params = QueryParams::from_uri(uri);
    match params.get("username") {
        Some(username) if username != user.username => {
            if user.is_superuser() {
                Ok(username.to_string())
            } else {
                Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "Only superusers can read or write other users data using the `username` parameter.",
                    Some("E1004").filter(|_| state.behaviour.generic_error_codes),
                ))
            }
        }
        _ => Ok(user.username.clone()),
    }
}

/// The messages of a store: 2.36's, the 2.37+ ones, or the user data store's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Legacy,
    Modern,
    User,
}

/// Messages and error codes of a store in the emulated version.
pub struct Wording {
    style: Style,
    codes: bool,
}

impl Wording {
    /// The wording of `store` in the emulated version.
    pub fn of(store: Store, state: &SharedState) -> Self {
        let style = match store {
            Store::User => Style::User,
            Store::Shared if state.behaviour.data_store_modern_wording => Style::Modern,
            Store::Shared => Style::Legacy,
        };
        Self {
            style,
            codes: state.behaviour.generic_error_codes,
        }
    }

    /// 404 for a namespace without keys.
    pub fn namespace_not_found(&self, namespace: &str) -> ApiError {
        let message = match self.style {
            Style::Legacy => format!("The namespace '{namespace}' was not found."),
            Style::Modern | Style::User => format!("Namespace not found: '{namespace}'"),
        };
        ApiError::not_found(message, self.codes)
    }

    /// 404 for an unknown key.
    pub fn key_not_found(&self, namespace: &str, key: &str) -> ApiError {
        let message = match self.style {
            Style::Legacy => {
                format!("The key '{key}' was not found in the namespace '{namespace}'.")
            }
            Style::Modern | Style::User => {
                format!("Key '{key}' not found in namespace '{namespace}'")
            }
        };
        ApiError::not_found(message, self.codes)
    }

    /// 409 for creating a key that exists.
    pub fn key_exists(&self, namespace: &str, key: &str) -> ApiError {
        let message = match self.style {
            Style::Legacy => {
                format!("The key '{key}' already exists on the namespace '{namespace}'.")
            }
            Style::Modern | Style::User => {
                format!("Key '{key}' already exists in namespace '{namespace}'")
            }
        };
        ApiError::conflict(message, self.codes)
    }

    /// 400 for a body that is not JSON.
    pub fn invalid_json(&self, key: &str) -> ApiError {
        let message = match self.style {
            Style::Legacy => "The data is not valid JSON.".to_string(),
            Style::Modern | Style::User => format!("Invalid JSON value for key '{key}'"),
        };
        ApiError::bad_request(message, self.codes)
    }

    /// 201 for a created key.
    pub fn created(&self, namespace: &str, key: &str) -> WebMessage {
        WebMessage::created(match self.style {
            Style::Legacy => format!("Key '{key}' created."),
            Style::Modern => format!("Key created: '{key}'"),
            Style::User => format!("Key '{key}' in namespace '{namespace}' created."),
        })
    }

    /// 200 for an updated key.
    pub fn updated(&self, key: &str) -> WebMessage {
        WebMessage::ok(match self.style {
            Style::Legacy => format!("Key '{key}' updated."),
            Style::Modern | Style::User => format!("Key updated: '{key}'"),
        })
    }

    /// 200 for a deleted key.
    pub fn key_deleted(&self, namespace: &str, key: &str) -> WebMessage {
        WebMessage::ok(match self.style {
            Style::Legacy => format!("Key '{key}' deleted from namespace '{namespace}'."),
            Style::Modern => format!("Key '{key}' deleted from namespace '{namespace}'"),
            Style::User => format!("Key '{key}' deleted from the namespace '{namespace}'."),
        })
    }

    /// 200 for a deleted namespace.
    pub fn namespace_deleted(&self, namespace: &str) -> WebMessage {
        WebMessage::ok(match self.style {
            Style::Legacy => format!("Namespace '{namespace}' deleted."),
            Style::Modern | Style::User => format!("Namespace deleted: '{namespace}'"),
        })
    }
}
