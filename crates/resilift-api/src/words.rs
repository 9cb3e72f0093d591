//! The codes an answer carries as enums, and the one place that words them for people: the
//! command line's text and the web pages both read [`Words::words`] and [`Words::tone`], so a
//! decision reads the same everywhere.

use resilift_core::domain::Stage;
use resilift_core::flare::FlareDecision;
use resilift_core::pain::PainColour;
use resilift_core::prescribe::{NextDecision, StopUrgency};
use resilift_core::roster::Colour;
use resilift_core::screen::ScreenDecision;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::next::TriageOutcomeDto;
use crate::screen::StageDto;

/// How a code should look: alarming, worth a pause, or fine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Stop, get help, or something went wrong.
    Alert,
    /// Go carefully: hold, wait, rest, or start small.
    Caution,
    /// All is well.
    Clear,
}

impl Tone {
    /// `red`, `amber` or `green`, for a style class or a terminal colour.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Alert => "red",
            Self::Caution => "amber",
            Self::Clear => "green",
        }
    }
}

/// A code worded for people.
pub trait Words: Copy {
    /// The wire name.
    fn code(self) -> &'static str;
    /// A few plain words.
    fn words(self) -> &'static str;
    /// How it should look.
    fn tone(self) -> Tone;
}

macro_rules! codes {
    (
        $(#[$meta:meta])*
        $name:ident from $core:ty {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, $core_variant:ident, $tone:ident, $words:literal; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl Words for $name {
            fn code(self) -> &'static str {
                match self { $( Self::$variant => $wire, )* }
            }
            fn words(self) -> &'static str {
                match self { $( Self::$variant => $words, )* }
            }
            fn tone(self) -> Tone {
                match self { $( Self::$variant => Tone::$tone, )* }
            }
        }

        impl From<$core> for $name {
            fn from(value: $core) -> Self {
                match value { $( <$core>::$core_variant => Self::$variant, )* }
            }
        }

        impl $name {
            /// The wire name.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                Words::code(self)
            }

            /// Every value, in order.
            pub const ALL: &[Self] = &[ $( Self::$variant, )* ];
        }
    };
}

codes! {
    /// The screening decision: where loading may start, or what must come first.
    ScreenDecisionDto from ScreenDecision {
        /// An emergency department now.
        Emergency = "emergency", Emergency, Alert, "emergency care now";
        /// A doctor today.
        SameDay = "same_day", SameDay, Alert, "see a doctor today";
        /// A clinician within days.
        SeeClinician = "see_clinician", SeeClinician, Alert, "see a clinician first";
        /// Relative rest until the pain settles.
        RelativeRest = "relative_rest", RelativeRest, Caution, "relative rest";
        /// The foundation programme.
        Foundation = "foundation", Foundation, Caution, "foundation work";
        /// Kettlebell deadlifts.
        Kettlebell = "kettlebell", Kettlebell, Clear, "kettlebell deadlift";
        /// Trap-bar deadlifts.
        TrapBar = "trap_bar", TrapBar, Clear, "trap-bar deadlift";
        /// Barbell deadlifts.
        Barbell = "barbell", Barbell, Clear, "barbell deadlift";
    }
}

impl ScreenDecisionDto {
    /// The rung a decision places someone on, or `None` when it does not clear loading.
    #[must_use]
    pub fn rung(self) -> Option<StageDto> {
        match self {
            Self::Foundation => Some(StageDto::Foundation),
            Self::Kettlebell => Some(StageDto::Kettlebell),
            Self::TrapBar => Some(StageDto::TrapBar),
            Self::Barbell => Some(StageDto::Barbell),
            Self::Emergency | Self::SameDay | Self::SeeClinician | Self::RelativeRest => None,
        }
    }
}

codes! {
    /// What the next session does.
    PlanDecisionDto from NextDecision {
        /// Loading stops.
        Stop = "stop", Stop, Alert, "loading stopped";
        /// Take the screening again first.
        Rescreen = "rescreen", Rescreen, Caution, "screening due";
        /// Repeat the last load until the morning check-in.
        WaitForCheckIn = "wait_for_check_in", WaitForCheckIn, Caution, "waiting for the morning check-in";
        /// Down a rung.
        Regress = "regress", Regress, Alert, "down a rung";
        /// Find the starting load.
        Calibrate = "calibrate", Calibrate, Caution, "finding the starting load";
        /// Lighter than last time.
        Reduce = "reduce", Reduce, Alert, "lighter";
        /// Same as last time.
        Hold = "hold", Hold, Caution, "same load";
        /// Heavier than last time.
        Progress = "progress", Progress, Clear, "heavier";
    }
}

codes! {
    /// What comes first once loading has stopped.
    UrgencyDto from StopUrgency {
        /// An emergency department now.
        Emergency = "emergency", Emergency, Alert, "emergency: to an emergency department now";
        /// A doctor today.
        SameDay = "same_day", SameDay, Alert, "same day: to a doctor today";
        /// A clinician within days.
        SeeClinician = "see_clinician", SeeClinician, Alert, "see a clinician within days";
        /// The post-lift questions.
        Triage = "triage", Triage, Alert, "post-lift questions due";
    }
}

codes! {
    /// How a session's pain answered (`PAIN-…`).
    ColourDto from PainColour {
        /// Within the limits.
        Green = "green", Green, Clear, "green";
        /// Over a limit: hold.
        Amber = "amber", Amber, Caution, "amber";
        /// Well over a limit: reduce.
        Red = "red", Red, Alert, "red";
        /// Waiting for the next-morning check-in.
        Pending = "pending", Pending, Caution, "waiting for the morning check-in";
    }
}

codes! {
    /// A client's colour on a clinician's roster (`STATUS-…`).
    RosterColourDto from Colour {
        /// Needs attention now.
        Red = "red", Red, Alert, "red";
        /// Worth a look.
        Amber = "amber", Amber, Caution, "amber";
        /// On track.
        Green = "green", Green, Clear, "green";
        /// Not screened yet.
        None = "none", None, Caution, "not screened";
    }
}

impl Words for StageDto {
    fn code(self) -> &'static str {
        Stage::from(self).as_str()
    }
    fn words(self) -> &'static str {
        match self {
            Self::None => "not started",
            Self::Foundation => "foundation work",
            Self::Kettlebell => "kettlebell deadlift",
            Self::TrapBar => "trap-bar deadlift",
            Self::Barbell => "barbell deadlift",
        }
    }
    fn tone(self) -> Tone {
        match self {
            Self::None | Self::Foundation => Tone::Caution,
            Self::Kettlebell | Self::TrapBar | Self::Barbell => Tone::Clear,
        }
    }
}

impl From<Stage> for StageDto {
    fn from(value: Stage) -> Self {
        match value {
            Stage::None => Self::None,
            Stage::Foundation => Self::Foundation,
            Stage::Kettlebell => Self::Kettlebell,
            Stage::TrapBar => Self::TrapBar,
            Stage::Barbell => Self::Barbell,
        }
    }
}

impl Words for TriageOutcomeDto {
    fn code(self) -> &'static str {
        FlareDecision::from(self).as_str()
    }
    fn words(self) -> &'static str {
        match self {
            Self::Emergency => "emergency care now",
            Self::SameDay => "see a doctor today",
            Self::SeeClinician => "see a clinician within days",
            Self::SelfCare => "self-care",
            Self::Persistent => "not settling: see a clinician",
        }
    }
    fn tone(self) -> Tone {
        match self {
            Self::SelfCare => Tone::Caution,
            Self::Emergency | Self::SameDay | Self::SeeClinician | Self::Persistent => Tone::Alert,
        }
    }
}

impl From<FlareDecision> for TriageOutcomeDto {
    fn from(value: FlareDecision) -> Self {
        match value {
            FlareDecision::Emergency => Self::Emergency,
            FlareDecision::SameDay => Self::SameDay,
            FlareDecision::SeeClinician => Self::SeeClinician,
            FlareDecision::SelfCare => Self::SelfCare,
            FlareDecision::Persistent => Self::Persistent,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire<T: Serialize>(value: T) -> String {
        serde_json::to_value(value)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    #[test]
    fn every_code_serialises_as_its_wire_name_and_reads_back() {
        for &d in ScreenDecisionDto::ALL {
            assert_eq!(wire(d), d.as_str());
            assert_eq!(
                ScreenDecision::parse(d.as_str()).map(ScreenDecisionDto::from),
                Some(d)
            );
        }
        for &d in PlanDecisionDto::ALL {
            assert_eq!(wire(d), d.as_str());
        }
        for &d in UrgencyDto::ALL {
            assert_eq!(wire(d), d.as_str());
        }
        for &d in ColourDto::ALL {
            assert_eq!(wire(d), d.as_str());
        }
        for &d in RosterColourDto::ALL {
            assert_eq!(wire(d), d.as_str());
        }
    }

    #[test]
    fn words_are_plain_words_not_codes() {
        let all: Vec<&str> = ScreenDecisionDto::ALL
            .iter()
            .map(|d| d.words())
            .chain(PlanDecisionDto::ALL.iter().map(|d| d.words()))
            .chain(UrgencyDto::ALL.iter().map(|d| d.words()))
            .chain(ColourDto::ALL.iter().map(|d| d.words()))
            .collect();
        for words in all {
            assert!(!words.contains('_'), "{words}");
        }
    }
}
