//! The rule catalogue: every rule id resilift can fire, what it says, the sources it rests on,
//! and where the evidence is thinner than the rule's confidence suggests.

use crate::evidence::{self, Citation};

/// Version of the rule set: raised whenever a rule, a threshold default or a message changes,
/// and stored with every decision so that an old decision can be read against the rules that
/// made it.
pub const RULESET_VERSION: &str = "2";

/// One rule of the clinical logic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable id (`SCR-CES`, `PRX-UP`, …), never reused.
    pub id: &'static str,
    /// What the rule says, in one or two sentences.
    pub text: &'static str,
    /// Ids of the sources it rests on, strongest first.
    pub citations: &'static [&'static str],
    /// Where the source shows less than the rule might suggest, said plainly.
    pub caveat: Option<&'static str>,
}

impl Rule {
    /// The rule's citations, resolved in the catalogue.
    pub fn sources(&self) -> impl Iterator<Item = &'static Citation> + '_ {
        self.citations
            .iter()
            .filter_map(|id| evidence::citation(id))
    }
}

/// Looks a rule up by id.
#[must_use]
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|rule| rule.id == id)
}

const HOLD_60S: &str = "No study sets a 60 s line: the source study found longer holds predicted better results but gave no cut-off, and the published risk thresholds (176 and 198 s, men only) are far higher. 60 s is an expert heuristic, and two tests on the same person can differ by about 32-48 s from measurement error alone.";
const PAIN_MODEL: &str = "The pain-monitoring model was tested in Achilles tendinopathy, not backs; resilift applies it by analogy, and its zone edges differ between sources.";
const LOAD_CAP: &str = "No trial has tested load caps for people returning from back pain: 60-70% to start and an 80% ceiling are conservative expert defaults, not a proven dose.";
const WEEKLY: &str = "Once a week is a conservative default, not a tested dose: the rehabilitation trials used about 1.5-2 sessions a week.";
const ICE: &str = "Heat has moderate evidence for recent back pain; ice has insufficient evidence either way, even though it is often advised.";
const LADDER: &str = "The ladder itself (kettlebell, then trap bar, then barbell, 3 clean sessions a rung) is expert opinion: no study has tested it. In the only trial, supervised deadlifting helped about as much as low-load motor-control exercise, not more.";
const TIERS: &str = "Red flags are screening prompts, not diagnoses: most are weak tests alone, so their absence never rules disease out, and their presence is a reason to be examined, not a verdict.";
const FLEXION: &str = "The flexion-damage evidence comes from pig neck discs bent tens of thousands of times; a review in people found no link between lifting flexion and back pain. Treat it as a reason for good technique, not proof that rounding injures.";

// Screening.

/// `SCR-CES`.
pub static SCR_CES: Rule = Rule {
    id: "SCR-CES",
    text: "A possible sign of cauda equina syndrome (saddle numbness, new bladder, bowel or sexual dysfunction, new or worsening symptoms in both legs) means going to an emergency department now, naming suspected cauda equina syndrome, with no exercise content at all.",
    citations: &["CIT-IFOMPT2020"],
    caveat: None,
};
/// `SCR-URGENT`.
pub static SCR_URGENT: Rule = Rule {
    id: "SCR-URGENT",
    text: "A leg or foot getting weaker over days, fever or feeling unwell with the back pain, significant trauma, a minor fall or strain when over 70 or osteoporotic, or bruising or grazes on the back after a fall mean being seen by a doctor the same day, with no exercise content.",
    citations: &["CIT-IFOMPT2020", "CIT-DOWNIE2013"],
    caveat: Some(TIERS),
};
/// `SCR-REDFLAG`.
pub static SCR_REDFLAG: Rule = Rule {
    id: "SCR-REDFLAG",
    text: "Any other red flag for serious spinal disease, unless a clinician has cleared it, means booking a clinician within days, before any loading; walking and normal activity continue as comfort allows.",
    citations: &["CIT-IFOMPT2020", "CIT-DOWNIE2013", "CIT-NICE-NG59"],
    caveat: Some(TIERS),
};
/// `SCR-GENERAL`.
pub static SCR_GENERAL: Rule = Rule {
    id: "SCR-GENERAL",
    text: "A heart condition, chest pain, dizziness or fainting, uncontrolled blood pressure, pregnancy or a birth in the last 6 months, or surgery in the last 3 months, unless a clinician has cleared it, means clearance before heavy lifting and bracing with a held breath.",
    citations: &["CIT-PARQ2011", "CIT-ACSM2009", "CIT-MACDOUGALL1985"],
    caveat: Some(
        "Pre-exercise questionnaires are consensus tools built to be cautious: a yes is a reason for a check, not a finding of disease.",
    ),
};
/// `SCR-AGE`.
pub static SCR_AGE: Rule = Rule {
    id: "SCR-AGE",
    text: "Anyone under 18, and anyone aged 50 or more whose first-ever episode began less than 42 days ago, sees a clinician before loading.",
    citations: &["CIT-IFOMPT2020", "CIT-DOWNIE2013"],
    caveat: Some(
        "Age is a red-flag factor here (for stress fractures in the young, and for fracture and less common causes in a first episode later in life), not a predictor of how well training works; the 18, 50 and 42-day lines are configurable defaults.",
    ),
};
/// `SCR-DISC`.
pub static SCR_DISC: Rule = Rule {
    id: "SCR-DISC",
    text: "A diagnosed disc bulge or herniation not yet cleared by a clinician needs therapy first; loaded hinging belongs to the last phase of rehabilitation.",
    citations: &["CIT-ARTICLE", "CIT-BRINJIKJI2015"],
    caveat: Some(
        "This is clinical opinion: no trial has tested when deadlifting is safe after a disc injury. Bulges are also common on scans of people with no pain at all, so a scan finding alone says little about what your back can do.",
    ),
};
/// `SCR-RADICULAR`.
pub static SCR_RADICULAR: Rule = Rule {
    id: "SCR-RADICULAR",
    text: "Leg symptoms below the knee that a clinician has not assessed and cleared need a clinical review first.",
    citations: &["CIT-ARTICLE", "CIT-NICE-NG59"],
    caveat: Some(
        "This gate is a clinical heuristic: the NICE guideline covers assessing and treating sciatica, but sets no rule that below-knee symptoms must be cleared before loading.",
    ),
};
/// `SCR-ACUTE`.
pub static SCR_ACUTE: Rule = Rule {
    id: "SCR-ACUTE",
    text: "An episode that began less than 14 days ago calls for relative rest: stay active, no bed rest, no deadlifts until the 14 days are up.",
    citations: &["CIT-ARTICLE", "CIT-DAHM2010"],
    caveat: Some(
        "Staying active rather than resting in bed is guideline-backed; the 14-day line is the article's, not a standard definition (guidelines call pain acute for up to 4 weeks).",
    ),
};
/// `SCR-PAIN`.
pub static SCR_PAIN: Rule = Rule {
    id: "SCR-PAIN",
    text: "Pain now at 6 or more out of 10 points to foundation work before deadlifting.",
    citations: &["CIT-BERGLUND2015"],
    caveat: Some(
        "Lower pain predicted better results in the source study, but it published no cut-off: 6 is a configurable default.",
    ),
};
/// `SCR-ENDURANCE`.
pub static SCR_ENDURANCE: Rule = Rule {
    id: "SCR-ENDURANCE",
    text: "A back-extension (Biering-Sorensen) hold that is missing or shorter than 60 s points to foundation work: the curl-up, side bridge and bird dog, a hip hinge, glute bridges and walking.",
    citations: &["CIT-BERGLUND2015", "CIT-ARTICLE", "CIT-LATIMER1999"],
    caveat: Some(HOLD_60S),
};
/// `SCR-RETURN`.
pub static SCR_RETURN: Rule = Rule {
    id: "SCR-RETURN",
    text: "Within 42 days of the start of a new episode (after the first 14), the ladder restarts: the rung is at most the kettlebell deadlift, whatever rung was reached before.",
    citations: &["CIT-ARTICLE"],
    caveat: Some(
        "A conservative default: no study has tested how far back to restart after a new episode.",
    ),
};
/// `SCR-LADDER`.
pub static SCR_LADDER: Rule = Rule {
    id: "SCR-LADDER",
    text: "With nothing holding you back, you are placed on the next rung: kettlebell, then trap bar after 3 clean sessions, then barbell after 3 more.",
    citations: &["CIT-ARTICLE", "CIT-AASA2015", "CIT-MICHAELSON2016"],
    caveat: Some(LADDER),
};
/// `ADV-COACH`.
pub static ADV_COACH: Rule = Rule {
    id: "ADV-COACH",
    text: "Before loading a hinge, book a few technique sessions with a qualified professional.",
    citations: &["CIT-ARTICLE", "CIT-AASA2015"],
    caveat: Some(
        "The trial's lifters were supervised by a physiotherapist; the number of sessions needed is opinion.",
    ),
};
/// `ADV-RECUR`.
pub static ADV_RECUR: Rule = Rule {
    id: "ADV-RECUR",
    text: "A past episode is the most consistent predictor of the next one, so progress conservatively.",
    citations: &["CIT-DASILVA2017", "CIT-STEFFENS2016"],
    caveat: Some("Recurrence is common, but no tool predicts it well for one person."),
};
/// `ADV-PSYCH`.
pub static ADV_PSYCH: Rule = Rule {
    id: "ADV-PSYCH",
    text: "A high-risk STarT Back score calls for education and graded exposure, and clinician-led care is worth considering.",
    citations: &["CIT-HILL2008", "CIT-NICE-NG59"],
    caveat: Some("STarT Back was validated for primary-care triage, not for gym programming."),
};
/// `ADV-CLEARED`.
pub static ADV_CLEARED: Rule = Rule {
    id: "ADV-CLEARED",
    text: "A red flag or health answer that a clinician reviewed and cleared no longer stops loading; keep to the limits they gave.",
    citations: &["CIT-IFOMPT2020", "CIT-PARQ2011"],
    caveat: None,
};
/// `ADV-BRACE`.
pub static ADV_BRACE: Rule = Rule {
    id: "ADV-BRACE",
    text: "With a hernia, glaucoma, or cleared blood pressure, heart or pregnancy answers: brace without holding the breath, breathing out through each lift.",
    citations: &["CIT-MACDOUGALL1985", "CIT-PARQ2011"],
    caveat: None,
};
/// `ADV-BLEED`.
pub static ADV_BLEED: Rule = Rule {
    id: "ADV-BLEED",
    text: "On blood thinners, a fall or a blow to the back needs a same-day check.",
    citations: &["CIT-IFOMPT2020"],
    caveat: Some(
        "Resilift's own caution: bleeding risk after trauma is well known, but no study sets this rule for lifters.",
    ),
};
/// `ADV-BOTH`.
pub static ADV_BOTH: Rule = Rule {
    id: "ADV-BOTH",
    text: "With both high pain and low back-extensor endurance, the source study's authors advise other treatments before deadlift training; work with a clinician.",
    citations: &["CIT-BERGLUND2015"],
    caveat: None,
};

// Prescription.

/// `PRX-E1RM`.
pub static PRX_E1RM: Rule = Rule {
    id: "PRX-E1RM",
    text: "The estimated 1RM comes from a submaximal set: load x (1 + (reps + reps in reserve) / 30), never from a max test.",
    citations: &["CIT-HAFF2016", "CIT-ZOURDOS2016"],
    caveat: Some(
        "1RM formulas disagree by up to about 6% at 5 reps and people vary widely; the estimate is a guide, not a measurement.",
    ),
};
/// `PRX-NOMAX`.
pub static PRX_NOMAX: Rule = Rule {
    id: "PRX-NOMAX",
    text: "resilift never prescribes a 1RM test or a set harder than RPE 8 (two reps left in reserve).",
    citations: &["CIT-ARTICLE", "CIT-AASA2017"],
    caveat: Some(LOAD_CAP),
};
/// `PRX-BAND`.
pub static PRX_BAND: Rule = Rule {
    id: "PRX-BAND",
    text: "The first working load at a rung is 65% of the estimated 1RM; for the first 6 sessions loads stay within 60-70%, and after that, with 3 clean sessions in a row, never above 80%.",
    citations: &["CIT-ARTICLE"],
    caveat: Some(LOAD_CAP),
};
/// `PRX-E1RM-SOURCE`.
pub static PRX_E1RM_SOURCE: Rule = Rule {
    id: "PRX-E1RM-SOURCE",
    text: "Only working sets at RPE 6 or harder update the estimate; the estimate in use is the best from the last 3 sessions at this exercise.",
    citations: &["CIT-ZOURDOS2016"],
    caveat: None,
};
/// `PRX-VOLUME`.
pub static PRX_VOLUME: Rule = Rule {
    id: "PRX-VOLUME",
    text: "Three working sets of five, after warm-ups with the empty bar (or lightest bell) for 8 and half the estimated 1RM for 5.",
    citations: &["CIT-HAFF2016", "CIT-AASA2015"],
    caveat: None,
};
/// `PRX-FREQ`.
pub static PRX_FREQ: Rule = Rule {
    id: "PRX-FREQ",
    text: "One deadlift session a week by default (at most two), at least 6 days apart.",
    citations: &["CIT-ARTICLE", "CIT-NIGRO2020", "CIT-AASA2015"],
    caveat: Some(WEEKLY),
};
/// `PRX-ROUND`.
pub static PRX_ROUND: Rule = Rule {
    id: "PRX-ROUND",
    text: "Loads round down to what the equipment can make: bar plus 2.5 kg (5 lb) steps, or an owned kettlebell.",
    citations: &["CIT-HAFF2016"],
    caveat: None,
};
/// `PRX-UP`.
pub static PRX_UP: Rule = Rule {
    id: "PRX-UP",
    text: "After a clean session whose last set felt RPE 7 or easier, add one step (kettlebells: 5, then 6, then 8 reps, then the next bell), within the load band. A last set without an effort rating, or a session without a leg-symptom answer, never allows a raise.",
    citations: &["CIT-HAFF2016", "CIT-ACSM2009"],
    caveat: None,
};
/// `PRX-HOLD`.
pub static PRX_HOLD: Rule = Rule {
    id: "PRX-HOLD",
    text: "An amber pain response, a last set at RPE 8 or without an effort rating, a session without a leg-symptom answer or with symptoms above the knee, or a form fault other than rounding keeps the same load.",
    citations: &["CIT-SILBERNAGEL2007", "CIT-ARTICLE"],
    caveat: Some(PAIN_MODEL),
};
/// `PRX-DOWN`.
pub static PRX_DOWN: Rule = Rule {
    id: "PRX-DOWN",
    text: "A red pain response, the spine rounding under load, or a last set at RPE 9 or harder takes 10% off the next load.",
    citations: &["CIT-SILBERNAGEL2007", "CIT-ARTICLE", "CIT-CALLAGHAN2001"],
    caveat: Some(PAIN_MODEL),
};
/// `PRX-REGRESS`.
pub static PRX_REGRESS: Rule = Rule {
    id: "PRX-REGRESS",
    text: "Two red sessions in a row, or rounding in two sessions in a row, drops one rung and calls for a re-screen.",
    citations: &["CIT-SILBERNAGEL2007", "CIT-ARTICLE"],
    caveat: Some(PAIN_MODEL),
};
/// `PRX-LAYOFF`.
pub static PRX_LAYOFF: Rule = Rule {
    id: "PRX-LAYOFF",
    text: "Four weeks or more without a deadlift session means a re-screen first, then a restart 20% lighter.",
    citations: &["CIT-ARTICLE", "CIT-ACSM2009"],
    caveat: Some("The 4-week and 20% figures are conservative defaults, not tested thresholds."),
};
/// `PRX-STOP`.
pub static PRX_STOP: Rule = Rule {
    id: "PRX-STOP",
    text: "A red flag reported in a training log or check-in stops all loading, with the screen's tier for that flag: emergency department now, a doctor today, or a clinician within days.",
    citations: &["CIT-IFOMPT2020"],
    caveat: Some(TIERS),
};
/// `PRX-NERVE`.
pub static PRX_NERVE: Rule = Rule {
    id: "PRX-NERVE",
    text: "Pain, tingling or numbness spreading below the knee during or after a session stops loading until a clinician has seen it; symptoms above the knee hold the load and the session does not count as clean.",
    citations: &["CIT-ARTICLE", "CIT-NICE-NG59"],
    caveat: Some(
        "A clinical heuristic: spreading leg symptoms can mean an irritated nerve root, but no study sets this exact rule for lifters.",
    ),
};
/// `PRX-FLARE`.
pub static PRX_FLARE: Rule = Rule {
    id: "PRX-FLARE",
    text: "Pain of 7 or more during or right after a session stops loading: do the post-lift triage now; deadlifts resume only through a new screen, which counts that day as the start of a new episode.",
    citations: &["CIT-SILBERNAGEL2007", "CIT-ARTICLE"],
    caveat: Some(
        "The 7/10 line is a conservative default; the pain-monitoring model it extends was tested in Achilles tendons, not backs.",
    ),
};
/// `PRX-DUE`.
pub static PRX_DUE: Rule = Rule {
    id: "PRX-DUE",
    text: "Once the date for the next screen has come, training waits for a new screen: red flags are asked again and the hold is retested.",
    citations: &["CIT-IFOMPT2020", "CIT-ARTICLE"],
    caveat: Some("The 14- and 28-day intervals are conservative defaults, not tested intervals."),
};
/// `PRX-TRIAGE`.
pub static PRX_TRIAGE: Rule = Rule {
    id: "PRX-TRIAGE",
    text: "A post-lift triage since the last clearing screen acts on the plan: an emergency, same-day or see-a-clinician outcome, or pain persisting past 14 days, stops loading; self-care means a new screen once 14 days from the start of the pain have passed.",
    citations: &["CIT-IFOMPT2020", "CIT-DAHM2010", "CIT-ARTICLE"],
    caveat: None,
};
/// `PRX-RUNG`.
pub static PRX_RUNG: Rule = Rule {
    id: "PRX-RUNG",
    text: "Loads are prescribed only on a rung of the ladder; foundation work continues until a screen clears a rung.",
    citations: &["CIT-ARTICLE", "CIT-BERGLUND2015"],
    caveat: None,
};
/// `PRX-CLINICIAN`.
pub static PRX_CLINICIAN: Rule = Rule {
    id: "PRX-CLINICIAN",
    text: "A linked clinician may set a lower load ceiling (a load, or a share of the estimated 1RM); it applies until the next screening and never raises the programme's own ceiling.",
    citations: &["CIT-ARTICLE"],
    caveat: Some(LOAD_CAP),
};
/// `PRX-IMPORT`.
pub static PRX_IMPORT: Rule = Rule {
    id: "PRX-IMPORT",
    text: "Sessions imported from another app carry no pain answers: while no session logged here gives an estimated 1RM, theirs is used (an unrated set counted as RPE 10; 20% less when the newest is 28 days old or more), the first working sets start at 65% of it and the load does not rise on it. They never count as clean sessions and never move anyone up the ladder.",
    citations: &["CIT-ZOURDOS2016", "CIT-ARTICLE"],
    caveat: Some(LOAD_CAP),
};

// Pain response.

/// `PAIN-GREEN`.
pub static PAIN_GREEN: Rule = Rule {
    id: "PAIN-GREEN",
    text: "Worst pain during or right after the session 2 or less, and the next morning no worse than before: safe to progress.",
    citations: &["CIT-SILBERNAGEL2007"],
    caveat: Some(PAIN_MODEL),
};
/// `PAIN-AMBER`.
pub static PAIN_AMBER: Rule = Rule {
    id: "PAIN-AMBER",
    text: "Worst pain during or right after 5 or less, and the next morning at most 1 point above before (within the scale's noise), but not green: acceptable, hold the load.",
    citations: &["CIT-SILBERNAGEL2007"],
    caveat: Some(PAIN_MODEL),
};
/// `PAIN-RED`.
pub static PAIN_RED: Rule = Rule {
    id: "PAIN-RED",
    text: "Worst pain during or right after above 5, next-morning pain 2 or more points above before (the smallest change that matters), or next-morning pain rising two weeks running: too much.",
    citations: &["CIT-SILBERNAGEL2007"],
    caveat: Some(PAIN_MODEL),
};
/// `PAIN-PENDING`.
pub static PAIN_PENDING: Rule = Rule {
    id: "PAIN-PENDING",
    text: "Without the next-morning check-in the response is unknown, so nothing progresses until it arrives.",
    citations: &["CIT-SILBERNAGEL2007"],
    caveat: None,
};

// Form faults.

/// `FORM-SPINE-ROUNDING`.
pub static FORM_SPINE_ROUNDING: Rule = Rule {
    id: "FORM-SPINE-ROUNDING",
    text: "The back rounds partway up under load: the fault to fix first.",
    citations: &["CIT-ARTICLE", "CIT-CALLAGHAN2001", "CIT-SARACENI2020"],
    caveat: Some(FLEXION),
};
/// `FORM-JERKY-START`.
pub static FORM_JERKY_START: Rule = Rule {
    id: "FORM-JERKY-START",
    text: "The bar is yanked off the floor without first pulling the slack out.",
    citations: &["CIT-ARTICLE"],
    caveat: None,
};
/// `FORM-BAR-DRIFT`.
pub static FORM_BAR_DRIFT: Rule = Rule {
    id: "FORM-BAR-DRIFT",
    text: "The bar drifts away from the shins, lengthening the lever on the back.",
    citations: &["CIT-ARTICLE"],
    caveat: None,
};
/// `FORM-KNEES-FORWARD`.
pub static FORM_KNEES_FORWARD: Rule = Rule {
    id: "FORM-KNEES-FORWARD",
    text: "The knees travel forward instead of the hips hinging back.",
    citations: &["CIT-ARTICLE"],
    caveat: None,
};
/// `FORM-HIPS-RISE-FIRST`.
pub static FORM_HIPS_RISE_FIRST: Rule = Rule {
    id: "FORM-HIPS-RISE-FIRST",
    text: "The hips rise before the weight leaves the floor, so the trunk tips forward and the back takes the load the legs should.",
    citations: &["CIT-ARTICLE"],
    caveat: Some(
        "The article's checklist asks for a neutral spine and a push through the legs but does not name this fault; it is a common coaching cue, added so that the experimental form check can propose it.",
    ),
};
/// `FORM-LOCKOUT-HYPEREXTENSION`.
pub static FORM_LOCKOUT_HYPEREXTENSION: Rule = Rule {
    id: "FORM-LOCKOUT-HYPEREXTENSION",
    text: "Leaning back past upright at the top instead of finishing tall.",
    citations: &["CIT-ARTICLE"],
    caveat: None,
};

// Risk profile.

/// `RISK-HEREDITY`.
pub static RISK_HEREDITY: Rule = Rule {
    id: "RISK-HEREDITY",
    text: "Back trouble in the family: a strong association with disc degeneration that cannot be changed.",
    citations: &["CIT-SAMBROOK1999", "CIT-BATTIE2009", "CIT-LIVSHITS2011"],
    caveat: Some(
        "The 74% heritability is a population figure for an MRI score, not your personal share, and disc scans relate only loosely to pain.",
    ),
};
/// `RISK-SMOKING`.
pub static RISK_SMOKING: Rule = Rule {
    id: "RISK-SMOKING",
    text: "Smoking: a small association with disc degeneration; it can be changed.",
    citations: &["CIT-BATTIE2009"],
    caveat: None,
};
/// `RISK-BMI`.
pub static RISK_BMI: Rule = Rule {
    id: "RISK-BMI",
    text: "A body-mass index of 30 or more: a modest association with disc degeneration and back pain; it can be changed.",
    citations: &["CIT-BATTIE2009", "CIT-LIVSHITS2011"],
    caveat: Some("An association, not proof that weight loss protects the disc."),
};
/// `RISK-DIET`.
pub static RISK_DIET: Rule = Rule {
    id: "RISK-DIET",
    text: "A poor diet: good for general health to improve, but no disc-specific evidence was found.",
    citations: &["CIT-ARTICLE"],
    caveat: Some("Not shown for discs: the article names diet, but no disc study was found."),
};
/// `RISK-SLEEP`.
pub static RISK_SLEEP: Rule = Rule {
    id: "RISK-SLEEP",
    text: "Short or poor sleep: worth improving, but no disc-specific evidence was found.",
    citations: &["CIT-ARTICLE"],
    caveat: Some("Not shown for discs: the article names sleep, but no disc study was found."),
};
/// `RISK-DISUSE`.
pub static RISK_DISUSE: Rule = Rule {
    id: "RISK-DISUSE",
    text: "Little activity: discs rely on movement, and disuse appears harmful; it can be changed.",
    citations: &["CIT-BELAVY2016"],
    caveat: Some("Mostly animal and tissue evidence."),
};
/// `RISK-SITTING`.
pub static RISK_SITTING: Rule = Rule {
    id: "RISK-SITTING",
    text: "Long sitting without breaks: a plausible load on the disc that is easy to change.",
    citations: &["CIT-ARTICLE", "CIT-BELAVY2016"],
    caveat: Some(
        "Static loading looks bad for discs in lab work; no study in people sets a safe number of hours.",
    ),
};
/// `RISK-FLEXION`.
pub static RISK_FLEXION: Rule = Rule {
    id: "RISK-FLEXION",
    text: "Repetitive bending at work: damaged discs in animal studies; it can often be changed.",
    citations: &["CIT-CALLAGHAN2001", "CIT-SARACENI2020"],
    caveat: Some(FLEXION),
};
/// `RISK-TWIST`.
pub static RISK_TWIST: Rule = Rule {
    id: "RISK-TWIST",
    text: "Lifting while twisting: lab reviews judge twisting under load harmful to discs; it can be changed.",
    citations: &["CIT-BELAVY2016"],
    caveat: Some("Laboratory and animal evidence."),
};
/// `RISK-RECUR`.
pub static RISK_RECUR: Rule = Rule {
    id: "RISK-RECUR",
    text: "Previous episodes: the most consistent predictor of another one; it cannot be undone, but exercise lowers the risk of a new episode.",
    citations: &["CIT-DASILVA2017", "CIT-STEFFENS2016", "CIT-HIDES2001"],
    caveat: None,
};

// Post-lift triage.

/// `FLARE-CES`.
pub static FLARE_CES: Rule = Rule {
    id: "FLARE-CES",
    text: "A possible sign of cauda equina syndrome after a lift means going to an emergency department now.",
    citations: &["CIT-IFOMPT2020"],
    caveat: None,
};
/// `FLARE-URGENT`.
pub static FLARE_URGENT: Rule = Rule {
    id: "FLARE-URGENT",
    text: "A same-day red flag after a lift (weakness getting worse, fever, significant trauma, a minor fall when older or osteoporotic, bruising on the back) means seeing a doctor today.",
    citations: &["CIT-IFOMPT2020", "CIT-DOWNIE2013"],
    caveat: Some(TIERS),
};
/// `FLARE-REDFLAG`.
pub static FLARE_REDFLAG: Rule = Rule {
    id: "FLARE-REDFLAG",
    text: "Any other red flag after a lift means booking a clinician within days, with no loaded training until then.",
    citations: &["CIT-IFOMPT2020", "CIT-DOWNIE2013"],
    caveat: Some(TIERS),
};
/// `FLARE-NERVE`.
pub static FLARE_NERVE: Rule = Rule {
    id: "FLARE-NERVE",
    text: "Leg symptoms below the knee, numbness or weakness, or a known disc bulge mean seeing a clinician within days.",
    citations: &["CIT-ARTICLE", "CIT-NICE-NG59"],
    caveat: Some(
        "A clinical heuristic: the NICE guideline covers assessing sciatica but sets no timing rule for lifters.",
    ),
};
/// `FLARE-STOPSET`.
pub static FLARE_STOPSET: Rule = Rule {
    id: "FLARE-STOPSET",
    text: "Stop a set at once for sharp pain, for pain, tingling or numbness spreading into a leg, or for pain past 5 out of 10.",
    citations: &["CIT-SILBERNAGEL2007", "CIT-ARTICLE"],
    caveat: Some(PAIN_MODEL),
};
/// `FLARE-SELFCARE`.
pub static FLARE_SELFCARE: Rule = Rule {
    id: "FLARE-SELFCARE",
    text: "In the first 14 days: stay active (no bed rest), pause deadlifts, keep heavy load off the spine, use heat, move gently, and take an NSAID only as a pharmacist or clinician advises.",
    citations: &[
        "CIT-DAHM2010",
        "CIT-FRENCH2006",
        "CIT-VANDERGAAG2020",
        "CIT-QASEEM2017",
        "CIT-ARTICLE",
    ],
    caveat: Some(ICE),
};
/// `FLARE-PERSIST`.
pub static FLARE_PERSIST: Rule = Rule {
    id: "FLARE-PERSIST",
    text: "Fourteen days or more without improvement: see a clinician; care options are listed with how guidelines grade them.",
    citations: &["CIT-NICE-NG59", "CIT-QASEEM2017"],
    caveat: None,
};
/// `FLARE-RETURN`.
pub static FLARE_RETURN: Rule = Rule {
    id: "FLARE-RETURN",
    text: "Deadlifts resume only through a new screen.",
    citations: &["CIT-ARTICLE", "CIT-BERGLUND2015"],
    caveat: None,
};

// The foundation programme.

/// `FND-BIG3`.
pub static FND_BIG3: Rule = Rule {
    id: "FND-BIG3",
    text: "Curl-up, side bridge (each side) and bird dog (each side) as a descending pyramid of 10-second holds (5, 3 and 1 repetitions with short rests), daily or on most days; one repetition is added to each step every week the pain response stays green or amber.",
    citations: &["CIT-MCGILL2015", "CIT-QASEEM2017", "CIT-AASA2015"],
    caveat: Some(
        "The pyramid numbers are a clinical default, not a tested dose: the method comes from a clinician-researcher's practice and lab work, while trials support motor-control and general exercise for back pain as a whole.",
    ),
};
/// `FND-HINGE`.
pub static FND_HINGE: Rule = Rule {
    id: "FND-HINGE",
    text: "Hip hinge with a dowel along the back (3 sets of 10), the dowel touching head, upper back and pelvis throughout.",
    citations: &["CIT-MCGILL2015", "CIT-ARTICLE"],
    caveat: Some("A coaching drill, not a tested treatment."),
};
/// `FND-BRIDGE`.
pub static FND_BRIDGE: Rule = Rule {
    id: "FND-BRIDGE",
    text: "Glute bridge, 3 sets of 10.",
    citations: &["CIT-MCGILL2015", "CIT-QASEEM2017"],
    caveat: Some("The dose is a clinical default."),
};
/// `FND-WALK`.
pub static FND_WALK: Rule = Rule {
    id: "FND-WALK",
    text: "Walking, 2 to 3 bouts of about 10 minutes a day, as comfort allows.",
    citations: &["CIT-QASEEM2017", "CIT-BELAVY2016", "CIT-DAHM2010"],
    caveat: Some("Staying active is guideline-backed; the bout length is a clinical default."),
};

// Instruments.

/// `INS-NPRS`.
pub static INS_NPRS: Rule = Rule {
    id: "INS-NPRS",
    text: "Pain 0-10; a change of 2 points or 30%, better or worse, is important.",
    citations: &["CIT-OSTELO2008", "CIT-BOONSTRA2016", "CIT-KAMPER2010"],
    caveat: None,
};
/// `INS-ODI`.
pub static INS_ODI: Rule = Rule {
    id: "INS-ODI",
    text: "Oswestry Disability Index: sum of answered sections / (5 x answered) x 100, at most 1 section missing; bands at 20/40/60/80; important change 10 points.",
    citations: &["CIT-FAIRBANK2000", "CIT-OSTELO2008"],
    caveat: None,
};
/// `INS-RMDQ`.
pub static INS_RMDQ: Rule = Rule {
    id: "INS-RMDQ",
    text: "Roland-Morris: count of 24 statements ticked; important change 5 points or 30%; 2 or less is close to recovered.",
    citations: &["CIT-OSTELO2008", "CIT-STRATFORD1996", "CIT-KAMPER2010"],
    caveat: None,
};
/// `INS-STARTBACK`.
pub static INS_STARTBACK: Rule = Rule {
    id: "INS-STARTBACK",
    text: "STarT Back: total of 9 items and distress subscale of items 5-9; total 3 or less low, subscale 4 or more high, otherwise medium.",
    citations: &["CIT-HILL2008"],
    caveat: Some("Validated for primary-care triage, not for gym programming."),
};
/// `INS-TSK11`.
pub static INS_TSK11: Rule = Rule {
    id: "INS-TSK11",
    text: "TSK-11: eleven items 1-4, no reversed items, total 11-44; a fall of 4 points is important.",
    citations: &["CIT-WOBY2005"],
    caveat: Some("There is no validated cut-off for high fear on the 11-item version."),
};
/// `INS-BS`.
pub static INS_BS: Rule = Rule {
    id: "INS-BS",
    text: "Biering-Sorensen hold, capped at 240 s; in men without back pain, under 176 s predicted a first episode within a year and over 198 s its absence; no bands exist for women.",
    citations: &["CIT-BIERINGSORENSEN1984", "CIT-LATIMER1999"],
    caveat: Some(
        "The risk bands predict first episodes in men, so they do not apply to anyone who has already had back pain; two tests on the same person can differ by about 32-48 s from measurement error alone.",
    ),
};
/// `INS-MCGILL`.
pub static INS_MCGILL: Rule = Rule {
    id: "INS-MCGILL",
    text: "McGill endurance ratios: flexion to extension under 1.0, right to left side bridge within 0.05 of 1, side bridge to extension under 0.75.",
    citations: &["CIT-MCGILL1999"],
    caveat: Some("Targets come from healthy young adults."),
};
/// `INS-BUNKIE`.
pub static INS_BUNKIE: Rule = Rule {
    id: "INS-BUNKIE",
    text: "Bunkie test: ten holds (five positions, both sides); a hold passes at 40 s without pain or rotation; side differences are reported.",
    citations: &["CIT-DEWITT2009", "CIT-BRUMITT2015"],
    caveat: Some(
        "The test's validity rests mainly on clinical opinion, and the pass mark is a convention; a claimed study of deadlifts improving Bunkie scores could not be found.",
    ),
};

// Roster status for clinicians.

/// `STATUS-NONE`.
pub static STATUS_NONE: Rule = Rule {
    id: "STATUS-NONE",
    text: "A client who has not been screened has no status colour: there is no decision to act on yet.",
    citations: &["CIT-IFOMPT2020"],
    caveat: None,
};
/// `STATUS-URGENT`.
pub static STATUS_URGENT: Rule = Rule {
    id: "STATUS-URGENT",
    text: "A latest screening that sends the client to an emergency department, a doctor the same day or a clinician within days shows red, with that urgency.",
    citations: &["CIT-IFOMPT2020", "CIT-DOWNIE2013"],
    caveat: Some(TIERS),
};
/// `STATUS-STOP`.
pub static STATUS_STOP: Rule = Rule {
    id: "STATUS-STOP",
    text: "A plan that has stopped loading (a warning sign, leg symptoms below the knee, flare-level pain or a post-lift triage) shows red, with what comes first.",
    citations: &["CIT-IFOMPT2020"],
    caveat: None,
};
/// `STATUS-OVERDUE`.
pub static STATUS_OVERDUE: Rule = Rule {
    id: "STATUS-OVERDUE",
    text: "A re-screen past its due day shows red: the plan is running on an out-of-date decision.",
    citations: &["CIT-IFOMPT2020", "CIT-ARTICLE"],
    caveat: None,
};
/// `STATUS-PAIN`.
pub static STATUS_PAIN: Rule = Rule {
    id: "STATUS-PAIN",
    text: "The last session's pain response colours the status: red shows red, amber shows amber.",
    citations: &["CIT-SILBERNAGEL2007"],
    caveat: Some(PAIN_MODEL),
};
/// `STATUS-REST`.
pub static STATUS_REST: Rule = Rule {
    id: "STATUS-REST",
    text: "A latest screening of relative rest shows amber while the pain settles.",
    citations: &["CIT-ARTICLE", "CIT-DAHM2010"],
    caveat: None,
};
/// `STATUS-CHECKIN`.
pub static STATUS_CHECKIN: Rule = Rule {
    id: "STATUS-CHECKIN",
    text: "A next-morning check-in still unanswered after its morning shows amber: the response to that session is unknown, so the load cannot rise.",
    citations: &["CIT-SILBERNAGEL2007"],
    caveat: Some(PAIN_MODEL),
};
/// `STATUS-GREEN`.
pub static STATUS_GREEN: Rule = Rule {
    id: "STATUS-GREEN",
    text: "A screened client with no stop, no overdue re-screen, no red or amber response and no missing check-in shows green.",
    citations: &["CIT-SILBERNAGEL2007"],
    caveat: None,
};

/// Every rule, grouped by area, in a stable order.
pub static RULES: &[&Rule] = &[
    // Screening.
    &SCR_CES,
    &SCR_URGENT,
    &SCR_REDFLAG,
    &SCR_GENERAL,
    &SCR_AGE,
    &SCR_DISC,
    &SCR_RADICULAR,
    &SCR_ACUTE,
    &SCR_PAIN,
    &SCR_ENDURANCE,
    &SCR_RETURN,
    &SCR_LADDER,
    &ADV_COACH,
    &ADV_RECUR,
    &ADV_PSYCH,
    &ADV_CLEARED,
    &ADV_BRACE,
    &ADV_BLEED,
    &ADV_BOTH,
    // Prescription.
    &PRX_E1RM,
    &PRX_NOMAX,
    &PRX_BAND,
    &PRX_E1RM_SOURCE,
    &PRX_VOLUME,
    &PRX_FREQ,
    &PRX_ROUND,
    &PRX_UP,
    &PRX_HOLD,
    &PRX_DOWN,
    &PRX_REGRESS,
    &PRX_LAYOFF,
    &PRX_STOP,
    &PRX_NERVE,
    &PRX_FLARE,
    &PRX_DUE,
    &PRX_TRIAGE,
    &PRX_RUNG,
    &PRX_CLINICIAN,
    &PRX_IMPORT,
    // Pain response.
    &PAIN_GREEN,
    &PAIN_AMBER,
    &PAIN_RED,
    &PAIN_PENDING,
    // Form faults.
    &FORM_SPINE_ROUNDING,
    &FORM_JERKY_START,
    &FORM_BAR_DRIFT,
    &FORM_KNEES_FORWARD,
    &FORM_LOCKOUT_HYPEREXTENSION,
    &FORM_HIPS_RISE_FIRST,
    // Risk profile.
    &RISK_HEREDITY,
    &RISK_SMOKING,
    &RISK_BMI,
    &RISK_DIET,
    &RISK_SLEEP,
    &RISK_DISUSE,
    &RISK_SITTING,
    &RISK_FLEXION,
    &RISK_TWIST,
    &RISK_RECUR,
    // Post-lift triage.
    &FLARE_CES,
    &FLARE_URGENT,
    &FLARE_REDFLAG,
    &FLARE_NERVE,
    &FLARE_STOPSET,
    &FLARE_SELFCARE,
    &FLARE_PERSIST,
    &FLARE_RETURN,
    // The foundation programme.
    &FND_BIG3,
    &FND_HINGE,
    &FND_BRIDGE,
    &FND_WALK,
    // Instruments.
    &INS_NPRS,
    &INS_ODI,
    &INS_RMDQ,
    &INS_STARTBACK,
    &INS_TSK11,
    &INS_BS,
    &INS_MCGILL,
    &INS_BUNKIE,
    // Roster status for clinicians.
    &STATUS_NONE,
    &STATUS_URGENT,
    &STATUS_STOP,
    &STATUS_OVERDUE,
    &STATUS_PAIN,
    &STATUS_REST,
    &STATUS_CHECKIN,
    &STATUS_GREEN,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_citation_and_every_citation_exists() {
        for rule in RULES {
            assert!(!rule.citations.is_empty(), "{} has no citation", rule.id);
            for id in rule.citations {
                assert!(
                    evidence::citation(id).is_some(),
                    "{} cites unknown {id}",
                    rule.id
                );
            }
        }
    }

    #[test]
    fn rule_ids_are_unique() {
        for (index, rule) in RULES.iter().enumerate() {
            assert!(
                RULES[index + 1..].iter().all(|other| other.id != rule.id),
                "{}",
                rule.id
            );
        }
    }
}
