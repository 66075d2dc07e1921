//! Hash routing: the URL hash holds the page and its state (paging, filters), so Back, reload and
//! deep links work inside and outside DHIS2's global shell. Pure: parsed and written natively.

use std::fmt::Write as _;

/// State of the data set list in the URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataSetListState {
    /// Page, from 1.
    pub page: u32,
    /// Rows per page.
    pub page_size: u32,
    /// Name filter text.
    pub filter: String,
}

/// Rows per page unless the URL says otherwise, as the MetaData Sync app users are used to.
pub const DEFAULT_PAGE_SIZE: u32 = 25;

impl Default for DataSetListState {
    fn default() -> DataSetListState {
        DataSetListState {
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
            filter: String::new(),
        }
    }
}

/// A page of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The data selection page (the list of data sets).
    DataSets(DataSetListState),
    /// A hash no page answers to.
    NotFound(String),
}

impl Default for Route {
    fn default() -> Route {
        Route::DataSets(DataSetListState::default())
    }
}

impl Route {
    /// Parses `location.hash` (with or without the leading `#`).
    pub fn parse(hash: &str) -> Route {
        let hash = hash.trim_start_matches('#');
        let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
        let params = parse_query(query);
        let param = |key: &str| {
            params
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value.clone())
        };
        match path.trim_matches('/') {
            "" | "data-sets" => Route::DataSets(DataSetListState {
                page: positive(param("page")).unwrap_or(1),
                page_size: positive(param("pageSize"))
                    .map_or(DEFAULT_PAGE_SIZE, |size| size.min(500)),
                filter: param("filter").unwrap_or_default(),
            }),
            other => Route::NotFound(other.to_string()),
        }
    }

    /// The hash for this route, starting with `#/`.
    pub fn to_hash(&self) -> String {
        match self {
            Route::DataSets(state) => {
                let mut hash = String::from("#/data-sets");
                let mut params = Vec::new();
                if state.page > 1 {
                    params.push(("page", state.page.to_string()));
                }
                if state.page_size != DEFAULT_PAGE_SIZE {
                    params.push(("pageSize", state.page_size.to_string()));
                }
                if !state.filter.is_empty() {
                    params.push(("filter", state.filter.clone()));
                }
                for (index, (key, value)) in params.iter().enumerate() {
                    let separator = if index == 0 { '?' } else { '&' };
                    let _ = write!(hash, "{separator}{key}={}", encode(value));
                }
                hash
            }
            Route::NotFound(path) => format!("#/{path}"),
        }
    }
}

fn positive(text: Option<String>) -> Option<u32> {
    text.and_then(|text| text.parse().ok())
        .filter(|number| *number >= 1)
}

fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        let hex = |at: usize| {
            bytes
                .get(at)
                .and_then(|digit| (*digit as char).to_digit(16))
        };
        match (byte, hex(index + 1), hex(index + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                index += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                index += 1;
            }
            _ => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_hash_is_the_data_set_list() {
        assert_eq!(Route::parse(""), Route::default());
        assert_eq!(Route::parse("#/"), Route::default());
    }

    #[test]
    fn data_set_state_round_trips() {
        let route = Route::DataSets(DataSetListState {
            page: 3,
            page_size: 5,
            filter: "ANC & PNC/é".into(),
        });
        let hash = route.to_hash();
        assert_eq!(
            hash,
            "#/data-sets?page=3&pageSize=5&filter=ANC%20%26%20PNC%2F%C3%A9"
        );
        assert_eq!(Route::parse(&hash), route);
    }

    #[test]
    fn bad_page_falls_back_to_first() {
        assert_eq!(Route::parse("#/data-sets?page=0"), Route::default());
        assert_eq!(Route::parse("#/data-sets?page=x"), Route::default());
    }

    #[test]
    fn unknown_path_is_not_found() {
        assert_eq!(Route::parse("#/nowhere"), Route::NotFound("nowhere".into()));
    }
}
