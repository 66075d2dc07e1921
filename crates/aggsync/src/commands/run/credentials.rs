//! Where `aggsync run` gets its secrets: the runner's own credentials on the instance (a
//! personal access token from `--token-file` or `AGGSYNC_TOKEN`, or Basic with `--user` and
//! `AGGSYNC_PASSWORD`) and the secrets of direct destinations (`--destination-secrets`, a JSON
//! file keyed by destination id). Never a secret on the command line, where `ps` and shell
//! histories show it; a file that group or others may read is refused.
//!
//! Nothing here prints a secret: [`Auth`]'s `Debug` is redacted, and errors name files, never
//! their contents.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use dhis2_api::Auth;
use serde::Deserialize;

/// The environment variable holding the runner's personal access token.
pub const TOKEN_VARIABLE: &str = "AGGSYNC_TOKEN";
/// The environment variable holding the runner's password (with `--user`).
pub const PASSWORD_VARIABLE: &str = "AGGSYNC_PASSWORD";
/// The environment variable that may hold the destination secrets' JSON instead of a file (a
/// container's secret is easier to pass this way than as a file private to the runner's user).
pub const DESTINATION_SECRETS_VARIABLE: &str = "AGGSYNC_DESTINATION_SECRETS";

/// Reads a secret file: refused when group or others may read it (on Unix), trimmed, not empty.
pub fn read_private_file(path: &Path) -> Result<String> {
    check_private(path)?;
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(text)
}

#[cfg(unix)]
fn check_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let metadata =
        std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mode = metadata.permissions().mode();
    if mode & 0o077 != 0 {
        bail!(
            "{} may be read by group or others (mode {:o}): it holds a secret, so it must be \
             private to its owner (chmod 600 {})",
            path.display(),
            mode & 0o777,
            path.display()
        );
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path) -> Result<()> {
    Ok(())
}

/// The runner's credentials on the instance: `--token-file`, else `AGGSYNC_TOKEN`, else Basic
/// with `--user` and `AGGSYNC_PASSWORD`. `environment` reads a variable (the process's in
/// `main`; a map in tests).
pub fn instance_auth(
    token_file: Option<&Path>,
    user: Option<&str>,
    environment: &dyn Fn(&str) -> Option<String>,
) -> Result<Auth> {
    let present = |value: Option<String>| value.filter(|text| !text.trim().is_empty());
    if let Some(path) = token_file {
        if user.is_some() {
            bail!("give either --token-file or --user, not both");
        }
        let token = read_private_file(path)?;
        let token = token.trim();
        if token.is_empty() {
            bail!(
                "{} is empty: it must hold a personal access token",
                path.display()
            );
        }
        return Ok(Auth::ApiToken(token.to_string()));
    }
    if let Some(username) = user {
        let Some(password) = present(environment(PASSWORD_VARIABLE)) else {
            bail!(
                "--user {username} needs the password in the environment variable \
                 {PASSWORD_VARIABLE} (never on the command line)"
            );
        };
        return Ok(Auth::Basic {
            username: username.to_string(),
            password,
        });
    }
    if let Some(token) = present(environment(TOKEN_VARIABLE)) {
        return Ok(Auth::ApiToken(token.trim().to_string()));
    }
    bail!(
        "no credentials for the instance: give --token-file FILE (a personal access token), set \
         {TOKEN_VARIABLE}, or give --user NAME with the password in {PASSWORD_VARIABLE}"
    )
}

/// One destination's secret as the file gives it.
#[derive(Deserialize)]
#[serde(untagged, deny_unknown_fields)]
enum SecretEntry {
    Token { token: String },
    Basic { username: String, password: String },
}

/// The secrets of direct destinations, by destination id.
#[derive(Default)]
pub struct DestinationSecrets {
    by_id: BTreeMap<String, Auth>,
}

impl DestinationSecrets {
    /// Reads `{"<destinationId>": {"token": "…"} | {"username": "…", "password": "…"}}` from a
    /// private file.
    pub fn read(path: &Path) -> Result<DestinationSecrets> {
        let text = read_private_file(path)?;
        DestinationSecrets::parse(&text).with_context(|| format!("{}", path.display()))
    }

    /// The secrets from `--destination-secrets FILE`, else from `AGGSYNC_DESTINATION_SECRETS`,
    /// else none.
    pub fn from_file_or_environment(
        path: Option<&Path>,
        environment: &dyn Fn(&str) -> Option<String>,
    ) -> Result<DestinationSecrets> {
        if let Some(path) = path {
            return DestinationSecrets::read(path);
        }
        match environment(DESTINATION_SECRETS_VARIABLE).filter(|text| !text.trim().is_empty()) {
            Some(text) => DestinationSecrets::parse(&text)
                .with_context(|| DESTINATION_SECRETS_VARIABLE.to_string()),
            None => Ok(DestinationSecrets::default()),
        }
    }

    /// Reads the file's text.
    pub fn parse(text: &str) -> Result<DestinationSecrets> {
        let entries: BTreeMap<String, serde_json::Value> =
            serde_json::from_str(text).map_err(|error| {
                anyhow::anyhow!(
                    "not a JSON object of destination ids (line {})",
                    error.line()
                )
            })?;
        let mut by_id = BTreeMap::new();
        for (id, value) in entries {
            let entry: SecretEntry = serde_json::from_value(value).map_err(|_| {
                anyhow::anyhow!(
                    "the secret of destination {id} must be {{\"token\": \"…\"}} or \
                     {{\"username\": \"…\", \"password\": \"…\"}}"
                )
            })?;
            let auth = match entry {
                SecretEntry::Token { token } => Auth::ApiToken(token),
                SecretEntry::Basic { username, password } => Auth::Basic { username, password },
            };
            by_id.insert(id, auth);
        }
        Ok(DestinationSecrets { by_id })
    }

    /// The secret of destination `id`.
    pub fn get(&self, id: &str) -> Option<&Auth> {
        self.by_id.get(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_environment(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn the_token_comes_from_the_environment_and_basic_needs_the_password_there() {
        let environment = |name: &str| (name == TOKEN_VARIABLE).then(|| " d2p_abc \n".to_string());
        assert_eq!(
            instance_auth(None, None, &environment).expect("auth"),
            Auth::ApiToken("d2p_abc".into())
        );
        let error = instance_auth(None, Some("admin"), &no_environment).expect_err("no password");
        assert!(error.to_string().contains(PASSWORD_VARIABLE), "{error}");
        let environment = |name: &str| (name == PASSWORD_VARIABLE).then(|| "district".to_string());
        assert_eq!(
            instance_auth(None, Some("admin"), &environment).expect("auth"),
            Auth::Basic {
                username: "admin".into(),
                password: "district".into()
            }
        );
        assert!(instance_auth(None, None, &no_environment).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_secret_file_others_may_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("token");
        std::fs::write(&path, "d2p_abc\n").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let error = instance_auth(Some(&path), None, &no_environment).expect_err("refused");
        assert!(error.to_string().contains("chmod 600"), "{error}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        assert_eq!(
            instance_auth(Some(&path), None, &no_environment).expect("auth"),
            Auth::ApiToken("d2p_abc".into())
        );
    }

    #[test]
    fn destination_secrets_are_a_token_or_a_user_and_password() {
        let secrets = DestinationSecrets::parse(
            r#"{"dEst0000001": {"token": "d2p_x"},
                "dEst0000002": {"username": "sync", "password": "pw"}}"#,
        )
        .expect("secrets");
        assert_eq!(
            secrets.get("dEst0000001"),
            Some(&Auth::ApiToken("d2p_x".into()))
        );
        assert!(matches!(
            secrets.get("dEst0000002"),
            Some(Auth::Basic { .. })
        ));
        assert!(secrets.get("other").is_none());
        let error = DestinationSecrets::parse(r#"{"dEst0000001": {"pat": "x"}}"#)
            .err()
            .expect("refused");
        assert!(error.to_string().contains("dEst0000001"), "{error}");
        // The message of a file that is not JSON never quotes it.
        let error = DestinationSecrets::parse("token=secret")
            .err()
            .expect("refused");
        assert!(!error.to_string().contains("secret"), "{error}");
    }
}
