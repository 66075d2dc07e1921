//! Errors of DHIS2 calls, classified so the app can react: log in again, show a message, fix a
//! destination's setup, retry. Messages are for people: lowercase, no trailing period.

/// Why a DHIS2 call failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The session of the app's own instance expired or the user is not logged in: DHIS2
    /// answered 401 or a login page.
    #[error("your session has expired: log in again")]
    SessionExpired,
    /// A destination reached with a token or password (directly or through a route) refused the
    /// credentials (HTTP 401): a wrong, expired or revoked token, or a wrong password.
    #[error("the destination refused the credentials: {message}")]
    CredentialsRejected {
        /// The server's message.
        message: String,
    },
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
    /// A dataStore entry changed since it was read: someone else saved it in between.
    #[error(
        "this entry was changed by {} at {last_updated} since you opened it",
        last_updated_by.as_deref().unwrap_or("someone else")
    )]
    EditConflict {
        /// The entry's `lastUpdated` now.
        last_updated: String,
        /// Who changed it, when the server says.
        last_updated_by: Option<String>,
    },
    /// The instance lacks a feature (e.g. routes before 2.40).
    #[error("{0}")]
    Unsupported(String),
    /// The response was not the JSON expected.
    #[error("unexpected response from the server: {0}")]
    Decode(String),
    /// A cross-origin request to a destination got no answer. Browsers report a refused CORS
    /// check this way, so the likely cause is a missing allowlist entry.
    #[error(
        "{destination} did not answer a request from this app: add {app_origin} to the CORS \
         allowlist of {destination} (System settings → Access → CORS allowlist), and check that \
         the server is reachable"
    )]
    CorsBlocked {
        /// The destination's origin.
        destination: String,
        /// The app's origin, which the destination must allow.
        app_origin: String,
    },
    /// The request never got an HTTP answer.
    #[error("{0}")]
    Network(String),
    /// The server is busy (HTTP 429) and asked to wait `retry_after_seconds` before trying again.
    #[error("the server is busy (HTTP 429): {message}")]
    TooManyRequests {
        /// The server's message.
        message: String,
        /// The `Retry-After` header, when given.
        retry_after_seconds: Option<u64>,
    },
}

impl ApiError {
    /// True when retrying the same request later may succeed (network trouble, 5xx, 429, 408).
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network(_) | ApiError::TooManyRequests { .. } => true,
            ApiError::Http { status, .. } => *status >= 500 || *status == 429 || *status == 408,
            _ => false,
        }
    }

    /// The HTTP status behind the error, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::SessionExpired | ApiError::CredentialsRejected { .. } => Some(401),
            ApiError::Forbidden { .. } => Some(403),
            ApiError::TooManyRequests { .. } => Some(429),
            ApiError::NotFound { .. } => Some(404),
            ApiError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// DHIS2's `errorCode`, when the server gave one.
    pub fn error_code(&self) -> Option<&str> {
        match self {
            ApiError::Http { error_code, .. } => error_code.as_deref(),
            _ => None,
        }
    }

    /// How long the server asked to wait before trying again (429 `Retry-After`).
    pub fn retry_after_seconds(&self) -> Option<u64> {
        match self {
            ApiError::TooManyRequests {
                retry_after_seconds,
                ..
            } => *retry_after_seconds,
            _ => None,
        }
    }

    /// True for HTTP 404.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::NotFound { .. })
    }

    /// True for HTTP 409 (a dataStore key that already exists, an illegal query, …).
    pub fn is_conflict(&self) -> bool {
        matches!(self, ApiError::Http { status: 409, .. })
    }
}
