//! Finding the DHIS2 instance's base URL from inside an installed app, as DHIS2 apps do.
//!
//! Order: the `dhis2-base-url` meta tag when the server substituted `__DHIS2_BASE_URL__`
//! (2.39.10+, 2.40.8+, 2.41+); else `activities.dhis.href` of the served `manifest.webapp` when
//! the server rewrote `"*"` to an absolute URL; else the page location cut at `/api/apps/`.
//! The caller gathers the three inputs (DOM, fetch); this module only decides.

/// Where the base URL came from, for diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaseUrlSource {
    /// The `dhis2-base-url` meta tag.
    MetaTag,
    /// `manifest.webapp`'s `activities.dhis.href`.
    Manifest,
    /// The page location, cut at `/api/apps/`.
    Location,
}

/// The base URL from the meta tag content, if the server substituted the placeholder.
pub fn from_meta_tag(content: &str) -> Option<String> {
    let content = content.trim();
    if content.is_empty() || content.contains("__DHIS2_BASE_URL__") {
        return None;
    }
    Some(content.trim_end_matches('/').to_string())
}

/// The base URL from the served manifest's `activities.dhis.href`, if it is absolute.
pub fn from_manifest_href(href: &str) -> Option<String> {
    let href = href.trim();
    if href.starts_with("http://") || href.starts_with("https://") {
        Some(href.trim_end_matches('/').to_string())
    } else {
        None
    }
}

/// The base URL from the page location: everything before the last `/api/apps/`.
pub fn from_location(href: &str) -> Option<String> {
    let href = href.split(['#', '?']).next().unwrap_or(href);
    href.rfind("/api/apps/").map(|at| href[..at].to_string())
}

/// Picks the base URL in DHIS2's order of preference.
pub fn discover(
    meta_content: Option<&str>,
    manifest_href: Option<&str>,
    location_href: &str,
) -> Option<(String, BaseUrlSource)> {
    meta_content
        .and_then(from_meta_tag)
        .map(|url| (url, BaseUrlSource::MetaTag))
        .or_else(|| {
            manifest_href
                .and_then(from_manifest_href)
                .map(|url| (url, BaseUrlSource::Manifest))
        })
        .or_else(|| from_location(location_href).map(|url| (url, BaseUrlSource::Location)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_tag_wins_when_substituted() {
        let found = discover(
            Some("https://play.example.org/dhis"),
            Some("https://other.example.org"),
            "http://x/api/apps/a/index.html",
        );
        assert_eq!(
            found,
            Some((
                "https://play.example.org/dhis".into(),
                BaseUrlSource::MetaTag
            ))
        );
    }

    #[test]
    fn placeholder_falls_back_to_manifest_then_location() {
        let found = discover(
            Some("__DHIS2_BASE_URL__"),
            Some("http://h:8080/"),
            "http://h/x",
        );
        assert_eq!(
            found,
            Some(("http://h:8080".into(), BaseUrlSource::Manifest))
        );
        let found = discover(
            Some("__DHIS2_BASE_URL__"),
            Some("*"),
            "http://h:8080/dhis/api/apps/aggregate-sync/index.html#/data?page=2",
        );
        assert_eq!(
            found,
            Some(("http://h:8080/dhis".into(), BaseUrlSource::Location))
        );
    }

    #[test]
    fn outside_an_app_path_there_is_no_base_url() {
        assert_eq!(
            discover(None, None, "http://localhost:8000/index.html"),
            None
        );
    }
}
