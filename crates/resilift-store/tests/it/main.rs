//! Storage tests: the two migration trees stay in step, and the portable queries behave the
//! same on SQLite and (when `RESILIFT_TEST_PG_URL` is set) PostgreSQL.

use chrono::{NaiveDate, Utc};
use resilift_store::{Account, NewAudit, PoolOptions, Profile, Session, Store, migration_names};

async fn stores() -> (Vec<Store>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut stores = vec![
        Store::open_sqlite(&dir.path().join("t.db"), PoolOptions::default())
            .await
            .unwrap(),
    ];
    if let Ok(url) = std::env::var("RESILIFT_TEST_PG_URL")
        && !url.trim().is_empty()
    {
        let schema = format!("s_{}", uuid::Uuid::now_v7().simple());
        stores.push(
            Store::open_postgres(&url, Some(&schema), PoolOptions::default())
                .await
                .unwrap(),
        );
    }
    (stores, dir)
}

#[test]
fn both_migration_trees_carry_the_same_names() {
    let (sqlite, postgres) = migration_names();
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres);
}

#[tokio::test]
async fn both_backends_describe_the_same_schema() {
    let (stores, _dir) = stores().await;
    let sqlite = stores[0].describe().await.unwrap();
    assert!(
        sqlite.contains(&"sessions.body NOT NULL".to_owned()),
        "{sqlite:?}"
    );
    assert!(
        sqlite.contains(&"index sessions_by_account".to_owned()),
        "{sqlite:?}"
    );
    if let Some(postgres) = stores.get(1) {
        assert_eq!(sqlite, postgres.describe().await.unwrap());
    }
}

/// A lifter's account and profile (not yet stored).
fn lifter(email: &str, time_zone: &str, now: chrono::DateTime<Utc>) -> (Account, Profile) {
    let account = Account {
        id: uuid::Uuid::now_v7().to_string(),
        email: email.into(),
        password_hash: "x".into(),
        role: "lifter".into(),
        created_at: now,
    };
    let profile = Profile {
        account_id: account.id.clone(),
        units: "kg".into(),
        equipment: "{}".into(),
        time_zone: time_zone.into(),
        updated_at: now,
    };
    (account, profile)
}

/// Stores an API token for an account, made at `at`.
async fn store_token(store: &Store, account_id: &str, token_hash: &str, at: chrono::DateTime<Utc>) {
    let token = resilift_store::ApiToken {
        id: uuid::Uuid::now_v7().to_string(),
        account_id: account_id.to_owned(),
        name: "t".into(),
        token_hash: token_hash.into(),
        created_at: at,
        revoked_at: None,
        last_used_at: None,
    };
    store
        .insert_token(&token, &audit("token.created"))
        .await
        .unwrap();
}

fn audit(action: &'static str) -> NewAudit {
    NewAudit {
        id: uuid::Uuid::now_v7().to_string(),
        at: Utc::now(),
        actor_id: None,
        subject_id: None,
        action,
        detail: "{}".into(),
    }
}

#[tokio::test]
async fn sessions_page_by_day_then_id_and_conflicts_are_reported() {
    let (stores, _dir) = stores().await;
    for store in stores {
        let now = Utc::now();
        let (account, profile) = lifter("p@example.org", "UTC", now);
        store
            .create_account(&account, &profile, &audit("account.created"))
            .await
            .unwrap();
        let again = Account {
            id: uuid::Uuid::now_v7().to_string(),
            ..account.clone()
        };
        assert!(matches!(
            store
                .create_account(
                    &again,
                    &Profile {
                        account_id: again.id.clone(),
                        ..profile.clone()
                    },
                    &audit("x")
                )
                .await,
            Err(resilift_store::StoreError::Conflict("email"))
        ));
        // Two sessions on the same day and one earlier, inserted out of order.
        let days = ["2026-11-10", "2026-11-17", "2026-11-17", "2026-11-03"];
        for day in days {
            store
                .insert_session(
                    &Session {
                        id: uuid::Uuid::now_v7().to_string(),
                        account_id: account.id.clone(),
                        created_at: now,
                        updated_at: now,
                        date: day.parse::<NaiveDate>().unwrap(),
                        body: "{}".into(),
                    },
                    &[],
                    &NewAudit {
                        subject_id: Some(account.id.clone()),
                        ..audit("session.created")
                    },
                )
                .await
                .unwrap();
        }
        // Each stored session wrote its audit entry in the same transaction.
        let logged = store.audit_of(&account.id).await.unwrap();
        assert_eq!(
            logged
                .iter()
                .filter(|a| a.action == "session.created")
                .count(),
            4
        );
        let first = store.sessions(&account.id, None, 3).await.unwrap();
        let dates: Vec<String> = first.items.iter().map(|s| s.date.to_string()).collect();
        assert_eq!(dates, ["2026-11-17", "2026-11-17", "2026-11-10"]);
        let rest = store
            .sessions(&account.id, first.next.as_deref(), 3)
            .await
            .unwrap();
        assert_eq!(rest.items.len(), 1);
        assert_eq!(rest.items[0].date.to_string(), "2026-11-03");
        assert!(rest.next.is_none());
        assert_eq!(store.all_sessions(&account.id).await.unwrap().len(), 4);
        // Erasure takes everything with it.
        store
            .erase_account(&account.id, &audit("account.erased"))
            .await
            .unwrap();
        assert!(store.all_sessions(&account.id).await.unwrap().is_empty());
        assert!(store.account(&account.id).await.unwrap().is_none());
    }
}

/// A browser session ends after sitting unused for the idle time, and use moves that end on;
/// a disabled account's session and tokens stop working at once.
#[tokio::test]
async fn browser_sessions_end_when_idle_and_disabled_accounts_lose_them() {
    let (stores, _dir) = stores().await;
    for store in stores {
        let t0 = Utc::now();
        let (account, profile) = lifter("idle@example.org", "UTC", t0);
        store
            .create_account(&account, &profile, &audit("account.created"))
            .await
            .unwrap();
        let session = resilift_store::WebSession {
            id: uuid::Uuid::now_v7().to_string(),
            account_id: account.id.clone(),
            csrf_token: "csrf".into(),
            expires_at: t0 + chrono::Duration::days(30),
        };
        let hour = chrono::Duration::hours(1);
        store
            .insert_web_session(&session, "cookie-hash", t0, hour, &audit("session.created"))
            .await
            .unwrap();
        let at = |minutes: i64| t0 + chrono::Duration::minutes(minutes);
        assert!(
            store
                .web_session("cookie-hash", at(30), hour)
                .await
                .unwrap()
                .is_some()
        );
        // Used at 30 minutes, so it lasts until 90.
        assert!(
            store
                .web_session("cookie-hash", at(85), hour)
                .await
                .unwrap()
                .is_some()
        );
        // Used at 85, so it lasts until 145; past that, it is over.
        assert!(
            store
                .web_session("cookie-hash", at(146), hour)
                .await
                .unwrap()
                .is_none()
        );

        store_token(&store, &account.id, "token-hash", t0).await;
        let cutoff = t0 - chrono::Duration::days(1);
        assert!(
            store
                .account_by_token("token-hash", cutoff, at(1))
                .await
                .unwrap()
                .is_some()
        );
        let listed = store.tokens(&account.id).await.unwrap();
        assert_eq!(
            listed[0].last_used_at.map(|t| t.timestamp()),
            Some(at(1).timestamp())
        );

        store
            .insert_web_session(
                &resilift_store::WebSession {
                    id: uuid::Uuid::now_v7().to_string(),
                    ..session.clone()
                },
                "second-cookie",
                at(200),
                hour,
                &audit("session.created"),
            )
            .await
            .unwrap();
        assert!(
            store
                .set_disabled(&account.id, Some(at(201)), &audit("account.disabled"))
                .await
                .unwrap()
        );
        assert!(
            store
                .web_session("second-cookie", at(202), hour)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store
                .account_by_token("token-hash", cutoff, at(202))
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(
            store
                .disabled_at(&account.id)
                .await
                .unwrap()
                .map(|t| t.timestamp()),
            Some(at(201).timestamp())
        );
    }
}

/// The reads on every request's path (tokens, browser sessions, a page of sessions) see each
/// commit at once, including one made through another handle on the same file, as an operator's
/// command does while the server runs.
#[tokio::test]
async fn request_path_reads_see_every_commit_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let server = Store::open_sqlite(&path, PoolOptions::default())
        .await
        .unwrap();
    let operator = Store::open_sqlite(&path, PoolOptions::default())
        .await
        .unwrap();
    let now = Utc::now();
    let (account, profile) = lifter("seen@example.org", "Europe/Oslo", now);
    server
        .create_account(&account, &profile, &audit("account.created"))
        .await
        .unwrap();
    store_token(&server, &account.id, "hash-seen", now).await;
    let cutoff = now - chrono::Duration::days(1);
    let (found, zone) = server
        .account_by_token("hash-seen", cutoff, now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (found.email.as_str(), zone.as_str()),
        ("seen@example.org", "Europe/Oslo")
    );
    assert_eq!(found.created_at.timestamp_micros(), now.timestamp_micros());

    // 60 sessions, each read back on the next line.
    for n in 0..60_i64 {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(n as u64);
        server
            .insert_session(
                &Session {
                    id: uuid::Uuid::now_v7().to_string(),
                    account_id: account.id.clone(),
                    created_at: now,
                    updated_at: now,
                    date: day,
                    body: format!("{{\"n\":{n}}}"),
                },
                &[],
                &NewAudit {
                    subject_id: Some(account.id.clone()),
                    ..audit("session.created")
                },
            )
            .await
            .unwrap();
        let page = server.sessions(&account.id, None, 1).await.unwrap();
        assert_eq!(page.items[0].date, day);
        assert_eq!(page.items[0].body, format!("{{\"n\":{n}}}"));
    }

    // Disabled through the other handle: the token stops working on the very next request.
    assert!(
        operator
            .set_disabled(&account.id, Some(now), &audit("account.disabled"))
            .await
            .unwrap()
    );
    assert!(
        server
            .account_by_token("hash-seen", cutoff, now)
            .await
            .unwrap()
            .is_none()
    );
    operator.close().await;
    server.close().await;
}
