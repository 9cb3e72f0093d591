//! Text for people: the verdict first, then the reasons with their evidence, the advice, the
//! next date and the disclaimer. Styles are stripped when output is not a terminal or
//! `NO_COLOR` is set.

use resilift_api::score::ScoreResult;
use std::fmt::Write;

use anstyle::{AnsiColor, Style};
use resilift_api::catalogue::{CitationDto, RuleDto};
use resilift_api::e1rm::E1rmResponse;
use resilift_api::flare::FlareResponse;
use resilift_api::next::NextResponse;
use resilift_api::risk::RiskResponse;
use resilift_api::screen::ProgrammeItemDto;
use resilift_api::screen::ScreenResponse;
use resilift_api::words::{PlanDecisionDto, Tone, UrgencyDto, Words};
use resilift_api::{AdviceDto, EvidenceRef, ReasonDto, level_words};
use resilift_core::prescribe::{Units, fmt_load, plates_per_side};

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

/// The terminal style of a code, from its tone (the pages colour by the same tone).
fn colour(code: impl Words) -> Style {
    let colour = match code.tone() {
        Tone::Alert => AnsiColor::Red,
        Tone::Caution => AnsiColor::Yellow,
        Tone::Clear => AnsiColor::Green,
    };
    Style::new().bold().fg_color(Some(colour.into()))
}

/// A code's words as a heading.
fn heading(code: impl Words) -> String {
    code.words().to_uppercase()
}

fn evidence_line(evidence: &[EvidenceRef]) -> String {
    let parts: Vec<String> = evidence
        .iter()
        .map(|e| format!("{} ({})", e.id, level_words(&e.level)))
        .collect();
    format!("{DIM}     evidence: {}{DIM:#}\n", parts.join(", "))
}

fn reasons(out: &mut String, title: &str, reasons: &[ReasonDto]) {
    if reasons.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{BOLD}{title}{BOLD:#}");
    for reason in reasons {
        let _ = writeln!(out, "  {BOLD}{}{BOLD:#}  {}", reason.rule, reason.message);
        out.push_str(&evidence_line(&reason.evidence));
    }
}

fn advice(out: &mut String, advice: &[AdviceDto]) {
    if advice.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{BOLD}Advice{BOLD:#}");
    for item in advice {
        let _ = writeln!(out, "  {BOLD}{}{BOLD:#}  {}", item.id, item.message);
        out.push_str(&evidence_line(&item.evidence));
    }
}

fn programme(out: &mut String, items: &[ProgrammeItemDto]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{BOLD}Foundation programme{BOLD:#}");
    for item in items {
        let _ = writeln!(out, "  {BOLD}{}{BOLD:#}  {}", item.id, item.message);
        out.push_str(&evidence_line(&item.evidence));
    }
}

fn disclaimer(out: &mut String, text: &str) {
    let _ = writeln!(out, "\n{DIM}{text}{DIM:#}");
}

pub(crate) fn screen(response: &ScreenResponse) -> String {
    let style = colour(response.decision);
    let mut out = format!(
        "{style}{}{style:#}\n{}\n",
        heading(response.decision),
        response.headline
    );
    reasons(&mut out, "Why", &response.reasons);
    advice(&mut out, &response.advice);
    programme(&mut out, &response.programme);
    let next = response
        .next_screen
        .as_deref()
        .map_or_else(|| "after a clinical review".to_owned(), str::to_owned);
    let _ = writeln!(out, "\n{BOLD}Screen again:{BOLD:#} {next}");
    disclaimer(&mut out, &response.disclaimer);
    out
}

pub(crate) fn next(response: &NextResponse) -> String {
    let style = colour(response.decision);
    let units = Units::from(response.units);
    let mut out = format!(
        "{style}{}{style:#}  {} on {}\n",
        heading(response.decision),
        response.exercise.words(),
        response.date
    );
    if let Some(urgency) = response.urgency {
        let tier = match urgency {
            UrgencyDto::Emergency => Some(resilift_core::domain::Urgency::Emergency),
            UrgencyDto::SameDay => Some(resilift_core::domain::Urgency::SameDay),
            UrgencyDto::SeeClinician => Some(resilift_core::domain::Urgency::SeeClinician),
            UrgencyDto::Triage => None,
        };
        let red = colour(urgency);
        let line = tier.map_or(
            "Do the post-lift triage now: `resilift flare`.",
            resilift_core::domain::Urgency::instruction,
        );
        let _ = writeln!(out, "{red}{line}{red:#}");
    } else {
        let _ = writeln!(out, "{}", response.summary);
    }
    if let Some(pain) = response.pain_response {
        let pain_style = colour(pain);
        let _ = writeln!(
            out,
            "Last session: {pain_style}{}{pain_style:#}",
            pain.words()
        );
    }
    if let Some(e1rm) = response.e1rm {
        let _ = writeln!(
            out,
            "Estimated 1RM: {} {}",
            fmt_load(e1rm),
            response.units.as_str()
        );
    }
    let bar = response.bar;
    let describe = |load: f64| {
        let plates = bar
            .map(|bar| plates_per_side(load, bar, units))
            .filter(|p| !p.is_empty());
        plates.map_or_else(String::new, |p| {
            let list: Vec<String> = p.iter().map(|plate| fmt_load(*plate)).collect();
            format!("  (per side: {})", list.join(" + "))
        })
    };
    if !response.warmups.is_empty() || !response.sets.is_empty() {
        let _ = writeln!(out, "\n{BOLD}Plan{BOLD:#}");
    }
    for warmup in &response.warmups {
        let _ = writeln!(
            out,
            "  warm-up  {} {} x {}{}",
            fmt_load(warmup.load),
            response.units.as_str(),
            warmup.reps,
            describe(warmup.load)
        );
    }
    for (index, set) in response.sets.iter().enumerate() {
        let _ = writeln!(
            out,
            "  set {}    {} {} x {} @ RPE {}{}",
            index + 1,
            fmt_load(set.load),
            response.units.as_str(),
            set.reps,
            fmt_load(set.target_rpe),
            describe(set.load)
        );
    }
    if !response.cues.is_empty() {
        let _ = writeln!(out, "\n{BOLD}Cues{BOLD:#}");
        for cue in &response.cues {
            let _ = writeln!(out, "  - {cue}");
        }
    }
    if !response.sets.is_empty() || response.decision == PlanDecisionDto::Calibrate {
        let _ = writeln!(out, "\n{BOLD}Before you lift{BOLD:#}");
        for (index, item) in response.checklist.iter().enumerate() {
            let _ = writeln!(out, "  {}. {item}", index + 1);
        }
    }
    programme(&mut out, &response.programme);
    reasons(&mut out, "Why", &response.reasons);
    disclaimer(&mut out, response.disclaimer);
    out
}

pub(crate) fn risk(response: &RiskResponse) -> String {
    let mut out = format!("{BOLD}Risk profile{BOLD:#}\n");
    if let Some(bmi) = response.bmi {
        let _ = writeln!(out, "Body-mass index: {}", fmt_load(bmi));
    }
    if response.factors.is_empty() {
        let _ = writeln!(out, "None of the listed factors apply.");
    }
    for factor in &response.factors {
        let change = if factor.modifiable {
            "can change"
        } else {
            "cannot change"
        };
        let _ = writeln!(
            out,
            "\n  {BOLD}{}{BOLD:#}  [{change}; association: {}]\n  {}",
            factor.rule,
            factor.strength.replace('_', " "),
            factor.message
        );
        out.push_str(&evidence_line(&factor.evidence));
    }
    disclaimer(&mut out, response.disclaimer);
    out
}

pub(crate) fn flare(response: &FlareResponse) -> String {
    let style = colour(response.outcome);
    let mut out = format!(
        "{style}{}{style:#}  (day {} since it started)\n",
        heading(response.outcome),
        response.days_since_onset
    );
    reasons(&mut out, "What to do", &response.reasons);
    if !response.care_options.is_empty() {
        let _ = writeln!(out, "\n{BOLD}Care options to discuss{BOLD:#}");
        for option in &response.care_options {
            let _ = writeln!(
                out,
                "  - {}: {} ({})",
                option.name,
                option.grading,
                level_words(&option.level)
            );
        }
    }
    disclaimer(&mut out, &response.disclaimer);
    out
}

pub(crate) fn score(result: &ScoreResult) -> String {
    let title = resilift_api::score::title(result.instrument()).unwrap_or("Result");
    let mut out = format!("{BOLD}{title}{BOLD:#}: {}\n", result.summary());
    let _ = writeln!(out, "{}", result.meaning());
    if let Some(change) = result.change_words() {
        let _ = writeln!(out, "{change}");
    }
    if let ScoreResult::Mcgill { flags, .. } = result {
        for flag in flags {
            let _ = writeln!(out, "- {}", resilift_api::score::mcgill_flag_words(flag));
        }
    }
    out
}

pub(crate) fn e1rm(response: &E1rmResponse) -> String {
    format!(
        "{BOLD}e1RM{BOLD:#} {} ({})\n",
        fmt_load(response.e1rm),
        response.formula
    )
}

pub(crate) fn rules(rules: &Vec<RuleDto>) -> String {
    let mut out = String::new();
    for rule in rules {
        let _ = writeln!(
            out,
            "{BOLD}{}{BOLD:#}  [{}]  {}",
            rule.id,
            level_words(rule.level),
            rule.text
        );
        out.push_str(&evidence_line(&rule.evidence));
        if let Some(caveat) = rule.caveat {
            let _ = writeln!(out, "{DIM}     caveat: {caveat}{DIM:#}");
        }
    }
    out
}

pub(crate) fn citations(citations: &Vec<CitationDto>) -> String {
    let mut out = String::new();
    for c in citations {
        let _ = writeln!(
            out,
            "{BOLD}{}{BOLD:#}  [{}]\n  {} ({}). {}. {}.\n  {}",
            c.id,
            level_words(c.level),
            c.authors,
            c.year
                .map_or_else(|| "undated".to_owned(), |y| y.to_string()),
            c.title,
            c.venue,
            c.link.unwrap_or("no link")
        );
        let _ = writeln!(
            out,
            "  shows: {}\n  does not show: {}\n  record checked against the source: {}\n  rules: {}\n",
            c.shows,
            c.does_not_show,
            if c.verified { "yes" } else { "no" },
            c.rules.join(", ")
        );
    }
    out
}
