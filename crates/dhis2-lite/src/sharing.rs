//! Object sharing as DHIS2 stores it (`sharing: {public, owner, users, userGroups}`, or the older
//! `publicAccess` / `userAccesses`), and the data read / data write checks of data sets and
//! category options (reference §4.2 E2010/E2011, §5.5 E7601/E7614/E7616).
//!
//! An access string has 8 characters: metadata read/write, then data read/write (`rwrw----`).
//! Superusers (`ALL`) pass every check, as in DHIS2's `AclService`. An object without any sharing
//! information counts as `rwrw----` (the demo seed shares everything that way). User groups are
//! not modelled: dhis2-lite users belong to none.

use serde_json::Value;

use crate::users::User;

/// The sharing of one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sharing {
    /// Public access string.
    pub public: String,
    /// `(user UID, access string)` pairs.
    pub users: Vec<(String, String)>,
}

impl Default for Sharing {
    fn default() -> Self {
        Self {
            public: "rwrw----".into(),
            users: Vec::new(),
        }
    }
}

fn access_of(entry: &Value) -> Option<(String, String)> {
    let id = entry
        .get("id")
        .or_else(|| entry.get("userUid"))
        .and_then(Value::as_str)?;
    let access = entry.get("access").and_then(Value::as_str)?;
    Some((id.to_string(), access.to_string()))
}

impl Sharing {
    /// The sharing of a metadata object's JSON.
    pub fn of(json: &serde_json::Map<String, Value>) -> Self {
        if let Some(sharing) = json.get("sharing").and_then(Value::as_object) {
            let public = sharing
                .get("public")
                .and_then(Value::as_str)
                .unwrap_or("--------")
                .to_string();
            let users = sharing
                .get("users")
                .and_then(Value::as_object)
                .map(|users| {
                    users
                        .iter()
                        .filter_map(|(uid, entry)| {
                            let access = entry.get("access").and_then(Value::as_str)?;
                            Some((uid.clone(), access.to_string()))
                        })
                        .collect()
                })
                .unwrap_or_default();
            return Self { public, users };
        }
        if let Some(public) = json.get("publicAccess").and_then(Value::as_str) {
            let users = json
                .get("userAccesses")
                .and_then(Value::as_array)
                .map(|entries| entries.iter().filter_map(access_of).collect())
                .unwrap_or_default();
            return Self {
                public: public.to_string(),
                users,
            };
        }
        Self::default()
    }

    fn grants(&self, user: &User, position: usize, letter: u8) -> bool {
        let allows = |access: &str| access.as_bytes().get(position) == Some(&letter);
        user.is_superuser()
            || allows(&self.public)
            || self
                .users
                .iter()
                .any(|(uid, access)| uid == &user.uid && allows(access))
    }

    /// Whether `user` may read data of the object.
    pub fn can_data_read(&self, user: &User) -> bool {
        // Data write implies data read in DHIS2's access strings (`--rw----`, `----rw--` is not valid).
        self.grants(user, 2, b'r') || self.grants(user, 3, b'w')
    }

    /// Whether `user` may write data of the object.
    pub fn can_data_write(&self, user: &User) -> bool {
        self.grants(user, 3, b'w')
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn user(uid: &str, authorities: &[&str]) -> User {
        User {
            uid: uid.into(),
            username: uid.into(),
            first_name: String::new(),
            surname: String::new(),
            email: None,
            authorities: authorities.iter().map(|item| item.to_string()).collect(),
            user_role: (String::new(), String::new()),
            organisation_units: Vec::new(),
            data_view_organisation_units: Vec::new(),
            disabled: false,
        }
    }

    #[test]
    fn access_strings_public_users_and_superusers() {
        let object = json!({"sharing": {"public": "rw------", "users": {"u1": {"id": "u1", "access": "r-rw----"}}}});
        let sharing = Sharing::of(object.as_object().unwrap());
        assert!(!sharing.can_data_read(&user("u2", &["F_DATAVALUE_ADD"])));
        assert!(sharing.can_data_write(&user("u1", &[])));
        assert!(sharing.can_data_write(&user("u2", &["ALL"])));
        let legacy = json!({"publicAccess": "r-r-----", "userAccesses": []});
        let sharing = Sharing::of(legacy.as_object().unwrap());
        assert!(sharing.can_data_read(&user("u2", &[])));
        assert!(!sharing.can_data_write(&user("u2", &[])));
        assert!(Sharing::of(json!({}).as_object().unwrap()).can_data_write(&user("u2", &[])));
    }
}
