//! DHIS2 messages (`/api/messageConversations`): sending a private message to users and user
//! groups, which lands in their DHIS2 inbox (and, when the instance is set up for it, their
//! e-mail). The unattended runner sends its failure notices with it.

use serde::Serialize;

use crate::client::Dhis2Client;
use crate::error::ApiError;
use crate::transport::{Method, Transport};

/// A new message conversation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewMessage {
    /// The subject (the conversation's title).
    pub subject: String,
    /// The text.
    pub text: String,
    /// Ids of users who receive it.
    pub users: Vec<String>,
    /// Ids of user groups whose members receive it.
    pub user_groups: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WireMessage<'a> {
    subject: &'a str,
    text: &'a str,
    users: Vec<WireId<'a>>,
    user_groups: Vec<WireId<'a>>,
}

#[derive(Serialize)]
struct WireId<'a> {
    id: &'a str,
}

fn ids(list: &[String]) -> Vec<WireId<'_>> {
    list.iter().map(|id| WireId { id }).collect()
}

impl<T: Transport> Dhis2Client<T> {
    /// Sends `message` (`POST /api/messageConversations`, 201 on success). A message with no
    /// recipient is refused by DHIS2 (409 `No recipients selected.`), an unknown user group is a
    /// 404 ([`ApiError::NotFound`]).
    pub async fn send_message(&self, message: &NewMessage) -> Result<(), ApiError> {
        let body = WireMessage {
            subject: &message.subject,
            text: &message.text,
            users: ids(&message.users),
            user_groups: ids(&message.user_groups),
        };
        self.send_json(Method::Post, &self.api_url("messageConversations"), &body)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_names_recipients_by_id() {
        let body = WireMessage {
            subject: "s",
            text: "t",
            users: vec![],
            user_groups: vec![WireId { id: "gRoup000001" }],
        };
        assert_eq!(
            serde_json::to_value(&body).expect("json"),
            serde_json::json!({
                "subject": "s", "text": "t", "users": [],
                "userGroups": [{"id": "gRoup000001"}]
            })
        );
    }
}
