//! URL normalisation as DHIS2 does it before routing: `/api/NN/x.json` is `/api/x`, with the API
//! version and the format suffix remembered. The router and the fault rules (which match
//! normalised paths) share it. Also the sub-path of a route call (`/api/routes/{id}/run/<sub>`),
//! decoded and resolved so that it cannot leave the route's URL.
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

/// Why a route's sub-path was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the path {0:?} leaves the route's URL")]
pub struct EscapingPath(pub String);

/// The sub-path of a route call as it goes to the target, from the raw (percent-encoded) path
/// after `/run/`: percent-decoded once (so `%2F` and `%5C` separate segments like `/`, and
/// `%2e%2e` is `..`), `.` and empty segments dropped, `..` resolved, every segment encoded again.
/// A path that climbs above the route's URL is refused: appended to `<base>/api/` it would
/// reach `<base>/` or another host's path once the target URL is normalised.
pub fn route_sub_path(raw: &str) -> Result<String, EscapingPath> {
    let decoded = percent_decode(raw);
    let mut segments: Vec<&[u8]> = Vec::new();
    for segment in decoded.split(|byte| *byte == b'/' || *byte == b'\\') {
        match segment {
            b"" | b"." => {}
            b".." => {
                if segments.pop().is_none() {
                    return Err(EscapingPath(raw.to_string()));
                }
            }
            other => segments.push(other),
        }
    }
    let mut path = segments
        .iter()
        .map(|segment| percent_encode(segment))
        .collect::<Vec<_>>()
        .join("/");
    if !path.is_empty() && raw.ends_with('/') {
        path.push('/');
    }
    Ok(path)
}

/// `%XX` sequences decoded; a `%` not followed by two hex digits stays as it is.
fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = |byte: u8| (byte as char).to_digit(16);
        if bytes[index] == b'%'
            && let (Some(high), Some(low)) = (
                bytes.get(index + 1).copied().and_then(hex),
                bytes.get(index + 2).copied().and_then(hex),
            )
        {
            decoded.push((high * 16 + low) as u8);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    decoded
}

/// A path segment encoded for a URL: unreserved characters and `!$&'()*+,;=:@` as they are,
/// every other byte as `%XX` (so no segment can read as `..` or hold a separator again).
fn percent_encode(segment: &[u8]) -> String {
    let mut encoded = String::with_capacity(segment.len());
    for byte in segment {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(byte) {
            encoded.push(*byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_sub_paths_are_decoded_resolved_and_encoded_again() {
        assert_eq!(route_sub_path("system/info").unwrap(), "system/info");
        assert_eq!(
            route_sub_path("dataStore/aggregate-sync/rule%20one").unwrap(),
            "dataStore/aggregate-sync/rule%20one"
        );
        assert_eq!(route_sub_path("a/./b//c/").unwrap(), "a/b/c/");
        assert_eq!(route_sub_path("a/../b").unwrap(), "b");
        assert_eq!(route_sub_path("a/%2e%2e/b").unwrap(), "b");
        assert_eq!(route_sub_path("a%2F..%2Fb").unwrap(), "b");
        // Decoded once only: a double-encoded dot stays a literal `%2e` in the target.
        assert_eq!(route_sub_path("%252e%252e/x").unwrap(), "%252e%252e/x");
        assert_eq!(route_sub_path("").unwrap(), "");
    }

    #[test]
    fn a_route_sub_path_climbing_above_the_route_is_refused() {
        for raw in [
            "..",
            "../me",
            "..%2Fme",
            "..%2fme",
            "%2e%2e/me",
            "%2E%2E%2Fme",
            "a/../../me",
            "a%2F..%2F..%2Fme",
            "..%5Cme",
            "./../x",
        ] {
            assert_eq!(
                route_sub_path(raw),
                Err(EscapingPath(raw.to_string())),
                "{raw}"
            );
        }
    }
}
