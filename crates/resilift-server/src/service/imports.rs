//! Importing workout history from Strong, Hevy and FitNotes: an uploaded file becomes a
//! preview (which exercises map to which rung, the units, duplicates of sessions already here,
//! rows that could not be read), which the lifter confirms or discards; a confirmed import is
//! one batch that can be undone as a whole. Imported sessions carry no pain answers: they feed
//! the estimated 1RM (PRX-IMPORT) and the charts, never the pain rules or the ladder.

use std::collections::HashSet;

use chrono::NaiveDate;
use resilift_api::ErrorCode;
use resilift_api::import::{self, KG_PER_LB, Unit};
use resilift_api::next::{ExerciseDto, UnitsDto};
use resilift_store::{Import, ImportedSession};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::service::{audit, new_id, today};

/// The largest file taken: the parser's own limit.
pub(crate) const MAX_BYTES: usize = import::MAX_INPUT_BYTES;

/// One set in a preview, in the lifter's units.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub(crate) struct ImportSetView {
    /// Load, in the lifter's units.
    pub(crate) load: f64,
    /// Reps.
    pub(crate) reps: u32,
    /// Effort, when the other app recorded one.
    pub(crate) rpe: Option<f64>,
    /// A warm-up set (never used for the estimate).
    pub(crate) warmup: bool,
    /// The line of the file it came from.
    pub(crate) line: usize,
}

/// One session in a preview.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub(crate) struct ImportSessionView {
    /// Day.
    pub(crate) date: NaiveDate,
    /// The rung it maps to: `kettlebell`, `trap_bar` or `barbell`.
    pub(crate) exercise: ExerciseDto,
    /// The exercise's name in the file.
    pub(crate) source_name: String,
    /// The workout's name in the file (empty for FitNotes).
    pub(crate) workout: String,
    /// The line of the file where it starts.
    pub(crate) first_line: usize,
    /// Sets in file order.
    pub(crate) sets: Vec<ImportSetView>,
    /// The estimated 1RM it gives (PRX-IMPORT), in the lifter's units, if any.
    pub(crate) e1rm: Option<f64>,
}

/// An exercise in the file that resilift does not import.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub(crate) struct IgnoredView {
    /// Its name in the file.
    pub(crate) name: String,
    /// How many sets of it.
    pub(crate) sets: usize,
}

/// A row that could not be read.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub(crate) struct ProblemView {
    /// Line number in the file.
    pub(crate) line: usize,
    /// What is wrong, in words.
    pub(crate) message: String,
}

/// An import: its preview, and what became of it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub(crate) struct ImportView {
    /// Id.
    pub(crate) id: String,
    /// `preview` (nothing stored yet), `confirmed` (its sessions stored) or `undone`.
    pub(crate) status: String,
    /// `strong`, `hevy` or `fitnotes`.
    pub(crate) app: String,
    /// The file's weight units: `kg` or `lb`.
    pub(crate) units: UnitsDto,
    /// True when the file does not say its units and `units` is an assumption (pass
    /// `?units=lb` or `?units=kg` to say which).
    pub(crate) units_assumed: bool,
    /// The lifter's units, which every load below is written in.
    pub(crate) shown_in: UnitsDto,
    /// When it was uploaded.
    pub(crate) created_at: String,
    /// The deadlift sessions to import (or imported), oldest first.
    pub(crate) sessions: Vec<ImportSessionView>,
    /// Sessions left out because one at the same rung is already recorded that day.
    pub(crate) duplicates: Vec<ImportSessionView>,
    /// Other exercises, not imported.
    pub(crate) ignored: Vec<IgnoredView>,
    /// Rows that could not be read, by line.
    pub(crate) problems: Vec<ProblemView>,
    /// Data rows read.
    pub(crate) rows: usize,
}

/// `?units=` on an upload: the weight units of a file that does not say.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct UploadQuery {
    /// `kg` or `lb`; used only when the file's header does not say.
    #[serde(default)]
    pub(crate) units: Option<String>,
}

fn lifter_units(profile: &resilift_store::Profile) -> UnitsDto {
    UnitsDto::parse(&profile.units).unwrap_or(UnitsDto::Kg)
}

fn from_kg(kg: f64, units: UnitsDto) -> f64 {
    let value = match units {
        UnitsDto::Kg => kg,
        UnitsDto::Lb => kg / KG_PER_LB,
    };
    resilift_api::round2(value)
}

/// (day, rung) of every session already recorded: logged here, or imported and kept.
async fn recorded(state: &AppState, account_id: &str) -> ApiResult<HashSet<(NaiveDate, String)>> {
    let mut seen = HashSet::new();
    for row in state.store().all_sessions(account_id).await? {
        let (dto, _) = crate::views::parse_session(&row)?;
        seen.insert((row.date, dto.exercise.as_str().to_owned()));
    }
    for row in state.store().imported_sessions(account_id).await? {
        seen.insert((row.date, row.exercise));
    }
    Ok(seen)
}

/// Reads an uploaded file into a preview and stores it; nothing else is stored.
pub(crate) async fn upload(
    state: &AppState,
    account_id: &str,
    bytes: &[u8],
    query: &UploadQuery,
) -> ApiResult<ImportView> {
    let hint = match query.units.as_deref() {
        None => None,
        Some("kg") => Some(Unit::Kg),
        Some("lb") => Some(Unit::Lb),
        Some(other) => {
            return Err(ApiError::field(
                ErrorCode::InvalidInput,
                "units",
                format!("expected kg or lb, got `{other}`"),
            ));
        }
    };
    crate::limits::check_free_space(state)?;
    let parsed = import::parse(bytes, hint)
        .map_err(|error| ApiError::field(ErrorCode::InvalidInput, "file", error.to_string()))?;
    let (today, profile) = today(state, account_id).await?;
    let units = lifter_units(&profile);
    let seen = recorded(state, account_id).await?;
    let cfg = state.rules();
    let mut sessions = Vec::new();
    let mut duplicates = Vec::new();
    let mut problems: Vec<ProblemView> = parsed
        .problems
        .iter()
        .map(|p| ProblemView {
            line: p.line,
            message: p.message.clone(),
        })
        .collect();
    for s in &parsed.sessions {
        if s.date > today {
            problems.push(ProblemView {
                line: s.first_line,
                message: format!(
                    "a session dated {} is in the future, so it was left out",
                    s.date
                ),
            });
            continue;
        }
        let exercise = ExerciseDto::from(resilift_core::prescribe::Exercise::from(s.exercise));
        let sets: Vec<ImportSetView> = s
            .sets
            .iter()
            .map(|set| ImportSetView {
                load: from_kg(set.load_kg, units),
                reps: set.reps,
                rpe: set.rpe,
                warmup: set.warmup,
                line: set.line,
            })
            .collect();
        let log = log_of(s.date, exercise, &sets);
        let view = ImportSessionView {
            date: s.date,
            exercise,
            source_name: s.source_name.clone(),
            workout: s.workout.clone(),
            first_line: s.first_line,
            e1rm: log
                .and_then(|log| resilift_core::prescribe::imported_session_e1rm(&log, cfg))
                .map(resilift_api::round2),
            sets,
        };
        if seen.contains(&(s.date, s.exercise.as_str().to_owned())) {
            duplicates.push(view);
        } else {
            sessions.push(view);
        }
    }
    problems.sort_by_key(|p| p.line);
    let view = ImportView {
        id: new_id(),
        status: "preview".to_owned(),
        app: parsed.app.as_str().to_owned(),
        units: match parsed.unit {
            Unit::Kg => UnitsDto::Kg,
            Unit::Lb => UnitsDto::Lb,
        },
        units_assumed: parsed.units_assumed,
        shown_in: units,
        created_at: crate::views::instant(state.now()),
        sessions,
        duplicates,
        ignored: parsed
            .ignored
            .iter()
            .map(|i| IgnoredView {
                name: i.name.clone(),
                sets: i.sets,
            })
            .collect(),
        problems,
        rows: parsed.rows,
    };
    let record = Import {
        id: view.id.clone(),
        account_id: account_id.to_owned(),
        created_at: state.now(),
        status: view.status.clone(),
        app: view.app.clone(),
        preview: serde_json::to_string(&view).map_err(|e| ApiError::internal(&e))?,
        confirmed_at: None,
        undone_at: None,
    };
    let entry = audit(
        state,
        Some(account_id),
        Some(account_id),
        "import.previewed",
        &json!({"import_id": view.id, "app": view.app, "sessions": view.sessions.len(), "rows": view.rows}),
    );
    state
        .store()
        .insert_import(&record, state.settings().max_import_previews, &entry)
        .await?;
    Ok(view)
}

/// The working sets of a session as the engine reads them, if it has any.
fn log_of(
    date: NaiveDate,
    exercise: ExerciseDto,
    sets: &[ImportSetView],
) -> Option<resilift_core::prescribe::ImportedLog> {
    let working: Vec<resilift_core::prescribe::SetLog> = sets
        .iter()
        .filter(|s| !s.warmup)
        .map(|s| resilift_core::prescribe::SetLog {
            load: s.load,
            reps: s.reps,
            rpe: s
                .rpe
                .and_then(|r| resilift_core::domain::Rpe::parse(r).ok()),
        })
        .collect();
    (!working.is_empty()).then(|| resilift_core::prescribe::ImportedLog {
        date,
        exercise: exercise.into(),
        sets: working,
    })
}

/// The stored import as the person saw it, with its current status.
pub(crate) fn view_of(record: &Import) -> ApiResult<ImportView> {
    let mut view: ImportView =
        serde_json::from_str(&record.preview).map_err(|e| ApiError::internal(&e))?;
    view.status.clone_from(&record.status);
    Ok(view)
}

async fn find(state: &AppState, account_id: &str, id: &str) -> ApiResult<Import> {
    state
        .store()
        .import(account_id, id)
        .await?
        .ok_or_else(|| ApiError::not_found("import"))
}

/// One of my imports.
pub(crate) async fn get(state: &AppState, account_id: &str, id: &str) -> ApiResult<ImportView> {
    view_of(&find(state, account_id, id).await?)
}

/// The most imports on one page: each carries its whole preview.
pub(crate) const IMPORTS_PAGE: u32 = 20;

/// A page of my imports, newest first (at most [`IMPORTS_PAGE`]).
pub(crate) async fn list(
    state: &AppState,
    account_id: &str,
    after: Option<&str>,
    limit: u32,
) -> ApiResult<resilift_store::Page<ImportView>> {
    let page = state
        .store()
        .imports(account_id, after, limit.min(IMPORTS_PAGE))
        .await?;
    Ok(resilift_store::Page {
        items: page.items.iter().map(view_of).collect::<ApiResult<_>>()?,
        next: page.next,
    })
}

/// Stores a previewed import's sessions (those still not recorded that day at that rung).
/// Confirming again answers the same; an undone import cannot be confirmed.
pub(crate) async fn confirm(state: &AppState, account_id: &str, id: &str) -> ApiResult<ImportView> {
    let record = find(state, account_id, id).await?;
    match record.status.as_str() {
        "confirmed" => return view_of(&record),
        "undone" => {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "This import was undone or discarded: upload the file again to import it.",
            ));
        }
        _ => {}
    }
    let mut view = view_of(&record)?;
    let (_, profile) = today(state, account_id).await?;
    let units = lifter_units(&profile);
    let seen = recorded(state, account_id).await?;
    let (kept, late): (Vec<_>, Vec<_>) = view
        .sessions
        .drain(..)
        .partition(|s| !seen.contains(&(s.date, s.exercise.as_str().to_owned())));
    view.sessions = kept;
    view.duplicates.extend(late);
    let rows = view
        .sessions
        .iter()
        .map(|s| {
            Ok(ImportedSession {
                id: new_id(),
                account_id: account_id.to_owned(),
                import_id: id.to_owned(),
                date: s.date,
                exercise: s.exercise.as_str().to_owned(),
                body: serde_json::to_string(&json!({
                    "source_name": s.source_name,
                    "workout": s.workout,
                    "sets": s.sets.iter().map(|set| json!({
                        "load_kg": to_kg(set.load, units),
                        "reps": set.reps,
                        "rpe": set.rpe,
                        "warmup": set.warmup,
                    })).collect::<Vec<_>>(),
                }))
                .map_err(|e| ApiError::internal(&e))?,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let entry = audit(
        state,
        Some(account_id),
        Some(account_id),
        "import.confirmed",
        &json!({"import_id": id, "sessions": rows.len()}),
    );
    if !state
        .store()
        .confirm_import(account_id, id, state.now(), &rows, &entry)
        .await?
    {
        // Confirmed or undone meanwhile: answer what it is now.
        return view_of(&find(state, account_id, id).await?);
    }
    view.status = "confirmed".to_owned();
    Ok(view)
}

fn to_kg(load: f64, units: UnitsDto) -> f64 {
    match units {
        UnitsDto::Kg => load,
        UnitsDto::Lb => (load * KG_PER_LB * 100.0).round() / 100.0,
    }
}

/// Undoes an import as a whole (or discards a preview): its sessions are removed.
pub(crate) async fn undo(state: &AppState, account_id: &str, id: &str) -> ApiResult<()> {
    let record = find(state, account_id, id).await?;
    if record.status == "undone" {
        return Ok(());
    }
    let entry = audit(
        state,
        Some(account_id),
        Some(account_id),
        "import.undone",
        &json!({"import_id": id}),
    );
    state
        .store()
        .undo_import(account_id, id, state.now(), &entry)
        .await?;
    Ok(())
}

/// A stored imported session as the engine reads it, in the lifter's units.
pub(crate) fn engine_session(
    row: &ImportedSession,
    units: UnitsDto,
    today: NaiveDate,
) -> ApiResult<Option<resilift_api::next::ImportedSessionDto>> {
    #[derive(Deserialize)]
    struct Body {
        sets: Vec<StoredSet>,
    }
    #[derive(Deserialize)]
    struct StoredSet {
        load_kg: f64,
        reps: u32,
        rpe: Option<f64>,
        warmup: bool,
    }
    let body: Body = serde_json::from_str(&row.body).map_err(|e| ApiError::internal(&e))?;
    let exercise: ExerciseDto =
        serde_json::from_value(json!(row.exercise)).map_err(|e| ApiError::internal(&e))?;
    let sets: Vec<resilift_api::next::SetDto> = body
        .sets
        .iter()
        .filter(|s| !s.warmup && s.reps >= 1 && s.reps <= 50)
        .map(|s| resilift_api::next::SetDto {
            load: from_kg(s.load_kg, units).max(0.25),
            reps: i64::from(s.reps),
            rpe: s.rpe,
        })
        .take(50)
        .collect();
    if sets.is_empty() || row.date > today {
        return Ok(None);
    }
    Ok(Some(resilift_api::next::ImportedSessionDto {
        date: row.date.to_string(),
        exercise,
        sets,
    }))
}
