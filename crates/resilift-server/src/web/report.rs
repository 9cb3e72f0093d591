//! The clinical report as a PDF, for the person (`/account/report.pdf`, `GET /me/report.pdf`)
//! and a linked clinician (`/clients/{id}/report.pdf`, `GET /clients/{id}/report.pdf`): the
//! record over a chosen period gathered into `resilift_report::Report` in plain words, with
//! the same charts as the Progress page, typeset on a blocking thread.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use resilift_api::ErrorCode;
use resilift_api::words::Words as _;
use resilift_report::{Chart, Note, Plan, Reason, Report, Score, Screening, SessionRow, Status};
use schemars::JsonSchema;
use serde::Deserialize;

use super::lifter::long_date;
use super::{Viewer, refusal};
use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::views;

/// `?from=YYYY-MM-DD&to=YYYY-MM-DD`: the period (the last 365 days when absent).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Period {
    /// First day (YYYY-MM-DD); a year before `to` when absent.
    #[serde(default)]
    pub(crate) from: Option<String>,
    /// Last day (YYYY-MM-DD); today when absent.
    #[serde(default)]
    pub(crate) to: Option<String>,
}

/// The longest period one report covers.
const LONGEST_DAYS: i64 = 10 * 366;

impl Period {
    /// The first and last day, checked.
    pub(crate) fn days(&self, today: NaiveDate) -> ApiResult<(NaiveDate, NaiveDate)> {
        let day = |field: &str, text: &Option<String>| -> ApiResult<Option<NaiveDate>> {
            match text.as_deref() {
                None => Ok(None),
                Some("") => Err(ApiError::field(
                    ErrorCode::InvalidInput,
                    field,
                    "expected a date as YYYY-MM-DD: choose a day, or leave it out for the default",
                )),
                Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .ok()
                    .filter(|_| text.len() == 10)
                    .map(Some)
                    .ok_or_else(|| {
                        ApiError::field(
                            ErrorCode::InvalidInput,
                            field,
                            format!("expected a date as YYYY-MM-DD, got `{text}`"),
                        )
                    }),
            }
        };
        let to = day("to", &self.to)?.unwrap_or(today);
        let from = day("from", &self.from)?.unwrap_or(to - chrono::Duration::days(365));
        if from > to {
            return Err(ApiError::field(
                ErrorCode::InvalidInput,
                "from",
                format!("the first day ({from}) is after the last ({to})"),
            ));
        }
        if (to - from).num_days() > LONGEST_DAYS {
            return Err(ApiError::field(
                ErrorCode::InvalidInput,
                "from",
                "a report covers at most ten years: choose a later first day",
            ));
        }
        Ok((from, to))
    }
}

fn reasons(list: &[resilift_api::ReasonDto]) -> Vec<Reason> {
    list.iter()
        .map(|r| Reason {
            rule: r.rule.to_string(),
            message: r.message.clone(),
            evidence: r
                .evidence
                .iter()
                .map(|e| format!("{}: {}", e.id, resilift_api::level_words(&e.level)))
                .collect(),
        })
        .collect()
}

fn short(day: NaiveDate) -> String {
    super::dates::short(day)
}

fn capitalised(words: &str) -> String {
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn adherence_words(label: &str, a: views::AdherenceView) -> String {
    match a.percent {
        Some(percent) => format!("{label}: {percent}% ({} of {})", a.done, a.planned),
        None => format!("{label}: nothing planned yet"),
    }
}

/// Gathers the record of `account_id` from `from` to `to` into a report.
pub(crate) async fn gather(
    state: &AppState,
    account_id: &str,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> ApiResult<Report> {
    let store = state.store();
    let account = store
        .account(account_id)
        .await?
        .ok_or_else(|| ApiError::not_found("account"))?;
    let name = store.display_name(account_id).await?;
    let within = |day: NaiveDate| day >= from && day <= to;
    let mut report = Report {
        title: "Clinical report".to_owned(),
        person: name.unwrap_or_else(|| account.email.clone()),
        email: account.email.clone(),
        account: account.id.clone(),
        period: format!("{} to {}", long_date(from), long_date(to)),
        made_on: long_date(today),
        rules_version: resilift_core::rules::RULESET_VERSION.to_owned(),
        disclaimer: resilift_core::DISCLAIMER.to_owned(),
        ..Report::default()
    };
    if let Ok(status) = views::status(state, account_id).await {
        report.status = Some(Status {
            colour: status.status.colour.words().to_owned(),
            reasons: reasons(&status.status.reasons),
        });
        report.adherence = vec![
            adherence_words("Last 4 weeks", status.adherence_4_weeks),
            adherence_words("Last 12 weeks", status.adherence_12_weeks),
        ];
    }
    let screenings = store.all_screenings(account_id).await?;
    if let Some(latest) = screenings.iter().rev().find(|s| s.as_of <= to) {
        let view = views::screening_view(latest)?;
        report.screening = Some(Screening {
            date: long_date(latest.as_of),
            decision: capitalised(view.result.decision.words()),
            reasons: reasons(&view.result.reasons),
            advice: view
                .result
                .advice
                .iter()
                .map(|a| format!("{} ({})", a.message, a.id))
                .collect(),
            next_screen: view
                .result
                .next_screen
                .as_deref()
                .and_then(|d| d.parse::<NaiveDate>().ok())
                .map(long_date),
        });
    }
    if to >= today
        && let Ok(plan) = views::next_session(state, account_id).await
    {
        report.plan = Some(Plan {
            summary: plan.plan.summary.clone(),
            reasons: reasons(&plan.plan.reasons),
        });
    }
    for a in store.all_assessments(account_id).await? {
        if !within(a.taken_on) {
            continue;
        }
        let Ok(result) = serde_json::from_str::<resilift_api::score::ScoreResult>(&a.result) else {
            continue;
        };
        report.scores.push(Score {
            date: short(a.taken_on),
            instrument: super::assess::title(&a.instrument).to_owned(),
            value: result.summary(),
            change: result
                .change_words()
                .unwrap_or_else(|| "first in the record".to_owned()),
        });
    }
    let mut progress = views::progress(state, account_id).await?;
    progress.sessions.retain(|s| within(s.date));
    progress.rung_changes.retain(|c| within(c.date));
    progress.holds.retain(|h| within(h.date));
    progress.scores.retain(|s| within(s.date));
    progress.imported.retain(|s| within(s.date));
    let units = progress.units.as_str();
    let fmt = resilift_core::prescribe::fmt_load;
    for s in &progress.sessions {
        report.sessions.push(SessionRow {
            date: short(s.date),
            exercise: s.exercise.words().to_owned(),
            load: s
                .working_load
                .map_or_else(|| "none".to_owned(), |l| format!("{} {units}", fmt(l))),
            e1rm: s
                .e1rm
                .map_or_else(|| "none".to_owned(), |l| format!("{} {units}", fmt(l))),
            pain: s.pain_during.to_string(),
            morning: s
                .pain_next_morning
                .map_or_else(|| "not answered".to_owned(), |p| p.to_string()),
            response: s.pain_colour.words().to_owned(),
        });
    }
    let drawn = super::lifter::drawings(&progress);
    for (title, chart) in [
        ("Estimated 1RM and working load", drawn.load),
        ("Pain during and the next morning", drawn.pain),
        ("Hold times", drawn.hold),
        ("Questionnaire scores", drawn.score),
    ] {
        if let Some(((_, wide), key)) = chart {
            report.charts.push(Chart {
                title: title.to_owned(),
                svg: wide,
                key: key.into_iter().map(|(name, _)| name).collect(),
            });
        }
    }
    for t in store.all_triages(account_id).await? {
        if !within(t.taken_on) {
            continue;
        }
        let view = views::triage_view(&t)?;
        report.triages.push(resilift_report::Triage {
            date: long_date(t.taken_on),
            outcome: view.result.outcome.words().to_owned(),
            reasons: reasons(&view.result.reasons),
        });
    }
    for o in store.overrides(account_id).await?.iter().rev() {
        let day = o.created_at.date_naive();
        if !within(day) {
            continue;
        }
        let author = match o.clinician_id.as_deref() {
            Some(id) => match store.display_name(id).await? {
                Some(name) => name,
                None => store
                    .account(id)
                    .await?
                    .map_or_else(|| "a clinician".to_owned(), |a| a.email),
            },
            None => "a clinician whose account was closed".to_owned(),
        };
        let view = views::override_view(o);
        let mut changes = Vec::new();
        if let Some(stage) = o
            .stage
            .as_deref()
            .and_then(|s| resilift_core::domain::Stage::parse(s).ok())
        {
            changes.push(format!("rung set to {}", stage.label()));
        }
        if let Some(ceiling) = view.ceiling {
            changes.push(format!("load ceiling {}", ceiling.words()));
        }
        if let Some(cleared) = o
            .cleared_flags
            .as_deref()
            .and_then(|t| serde_json::from_str::<Vec<String>>(t).ok())
            .filter(|c| !c.is_empty())
        {
            changes.push(format!("cleared for loading: {}", cleared.len()));
        }
        report.notes.push(Note {
            date: long_date(day),
            author,
            text: o.note.clone(),
            changes: changes.join("; "),
        });
    }
    report.sources = sources(&report);
    Ok(report)
}

/// A reference for each source the report's reasons cite, in order of first citation.
fn sources(report: &Report) -> Vec<String> {
    let mut reasons: Vec<&Reason> = Vec::new();
    if let Some(status) = &report.status {
        reasons.extend(&status.reasons);
    }
    if let Some(screening) = &report.screening {
        reasons.extend(&screening.reasons);
    }
    if let Some(plan) = &report.plan {
        reasons.extend(&plan.reasons);
    }
    for triage in &report.triages {
        reasons.extend(&triage.reasons);
    }
    let mut seen: Vec<&str> = Vec::new();
    for reason in reasons {
        for evidence in &reason.evidence {
            let id = evidence.split(':').next().unwrap_or_default();
            if !seen.contains(&id) {
                seen.push(id);
            }
        }
    }
    seen.into_iter()
        .filter_map(resilift_core::evidence::citation)
        .map(|c| {
            let year = if c.year == 0 {
                "undated".to_owned()
            } else {
                c.year.to_string()
            };
            format!(
                "{}: {} ({year}). {}. {}. Evidence level: {}.",
                c.id,
                c.authors,
                c.title.trim_end_matches('.'),
                c.venue.trim_end_matches('.'),
                c.level.label()
            )
        })
        .collect()
}

/// The report of `account_id` as PDF bytes (typeset on a blocking thread).
pub(crate) async fn pdf(
    state: &AppState,
    account_id: &str,
    period: &Period,
    today: NaiveDate,
) -> ApiResult<Vec<u8>> {
    let (from, to) = period.days(today)?;
    let report = gather(state, account_id, from, to, today).await?;
    tokio::task::spawn_blocking(move || resilift_report::render(&report))
        .await
        .map_err(|e| ApiError::internal(&e))?
        .map_err(|e| ApiError::internal(&e))
}

/// The PDF as a download.
pub(crate) fn pdf_response(bytes: Vec<u8>, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// A form that downloads the report for a chosen period (the last year to today, filled in).
pub(crate) fn period_form(action: &str, label: &str, today: NaiveDate) -> maud::Markup {
    let from = today - chrono::Duration::days(365);
    let id = |name: &str| format!("report-{name}-{}", action.len());
    maud::html! {
        form method="get" action=(action) class="report-form" {
            fieldset {
                legend { (label) }
                p class="hint" { "Identification, the latest screening with its reasons and evidence, scores, charts, sessions, adherence, answers after a painful lift and clinicians' notes for the period you choose." }
                div class="inline-fields" {
                    div class="field" {
                        label for=(id("from")) { "From" }
                        input id=(id("from")) type="date" name="from" value=(from.to_string());
                    }
                    div class="field" {
                        label for=(id("to")) { "To" }
                        input id=(id("to")) type="date" name="to" value=(today.to_string());
                    }
                }
                button type="submit" class="secondary" { "Download the PDF" }
            }
        }
    }
}

/// `/account/report.pdf` (a lifter's own).
pub(crate) async fn mine(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Query(period): Query<Period>,
) -> Response {
    let id = match viewer.lifter() {
        Ok(id) => id.to_owned(),
        Err(error) => return refusal(&viewer, &error),
    };
    match pdf(&state, &id, &period, viewer.today(state.now())).await {
        Ok(bytes) => pdf_response(bytes, "resilift-report.pdf"),
        Err(error) => refusal(&viewer, &error),
    }
}

/// `/clients/{id}/report.pdf` (a linked clinician's).
pub(crate) async fn client(
    State(state): State<AppState>,
    Viewer(viewer): Viewer,
    Path(id): Path<String>,
    Query(period): Query<Period>,
) -> Response {
    let client = match crate::access::linked(&state, &viewer, &id, Some("report")).await {
        Ok(client) => client,
        Err(error) => return refusal(&viewer, &error),
    };
    match pdf(&state, &client, &period, viewer.today(state.now())).await {
        Ok(bytes) => pdf_response(bytes, "resilift-client-report.pdf"),
        Err(error) => refusal(&viewer, &error),
    }
}
