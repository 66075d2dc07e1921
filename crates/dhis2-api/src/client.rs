//! The DHIS2 client: builds URLs, sends them through a [`Transport`], classifies failures and
//! converts wire JSON into [`crate::model`] values.

use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::model::{CurrentUser, DataSetSummary, Page, SystemInfo};
use crate::query::{ListQuery, url_with_params};
use crate::transport::{HttpRequest, HttpResponse, Transport};
use crate::wire;

/// Fields the app needs from `/api/me`, valid on every version 2.36–2.43.
const ME_FIELDS: &str = "id,username,userCredentials[username],displayName,name,authorities,\
                         organisationUnits[id],dataViewOrganisationUnits[id],settings";

/// A client for one DHIS2 instance.
#[derive(Clone, Debug)]
pub struct Dhis2Client<T> {
    transport: T,
    base_url: String,
}

impl<T: Transport> Dhis2Client<T> {
    /// A client for the instance at `base_url` (no trailing slash needed).
    pub fn new(transport: T, base_url: impl Into<String>) -> Dhis2Client<T> {
        let base_url = base_url.into().trim_end_matches('/').to_string();
        Dhis2Client {
            transport,
            base_url,
        }
    }

    /// The instance's base URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The logged-in user.
    pub async fn current_user(&self) -> Result<CurrentUser, ApiError> {
        let url = url_with_params(
            &self.api_url("me"),
            &[("fields".to_string(), ME_FIELDS.to_string())],
        );
        let me: wire::Me = self.get_json(&url).await?;
        Ok(me.into())
    }

    /// `/api/system/info`.
    pub async fn system_info(&self) -> Result<SystemInfo, ApiError> {
        let info: wire::SystemInfo = self.get_json(&self.api_url("system/info")).await?;
        Ok(info.into())
    }

    /// One page of data sets, ordered by name.
    pub async fn data_sets(&self, query: &ListQuery) -> Result<Page<DataSetSummary>, ApiError> {
        let mut params = query.params();
        params.push((
            "fields".to_string(),
            "id,displayName,periodType,lastUpdated".to_string(),
        ));
        let url = url_with_params(&self.api_url("dataSets"), &params);
        let list: wire::DataSetList = self.get_json(&url).await?;
        Ok(list.into())
    }

    fn api_url(&self, path: &str) -> String {
        format!("{}/api/{path}", self.base_url)
    }

    async fn get_json<R: DeserializeOwned>(&self, url: &str) -> Result<R, ApiError> {
        let response = self
            .transport
            .send(HttpRequest::get(url))
            .await
            .map_err(|error| ApiError::Network(error.0))?;
        decode_json(&response)
    }
}

/// Classifies a response and decodes its JSON body.
///
/// A login page instead of JSON means the session expired: DHIS2 answers an unauthenticated
/// request without `X-Requested-With` with a redirect to its login form.
pub fn decode_json<R: DeserializeOwned>(response: &HttpResponse) -> Result<R, ApiError> {
    check_status(response)?;
    if looks_like_html(response) {
        return Err(ApiError::SessionExpired);
    }
    serde_json::from_slice(&response.body).map_err(|error| ApiError::Decode(error.to_string()))
}

/// Turns error statuses into [`ApiError`]s, keeping DHIS2's WebMessage text.
pub fn check_status(response: &HttpResponse) -> Result<(), ApiError> {
    let status = response.status;
    if (200..300).contains(&status) {
        return Ok(());
    }
    let web_message: Option<wire::WebMessage> = serde_json::from_slice(&response.body).ok();
    let error_code = web_message
        .as_ref()
        .and_then(|message| message.error_code.clone());
    let message = web_message
        .and_then(|message| message.message)
        .unwrap_or_else(|| {
            String::from_utf8_lossy(&response.body)
                .chars()
                .take(200)
                .collect::<String>()
        });
    Err(match status {
        401 => ApiError::SessionExpired,
        403 => ApiError::Forbidden { message },
        404 => ApiError::NotFound { message },
        _ => ApiError::Http {
            status,
            message,
            error_code,
        },
    })
}

fn looks_like_html(response: &HttpResponse) -> bool {
    let html_type = response
        .content_type
        .as_deref()
        .is_some_and(|kind| kind.contains("text/html"));
    let body_start = response
        .body
        .iter()
        .find(|byte| !byte.is_ascii_whitespace());
    html_type || body_start == Some(&b'<')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::TransportError;
    use std::cell::RefCell;
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    /// Answers every request with one canned response and records the URLs.
    struct Canned {
        response: HttpResponse,
        urls: RefCell<Vec<String>>,
    }

    impl Transport for &Canned {
        async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
            self.urls.borrow_mut().push(request.url);
            Ok(self.response.clone())
        }
    }

    fn canned(status: u16, content_type: &str, body: &str) -> Canned {
        Canned {
            response: HttpResponse {
                status,
                content_type: Some(content_type.to_string()),
                redirected: false,
                body: body.as_bytes().to_vec(),
            },
            urls: RefCell::new(Vec::new()),
        }
    }

    /// The fake transport never pends, so one poll finishes the future.
    fn run<F: Future>(future: F) -> F::Output {
        let mut future = pin!(future);
        match future
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
        {
            Poll::Ready(output) => output,
            Poll::Pending => panic!("fake transport pended"),
        }
    }

    #[test]
    fn me_of_2_36_reads_user_credentials() {
        let server = canned(
            200,
            "application/json",
            r#"{"id":"M5zQapPyTZI","name":"John Traore","userCredentials":{"username":"admin"},
               "authorities":["ALL"],"organisationUnits":[{"id":"ImspTQPwCqd"}]}"#,
        );
        let client = Dhis2Client::new(&server, "http://h/dhis/");
        let user = run(client.current_user()).unwrap();
        assert_eq!(user.username, "admin");
        assert_eq!(user.display_name, "John Traore");
        assert_eq!(user.organisation_units, vec!["ImspTQPwCqd".to_string()]);
        assert!(server.urls.borrow()[0].starts_with("http://h/dhis/api/me?fields="));
    }

    #[test]
    fn login_page_means_session_expired() {
        let server = canned(200, "text/html;charset=UTF-8", "<!DOCTYPE html><form>");
        let client = Dhis2Client::new(&server, "http://h");
        assert_eq!(run(client.system_info()), Err(ApiError::SessionExpired));
    }

    #[test]
    fn web_message_text_and_code_are_kept() {
        let server = canned(
            400,
            "application/json",
            r#"{"httpStatus":"Bad Request","httpStatusCode":400,"status":"ERROR",
               "message":"Unknown path property: nme","errorCode":"E1003"}"#,
        );
        let client = Dhis2Client::new(&server, "http://h");
        let error = run(client.data_sets(&ListQuery::default())).unwrap_err();
        assert_eq!(
            error,
            ApiError::Http {
                status: 400,
                message: "Unknown path property: nme".into(),
                error_code: Some("E1003".into())
            }
        );
    }

    #[test]
    fn data_set_page_without_pager_is_one_page() {
        let server = canned(
            200,
            "application/json",
            r#"{"dataSets":[{"id":"a","displayName":"ANC","periodType":"Monthly"}]}"#,
        );
        let client = Dhis2Client::new(&server, "http://h");
        let page = run(client.data_sets(&ListQuery::default())).unwrap();
        assert_eq!((page.page, page.page_count, page.total), (1, 1, 1));
        assert_eq!(page.items[0].name, "ANC");
    }
}
