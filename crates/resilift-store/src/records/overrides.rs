//! Clinicians' overrides of a lifter's plan.

use super::NewAudit;
use crate::{Instant, Result, Store, read_pool, write_tx};

/// A clinician's override of the plan, with a note for the lifter.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Override {
    /// Id.
    pub id: String,
    /// Whose plan.
    pub lifter_id: String,
    /// Who wrote it; null once that account is erased.
    pub clinician_id: Option<String>,
    /// When.
    pub created_at: Instant,
    /// Rung the clinician set, if any.
    pub stage: Option<String>,
    /// The note.
    pub note: String,
    /// Red-flag or general-health ids the clinician cleared for loading (a JSON array), or
    /// null when the override clears nothing.
    pub cleared_flags: Option<String>,
    /// Load ceiling, in `ceiling_units`, or null.
    pub ceiling_load: Option<f64>,
    /// `kg` or `lb`, with `ceiling_load`.
    pub ceiling_units: Option<String>,
    /// Ceiling as a percentage of the estimated 1RM, or null.
    pub ceiling_percent: Option<f64>,
}

impl Store {
    /// Stores a clinician's override.
    ///
    /// # Errors
    /// The database failed.
    pub async fn insert_override(&self, o: &Override, audit: &NewAudit) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query(
                "INSERT INTO overrides (id, lifter_id, clinician_id, created_at, stage, note, cleared_flags, ceiling_load, ceiling_units, ceiling_percent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(&o.id)
            .bind(&o.lifter_id)
            .bind(&o.clinician_id)
            .bind(o.created_at)
            .bind(&o.stage)
            .bind(&o.note)
            .bind(&o.cleared_flags)
            .bind(o.ceiling_load)
            .bind(&o.ceiling_units)
            .bind(o.ceiling_percent)
            .execute(&mut *tx)
            .await?;
            audit!(tx, audit);
        });
        Ok(())
    }

    /// A lifter's overrides, newest first.
    ///
    /// # Errors
    /// The database failed.
    pub async fn overrides(&self, lifter_id: &str) -> Result<Vec<Override>> {
        Ok(read_pool!(self, pool => {
            sqlx::query_as::<_, Override>(
                "SELECT id, lifter_id, clinician_id, created_at, stage, note, cleared_flags, ceiling_load, ceiling_units, ceiling_percent FROM overrides WHERE lifter_id = $1 ORDER BY id DESC",
            )
            .bind(lifter_id)
            .fetch_all(pool)
            .await?
        }))
    }
}
