//! Project automation. `cargo xtask tidy` checks the workspace's house rules, `cargo xtask test`
//! runs the whole suite as CI does, and `cargo xtask docs` writes the reference in `docs/` from
//! the code. The tidy checks and the docs check also run as tests, so `cargo test --workspace`
//! enforces them.

mod docs;
mod plot;

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

fn main() -> anyhow::Result<()> {
    match std::env::args().nth(1).as_deref() {
        Some("tidy") => {
            let problems = tidy(&workspace_root())?;
            if problems.is_empty() {
                println!("tidy: ok");
                Ok(())
            } else {
                bail!("tidy found problems:\n{}", problems.join("\n"))
            }
        }
        Some("test") => run_all_tests(&workspace_root()),
        Some("docs") if std::env::args().nth(2).as_deref() == Some("--check") => {
            let problems = docs::stale(&workspace_root())?;
            if problems.is_empty() {
                println!("docs: up to date");
                Ok(())
            } else {
                bail!("{}", problems.join("\n"))
            }
        }
        Some("docs") => docs::write(&workspace_root()),
        Some("plot") => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            match args.as_slice() {
                [csv, svg, title] => plot::plot(Path::new(csv), Path::new(svg), title),
                _ => bail!("usage: cargo xtask plot CSV SVG TITLE"),
            }
        }
        _ => bail!(
            "usage: cargo xtask <command>\n  tidy            check the house rules\n  test            run the whole suite, as CI does\n  docs            write the reference in docs/ from the code\n  docs --check    only say which files of docs/ differ from the code\n  plot CSV SVG T  draw a benchmark's growth curve"
        ),
    }
}

/// The PostgreSQL database the storage and server tests also run on: `RESILIFT_TEST_PG_URL`
/// when set, else a fresh database on the local server at 127.0.0.1:5432 when `psql` can make
/// one, else none (the tests then run on SQLite only, and this says so).
fn postgres_for_tests() -> Option<String> {
    if let Ok(url) = std::env::var("RESILIFT_TEST_PG_URL")
        && !url.trim().is_empty()
    {
        return Some(url);
    }
    let stamp = std::time::SystemTime::UNIX_EPOCH
        .elapsed()
        .map_or(0, |d| d.as_secs());
    let name = format!("resilift_test_{stamp}_{}", std::process::id());
    let made = std::process::Command::new("psql")
        .args(["-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc"])
        .arg(format!("CREATE DATABASE {name}"))
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    made.then(|| format!("postgres://postgres@127.0.0.1:5432/{name}"))
}

/// The whole suite, as CI runs it: formatting, lints, then every test of every crate, on
/// SQLite and on PostgreSQL when one is reachable.
fn run_all_tests(root: &Path) -> anyhow::Result<()> {
    let postgres = postgres_for_tests();
    let backends = postgres.as_ref().map_or_else(
        || "SQLite only: no PostgreSQL reachable (set RESILIFT_TEST_PG_URL)".to_owned(),
        |url| format!("SQLite and PostgreSQL ({url})"),
    );
    eprintln!("==> storage and server tests run on {backends}");
    let steps: [&[&str]; 4] = [
        &["fmt", "--all", "--", "--check"],
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        &["test", "--workspace", "--all-targets"],
        &["build", "--release", "-p", "resilift"],
    ];
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    // The server tests write the FHIR bundles they fetch here, for the validators below.
    let fhir_out = root.join("target/fhir-bundles");
    if fhir_out.exists() {
        std::fs::remove_dir_all(&fhir_out).context("failed to empty target/fhir-bundles")?;
    }
    let form_data = form_data(root)?;
    for args in steps {
        eprintln!("==> cargo {}", args.join(" "));
        let mut command = std::process::Command::new(&cargo);
        command.env("RESILIFT_FORM_DATA", &form_data);
        if let Some(url) = &postgres {
            command.env("RESILIFT_TEST_PG_URL", url);
        }
        command.env("RESILIFT_FHIR_OUT", &fhir_out);
        let status = command
            .args(args)
            .current_dir(root)
            .status()
            .context("failed to run cargo")?;
        if !status.success() {
            bail!("`cargo {}` failed", args.join(" "));
        }
    }
    fhir_validation(root, &fhir_out)?;
    browser_tests(root, &form_data)?;
    api_fuzzing(root, &form_data)?;
    match &postgres {
        Some(url) => several_servers(root, url)?,
        None => eprintln!("==> several servers behind HAProxy: not run (no PostgreSQL)"),
    }
    eprintln!("==> all checks passed");
    Ok(())
}

/// The form check's test data (the pinned pose-model package and clips of real people),
/// fetched once into `target/form-data` by `tests/form_data.py`, which checks every hash.
fn form_data(root: &Path) -> anyhow::Result<std::path::PathBuf> {
    let folder = std::env::var_os("RESILIFT_FORM_DATA")
        .map_or_else(|| root.join("target/form-data"), std::path::PathBuf::from);
    eprintln!("==> python3 tests/form_data.py {}", folder.display());
    let status = std::process::Command::new("python3")
        .arg(root.join("tests/form_data.py"))
        .arg(&folder)
        .current_dir(root)
        .status()
        .context("failed to run python3")?;
    if !status.success() {
        bail!("the form check's test data could not be fetched (see above)");
    }
    Ok(folder)
}

/// The FHIR bundles the server tests fetched, checked by two independent validators
/// (`@medplum/core` from npm and `fhir.resources` from PyPI), with a broken bundle that both
/// must refuse.
fn fhir_validation(root: &Path, bundles: &Path) -> anyhow::Result<()> {
    eprintln!("==> bash tests/fhir/run.sh {}", bundles.display());
    let status = std::process::Command::new("bash")
        .arg(root.join("tests/fhir/run.sh"))
        .arg(bundles)
        .current_dir(root)
        .status()
        .context("failed to run bash")?;
    if !status.success() {
        bail!("a FHIR bundle failed validation (see above)");
    }
    Ok(())
}

/// Two servers on one PostgreSQL database behind HAProxy, one killed mid-load: every
/// acknowledged write stored once (`tests/multi/run.sh`).
fn several_servers(root: &Path, url: &str) -> anyhow::Result<()> {
    eprintln!("==> bash tests/multi/run.sh");
    let status = std::process::Command::new("bash")
        .arg(root.join("tests/multi/run.sh"))
        .env("RESILIFT_BIN", root.join("target/release/resilift"))
        .env("RESILIFT_TEST_PG_URL", url)
        .current_dir(root)
        .status()
        .context("failed to run bash")?;
    if !status.success() {
        bail!("the several-servers test failed (see above)");
    }
    Ok(())
}

/// The API against its own OpenAPI document with schemathesis (installed from PyPI into a
/// virtual environment under target/), bounded by a fixed seed and example count.
fn api_fuzzing(root: &Path, form_data: &Path) -> anyhow::Result<()> {
    eprintln!("==> bash tests/api/schemathesis.sh");
    let status = std::process::Command::new("bash")
        .arg(root.join("tests/api/schemathesis.sh"))
        .env("RESILIFT_BIN", root.join("target/release/resilift"))
        .env("RESILIFT_FORM_DATA", form_data)
        .current_dir(root)
        .status()
        .context("failed to run bash")?;
    if !status.success() {
        bail!("schemathesis found failures (see above)");
    }
    Ok(())
}

/// The web app in a real browser: Debian's Chromium driven by playwright-core (installed from
/// npm without any browser download), against the release binary.
fn browser_tests(root: &Path, form_data: &Path) -> anyhow::Result<()> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    if !Path::new(&chromium).exists() {
        bail!(
            "browser tests need Debian's Chromium at {chromium} (`apt-get install chromium`), or CHROMIUM=/path/to/chromium"
        );
    }
    let dir = root.join("tests/browser");
    if !dir.join("node_modules/playwright-core").exists()
        || !dir.join("node_modules/axe-core").exists()
    {
        eprintln!("==> npm ci (tests/browser)");
        let status = std::process::Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
            .current_dir(&dir)
            .status()
            .context("failed to run npm (Node.js is needed for the browser tests)")?;
        if !status.success() {
            bail!("`npm ci` failed in tests/browser");
        }
    }
    eprintln!("==> node tests/browser/run.mjs");
    let status = std::process::Command::new("node")
        .arg("run.mjs")
        .env("RESILIFT_BIN", root.join("target/release/resilift"))
        .env("RESILIFT_FORM_DATA", form_data)
        .env("CHROMIUM", &chromium)
        .current_dir(&dir)
        .status()
        .context("failed to run node")?;
    if !status.success() {
        bail!("browser tests failed (screenshots in test-output/screenshots)");
    }
    Ok(())
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Every house-rule violation in the workspace, one line each.
fn tidy(root: &Path) -> anyhow::Result<Vec<String>> {
    let mut problems = Vec::new();
    check_core_manifest(root, &mut problems)?;
    check_self_contained(root, &mut problems)?;
    for file in rust_files(&root.join("crates"))?
        .into_iter()
        .chain(rust_files(&root.join("xtask"))?)
    {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("failed to read `{}`", file.display()))?;
        let shown = file
            .strip_prefix(root)
            .unwrap_or(&file)
            .display()
            .to_string();
        if !text.starts_with("//!") {
            problems.push(format!(
                "{shown}: every .rs file opens with a `//!` comment saying what it holds"
            ));
        }
        let ignore_marker = concat!("#[", "ignore");
        if text.contains(ignore_marker) {
            problems.push(format!("{shown}: tests are never ignored"));
        }
    }
    Ok(problems)
}

/// The core does no IO, reads no clock and does not serialize: it may depend on these crates
/// only (an allowlist, so a new dependency is a decision made here, not an accident).
const CORE_DEPENDENCIES: [&str; 1] = ["chrono"];

fn check_core_manifest(root: &Path, problems: &mut Vec<String>) -> anyhow::Result<()> {
    let path = root.join("crates/resilift-core/Cargo.toml");
    let manifest: toml::Table = std::fs::read_to_string(&path)?
        .parse()
        .context("failed to parse the core manifest")?;
    if let Some(deps) = manifest.get("dependencies").and_then(toml::Value::as_table) {
        for name in deps
            .keys()
            .filter(|name| !CORE_DEPENDENCIES.contains(&name.as_str()))
        {
            problems.push(format!(
                "crates/resilift-core/Cargo.toml: the core may depend only on {CORE_DEPENDENCIES:?}, not `{name}`"
            ));
        }
    }
    Ok(())
}

/// The project carries its own reference: no file points at a document outside the repository.
fn check_self_contained(root: &Path, problems: &mut Vec<String>) -> anyhow::Result<()> {
    let outside = [concat!("../", "shared"), concat!("rules.md ", "§")];
    let mut files = rust_files(&root.join("crates"))?;
    files.extend(rust_files(&root.join("xtask"))?);
    for name in [
        "README.md",
        "ARCHITECTURE.md",
        "STYLE.md",
        "CONTRIBUTING.md",
        "BENCHMARKS.md",
    ] {
        files.push(root.join(name));
    }
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        if let Some(found) = outside.iter().find(|needle| text.contains(*needle)) {
            problems.push(format!(
                "{}: points outside the repository (`{found}`); refer to docs/ instead",
                file.strip_prefix(root).unwrap_or(&file).display()
            ));
        }
    }
    Ok(())
}

fn rust_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)
            .with_context(|| format!("failed to list `{}`", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|name| name != "target") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_is_tidy() {
        let problems = tidy(&workspace_root()).unwrap();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_docs_match_the_code() {
        let problems = docs::stale(&workspace_root()).unwrap();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
