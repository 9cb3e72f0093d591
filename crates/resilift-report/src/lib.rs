//! The clinical report as a PDF: one person over a chosen period, typeset by Typst from the
//! template in `templates/report.typ` (compiled into the binary) with fonts bundled from
//! `typst-assets`, so rendering needs no network, no system font and no file.
//!
//! The caller gathers the record into a [`Report`] (plain words and numbers, dates already
//! written for people); [`render`] hands it to the template as JSON and returns the PDF's
//! bytes. Nothing here reads a clock or does IO.

use serde::Serialize;
use typst::foundations::{Dict, IntoValue as _};
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;

const TEMPLATE: &str = include_str!("../templates/report.typ");

/// Everything the report shows, in words and numbers ready to print.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// "Clinical report".
    pub title: String,
    /// The person: their chosen name, or their address.
    pub person: String,
    /// Their e-mail address.
    pub email: String,
    /// The account id, for the record.
    pub account: String,
    /// The period covered, in words ("1 January 2026 to 31 December 2026").
    pub period: String,
    /// When the report was made, in words.
    pub made_on: String,
    /// The rule-set version the decisions were made under.
    pub rules_version: String,
    /// What resilift is not.
    pub disclaimer: String,
    /// Status on the roster, in words, with why.
    pub status: Option<Status>,
    /// The latest screening in the period.
    pub screening: Option<Screening>,
    /// The next session, in one sentence, with its reasons.
    pub plan: Option<Plan>,
    /// Adherence lines ("last 4 weeks: 75% (3 of 4)").
    pub adherence: Vec<String>,
    /// Instrument scores in the period, oldest first.
    pub scores: Vec<Score>,
    /// Charts drawn as SVG.
    pub charts: Vec<Chart>,
    /// Sessions in the period, oldest first.
    pub sessions: Vec<SessionRow>,
    /// Post-lift triages in the period.
    pub triages: Vec<Triage>,
    /// Clinicians' notes and overrides in the period.
    pub notes: Vec<Note>,
    /// Every source cited above, as a reference ("CIT-AASA2015: Aasa B et al. (2015) …").
    pub sources: Vec<String>,
}

/// A status with its reasons.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Status {
    /// "green", "amber", "red" in words.
    pub colour: String,
    /// Reasons.
    pub reasons: Vec<Reason>,
}

/// A decision's reason: its rule, message and evidence with levels.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Reason {
    /// Rule id.
    pub rule: String,
    /// What it says here.
    pub message: String,
    /// Each source with its level, in words ("CIT-ARTICLE: expert opinion").
    pub evidence: Vec<String>,
}

/// A screening.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Screening {
    /// Day, in words.
    pub date: String,
    /// The decision, in words.
    pub decision: String,
    /// Every reason.
    pub reasons: Vec<Reason>,
    /// Advice lines.
    pub advice: Vec<String>,
    /// When to screen again, in words.
    pub next_screen: Option<String>,
}

/// The next session.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Plan {
    /// One sentence.
    pub summary: String,
    /// Its reasons.
    pub reasons: Vec<Reason>,
}

/// An instrument's score.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Score {
    /// Day, in words.
    pub date: String,
    /// Instrument name.
    pub instrument: String,
    /// The score with its unit ("22%", "95 s").
    pub value: String,
    /// The change since the previous one against the smallest important change, in words.
    pub change: String,
}

/// A chart.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Chart {
    /// Heading.
    pub title: String,
    /// The SVG document.
    pub svg: String,
    /// The key, line by line.
    pub key: Vec<String>,
}

/// A session row.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SessionRow {
    /// Day.
    pub date: String,
    /// Exercise.
    pub exercise: String,
    /// Heaviest working load with units.
    pub load: String,
    /// Estimated 1RM with units.
    pub e1rm: String,
    /// Worst pain during or right after.
    pub pain: String,
    /// Next morning.
    pub morning: String,
    /// Pain response in words.
    pub response: String,
}

/// A triage.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Triage {
    /// Day.
    pub date: String,
    /// Outcome in words.
    pub outcome: String,
    /// Reasons.
    pub reasons: Vec<Reason>,
}

/// A clinician's note or override.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Note {
    /// Day.
    pub date: String,
    /// Who wrote it.
    pub author: String,
    /// The note.
    pub text: String,
    /// What it changed ("rung: trap-bar deadlift; ceiling: 60 kg"), if anything.
    pub changes: String,
}

/// Typesetting failed (a template fault, not the data's).
#[derive(Debug, thiserror::Error)]
#[error("the report could not be typeset: {0}")]
pub struct RenderError(String);

/// The report as PDF bytes.
///
/// # Errors
/// The template did not compile or the PDF could not be written.
pub fn render(report: &Report) -> Result<Vec<u8>, RenderError> {
    let data = serde_json::to_string(report).map_err(|e| RenderError(e.to_string()))?;
    // Built once: the template is parsed and the font book made on the first report only.
    static ENGINE: std::sync::OnceLock<TypstEngine<typst_as_lib::TypstTemplateMainFile>> =
        std::sync::OnceLock::new();
    let engine = ENGINE.get_or_init(|| {
        TypstEngine::builder()
            .main_file(TEMPLATE)
            .fonts(typst_assets::fonts())
            .build()
    });
    let mut inputs = Dict::new();
    inputs.insert("data".into(), data.into_value());
    let document: PagedDocument = engine
        .compile_with_input(inputs)
        .output
        .map_err(|e| RenderError(format!("{e:?}")))?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default())
        .map_err(|e| RenderError(format!("{e:?}")))
}
