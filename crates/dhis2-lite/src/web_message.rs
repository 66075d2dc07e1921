//! DHIS2's WebMessage envelope (reference §10) and the error type every handler returns.
//!
//! Null members are omitted, as DHIS2's `NON_NULL` object mapper does. This module knows nothing
//! about individual endpoints.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;

/// A DHIS2 WebMessage: `{httpStatus, httpStatusCode, status, message, errorCode?, response?}`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebMessage {
    /// Reason phrase of the HTTP status, e.g. `Conflict`.
    pub http_status: String,
    /// Numeric HTTP status.
    pub http_status_code: u16,
    /// `OK`, `WARNING` or `ERROR`.
    pub status: String,
    /// Human readable text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Developer message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dev_message: Option<String>,
    /// Embedded response object (ImportSummary, job configuration, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<Value>,
    /// DHIS2 error code such as `E2002`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
}

/// DHIS2's reason phrase for a status code.
pub fn reason_phrase(status: StatusCode) -> &'static str {
    match status.as_u16() {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => status.canonical_reason().unwrap_or("Unknown"),
    }
}

impl WebMessage {
    /// A message with the given HTTP status and `status` word.
    pub fn new(status: StatusCode, status_word: &str, message: impl Into<String>) -> Self {
        Self {
            http_status: reason_phrase(status).to_string(),
            http_status_code: status.as_u16(),
            status: status_word.to_string(),
            message: Some(message.into()),
            dev_message: None,
            response: None,
            error_code: None,
        }
    }

    /// A 200 `OK` message.
    pub fn ok(message: impl Into<String>) -> Self {
        Self::new(StatusCode::OK, "OK", message)
    }

    /// A 201 `Created` message.
    pub fn created(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CREATED, "OK", message)
    }

    /// An `ERROR` message with the given status.
    pub fn error(status: StatusCode, message: impl Into<String>) -> Self {
        Self::new(status, "ERROR", message)
    }

    /// Adds an error code.
    pub fn with_error_code(mut self, code: Option<&str>) -> Self {
        self.error_code = code.map(str::to_string);
        self
    }

    /// Adds an embedded response object.
    pub fn with_response(mut self, response: Value) -> Self {
        self.response = Some(response);
        self
    }

    /// The HTTP status of this message.
    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.http_status_code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl IntoResponse for WebMessage {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json;charset=UTF-8"),
        );
        if status.is_client_error() || status.is_server_error() {
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-cache, private"),
            );
        }
        response
    }
}

/// The error every API handler returns; it renders as a WebMessage.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A fully formed WebMessage to send as is.
    #[error("{}", .0.message.clone().unwrap_or_default())]
    Message(Box<WebMessage>),
    /// Storage failed.
    #[error("storage error: {0}")]
    Storage(#[from] rusqlite::Error),
    /// Anything else that should be a 500.
    #[error("{0}")]
    Internal(String),
}

impl ApiError {
    /// An error WebMessage with status, message and optional error code.
    pub fn new(status: StatusCode, message: impl Into<String>, code: Option<&str>) -> Self {
        Self::Message(Box::new(
            WebMessage::error(status, message).with_error_code(code),
        ))
    }

    /// 404, with `E1005` when the version has generic error codes.
    pub fn not_found(message: impl Into<String>, generic_codes: bool) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            message,
            generic_codes.then_some("E1005"),
        )
    }

    /// 409, with `E1004` when the version has generic error codes.
    pub fn conflict(message: impl Into<String>, generic_codes: bool) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            message,
            generic_codes.then_some("E1004"),
        )
    }

    /// 400, with `E1003` when the version has generic error codes.
    pub fn bad_request(message: impl Into<String>, generic_codes: bool) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            message,
            generic_codes.then_some("E1003"),
        )
    }

    /// 403 with the given message.
    pub fn forbidden(message: impl Into<String>, generic_codes: bool) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            message,
            generic_codes.then_some("E1006"),
        )
    }

    /// 401 `Unauthorized`.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message, None)
    }
}

impl From<WebMessage> for ApiError {
    fn from(message: WebMessage) -> Self {
        Self::Message(Box::new(message))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            Self::Message(message) => message.into_response(),
            Self::Storage(error) => {
                WebMessage::error(StatusCode::INTERNAL_SERVER_ERROR, error.to_string())
                    .into_response()
            }
            Self::Internal(text) => {
                WebMessage::error(StatusCode::INTERNAL_SERVER_ERROR, text).into_response()
            }
        }
    }
}

/// Result type of API handlers.
pub type ApiResult<T> = Result<T, ApiError>;

/// A `302 Found` redirect, as DHIS2's servlet redirects (axum's `Redirect::to` is 303).
pub fn found(location: &str) -> Response {
    let mut response = StatusCode::FOUND.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}
