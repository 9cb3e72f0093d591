//! Form faults (`FORM-*`) with their cues, and the bracing and setup checklist shown before
//! every session.

use crate::domain::ValueError;
use crate::rules::{self, Rule};

/// A technique fault logged for a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fault {
    /// The back rounds partway up under load.
    SpineRounding,
    /// The slack was not pulled out before the pull.
    JerkyStart,
    /// The bar leaves the shins.
    BarDrift,
    /// The knees travel forward instead of the hips hinging back.
    KneesForward,
    /// Leaning back past upright at the top.
    LockoutHyperextension,
    /// The hips rise before the weight leaves the floor, tipping the trunk forward.
    HipsRiseFirst,
}

impl Fault {
    /// Every fault, most important first.
    pub const ALL: [Self; 6] = [
        Self::SpineRounding,
        Self::JerkyStart,
        Self::BarDrift,
        Self::KneesForward,
        Self::LockoutHyperextension,
        Self::HipsRiseFirst,
    ];

    /// The stable wire id.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::SpineRounding => "spine_rounding",
            Self::JerkyStart => "jerky_start",
            Self::BarDrift => "bar_drift",
            Self::KneesForward => "knees_forward",
            Self::LockoutHyperextension => "lockout_hyperextension",
            Self::HipsRiseFirst => "hips_rise_first",
        }
    }

    /// The rule describing the fault.
    #[must_use]
    pub fn rule(self) -> &'static Rule {
        match self {
            Self::SpineRounding => &rules::FORM_SPINE_ROUNDING,
            Self::JerkyStart => &rules::FORM_JERKY_START,
            Self::BarDrift => &rules::FORM_BAR_DRIFT,
            Self::KneesForward => &rules::FORM_KNEES_FORWARD,
            Self::LockoutHyperextension => &rules::FORM_LOCKOUT_HYPEREXTENSION,
            Self::HipsRiseFirst => &rules::FORM_HIPS_RISE_FIRST,
        }
    }

    /// A short name for people.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::SpineRounding => "Back rounded partway up",
            Self::JerkyStart => "Jerked the weight off the floor",
            Self::BarDrift => "Weight drifted away from the legs",
            Self::KneesForward => "Knees pushed forward",
            Self::LockoutHyperextension => "Leaned back at the top",
            Self::HipsRiseFirst => "Hips rose before the weight",
        }
    }

    /// The cue that fixes it.
    #[must_use]
    pub fn cue(self) -> &'static str {
        match self {
            Self::SpineRounding => {
                "Lock your back in place before the weight moves and keep that same shape all the way up; if it starts to round, the load is too heavy today."
            }
            Self::JerkyStart => {
                "Pull the slack out first: tighten your arms and lats until the weight is just about to leave the floor, then drive."
            }
            Self::BarDrift => {
                "Keep the weight brushing your legs from floor to lockout; squeeze your armpits shut to hold it close."
            }
            Self::KneesForward => {
                "Send your hips back like closing a car door behind you; shins stay near vertical."
            }
            Self::LockoutHyperextension => {
                "Finish by squeezing your glutes and standing tall; ribs stay down, no leaning back."
            }
            Self::HipsRiseFirst => {
                "Push the floor away with your legs so that your hips and shoulders rise together; keep your chest up as the weight leaves the floor."
            }
        }
    }

    /// Parses a wire id.
    ///
    /// # Errors
    /// When the id is not a known fault.
    pub fn parse(id: &str) -> Result<Self, ValueError> {
        Self::ALL.into_iter().find(|fault| fault.id() == id).ok_or_else(|| {
            ValueError(format!(
                "unknown fault `{id}`, expected one of spine_rounding, jerky_start, bar_drift, knees_forward, lockout_hyperextension, hips_rise_first"
            ))
        })
    }
}

/// The bracing and setup checklist, in order.
pub const CHECKLIST: [&str; 8] = [
    "Stand close: the bar over mid-foot, or the bell between your heels.",
    "Hinge your hips back with a neutral spine; knees bend but do not drift forward.",
    "Draw your shoulder blades back and squeeze your lats, elbows tight to your sides.",
    "Breathe in, then brace your whole midsection as if about to be poked in the side.",
    "Pull the slack out until everything is tight, before the weight leaves the floor.",
    "Push the floor away through your whole foot, keeping the weight against your legs.",
    "Drive the hips forward and stand tall; no leaning back at the top.",
    "Lower with the same back shape, hips first.",
];

/// Foundation work for those not yet on a rung.
pub const FOUNDATION_WORK: [&str; 3] = [
    "Glute bridges: 3 sets of 10 slow reps with a 2-second squeeze at the top.",
    "Bird dogs: 3 sets of 6 per side, holding each reach for 8-10 seconds.",
    "Back-extension holds: 3 holds at a comfortable angle, building towards 60 seconds.",
];
