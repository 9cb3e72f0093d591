//! `resilift models install`: the BlazePose landmark models, obtained once from the pinned npm
//! package, checked against its published integrity hash, folded for the `tract` runtime and
//! kept in the data folder. Nothing is fetched when a clip is analysed.

use std::io::Read;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256, Sha512};

use crate::PoseError;
use crate::fold::fold_fp16;

/// The npm package the models come from (Apache-2.0).
pub const PACKAGE: &str = "@mediapipe/pose";
/// Its pinned version.
pub const VERSION: &str = "0.5.1675469404";
/// Where the npm registry serves it.
pub const TARBALL_URL: &str =
    "https://registry.npmjs.org/@mediapipe/pose/-/pose-0.5.1675469404.tgz";
/// The registry's integrity hash for that tarball (SHA-512, base64).
pub const INTEGRITY: &str = "sha512-DFZsNWTsSphRIZppnUCuunzBiHP2FdJXR9ehc7mMi4KG+oPaOH0Em3d6kr7Py+TSyTXC1doH88KcF28k2sBxsQ==";
/// The largest tarball accepted, in bytes (the real one is 41 MB).
const MAX_TARBALL: u64 = 100 * 1024 * 1024;

/// Which landmark model analyses a clip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    /// The smaller, faster model.
    Lite,
    /// The larger, more accurate model.
    Full,
}

impl Variant {
    /// Both variants.
    pub const ALL: [Self; 2] = [Self::Lite, Self::Full];

    /// The setting's value.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Lite => "lite",
            Self::Full => "full",
        }
    }

    /// Parses the setting's value.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.id() == text)
    }

    fn source(self) -> &'static str {
        match self {
            Self::Lite => "package/pose_landmark_lite.tflite",
            Self::Full => "package/pose_landmark_full.tflite",
        }
    }

    fn file(self) -> String {
        format!("pose_landmark_{}.fp32.tflite", self.id())
    }
}

/// What was installed, kept beside the models as `models.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The npm package.
    pub package: String,
    /// Its version.
    pub version: String,
    /// The tarball's integrity hash, as checked.
    pub integrity: String,
    /// Each converted model: variant, file name, SHA-256 of the file, DEQUANTIZE ops folded.
    pub models: Vec<Installed>,
}

/// One converted model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Installed {
    /// Which model.
    pub variant: Variant,
    /// File name in the models folder.
    pub file: String,
    /// SHA-256 of the converted file, hex.
    pub sha256: String,
    /// `DEQUANTIZE` operators folded into fp32 constants.
    pub folded: usize,
}

/// The folder the models live in, inside the data folder.
#[must_use]
pub fn folder(data_dir: &Path) -> PathBuf {
    data_dir.join("models")
}

/// Where a variant's converted model lives, if it is installed.
///
/// # Errors
/// [`PoseError::NotInstalled`] when `resilift models install` has not been run.
pub fn path(data_dir: &Path, variant: Variant) -> Result<PathBuf, PoseError> {
    let path = folder(data_dir).join(variant.file());
    if path.is_file() {
        Ok(path)
    } else {
        Err(PoseError::NotInstalled)
    }
}

/// Reads the manifest of what is installed.
#[must_use]
pub fn installed(data_dir: &Path) -> Option<Manifest> {
    let text = std::fs::read(folder(data_dir).join("models.json")).ok()?;
    serde_json::from_slice(&text).ok()
}

/// Downloads the pinned tarball from the npm registry.
///
/// # Errors
/// When the registry cannot be reached or answers with an error.
pub fn download() -> Result<Vec<u8>, PoseError> {
    let mut body = ureq::get(TARBALL_URL)
        .call()
        .map_err(|e| PoseError::Install(format!("could not download {TARBALL_URL}: {e}")))?
        .into_body();
    let mut bytes = Vec::new();
    body.as_reader()
        .take(MAX_TARBALL)
        .read_to_end(&mut bytes)
        .map_err(|e| PoseError::Install(format!("could not download {TARBALL_URL}: {e}")))?;
    Ok(bytes)
}

/// Checks a tarball against the pinned integrity hash.
///
/// # Errors
/// [`PoseError::Integrity`] when it differs.
pub fn verify(tarball: &[u8]) -> Result<(), PoseError> {
    let digest = Sha512::digest(tarball);
    let found = format!(
        "sha512-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    );
    if found == INTEGRITY {
        Ok(())
    } else {
        Err(PoseError::Integrity { found })
    }
}

/// Checks the tarball, converts both landmark models and writes them, with the manifest, to the
/// data folder. Files are written beside their final names and renamed into place, so a crash
/// leaves either the old models or the new ones.
///
/// # Errors
/// When the tarball is not the pinned package, or a model cannot be converted or written.
pub fn install(tarball: &[u8], data_dir: &Path) -> Result<Manifest, PoseError> {
    verify(tarball)?;
    let mut wanted: Vec<(Variant, Vec<u8>)> = Vec::new();
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(tarball));
    let entries = archive
        .entries()
        .map_err(|e| PoseError::Install(format!("reading the package: {e}")))?;
    for entry in entries {
        let mut entry =
            entry.map_err(|e| PoseError::Install(format!("reading the package: {e}")))?;
        let name = entry
            .path()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(variant) = Variant::ALL.into_iter().find(|v| v.source() == name) {
            let mut bytes = Vec::new();
            entry
                .read_to_end(&mut bytes)
                .map_err(|e| PoseError::Install(format!("reading {name}: {e}")))?;
            wanted.push((variant, bytes));
        }
    }
    let dir = folder(data_dir);
    std::fs::create_dir_all(&dir)
        .map_err(|e| PoseError::Install(format!("creating {}: {e}", dir.display())))?;
    let mut models = Vec::new();
    for variant in Variant::ALL {
        let (_, bytes) = wanted.iter().find(|(v, _)| *v == variant).ok_or_else(|| {
            PoseError::Install(format!("the package has no {}", variant.source()))
        })?;
        let (folded, report) = fold_fp16(bytes)
            .map_err(|e| PoseError::Install(format!("{}: {e}", variant.source())))?;
        let file = variant.file();
        write_atomically(&dir.join(&file), &folded)?;
        models.push(Installed {
            variant,
            file,
            sha256: hex(&Sha256::digest(&folded)),
            folded: report.removed,
        });
    }
    let manifest = Manifest {
        package: PACKAGE.into(),
        version: VERSION.into(),
        integrity: INTEGRITY.into(),
        models,
    };
    let text =
        serde_json::to_vec_pretty(&manifest).map_err(|e| PoseError::Install(e.to_string()))?;
    write_atomically(&dir.join("models.json"), &text)?;
    Ok(manifest)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), PoseError> {
    use std::io::Write as _;
    let tmp = path.with_extension("partial");
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, path));
    result.map_err(|e| PoseError::Install(format!("writing {}: {e}", path.display())))
}
