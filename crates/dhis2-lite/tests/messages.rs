//! Reference additions §2.6 (messages, `/api/messageConversations`) and §3.4 (user groups), as
//! the unattended runner's failure notices use them (`crates/dhis2-lite/reference-additions.md`).
#![allow(clippy::unwrap_used)]

mod common;

use axum::http::{Method, StatusCode};
use common::TestServer;
use dhis2_lite::Seed;
use serde_json::json;

fn json_body(value: serde_json::Value) -> Option<(&'static str, Vec<u8>)> {
    Some(("application/json", value.to_string().into_bytes()))
}

#[tokio::test]
async fn a_message_to_a_user_group_reaches_its_members_and_the_sender() {
    let server = TestServer::new("2.41", Seed::Empty);
    let groups = server
        .get("/api/userGroups?fields=id,displayName,users&paging=false")
        .await
        .json();
    let group = groups["userGroups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|group| group["displayName"] == "System administrators")
        .unwrap();
    let admin = server.get("/api/me").await.json()["id"].clone();
    assert_eq!(group["users"], json!([{"id": admin}]));

    // Sent by the data entry user to the group: the admin receives it.
    let sent = server
        .call_as(
            ("dataentry", "District1!"),
            Method::POST,
            "/api/messageConversations",
            json_body(json!({"subject": "Run failed", "text": "See the report",
                "userGroups": [{"id": group["id"]}]})),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED);
    assert_eq!(
        sent.json(),
        json!({"httpStatus": "Created", "httpStatusCode": 201, "status": "OK",
            "message": "Message conversation created"})
    );
    let location = sent.header("location").expect("a Location header");
    assert!(
        location.starts_with("/api/messageConversations/"),
        "{location}"
    );

    let inbox = server.get("/api/messageConversations").await.json();
    let conversations = inbox["messageConversations"].as_array().unwrap();
    assert_eq!(conversations.len(), 1);
    assert_eq!(conversations[0]["subject"], "Run failed");
    assert_eq!(conversations[0]["read"], false);
    assert_eq!(conversations[0]["messages"][0]["text"], "See the report");
    let one = server.get(&location).await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(one.json()["subject"], "Run failed");
    // The sender sees it too; a user outside it does not.
    let senders = server
        .call_as(
            ("dataentry", "District1!"),
            Method::GET,
            "/api/messageConversations",
            None,
        )
        .await
        .json();
    assert_eq!(senders["messageConversations"].as_array().unwrap().len(), 1);
    let outsider = server
        .call_as(("noapp", "District1!"), Method::GET, &location, None)
        .await;
    assert_eq!(outsider.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn unknown_recipients_and_no_recipients_are_refused_as_dhis2_refuses_them() {
    let server = TestServer::new("2.41", Seed::Empty);
    let post = |body: serde_json::Value| {
        let server = &server;
        async move {
            server
                .call(Method::POST, "/api/messageConversations", json_body(body))
                .await
        }
    };
    let none = post(json!({"subject": "s", "text": "t", "users": []})).await;
    assert_eq!(none.status, StatusCode::CONFLICT);
    assert_eq!(none.json()["message"], "No recipients selected.");
    let user = post(json!({"subject": "s", "text": "t", "users": [{"id": "nOSuchUser1"}]})).await;
    assert_eq!(user.status, StatusCode::CONFLICT);
    assert_eq!(user.json()["message"], "User does not exist: nOSuchUser1");
    let group =
        post(json!({"subject": "s", "text": "t", "userGroups": [{"id": "nOSuchGrp01"}]})).await;
    assert_eq!(group.status, StatusCode::NOT_FOUND);
    assert_eq!(
        group.json()["message"],
        "UserGroup with id nOSuchGrp01 could not be found."
    );
    let unit =
        post(json!({"subject": "s", "text": "t", "organisationUnits": [{"id": "nOSuchUnit1"}]}))
            .await;
    assert_eq!(unit.status, StatusCode::CONFLICT);
    assert_eq!(
        unit.json()["message"],
        "Organisation Unit does not exist: nOSuchUnit1"
    );
}
