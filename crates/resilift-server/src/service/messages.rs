//! The short thread between a lifter and a linked clinician: the clinician's notes (from their
//! overrides) and the messages both write, oldest first. Only the two people of a link see it;
//! opening it marks what the other wrote as read.

use resilift_api::ErrorCode;
use resilift_store::{Link, Message};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::service::{audit, new_id};
use crate::views;

/// The longest message, in characters.
const LONGEST: usize = 1000;

/// `POST /links/{id}/messages`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MessageRequest {
    /// What to say: 1 to 1,000 characters (line breaks allowed).
    #[schemars(length(min = 1, max = 1000))]
    pub(crate) body: String,
}

/// One entry of a thread.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub(crate) struct ThreadItem {
    /// `note` (a clinician's note with the plan) or `message`.
    pub(crate) kind: &'static str,
    /// `lifter` or `clinician`: who wrote it.
    pub(crate) from: &'static str,
    /// When it was written.
    pub(crate) created_at: String,
    /// What it says.
    pub(crate) body: String,
    /// When the other side read it (messages only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) read_at: Option<String>,
    #[serde(skip)]
    pub(crate) at: chrono::DateTime<chrono::Utc>,
}

/// A thread on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ThreadView {
    /// The link it belongs to.
    pub(crate) link_id: String,
    /// Everything written, oldest first.
    pub(crate) items: Vec<ThreadItem>,
}

/// The link, if the viewer is one of its two people (otherwise the same 404 as a missing one).
pub(crate) async fn link_of(
    state: &AppState,
    viewer: &Principal,
    link_id: &str,
) -> ApiResult<Link> {
    match state.store().link(link_id).await? {
        Some(link) if link.lifter_id == viewer.id() || link.clinician_id == viewer.id() => Ok(link),
        _ => Err(ApiError::not_found("link")),
    }
}

/// The thread of a link, oldest first; what the other side wrote is marked read.
pub(crate) async fn thread(
    state: &AppState,
    viewer: &Principal,
    link: &Link,
) -> ApiResult<Vec<ThreadItem>> {
    let messages = state
        .store()
        .thread(&link.lifter_id, &link.clinician_id)
        .await?;
    let notes = state.store().overrides(&link.lifter_id).await?;
    let mut items: Vec<ThreadItem> = notes
        .iter()
        .filter(|o| o.clinician_id.as_deref() == Some(link.clinician_id.as_str()))
        .map(|o| ThreadItem {
            kind: "note",
            from: "clinician",
            created_at: views::instant(o.created_at),
            body: o.note.clone(),
            read_at: None,
            at: o.created_at,
        })
        .chain(messages.iter().map(|m| item(m, link)))
        .collect();
    items.sort_by_key(|i| i.at);
    state
        .store()
        .mark_read(
            &link.lifter_id,
            &link.clinician_id,
            viewer.id(),
            state.now(),
        )
        .await?;
    Ok(items)
}

fn item(m: &Message, link: &Link) -> ThreadItem {
    ThreadItem {
        kind: "message",
        from: if m.author_id == link.lifter_id {
            "lifter"
        } else {
            "clinician"
        },
        created_at: views::instant(m.created_at),
        body: m.body.clone(),
        read_at: m.read_at.map(views::instant),
        at: m.created_at,
    }
}

/// Writes a message to the other person of a link.
pub(crate) async fn send(
    state: &AppState,
    viewer: &Principal,
    link: &Link,
    body: &str,
) -> ApiResult<ThreadItem> {
    let body = body.trim();
    let length = body.chars().count();
    if length == 0 || length > LONGEST {
        return Err(ApiError::field(
            ErrorCode::InvalidInput,
            "body",
            format!("expected 1 to {LONGEST} characters, got {length}"),
        ));
    }
    let message = Message {
        id: new_id(),
        lifter_id: link.lifter_id.clone(),
        clinician_id: link.clinician_id.clone(),
        author_id: viewer.id().to_owned(),
        created_at: state.now(),
        body: body.to_owned(),
        read_at: None,
    };
    let entry = audit(
        state,
        Some(viewer.id()),
        Some(&link.lifter_id),
        "message.sent",
        &serde_json::json!({"message_id": message.id}),
    );
    state.store().insert_message(&message, &entry).await?;
    Ok(item(&message, link))
}

/// Unread messages for an account, counted by who wrote them.
pub(crate) async fn unread(state: &AppState, account_id: &str) -> Vec<(String, i64)> {
    state
        .store()
        .unread_for(account_id)
        .await
        .unwrap_or_default()
}
