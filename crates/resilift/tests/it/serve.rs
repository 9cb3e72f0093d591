//! `resilift serve` as a real process: it starts with no setup, and every write it acknowledged
//! is still there after `kill -9` and a restart (SQLite, and PostgreSQL when
//! `RESILIFT_TEST_PG_URL` is set).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(args: &[&str]) -> Self {
        Self::spawn(Command::new(env!("CARGO_BIN_EXE_resilift")), args)
    }

    fn start_with_config(config: &std::path::Path, args: &[&str]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_resilift"));
        command.arg("--config").arg(config);
        Self::spawn(command, args)
    }

    fn spawn(mut command: Command, args: &[&str]) -> Self {
        let mut child = command
            .arg("serve")
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .env("RESILIFT_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let base = loop {
            let line = lines
                .next()
                .expect("the server exited before listening")
                .unwrap();
            if let Some(url) = line.strip_prefix("resilift: listening on ") {
                break url.trim().to_owned();
            }
        };
        // Keep draining standard output so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Self { child, base }
    }

    /// SIGKILL: no shutdown, no flush, no checkpoint.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM: the clean stop an operator's `systemctl stop` sends; waits for the exit.
    fn stop(mut self) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let status = self.child.wait().unwrap();
        assert!(status.success(), "the server's clean stop failed: {status}");
    }
}

impl Drop for Server {
    /// A test that fails half-way leaves no server behind (it would hold the test's output
    /// open); after `kill` or `stop` this finds the process already gone.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `GET /healthz`: its status and body.
async fn healthz(client: &reqwest::Client, base: &str) -> (u16, Value) {
    call(
        client,
        reqwest::Method::GET,
        format!("{base}/healthz"),
        None,
        None,
    )
    .await
}

async fn call(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = client.request(method, url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            let body = response.json().await.unwrap_or(Value::Null);
            (status, body)
        }
        Err(_) => (0, Value::Null),
    }
}

/// Registers a lifter on a running server and returns a token for it.
async fn lifter_token(client: &reqwest::Client, api: &str, email: &str, password: &str) -> String {
    let (status, _) = call(
        client,
        reqwest::Method::POST,
        format!("{api}/accounts"),
        None,
        Some(json!({"email": email, "password": password, "role": "lifter"})),
    )
    .await;
    assert_eq!(status, 201);
    let (_, token) = call(
        client,
        reqwest::Method::POST,
        format!("{api}/tokens"),
        None,
        Some(json!({"email": email, "password": password})),
    )
    .await;
    token["token"].as_str().unwrap().to_owned()
}

fn session(day: u32) -> Value {
    json!({
        "date": format!("2026-01-{:02}", day % 28 + 1),
        "exercise": "kettlebell",
        "completed": true,
        "sets": [{"load": 16, "reps": 8, "rpe": 7}],
        "pain": {"before": 1, "during_max": 2, "after": 1, "next_morning": null},
        "leg_symptoms": "none",
        "faults": []
    })
}

async fn crash_and_recover(args: &[&str]) {
    let client = reqwest::Client::new();
    let server = Server::start(args);
    let api = format!("{}/api/v1", server.base);
    let (status, _) = call(
        &client,
        reqwest::Method::POST,
        format!("{api}/accounts"),
        None,
        Some(
            json!({"email": "crash@example.org", "password": "survives a crash", "role": "lifter"}),
        ),
    )
    .await;
    assert_eq!(status, 201);
    let (_, token) = call(
        &client,
        reqwest::Method::POST,
        format!("{api}/tokens"),
        None,
        Some(json!({"email": "crash@example.org", "password": "survives a crash"})),
    )
    .await;
    let token = token["token"].as_str().unwrap().to_owned();
    let (status, screening) = call(&client, reqwest::Method::POST, format!("{api}/screenings"), Some(&token), Some(json!({
        "red_flags": [], "health": [], "pain": {"now": 2, "current_episode_onset": null, "previous_episodes": 1, "leg_symptoms": "none"},
        "disc": {"diagnosed": false}, "tests": {"biering_sorensen_s": 90}, "training": {"coached_sessions": 2}
    }))).await;
    assert_eq!(status, 201);
    let (status, first) = call(
        &client,
        reqwest::Method::POST,
        format!("{api}/sessions"),
        Some(&token),
        Some(session(0)),
    )
    .await;
    assert_eq!(status, 201);
    let first_id = first["id"].as_str().unwrap().to_owned();
    let (status, _) = call(
        &client,
        reqwest::Method::PATCH,
        format!("{api}/sessions/{first_id}"),
        Some(&token),
        Some(json!({"pain": {"next_morning": 1}})),
    )
    .await;
    assert_eq!(status, 200);

    // Eight writers log sessions as fast as they can; the server is killed under them.
    let acknowledged = Arc::new(Mutex::new(vec![first_id.clone()]));
    let mut writers = Vec::new();
    for writer in 0..8u32 {
        let client = client.clone();
        let api = api.clone();
        let token = token.clone();
        let acknowledged = Arc::clone(&acknowledged);
        writers.push(tokio::spawn(async move {
            for n in 0.. {
                let (status, body) = call(
                    &client,
                    reqwest::Method::POST,
                    format!("{api}/sessions"),
                    Some(&token),
                    Some(session(writer * 100 + n)),
                )
                .await;
                if status != 201 {
                    break;
                }
                acknowledged
                    .lock()
                    .unwrap()
                    .push(body["id"].as_str().unwrap().to_owned());
            }
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    server.kill();
    for writer in writers {
        writer.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() > 10,
        "too few writes before the kill: {}",
        acknowledged.len()
    );

    // Restart on the same database: every acknowledged write is there.
    let server = Server::start(args);
    let api = format!("{}/api/v1", server.base);
    let mut stored = Vec::new();
    let mut cursor = String::new();
    loop {
        let (status, page) = call(
            &client,
            reqwest::Method::GET,
            format!("{api}/sessions?limit=200{cursor}"),
            Some(&token),
            None,
        )
        .await;
        assert_eq!(status, 200, "the token survives: {page}");
        for item in page["items"].as_array().unwrap() {
            stored.push(item["id"].as_str().unwrap().to_owned());
            if item["id"] == first_id.as_str() {
                assert_eq!(item["pain"]["next_morning"], 1, "the check-in survives");
            }
        }
        match page["next"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    for id in &acknowledged {
        assert!(
            stored.contains(id),
            "acknowledged session {id} was lost ({} acknowledged, {} stored)",
            acknowledged.len(),
            stored.len()
        );
    }
    let (_, screenings) = call(
        &client,
        reqwest::Method::GET,
        format!("{api}/screenings"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(screenings["items"][0]["id"], screening["id"]);
    server.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("fresh/data");
    crash_and_recover(&["--data-dir", data.to_str().unwrap()]).await;
    assert!(
        data.join("resilift.db").exists(),
        "the data folder and file are created on first start"
    );

    if let Ok(url) = std::env::var("RESILIFT_TEST_PG_URL") {
        // A database of its own, made from the one the suite was given.
        let admin = sqlx::PgPool::connect(&url).await.unwrap();
        let name = format!("crash_{}", uuid::Uuid::now_v7().simple());
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin)
            .await
            .unwrap();
        let (base, _) = url.rsplit_once('/').unwrap();
        let database = format!("{base}/{name}");
        crash_and_recover(&["--database-url", &database]).await;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE {name} WITH (FORCE)"
        )))
        .execute(&admin)
        .await
        .unwrap();
    }
}

#[test]
fn bad_server_settings_exit_2_naming_the_setting() {
    let out = Command::new(env!("CARGO_BIN_EXE_resilift"))
        .args(["serve", "--addr", "nowhere", "--log-format", "xml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let errors = String::from_utf8(out.stderr).unwrap();
    assert!(errors.contains("server.addr"), "{errors}");
    assert!(errors.contains("server.log_format"), "{errors}");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("resilift.toml");
    std::fs::write(&file, "[server]\nport = 80\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_resilift"))
        .args(["--config", file.to_str().unwrap(), "serve"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("unknown field `port`")
    );
}

#[test]
fn the_example_settings_file_configures_the_server_too() {
    let out = Command::new(env!("CARGO_BIN_EXE_resilift"))
        .args(["config", "example"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("[server]") && text.contains("addr = \"127.0.0.1:8080\""),
        "{text}"
    );
    let parsed = resilift_example_parses(&text);
    assert!(parsed, "the example must be accepted as a settings file");
}

fn resilift_example_parses(text: &str) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("example.toml");
    std::fs::write(&file, text).unwrap();
    let example =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/screening.json");
    Command::new(env!("CARGO_BIN_EXE_resilift"))
        .args([
            "--config",
            file.to_str().unwrap(),
            "screen",
            example.to_str().unwrap(),
        ])
        .output()
        .unwrap()
        .status
        .success()
}

/// The server's peak resident memory so far (`VmHWM`), in MiB.
fn peak_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    kib / 1024.0
}

/// 64 simultaneous wrong passwords cannot exhaust memory: password checks wait their turn, so
/// the server's peak stays under 150 MiB (it went past 1.3 GiB when every check ran at once).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_wrong_passwords_at_once_stay_within_memory() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // Every attempt must reach the password check, so the per-network limit is lifted.
    let config = dir.path().join("resilift.toml");
    std::fs::write(&config, "[server]\naddress_failures_free = 100000\n").unwrap();
    // The account guessed at is made by an operator's command, so the server itself starts
    // with nothing but the store open.
    let made = Command::new(env!("CARGO_BIN_EXE_resilift"))
        .args([
            "admin",
            "--data-dir",
            data.to_str().unwrap(),
            "create-clinician",
            "target@example.org",
        ])
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let server = Server::start_with_config(&config, &["--data-dir", data.to_str().unwrap()]);
    let client = reqwest::Client::new();
    let pid = server.child.id();
    let before = peak_mib(pid);
    for _ in 0..3 {
        let mut attempts = tokio::task::JoinSet::new();
        // Many addresses, so that no wait for one address cuts the work short.
        for n in 0..64 {
            let client = client.clone();
            let url = format!("{}/api/v1/tokens", server.base);
            attempts.spawn(async move {
                let body =
                    json!({"email": format!("guess{n}@example.org"), "password": format!("wrong guess {n}")});
                call(&client, reqwest::Method::POST, url, None, Some(body))
                    .await
                    .0
            });
        }
        let answers = attempts.join_all().await;
        assert!(answers.iter().all(|status| *status == 401), "{answers:?}");
    }
    let peak = peak_mib(pid);
    server.kill();
    eprintln!("peak {peak:.0} MiB (from {before:.0} MiB)");
    assert!(peak < 150.0, "peak {peak:.0} MiB (from {before:.0} MiB)");
}

/// A small tmpfs of our own, unmounted when dropped. Mounting needs root (CI runs as root);
/// without it the test says so and fails rather than pass untested.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .unwrap();
        assert!(
            status.success(),
            "this test mounts a small tmpfs to fill it up, which needs root (as CI has)"
        );
        Self { dir }
    }

    fn path(&self) -> &std::path::Path {
        self.dir.path()
    }

    fn remount(&self, options: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(self.dir.path())
            .status()
            .unwrap();
        assert!(status.success(), "remount {options}");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

fn session_with_sets(day: u32, sets: usize) -> Value {
    let mut body = session(day);
    body["sets"] = Value::Array(vec![json!({"load": 16, "reps": 8, "rpe": 7}); sets]);
    body
}

/// A full disk: writes are refused with 503 `storage_unavailable` (never a 500), `/healthz`
/// says the store cannot take writes, nothing acknowledged is lost, and once there is room
/// again writes resume without a restart, and survive `kill -9`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_refuses_writes_plainly_and_loses_nothing() {
    let disk = Tmpfs::mount("2m");
    let data = disk.path().join("data");
    let server = Server::start(&["--data-dir", data.to_str().unwrap()]);
    let client = reqwest::Client::new();
    let api = format!("{}/api/v1", server.base);
    let token = lifter_token(&client, &api, "full@example.org", "a disk that fills up").await;

    let mut acknowledged = Vec::new();
    let mut refusal = None;
    for day in 0..5_000 {
        let (status, body) = call(
            &client,
            reqwest::Method::POST,
            format!("{api}/sessions"),
            Some(&token),
            Some(session_with_sets(day, 20)),
        )
        .await;
        match status {
            201 => acknowledged.push(body["id"].as_str().unwrap().to_owned()),
            503 => {
                refusal = Some(body);
                break;
            }
            other => panic!("a write on a filling disk answered {other}: {body}"),
        }
    }
    eprintln!(
        "{} writes acknowledged before the disk filled",
        acknowledged.len()
    );
    let refusal = refusal.expect("2 MiB filled up");
    assert_eq!(refusal["code"], "storage_unavailable", "{refusal}");
    assert!(
        refusal["error"]
            .as_str()
            .unwrap()
            .contains("the disk is full"),
        "{refusal}"
    );
    let (status, health) = healthz(&client, &server.base).await;
    assert_eq!(status, 503, "{health}");
    assert!(
        health["problem"].as_str().unwrap().contains("full"),
        "{health}"
    );
    // Reads still work while the disk is full.
    let (status, _) = call(
        &client,
        reqwest::Method::GET,
        format!("{api}/sessions?limit=1"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(status, 200);

    // Room again: writes resume without a restart and the health check clears.
    disk.remount("size=64m");
    let (status, body) = call(
        &client,
        reqwest::Method::POST,
        format!("{api}/sessions"),
        Some(&token),
        Some(session_with_sets(1, 3)),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    acknowledged.push(body["id"].as_str().unwrap().to_owned());
    let (status, health) = healthz(&client, &server.base).await;
    assert_eq!(status, 200, "{health}");
    server.kill();

    let server = Server::start(&["--data-dir", data.to_str().unwrap()]);
    let stored = stored_session_ids(&client, &server.base, &token).await;
    server.kill();
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|id| !stored.contains(*id))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged writes lost",
        lost.len(),
        acknowledged.len()
    );
}

/// A store that cannot be written is refused at start-up with the cause in words, even with a
/// WAL left behind by `kill -9` (which once let the server start and fail every write).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_store_is_refused_at_start() {
    let disk = Tmpfs::mount("16m");
    let data = disk.path().join("data");
    let server = Server::start(&["--data-dir", data.to_str().unwrap()]);
    let client = reqwest::Client::new();
    let (status, _) = call(&client, reqwest::Method::POST, format!("{}/api/v1/accounts", server.base), None,
        Some(json!({"email": "ro@example.org", "password": "a store gone read-only", "role": "lifter"}))).await;
    assert_eq!(status, 201);
    server.kill();
    disk.remount("ro");
    let out = Command::new(env!("CARGO_BIN_EXE_resilift"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--data-dir",
            data.to_str().unwrap(),
        ])
        .env("RESILIFT_LOG", "warn")
        .output()
        .unwrap();
    disk.remount("rw");
    assert!(
        !out.status.success(),
        "the server started on a read-only store"
    );
    let errors = String::from_utf8_lossy(&out.stderr);
    assert!(errors.contains("cannot be written"), "{errors}");
    assert!(errors.contains("Read-only file system"), "{errors}");
}

/// `resilift backup` while writers keep writing: every write acknowledged before the backup
/// began is in it, `resilift restore` puts it into an empty folder after checking it, and a
/// server started there serves those writes; restoring over a database is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_write_load_restores_every_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = Server::start(&["--data-dir", data.to_str().unwrap()]);
    let client = reqwest::Client::new();
    let api = format!("{}/api/v1", server.base);
    let (status, _) = call(&client, reqwest::Method::POST, format!("{api}/accounts"), None,
        Some(json!({"email": "backup@example.org", "password": "kept safe in a backup", "role": "lifter"}))).await;
    assert_eq!(status, 201);
    let (_, token) = call(
        &client,
        reqwest::Method::POST,
        format!("{api}/tokens"),
        None,
        Some(json!({"email": "backup@example.org", "password": "kept safe in a backup"})),
    )
    .await;
    let token = token["token"].as_str().unwrap().to_owned();

    let acknowledged: Arc<Mutex<Vec<(std::time::Instant, String)>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut writers = Vec::new();
    for writer in 0..4u32 {
        let (client, api, token) = (client.clone(), api.clone(), token.clone());
        let (acknowledged, stop) = (Arc::clone(&acknowledged), Arc::clone(&stop));
        writers.push(tokio::spawn(async move {
            let mut n = writer;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let (status, body) = call(
                    &client,
                    reqwest::Method::POST,
                    format!("{api}/sessions"),
                    Some(&token),
                    Some(session(n)),
                )
                .await;
                if status == 201 {
                    let id = body["id"].as_str().unwrap().to_owned();
                    acknowledged
                        .lock()
                        .unwrap()
                        .push((std::time::Instant::now(), id));
                }
                n += 4;
            }
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let backup = dir.path().join("backups/monday.db");
    let began = std::time::Instant::now();
    let out = {
        let (data, backup) = (data.clone(), backup.clone());
        tokio::task::spawn_blocking(move || {
            Command::new(env!("CARGO_BIN_EXE_resilift"))
                .args([
                    "backup",
                    "--data-dir",
                    data.to_str().unwrap(),
                    "--to",
                    backup.to_str().unwrap(),
                ])
                .output()
                .unwrap()
        })
        .await
        .unwrap()
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("integrity ok"));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for writer in writers {
        writer.await.unwrap();
    }
    server.kill();
    let before: Vec<String> = acknowledged
        .lock()
        .unwrap()
        .iter()
        .filter(|(at, _)| *at < began)
        .map(|(_, id)| id.clone())
        .collect();
    assert!(
        before.len() > 20,
        "only {} writes before the backup",
        before.len()
    );

    let restored = dir.path().join("restored");
    let out = Command::new(env!("CARGO_BIN_EXE_resilift"))
        .args([
            "restore",
            "--from",
            backup.to_str().unwrap(),
            "--data-dir",
            restored.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = Command::new(env!("CARGO_BIN_EXE_resilift"))
        .args([
            "restore",
            "--from",
            backup.to_str().unwrap(),
            "--data-dir",
            restored.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    let server = Server::start(&["--data-dir", restored.to_str().unwrap()]);
    let stored = stored_session_ids(&client, &server.base, &token).await;
    server.kill();
    let missing = before.iter().filter(|id| !stored.contains(*id)).count();
    assert_eq!(
        missing,
        0,
        "{missing} of {} writes acknowledged before the backup are missing",
        before.len()
    );
    let pool = sqlx::SqlitePool::connect(&format!(
        "sqlite:{}",
        restored.join("resilift.db").display()
    ))
    .await
    .unwrap();
    let (verdict,): (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(verdict, "ok");
}

/// Every session id the server lists for a token, page by page.
async fn stored_session_ids(
    client: &reqwest::Client,
    base: &str,
    token: &str,
) -> std::collections::HashSet<String> {
    let mut stored = std::collections::HashSet::new();
    let mut cursor = String::new();
    loop {
        let (status, page) = call(
            client,
            reqwest::Method::GET,
            format!("{base}/api/v1/sessions?limit=200{cursor}"),
            Some(token),
            None,
        )
        .await;
        assert_eq!(status, 200, "the server lists the sessions: {page}");
        for item in page["items"].as_array().unwrap() {
            stored.insert(item["id"].as_str().unwrap().to_owned());
        }
        match page["next"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    stored
}

/// A triage body (as in the README) with a pain score that tells it apart.
fn triage(pain: u32) -> Value {
    json!({"onset": "2026-11-21", "pain_now": pain % 10, "leg_symptoms": "none",
        "numbness_or_weakness": false, "red_flags": [], "disc_bulge_known": false, "improving": true})
}

/// What one write got: its kind and id when acknowledged.
#[derive(Debug, Default)]
struct Written {
    sessions: Vec<String>,
    triages: Vec<String>,
    refused: usize,
}

impl Written {
    /// Sends a session or a triage (in turn) and keeps its id when it is acknowledged; any
    /// answer other than 201 or 503 `storage_unavailable` fails the test.
    async fn write(&mut self, client: &reqwest::Client, api: &str, token: &str, n: u32) {
        let (path, body) = if n.is_multiple_of(2) {
            ("sessions", session_with_sets(n, 20))
        } else {
            ("triage", triage(n))
        };
        let (status, answer) = call(
            client,
            reqwest::Method::POST,
            format!("{api}/{path}"),
            Some(token),
            Some(body),
        )
        .await;
        match status {
            201 => {
                let id = answer["id"].as_str().unwrap().to_owned();
                if path == "sessions" {
                    self.sessions.push(id);
                } else {
                    self.triages.push(id);
                }
            }
            503 => {
                assert_eq!(answer["code"], "storage_unavailable", "{answer}");
                self.refused += 1;
            }
            other => panic!("a write on a full disk answered {other}: {answer}"),
        }
    }

    /// Every acknowledged write is stored, and nothing else: the sessions listed are exactly
    /// the acknowledged ones, and each acknowledged triage reads back.
    async fn all_stored(&self, client: &reqwest::Client, base: &str, token: &str, when: &str) {
        let stored = stored_session_ids(client, base, token).await;
        let acknowledged: std::collections::HashSet<String> =
            self.sessions.iter().cloned().collect();
        let lost = acknowledged.difference(&stored).count();
        let extra = stored.difference(&acknowledged).count();
        assert_eq!(
            (lost, extra),
            (0, 0),
            "{when}: {lost} of {} acknowledged sessions lost, {extra} refused ones stored",
            acknowledged.len()
        );
        for id in &self.triages {
            let (status, body) = call(
                client,
                reqwest::Method::GET,
                format!("{base}/api/v1/triage/{id}"),
                Some(token),
                None,
            )
            .await;
            assert_eq!(
                status, 200,
                "{when}: acknowledged triage {id} is gone: {body}"
            );
        }
    }
}

/// A disk that fills up and stays full for a while: every later write is refused plainly
/// (503, never a 201 that is thrown away), a restart on the full disk still serves reads, and
/// once there is room every write is stored at once and read back at once; after a clean stop
/// and after `kill -9`, every acknowledged write is there and no refused one is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disk_that_stays_full_keeps_every_acknowledged_write_and_nothing_else() {
    let disk = Tmpfs::mount("2m");
    let data = disk.path().join("data");
    let data_arg = data.to_str().unwrap().to_owned();
    let server = Server::start(&["--data-dir", &data_arg]);
    let client = reqwest::Client::new();
    let api = format!("{}/api/v1", server.base);
    let token = lifter_token(
        &client,
        &api,
        "stays-full@example.org",
        "a disk that stays full",
    )
    .await;

    // Fill the disk, then keep writing into it: the writes after the first refusals are the
    // ones that were once answered 201 and lost.
    let mut written = Written::default();
    let mut n = 0;
    while written.refused == 0 {
        written.write(&client, &api, &token, n).await;
        n += 1;
        assert!(n < 5_000, "2 MiB never filled up");
    }
    for _ in 0..40 {
        written.write(&client, &api, &token, n).await;
        n += 1;
    }
    assert!(
        written.refused >= 2,
        "a full disk took {} of 40 more writes",
        41 - written.refused
    );
    let (status, health) = healthz(&client, &server.base).await;
    assert_eq!(status, 503, "a full disk must not look healthy: {health}");
    written
        .all_stored(&client, &server.base, &token, "while full")
        .await;

    // A crash and a restart while the disk is still full: reads still work, writes are
    // refused plainly, and the health check says why.
    server.kill();
    let server = Server::start(&["--data-dir", &data_arg]);
    let api = format!("{}/api/v1", server.base);
    written
        .all_stored(&client, &server.base, &token, "restarted on a full disk")
        .await;
    let (status, health) = healthz(&client, &server.base).await;
    assert_eq!(status, 503, "{health}");
    let before = written.refused;
    written.write(&client, &api, &token, n).await;
    n += 1;
    written.write(&client, &api, &token, n).await;
    n += 1;
    assert!(
        written.refused > before,
        "a write fitted on a disk that is full"
    );

    // Room again: every write is stored, and can be read back at once.
    disk.remount("size=64m");
    let acknowledged_before = written.sessions.len() + written.triages.len();
    let refused_before = written.refused;
    for _ in 0..20 {
        written.write(&client, &api, &token, n).await;
        n += 1;
    }
    assert_eq!(
        written.refused, refused_before,
        "a write was refused with room on the disk"
    );
    assert_eq!(
        written.sessions.len() + written.triages.len(),
        acknowledged_before + 20
    );
    written
        .all_stored(&client, &server.base, &token, "once there was room")
        .await;
    let (status, health) = healthz(&client, &server.base).await;
    assert_eq!(status, 200, "{health}");

    // A clean stop, then `kill -9`: nothing acknowledged is lost, nothing refused appears.
    server.stop();
    let server = Server::start(&["--data-dir", &data_arg]);
    written
        .all_stored(&client, &server.base, &token, "after a clean stop")
        .await;
    server.kill();
    let server = Server::start(&["--data-dir", &data_arg]);
    written
        .all_stored(&client, &server.base, &token, "after kill -9")
        .await;
    server.kill();
    eprintln!(
        "{} sessions and {} triages acknowledged, {} writes refused",
        written.sessions.len(),
        written.triages.len(),
        written.refused
    );
}

/// Reads from a socket until the server answers or closes it; how long that took, and what
/// came back.
fn wait_for_answer_or_close(stream: &mut std::net::TcpStream) -> (std::time::Duration, String) {
    use std::io::Read as _;
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let started = std::time::Instant::now();
    let mut got = Vec::new();
    let mut buffer = [0_u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buffer[..n]),
            Err(error)
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                panic!("the server held the connection open for 20 s: {error}")
            }
            Err(_) => break,
        }
    }
    (
        started.elapsed(),
        String::from_utf8_lossy(&got).into_owned(),
    )
}

/// A client that never finishes its headers, or stops sending its body, loses its connection
/// after `header_timeout_seconds` or `body_idle_seconds`, so slow clients cannot hold the
/// server's connections.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_cannot_hold_connections_open() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("resilift.toml");
    std::fs::write(
        &config,
        "[server]\nheader_timeout_seconds = 1\nbody_idle_seconds = 1\n",
    )
    .unwrap();
    let data = dir.path().join("data");
    let server = Server::start_with_config(&config, &["--data-dir", data.to_str().unwrap()]);
    let addr = server.base.trim_start_matches("http://").to_owned();

    let mut headers_only = std::net::TcpStream::connect(&addr).unwrap();
    headers_only
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let (took, _) = wait_for_answer_or_close(&mut headers_only);
    assert!(
        took < std::time::Duration::from_secs(5),
        "headers held for {took:?}"
    );

    let mut half_a_body = std::net::TcpStream::connect(&addr).unwrap();
    half_a_body
        .write_all(b"POST /api/v1/accounts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"email\": \"slow")
        .unwrap();
    let (took, answer) = wait_for_answer_or_close(&mut half_a_body);
    assert!(
        took < std::time::Duration::from_secs(5),
        "a body held for {took:?}"
    );
    assert!(!answer.contains(" 201 "), "{answer}");

    // The server still answers everyone else.
    let (status, _) = call(
        &reqwest::Client::new(),
        reqwest::Method::GET,
        format!("{}/healthz", server.base),
        None,
        None,
    )
    .await;
    assert_eq!(status, 200);
    server.kill();
}

/// What the server leaves on disk is its own user's alone (no world-readable health records),
/// and a clip half-uploaded when the server crashed is deleted at the next start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_are_private_and_interrupted_uploads_are_deleted_at_start() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = Server::start(&["--data-dir", data.to_str().unwrap()]);
    server.kill();
    for name in ["resilift.db", "resilift.db-wal"] {
        let mode = std::fs::metadata(data.join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "{name} is mode {mode:o}");
    }
    let mode = std::fs::metadata(&data).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "the data folder is mode {mode:o}");

    let uploads = data.join("uploads");
    std::fs::create_dir_all(&uploads).unwrap();
    std::fs::write(uploads.join("half-sent.mp4"), b"\0\0\0\x20ftypisom").unwrap();
    let server = Server::start(&["--data-dir", data.to_str().unwrap()]);
    assert_eq!(std::fs::read_dir(&uploads).unwrap().count(), 0);
    server.kill();
}
