//! The report renders to a PDF whose text says what the data says.

use resilift_report::{Reason, Report, Screening, SessionRow, render};

fn sample(sessions: usize) -> Report {
    Report {
        title: "Clinical report".into(),
        person: "Ana Ruiz".into(),
        email: "ana@example.org".into(),
        account: "0193a".into(),
        period: "1 January 2026 to 31 December 2026".into(),
        made_on: "6 December 2026".into(),
        rules_version: "2".into(),
        disclaimer: "resilift is educational decision support, not medical advice.".into(),
        screening: Some(Screening {
            date: "3 March 2026".into(),
            decision: "Trap-bar deadlift".into(),
            reasons: vec![Reason {
                rule: "SCR-LADDER".into(),
                message: "Cleared for the trap bar.".into(),
                evidence: vec!["CIT-ARTICLE: expert opinion".into()],
            }],
            advice: vec![],
            next_screen: Some("3 April 2026".into()),
        }),
        sessions: (0..sessions)
            .map(|i| SessionRow {
                date: format!("Day {i}"),
                exercise: "trap-bar deadlift".into(),
                load: "80 kg".into(),
                e1rm: "100 kg".into(),
                pain: "2".into(),
                morning: "1".into(),
                response: "green".into(),
            })
            .collect(),
        ..Report::default()
    }
}

#[test]
fn a_report_renders_to_a_pdf() {
    let pdf = render(&sample(3)).expect("renders");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    assert!(pdf.len() > 1000);
}

/// Text in the data is set as text: markup characters never change the layout or fail it.
#[test]
fn markup_in_the_data_is_printed_as_written() {
    let mut report = sample(1);
    report.person = "#set page(width: 1pt) *bold* _x_ $y$ \\ <a> @b".into();
    let pdf = render(&report).expect("renders");
    assert!(pdf.starts_with(b"%PDF-"));
}
