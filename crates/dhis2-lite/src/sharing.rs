//! Object sharing as DHIS2 stores it (`sharing: {public, owner, users, userGroups}`, or the older
//! `publicAccess` / `userAccesses` / `userGroupAccesses`), the metadata read check (who may run a
//! route, reference §11.1) and the data read / data write checks of data sets and category
//! options (reference §4.2 E2010/E2011, §5.5 E7601/E7614/E7616).
//!
//! An access string has 8 characters: metadata read/write, then data read/write (`rwrw----`).
//! Superusers (`ALL`) pass every check, as in DHIS2's `AclService`, and so does the owner for
//! metadata. An object without any sharing information counts as `rwrw----` (the demo seed
//! shares everything that way). A user's groups are those of its account (`User::user_groups`).

use serde_json::Value;

use crate::users::User;

/// The sharing of one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sharing {
    /// Public access string.
    pub public: String,
    /// UID of the owner, when known.
    pub owner: Option<String>,
    /// `(user UID, access string)` pairs.
    pub users: Vec<(String, String)>,
    /// `(user group UID, access string)` pairs.
    pub user_groups: Vec<(String, String)>,
}

impl Default for Sharing {
    fn default() -> Self {
        Self {
            public: "rwrw----".into(),
            owner: None,
            users: Vec::new(),
            user_groups: Vec::new(),
        }
    }
}

fn access_of(entry: &Value) -> Option<(String, String)> {
    let id = entry
        .get("id")
        .or_else(|| entry.get("userUid"))
        .or_else(|| entry.get("userGroupUid"))
        .and_then(Value::as_str)?;
    let access = entry.get("access").and_then(Value::as_str)?;
    Some((id.to_string(), access.to_string()))
}

/// `{uid: {access}}` entries of the object sharing form.
fn keyed_accesses(entries: Option<&Value>) -> Vec<(String, String)> {
    entries
        .and_then(Value::as_object)
        .map(|entries| {
            entries
                .iter()
                .filter_map(|(uid, entry)| {
                    let access = entry.get("access").and_then(Value::as_str)?;
                    Some((uid.clone(), access.to_string()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `[{id, access}]` entries of the older sharing form.
fn listed_accesses(entries: Option<&Value>) -> Vec<(String, String)> {
    entries
        .and_then(Value::as_array)
        .map(|entries| entries.iter().filter_map(access_of).collect())
        .unwrap_or_default()
}

impl Sharing {
    /// The sharing of a metadata object's JSON.
    pub fn of(json: &serde_json::Map<String, Value>) -> Self {
        if let Some(sharing) = json.get("sharing").and_then(Value::as_object) {
            return Self {
                public: sharing
                    .get("public")
                    .and_then(Value::as_str)
                    .unwrap_or("--------")
                    .to_string(),
                owner: sharing
                    .get("owner")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                users: keyed_accesses(sharing.get("users")),
                user_groups: keyed_accesses(sharing.get("userGroups")),
            };
        }
        if let Some(public) = json.get("publicAccess").and_then(Value::as_str) {
            return Self {
                public: public.to_string(),
                owner: json
                    .get("user")
                    .and_then(|user| user.get("id"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
                users: listed_accesses(json.get("userAccesses")),
                user_groups: listed_accesses(json.get("userGroupAccesses")),
            };
        }
        Self::default()
    }

    /// The object form (`{owner, external, public, users, userGroups}`) of this sharing.
    pub fn to_json(&self) -> Value {
        let entries = |accesses: &[(String, String)]| {
            accesses
                .iter()
                .map(|(id, access)| (id.clone(), serde_json::json!({"id": id, "access": access})))
                .collect::<serde_json::Map<String, Value>>()
        };
        let mut object = serde_json::json!({
            "external": false,
            "public": self.public,
            "users": entries(&self.users),
            "userGroups": entries(&self.user_groups),
        });
        if let (Some(owner), Some(map)) = (&self.owner, object.as_object_mut()) {
            map.insert("owner".into(), Value::String(owner.clone()));
        }
        object
    }

    /// Whether `user` may read the object's metadata (for a route: run it, reference §11.1):
    /// superusers, the owner, and whoever public, user or user group access gives `r`.
    pub fn can_read(&self, user: &User) -> bool {
        self.owner.as_deref() == Some(user.uid.as_str()) || self.grants(user, 0, b'r')
    }

    fn grants(&self, user: &User, position: usize, letter: u8) -> bool {
        let allows = |access: &str| access.as_bytes().get(position) == Some(&letter);
        user.is_superuser()
            || allows(&self.public)
            || self
                .users
                .iter()
                .any(|(uid, access)| uid == &user.uid && allows(access))
            || self
                .user_groups
                .iter()
                .any(|(group, access)| user.in_group(group) && allows(access))
    }

    /// Whether `user` may change the object (metadata write): superusers, the owner, and
    /// whoever public, user or user group access gives `w`. DHIS2 lets the same users change its
    /// sharing.
    pub fn can_write(&self, user: &User) -> bool {
        self.owner.as_deref() == Some(user.uid.as_str()) || self.grants(user, 1, b'w')
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
            user_groups: Vec::new(),
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

    #[test]
    fn metadata_read_comes_from_the_owner_public_users_and_user_groups() {
        let object = json!({"sharing": {"owner": "own", "public": "--------",
            "users": {"u1": {"id": "u1", "access": "r-------"}},
            "userGroups": {"g1": {"id": "g1", "access": "r-------"}}}});
        let sharing = Sharing::of(object.as_object().unwrap());
        assert!(sharing.can_read(&user("own", &[])));
        assert!(sharing.can_read(&user("u1", &[])));
        assert!(sharing.can_read(&user("u9", &["ALL"])));
        assert!(!sharing.can_read(&user("u2", &["M_aggregatesync"])));
        assert!(sharing.can_write(&user("own", &[])));
        assert!(!sharing.can_write(&user("u1", &[])));
        let mut member = user("u3", &[]);
        member.user_groups = vec![("g1".into(), "Group".into())];
        assert!(sharing.can_read(&member));
        member.user_groups = vec![("g2".into(), "Other".into())];
        assert!(!sharing.can_read(&member));
        let public = json!({"sharing": {"owner": "own", "public": "rw------"}});
        assert!(Sharing::of(public.as_object().unwrap()).can_read(&user("u2", &[])));
        let round_trip = Sharing::of(
            sharing
                .to_json()
                .as_object()
                .map(|sharing| {
                    let mut object = serde_json::Map::new();
                    object.insert("sharing".into(), Value::Object(sharing.clone()));
                    object
                })
                .as_ref()
                .unwrap(),
        );
        assert_eq!(round_trip, sharing);
    }
}
