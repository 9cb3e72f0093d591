//! The clinical report as a PDF: what it says (read back with poppler's `pdftotext`), its page
//! count, who may fetch it, and the period's checks.

use expect_test::expect;
use serde_json::json;

use crate::{App, backends, clear_screening, days_ago, session};

/// Runs a poppler tool on a PDF and returns what it printed.
fn poppler(tool: &str, pdf: &[u8], args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.pdf");
    std::fs::write(&file, pdf).unwrap();
    let output = std::process::Command::new(tool)
        .args(args)
        .arg(&file)
        .arg("-")
        .output()
        .unwrap_or_else(|error| {
            panic!("{tool} (Debian's poppler-utils) is needed to read the report: {error}")
        });
    assert!(output.status.success(), "{tool} failed");
    String::from_utf8(output.stdout).unwrap()
}

fn pages(pdf: &[u8]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.pdf");
    std::fs::write(&file, pdf).unwrap();
    let output = std::process::Command::new("pdfinfo")
        .arg(&file)
        .output()
        .expect("pdfinfo (Debian's poppler-utils) is needed to count the report's pages");
    let info = String::from_utf8(output.stdout).unwrap();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Dates change with the day the suite runs; the snapshot keeps the words around them.
fn without_dates(text: &str) -> String {
    let months =
        "January|February|March|April|May|June|July|August|September|October|November|December";
    let days = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";
    let long = regex::Regex::new(&format!(
        r"(({days}),? )?(\d{{1,2}} ({months}) \d{{4}}|({months}) \d{{1,2}}, \d{{4}})"
    ))
    .unwrap();
    let text = long.replace_all(text, "DATE");
    let short = regex::Regex::new(
        r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)( \d{4})?\b",
    )
    .unwrap();
    let text = short.replace_all(&text, "DAY");
    let ids =
        regex::Regex::new(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").unwrap();
    let text = ids.replace_all(&text, "ID");
    // Where lines and pages break depends on how long the dates are: the snapshot keeps the
    // words in order (page footers left out) and wraps them itself.
    let footer = regex::Regex::new(r"^(Page \d+ of \d+|.* · DATE to DATE.*)$").unwrap();
    let mut joined = text
        .lines()
        .map(str::trim)
        .filter(|l| !footer.is_match(l))
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ");
    // A table's header repeats on each page it spans: keep the first.
    for header in [
        "Day Test or questionnaire Result Change, against the smallest change that matters",
        "Day Exercise Top load Estimated 1RM Worst pain Next morning Response",
    ] {
        if let Some(first) = joined.find(header) {
            let rest = joined[first + header.len()..].replace(&format!(" {header}"), "");
            joined = format!("{}{rest}", &joined[..first + header.len()]);
        }
    }
    let words: Vec<&str> = joined.split(' ').collect();
    let mut out = String::new();
    let mut line = 0;
    for word in words {
        if line > 0 && line + word.len() > 100 {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.len();
    }
    out
}

#[tokio::test]
async fn the_report_says_what_the_record_says() {
    for backend in backends() {
        let app = App::start(&backend).await;
        let lifter = app.lifter("report").await;
        let clinician = app.clinician("physio").await;
        let stranger = app.clinician("stranger").await;
        app.patch("/me", &lifter.token, json!({"display_name": "Ana Ruiz"}))
            .await
            .expect(200);
        app.link(&lifter, &clinician).await;
        app.post("/screenings", &lifter.token, clear_screening())
            .await
            .expect(201);
        app.post("/assessments", &lifter.token, json!({"instrument": "odi", "answers": [3, 2, null, 1, 0, 2, 1, 0, 2, 1], "taken_on": days_ago(30)}))
            .await
            .expect(201);
        app.post(
            "/assessments",
            &lifter.token,
            json!({"instrument": "odi", "answers": [1, 1, null, 0, 0, 1, 0, 0, 1, 0]}),
        )
        .await
        .expect(201);
        app.post("/sessions", &lifter.token, session(15, 16.0, 2, Some(2)))
            .await
            .expect(201);
        app.post("/sessions", &lifter.token, session(8, 16.0, 4, Some(3)))
            .await
            .expect(201);
        app.post(
            &format!("/clients/{}/overrides", lifter.id),
            &clinician.token,
            json!({"note": "Stay with the 16 kg bell for two weeks.", "ceiling": {"load": 16}}),
        )
        .await
        .expect(201);

        let reply = app.get("/me/report.pdf", &lifter.token).await;
        assert_eq!(reply.headers["content-type"], "application/pdf");
        let mine = app
            .client
            .get(app.url("/me/report.pdf"))
            .bearer_auth(&lifter.token)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        assert!(mine.starts_with(b"%PDF-"));
        // To look at it: RESILIFT_REPORT_OUT=/tmp/report.pdf cargo test -p resilift-server report
        if let Ok(out) = std::env::var("RESILIFT_REPORT_OUT") {
            std::fs::write(out, &mine).unwrap();
        }
        let text = poppler("pdftotext", &mine, &["-layout"]);
        for words in [
            "Clinical report",
            "Ana Ruiz",
            "version 2",
            "Kettlebell deadlift",
            "SCR-LADDER",
            "Evidence:",
            "Oswestry",
            "Stay with the 16 kg bell for two weeks.",
            "load ceiling 16 kg",
            "not medical advice",
            "Estimated 1RM and working load",
            "Page 1 of",
        ] {
            assert!(text.contains(words), "{words:?} missing from:\n{text}");
        }
        assert_eq!(pages(&mine), 3, "{text}");
        if matches!(backend, crate::Backend::Sqlite) {
            let plain = poppler("pdftotext", &mine, &["-raw"]);
            expect![[r#"
                Clinical report Person Ana Ruiz E-mail report@example.org Record ID Period DATE to DATE Made on DATE
                Rule set version 2 resilift is educational decision support, not medical advice. It cannot examine
                you or diagnose anything. See a qualified clinician for a diagnosis, and get urgent care for any
                emergency sign. Status now: amber STATUS-PAIN: Amber pain response to the session on DATE. The
                pain-monitoring model was tested in Achilles tendinopathy, not backs; resilift applies it by analogy,
                and its zone edges differ between sources. Evidence: CIT-SILBERNAGEL2007: randomised trial Adherence
                (sessions done of those planned) • Last 4 weeks: 0% (0 of 1) • Last 12 weeks: 0% (0 of 1) Latest
                screening in this period Kettlebell deadlift, screened DATE. Screen again on or after DATE.
                SCR-LADDER: No red flag, no open clinical question, and your pain and hold are where they should be.
                Your foundation is in place, so the first rung is the kettlebell deadlift. The ladder itself
                (kettlebell, then trap bar, then barbell, 3 clean sessions a rung) is expert opinion: no study has
                tested it. In the only trial, supervised deadlifting helped about as much as low-load motor-control
                exercise, not more. Evidence: CIT-ARTICLE: expert opinion; CIT-AASA2015: randomised trial;
                CIT-MICHAELSON2016: randomised trial Advice • You have had 3 earlier episodes. A past episode is
                the most consistent predictor of another, so progress patiently. Recurrence is common, but no tool
                predicts it well for one person. (ADV-RECUR) Next session Next: 3 × 5 at 12 kg, lighter than last
                time (16 kg, 25% less): working sets stay within 70% of your estimated 1RM of 21.87 kg for now.
                PRX-HOLD: Because your pain response was amber, the load does not go up. The pain-monitoring model
                was tested in Achilles tendinopathy, not backs; resilift applies it by analogy, and its zone edges
                differ between sources. Evidence: CIT-SILBERNAGEL2007: randomised trial; CIT-ARTICLE: expert opinion
                Scores Day Test or questionnaire Result Change, against the smallest change that matters DAY Oswestry
                Disability Index (ODI) 26.67% (moderate), 9 sections answered first in the record DAY Oswestry
                Disability Index (ODI) 8.89% (minimal), 9 sections answered Since last time (26.67): better by 17.78.
                That is an important improvement. Estimated 1RM and working load kg 0 5 10 15 20 DAY DAY DAY DAY DAY
                Key: Kettlebell: estimated 1RM; Kettlebell: working load Pain during and the next morning pain 0-10 0
                2 4 6 8 10 DAY DAY DAY DAY DAY Key: worst during; next morning Questionnaire scores score 0 5 10 15
                20 25 DAY DAY DAY DAY DAY DAY DAY Key: ODI % Sessions Day Exercise Top load Estimated 1RM Worst pain
                Next morning Response DAY kettlebell deadlift 16 kg 21.87 kg 2 2 green DAY kettlebell deadlift 16 kg
                21.87 kg 4 3 amber After a painful lift No post-lift questions answered in this period. Clinicians’
                notes and overrides DATE, physio@example.org: Stay with the 16 kg bell for two weeks. load ceiling 16
                kg Sources cited Each reason above names its rule (such as SCR-LADDER) and its sources by these ids;
                the rules are listed in resilift’s documentation. CIT-SILBERNAGEL2007: Silbernagel KG, Thomee R,
                Eriksson BI, Karlsson J (2007). Continued sports activity, using a pain- monitoring model, during
                rehabilitation in patients with Achilles tendinopathy: a randomized controlled study. Am J Sports Med
                35(6):897-906. Evidence level: randomised trial. CIT-ARTICLE: A chiropractor and rehabilitation
                clinician (author not named in the copy resilift holds) (undated). Deadlifts: Balancing Risk and
                Reward for a Resilient Spine. Undated clinic blog article, not peer-reviewed; the article resilift
                grew from. Evidence level: expert opinion. CIT-AASA2015: Aasa B, Berglund L, Michaelson P, Aasa U
                (2015). Individualized low-load motor control exercises and education versus a high-load lifting
                exercise and education to improve activity, pain intensity, and physical performance in patients with
                low back pain: a randomized controlled trial. J Orthop Sports Phys Ther 45(2):77-85. Evidence level:
                randomised trial. CIT-MICHAELSON2016: Michaelson P, Holmberg D, Aasa B, Aasa U (2016). High load
                lifting exercise and low load motor control exercises as interventions for patients with mechanical
                low back pain: a randomized controlled trial with 24-month follow-up. J Rehabil Med 48(5):456-463.
                Evidence level: randomised trial."#]].assert_eq(&without_dates(&plain));
        }

        // The linked clinician gets the same report; a period without the sessions leaves them out.
        let theirs = app
            .client
            .get(app.url(&format!(
                "/clients/{}/report.pdf?from={}&to={}",
                lifter.id,
                days_ago(7),
                days_ago(0)
            )))
            .bearer_auth(&clinician.token)
            .send()
            .await
            .unwrap();
        assert_eq!(theirs.status(), 200);
        let short = poppler("pdftotext", &theirs.bytes().await.unwrap(), &[]);
        assert!(short.contains("No sessions in this period."), "{short}");
        app.get(
            &format!("/clients/{}/report.pdf", lifter.id),
            &stranger.token,
        )
        .await
        .refused(404, "not_found");
        app.get("/me/report.pdf", &clinician.token)
            .await
            .refused(403, "lifter_only");
        let reply = app
            .get(
                &format!("/me/report.pdf?from={}&to={}", days_ago(0), days_ago(5)),
                &lifter.token,
            )
            .await;
        assert_eq!(reply.fields(), ["from"]);
        reply.refused(422, "invalid_input");
        let reply = app
            .get("/me/report.pdf?from=yesterday", &lifter.token)
            .await;
        assert_eq!(reply.fields(), ["from"]);
    }
}
