//! HTTP tests of `resilift serve`: each starts the real application on 127.0.0.1:0 over a
//! temporary SQLite file and, when `RESILIFT_TEST_PG_URL` is set, again over a fresh PostgreSQL
//! schema, and talks to it over real HTTP.

mod access;
mod accounts;
mod assessments;
mod bounds;
mod clinicians;
mod demo;
mod fhir;
mod formcheck;
mod hygiene;
mod idempotency;
mod imports;
mod links;
mod messages;
mod openapi;
mod operators;
mod records;
mod report;
mod robustness;
mod safety;
mod safety_record;
mod web;

use reqwest::StatusCode;
use resilift_server::{AppState, Settings};
use resilift_store::{PoolOptions, Store};
use serde_json::{Value, json};

/// Which database a test runs on.
#[derive(Debug, Clone)]
pub enum Backend {
    Sqlite,
    Postgres(String),
}

/// SQLite always; PostgreSQL too when `RESILIFT_TEST_PG_URL` names a server.
pub fn backends() -> Vec<Backend> {
    let mut all = vec![Backend::Sqlite];
    if let Ok(url) = std::env::var("RESILIFT_TEST_PG_URL")
        && !url.trim().is_empty()
    {
        all.push(Backend::Postgres(url));
    }
    all
}

/// A running server and an HTTP client for it.
pub struct App {
    pub base: String,
    pub backend: Backend,
    pub client: reqwest::Client,
    /// The server's state, for what an operator does outside HTTP (`resilift admin`).
    pub state: AppState,
    _dir: tempfile::TempDir,
    /// The PostgreSQL schema the server uses (None on SQLite).
    pub schema: Option<String>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for App {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A response: status and JSON body (Null when empty).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Reply {
    /// The answer, its body read as JSON when it is JSON (null otherwise).
    async fn lenient(response: reqwest::Response) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        Reply {
            status,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
            headers,
        }
    }

    /// Asserts the status and returns the body.
    #[track_caller]
    pub fn expect(self, status: u16) -> Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.body
        );
        self.body
    }

    /// Asserts an error status and code, and that the body has the error shape.
    #[track_caller]
    pub fn refused(self, status: u16, code: &str) -> Value {
        let body = self.expect(status);
        assert_eq!(body["code"], code, "{body}");
        assert!(
            body["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{body}"
        );
        assert!(body["fields"].is_array(), "{body}");
        body
    }

    /// The fields named in an error body.
    pub fn fields(&self) -> Vec<String> {
        self.body["fields"]
            .as_array()
            .map(|f| {
                f.iter()
                    .filter_map(|e| e["field"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The form check's test data (fetched and cached by `tests/form_data.py`) with the pose
/// models installed, once per run.
pub fn form_data() -> &'static std::path::Path {
    static DATA: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    DATA.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let folder = std::env::var_os("RESILIFT_FORM_DATA")
            .map_or_else(|| root.join("target/form-data"), std::path::PathBuf::from);
        let fetched = std::process::Command::new("python3")
            .arg(root.join("tests/form_data.py"))
            .arg(&folder)
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(
            fetched.success(),
            "tests/form_data.py could not fetch the test data"
        );
        let installed = folder.join("installed");
        if resilift_pose::models::installed(&installed).is_none() {
            let tarball = std::fs::read(folder.join("pose-0.5.1675469404.tgz")).unwrap();
            resilift_pose::models::install(&tarball, &installed).unwrap();
        }
        folder
    })
}

/// The settings of [`App::start`].
pub fn test_settings() -> Settings {
    Settings {
        open_clinician_registration: true,
        registrations_per_hour: 10_000,
        ..Settings::default()
    }
}

/// A signed-up account with a token.
#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    pub email: String,
    pub token: String,
    pub token_id: String,
}

impl App {
    /// A server as most tests want it: clinicians may register without an invite and one
    /// address may register many accounts (the tests of those limits set them).
    pub async fn start(backend: &Backend) -> Self {
        Self::start_with(backend, test_settings()).await
    }

    pub async fn start_with(backend: &Backend, settings: Settings) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut schema = None;
        let store = match backend {
            Backend::Sqlite => {
                Store::open_sqlite(&dir.path().join("test.db"), PoolOptions::default())
                    .await
                    .unwrap()
            }
            Backend::Postgres(url) => {
                let name = format!("t_{}", uuid::Uuid::now_v7().simple());
                let store =
                    Store::open_postgres(url, Some(&name), PoolOptions { max_connections: 4 })
                        .await
                        .unwrap();
                schema = Some(name);
                store
            }
        };
        let demo = settings.demo;
        let state = AppState::new(store, resilift_core::Config::standard(), settings);
        if demo {
            resilift_server::demo::seed(&state).await.unwrap();
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let kept = state.clone();
        let server = tokio::spawn(async move {
            axum::serve(
                listener,
                resilift_server::app(state)
                    .into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .await
            .unwrap();
        });
        Self {
            base: format!("http://{addr}"),
            backend: backend.clone(),
            client: reqwest::Client::new(),
            state: kept,
            _dir: dir,
            schema,
            server,
        }
    }

    /// The SQLite database's files (the database and its write-ahead log), to read raw.
    pub fn sqlite_files(&self) -> Vec<std::path::PathBuf> {
        ["test.db", "test.db-wal"]
            .iter()
            .map(|name| self._dir.path().join(name))
            .filter(|path| path.exists())
            .collect()
    }

    pub fn url(&self, path: &str) -> String {
        if path.starts_with('/')
            && !path.starts_with("/api/v1")
            && path != "/healthz"
            && !path.starts_with("/api/openapi")
        {
            format!("{}/api/v1{path}", self.base)
        } else {
            format!("{}{path}", self.base)
        }
    }

    pub async fn send(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.client.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let pdf = headers
            .get("content-type")
            .is_some_and(|v| v == "application/pdf");
        let bytes = response.bytes().await.unwrap();
        let body = if bytes.is_empty() {
            Value::Null
        } else if pdf {
            // A PDF: its size, for the tests that only check the answer's kind.
            Value::from(bytes.len())
        } else {
            let text = String::from_utf8_lossy(&bytes);
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
        };
        Reply {
            status,
            body,
            headers,
        }
    }

    /// Sends raw bytes as the body.
    pub async fn send_raw(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: &str,
    ) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let response = self
            .client
            .request(method, self.url(path))
            .bearer_auth(token.unwrap_or(""))
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .await
            .unwrap();
        Reply::lenient(response).await
    }

    /// Uploads a file (`POST`) with the given content type.
    pub async fn upload(&self, path: &str, token: &str, kind: &str, body: Vec<u8>) -> Reply {
        let response = self
            .client
            .post(self.url(path))
            .bearer_auth(token)
            .header("content-type", kind)
            .body(body)
            .send()
            .await
            .unwrap();
        Reply::lenient(response).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.send("GET", path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.send("POST", path, Some(token), Some(&body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Reply {
        self.send("PATCH", path, Some(token), Some(&body)).await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Reply {
        self.send("DELETE", path, Some(token), None).await
    }

    /// Registers an account with a role and makes a token for it.
    pub async fn user(&self, name: &str, role: &str) -> User {
        let email = format!("{name}@example.org");
        let account = self
            .send(
                "POST",
                "/accounts",
                None,
                Some(&json!({"email": email, "password": "a long enough secret", "role": role})),
            )
            .await
            .expect(201);
        let token = self
            .send(
                "POST",
                "/tokens",
                None,
                Some(&json!({"email": email, "password": "a long enough secret"})),
            )
            .await
            .expect(201);
        User {
            id: account["id"].as_str().unwrap().to_owned(),
            email,
            token: token["token"].as_str().unwrap().to_owned(),
            token_id: token["id"].as_str().unwrap().to_owned(),
        }
    }

    /// A token for an existing account.
    pub async fn sign_in(&self, email: &str, password: &str) -> String {
        let token = self
            .send(
                "POST",
                "/tokens",
                None,
                Some(&json!({"email": email, "password": password})),
            )
            .await
            .expect(201);
        token["token"].as_str().unwrap().to_owned()
    }

    /// A browser session for an account (its `cookie` header value), as the sign-in page sets it.
    pub async fn sign_in_browser(&self, email: &str) -> String {
        let reply = self
            .send(
                "POST",
                "/sign-in",
                None,
                Some(&json!({"email": email, "password": "a long enough secret"})),
            )
            .await;
        let cookie = reply.headers["set-cookie"].to_str().unwrap();
        cookie.split(';').next().unwrap().to_owned()
    }

    pub async fn lifter(&self, name: &str) -> User {
        self.user(name, "lifter").await
    }

    pub async fn clinician(&self, name: &str) -> User {
        self.user(name, "clinician").await
    }

    /// Links a clinician to a lifter through an invite; returns the link id.
    pub async fn link(&self, lifter: &User, clinician: &User) -> String {
        let invite = self
            .post("/invites", &lifter.token, json!({}))
            .await
            .expect(201);
        let link = self
            .post("/links", &clinician.token, json!({"code": invite["code"]}))
            .await
            .expect(201);
        link["id"].as_str().unwrap().to_owned()
    }
}

/// Today in UTC (every test account uses the default UTC zone).
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// A day `n` days before today, as text.
pub fn days_ago(n: i64) -> String {
    (today() - chrono::Duration::days(n)).to_string()
}

/// A screening body (docs/json.md, without `as_of`) that clears the kettlebell rung.
pub fn clear_screening() -> Value {
    json!({
        "person": {"age": 41, "sex": "male", "height_cm": 180, "weight_kg": 85},
        "red_flags": [],
        "health": [],
        "pain": {"now": 2, "current_episode_onset": null, "previous_episodes": 3, "leg_symptoms": "none"},
        "disc": {"diagnosed": false, "cleared": false},
        "radicular_cleared": false,
        "tests": {"biering_sorensen_s": 95},
        "questionnaires": {"startback": null, "tsk11": null, "odi": null},
        "training": {"coached_sessions": 3}
    })
}

/// A kettlebell session `n` days ago with the given pain.
pub fn session(days: i64, load: f64, during: i64, morning: Option<i64>) -> Value {
    json!({
        "date": days_ago(days),
        "exercise": "kettlebell",
        "completed": true,
        "sets": [{"load": load, "reps": 8, "rpe": 7}, {"load": load, "reps": 8, "rpe": 7}],
        "pain": {"before": 2, "during_max": during, "after": 2, "next_morning": morning},
        "leg_symptoms": "none",
        "faults": []
    })
}
