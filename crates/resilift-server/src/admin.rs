//! What an operator does from the command line (`resilift admin …`): invite or create clinician
//! accounts, list, disable and enable accounts, and hand out password-reset links. Each action
//! is audited with no actor (the operator acts outside any account).

use anyhow::{Context as _, bail};

use crate::AppState;
use crate::auth::{Role, digest, secret};
use crate::service::accounts::{NewAccount, check_email};
use crate::service::{audit, resets};

/// An account in the operator's list.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AccountLine {
    /// Id.
    pub id: String,
    /// E-mail address.
    pub email: String,
    /// `lifter` or `clinician`.
    pub role: String,
    /// When it was made (RFC 3339).
    pub created_at: String,
    /// When it was disabled (RFC 3339), if it was.
    pub disabled_at: Option<String>,
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(plain)`
fn plain(error: crate::ApiError) -> anyhow::Error {
    anyhow::anyhow!("{}", error.body.error)
}

/// Makes an invite code that lets one person register as a clinician, valid for `days`.
///
/// # Errors
/// The store failed.
pub async fn invite_clinician(state: &AppState, note: &str, days: u32) -> anyhow::Result<String> {
    if !(1..=90).contains(&days) {
        bail!("--days: expected 1 to 90, got {days}");
    }
    if note.chars().count() > 200 || note.chars().any(char::is_control) {
        bail!("--note: expected at most 200 characters on one line");
    }
    let code = secret("ci_").map_err(plain)?;
    let now = state.now();
    let entry = audit(
        state,
        None,
        None,
        "clinician_invite.created",
        &serde_json::json!({"note": note}),
    );
    state
        .store()
        .insert_clinician_invite(
            &digest(&code),
            note,
            now,
            now + chrono::Duration::days(i64::from(days)),
            &entry,
        )
        .await?;
    Ok(code)
}

/// Creates a clinician's account with an unusable random password, and returns a reset link
/// with which the clinician chooses their own.
///
/// # Errors
/// A bad or taken address, or the store failed.
pub async fn create_clinician(state: &AppState, email: &str) -> anyhow::Result<String> {
    let email = check_email(email).map_err(plain)?;
    let account = crate::service::accounts::create(
        state,
        NewAccount {
            email,
            password: secret("").map_err(plain)?,
            role: Role::Clinician,
            time_zone: None,
            units: None,
            clinician_invite: None,
        },
        None,
    )
    .await
    .map_err(plain)?;
    resets::make_link(state, &account.id, "operator")
        .await
        .map_err(plain)
}

/// Every account, oldest first.
///
/// # Errors
/// The store failed.
pub async fn accounts(state: &AppState) -> anyhow::Result<Vec<AccountLine>> {
    Ok(state
        .store()
        .account_list()
        .await?
        .into_iter()
        .map(|a| AccountLine {
            id: a.id,
            email: a.email,
            role: a.role,
            created_at: a.created_at.to_rfc3339(),
            disabled_at: a.disabled_at.map(|at| at.to_rfc3339()),
        })
        .collect())
}

/// Disables an account (its sessions end, its tokens are revoked, it cannot sign in) or enables
/// it again.
///
/// # Errors
/// No account uses the address, or the store failed.
pub async fn set_disabled(state: &AppState, email: &str, disabled: bool) -> anyhow::Result<()> {
    let account = find(state, email).await?;
    let (action, at) = if disabled {
        ("account.disabled", Some(state.now()))
    } else {
        ("account.enabled", None)
    };
    let entry = audit(state, None, Some(&account), action, &serde_json::json!({}));
    state.store().set_disabled(&account, at, &entry).await?;
    Ok(())
}

/// A single-use password-reset link for an account, valid for two hours.
///
/// # Errors
/// No account uses the address, or the store failed.
pub async fn reset_link(state: &AppState, email: &str) -> anyhow::Result<String> {
    let account = find(state, email).await?;
    resets::make_link(state, &account, "operator")
        .await
        .map_err(plain)
}

async fn find(state: &AppState, email: &str) -> anyhow::Result<String> {
    let email = check_email(email).map_err(plain)?;
    state
        .store()
        .account_by_email(&email)
        .await?
        .map(|a| a.id)
        .with_context(|| format!("no account uses {email}"))
}

/// Opens the store the settings name, for an operator's command (the same store `serve` uses;
/// the server may be running).
///
/// # Errors
/// The store cannot be opened.
pub async fn open(
    settings: &crate::Settings,
    rules: resilift_core::Config,
) -> anyhow::Result<AppState> {
    let store = crate::open_store(settings).await?;
    Ok(AppState::new(store, rules, settings.clone()))
}

/// Backs the SQLite database up to `to` (a new file) while the server keeps serving, checks the
/// copy, and returns its size in bytes.
///
/// # Errors
/// PostgreSQL (use `pg_dump`), `to` exists, or the copy failed or is unsound.
pub async fn backup(state: &AppState, to: &std::path::Path) -> anyhow::Result<u64> {
    if state.store().kind() == resilift_store::Kind::Postgres {
        bail!(
            "this server keeps its data in PostgreSQL: back it up with pg_dump (see the README's operator section)"
        );
    }
    if to.exists() {
        bail!("{} already exists; choose a new file name", to.display());
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    state
        .store()
        .backup_to(to)
        .await
        .with_context(|| format!("writing the backup to {}", to.display()))?;
    let file = std::fs::File::open(to)?;
    file.sync_all()?;
    Ok(file.metadata()?.len())
}

/// Restores a backup into an empty data folder (created when missing).
///
/// # Errors
/// The folder already holds a database, or the backup is not a sound resilift database.
pub async fn restore(from: &std::path::Path, data_dir: &std::path::Path) -> anyhow::Result<()> {
    if !from.is_file() {
        bail!("{} is not a file", from.display());
    }
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating the data folder {}", data_dir.display()))?;
    resilift_store::Store::restore_sqlite(from, &data_dir.join("resilift.db"))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// Closes the store (SQLite checkpoints its write-ahead log).
pub async fn close(state: &AppState) {
    state.store().close().await;
}
