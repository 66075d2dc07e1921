//! Users: storage, checking passwords and the seeded accounts.
//!
//! Passwords are stored as Argon2id PHC strings (`crate::passwords`), never in plain text; the
//! slow hash runs outside the database lock. This module knows nothing about sessions or HTTP.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::passwords::{self, Verdict};

/// UID of the seeded `admin` user (also the owner of the seeded metadata).
pub const ADMIN_USER_UID: &str = "M5zQapPyTZI";

/// A stored user account.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// UID.
    pub uid: String,
    /// Login name.
    pub username: String,
    /// First name.
    pub first_name: String,
    /// Surname.
    pub surname: String,
    /// E-mail address.
    pub email: Option<String>,
    /// Authorities granted through the user's roles.
    pub authorities: Vec<String>,
    /// Role UID and name.
    pub user_role: (String, String),
    /// Data capture org unit UIDs.
    pub organisation_units: Vec<String>,
    /// Data view org unit UIDs.
    pub data_view_organisation_units: Vec<String>,
    /// Disabled accounts cannot log in.
    pub disabled: bool,
    /// User groups the user belongs to: UID and name.
    #[serde(default)]
    pub user_groups: Vec<(String, String)>,
}

impl User {
    /// Whether the user holds `ALL`.
    pub fn is_superuser(&self) -> bool {
        self.authorities.iter().any(|authority| authority == "ALL")
    }

    /// Whether the user holds `authority` (or `ALL`).
    pub fn has_authority(&self, authority: &str) -> bool {
        self.is_superuser() || self.authorities.iter().any(|held| held == authority)
    }

    /// `first_name surname`.
    pub fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.surname)
    }

    /// Whether the user belongs to the user group `uid`.
    pub fn in_group(&self, uid: &str) -> bool {
        self.user_groups.iter().any(|(group, _)| group == uid)
    }

    /// Data view org units, falling back to capture org units.
    pub fn view_org_units(&self) -> &[String] {
        if self.data_view_organisation_units.is_empty() {
            &self.organisation_units
        } else {
            &self.data_view_organisation_units
        }
    }
}

/// Stores a new user with `password` (hashed with Argon2id).
pub fn insert_user(connection: &Connection, user: &User, password: &str) -> rusqlite::Result<()> {
    let json = serde_json::to_string(user).unwrap_or_default();
    connection.execute(
        "INSERT INTO app_user (uid, username, password_salt, password_hash, json) VALUES (?1, ?2, '', ?3, ?4)",
        rusqlite::params![user.uid, user.username, passwords::hash_password(password), json],
    )?;
    Ok(())
}

fn parse_user(json: &str) -> Option<User> {
    serde_json::from_str(json).ok()
}

/// The user named `username` (case-sensitive, as DHIS2 by default).
pub fn find_user(connection: &Connection, username: &str) -> rusqlite::Result<Option<User>> {
    let json: Option<String> = connection
        .query_row(
            "SELECT json FROM app_user WHERE username = ?1",
            [username],
            |row| row.get(0),
        )
        .optional()?;
    Ok(json.as_deref().and_then(parse_user))
}

/// The user with `uid`.
pub fn find_user_by_uid(connection: &Connection, uid: &str) -> rusqlite::Result<Option<User>> {
    let json: Option<String> = connection
        .query_row("SELECT json FROM app_user WHERE uid = ?1", [uid], |row| {
            row.get(0)
        })
        .optional()?;
    Ok(json.as_deref().and_then(parse_user))
}

/// Every user.
pub fn all_users(connection: &Connection) -> rusqlite::Result<Vec<User>> {
    let mut statement = connection.prepare("SELECT json FROM app_user ORDER BY username")?;
    let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
    let mut users = Vec::new();
    for json in rows {
        if let Some(user) = parse_user(&json?) {
            users.push(user);
        }
    }
    Ok(users)
}

/// What is stored to check a user's password, read under the database lock and checked
/// without it ([`StoredLogin::check`]).
#[derive(Debug, Clone)]
pub struct StoredLogin {
    /// Login name.
    pub username: String,
    /// Argon2 PHC string (or a legacy SHA-256).
    hash: String,
    /// Legacy SHA-256 salt; empty for Argon2.
    legacy_salt: String,
    json: String,
}

/// The stored login of `username`, if the user exists.
pub fn stored_login(
    connection: &Connection,
    username: &str,
) -> rusqlite::Result<Option<StoredLogin>> {
    connection
        .query_row(
            "SELECT password_salt, password_hash, json FROM app_user WHERE username = ?1",
            [username],
            |row| {
                Ok(StoredLogin {
                    username: username.to_string(),
                    legacy_salt: row.get(0)?,
                    hash: row.get(1)?,
                    json: row.get(2)?,
                })
            },
        )
        .optional()
}

/// The outcome of checking a password.
#[derive(Debug, Clone)]
pub enum LoginCheck {
    /// Right password, enabled account.
    Valid(User),
    /// Right password, enabled account, and the stored hash is a legacy SHA-256: store
    /// [`upgrade_password`] before going on.
    ValidNeedsRehash(User),
    /// Unknown user, wrong password or disabled account.
    Invalid,
}

impl StoredLogin {
    /// Checks `password` (the slow part; call it without holding the database lock).
    pub fn check(&self, password: &str) -> LoginCheck {
        let verdict = passwords::verify(&self.hash, &self.legacy_salt, password);
        let user = match verdict {
            Verdict::Wrong => return LoginCheck::Invalid,
            Verdict::Right | Verdict::RightNeedsRehash => {
                match parse_user(&self.json).filter(|user| !user.disabled) {
                    Some(user) => user,
                    None => return LoginCheck::Invalid,
                }
            }
        };
        if verdict == Verdict::RightNeedsRehash {
            LoginCheck::ValidNeedsRehash(user)
        } else {
            LoginCheck::Valid(user)
        }
    }
}

/// Replaces a legacy hash of `username`'s password with an Argon2 one of `password` (known right).
pub fn upgrade_password(
    connection: &Connection,
    username: &str,
    password: &str,
) -> rusqlite::Result<()> {
    connection.execute(
        "UPDATE app_user SET password_salt = '', password_hash = ?2 WHERE username = ?1",
        rusqlite::params![username, passwords::hash_password(password)],
    )?;
    Ok(())
}

/// Spends the time of a password check for a user name that does not exist.
pub fn check_unknown_user(password: &str) {
    passwords::verify_nobody(password);
}

/// UID of the seeded user group "Sync operators" (`dataentry` belongs to it).
pub const SYNC_OPERATORS_GROUP_UID: &str = "Syn0pGroup1";

/// UID of the seeded user group "System administrators" (`admin` belongs to it).
pub const ADMINISTRATORS_GROUP_UID: &str = "AdminGroup1";

/// The seeded accounts: `admin` (ALL, group "System administrators"), `dataentry` (one district,
/// group "Sync operators"), `noapp` (no app authority, no group).
pub fn seed_users(
    connection: &Connection,
    root_org_unit: &str,
    data_entry_district: &str,
) -> rusqlite::Result<()> {
    let admin = User {
        uid: ADMIN_USER_UID.to_string(),
        username: "admin".into(),
        first_name: "John".into(),
        surname: "Traore".into(),
        email: Some("admin@mambara.example".into()),
        authorities: vec!["ALL".into()],
        user_role: ("yrB6vc5Ip3r".into(), "Superuser".into()),
        organisation_units: vec![root_org_unit.to_string()],
        data_view_organisation_units: vec![root_org_unit.to_string()],
        disabled: false,
        user_groups: vec![(
            ADMINISTRATORS_GROUP_UID.into(),
            "System administrators".into(),
        )],
    };
    insert_user(connection, &admin, "district")?;
    let data_entry = User {
        uid: "DXyJmlo9rge".into(),
        username: "dataentry".into(),
        first_name: "Fatmata".into(),
        surname: "Sesay".into(),
        email: Some("dataentry@mambara.example".into()),
        authorities: vec![
            "F_DATAVALUE_ADD".into(),
            "F_DATAVALUE_DELETE".into(),
            "M_aggregatesync".into(),
            "M_dhis-web-dataentry".into(),
        ],
        user_role: ("Euq3XfEIEbx".into(), "Data entry clerk".into()),
        organisation_units: vec![data_entry_district.to_string()],
        data_view_organisation_units: vec![data_entry_district.to_string()],
        disabled: false,
        user_groups: vec![(SYNC_OPERATORS_GROUP_UID.into(), "Sync operators".into())],
    };
    insert_user(connection, &data_entry, "District1!")?;
    let no_app = User {
        uid: "N0appUser01".into(),
        username: "noapp".into(),
        first_name: "Abu".into(),
        surname: "Kamara".into(),
        email: None,
        authorities: vec!["F_DATAVALUE_ADD".into(), "M_dhis-web-dataentry".into()],
        user_role: ("Rz4xdl0SxXr".into(), "Data entry without sync".into()),
        organisation_units: vec![root_org_unit.to_string()],
        data_view_organisation_units: vec![root_org_unit.to_string()],
        disabled: false,
        user_groups: Vec::new(),
    };
    insert_user(connection, &no_app, "District1!")?;
    Ok(())
}
