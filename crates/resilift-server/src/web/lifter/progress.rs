//! Progress: charts and history (shared with the clinician's client page).

#[allow(
    clippy::wildcard_imports,
    reason = "the pages share one set of imports"
)]
use super::*;

/// A day in a table: "24 Nov 2026".
pub(super) fn short_date(day: NaiveDate) -> String {
    crate::web::dates::short(day)
}

/// A chart drawn narrow and wide, with its key (name and swatch classes), or none.
pub(crate) type Drawn = Option<((String, String), Vec<(String, String)>)>;

/// The four progress charts.
pub(crate) struct Drawings {
    pub(crate) load: Drawn,
    pub(crate) pain: Drawn,
    pub(crate) hold: Drawn,
    pub(crate) score: Drawn,
}

/// Draws the progress charts (the page and the PDF report show the same drawings).
pub(crate) fn drawings(progress: &views::Progress) -> Drawings {
    let sessions = &progress.sessions;
    let units = progress.units.as_str();
    let markers: Vec<NaiveDate> = progress.rung_changes.iter().map(|c| c.date).collect();
    let points = |value: fn(&views::ProgressSession) -> Option<f64>| -> Vec<(NaiveDate, f64)> {
        sessions
            .iter()
            .filter_map(|s| Some((s.date, value(s)?)))
            .collect()
    };
    // One pair of lines per exercise, so that estimates at different lifts never share a line.
    let load_series = || -> Vec<Series> {
        [
            (StageDto::Kettlebell, "Kettlebell", charts::BLUE),
            (StageDto::TrapBar, "Trap bar", charts::ORANGE),
            (StageDto::Barbell, "Barbell", charts::PURPLE),
        ]
        .into_iter()
        .flat_map(|(exercise, name, colour)| {
            let at = |value: fn(&views::ProgressSession) -> Option<f64>| -> Vec<(NaiveDate, f64)> {
                sessions
                    .iter()
                    .filter(|s| s.exercise == exercise)
                    .filter_map(|s| Some((s.date, value(s)?)))
                    .collect()
            };
            [
                Series {
                    name: format!("{name}: estimated 1RM"),
                    colour,
                    dashed: false,
                    points: at(|s| s.e1rm),
                },
                Series {
                    name: format!("{name}: working load"),
                    colour,
                    dashed: true,
                    points: at(|s| s.working_load),
                },
                Series {
                    name: format!("{name}: estimated 1RM from imported history"),
                    colour: charts::GREEN,
                    dashed: true,
                    points: progress
                        .imported
                        .iter()
                        .filter(|s| s.exercise == exercise)
                        .filter_map(|s| Some((s.date, s.e1rm?)))
                        .collect(),
                },
            ]
        })
        .filter(|s| !s.points.is_empty())
        .collect()
    };
    let pain_series = || {
        vec![
            Series {
                name: "worst during".to_owned(),
                colour: charts::PURPLE,
                dashed: false,
                points: points(|s| Some(f64::from(s.pain_during))),
            },
            Series {
                name: "next morning".to_owned(),
                colour: charts::GREEN,
                dashed: false,
                points: points(|s| s.pain_next_morning.map(f64::from)),
            },
        ]
    };
    let hold_series = || -> Vec<Series> {
        [
            ("biering_sorensen", "Biering-Sørensen", charts::BLUE),
            ("mcgill_extension", "McGill extensors", charts::GREEN),
            ("mcgill_flexion", "McGill flexors", charts::ORANGE),
        ]
        .into_iter()
        .map(|(test, name, colour)| Series {
            name: name.to_owned(),
            colour,
            dashed: false,
            points: progress
                .holds
                .iter()
                .filter(|h| h.test == test)
                .map(|h| (h.date, h.seconds))
                .collect(),
        })
        .filter(|s| !s.points.is_empty())
        .collect()
    };
    let score_series = || -> Vec<Series> {
        [
            ("odi", "ODI %", charts::BLUE),
            ("rmdq", "RMDQ", charts::ORANGE),
            ("tsk11", "TSK-11", charts::PURPLE),
            ("nprs", "pain scale", charts::GREEN),
        ]
        .into_iter()
        .map(|(instrument, name, colour)| Series {
            name: name.to_owned(),
            colour,
            dashed: false,
            points: progress
                .scores
                .iter()
                .filter(|s| s.instrument == instrument)
                .map(|s| (s.date, s.value))
                .collect(),
        })
        .filter(|s| !s.points.is_empty())
        .collect()
    };
    // Each chart drawn twice: narrow for phones, wide for larger screens.
    let both = |draw: &dyn Fn(Size) -> Option<String>| -> Option<(String, String)> {
        Some((draw(Size::Narrow)?, draw(Size::Wide)?))
    };
    let load_chart =
        both(&|size| charts::line_chart(size, units, &load_series(), &markers, Some(0.0), None))
            .map(|svgs| (svgs, charts::legend(&load_series())));
    let pain_chart = both(&|size| {
        charts::line_chart(
            size,
            "pain 0-10",
            &pain_series(),
            &markers,
            Some(0.0),
            Some(10.0),
        )
    })
    .map(|svgs| (svgs, charts::legend(&pain_series())));
    let hold_chart =
        both(&|size| charts::line_chart(size, "seconds", &hold_series(), &[], Some(0.0), None))
            .map(|svgs| (svgs, charts::legend(&hold_series())));
    let score_chart =
        both(&|size| charts::line_chart(size, "score", &score_series(), &[], Some(0.0), None))
            .map(|svgs| (svgs, charts::legend(&score_series())));
    Drawings {
        load: load_chart,
        pain: pain_chart,
        hold: hold_chart,
        score: score_chart,
    }
}

/// Charts and history from a progress series (shared with the clinician's client page).
/// The progress charts and history; `session_href` links each session row to its page.
pub(crate) fn progress_markup(progress: &views::Progress, session_href: Option<&str>) -> Markup {
    let fmt = resilift_core::prescribe::fmt_load;
    let optional = |value: Option<f64>| value.map_or_else(|| "—".to_owned(), fmt);
    let sessions = &progress.sessions;
    let units = progress.units.as_str();
    let Drawings {
        load: load_chart,
        pain: pain_chart,
        hold: hold_chart,
        score: score_chart,
    } = drawings(progress);
    let figure = |title: &str, chart: Drawn, summary: String| {
        html! {
            figure class="chart" {
                figcaption { (title) }
                @match chart {
                    Some(((narrow, wide), legend)) => {
                        div role="img" aria-label=(summary) {
                            div class="chart-narrow" { (svg(narrow)) }
                            div class="chart-wide" { (svg(wide)) }
                        }
                        ul class="legend" aria-hidden="true" {
                            @for (name, swatch) in &legend {
                                li { span class=(swatch) {} (name) }
                            }
                        }
                    }
                    None => { p class="small" { "Nothing to chart yet." } }
                }
            }
        }
    };
    let last = sessions.last();
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    html! {
        (figure("Estimated 1RM and working load, one colour per lift (grey dashed lines: rung changes)", load_chart,
            last.map_or_else(|| "No sessions yet".to_owned(), |s| format!("{}; latest estimated 1RM {} {units}, working load {} {units}", count(sessions.len(), "session", "sessions"), optional(s.e1rm), optional(s.working_load)))))
        (figure("Pain during and the next morning", pain_chart,
            last.map_or_else(|| "No sessions yet".to_owned(), |s| format!("Latest session: worst during {}, next morning {}", s.pain_during, s.pain_next_morning.map_or_else(|| "not answered yet".to_owned(), |p| p.to_string())))))
        (figure("Hold times", hold_chart, count(progress.holds.len(), "hold result", "hold results")))
        (figure("Questionnaire scores", score_chart, count(progress.scores.len(), "questionnaire result", "questionnaire results")))
        h2 { "Sessions" }
        @if sessions.is_empty() { p { "No sessions logged yet." } } @else {
            div class="table-wrap" role="region" tabindex="0" aria-label="Session history" {
                table class="stack" {
                    thead { tr { th scope="col" { "Day" } th scope="col" { "Exercise" } th scope="col" { "Top load" } th scope="col" { "e1RM" } th scope="col" { "Pain during" } th scope="col" { "Next morning" } th scope="col" { "Response" } } }
                    tbody {
                        @for s in sessions.iter().rev() {
                            tr {
                                td data-label="Day" { @if let Some(href) = session_href { a href=(format!("{href}{}", s.id)) { (short_date(s.date)) } } @else { (short_date(s.date)) } }
                                td class="wrap" data-label="Exercise" { (s.exercise.words()) }
                                td data-label="Top load" { (optional(s.working_load)) " " (units) }
                                td data-label="e1RM" { (optional(s.e1rm)) }
                                td data-label="Pain during" { (s.pain_during) }
                                td data-label="Next morning" { @match s.pain_next_morning { Some(p) => { (p) } None => { "—" } } }
                                td class="wrap" data-label="Response" { (chip(s.pain_colour)) }
                            }
                        }
                    }
                }
            }
        }
        h2 { "Screenings" }
        @if progress.screenings.is_empty() { p { "No screenings yet." } } @else {
            ul { @for s in progress.screenings.iter().rev() { li { (long_date(s.date)) ": " (s.decision.words()) } } }
        }
    }
}

/// `?deleted=1` after a session was deleted.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct ProgressQuery {
    deleted: Option<String>,
}

pub(crate) async fn progress(
    State(state): State<AppState>,
    LifterViewer(viewer): LifterViewer,
    axum::extract::Query(query): axum::extract::Query<ProgressQuery>,
) -> Response {
    let lifter = viewer.id();
    let days = match state.store().foundation_days(lifter, None, 30).await {
        Ok(page) => page
            .items
            .iter()
            .map(|day| views::foundation_day_view(day, state.rules()))
            .collect::<Result<Vec<_>, _>>(),
        Err(error) => Err(error.into()),
    };
    let days = match days {
        Ok(days) => days,
        Err(error) => return refusal(&viewer, &error),
    };
    match views::progress(&state, lifter).await {
        Ok(progress) => page(
            Some(&viewer),
            "Progress",
            html! {
                h1 { "Progress" }
                @if query.deleted.is_some() { p class="notice" role="status" { "Deleted. The plan now follows the rest of your record; a warning sign, leg symptoms below the knee or pain high enough to stop training that it reported still count until your next screening." } }
                (progress_markup(&progress, Some("/sessions/")))
                @if !days.is_empty() {
                    h2 { "Foundation work" }
                    div class="table-wrap" role="region" tabindex="0" aria-label="Days of foundation work" {
                        table class="stack" {
                            thead { tr { th scope="col" { "Day" } th scope="col" { "Exercises done" } th scope="col" { "Worst pain" } th scope="col" { "Response" } } }
                            tbody {
                                @for day in &days {
                                    tr {
                                        td data-label="Day" { a href=(format!("/foundation-days/{}", day.id)) { (day.day.date.parse::<NaiveDate>().map_or_else(|_| day.day.date.clone(), short_date)) } }
                                        td data-label="Exercises done" { (day.day.exercises.len()) " of 6" }
                                        td data-label="Worst pain" { (day.day.pain.during_max.max(day.day.pain.after)) }
                                        td data-label="Response" { (chip(day.pain_response)) }
                                    }
                                }
                            }
                        }
                    }
                }
            },
        )
        .into_response(),
        Err(error) => refusal(&viewer, &error),
    }
}
