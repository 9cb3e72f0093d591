//! The pose stage against real files: the pinned model package and clips of real people,
//! fetched (and cached) by `tests/form_data.py`, never kept in the repository.

mod install;
mod people;
mod video;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The test data folder: `RESILIFT_FORM_DATA`, or `target/form-data`, filled by
/// `tests/form_data.py` on first use.
pub(crate) fn data() -> &'static Path {
    static DATA: OnceLock<PathBuf> = OnceLock::new();
    DATA.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let folder = std::env::var_os("RESILIFT_FORM_DATA")
            .map_or_else(|| root.join("target/form-data"), PathBuf::from);
        let status = std::process::Command::new("python3")
            .arg(root.join("tests/form_data.py"))
            .arg(&folder)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("python3 runs tests/form_data.py");
        assert!(
            status.success(),
            "tests/form_data.py could not fetch the test data"
        );
        folder
    })
}

/// A data folder with the models installed from the cached tarball (once per run).
pub(crate) fn installed() -> &'static Path {
    static INSTALLED: OnceLock<PathBuf> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let folder = data().join("installed");
        if resilift_pose::models::installed(&folder).is_none() {
            let tarball = std::fs::read(data().join("pose-0.5.1675469404.tgz")).expect("tarball");
            resilift_pose::models::install(&tarball, &folder).expect("installs");
        }
        folder
    })
}

/// The full landmark model, loaded once.
pub(crate) fn model() -> &'static resilift_pose::pose::PoseModel {
    static MODEL: OnceLock<resilift_pose::pose::PoseModel> = OnceLock::new();
    MODEL.get_or_init(|| {
        let path = resilift_pose::models::path(installed(), resilift_pose::Variant::Full)
            .expect("installed");
        resilift_pose::pose::PoseModel::load(&path).expect("loads")
    })
}
