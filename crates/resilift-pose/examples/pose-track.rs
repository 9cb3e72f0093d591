//! Installs the models from a local tarball if needed, then prints a clip's track as JSON.
//!
//! `cargo run -p resilift-pose --release --example pose-track -- DATA_DIR TARBALL CLIP [lite|full]`

use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [data, tarball, clip, rest @ ..] = args.as_slice() else {
        return Err("usage: DATA_DIR TARBALL CLIP [lite|full]".into());
    };
    let data = PathBuf::from(data);
    let variant = resilift_pose::Variant::parse(rest.first().map_or("full", String::as_str))
        .ok_or("lite or full")?;
    if resilift_pose::models::installed(&data).is_none() {
        let started = Instant::now();
        let manifest = resilift_pose::models::install(&std::fs::read(tarball)?, &data)?;
        eprintln!("installed in {:?}: {manifest:?}", started.elapsed());
    }
    let started = Instant::now();
    let model =
        resilift_pose::pose::PoseModel::load(&resilift_pose::models::path(&data, variant)?)?;
    eprintln!("loaded in {:?}", started.elapsed());
    let started = Instant::now();
    let track = resilift_pose::track(clip.as_ref(), &model, &resilift_pose::Limits::default())?;
    let found = track
        .frames
        .iter()
        .filter(|f| f.landmarks.is_some())
        .count();
    eprintln!(
        "{} frames, {found} with a person, in {:?}",
        track.frames.len(),
        started.elapsed()
    );
    println!("{}", serde_json::to_string(&track)?);
    Ok(())
}
