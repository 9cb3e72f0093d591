//! Durable storage for resilift.
//!
//! One [`Store`] speaks to either an embedded SQLite file (the default) or PostgreSQL (the scale
//! path). Every query is written once in portable SQL and run against whichever pool is open; the
//! two migration trees (`migrations/sqlite`, `migrations/postgres`) carry the same names and the
//! same logical schema.
//!
//! Durability: SQLite runs in WAL mode with `synchronous = FULL`, so a committed transaction has
//! been fsynced before the call returns; PostgreSQL keeps its default `synchronous_commit = on`.
//! Every write that matters for the record is committed in one transaction together with its
//! audit entry, so either both are kept or neither.
//!
//! The store holds no clinical logic and no access rules: callers decide who may read or write
//! what; the store only guarantees that queries are scoped by the account ids it is given.

mod direct;
mod records;

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};

pub use records::*;

/// What went wrong in storage.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique value is already taken (an e-mail address, a link).
    #[error("already exists: {0}")]
    Conflict(&'static str),
    /// An operation was refused, for the reason given.
    #[error("{0}")]
    Refused(String),
    /// The account already holds as many of these as allowed; the message says which.
    #[error("{0}")]
    Quota(String),
    /// The database URL is not one resilift understands.
    #[error("database URL: {0}")]
    Url(String),
    /// The database refused or failed.
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    /// A migration failed.
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The database refused or failed a read on the direct path (see `direct`).
    #[error("database: {0}")]
    Direct(rusqlite::Error),
    /// A write was answered as done but another connection cannot see it.
    #[error("a write was answered but not kept")]
    Unkept,
}

/// Result of a storage call.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Why the store cannot take writes: the storage itself, not the request, is at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageFault {
    /// The disk (or the database's quota) is full.
    Full,
    /// The file, its folder or the database is read-only.
    ReadOnly,
    /// The disk failed to read or write.
    Io,
    /// A write was answered but not kept.
    Unkept,
}

impl StorageFault {
    /// The fault in a few plain words.
    #[must_use]
    pub const fn words(self) -> &'static str {
        match self {
            Self::Full => "the disk is full",
            Self::ReadOnly => "the storage is read-only",
            Self::Io => "the disk failed to read or write",
            Self::Unkept => "a write was answered but not kept",
        }
    }
}

impl StoreError {
    /// The storage fault behind this error, if the storage (not the query) failed.
    ///
    /// SQLite: `SQLITE_FULL` (13), `SQLITE_READONLY` (8) and `SQLITE_IOERR` (10) with their
    /// extended codes. PostgreSQL: `53100` disk full, `25006` read-only transaction, `58030` I/O
    /// error.
    #[must_use]
    pub fn storage_fault(&self) -> Option<StorageFault> {
        // SQLite's primary result code is the low byte of its extended code.
        let sqlite = |code: u32| match code & 0xff {
            13 => Some(StorageFault::Full),
            8 => Some(StorageFault::ReadOnly),
            10 => Some(StorageFault::Io),
            _ => None,
        };
        if matches!(self, Self::Unkept) {
            return Some(StorageFault::Unkept);
        }
        if let Self::Direct(rusqlite::Error::SqliteFailure(failure, _)) = self {
            return u32::try_from(failure.extended_code).ok().and_then(sqlite);
        }
        let Self::Db(error) = self else {
            return None;
        };
        match error {
            sqlx::Error::Database(db) => {
                let code = db.code()?;
                match code.as_ref() {
                    "53100" => Some(StorageFault::Full),
                    "25006" => Some(StorageFault::ReadOnly),
                    "58030" => Some(StorageFault::Io),
                    numeric => numeric.parse::<u32>().ok().and_then(sqlite),
                }
            }
            sqlx::Error::Io(io) => Some(match io.kind() {
                std::io::ErrorKind::StorageFull => StorageFault::Full,
                std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied => {
                    StorageFault::ReadOnly
                }
                _ => StorageFault::Io,
            }),
            _ => None,
        }
    }
}

/// Which database is behind a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

#[derive(Debug, Clone)]
enum Backend {
    /// Readers share a pool; every write goes through one connection, so writers queue in
    /// process instead of failing with `SQLITE_BUSY`. The reads on nearly every request's path
    /// run on the calling thread instead (`direct`).
    Sqlite {
        reader: SqlitePool,
        writer: SqlitePool,
        direct: Arc<direct::Readers>,
    },
    Postgres(PgPool),
}

/// The storage handle: cheap to clone, safe to share.
#[derive(Debug, Clone)]
pub struct Store {
    backend: Backend,
}

/// Migration names of both trees, for the test that keeps them in step.
#[must_use]
pub fn migration_names() -> (Vec<String>, Vec<String>) {
    let names = |m: &sqlx::migrate::Migrator| {
        m.iter()
            .map(|m| format!("{}_{}", m.version, m.description))
            .collect()
    };
    (names(&SQLITE_MIGRATIONS), names(&POSTGRES_MIGRATIONS))
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Pool sizes and the like.
#[derive(Debug, Clone, Copy)]
pub struct PoolOptions {
    /// Connections for PostgreSQL, or SQLite readers.
    pub max_connections: u32,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self { max_connections: 8 }
    }
}

impl Store {
    /// Opens (creating when missing) the SQLite file at `path` and brings its schema up to date.
    ///
    /// # Errors
    /// The file cannot be opened or migrated.
    pub async fn open_sqlite(path: &Path, options: PoolOptions) -> Result<Self> {
        let connect = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            // Deleted rows are overwritten with zeros, so an erased person cannot be read back
            // from the file's free pages.
            .pragma("secure_delete", "ON")
            .busy_timeout(Duration::from_secs(10));
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(connect.clone())
            .await?;
        SQLITE_MIGRATIONS.run(&writer).await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(options.max_connections.max(1))
            .connect_with(connect.read_only(true))
            .await?;
        let direct = Arc::new(direct::Readers::new(
            path,
            options.max_connections.max(1) as usize,
        ));
        Ok(Self {
            backend: Backend::Sqlite {
                reader,
                writer,
                direct,
            },
        })
    }

    /// Connects to PostgreSQL and brings its schema up to date. `search_path`, when given,
    /// selects a schema (created when missing), which lets tests share one database.
    ///
    /// # Errors
    /// The server cannot be reached or the schema cannot be migrated.
    pub async fn open_postgres(
        url: &str,
        search_path: Option<&str>,
        options: PoolOptions,
    ) -> Result<Self> {
        let mut connect =
            PgConnectOptions::from_str(url).map_err(|e| StoreError::Url(e.to_string()))?;
        if let Some(schema) = search_path {
            if !schema
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                return Err(StoreError::Url(format!("bad schema name {schema:?}")));
            }
            let admin = PgPoolOptions::new()
                .max_connections(1)
                .connect_with(connect.clone())
                .await?;
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "CREATE SCHEMA IF NOT EXISTS {schema}"
            )))
            .execute(&admin)
            .await?;
            admin.close().await;
            connect = connect.options([("search_path", schema)]);
        }
        let pool = PgPoolOptions::new()
            .max_connections(options.max_connections.max(1))
            .connect_with(connect)
            .await?;
        POSTGRES_MIGRATIONS.run(&pool).await?;
        Ok(Self {
            backend: Backend::Postgres(pool),
        })
    }

    /// Opens whatever `url` names: `postgres://…`/`postgresql://…` or `sqlite:PATH`.
    ///
    /// # Errors
    /// An unknown scheme, or the database cannot be opened.
    pub async fn open_url(url: &str, options: PoolOptions) -> Result<Self> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Self::open_postgres(url, None, options).await
        } else if let Some(path) = url
            .strip_prefix("sqlite://")
            .or(url.strip_prefix("sqlite:"))
        {
            Self::open_sqlite(Path::new(path), options).await
        } else {
            Err(StoreError::Url(format!(
                "expected postgres://… or sqlite:PATH, got {url:?}"
            )))
        }
    }

    /// Which database this is.
    #[must_use]
    pub fn kind(&self) -> Kind {
        match self.backend {
            Backend::Sqlite { .. } => Kind::Sqlite,
            Backend::Postgres(_) => Kind::Postgres,
        }
    }

    /// A cheap round trip, for health checks.
    ///
    /// # Errors
    /// The database does not answer.
    pub async fn ping(&self) -> Result<()> {
        read_pool!(self, pool => {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Writes one row, commits it, and reads it back through a connection of its own, to prove
    /// that the store takes durable writes (at start-up and for the health check). A write that
    /// was answered but is not visible to another connection (one stuck in a transaction that
    /// will never commit) is [`StoreError::Unkept`]. The row is bookkeeping, not anyone's record.
    ///
    /// # Errors
    /// The write failed ([`StoreError::storage_fault`] says whether the storage is at fault).
    pub async fn probe_write(&self) -> Result<()> {
        let upsert = "INSERT INTO store_probe (id, writes) VALUES (1, 1) \
             ON CONFLICT (id) DO UPDATE SET writes = store_probe.writes + 1 RETURNING writes";
        let read = "SELECT writes FROM store_probe WHERE id = 1";
        let (written, seen): ((i64,), Option<(i64,)>) = match &self.backend {
            Backend::Sqlite { writer, reader, .. } => {
                let mut held = Writer::take(writer).await?;
                let written = sqlx::query_as(upsert).fetch_one(&mut *held).await?;
                held.kept();
                drop(held);
                (written, sqlx::query_as(read).fetch_optional(reader).await?)
            }
            Backend::Postgres(pool) => {
                let written = sqlx::query_as(upsert).fetch_one(pool).await?;
                (written, sqlx::query_as(read).fetch_optional(pool).await?)
            }
        };
        // Another write may have counted on since, so at least this write must be seen.
        if seen.is_none_or(|(seen,)| seen < written.0) {
            return Err(StoreError::Unkept);
        }
        Ok(())
    }

    /// Each pool's open and idle connections, for metrics.
    #[must_use]
    pub fn pool_use(&self) -> Vec<(&'static str, u32, usize)> {
        match &self.backend {
            Backend::Sqlite { reader, writer, .. } => vec![
                ("sqlite_reader", reader.size(), reader.num_idle()),
                ("sqlite_writer", writer.size(), writer.num_idle()),
            ],
            Backend::Postgres(pool) => vec![("postgres", pool.size(), pool.num_idle())],
        }
    }

    /// Writes a consistent copy of the SQLite database to `to` (a new file) while others keep
    /// reading and writing: `VACUUM INTO` reads one snapshot, so every transaction committed
    /// before it began is in the copy. PostgreSQL is backed up with `pg_dump` instead.
    ///
    /// # Errors
    /// `to` exists or cannot be written, the database failed, or this is PostgreSQL.
    pub async fn backup_to(&self, to: &Path) -> Result<()> {
        let Backend::Sqlite { reader, .. } = &self.backend else {
            return Err(StoreError::Refused(
                "PostgreSQL is backed up with pg_dump (see the README)".to_owned(),
            ));
        };
        let target = to
            .to_str()
            .ok_or_else(|| StoreError::Refused(format!("{} is not a UTF-8 path", to.display())))?;
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(reader)
            .await?;
        Ok(())
    }

    /// Restores a backup made by [`Store::backup_to`] as the SQLite database `to` (which must
    /// not exist): the copy is checked to be a resilift database that passes
    /// `PRAGMA integrity_check`, brought up to date, and only then moved into place, so a
    /// failed restore leaves no half-made database behind.
    ///
    /// # Errors
    /// `to` exists, the backup is not a sound resilift database, or a file operation failed.
    pub async fn restore_sqlite(from: &Path, to: &Path) -> Result<()> {
        let refuse = StoreError::Refused;
        if to.exists() {
            return Err(refuse(format!(
                "{} already exists; restore only into an empty data folder",
                to.display()
            )));
        }
        {
            let check = SqliteConnectOptions::new().filename(from).read_only(true);
            let pool = SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(check)
                .await?;
            let ours: Option<(String,)> = sqlx::query_as(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'accounts'",
            )
            .fetch_optional(&pool)
            .await?;
            if ours.is_none() {
                return Err(refuse(format!(
                    "{} is not a resilift database",
                    from.display()
                )));
            }
            let verdict: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check")
                .fetch_all(&pool)
                .await?;
            pool.close().await;
            if verdict.len() != 1 || verdict[0].0 != "ok" {
                return Err(refuse(format!(
                    "{} fails its integrity check: {}",
                    from.display(),
                    verdict
                        .into_iter()
                        .map(|(l,)| l)
                        .collect::<Vec<_>>()
                        .join("; ")
                )));
            }
        }
        let staging = to.with_extension("restoring");
        let io = |e: std::io::Error| StoreError::Db(sqlx::Error::Io(e));
        std::fs::copy(from, &staging).map_err(io)?;
        let store = Self::open_sqlite(&staging, PoolOptions::default()).await?;
        let verdict = store.integrity_check().await?;
        store.close().await;
        if verdict != ["ok"] {
            let _ = std::fs::remove_file(&staging);
            return Err(refuse(format!(
                "the restored copy fails its integrity check: {verdict:?}"
            )));
        }
        std::fs::File::open(&staging)
            .and_then(|f| f.sync_all())
            .map_err(io)?;
        std::fs::rename(&staging, to).map_err(io)?;
        if let Some(dir) = to.parent() {
            std::fs::File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(io)?;
        }
        Ok(())
    }

    /// `PRAGMA integrity_check` on SQLite (`["ok"]` when sound); PostgreSQL has no such check
    /// and answers `["ok"]` when it answers at all.
    ///
    /// # Errors
    /// The database failed.
    pub async fn integrity_check(&self) -> Result<Vec<String>> {
        match &self.backend {
            Backend::Sqlite { reader, .. } => {
                let rows: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check")
                    .fetch_all(reader)
                    .await?;
                Ok(rows.into_iter().map(|(line,)| line).collect())
            }
            Backend::Postgres(pool) => {
                sqlx::query("SELECT 1").execute(pool).await?;
                Ok(vec!["ok".to_owned()])
            }
        }
    }

    /// The logical schema: one line per column (`table.column NOT NULL|NULL`) and per named
    /// index (`index NAME`), sorted. Both backends must describe the same schema.
    ///
    /// # Errors
    /// The database failed.
    pub async fn describe(&self) -> Result<Vec<String>> {
        let mut lines: Vec<String> = match &self.backend {
            Backend::Sqlite { reader, .. } => {
                let tables: Vec<(String,)> = sqlx::query_as(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
                )
                .fetch_all(reader)
                .await?;
                let mut lines = Vec::new();
                for (table,) in tables {
                    let columns: Vec<(String, bool)> =
                        sqlx::query_as("SELECT name, \"notnull\" OR pk FROM pragma_table_info($1)")
                            .bind(&table)
                            .fetch_all(reader)
                            .await?;
                    lines.extend(columns.into_iter().map(|(column, not_null)| {
                        format!(
                            "{table}.{column} {}",
                            if not_null { "NOT NULL" } else { "NULL" }
                        )
                    }));
                }
                let indexes: Vec<(String,)> = sqlx::query_as(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'",
                )
                .fetch_all(reader)
                .await?;
                lines.extend(indexes.into_iter().map(|(name,)| format!("index {name}")));
                lines
            }
            Backend::Postgres(pool) => {
                let columns: Vec<(String, String, String)> = sqlx::query_as(
                    "SELECT table_name::text, column_name::text, is_nullable::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
                )
                .fetch_all(pool)
                .await?;
                let mut lines: Vec<String> = columns
                    .into_iter()
                    .map(|(table, column, nullable)| {
                        format!(
                            "{table}.{column} {}",
                            if nullable == "NO" { "NOT NULL" } else { "NULL" }
                        )
                    })
                    .collect();
                let indexes: Vec<(String,)> = sqlx::query_as(
                    "SELECT indexname::text FROM pg_indexes WHERE schemaname = current_schema() \
                     AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key'",
                )
                .fetch_all(pool)
                .await?;
                lines.extend(indexes.into_iter().map(|(name,)| format!("index {name}")));
                lines
            }
        };
        lines.sort();
        Ok(lines)
    }

    /// Closes every connection (SQLite checkpoints its WAL).
    pub async fn close(&self) {
        match &self.backend {
            Backend::Sqlite {
                reader,
                writer,
                direct,
            } => {
                direct.close();
                reader.close().await;
                writer.close().await;
            }
            Backend::Postgres(pool) => pool.close().await,
        }
    }
}

/// Runs `$body` with `$pool` bound to the reading pool of whichever backend is open.
macro_rules! read_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.backend {
            $crate::Backend::Sqlite { reader: $pool, .. } => $body,
            $crate::Backend::Postgres($pool) => $body,
        }
    };
}

/// A write transaction that commits only with an audit entry in it.
///
/// INVARIANT (every change is audited): [`Audited::finish`] commits when the body wrote its
/// audit entry (`audit!`) and rolls back otherwise, so a change without its entry cannot be
/// stored; a body that changed nothing (an unknown id) loses nothing by the rollback.
pub(crate) struct Audited<'c, DB: sqlx::Database> {
    tx: sqlx::Transaction<'c, DB>,
    audited: bool,
}

impl<'c, DB: sqlx::Database> Audited<'c, DB> {
    pub(crate) fn new(tx: sqlx::Transaction<'c, DB>) -> Self {
        Self { tx, audited: false }
    }

    /// Marks the transaction as carrying its audit entry.
    pub(crate) fn audited(&mut self) {
        self.audited = true;
    }

    /// Commits an audited transaction; rolls back one without an audit entry.
    pub(crate) async fn finish(self) -> Result<()> {
        if self.audited {
            self.tx.commit().await?;
        } else {
            self.tx.rollback().await?;
        }
        Ok(())
    }
}

impl<DB: sqlx::Database> std::ops::Deref for Audited<'_, DB> {
    type Target = DB::Connection;

    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl<DB: sqlx::Database> std::ops::DerefMut for Audited<'_, DB> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

/// The one SQLite writer connection, taken from its pool for one write.
///
/// INVARIANT (an acknowledged write is on disk): the connection goes back to the pool only
/// after [`Writer::kept`], which the caller says once its write committed. Any other way out
/// (an error, a failed COMMIT, a cancelled request) closes the connection instead, and the
/// next write opens a fresh one. SQLite rolls back a failed statement's transaction on its own
/// after some faults (`SQLITE_FULL`, `SQLITE_IOERR`), and keeps it open after others, while
/// sqlx counts transaction depth on its side; a connection that went through a failure is
/// therefore never trusted again, so no later write can land in a transaction that will
/// never commit.
pub(crate) struct Writer {
    conn: sqlx::pool::PoolConnection<sqlx::Sqlite>,
    kept: bool,
}

impl Writer {
    /// Takes the writer connection (waiting for the write before it to finish).
    pub(crate) async fn take(pool: &SqlitePool) -> Result<Self> {
        Ok(Self {
            conn: pool.acquire().await?,
            kept: false,
        })
    }

    /// The write committed: the connection is sound and goes back to the pool.
    pub(crate) fn kept(&mut self) {
        self.kept = true;
    }

    /// Runs one statement on its own (autocommit) and keeps the connection when it succeeds.
    pub(crate) async fn execute<'q>(
        pool: &SqlitePool,
        query: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>,
    ) -> Result<sqlx::sqlite::SqliteQueryResult> {
        let mut writer = Self::take(pool).await?;
        let done = query.execute(&mut *writer.conn).await?;
        writer.kept();
        Ok(done)
    }
}

impl std::ops::Deref for Writer {
    type Target = sqlx::SqliteConnection;

    fn deref(&self) -> &Self::Target {
        &self.conn
    }
}

impl std::ops::DerefMut for Writer {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.conn
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if !self.kept {
            tracing::warn!(
                "a write failed or was cancelled; the SQLite writer connection is replaced"
            );
            self.conn.close_on_drop();
        }
    }
}

/// Runs `$body` inside one write transaction (`$tx`), committed when the body succeeds and
/// wrote its audit entry (see [`Audited`]). On SQLite the writer connection is replaced after
/// any failure (see [`Writer`]).
macro_rules! write_tx {
    ($store:expr, $tx:ident => $body:expr) => {
        match &$store.backend {
            $crate::Backend::Sqlite { writer, .. } => {
                let mut held = $crate::Writer::take(writer).await?;
                let mut $tx = $crate::Audited::new(sqlx::Connection::begin(&mut *held).await?);
                let out = $body;
                $tx.finish().await?;
                held.kept();
                out
            }
            $crate::Backend::Postgres(pool) => {
                let mut $tx = $crate::Audited::new(pool.begin().await?);
                let out = $body;
                $tx.finish().await?;
                out
            }
        }
    };
}

pub(crate) use {read_pool, write_tx};

/// Maps a unique-constraint violation to [`StoreError::Conflict`].
pub(crate) fn conflict(what: &'static str) -> impl FnOnce(sqlx::Error) -> StoreError {
    move |error| match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(what),
        _ => StoreError::Db(error),
    }
}

/// A page of rows and the cursor of the next page.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The rows.
    pub items: Vec<T>,
    /// Where the next page starts, if there is one.
    pub next: Option<String>,
}

impl<T> Page<T> {
    /// Splits `limit + 1` fetched rows into a page and its continuation.
    fn from_rows(mut rows: Vec<T>, limit: u32, cursor: impl Fn(&T) -> String) -> Self {
        let limit = limit as usize;
        let next = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(cursor)
        } else {
            None
        };
        Self { items: rows, next }
    }
}

/// A session cursor: the date and id of the last row seen.
fn session_cursor(cursor: Option<&str>) -> (NaiveDate, String) {
    cursor
        .and_then(|c| c.split_once('_'))
        .and_then(|(date, id)| Some((NaiveDate::from_str(date).ok()?, id.to_owned())))
        .unwrap_or((FAR_FUTURE, String::from("~")))
}

/// Whether a session cursor is well formed.
#[must_use]
pub fn session_cursor_is_valid(cursor: &str) -> bool {
    cursor
        .split_once('_')
        .is_some_and(|(date, id)| NaiveDate::from_str(date).is_ok() && !id.is_empty())
}

/// The timestamp type stored everywhere.
pub type Instant = DateTime<Utc>;

/// Later than any session date (and written as plain `YYYY-MM-DD`, so that it also compares
/// correctly as SQLite text).
const FAR_FUTURE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

#[cfg(test)]
mod tests {
    use super::*;

    /// A write whose transaction carries no audit entry is not stored.
    #[tokio::test]
    async fn a_change_without_its_audit_entry_is_rolled_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_sqlite(&dir.path().join("t.db"), PoolOptions::default())
            .await
            .unwrap();
        let count = || async {
            read_pool!(store, pool => {
                sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM audit_log")
                    .fetch_one(pool)
                    .await
                    .unwrap()
                    .0
            })
        };
        let before = count().await;
        let unaudited: Result<()> = async {
            write_tx!(store, tx => {
                sqlx::query("INSERT INTO audit_log (id, at, actor_id, subject_id, action, detail) VALUES ('x', '2026-01-01T00:00:00Z', NULL, NULL, 'raw', '{}')")
                    .execute(&mut *tx)
                    .await?;
            });
            Ok(())
        }
        .await;
        unaudited.unwrap();
        assert_eq!(count().await, before, "the unaudited insert was kept");
    }
}
