//! A lifter's pages, one module per page: home with check-ins, screening and verdict, this
//! week, logging, session results, post-lift triage, risk profile, progress, and the evidence
//! pages. The pages share the imports below.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use maud::{Markup, html};
use resilift_core::domain::{HealthItem, RedFlag};
use resilift_core::form::{CHECKLIST, Fault};

use super::{
    Fields, LifterPosted, LifterViewer, Posted, Problems, Viewer, chip, csrf_field, dom_id,
    field_problems, form_page, number_input, page, pain_choice, problem_summary, reason_list,
    refusal, stop_set_box, svg, urgent_banner,
};
use crate::AppState;
use crate::auth::Principal;
use crate::error::{ApiError, ApiResult};
use crate::service::sessions::CheckIn;
use crate::views::{self, PlanView};
use crate::web::charts::{self, Series, Size};
use crate::web::forms::SET_ROWS;
use resilift_api::flare::TriageSubmission;
use resilift_api::next::NextResponse;
use resilift_api::next::SessionDto;
use resilift_api::score::{ScoreRequest, ScoreResult};
use resilift_api::screen::StageDto;
use resilift_api::screen::{
    ProgrammeItemDto, QuestionnairesDto, ScreeningRecord, ScreeningSubmission, SexDto, StartBackDto,
};
use resilift_api::words::{ColourDto, PlanDecisionDto, ScreenDecisionDto, UrgencyDto, Words as _};

mod flare;
mod foundation;
mod home;
mod logging;
mod progress;
mod risk;
mod screening;
mod week;
mod workout;

pub(crate) use self::flare::*;
pub(crate) use self::foundation::*;
pub(crate) use self::home::*;
pub(crate) use self::logging::*;
pub(crate) use self::progress::*;
pub(crate) use self::risk::*;
pub(crate) use self::screening::*;
pub(crate) use self::week::*;
pub(crate) use self::workout::*;
