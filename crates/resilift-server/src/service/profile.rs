//! A lifter's profile: units, time zone and equipment.

use resilift_api::ErrorCode;
use resilift_api::next::{EquipmentDto, UnitsDto};
use resilift_store::Profile;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::service::audit;
use crate::views;

/// Equipment in a profile (its units are the profile's).
#[derive(Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct EquipmentFields {
    /// Empty barbell.
    #[serde(default)]
    pub(crate) barbell: Option<f64>,
    /// Empty trap bar.
    #[serde(default)]
    pub(crate) trap_bar: Option<f64>,
    /// Smallest total increment.
    #[serde(default)]
    pub(crate) step: Option<f64>,
    /// Kettlebells owned.
    #[serde(default)]
    pub(crate) kettlebells: Option<Vec<f64>>,
}

/// `PUT /me/profile`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProfileBody {
    /// `kg` or `lb`; loads are logged and prescribed in these.
    pub(crate) units: UnitsDto,
    /// IANA time zone, for "today".
    pub(crate) time_zone: String,
    /// Equipment; the standard gym for the units when absent.
    #[serde(default)]
    pub(crate) equipment: Option<EquipmentFields>,
}

/// A profile on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub(crate) struct ProfileView {
    /// `kg` or `lb`.
    pub(crate) units: String,
    /// IANA time zone.
    pub(crate) time_zone: String,
    /// Equipment in effect.
    pub(crate) equipment: EquipmentFields,
    /// Last change.
    updated_at: String,
}

pub(crate) fn profile_view(profile: &Profile) -> ApiResult<ProfileView> {
    let dto: EquipmentDto =
        serde_json::from_str(&profile.equipment).map_err(|e| ApiError::internal(&e))?;
    let equipment =
        resilift_api::next::check_equipment(&dto).map_err(|e| ApiError::internal(&e))?;
    Ok(ProfileView {
        units: profile.units.clone(),
        time_zone: profile.time_zone.clone(),
        equipment: EquipmentFields {
            barbell: Some(equipment.barbell),
            trap_bar: Some(equipment.trap_bar),
            step: Some(equipment.step),
            kettlebells: Some(equipment.kettlebells),
        },
        updated_at: views::instant(profile.updated_at),
    })
}

/// Replaces a profile after checking the time zone and equipment; units are locked once
/// sessions are logged in them.
pub(crate) async fn save_profile(
    state: &AppState,
    account_id: &str,
    request: ProfileBody,
) -> ApiResult<Profile> {
    let time_zone = views::check_time_zone("time_zone", &request.time_zone)?;
    let fields = request.equipment.unwrap_or_default();
    let dto = EquipmentDto {
        units: request.units,
        barbell: fields.barbell,
        trap_bar: fields.trap_bar,
        step: fields.step,
        kettlebells: fields.kettlebells,
    };
    resilift_api::next::check_equipment(&dto)?;
    let (_, current) = crate::service::today(state, account_id).await?;
    let units = request.units.as_str();
    if current.units != units
        && !state
            .store()
            .sessions(account_id, None, 1)
            .await?
            .items
            .is_empty()
    {
        return Err(ApiError::new(
            ErrorCode::UnitsLocked,
            format!(
                "sessions are already logged in {}; changing units would misread their loads",
                current.units
            ),
        ));
    }
    let profile = Profile {
        account_id: account_id.to_owned(),
        units: units.to_owned(),
        equipment: serde_json::to_string(&dto).map_err(|e| ApiError::internal(&e))?,
        time_zone,
        updated_at: state.now(),
    };
    let entry = audit(
        state,
        Some(account_id),
        Some(account_id),
        "profile.updated",
        &json!({"units": profile.units, "time_zone": profile.time_zone}),
    );
    state.store().put_profile(&profile, &entry).await?;
    Ok(profile)
}
