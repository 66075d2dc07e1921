//! Errors of DHIS2 calls, classified so the app can react: log in again, show a message, retry.

/// Why a DHIS2 call failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The session expired or the user is not logged in: DHIS2 answered 401 or a login page.
    #[error("your session has expired: log in again")]
    SessionExpired,
    /// The user lacks an authority or sharing (HTTP 403).
    #[error("access denied: {message}")]
    Forbidden {
        /// The server's message.
        message: String,
    },
    /// The object does not exist (HTTP 404).
    #[error("not found: {message}")]
    NotFound {
        /// The server's message.
        message: String,
    },
    /// Any other HTTP error status, with DHIS2's WebMessage text when there was one.
    #[error("the server answered {status}: {message}")]
    Http {
        /// HTTP status code.
        status: u16,
        /// The server's message, or the start of the body.
        message: String,
        /// DHIS2's `errorCode` (E1003, E2001, …) when given.
        error_code: Option<String>,
    },
    /// The response was not the JSON expected.
    #[error("unexpected response from the server: {0}")]
    Decode(String),
    /// The request never got an HTTP answer.
    #[error("{0}")]
    Network(String),
}

impl ApiError {
    /// True when retrying the same request later may succeed (network trouble, 5xx, 429).
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network(_) => true,
            ApiError::Http { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }
}
