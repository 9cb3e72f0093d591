//! Installing the models: the integrity check, the conversion and what it records.

use resilift_pose::models::{self, Variant};
use resilift_pose::{PoseError, fold};

use crate::data;

#[test]
fn a_tampered_package_is_refused_and_nothing_is_installed() {
    let mut tarball = std::fs::read(data().join("pose-0.5.1675469404.tgz")).unwrap();
    let middle = tarball.len() / 2;
    tarball[middle] ^= 0x01;
    let folder = tempfile::tempdir().unwrap();
    let error = models::install(&tarball, folder.path()).unwrap_err();
    assert!(matches!(error, PoseError::Integrity { .. }), "{error}");
    assert!(error.to_string().contains("integrity hash does not match"));
    assert!(!models::folder(folder.path()).exists());
    assert!(matches!(
        models::path(folder.path(), Variant::Full),
        Err(PoseError::NotInstalled)
    ));
}

#[test]
fn installing_converts_both_landmark_models_and_records_what_it_did() {
    let tarball = std::fs::read(data().join("pose-0.5.1675469404.tgz")).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let manifest = models::install(&tarball, folder.path()).unwrap();
    assert_eq!(manifest.version, models::VERSION);
    assert_eq!(manifest.integrity, models::INTEGRITY);
    assert_eq!(manifest.models.len(), 2);
    for model in &manifest.models {
        assert!(model.folded > 100, "{model:?}");
        let bytes = std::fs::read(models::folder(folder.path()).join(&model.file)).unwrap();
        // Folding again finds nothing left to fold: no fp16 constant remains.
        let (_, again) = fold::fold_fp16(&bytes).unwrap();
        assert_eq!(again.removed, 0);
        assert!(again.operators > 100);
    }
    assert_eq!(models::installed(folder.path()), Some(manifest.clone()));
    // Installing again over the top gives the same files.
    assert_eq!(models::install(&tarball, folder.path()).unwrap(), manifest);
}

#[test]
fn a_file_that_is_not_a_model_is_refused() {
    assert!(matches!(
        fold::fold_fp16(b"not a model at all"),
        Err(fold::FoldError::NotAModel(_))
    ));
}
