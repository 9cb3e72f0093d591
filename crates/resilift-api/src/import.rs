//! Workout-history CSV exports from Strong, Hevy and FitNotes, read into deadlift sessions for an
//! import with a preview.
//!
//! [`parse`] takes the file's bytes and does no IO and reads no clock. It works out the app from
//! the header line, keeps the sets of the exercises in [`EXERCISE_ALIASES`] grouped into sessions,
//! counts the sets of every other exercise, and names each row it could not read in a
//! [`Problem`] instead of failing the whole file. Only a file that is not a readable export at all
//! is refused, with an [`ImportError`].

use std::collections::HashMap;
use std::fmt::{self, Write as _};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;

use crate::numbers::round2;

/// The largest file [`parse`] reads: 20 MiB, years of daily training in any of the three apps.
pub const MAX_INPUT_BYTES: usize = 20 * 1024 * 1024;

/// The most data rows [`parse`] reads.
pub const MAX_ROWS: usize = 200_000;

/// The most problems a preview lists one by one; the rest are counted in one last line.
pub const MAX_PROBLEMS: usize = 200;

/// The most characters of a value a problem quotes, and of a name (an exercise, a workout)
/// a preview keeps.
pub const MAX_SHOWN_CHARS: usize = 60;

/// The most distinct other exercises a preview lists.
pub const MAX_IGNORED: usize = 200;

/// A value as a preview shows it: at most [`MAX_SHOWN_CHARS`] characters (with `…` when cut),
/// control characters shown as `�`, so a preview stays small whatever the file holds.
#[must_use]
pub fn excerpt(text: &str) -> String {
    let mut shown: String = text
        .chars()
        .take(MAX_SHOWN_CHARS)
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    if text.chars().nth(MAX_SHOWN_CHARS).is_some() {
        shown.push('…');
    }
    shown
}

/// Sets with more reps than this are not imported (a typing slip, not a deadlift set).
pub const MAX_REPS: u32 = 50;

/// Sets heavier than this, in kilograms, are not imported (a typing slip or a unit mix-up).
pub const MAX_LOAD_KG: f64 = 1000.0;

/// Kilograms in one pound, exactly.
pub const KG_PER_LB: f64 = 0.453_592_37;

/// The app that wrote an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum App {
    /// Strong (iOS and Android), any of its three header generations.
    Strong,
    /// Hevy.
    Hevy,
    /// FitNotes (Android).
    FitNotes,
}

impl App {
    /// The stable wire name: `strong`, `hevy` or `fitnotes`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Strong => "strong",
            Self::Hevy => "hevy",
            Self::FitNotes => "fitnotes",
        }
    }

    /// The app's name for people: `Strong`, `Hevy` or `FitNotes`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Strong => "Strong",
            Self::Hevy => "Hevy",
            Self::FitNotes => "FitNotes",
        }
    }
}

impl fmt::Display for App {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A unit of load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// Kilograms.
    Kg,
    /// Pounds.
    Lb,
}

impl Unit {
    /// The stable wire name: `kg` or `lb`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Kg => "kg",
            Self::Lb => "lb",
        }
    }

    /// Kilograms in one of this unit.
    #[must_use]
    pub fn in_kg(self) -> f64 {
        match self {
            Self::Kg => 1.0,
            Self::Lb => KG_PER_LB,
        }
    }
}

/// A loaded rung of the ladder that an imported exercise counts towards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rung {
    /// Kettlebell deadlift.
    Kettlebell,
    /// Trap-bar (hex-bar) deadlift.
    TrapBar,
    /// Conventional barbell deadlift.
    Barbell,
}

impl Rung {
    /// The stable wire name: `kettlebell`, `trap_bar` or `barbell`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Kettlebell => "kettlebell",
            Self::TrapBar => "trap_bar",
            Self::Barbell => "barbell",
        }
    }
}

impl From<Rung> for resilift_core::prescribe::Exercise {
    fn from(rung: Rung) -> Self {
        match rung {
            Rung::Kettlebell => Self::Kettlebell,
            Rung::TrapBar => Self::TrapBar,
            Rung::Barbell => Self::Barbell,
        }
    }
}

/// Exercise names, as the apps write them, that count towards a rung. A name matches when it is
/// equal ignoring ASCII case, leading and trailing spaces and runs of inner spaces.
///
/// Every other name is ignored and listed in [`Parsed::ignored`]: Romanian, stiff-leg, sumo and
/// deficit deadlifts are different lifts whose loads do not carry over to the ladder.
pub const EXERCISE_ALIASES: &[(&str, Rung)] = &[
    ("Deadlift (Barbell)", Rung::Barbell),
    ("Deadlift", Rung::Barbell),
    ("Barbell Deadlift", Rung::Barbell),
    ("Conventional Deadlift", Rung::Barbell),
    ("Deadlift (Conventional)", Rung::Barbell),
    ("Trap Bar Deadlift", Rung::TrapBar),
    ("Deadlift (Trap Bar)", Rung::TrapBar),
    ("Hex Bar Deadlift", Rung::TrapBar),
    ("Trap Bar Deadlift (Trap Bar)", Rung::TrapBar),
    ("Kettlebell Deadlift", Rung::Kettlebell),
    ("Deadlift (Kettlebell)", Rung::Kettlebell),
    ("Kettlebell Deadlift (Kettlebell)", Rung::Kettlebell),
];

/// The rung an exercise name counts towards, through [`EXERCISE_ALIASES`].
#[must_use]
pub fn rung_for(name: &str) -> Option<Rung> {
    EXERCISE_ALIASES
        .iter()
        .find(|(alias, _)| same_words(alias, name))
        .map(|&(_, rung)| rung)
}

/// Equal word by word, ignoring ASCII case and how much white space separates the words.
fn same_words(a: &str, b: &str) -> bool {
    let (mut a, mut b) = (a.split_whitespace(), b.split_whitespace());
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => {}
            _ => return false,
        }
    }
}

/// What was read from an export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parsed {
    /// The app that wrote the file, told by its header.
    pub app: App,
    /// The unit the header names for every weight; `None` when it does not say (Strong's
    /// comma-separated exports) or when each row names its own (Strong's oldest exports).
    pub header_units: Option<Unit>,
    /// The unit weights were read in where no row names one: the header's, else the caller's hint,
    /// else kilograms.
    pub unit: Unit,
    /// Some load was read in kilograms only because neither the file nor the caller said; a
    /// problem says so too, and the caller should ask before importing.
    pub units_assumed: bool,
    /// Deadlift sessions of the rungs in [`EXERCISE_ALIASES`], oldest first.
    pub sessions: Vec<ImportedSession>,
    /// Every other exercise, with its number of sets, sorted by name.
    pub ignored: Vec<IgnoredExercise>,
    /// Rows or values that could not be read, in file order; a row with a problem is not imported
    /// unless its problem says it was kept.
    pub problems: Vec<Problem>,
    /// Data rows read, after the header (blank lines, and rows whose every field is empty, are not
    /// rows).
    pub rows: usize,
    /// Strong's rest-timer and note rows, which hold no set and are skipped.
    pub skipped_rows: usize,
}

/// One exercise of one workout that counts towards a rung.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportedSession {
    /// When the workout started, in the local time of the app (FitNotes: the date at midnight);
    /// `2024-11-28T17:36:08` on the wire.
    #[serde(serialize_with = "ser_date_time")]
    pub started: NaiveDateTime,
    /// The day of the workout; `2024-11-28` on the wire.
    #[serde(serialize_with = "ser_date")]
    pub date: NaiveDate,
    /// The workout's name or title (empty for FitNotes, which has none).
    pub workout: String,
    /// The rung it counts towards.
    pub exercise: Rung,
    /// The exercise's name as written in the file (on its first set, should two spellings of one
    /// rung share a workout).
    pub source_name: String,
    /// Its sets, in file order.
    pub sets: Vec<ImportedSet>,
    /// The physical line of the file where its first set starts.
    pub first_line: usize,
}

/// Serializes a date as `YYYY-MM-DD` (the workspace's chrono has no serde feature).
#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's serialize_with signature"
)]
fn ser_date<S: serde::Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&date.format("%Y-%m-%d"))
}

/// Serializes a local date and time as `YYYY-MM-DDTHH:MM:SS`.
#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's serialize_with signature"
)]
fn ser_date_time<S: serde::Serializer>(
    when: &NaiveDateTime,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&when.format("%Y-%m-%dT%H:%M:%S"))
}

/// One imported set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportedSet {
    /// The physical line of the file where the row starts (1-based).
    pub line: usize,
    /// The load in kilograms, rounded to 0.01.
    pub load_kg: f64,
    /// The load as written, without float noise (rounded to 0.000001).
    pub source_load: f64,
    /// The unit it was read in.
    pub source_unit: Unit,
    /// Reps done, from 1 to [`MAX_REPS`].
    pub reps: u32,
    /// Effort, when logged as 1 to 10 in steps of 0.5.
    pub rpe: Option<f64>,
    /// A warm-up set (Strong's `W`, Hevy's `warmup`).
    pub warmup: bool,
}

/// An exercise that does not count towards a rung, and how many of its sets the file has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IgnoredExercise {
    /// The name as written in the file.
    pub name: String,
    /// Its sets (rows) in the file.
    pub sets: usize,
}

/// A row or value that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The physical line of the file where the row starts (1-based).
    pub line: usize,
    /// What was wrong, in plain words, without the line number.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Why a file was refused as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ImportError {
    /// Larger than [`MAX_INPUT_BYTES`].
    TooLarge {
        /// The file's size.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// Nothing but a byte-order mark and white space.
    Empty,
    /// A NUL byte: a binary file, not text.
    Binary {
        /// The line of the first NUL byte.
        line: usize,
    },
    /// UTF-16 text (it starts with a UTF-16 byte-order mark).
    Utf16,
    /// Text that is not UTF-8.
    NotUtf8 {
        /// The line of the first byte that is not UTF-8.
        line: usize,
    },
    /// The header is not one of Strong's, Hevy's or FitNotes'.
    UnknownFormat {
        /// What the first line has instead, in plain words.
        found: String,
    },
    /// More data rows than [`MAX_ROWS`].
    TooManyRows {
        /// The limit.
        max: usize,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const EXPECTED: &str = "a CSV export from Strong, Hevy or FitNotes";
        match self {
            Self::TooLarge { bytes, max } => write!(
                f,
                "the file is {}, more than the {} that can be imported at once; export a shorter \
                 stretch of your history",
                size_words(*bytes),
                size_words(*max)
            ),
            Self::Empty => write!(f, "the file is empty; expected {EXPECTED}"),
            Self::Binary { line } => write!(
                f,
                "the file is not text (line {line} has a NUL byte); expected {EXPECTED}"
            ),
            Self::Utf16 => write!(
                f,
                "the file is UTF-16 text; save it again as UTF-8, or use the app's own export"
            ),
            Self::NotUtf8 { line } => write!(
                f,
                "the file is not UTF-8 text (line {line} has bytes that are not); expected \
                 {EXPECTED}"
            ),
            Self::UnknownFormat { found } => write!(
                f,
                "this does not look like a Strong, Hevy or FitNotes export: its first line has \
                 {found}; expected English column names separated by commas or semicolons, such \
                 as Strong's `Date;Workout Name;Exercise Name;Set Order;Weight (kg);Reps`, \
                 Hevy's `title,start_time,exercise_title,set_type,weight_kg,reps` or FitNotes' \
                 `Date,Exercise,Category,Weight (kgs),Reps`"
            ),
            Self::TooManyRows { max } => write!(
                f,
                "the file has more than {max} rows, the most that can be imported at once; \
                 export a shorter stretch of your history"
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// A byte count for people: `20 MiB`, `20.1 MiB` (tenths rounded up, so a file just over a limit
/// never reads as equal to it), or bytes below one MiB.
fn size_words(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes < MIB {
        return format!("{bytes} bytes");
    }
    let tenths = (bytes / MIB) * 10 + ((bytes % MIB) * 10).div_ceil(MIB);
    if tenths.is_multiple_of(10) {
        format!("{} MiB", tenths / 10)
    } else {
        format!("{}.{} MiB", tenths / 10, tenths % 10)
    }
}

/// A stable key for a session: its date, its rung and its working sets' `(load_kg, reps)`, sorted;
/// warm-ups are left out. Equal keys mean the same session was very likely logged twice.
#[must_use]
pub fn fingerprint(session: &ImportedSession) -> String {
    fingerprint_parts(
        session.date,
        session.exercise,
        session
            .sets
            .iter()
            .filter(|set| !set.warmup)
            .map(|set| (set.load_kg, set.reps)),
    )
}

/// [`fingerprint`] from its parts, for sessions already logged: the date, the rung, and the
/// working sets as `(load in kg, reps)` in any order.
///
/// The form is `2026-03-02 barbell 100.00x5 110.00x3`.
#[must_use]
pub fn fingerprint_parts(
    date: NaiveDate,
    rung: Rung,
    sets: impl IntoIterator<Item = (f64, u32)>,
) -> String {
    let mut sets: Vec<(f64, u32)> = sets
        .into_iter()
        .map(|(load, reps)| (round2(load) + 0.0, reps))
        .collect();
    sets.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut key = format!("{date} {}", rung.as_str());
    for (load, reps) in sets {
        let _ = write!(key, " {load:.2}x{reps}");
    }
    key
}

/// Reads a workout-history export.
///
/// `unit_hint` is the unit the person says the app used; it is only needed for Strong's
/// comma-separated exports, whose header does not say, and a unit named in the file always wins.
///
/// # Errors
/// A file larger than [`MAX_INPUT_BYTES`], empty, binary or not UTF-8, whose first line is not a
/// Strong, Hevy or FitNotes header, or with more than [`MAX_ROWS`] rows. A row that cannot be read
/// is not an error: it is a [`Problem`].
pub fn parse(input: &[u8], unit_hint: Option<Unit>) -> Result<Parsed, ImportError> {
    let text = text_of(input)?;
    let layout = detect(text)?;
    read(text, &layout, unit_hint)
}

/// The input as text, without its byte-order mark.
fn text_of(input: &[u8]) -> Result<&str, ImportError> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge {
            bytes: input.len(),
            max: MAX_INPUT_BYTES,
        });
    }
    if input.starts_with(&[0xFF, 0xFE]) || input.starts_with(&[0xFE, 0xFF]) {
        return Err(ImportError::Utf16);
    }
    if let Some(at) = input.iter().position(|&b| b == 0) {
        return Err(ImportError::Binary {
            line: line_at(input, at),
        });
    }
    let text = std::str::from_utf8(input).map_err(|e| ImportError::NotUtf8 {
        line: line_at(input, e.valid_up_to()),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(text)
}

/// The 1-based line of a byte offset.
fn line_at(input: &[u8], offset: usize) -> usize {
    input
        .get(..offset)
        .map_or(0, |head| head.iter().filter(|&&b| b == b'\n').count())
        + 1
}

/// Where each column the import needs sits, for one app's header.
#[derive(Debug, Clone)]
struct Layout {
    app: App,
    delimiter: u8,
    columns: usize,
    when: usize,
    workout: Option<usize>,
    exercise: usize,
    /// Strong's set order, Hevy's set type; FitNotes has none.
    kind: Option<usize>,
    weight: usize,
    /// Strong's oldest exports name the unit on each row.
    weight_unit: Option<usize>,
    header_units: Option<Unit>,
    reps: usize,
    rpe: Option<usize>,
}

/// Header names of a weight column and the unit each names.
const STRONG_WEIGHTS: &[(&str, Option<Unit>)] = &[
    ("weight (kg)", Some(Unit::Kg)),
    ("weight (kgs)", Some(Unit::Kg)),
    ("weight (lbs)", Some(Unit::Lb)),
    ("weight (lb)", Some(Unit::Lb)),
    ("weight", None),
];
const HEVY_WEIGHTS: &[(&str, Option<Unit>)] = &[
    ("weight_kg", Some(Unit::Kg)),
    ("weight_lbs", Some(Unit::Lb)),
];
const FITNOTES_WEIGHTS: &[(&str, Option<Unit>)] = &[
    ("weight (kgs)", Some(Unit::Kg)),
    ("weight (kg)", Some(Unit::Kg)),
    ("weight (lbs)", Some(Unit::Lb)),
    ("weight (lb)", Some(Unit::Lb)),
];

/// Looks up header names, remembering the required ones that are missing.
struct Header<'h> {
    names: &'h [String],
    required: usize,
    missing: Vec<&'static str>,
}

impl Header<'_> {
    fn find(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    fn need(&mut self, name: &'static str, label: &'static str) -> usize {
        self.required += 1;
        self.find(name).unwrap_or_else(|| {
            self.missing.push(label);
            0
        })
    }

    fn need_weight(
        &mut self,
        options: &[(&str, Option<Unit>)],
        label: &'static str,
    ) -> (usize, Option<Unit>) {
        self.required += 1;
        options
            .iter()
            .find_map(|&(name, unit)| self.find(name).map(|at| (at, unit)))
            .unwrap_or_else(|| {
                self.missing.push(label);
                (0, None)
            })
    }
}

/// The columns an app's header needs that another header lacks, and how many it has.
#[derive(Debug, Clone)]
struct Mismatch {
    app: App,
    found: usize,
    missing: Vec<&'static str>,
}

/// The layout of `app` in a header, or what it lacks.
fn layout_for(app: App, names: &[String], delimiter: u8) -> Result<Layout, Mismatch> {
    let mut header = Header {
        names,
        required: 0,
        missing: Vec::new(),
    };
    let layout = match app {
        App::Strong => {
            let when = header.need("date", "Date");
            let workout = Some(header.need("workout name", "Workout Name"));
            let exercise = header.need("exercise name", "Exercise Name");
            let kind = Some(header.need("set order", "Set Order"));
            let (weight, header_units) = header.need_weight(STRONG_WEIGHTS, "Weight");
            let reps = header.need("reps", "Reps");
            let weight_unit = if header_units.is_none() {
                header.find("weight unit")
            } else {
                None
            };
            Layout {
                app,
                delimiter,
                columns: names.len(),
                when,
                workout,
                exercise,
                kind,
                weight,
                weight_unit,
                header_units,
                reps,
                rpe: header.find("rpe"),
            }
        }
        App::Hevy => {
            let workout = Some(header.need("title", "title"));
            let when = header.need("start_time", "start_time");
            let exercise = header.need("exercise_title", "exercise_title");
            let kind = Some(header.need("set_type", "set_type"));
            let (weight, header_units) = header.need_weight(HEVY_WEIGHTS, "weight_kg");
            let reps = header.need("reps", "reps");
            Layout {
                app,
                delimiter,
                columns: names.len(),
                when,
                workout,
                exercise,
                kind,
                weight,
                weight_unit: None,
                header_units,
                reps,
                rpe: header.find("rpe"),
            }
        }
        App::FitNotes => {
            let when = header.need("date", "Date");
            let exercise = header.need("exercise", "Exercise");
            header.need("category", "Category");
            let (weight, header_units) = header.need_weight(FITNOTES_WEIGHTS, "Weight (kgs)");
            let reps = header.need("reps", "Reps");
            Layout {
                app,
                delimiter,
                columns: names.len(),
                when,
                workout: None,
                exercise,
                kind: None,
                weight,
                weight_unit: None,
                header_units,
                reps,
                rpe: None,
            }
        }
    };
    if header.missing.is_empty() {
        Ok(layout)
    } else {
        Err(Mismatch {
            app,
            found: header.required - header.missing.len(),
            missing: header.missing,
        })
    }
}

const DELIMITERS: [u8; 2] = [b',', b';'];
const APPS: [App; 3] = [App::Strong, App::Hevy, App::FitNotes];

/// A CSV reader over the text.
fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
}

/// The first record of the text read with a delimiter, its names trimmed and lowercased.
fn header_names(text: &str, delimiter: u8) -> Vec<String> {
    let mut record = csv::StringRecord::new();
    match reader(text, delimiter).read_record(&mut record) {
        Ok(true) => record.iter().map(str::to_lowercase).collect(),
        _ => Vec::new(),
    }
}

/// Works out the app and its columns from the header.
fn detect(text: &str) -> Result<Layout, ImportError> {
    let mut closest: Option<Mismatch> = None;
    for delimiter in DELIMITERS {
        let names = header_names(text, delimiter);
        for app in APPS {
            match layout_for(app, &names, delimiter) {
                Ok(layout) => return Ok(layout),
                Err(mismatch) => {
                    if closest
                        .as_ref()
                        .is_none_or(|best| mismatch.found > best.found)
                    {
                        closest = Some(mismatch);
                    }
                }
            }
        }
    }
    Err(ImportError::UnknownFormat {
        found: describe_first_line(text, closest),
    })
}

/// What the first line has, for [`ImportError::UnknownFormat`].
fn describe_first_line(text: &str, closest: Option<Mismatch>) -> String {
    let line = text
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or_default();
    let [by_comma, by_semicolon] = DELIMITERS.map(|d| {
        let mut record = csv::StringRecord::new();
        match reader(line, d).read_record(&mut record) {
            Ok(true) => record.iter().map(str::to_owned).collect::<Vec<_>>(),
            _ => Vec::new(),
        }
    });
    let columns = if by_semicolon.len() > by_comma.len() {
        by_semicolon
    } else {
        by_comma
    };
    if columns.len() <= 1 {
        for (separator, words) in [('\t', "tabs"), ('|', "vertical bars (`|`)")] {
            let count = line.split(separator).count();
            if count > 1 {
                return format!(
                    "{count} columns separated by {words}, not by commas or semicolons"
                );
            }
        }
        let shown: String = line.trim().chars().take(60).collect();
        let more = if line.trim().chars().count() > 60 {
            "…"
        } else {
            ""
        };
        return format!("no separated columns, only `{shown}{more}`");
    }
    let shown = columns
        .iter()
        .take(6)
        .map(|name| format!("`{}`", name.chars().take(40).collect::<String>()))
        .collect::<Vec<_>>()
        .join(", ");
    let mut found = if columns.len() > 6 {
        format!("the columns {shown}, … ({} in all)", columns.len())
    } else {
        format!("the columns {shown}")
    };
    // Name what is missing only when the header is plainly meant to be one of the apps'.
    if let Some(Mismatch { app, missing, .. }) = closest.filter(|m| m.found >= 2) {
        let _ = write!(
            found,
            ", but a {app} export also has {}",
            missing
                .iter()
                .map(|label| format!("`{label}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    found
}

/// What a row is, by its set order (Strong) or set type (Hevy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Working,
    Warmup,
    /// Strong's rest-timer and note rows.
    NoSet,
    Unknown,
}

fn kind_of(app: App, text: &str) -> Kind {
    match app {
        App::FitNotes => Kind::Working,
        App::Strong => {
            if text.eq_ignore_ascii_case("w") {
                Kind::Warmup
            } else if text.eq_ignore_ascii_case("d")
                || text.eq_ignore_ascii_case("f")
                || (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
            {
                Kind::Working
            } else if text.eq_ignore_ascii_case("rest timer") || text.eq_ignore_ascii_case("note") {
                Kind::NoSet
            } else {
                Kind::Unknown
            }
        }
        App::Hevy => match text.to_ascii_lowercase().as_str() {
            "warmup" => Kind::Warmup,
            "normal" | "failure" | "dropset" => Kind::Working,
            _ => Kind::Unknown,
        },
    }
}

/// The start of a workout, in the app's own date form.
fn when_of(app: App, text: &str) -> Option<NaiveDateTime> {
    match app {
        App::Strong => [
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%d %I:%M:%S %p",
        ]
        .iter()
        .find_map(|form| NaiveDateTime::parse_from_str(text, form).ok()),
        App::Hevy => NaiveDateTime::parse_from_str(text, "%d %b %Y, %H:%M").ok(),
        App::FitNotes => {
            let shape = text.len() == 10
                && text.bytes().enumerate().all(|(at, b)| match at {
                    4 | 7 => b == b'-',
                    _ => b.is_ascii_digit(),
                });
            shape
                .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
                .flatten()
                .map(|date| date.and_time(NaiveTime::MIN))
        }
    }
}

fn date_example(app: App) -> &'static str {
    match app {
        App::Strong => "2024-11-28 17:36:08",
        App::Hevy => "15 Sep 2025, 07:48",
        App::FitNotes => "2026-03-02",
    }
}

/// A number as the apps write it: digits with one decimal point (or, in semicolon-separated
/// files, one decimal comma). `Ok(None)` when empty; `Err` when not a number.
fn number(text: &str, decimal_comma: bool) -> Result<Option<f64>, ()> {
    if text.is_empty() {
        return Ok(None);
    }
    let plain = text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b','));
    if !plain || !text.bytes().any(|b| b.is_ascii_digit()) {
        return Err(());
    }
    let value = if decimal_comma && !text.contains('.') && text.matches(',').count() == 1 {
        text.replacen(',', ".", 1).parse::<f64>()
    } else {
        text.parse::<f64>()
    };
    match value {
        // Without float noise such as 12.900000000000034.
        Ok(value) if value.is_finite() => Ok(Some((value * 1e6).round() / 1e6 + 0.0)),
        _ => Err(()),
    }
}

fn unit_of(text: &str) -> Option<Unit> {
    match text.to_ascii_lowercase().as_str() {
        "kg" | "kgs" => Some(Unit::Kg),
        "lb" | "lbs" => Some(Unit::Lb),
        _ => None,
    }
}

/// Sets grouped into sessions, keyed by workout start, workout name and rung.
#[derive(Default)]
struct Sessions {
    index: HashMap<(NaiveDateTime, String, Rung), usize>,
    list: Vec<ImportedSession>,
}

impl Sessions {
    fn add(
        &mut self,
        started: NaiveDateTime,
        workout: &str,
        rung: Rung,
        name: &str,
        set: ImportedSet,
    ) {
        // Names are kept as a preview shows them (bounded), so a huge name costs nothing.
        let workout = excerpt(workout);
        let key = (started, workout.clone(), rung);
        if let Some(session) = self.index.get(&key).and_then(|&at| self.list.get_mut(at)) {
            session.sets.push(set);
            return;
        }
        self.index.insert(key, self.list.len());
        self.list.push(ImportedSession {
            started,
            date: started.date(),
            workout,
            exercise: rung,
            source_name: excerpt(name),
            first_line: set.line,
            sets: vec![set],
        });
    }
}

/// Everything gathered while reading rows.
struct Reading<'l> {
    layout: &'l Layout,
    /// The unit where neither the header nor the row names one.
    unit: Unit,
    /// Whether `unit` is only a guess.
    guessing: bool,
    units_assumed: bool,
    sessions: Sessions,
    ignored: HashMap<String, usize>,
    problems: Vec<Problem>,
    /// Problems past [`MAX_PROBLEMS`], counted but not listed.
    unlisted_problems: usize,
    skipped_rows: usize,
}

impl Reading<'_> {
    fn problem(&mut self, line: usize, message: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem { line, message });
        } else {
            self.unlisted_problems += 1;
        }
    }

    /// Reads one data row.
    fn row(&mut self, line: usize, record: &csv::StringRecord) {
        let layout = self.layout;
        let field = |at: usize| record.get(at).unwrap_or_default();
        let extra_filled = record.iter().skip(layout.columns).any(|f| !f.is_empty());
        if record.len() < layout.columns || extra_filled {
            self.problem(
                line,
                format!(
                    "the row has {} columns where the header has {}, so it was skipped (an \
                     unclosed quote on this line or the one before can cause this)",
                    record.len(),
                    layout.columns
                ),
            );
            return;
        }
        let kind_text = layout.kind.map(field).unwrap_or_default();
        let kind = kind_of(layout.app, kind_text);
        if kind == Kind::NoSet {
            self.skipped_rows += 1;
            return;
        }
        let name = field(layout.exercise);
        if name.is_empty() {
            self.problem(
                line,
                "the exercise name is empty, so the row was skipped".into(),
            );
            return;
        }
        let Some(rung) = rung_for(name) else {
            let shown = excerpt(name);
            let room = self.ignored.len() < MAX_IGNORED;
            match self.ignored.get_mut(&shown) {
                Some(sets) => *sets += 1,
                None if room => {
                    self.ignored.insert(shown, 1);
                }
                None => self.skipped_rows += 1,
            }
            return;
        };
        // A problem that stops the set; the others keep it.
        let mut stop = false;
        if kind == Kind::Unknown {
            let message = match layout.app {
                App::Hevy => format!(
                    "the set type `{kind_text}` is not warmup, normal, failure or dropset, so \
                     the set was skipped",
                    kind_text = excerpt(kind_text)
                ),
                _ => format!(
                    "the set order `{kind_text}` is not a number, W, D, F, Rest Timer or Note, \
                     so the set was skipped",
                    kind_text = excerpt(kind_text)
                ),
            };
            self.problem(line, message);
            stop = true;
        }
        let when_text = field(layout.when);
        let started = when_of(layout.app, when_text);
        if started.is_none() {
            self.problem(
                line,
                format!(
                    "the date `{when_text}` is not in the form {example}",
                    when_text = excerpt(when_text),
                    example = date_example(layout.app)
                ),
            );
            stop = true;
        }
        let decimal_comma = layout.delimiter == b';';
        let weight_text = field(layout.weight);
        let weight = match number(weight_text, decimal_comma) {
            Ok(weight) if weight.is_none_or(|w| w >= 0.0) => weight,
            Ok(_) => {
                self.problem(
                    line,
                    format!(
                        "the weight `{weight_text}` is below zero",
                        weight_text = excerpt(weight_text)
                    ),
                );
                stop = true;
                None
            }
            Err(()) => {
                self.problem(
                    line,
                    format!(
                        "the weight `{weight_text}` is not a number",
                        weight_text = excerpt(weight_text)
                    ),
                );
                stop = true;
                None
            }
        };
        let reps_text = field(layout.reps);
        let reps = match number(reps_text, decimal_comma) {
            Ok(Some(reps)) if reps >= 0.0 && reps.fract() == 0.0 => {
                if reps > f64::from(MAX_REPS) {
                    self.problem(
                        line,
                        format!(
                            "{reps_text} reps are more than {MAX_REPS}, so the set was skipped",
                            reps_text = excerpt(reps_text)
                        ),
                    );
                    stop = true;
                    None
                } else {
                    #[allow(
                        clippy::cast_possible_truncation,
                        clippy::cast_sign_loss,
                        reason = "a whole number from 0 to MAX_REPS, checked above"
                    )]
                    Some(reps as u32)
                }
            }
            Ok(None) => None,
            _ => {
                self.problem(
                    line,
                    format!(
                        "the reps `{reps_text}` are not a whole number",
                        reps_text = excerpt(reps_text)
                    ),
                );
                stop = true;
                None
            }
        };
        let unit = match (layout.header_units, layout.weight_unit.map(field)) {
            (Some(unit), _) => unit,
            (None, Some(text)) if !text.is_empty() => {
                if let Some(unit) = unit_of(text) {
                    unit
                } else {
                    self.problem(
                        line,
                        format!(
                            "the weight unit `{text}` is not kg or lbs",
                            text = excerpt(text)
                        ),
                    );
                    stop = true;
                    self.unit
                }
            }
            (None, Some(_)) => {
                if self.guessing && weight.is_some_and(|w| w > 0.0) && !stop {
                    self.units_assumed = true;
                    self.problem(
                        line,
                        format!(
                            "the weight unit is empty, so {} was assumed",
                            self.unit.as_str()
                        ),
                    );
                }
                self.unit
            }
            (None, None) => {
                self.units_assumed |= self.guessing;
                self.unit
            }
        };
        let rpe_text = layout.rpe.map(field).unwrap_or_default();
        let rpe = match number(rpe_text, decimal_comma) {
            Ok(Some(rpe)) if (1.0..=10.0).contains(&rpe) && (rpe * 2.0).fract() == 0.0 => Some(rpe),
            Ok(None) => None,
            _ => {
                self.problem(
                    line,
                    format!(
                        "the RPE `{rpe_text}` is not from 1 to 10 in steps of 0.5, so the set \
                         was kept without it",
                        rpe_text = excerpt(rpe_text)
                    ),
                );
                None
            }
        };
        let Some(started) = started.filter(|_| !stop) else {
            return;
        };
        let (Some(load), Some(reps)) = (weight.filter(|&w| w > 0.0), reps.filter(|&r| r > 0))
        else {
            self.problem(line, "a set without weight or reps was skipped".into());
            return;
        };
        let load_kg = round2(load * unit.in_kg());
        if load_kg > MAX_LOAD_KG {
            self.problem(
                line,
                format!(
                    "the weight {load} {} is more than {MAX_LOAD_KG} kg, so the set was skipped",
                    unit.as_str()
                ),
            );
            return;
        }
        let set = ImportedSet {
            line,
            load_kg,
            source_load: load,
            source_unit: unit,
            reps,
            rpe,
            warmup: kind == Kind::Warmup,
        };
        let workout = layout.workout.map(field).unwrap_or_default();
        self.sessions.add(started, workout, rung, name, set);
    }
}

/// Physical line numbers of byte offsets, counted forwards as records are read.
///
/// The CSV reader's own line count is one short after `\r\n` line ends (a record's position is
/// taken before the `\n` of the line end before it), so lines are counted here from the record's
/// byte offset instead: a `\n`, or a `\r` not followed by `\n`, ends a line.
struct Lines<'t> {
    text: &'t [u8],
    offset: usize,
    line: usize,
}

impl Lines<'_> {
    fn at(&mut self, position: Option<&csv::Position>) -> usize {
        let Some(position) = position else {
            return self.line;
        };
        let mut target = usize::try_from(position.byte()).unwrap_or(usize::MAX);
        // Step over the rest of the line end before the record.
        while self
            .text
            .get(target)
            .is_some_and(|&b| b == b'\n' || b == b'\r')
        {
            target += 1;
        }
        if target < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        let end = target.min(self.text.len());
        let span = self.text.get(self.offset..end).unwrap_or_default();
        for (at, &byte) in span.iter().enumerate() {
            let next = span.get(at + 1).or_else(|| self.text.get(end));
            if byte == b'\n' || (byte == b'\r' && next != Some(&b'\n')) {
                self.line += 1;
            }
        }
        self.offset = end;
        self.line
    }
}

/// Reads the data rows after the header.
fn read(text: &str, layout: &Layout, unit_hint: Option<Unit>) -> Result<Parsed, ImportError> {
    let per_row_units = layout.weight_unit.is_some();
    let mut reading = Reading {
        layout,
        unit: layout.header_units.or(unit_hint).unwrap_or(Unit::Kg),
        guessing: layout.header_units.is_none() && unit_hint.is_none(),
        units_assumed: false,
        sessions: Sessions::default(),
        ignored: HashMap::new(),
        problems: Vec::new(),
        unlisted_problems: 0,
        skipped_rows: 0,
    };
    let mut reader = reader(text, layout.delimiter);
    let mut lines = Lines {
        text: text.as_bytes(),
        offset: 0,
        line: 1,
    };
    let mut record = csv::StringRecord::new();
    let mut header = true;
    let mut rows = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) if header => header = false,
            Ok(true) if record.iter().all(str::is_empty) => {}
            Ok(true) => {
                rows += 1;
                if rows > MAX_ROWS {
                    return Err(ImportError::TooManyRows { max: MAX_ROWS });
                }
                let line = lines.at(record.position());
                reading.row(line, &record);
            }
            Err(error) => {
                // Not expected from text already checked to be UTF-8, but never fatal: the
                // reader moves past the record, and the row limit bounds the loop.
                rows += 1;
                if rows > MAX_ROWS {
                    return Err(ImportError::TooManyRows { max: MAX_ROWS });
                }
                let line = lines.at(error.position());
                reading.problem(
                    line,
                    format!("the row could not be read ({error}), so it was skipped"),
                );
            }
        }
    }
    if reading.unlisted_problems > 0 {
        reading.problems.push(Problem {
            line: lines.line,
            message: format!(
                "and {} more problems, not listed; fix the ones above and try again",
                reading.unlisted_problems
            ),
        });
    }
    if reading.units_assumed && !per_row_units {
        reading.problems.insert(
            0,
            Problem {
                line: 1,
                message: format!(
                    "the file does not say whether weights are in kg or lb, so {} was assumed; \
                     choose the unit if that is wrong",
                    reading.unit.as_str()
                ),
            },
        );
    }
    let mut sessions = reading.sessions.list;
    sessions.sort_by(|a, b| {
        a.started
            .cmp(&b.started)
            .then(a.first_line.cmp(&b.first_line))
    });
    let mut ignored: Vec<IgnoredExercise> = reading
        .ignored
        .into_iter()
        .map(|(name, sets)| IgnoredExercise { name, sets })
        .collect();
    ignored.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(Parsed {
        app: layout.app,
        header_units: layout.header_units,
        unit: reading.unit,
        units_assumed: reading.units_assumed,
        sessions,
        ignored,
        problems: reading.problems,
        rows,
        skipped_rows: reading.skipped_rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_take_a_decimal_comma_only_in_semicolon_files() {
        assert_eq!(number("102,5", true), Ok(Some(102.5)));
        assert_eq!(number("102,5", false), Err(()));
        assert_eq!(number("12.900000000000034", false), Ok(Some(12.9)));
        assert_eq!(number("", false), Ok(None));
        for bad in ["abc", "inf", "NaN", "1e5", "-", ".", "1,000,5"] {
            assert_eq!(number(bad, true), Err(()), "{bad}");
        }
    }

    #[test]
    fn sizes_read_in_mebibytes() {
        assert_eq!(size_words(MAX_INPUT_BYTES), "20 MiB");
        assert_eq!(size_words(MAX_INPUT_BYTES + 512 * 1024), "20.5 MiB");
        assert_eq!(size_words(MAX_INPUT_BYTES + 1), "20.1 MiB");
        assert_eq!(size_words(10), "10 bytes");
    }
}
