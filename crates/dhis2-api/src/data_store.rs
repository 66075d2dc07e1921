//! dataStore calls of [`Dhis2Client`] (reference §8): keys, values, entry metadata for
//! concurrency checks, create, update, save (create or update on every version), delete, and
//! reading many entries in one request with the 2.38+ query API, falling back to one request per
//! key on 2.36/2.37; an entry's sharing (`/api/sharing?type=dataStore`); and the user data store
//! (`/api/userDataStore`, each user's own). Errors are classified by status, so the different
//! wording of 2.36 does not matter to callers.

use serde_json::Value;

use crate::client::{Dhis2Client, param};
use crate::error::ApiError;
use crate::model::{DataStoreEntry, DataStoreEntryMeta, VersionedValue};
use crate::query::{encode_component, url_with_params};
use crate::transport::{HttpRequest, Method, Transport};
use crate::wire;

impl<T: Transport> Dhis2Client<T> {
    /// The namespaces the user can see (`GET /api/dataStore`). Checking for a namespace first
    /// avoids the 404 of an empty one, which browsers log in the console as an error.
    pub async fn data_store_namespaces(&self) -> Result<Vec<String>, ApiError> {
        self.get_json(&self.api_url("dataStore")).await
    }

    /// The keys of `namespace`; an unknown namespace (404: DHIS2 has no empty namespaces) has
    /// none.
    pub async fn data_store_keys(&self, namespace: &str) -> Result<Vec<String>, ApiError> {
        match self.get_json(&self.namespace_url(namespace)).await {
            Err(ApiError::NotFound { .. }) => Ok(Vec::new()),
            other => other,
        }
    }

    /// The value of `key` ([`ApiError::NotFound`] when missing).
    pub async fn data_store_get(&self, namespace: &str, key: &str) -> Result<Value, ApiError> {
        self.get_json(&self.key_url(namespace, key)).await
    }

    /// The entry's metadata (`/metaData`): created and last updated, and by whom.
    pub async fn data_store_meta(
        &self,
        namespace: &str,
        key: &str,
    ) -> Result<DataStoreEntryMeta, ApiError> {
        let url = format!("{}/metaData", self.key_url(namespace, key));
        let meta: wire::EntryMeta = self.get_json(&url).await?;
        Ok(meta.into_model(namespace, key))
    }

    /// The value with its metadata, read first: if someone saves in between, the later check of
    /// [`Dhis2Client::data_store_update_checked`] reports a conflict rather than missing one.
    pub async fn data_store_get_versioned(
        &self,
        namespace: &str,
        key: &str,
    ) -> Result<VersionedValue, ApiError> {
        let meta = self.data_store_meta(namespace, key).await?;
        let value = self.data_store_get(namespace, key).await?;
        Ok(VersionedValue { value, meta })
    }

    /// Creates `key` (POST). A key that exists is an [`ApiError::Http`] 409
    /// ([`ApiError::is_conflict`]).
    pub async fn data_store_create(
        &self,
        namespace: &str,
        key: &str,
        value: &Value,
    ) -> Result<(), ApiError> {
        self.send_json(Method::Post, &self.key_url(namespace, key), value)
            .await?;
        Ok(())
    }

    /// Replaces the value of `key` (PUT). Before 2.38.5/2.39.3/2.40.1 a missing key is
    /// [`ApiError::NotFound`]; later versions create it.
    pub async fn data_store_update(
        &self,
        namespace: &str,
        key: &str,
        value: &Value,
    ) -> Result<(), ApiError> {
        self.send_json(Method::Put, &self.key_url(namespace, key), value)
            .await?;
        Ok(())
    }

    /// Creates or replaces `key` on every version: PUT, and POST when the server does not
    /// create on PUT.
    pub async fn data_store_save(
        &self,
        namespace: &str,
        key: &str,
        value: &Value,
    ) -> Result<(), ApiError> {
        match self.data_store_update(namespace, key, value).await {
            Err(ApiError::NotFound { .. }) => self.data_store_create(namespace, key, value).await,
            other => other,
        }
    }

    /// Replaces `key` only if nobody saved it since it was read with `expected_last_updated`
    /// (from [`DataStoreEntryMeta::last_updated`]); otherwise [`ApiError::EditConflict`] so the
    /// app can ask the user. Returns the entry's metadata after saving.
    pub async fn data_store_update_checked(
        &self,
        namespace: &str,
        key: &str,
        value: &Value,
        expected_last_updated: Option<&str>,
    ) -> Result<DataStoreEntryMeta, ApiError> {
        let current = self.data_store_meta(namespace, key).await?;
        if current.last_updated.as_deref() != expected_last_updated {
            return Err(ApiError::EditConflict {
                last_updated: current.last_updated.unwrap_or_default(),
                last_updated_by: current.last_updated_by.or(current.created_by),
            });
        }
        self.data_store_update(namespace, key, value).await?;
        self.data_store_meta(namespace, key).await
    }

    /// Deletes `key`.
    pub async fn data_store_delete(&self, namespace: &str, key: &str) -> Result<(), ApiError> {
        self.checked(HttpRequest::new(
            Method::Delete,
            self.key_url(namespace, key),
        ))
        .await?;
        Ok(())
    }

    /// Every entry of `namespace`, in key order, in one request where the server has the query
    /// API (2.38+): `fields` empty for whole values, or paths (`name`, `status`, `run.started`)
    /// to get only those — each entry's value is then an object of them. On 2.36/2.37, which
    /// ignore `fields` and list keys, every value is read whole, one request per key.
    pub async fn data_store_entries(
        &self,
        namespace: &str,
        fields: &[&str],
    ) -> Result<Vec<DataStoreEntry>, ApiError> {
        self.entries(namespace, None, fields).await
    }

    /// As [`Dhis2Client::data_store_entries`], only the entries whose key starts with
    /// `key_prefix` (`rule-`): the query API filters on the server (`filter=_:$like:<prefix>`),
    /// and on 2.36/2.37 only the matching keys are read.
    pub async fn data_store_entries_with_prefix(
        &self,
        namespace: &str,
        key_prefix: &str,
        fields: &[&str],
    ) -> Result<Vec<DataStoreEntry>, ApiError> {
        self.entries(namespace, Some(key_prefix), fields).await
    }

    async fn entries(
        &self,
        namespace: &str,
        key_prefix: Option<&str>,
        fields: &[&str],
    ) -> Result<Vec<DataStoreEntry>, ApiError> {
        let whole_value = fields.is_empty() || fields == ["."];
        let fields = if whole_value {
            ".".to_string()
        } else {
            fields.join(",")
        };
        let mut params = vec![param("fields", fields), param("paging", "false")];
        if let Some(prefix) = key_prefix {
            params.push(param("filter", format!("_:$like:{prefix}")));
        }
        let url = url_with_params(&self.namespace_url(namespace), &params);
        let matches = |key: &str| key_prefix.is_none_or(|prefix| key.starts_with(prefix));
        let keys = match self.get(&url).await {
            Ok(response) => match wire::query_answer(&response.body, whole_value) {
                Ok(wire::QueryAnswer::Entries(mut entries)) => {
                    entries.retain(|entry| matches(&entry.key));
                    entries.sort_by(|a, b| a.key.cmp(&b.key));
                    return Ok(entries);
                }
                Ok(wire::QueryAnswer::Keys(keys)) => keys,
                Err(message) => return Err(ApiError::Decode(message)),
            },
            Err(ApiError::NotFound { .. }) => return Ok(Vec::new()),
            // A server whose query API refuses the request: read key by key.
            Err(ApiError::Http { status: 400, .. }) => self.data_store_keys(namespace).await?,
            Err(error) => return Err(error),
        };
        let mut entries = Vec::with_capacity(keys.len());
        for key in keys.into_iter().filter(|key| matches(key)) {
            match self.data_store_get(namespace, &key).await {
                Ok(value) => entries.push(DataStoreEntry { key, value }),
                // Deleted since the keys were listed.
                Err(ApiError::NotFound { .. }) => {}
                Err(error) => return Err(error),
            }
        }
        entries.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(entries)
    }

    /// Shares the dataStore entry `entry_id` (its `metaData` id) with user `user_id` alone
    /// (`rw------`, no public access): `POST /api/sharing?type=dataStore&id=<id>` with the
    /// object's sharing in the older form, which every version takes (reference additions,
    /// "Sharing of dataStore entries"). Superusers still read it; its creator owns it.
    pub async fn data_store_share_with_user_only(
        &self,
        entry_id: &str,
        user_id: &str,
    ) -> Result<(), ApiError> {
        let url = url_with_params(
            &self.api_url("sharing"),
            &[param("type", "dataStore"), param("id", entry_id)],
        );
        let body = serde_json::json!({"object": {
            "publicAccess": "--------",
            "externalAccess": false,
            "userAccesses": [{"id": user_id, "access": "rw------"}],
            "userGroupAccesses": [],
        }});
        self.send_json(Method::Post, &url, &body).await?;
        Ok(())
    }

    /// The namespaces of the user's own data store (`GET /api/userDataStore`; never a 404).
    pub async fn user_data_store_namespaces(&self) -> Result<Vec<String>, ApiError> {
        self.get_json(&self.api_url("userDataStore")).await
    }

    /// The keys of `namespace` in the user's own data store; a namespace without keys (404)
    /// has none.
    pub async fn user_data_store_keys(&self, namespace: &str) -> Result<Vec<String>, ApiError> {
        match self.get_json(&self.user_namespace_url(namespace)).await {
            Err(ApiError::NotFound { .. }) => Ok(Vec::new()),
            other => other,
        }
    }

    /// The value of `key` in the user data store of `owner` — the caller's own when `None`;
    /// another user's (`?username=`) only for a superuser, others get a 409.
    pub async fn user_data_store_get(
        &self,
        namespace: &str,
        key: &str,
        owner: Option<&str>,
    ) -> Result<Value, ApiError> {
        let url = self.user_key_url(namespace, key);
        let url = match owner {
            Some(owner) => url_with_params(&url, &[param("username", owner)]),
            None => url,
        };
        self.get_json(&url).await
    }

    /// Creates or replaces `key` in the user's own data store: PUT, and POST where the key is
    /// missing (a PUT does not create there).
    pub async fn user_data_store_save(
        &self,
        namespace: &str,
        key: &str,
        value: &Value,
    ) -> Result<(), ApiError> {
        let url = self.user_key_url(namespace, key);
        match self.send_json(Method::Put, &url, value).await {
            Err(ApiError::NotFound { .. }) => {
                self.send_json(Method::Post, &url, value).await?;
                Ok(())
            }
            other => other.map(|_| ()),
        }
    }

    /// Creates `key` in the user's own data store (POST; 409 when it exists).
    pub async fn user_data_store_create(
        &self,
        namespace: &str,
        key: &str,
        value: &Value,
    ) -> Result<(), ApiError> {
        self.send_json(Method::Post, &self.user_key_url(namespace, key), value)
            .await?;
        Ok(())
    }

    /// Deletes `key` from the user's own data store.
    pub async fn user_data_store_delete(&self, namespace: &str, key: &str) -> Result<(), ApiError> {
        self.checked(HttpRequest::new(
            Method::Delete,
            self.user_key_url(namespace, key),
        ))
        .await?;
        Ok(())
    }

    fn user_namespace_url(&self, namespace: &str) -> String {
        self.api_url(&format!("userDataStore/{}", encode_component(namespace)))
    }

    fn user_key_url(&self, namespace: &str, key: &str) -> String {
        format!(
            "{}/{}",
            self.user_namespace_url(namespace),
            encode_component(key)
        )
    }

    fn namespace_url(&self, namespace: &str) -> String {
        self.api_url(&format!("dataStore/{}", encode_component(namespace)))
    }

    fn key_url(&self, namespace: &str, key: &str) -> String {
        format!(
            "{}/{}",
            self.namespace_url(namespace),
            encode_component(key)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Fake, json, run};
    use serde_json::json as value;

    const NS: &str = "aggregate-sync";

    #[test]
    fn namespaces_are_listed() {
        let server = Fake::new().on(
            Method::Get,
            "/api/dataStore",
            json(200, r#"["aggregate-sync","other"]"#),
        );
        let client = Dhis2Client::new(&server, "http://h");
        assert_eq!(
            run(client.data_store_namespaces()),
            Ok(vec!["aggregate-sync".to_string(), "other".to_string()])
        );
    }

    #[test]
    fn keys_of_a_missing_namespace_are_none_on_every_version() {
        // 2.36 wording and 2.41 wording (with E1005).
        for body in [
            r#"{"httpStatus":"Not Found","httpStatusCode":404,"status":"ERROR","message":"The namespace 'aggregate-sync' was not found."}"#,
            r#"{"httpStatus":"Not Found","httpStatusCode":404,"status":"ERROR","message":"Namespace not found: 'aggregate-sync'","errorCode":"E1005"}"#,
        ] {
            let server = Fake::new().on(
                Method::Get,
                "/api/dataStore/aggregate-sync",
                json(404, body),
            );
            let client = Dhis2Client::new(&server, "http://h");
            assert_eq!(run(client.data_store_keys(NS)), Ok(vec![]));
        }
        let server = Fake::new().on(
            Method::Get,
            "/api/dataStore/aggregate-sync",
            json(200, r#"["rule-a","rule-b"]"#),
        );
        let client = Dhis2Client::new(&server, "http://h");
        assert_eq!(
            run(client.data_store_keys(NS)).unwrap(),
            ["rule-a", "rule-b"]
        );
    }

    #[test]
    fn missing_keys_are_not_found_whatever_the_wording() {
        for body in [
            r#"{"httpStatus":"Not Found","httpStatusCode":404,"status":"ERROR","message":"The key 'k' was not found in the namespace 'aggregate-sync'."}"#,
            r#"{"httpStatus":"Not Found","httpStatusCode":404,"status":"ERROR","message":"Key 'k' not found in namespace 'aggregate-sync'","errorCode":"E1005"}"#,
        ] {
            let server = Fake::new().on(Method::Get, "/k", json(404, body));
            let client = Dhis2Client::new(&server, "http://h");
            assert!(
                run(client.data_store_get(NS, "k"))
                    .unwrap_err()
                    .is_not_found()
            );
        }
    }

    #[test]
    fn create_conflicts_and_keys_are_encoded() {
        let server = Fake::new().on(
            Method::Post,
            "/api/dataStore/aggregate-sync/rule%20%2F1",
            json(
                409,
                r#"{"httpStatus":"Conflict","httpStatusCode":409,"status":"ERROR","message":"Key 'rule /1' already exists in namespace 'aggregate-sync'","errorCode":"E1004"}"#,
            ),
        );
        let client = Dhis2Client::new(&server, "http://h");
        let error = run(client.data_store_create(NS, "rule /1", &value!({"a":1}))).unwrap_err();
        assert!(error.is_conflict());
        let request = server.last();
        assert_eq!(request.body.as_deref(), Some(&br#"{"a":1}"#[..]));
        assert_eq!(request.header("Content-Type"), Some("application/json"));
    }

    #[test]
    fn save_creates_where_put_does_not() {
        // 2.36: PUT on a missing key is 404; save falls back to POST.
        let server = Fake::new()
            .on(
                Method::Put,
                "/api/dataStore/aggregate-sync/k",
                json(404, r#"{"httpStatus":"Not Found","httpStatusCode":404,"status":"ERROR","message":"The key 'k' was not found in the namespace 'aggregate-sync'."}"#),
            )
            .on(
                Method::Post,
                "/api/dataStore/aggregate-sync/k",
                json(201, r#"{"httpStatus":"Created","httpStatusCode":201,"status":"OK","message":"Key 'k' created."}"#),
            );
        let client = Dhis2Client::new(&server, "http://h");
        run(client.data_store_save(NS, "k", &value!([1, 2]))).unwrap();
        let methods: Vec<Method> = server.requests.borrow().iter().map(|r| r.method).collect();
        assert_eq!(methods, [Method::Put, Method::Post]);
        // 2.41: PUT upserts with 201; no POST.
        let server = Fake::new().on(
            Method::Put,
            "/api/dataStore/aggregate-sync/k",
            json(201, r#"{"httpStatus":"Created","httpStatusCode":201,"status":"OK","message":"Key created: 'k'"}"#),
        );
        let client = Dhis2Client::new(&server, "http://h");
        run(client.data_store_save(NS, "k", &value!(1))).unwrap();
        assert_eq!(server.urls().len(), 1);
    }

    const META_241: &str = r#"{"id":"abcDEF12345","created":"2024-03-01T10:00:00.000",
        "lastUpdated":"2024-03-02T11:00:00.000","createdBy":{"id":"u1","username":"admin"},
        "lastUpdatedBy":{"id":"u2","username":"jane"},"namespace":"aggregate-sync","key":"k",
        "access":{"read":true,"update":true,"delete":true,"write":true,"manage":true}}"#;

    #[test]
    fn metadata_of_2_41_and_2_36() {
        let server = Fake::new().on(Method::Get, "/k/metaData", json(200, META_241));
        let client = Dhis2Client::new(&server, "http://h");
        let meta = run(client.data_store_meta(NS, "k")).unwrap();
        assert_eq!(
            meta.last_updated.as_deref(),
            Some("2024-03-02T11:00:00.000")
        );
        assert_eq!(meta.last_updated_by.as_deref(), Some("jane"));
        assert_eq!(meta.id.as_deref(), Some("abcDEF12345"));
        let server = Fake::new().on(
            Method::Get,
            "/k/metaData",
            json(200, r#"{"created":"2021-01-01T00:00:00.000","lastUpdated":"2021-01-02T00:00:00.000","user":{"id":"u1"}}"#),
        );
        let client = Dhis2Client::new(&server, "http://h");
        let meta = run(client.data_store_meta(NS, "k")).unwrap();
        assert_eq!((meta.namespace.as_str(), meta.key.as_str()), (NS, "k"));
        assert_eq!(meta.created_by.as_deref(), Some("u1"));
        assert_eq!(meta.last_updated_by, None);
    }

    #[test]
    fn checked_update_refuses_a_concurrent_edit() {
        let server = Fake::new()
            .on(Method::Get, "/k/metaData", json(200, META_241))
            .on(Method::Get, "/aggregate-sync/k", json(200, r#"{"name":"Rule"}"#))
            .on(Method::Put, "/aggregate-sync/k", json(200, r#"{"httpStatus":"OK","httpStatusCode":200,"status":"OK","message":"Key updated: 'k'"}"#));
        let client = Dhis2Client::new(&server, "http://h");
        let versioned = run(client.data_store_get_versioned(NS, "k")).unwrap();
        assert_eq!(versioned.value, value!({"name":"Rule"}));
        let saved = run(client.data_store_update_checked(
            NS,
            "k",
            &value!({"name":"Mine"}),
            versioned.meta.last_updated.as_deref(),
        ))
        .unwrap();
        assert_eq!(saved.last_updated, versioned.meta.last_updated);
        let error = run(client.data_store_update_checked(
            NS,
            "k",
            &value!({"name":"Mine"}),
            Some("2024-03-01T09:00:00.000"),
        ))
        .unwrap_err();
        assert_eq!(
            error,
            ApiError::EditConflict {
                last_updated: "2024-03-02T11:00:00.000".into(),
                last_updated_by: Some("jane".into())
            }
        );
        assert!(error.to_string().contains("jane"));
    }

    #[test]
    fn an_entry_is_shared_with_one_user_only() {
        let server = Fake::new().on(
            Method::Post,
            "/api/sharing?type=dataStore&id=abcDEF12345",
            json(200, r#"{"httpStatus":"OK","httpStatusCode":200,"status":"OK","message":"Access control set"}"#),
        );
        let client = Dhis2Client::new(&server, "http://h");
        run(client.data_store_share_with_user_only("abcDEF12345", "u1")).unwrap();
        let body: Value = serde_json::from_slice(server.last().body.as_deref().unwrap()).unwrap();
        assert_eq!(body["object"]["publicAccess"], "--------");
        assert_eq!(
            body["object"]["userAccesses"][0],
            value!({"id": "u1", "access": "rw------"})
        );
        let server = Fake::new().on(
            Method::Get,
            "/k/metaData",
            json(200, r#"{"id":"x","sharing":{"public":"--------"}}"#),
        );
        let client = Dhis2Client::new(&server, "http://h");
        let meta = run(client.data_store_meta(NS, "k")).unwrap();
        assert_eq!(meta.public_access.as_deref(), Some("--------"));
    }

    #[test]
    fn the_user_data_store_creates_where_put_does_not_and_reads_another_users_key() {
        let server = Fake::new()
            .on(
                Method::Put,
                "/api/userDataStore/aggregate-sync/k",
                json(404, r#"{"httpStatus":"Not Found","httpStatusCode":404,"status":"ERROR","message":"Key 'k' not found in namespace 'aggregate-sync'"}"#),
            )
            .on(
                Method::Post,
                "/api/userDataStore/aggregate-sync/k",
                json(201, r#"{"httpStatus":"Created","httpStatusCode":201,"status":"OK","message":"Key 'k' in namespace 'aggregate-sync' created."}"#),
            )
            .on(Method::Get, "/api/userDataStore/aggregate-sync/k?username=jane", json(200, "1"));
        let client = Dhis2Client::new(&server, "http://h");
        run(client.user_data_store_save(NS, "k", &value!(1))).unwrap();
        let methods: Vec<Method> = server.requests.borrow().iter().map(|r| r.method).collect();
        assert_eq!(methods, [Method::Put, Method::Post]);
        assert_eq!(
            run(client.user_data_store_get(NS, "k", Some("jane"))),
            Ok(value!(1))
        );
    }

    #[test]
    fn delete_sends_delete() {
        let server = Fake::new().on(
            Method::Delete,
            "/aggregate-sync/k",
            json(200, r#"{"httpStatus":"OK","httpStatusCode":200,"status":"OK","message":"Key 'k' deleted from namespace 'aggregate-sync'"}"#),
        );
        let client = Dhis2Client::new(&server, "http://h");
        run(client.data_store_delete(NS, "k")).unwrap();
        assert_eq!(server.last().method, Method::Delete);
    }

    #[test]
    fn entries_in_one_request_on_2_38_and_later() {
        let server = Fake::new().on(
            Method::Get,
            "/api/dataStore/aggregate-sync?fields=.&paging=false",
            json(
                200,
                r#"[{"key":"b","value":{"n":2}},{"key":"a","value":{"n":1}}]"#,
            ),
        );
        let client = Dhis2Client::new(&server, "http://h");
        let entries = run(client.data_store_entries(NS, &[])).unwrap();
        assert_eq!(
            entries[0],
            DataStoreEntry {
                key: "a".into(),
                value: value!({"n":1})
            }
        );
        assert_eq!(server.urls().len(), 1);
        // A field list gives objects of those fields.
        let server = Fake::new().on(
            Method::Get,
            "fields=name%2Cstatus",
            json(200, r#"[{"key":"r1","name":"Monthly","status":"SUCCESS"}]"#),
        );
        let client = Dhis2Client::new(&server, "http://h");
        let entries = run(client.data_store_entries(NS, &["name", "status"])).unwrap();
        assert_eq!(
            entries[0].value,
            value!({"name":"Monthly","status":"SUCCESS"})
        );
    }

    #[test]
    fn entries_fall_back_to_one_request_per_key_on_2_36() {
        // 2.36/2.37 ignore `fields` and list keys.
        let server = Fake::new()
            .on(
                Method::Get,
                "/api/dataStore/aggregate-sync?",
                json(200, r#"["b","a","gone"]"#),
            )
            .on(
                Method::Get,
                "/api/dataStore/aggregate-sync/a",
                json(200, "1"),
            )
            .on(
                Method::Get,
                "/api/dataStore/aggregate-sync/b",
                json(200, r#""two""#),
            );
        let client = Dhis2Client::new(&server, "http://h");
        let entries = run(client.data_store_entries(NS, &[])).unwrap();
        let keys: Vec<&str> = entries.iter().map(|entry| entry.key.as_str()).collect();
        assert_eq!(keys, ["a", "b"], "a key deleted meanwhile is skipped");
        assert_eq!(entries[1].value, value!("two"));
        // A server whose query API refuses the request is read key by key too.
        let server = Fake::new()
            .on(
                Method::Get,
                "/api/dataStore/aggregate-sync?",
                json(400, r#"{"httpStatus":"Bad Request","httpStatusCode":400,"status":"ERROR","message":"Unknown error when running the query"}"#),
            )
            .on(Method::Get, "/api/dataStore/aggregate-sync/a", json(200, "1"))
            .on(Method::Get, "/api/dataStore/aggregate-sync", json(200, r#"["a"]"#));
        let client = Dhis2Client::new(&server, "http://h");
        assert_eq!(run(client.data_store_entries(NS, &[])).unwrap().len(), 1);
        // No namespace yet: nothing.
        let server = Fake::new();
        let client = Dhis2Client::new(&server, "http://h");
        assert_eq!(run(client.data_store_entries(NS, &[])).unwrap(), vec![]);
    }

    #[test]
    fn entries_with_a_key_prefix() {
        // 2.38+: filtered on the server; a server ignoring the filter is filtered here.
        let server = Fake::new().on(
            Method::Get,
            "/api/dataStore/aggregate-sync?fields=.&paging=false&filter=_%3A%24like%3Arule-",
            json(
                200,
                r#"[{"key":"rule-b","value":{"n":2}},{"key":"report-x","value":{}},{"key":"rule-a","value":{"n":1}}]"#,
            ),
        );
        let client = Dhis2Client::new(&server, "http://h");
        let entries = run(client.data_store_entries_with_prefix(NS, "rule-", &[])).unwrap();
        let keys: Vec<&str> = entries.iter().map(|entry| entry.key.as_str()).collect();
        assert_eq!(keys, ["rule-a", "rule-b"]);
        assert_eq!(server.urls().len(), 1);
        // 2.36: only the matching keys are read.
        let server = Fake::new()
            .on(
                Method::Get,
                "/api/dataStore/aggregate-sync?",
                json(200, r#"["report-1","rule-a"]"#),
            )
            .on(
                Method::Get,
                "/api/dataStore/aggregate-sync/rule-a",
                json(200, "1"),
            );
        let client = Dhis2Client::new(&server, "http://h");
        let entries = run(client.data_store_entries_with_prefix(NS, "rule-", &[])).unwrap();
        assert_eq!(entries.len(), 1);
        assert!(server.urls().iter().all(|url| !url.contains("report-1")));
    }
}
