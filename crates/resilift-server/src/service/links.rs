//! Links between a lifter and a clinician: one-use invite codes, redeeming them, unlinking, and a
//! clinician's overrides (a note, a rung, clearances) for a linked client.

use resilift_api::ErrorCode;
use resilift_store::Override;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::AppState;
use crate::auth;
use crate::error::{ApiError, ApiResult};
use crate::service::{audit, new_id};
use crate::views;

const INVITE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTVWXYZ0123456789";

pub(crate) fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A new invite code.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct InviteView {
    /// Give this to your clinician; it works once.
    pub(crate) code: String,
    /// When it stops working.
    pub(crate) expires_at: String,
}

/// A new one-use invite code for a lifter.
pub(crate) async fn make_invite(state: &AppState, lifter: &str) -> ApiResult<InviteView> {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::internal(&e))?;
    let raw: String = bytes
        .iter()
        .map(|b| char::from(INVITE_ALPHABET[usize::from(*b) % INVITE_ALPHABET.len()]))
        .collect();
    let code = format!(
        "{}-{}-{}",
        raw.get(0..4).unwrap_or(""),
        raw.get(4..8).unwrap_or(""),
        raw.get(8..12).unwrap_or("")
    );
    let now = state.now();
    let expires = now + chrono::Duration::hours(i64::from(state.settings().invite_hours));
    let entry = audit(
        state,
        Some(lifter),
        Some(lifter),
        "invite.created",
        &json!({"expires_at": views::instant(expires)}),
    );
    state
        .store()
        .insert_invite(
            &auth::digest(&normalise_code(&code)),
            lifter,
            now,
            expires,
            &entry,
        )
        .await?;
    Ok(InviteView {
        code,
        expires_at: views::instant(expires),
    })
}

/// A link on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct LinkView {
    /// Id (for unlinking).
    id: String,
    /// The lifter.
    lifter_id: String,
    /// The lifter's e-mail.
    lifter_email: String,
    /// The clinician.
    clinician_id: String,
    /// The clinician's e-mail.
    clinician_email: String,
    /// When it was made.
    created_at: String,
}

pub(crate) fn link_view(l: &resilift_store::Link) -> LinkView {
    LinkView {
        id: l.id.clone(),
        lifter_id: l.lifter_id.clone(),
        lifter_email: l.lifter_email.clone(),
        clinician_id: l.clinician_id.clone(),
        clinician_email: l.clinician_email.clone(),
        created_at: views::instant(l.created_at),
    }
}

/// Redeems a lifter's invite code for a clinician.
pub(crate) async fn redeem(
    state: &AppState,
    clinician: &str,
    code: &str,
) -> ApiResult<resilift_store::Link> {
    let code = normalise_code(code);
    if code.len() != 12 {
        return Err(ApiError::field(
            ErrorCode::InvalidInvite,
            "code",
            "expected the 12-character code from the lifter, such as ABCD-EFGH-JKMN",
        ));
    }
    let entry = audit(state, Some(clinician), None, "link.created", &json!({}));
    match state
        .store()
        .redeem_invite(
            &auth::digest(&code),
            clinician,
            &new_id(),
            state.now(),
            &entry,
        )
        .await?
    {
        Ok(link) => Ok(link),
        Err(resilift_store::RedeemError::Invalid) => Err(ApiError::field(
            ErrorCode::InvalidInvite,
            "code",
            "this code is unknown, already used or expired; ask the lifter for a new one",
        )),
        Err(resilift_store::RedeemError::AlreadyLinked) => Err(ApiError::new(
            ErrorCode::AlreadyLinked,
            "you are already linked to this lifter",
        )),
    }
}

/// Removes a link the account is on, either side (audited); 404 when there is none.
pub(crate) async fn unlink(state: &AppState, account_id: &str, id: &str) -> ApiResult<()> {
    let entry = audit(
        state,
        Some(account_id),
        None,
        "link.removed",
        &json!({"link_id": id}),
    );
    if state.store().delete_link(account_id, id, &entry).await? {
        Ok(())
    } else {
        Err(ApiError::not_found("link"))
    }
}

/// `POST /clients/{id}/overrides`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct OverrideRequest {
    /// What the lifter should know and why (shown to them).
    pub(crate) note: String,
    /// A rung to set for the plan (`foundation`, `kettlebell`, `trap_bar`, `barbell`), or
    /// absent for a note only. It never lifts a screening that was not cleared.
    #[serde(default)]
    pub(crate) stage: Option<String>,
    /// Red-flag or general-health ids reviewed and cleared for loading (`see_clinician`-tier
    /// red flags and clearance answers only); they apply from the client's next screening. An
    /// empty list withdraws earlier clearances; absent leaves them as they are.
    #[serde(default)]
    pub(crate) cleared_flags: Option<Vec<String>>,
    /// A load ceiling until the next screening (PRX-CLINICIAN); it only ever lowers the
    /// programme's own. Absent leaves an earlier ceiling in force.
    #[serde(default)]
    pub(crate) ceiling: Option<CeilingRequest>,
}

/// A clinician's load ceiling: a load, a percentage of the estimated 1RM, or both (the lower
/// one holds).
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct CeilingRequest {
    /// Heaviest load (0.25 to 1000), in `units`.
    #[serde(default)]
    #[schemars(range(min = 0.25, max = 1000))]
    pub(crate) load: Option<f64>,
    /// `kg` or `lb` for `load`; the client's own units when absent.
    #[serde(default)]
    pub(crate) units: Option<resilift_api::next::UnitsDto>,
    /// Heaviest percentage of the estimated 1RM (10 to 80: never above the programme's own).
    #[serde(default)]
    #[schemars(range(min = 10, max = 80))]
    pub(crate) percent_e1rm: Option<f64>,
}

/// Checks an override and makes its record without storing it (the preview shows the plan it
/// would produce).
pub(crate) async fn build_override(
    state: &AppState,
    clinician: &str,
    id: &str,
    request: OverrideRequest,
    preview: bool,
) -> ApiResult<Override> {
    let OverrideRequest {
        note,
        stage,
        cleared_flags,
        ceiling,
    } = request;
    let cleared_flags = cleared_flags
        .as_deref()
        .map(crate::safety::check_clearable)
        .transpose()?
        .map(|ids| serde_json::to_string(&ids))
        .transpose()
        .map_err(|e| ApiError::internal(&e))?;
    let note = note.trim().to_owned();
    // A preview needs no note yet: it shows the plan the other choices produce.
    if (note.is_empty() && !preview) || note.chars().count() > 2000 {
        return Err(ApiError::field(
            ErrorCode::InvalidInput,
            "note",
            "write a note for your client saying why (up to 2,000 characters)",
        ));
    }
    if let Some(stage) = &stage
        && !["foundation", "kettlebell", "trap_bar", "barbell"].contains(&stage.as_str())
    {
        return Err(ApiError::field(
            ErrorCode::InvalidInput,
            "stage",
            format!("expected foundation, kettlebell, trap_bar or barbell, got {stage:?}"),
        ));
    }
    let (ceiling_load, ceiling_units, ceiling_percent) = match ceiling {
        None => (None, None, None),
        Some(c) => {
            let max_pct = state.rules().prescription.max_pct * 100.0;
            if c.load.is_none() && c.percent_e1rm.is_none() {
                return Err(ApiError::field(
                    ErrorCode::InvalidInput,
                    "ceiling",
                    "expected a load, a percentage of the estimated 1RM, or both",
                ));
            }
            if let Some(load) = c.load
                && !(load.is_finite() && (0.25..=1000.0).contains(&load))
            {
                return Err(ApiError::field(
                    ErrorCode::InvalidInput,
                    "ceiling.load",
                    format!("expected a load from 0.25 to 1000, got {load}"),
                ));
            }
            if let Some(pct) = c.percent_e1rm
                && !(pct.is_finite() && (10.0..=max_pct).contains(&pct))
            {
                return Err(ApiError::field(
                    ErrorCode::InvalidInput,
                    "ceiling.percent_e1rm",
                    format!(
                        "expected a percentage from 10 to {max_pct} (the programme's own ceiling), got {pct}"
                    ),
                ));
            }
            let units = match (c.load, c.units) {
                (None, _) => None,
                (Some(_), Some(units)) => Some(units.as_str().to_owned()),
                (Some(_), None) => Some(views::units_of(state, id).await?.as_str().to_owned()),
            };
            (c.load, units, c.percent_e1rm)
        }
    };
    Ok(Override {
        id: new_id(),
        lifter_id: id.to_owned(),
        clinician_id: Some(clinician.to_owned()),
        created_at: state.now(),
        stage,
        note,
        cleared_flags,
        ceiling_load,
        ceiling_units,
        ceiling_percent,
    })
}

/// Stores a clinician's override (a note, and optionally a rung, clearances and a ceiling) for
/// a linked client.
pub(crate) async fn save_override(
    state: &AppState,
    clinician: &str,
    id: &str,
    request: OverrideRequest,
) -> ApiResult<Override> {
    let record = build_override(state, clinician, id, request, false).await?;
    let entry = audit(
        state,
        Some(clinician),
        Some(id),
        "override.created",
        &json!({"override_id": record.id, "stage": record.stage, "note": record.note, "cleared_flags": record.cleared_flags, "ceiling_load": record.ceiling_load, "ceiling_units": record.ceiling_units, "ceiling_percent": record.ceiling_percent}),
    );
    state.store().insert_override(&record, &entry).await?;
    Ok(record)
}
