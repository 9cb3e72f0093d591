//! The record as FHIR R4: a `collection` Bundle with the Patient, an Observation per score,
//! hold, session pain and estimated 1RM, a QuestionnaireResponse per readiness screening (the
//! questions are resilift's own wording, so they may be shipped), and the plan as a CarePlan.
//!
//! The resources are written by hand as JSON: resilift emits five resource types, and the
//! FHIR crates either do not cover R4 or churn; the test suite checks every bundle with two
//! independent validators (`tests/fhir`). Codes: LOINC 72514-3 (pain 0-10), 97909-6 (ODI
//! total), 91351-7, 91350-9 and 91352-5 (STarT Back total, distress subscore and risk), and
//! the project's own code system for what LOINC has no code for. Ids are name-based (a hash
//! of the record's id), so the same record always exports with the same ids.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use resilift_api::next::UnitsDto;
use resilift_core::domain::{HealthItem, RedFlag};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::views;

/// resilift's code system for measures LOINC has no code for (hold times, the estimated 1RM,
/// the readiness decision). A canonical name, not an address to fetch.
pub(crate) const CODE_SYSTEM: &str = "https://resilift.org/fhir/CodeSystem/resilift";
/// The readiness screen's questionnaire (canonical name).
const SCREEN_QUESTIONNAIRE: &str = "https://resilift.org/fhir/Questionnaire/readiness-screen";
/// Account ids.
const ACCOUNT_SYSTEM: &str = "https://resilift.org/fhir/account";
const LOINC: &str = "http://loinc.org";
const UCUM: &str = "http://unitsofmeasure.org";
const CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";

/// A name-based id for a resource made from `parts` (RFC 9562 version 8, from SHA-256).
fn uuid(parts: &[&str]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    let digest = hash.finalize();
    let mut bytes = [0_u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes)
        .into_uuid()
        .to_string()
}

fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

struct Builder {
    patient_ref: String,
    entries: Vec<Value>,
}

impl Builder {
    fn add(&mut self, id: String, mut resource: Value) {
        let full_url = format!("urn:uuid:{id}");
        resource["id"] = Value::String(id);
        self.entries
            .push(json!({"fullUrl": full_url, "resource": resource}));
    }

    fn subject(&self) -> Value {
        json!({"reference": self.patient_ref})
    }

    /// An Observation with a coded measure and a value (`valueInteger`, `valueQuantity`, …).
    #[allow(
        clippy::too_many_arguments,
        reason = "one call per measure reads best flat"
    )]
    fn observation(
        &mut self,
        id: String,
        category: (&str, &str),
        coding: &Value,
        text: &str,
        day: NaiveDate,
        value: (&str, Value),
        note: Option<String>,
    ) {
        let mut resource = json!({
            "resourceType": "Observation",
            "status": "final",
            "category": [{"coding": [{"system": CATEGORY, "code": category.0, "display": category.1}]}],
            "code": {"coding": [coding.clone()], "text": text},
            "subject": self.subject(),
            "effectiveDateTime": day.to_string(),
        });
        resource[value.0] = value.1;
        if let Some(note) = note.filter(|n| !n.is_empty()) {
            resource["note"] = json!([{"text": note}]);
        }
        self.add(id, resource);
    }
}

fn loinc(code: &str, display: &str) -> Value {
    json!({"system": LOINC, "code": code, "display": display})
}

fn own(code: &str, display: &str) -> Value {
    json!({"system": CODE_SYSTEM, "code": code, "display": display})
}

fn quantity(value: f64, unit: &str, code: &str) -> Value {
    json!({"value": resilift_api::round2(value), "unit": unit, "system": UCUM, "code": code})
}

fn mass(value: f64, units: UnitsDto) -> Value {
    match units {
        UnitsDto::Kg => quantity(value, "kg", "kg"),
        UnitsDto::Lb => quantity(value, "lb", "[lb_av]"),
    }
}

fn int(value: f64) -> Value {
    // Scores are whole numbers; FHIR's integer must be written without a fraction.
    #[allow(
        clippy::cast_possible_truncation,
        reason = "scores are small whole numbers"
    )]
    let whole = value.round() as i64;
    json!(whole)
}

/// `GET /me/fhir` and `GET /clients/{id}/fhir`: the account's record as a FHIR R4 Bundle.
pub(crate) async fn bundle(state: &AppState, account_id: &str) -> ApiResult<Value> {
    let account = state
        .store()
        .account(account_id)
        .await?
        .ok_or_else(|| ApiError::not_found("account"))?;
    let patient = uuid(&["patient", &account.id]);
    let mut b = Builder {
        patient_ref: format!("urn:uuid:{patient}"),
        entries: Vec::new(),
    };
    let mut person = json!({
        "resourceType": "Patient",
        "identifier": [{"system": ACCOUNT_SYSTEM, "value": account.id}],
        "telecom": [{"system": "email", "value": account.email}],
    });
    if let Some(name) = state
        .store()
        .display_name(account_id)
        .await?
        .filter(|n| !n.is_empty())
    {
        person["name"] = json!([{"text": name}]);
    }
    b.add(patient, person);

    let progress = views::progress(state, account_id).await?;
    let units = progress.units;
    for a in state.store().all_assessments(account_id).await? {
        assessment(&mut b, &a)?;
    }
    for s in &progress.sessions {
        b.observation(
            uuid(&["session-pain", &s.id]),
            ("survey", "Survey"),
            &loinc(
                "72514-3",
                "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
            ),
            "Worst back pain during or right after a deadlift session (0-10)",
            s.date,
            ("valueInteger", json!(s.pain_during)),
            None,
        );
        if let Some(e1rm) = s.e1rm {
            b.observation(
                uuid(&["session-e1rm", &s.id]),
                ("activity", "Activity"),
                &own(
                    "deadlift-e1rm",
                    "Estimated one-repetition maximum, deadlift",
                ),
                &format!(
                    "Estimated 1RM from a submaximal set ({})",
                    resilift_api::words::Words::words(s.exercise)
                ),
                s.date,
                ("valueQuantity", mass(e1rm, units)),
                None,
            );
        }
    }
    for screening in state.store().all_screenings(account_id).await? {
        screening_response(&mut b, &screening)?;
    }
    care_plan(state, account_id, &mut b).await;
    Ok(json!({
        "resourceType": "Bundle",
        "id": uuid(&["bundle", account_id, &instant(state.now())]),
        "meta": {"lastUpdated": instant(state.now())},
        "type": "collection",
        "timestamp": instant(state.now()),
        "entry": b.entries,
    }))
}

fn assessment(b: &mut Builder, a: &resilift_store::Assessment) -> ApiResult<()> {
    let result: Value = serde_json::from_str(&a.result).map_err(|e| ApiError::internal(&e))?;
    let answers: Value = serde_json::from_str(&a.answers).map_err(|e| ApiError::internal(&e))?;
    let number = |v: &Value, key: &str| v.get(key).and_then(Value::as_f64);
    let day = a.taken_on;
    let id = |what: &str| uuid(&["assessment", what, &a.id]);
    match a.instrument.as_str() {
        "nprs" => {
            if let Some(score) = number(&result, "score") {
                b.observation(
                    id("nprs"),
                    ("survey", "Survey"),
                    &loinc(
                        "72514-3",
                        "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
                    ),
                    "Back pain now (numeric pain rating scale 0-10)",
                    day,
                    ("valueInteger", int(score)),
                    None,
                );
            }
        }
        "odi" => {
            if let Some(score) = number(&result, "score") {
                b.observation(
                    id("odi"),
                    ("survey", "Survey"),
                    &loinc("97909-6", "Oswestry disability index score ODI"),
                    "Oswestry Disability Index (percent)",
                    day,
                    ("valueQuantity", quantity(score, "%", "%")),
                    None,
                );
            }
        }
        "startback" => {
            if let Some(total) = number(&result, "total") {
                b.observation(
                    id("startback-total"),
                    ("survey", "Survey"),
                    &json!({"system": LOINC, "code": "91351-7"}),
                    "STarT Back total score (0-9)",
                    day,
                    ("valueInteger", int(total)),
                    None,
                );
            }
            if let Some(sub) = number(&result, "psychosocial") {
                b.observation(
                    id("startback-distress"),
                    ("survey", "Survey"),
                    &json!({"system": LOINC, "code": "91350-9"}),
                    "STarT Back distress subscore (0-5)",
                    day,
                    ("valueInteger", int(sub)),
                    None,
                );
            }
            let risk = match result.get("risk").and_then(Value::as_str) {
                Some("low") => Some(("LA9194-7", "Low risk")),
                Some("medium") => Some(("LA8982-6", "Medium risk")),
                Some("high") => Some(("LA9193-9", "High risk")),
                _ => None,
            };
            if let Some((code, display)) = risk {
                b.observation(
                    id("startback-risk"),
                    ("survey", "Survey"),
                    &json!({"system": LOINC, "code": "91352-5"}),
                    "STarT Back risk group",
                    day,
                    (
                        "valueCodeableConcept",
                        json!({"coding": [{"system": LOINC, "code": code, "display": display}], "text": display}),
                    ),
                    None,
                );
            }
        }
        "rmdq" | "tsk11" => {
            if let Some(total) = number(&result, "total") {
                let (code, text) = if a.instrument == "rmdq" {
                    (
                        "rmdq-total",
                        "Roland-Morris Disability Questionnaire total (0-24)",
                    )
                } else {
                    (
                        "tsk11-total",
                        "Tampa Scale of Kinesiophobia, 11 items, total (11-44)",
                    )
                };
                b.observation(
                    id(code),
                    ("survey", "Survey"),
                    &own(code, text),
                    text,
                    day,
                    ("valueInteger", int(total)),
                    None,
                );
            }
        }
        "biering_sorensen" => {
            if let Some(seconds) = number(&result, "seconds") {
                let mut note = None;
                if let Some(reason) = answers.get("stopped_by").and_then(Value::as_str) {
                    note = Some(format!("Stopped by: {}", reason.replace('_', " ")));
                }
                b.observation(
                    id("bs"),
                    ("exam", "Exam"),
                    &own(
                        "biering-sorensen-hold",
                        "Biering-Sorensen trunk extensor endurance hold time",
                    ),
                    "Biering-Sorensen hold: prone, hips at the table's edge, arms crossed, stopped at 240 s",
                    day,
                    ("valueQuantity", quantity(seconds, "s", "s")),
                    note,
                );
            }
        }
        "mcgill" => {
            for (key, code, text) in [
                (
                    "flexion",
                    "mcgill-flexion-hold",
                    "McGill trunk flexor endurance hold",
                ),
                (
                    "extension",
                    "mcgill-extension-hold",
                    "McGill trunk extensor endurance hold",
                ),
                (
                    "side_right",
                    "mcgill-side-right-hold",
                    "McGill side bridge hold, right",
                ),
                (
                    "side_left",
                    "mcgill-side-left-hold",
                    "McGill side bridge hold, left",
                ),
            ] {
                if let Some(seconds) = number(&answers, key) {
                    b.observation(
                        id(code),
                        ("exam", "Exam"),
                        &own(code, text),
                        text,
                        day,
                        ("valueQuantity", quantity(seconds, "s", "s")),
                        None,
                    );
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// A reason with its rule id, each piece of evidence with its level, and its message.
fn reason_words(r: &resilift_api::ReasonDto) -> String {
    let evidence: Vec<String> = r
        .evidence
        .iter()
        .map(|e| format!("{} (level {})", e.id, e.level))
        .collect();
    format!("{} [{}]: {}", r.rule, evidence.join(", "), r.message)
}

/// The readiness screen's answers, in resilift's own words, and its decision.
fn screening_response(b: &mut Builder, s: &resilift_store::Screening) -> ApiResult<()> {
    let input: Value = serde_json::from_str(&s.input).map_err(|e| ApiError::internal(&e))?;
    let view = views::screening_view(s)?;
    let listed = |key: &str| -> Vec<String> {
        input
            .get(key)
            .and_then(Value::as_array)
            .map(|ids| {
                ids.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let flags = listed("red_flags");
    let health = listed("health");
    let mut items = Vec::new();
    let mut flag_items = Vec::new();
    for flag in RedFlag::ALL {
        flag_items.push(json!({
            "linkId": format!("red-flag-{}", flag.id()),
            "text": flag.question(),
            "answer": [{"valueBoolean": flags.iter().any(|f| f == flag.id())}],
        }));
    }
    items.push(json!({"linkId": "red-flags", "text": "Warning signs", "item": flag_items}));
    let mut health_items = Vec::new();
    for item in HealthItem::ALL {
        health_items.push(json!({
            "linkId": format!("health-{}", item.id()),
            "text": item.question(),
            "answer": [{"valueBoolean": health.iter().any(|h| h == item.id())}],
        }));
    }
    items.push(json!({"linkId": "health", "text": "Health", "item": health_items}));
    let pain = input.get("pain").cloned().unwrap_or(Value::Null);
    if let Some(now) = pain.get("now").and_then(Value::as_i64) {
        items.push(json!({"linkId": "pain-now", "text": "Back pain now (0-10)", "answer": [{"valueInteger": now}]}));
    }
    if let Some(onset) = pain.get("current_episode_onset").and_then(Value::as_str) {
        items.push(json!({"linkId": "episode-onset", "text": "When the current episode began", "answer": [{"valueDate": onset}]}));
    }
    if let Some(episodes) = pain.get("previous_episodes").and_then(Value::as_i64) {
        items.push(json!({"linkId": "previous-episodes", "text": "Earlier episodes of back pain", "answer": [{"valueInteger": episodes}]}));
    }
    if let Some(leg) = pain.get("leg_symptoms").and_then(Value::as_str) {
        let words = match leg {
            "none" => "No pain, tingling or numbness spreading into a leg",
            "above_knee" => "Spreading into the thigh, not below the knee",
            "below_knee" => "Spreading below the knee",
            other => other,
        };
        items.push(json!({"linkId": "leg-symptoms", "text": "Pain, tingling or numbness spreading into a leg", "answer": [{"valueString": words}]}));
    }
    if let Some(seconds) = input
        .get("tests")
        .and_then(|t| t.get("biering_sorensen_s"))
        .and_then(Value::as_f64)
    {
        items.push(json!({"linkId": "hold-seconds", "text": "Back-extensor hold (seconds)", "answer": [{"valueDecimal": seconds}]}));
    }
    if let Some(coached) = input
        .get("training")
        .and_then(|t| t.get("coached_sessions"))
        .and_then(Value::as_i64)
    {
        items.push(json!({"linkId": "coached-sessions", "text": "Coached technique sessions so far", "answer": [{"valueInteger": coached}]}));
    }
    b.add(
        uuid(&["screening", &s.id]),
        json!({
            "resourceType": "QuestionnaireResponse",
            "questionnaire": SCREEN_QUESTIONNAIRE,
            "status": "completed",
            "subject": b.subject(),
            "authored": instant(s.created_at),
            "item": items,
        }),
    );
    let reasons: Vec<String> = view.result.reasons.iter().map(reason_words).collect();
    b.observation(
        uuid(&["screening-decision", &s.id]),
        ("survey", "Survey"),
        &own("readiness-decision", "Deadlift readiness screening decision"),
        "Deadlift readiness decision",
        s.as_of,
        (
            "valueCodeableConcept",
            json!({"coding": [own(view.result.decision.as_str(), resilift_api::words::Words::words(view.result.decision))], "text": resilift_api::words::Words::words(view.result.decision)}),
        ),
        Some(format!(
            "Rule-set version {}. {} {}",
            s.rules_version,
            reasons.join(" "),
            resilift_core::DISCLAIMER
        )),
    );
    Ok(())
}

/// The next session as a CarePlan: active with its sets when the latest screening cleared
/// loading, on hold (with why) when it did not.
async fn care_plan(state: &AppState, account_id: &str, b: &mut Builder) {
    let plan = views::next_session(state, account_id).await;
    let today = state.now();
    let mut resource = json!({
        "resourceType": "CarePlan",
        "intent": "plan",
        "title": "Deadlift progression (resilift)",
        "subject": b.subject(),
        "created": instant(today),
    });
    match plan {
        Ok(plan) => {
            let p = &plan.plan;
            resource["status"] = json!("active");
            resource["description"] = json!(p.summary);
            let units = p.units.as_str();
            let mut activities = Vec::new();
            let exercise = resilift_api::words::Words::words(p.exercise);
            for set in &p.warmups {
                activities.push(format!(
                    "Warm-up: {} × {} {units} ({exercise})",
                    set.reps,
                    resilift_core::prescribe::fmt_load(set.load)
                ));
            }
            for set in &p.sets {
                activities.push(format!(
                    "Working set: {} × {} {units} at RPE {} or easier ({exercise})",
                    set.reps,
                    resilift_core::prescribe::fmt_load(set.load),
                    resilift_core::prescribe::fmt_load(set.target_rpe)
                ));
            }
            if activities.is_empty() {
                activities.push(p.summary.clone());
            }
            resource["activity"] = json!(activities
                .iter()
                .map(|text| json!({"detail": {"status": "scheduled", "description": text, "scheduledString": format!("On or after {}", p.date)}}))
                .collect::<Vec<_>>());
            let reasons: Vec<Value> = p
                .reasons
                .iter()
                .map(|r| json!({"text": reason_words(r)}))
                .chain(std::iter::once(json!({"text": format!("Rule-set version {}. {}", resilift_core::rules::RULESET_VERSION, resilift_core::DISCLAIMER)})))
                .collect();
            resource["note"] = json!(reasons);
        }
        Err(error) => {
            resource["status"] = json!("on-hold");
            resource["description"] = json!(error.body.error);
            resource["note"] = json!([{"text": resilift_core::DISCLAIMER}]);
        }
    }
    b.add(uuid(&["careplan", account_id]), resource);
}
