//! The safety record: every warning sign, below-knee leg symptom, flare-level pain and urgent
//! triage outcome, as it was reported, kept apart from the editable log.
//!
//! INVARIANT (append-only): rows are only inserted, in the same transaction as the record that
//! reported them. Correcting or deleting that record notes the date beside its events
//! (`corrected_at`, `deleted_at`) and never removes one; only erasing the account does.

use chrono::NaiveDate;

use crate::{Instant, Result, Store, read_pool};

/// One reported safety event.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SafetyEvent {
    /// Id.
    pub id: String,
    /// Whose.
    pub account_id: String,
    /// When it was reported.
    pub reported_at: Instant,
    /// The day it concerns (the session's day, the check-in's morning, the triage's day).
    pub day: NaiveDate,
    /// Where: `screening`, `session`, `check_in`, `foundation_day` or `triage`.
    pub source: String,
    /// The record that reported it.
    pub source_id: String,
    /// The warning signs reported, as a JSON list of ids.
    pub flags: String,
    /// `above_knee` or `below_knee` when leg symptoms were reported.
    pub leg_symptoms: Option<String>,
    /// The worst pain reported with it (0-10).
    pub worst_pain: Option<i64>,
    /// `emergency`, `same_day` or `see_clinician`; none for an event without an urgency of its
    /// own (a flare-level session, below-knee symptoms alone).
    pub tier: Option<String>,
    /// When the record that reported it was corrected so that it no longer says so.
    pub corrected_at: Option<Instant>,
    /// When the record that reported it was deleted.
    pub deleted_at: Option<Instant>,
}

/// Inserts safety events inside a write transaction (`$tx`).
macro_rules! safety_events {
    ($tx:ident, $events:expr) => {{
        let events: &[$crate::SafetyEvent] = $events;
        for e in events {
            sqlx::query(
                "INSERT INTO safety_events (id, account_id, reported_at, day, source, source_id, flags, leg_symptoms, worst_pain, tier, corrected_at, deleted_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, NULL)",
            )
            .bind(&e.id)
            .bind(&e.account_id)
            .bind(e.reported_at)
            .bind(e.day)
            .bind(&e.source)
            .bind(&e.source_id)
            .bind(&e.flags)
            .bind(&e.leg_symptoms)
            .bind(e.worst_pain)
            .bind(&e.tier)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

/// Notes inside a write transaction (`$tx`) that the events a record reported were corrected
/// away (`corrected_at`) or deleted with it (`deleted_at`); the events stay.
macro_rules! safety_events_noted {
    ($tx:ident, $column:literal, $account:expr, $source_id:expr, $at:expr) => {{
        sqlx::query(concat!(
            "UPDATE safety_events SET ",
            $column,
            " = $3 WHERE account_id = $1 AND source_id = $2 AND ",
            $column,
            " IS NULL"
        ))
        .bind($account)
        .bind($source_id)
        .bind($at)
        .execute(&mut *$tx)
        .await?;
    }};
}

pub(crate) use {safety_events, safety_events_noted};

const COLUMNS: &str = "id, account_id, reported_at, day, source, source_id, flags, leg_symptoms, worst_pain, tier, corrected_at, deleted_at";

impl Store {
    /// Every safety event of an account, newest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn safety_events(&self, account_id: &str) -> Result<Vec<SafetyEvent>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM safety_events WHERE account_id = $1 ORDER BY reported_at DESC, id DESC"
        );
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, SafetyEvent>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(account_id)
                .fetch_all(pool)
                .await?
        }))
    }

    /// The events reported after `since` whose record was since corrected or deleted (what
    /// the plan keeps although the log no longer says so), oldest first. On the plan's path,
    /// so it reads only those rows, through the account's index.
    ///
    /// # Errors
    /// The database failed.
    pub async fn kept_safety_events(
        &self,
        account_id: &str,
        since: Instant,
    ) -> Result<Vec<SafetyEvent>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM safety_events WHERE account_id = $1 AND reported_at > $2 \
             AND (corrected_at IS NOT NULL OR deleted_at IS NOT NULL) ORDER BY reported_at, id"
        );
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, SafetyEvent>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(account_id)
                .bind(since)
                .fetch_all(pool)
                .await?
        }))
    }

    /// The safety events one record reported, oldest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn safety_events_of(
        &self,
        account_id: &str,
        source_id: &str,
    ) -> Result<Vec<SafetyEvent>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM safety_events WHERE account_id = $1 AND source_id = $2 ORDER BY reported_at, id"
        );
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, SafetyEvent>(sqlx::AssertSqlSafe(sql.clone()))
                .bind(account_id)
                .bind(source_id)
                .fetch_all(pool)
                .await?
        }))
    }
}
