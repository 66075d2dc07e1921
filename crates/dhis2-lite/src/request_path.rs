//! URL normalisation as DHIS2 does it before routing: `/api/NN/x.json` is `/api/x`, with the API
//! version and the format suffix remembered. The router and the fault rules (which match
//! normalised paths) share it.
//!
//! It must not route or answer requests.

/// Response format requested by suffix, `format` or `Accept`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON (the default).
    Json,
    /// CSV.
    Csv,
    /// XML (not supported by dhis2-lite; answered 406 where it matters).
    Xml,
}

/// What URL normalisation learned about the request.
#[derive(Debug, Clone)]
pub struct RequestInfo {
    /// API version segment of the path (`/api/40/…` → 40).
    pub api_version: Option<u8>,
    /// Format from the path suffix.
    pub suffix_format: Option<Format>,
    /// The suffix as written (e.g. `.json`), for pager links.
    pub suffix: String,
}

fn is_app_path(path: &str) -> bool {
    path.starts_with("/api/apps/") && path["/api/apps/".len()..].contains('/')
}

/// The path as the router sees it: `/api/NN/x.json` becomes `/api/x`, with what was removed.
///
/// Suffixes are kept under app, dataStore, userDataStore and route paths, where they belong to
/// the key or the file name.
pub fn normalised_path(path: &str) -> (String, RequestInfo) {
    let mut normalised = path.to_string();
    let mut info = RequestInfo {
        api_version: None,
        suffix_format: None,
        suffix: String::new(),
    };
    if let Some(rest) = path.strip_prefix("/api/") {
        let segment: String = rest
            .chars()
            .take_while(|character| *character != '/')
            .collect();
        if segment.len() == 2
            && segment.bytes().all(|byte| byte.is_ascii_digit())
            && let Ok(version) = segment.parse::<u8>()
        {
            info.api_version = Some(version);
            normalised = format!("/api{}", &rest[2..]);
            if normalised == "/api" {
                normalised = "/api/".into();
            }
        }
        if !is_app_path(&normalised)
            && !normalised.starts_with("/api/dataStore/")
            && !normalised.starts_with("/api/userDataStore/")
            && !normalised.starts_with("/api/routes/")
        {
            for (suffix, format) in [
                (".json", Format::Json),
                (".csv", Format::Csv),
                (".xml", Format::Xml),
            ] {
                if let Some(stripped) = normalised.strip_suffix(suffix) {
                    normalised = stripped.to_string();
                    info.suffix_format = Some(format);
                    info.suffix = suffix.to_string();
                    break;
                }
            }
        }
    }
    (normalised, info)
}
