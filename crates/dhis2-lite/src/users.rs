//! Users: storage, password hashing and the seeded accounts.
//!
//! Passwords are stored as salted SHA-256 hashes, never in plain text. This module knows nothing
//! about sessions or HTTP.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::uid::random_uid;

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

    /// Data view org units, falling back to capture org units.
    pub fn view_org_units(&self) -> &[String] {
        if self.data_view_organisation_units.is_empty() {
            &self.organisation_units
        } else {
            &self.data_view_organisation_units
        }
    }
}

/// Salted SHA-256 of a password, hex encoded.
pub fn hash_password(salt: &str, password: &str) -> String {
    let digest = Sha256::digest(format!("{salt}:{password}").as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Stores a new user with `password`.
pub fn insert_user(connection: &Connection, user: &User, password: &str) -> rusqlite::Result<()> {
    let salt = random_uid();
    let json = serde_json::to_string(user).unwrap_or_default();
    connection.execute(
        "INSERT INTO app_user (uid, username, password_salt, password_hash, json) VALUES (?1, ?2, ?3, ?4, ?5)",
        rusqlite::params![user.uid, user.username, salt, hash_password(&salt, password), json],
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

/// The user named `username` if `password` is right and the account is enabled.
pub fn verify_password(
    connection: &Connection,
    username: &str,
    password: &str,
) -> rusqlite::Result<Option<User>> {
    let row: Option<(String, String, String)> = connection
        .query_row(
            "SELECT password_salt, password_hash, json FROM app_user WHERE username = ?1",
            [username],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    Ok(row.and_then(|(salt, hash, json)| {
        (hash_password(&salt, password) == hash)
            .then(|| parse_user(&json))
            .flatten()
            .filter(|user| !user.disabled)
    }))
}

/// The seeded accounts: `admin` (ALL), `dataentry` (one district), `noapp` (no app authority).
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
    };
    insert_user(connection, &no_app, "District1!")?;
    Ok(())
}
