//! Metadata list queries: paging, a name filter and order, rendered as DHIS2 query parameters.

/// A paged, filtered metadata list request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListQuery {
    /// Page, from 1.
    pub page: u32,
    /// Items per page.
    pub page_size: u32,
    /// Case-insensitive name filter (`name:ilike:`); empty for none.
    pub name_filter: String,
    /// Only objects updated on or after this date (`lastUpdated:ge:`), `yyyy-MM-dd`.
    pub last_updated_since: Option<String>,
}

impl Default for ListQuery {
    fn default() -> ListQuery {
        ListQuery {
            page: 1,
            page_size: 25,
            name_filter: String::new(),
            last_updated_since: None,
        }
    }
}

impl ListQuery {
    /// Query parameters, without `fields`.
    pub fn params(&self) -> Vec<(String, String)> {
        let mut params = vec![
            ("page".to_string(), self.page.max(1).to_string()),
            ("pageSize".to_string(), self.page_size.max(1).to_string()),
            ("order".to_string(), "displayName:iasc".to_string()),
        ];
        let name = self.name_filter.trim();
        if !name.is_empty() {
            params.push(("filter".to_string(), format!("displayName:ilike:{name}")));
        }
        if let Some(since) = &self.last_updated_since {
            params.push(("filter".to_string(), format!("lastUpdated:ge:{since}")));
        }
        params
    }
}

/// Percent-encodes a query component (RFC 3986 unreserved characters stay as they are).
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `base?k=v&k=v` with every key and value encoded.
pub fn url_with_params(base: &str, params: &[(String, String)]) -> String {
    if params.is_empty() {
        return base.to_string();
    }
    let query: Vec<String> = params
        .iter()
        .map(|(key, value)| format!("{}={}", encode_component(key), encode_component(value)))
        .collect();
    format!("{base}?{}", query.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_filter_is_encoded() {
        let query = ListQuery {
            name_filter: " ANC & more ".into(),
            ..ListQuery::default()
        };
        let url = url_with_params("http://h/api/dataSets", &query.params());
        assert_eq!(
            url,
            "http://h/api/dataSets?page=1&pageSize=25&order=displayName%3Aiasc\
             &filter=displayName%3Ailike%3AANC%20%26%20more"
        );
    }
}
