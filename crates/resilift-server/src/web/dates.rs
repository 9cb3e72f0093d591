//! Days and instants as the person's locale writes them.
//!
//! The pages are in English, and English writes a date in two orders: month first in the
//! United States and a few other places ("Saturday, December 5, 2026"), day first nearly
//! everywhere else ("Saturday 5 December 2026"). The browser's `Accept-Language` says which;
//! a middleware keeps the answer for the request in a task-local, so every date on the page,
//! in its charts and in its tables follows it without each page passing it down. Month names
//! are always written out, so neither order can be misread.

use axum::extract::Request;
use axum::http::header::ACCEPT_LANGUAGE;
use axum::middleware::Next;
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};

/// Which comes first in a written date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    DayFirst,
    MonthFirst,
}

tokio::task_local! {
    static ORDER: Order;
}

/// Regions whose English writes the month first.
const MONTH_FIRST: [&str; 4] = ["US", "PH", "CA", "UM"];

/// The order of the first language the browser asks for (day first when it names none, or a
/// language other than English, whose readers of an English page meet day-first dates more
/// often).
pub(crate) fn order_of(accept_language: &str) -> Order {
    let first = accept_language
        .split(',')
        .filter_map(|part| part.split(';').next())
        .map(str::trim)
        .find(|tag| !tag.is_empty() && *tag != "*");
    let month_first = first.is_some_and(|tag| {
        let mut parts = tag.split(['-', '_']);
        parts
            .next()
            .is_some_and(|lang| lang.eq_ignore_ascii_case("en"))
            && parts.any(|region| MONTH_FIRST.iter().any(|r| region.eq_ignore_ascii_case(r)))
    });
    if month_first {
        Order::MonthFirst
    } else {
        Order::DayFirst
    }
}

/// Keeps the request's date order for everything that renders it.
pub(crate) async fn layer(request: Request, next: Next) -> Response {
    let order = request
        .headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or(Order::DayFirst, order_of);
    ORDER.scope(order, next.run(request)).await
}

fn order() -> Order {
    ORDER.try_with(|o| *o).unwrap_or(Order::DayFirst)
}

/// "Saturday 5 December 2026" or "Saturday, December 5, 2026".
pub(crate) fn long(day: NaiveDate) -> String {
    match order() {
        Order::DayFirst => day.format("%A %-d %B %Y"),
        Order::MonthFirst => day.format("%A, %B %-d, %Y"),
    }
    .to_string()
}

/// "5 Dec 2026" or "Dec 5, 2026", for tables.
pub(crate) fn short(day: NaiveDate) -> String {
    match order() {
        Order::DayFirst => day.format("%-d %b %Y"),
        Order::MonthFirst => day.format("%b %-d, %Y"),
    }
    .to_string()
}

/// "5 Dec" or "Dec 5", for chart axes.
pub(crate) fn day_month(day: NaiveDate) -> String {
    match order() {
        Order::DayFirst => day.format("%-d %b"),
        Order::MonthFirst => day.format("%b %-d"),
    }
    .to_string()
}

/// An instant in the person's time zone: "Saturday 5 December 2026, 14:30" or
/// "Saturday, December 5, 2026, 2:30 PM".
pub(crate) fn instant(at: DateTime<Utc>, zone: &str) -> String {
    let zone: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::UTC);
    let local = at.with_timezone(&zone);
    match order() {
        Order::DayFirst => local.format("%A %-d %B %Y, %H:%M"),
        Order::MonthFirst => local.format("%A, %B %-d, %Y, %-I:%M %p"),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_language_chooses_the_order() {
        assert_eq!(order_of("en-US,en;q=0.9"), Order::MonthFirst);
        assert_eq!(order_of("en_us"), Order::MonthFirst);
        assert_eq!(order_of("en-GB,en-US;q=0.8"), Order::DayFirst);
        assert_eq!(order_of("en-AU"), Order::DayFirst);
        assert_eq!(order_of("de-DE,en-US;q=0.5"), Order::DayFirst);
        assert_eq!(order_of("es-US"), Order::DayFirst);
        assert_eq!(order_of(""), Order::DayFirst);
        assert_eq!(order_of("*"), Order::DayFirst);
    }

    #[tokio::test]
    async fn each_request_writes_dates_in_its_own_order() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let at = day.and_hms_opt(14, 30, 0).unwrap().and_utc();
        assert_eq!(long(day), "Saturday 5 December 2026");
        let us = ORDER
            .scope(Order::MonthFirst, async {
                (long(day), short(day), day_month(day), instant(at, "UTC"))
            })
            .await;
        assert_eq!(us.0, "Saturday, December 5, 2026");
        assert_eq!(us.1, "Dec 5, 2026");
        assert_eq!(us.2, "Dec 5");
        assert_eq!(us.3, "Saturday, December 5, 2026, 2:30 PM");
        let gb = ORDER
            .scope(Order::DayFirst, async {
                (short(day), instant(at, "Europe/London"))
            })
            .await;
        assert_eq!(gb.0, "5 Dec 2026");
        assert_eq!(gb.1, "Saturday 5 December 2026, 14:30");
    }
}
