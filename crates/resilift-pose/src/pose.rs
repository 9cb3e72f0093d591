//! Body landmarks on one picture with the BlazePose landmark model, and the region tracking that
//! says where to look on the next.
//!
//! The landmark model sees a 256×256 crop around the person, turned so the body's axis points
//! up. Besides the 33 body landmarks it returns two more that MediaPipe uses for exactly this:
//! the middle of the hips and a point whose distance from it gives the body's size and whose
//! direction gives its tilt. The crop for the next frame comes from those two points on this
//! frame (a square twice that distance, grown by a quarter, as MediaPipe does).
//!
//! The person detector is not used. It would need a second model converted (it also keeps
//! sparse weights) and anchor decoding, for a case the form check does not have: a clip filmed
//! for the form check shows one lifter, mostly still, from start to end. The first crop is
//! found by trying the whole frame and its halves and keeping the one where the model is surest
//! a person is present, then refining it twice on the same picture; when the person is lost the
//! search starts again.

use std::path::Path;
use std::sync::Arc;

use resilift_form::{Landmark, landmark};
use tract_tflite::prelude::*;

use crate::PoseError;
use crate::video::Picture;

/// The model's input side in pixels.
const SIDE: usize = 256;
/// Landmarks the model returns: 33 body points and 6 auxiliary ones.
const ALL_LANDMARKS: usize = 39;
/// Below this presence score the person counts as lost.
pub const PRESENCE: f32 = 0.5;

/// A square region of a picture, turned by an angle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    /// Centre, in picture pixels.
    pub cx: f32,
    /// Centre, in picture pixels.
    pub cy: f32,
    /// Side, in picture pixels.
    pub side: f32,
    /// The crop's "up" as a unit vector in the picture (x right, y down).
    pub up: (f32, f32),
}

impl Region {
    /// The whole picture, padded to a square.
    #[must_use]
    pub fn whole(width: u32, height: u32) -> Self {
        #[allow(clippy::cast_precision_loss)]
        let (w, h) = (width as f32, height as f32);
        Self {
            cx: w / 2.0,
            cy: h / 2.0,
            side: w.max(h),
            up: (0.0, -1.0),
        }
    }

    /// Maps a point of the 256×256 crop to the picture.
    #[must_use]
    pub fn to_picture(&self, u: f32, v: f32) -> (f32, f32) {
        #[allow(clippy::cast_precision_loss)]
        let (un, vn) = (u / SIDE as f32 - 0.5, v / SIDE as f32 - 0.5);
        let right = (-self.up.1, self.up.0);
        (
            self.cx + self.side * (un * right.0 - vn * self.up.0),
            self.cy + self.side * (un * right.1 - vn * self.up.1),
        )
    }

    /// The region for the next frame, from the two alignment points (picture pixels).
    #[must_use]
    pub fn from_alignment(centre: (f32, f32), scale: (f32, f32)) -> Option<Self> {
        let (dx, dy) = (scale.0 - centre.0, scale.1 - centre.1);
        let length = dx.hypot(dy);
        (length.is_finite() && length > 4.0).then(|| Self {
            cx: centre.0,
            cy: centre.1,
            side: 2.0 * length * 1.25,
            up: (dx / length, dy / length),
        })
    }
}

/// The loaded landmark model.
pub struct PoseModel {
    plan: Arc<TypedRunnableModel>,
}

impl std::fmt::Debug for PoseModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PoseModel")
    }
}

/// One picture's result.
#[derive(Debug, Clone)]
pub struct Found {
    /// The 33 body landmarks, in picture pixels.
    pub landmarks: Vec<Landmark>,
    /// The 33 body landmarks in metres around the hips' middle (the model's own 3D estimate;
    /// used to check that limb lengths stay steady).
    pub world: Vec<[f32; 3]>,
    /// How sure the model is that a person is in the crop, 0 to 1.
    pub presence: f32,
    /// Where to look on the next picture.
    pub next: Option<Region>,
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

impl PoseModel {
    /// Loads a folded landmark model (see [`crate::models`]).
    ///
    /// # Errors
    /// When the file cannot be read or is not a folded landmark model.
    pub fn load(path: &Path) -> Result<Self, PoseError> {
        let plan = tract_tflite::tflite()
            .model_for_path(path)
            .and_then(tract_tflite::prelude::TypedModel::into_optimized)
            .and_then(IntoRunnable::into_runnable)
            .map_err(|e| PoseError::Model(format!("{}: {e:#}", path.display())))?;
        Ok(Self { plan })
    }

    /// Runs the model on one region of a picture.
    ///
    /// # Errors
    /// When the model fails to run.
    pub fn landmarks(&self, picture: &Picture, region: &Region) -> Result<Found, PoseError> {
        let input = crop(picture, region);
        let tensor = Tensor::from_shape(&[1, SIDE, SIDE, 3], &input)
            .map_err(|e| PoseError::Model(e.to_string()))?;
        let outputs = self
            .plan
            .run(tvec!(tensor.into()))
            .map_err(|e| PoseError::Model(e.to_string()))?;
        let mut points: Option<Vec<f32>> = None;
        let mut world = Vec::new();
        let mut presence = 0.0;
        for output in &outputs {
            let view = output
                .to_plain_array_view::<f32>()
                .map_err(|e| PoseError::Model(e.to_string()))?;
            match view.len() {
                n if n == ALL_LANDMARKS * 5 => points = Some(view.iter().copied().collect()),
                1 => presence = sigmoid(view.iter().copied().next().unwrap_or(f32::NEG_INFINITY)),
                n if n == ALL_LANDMARKS * 3 => {
                    let values: Vec<f32> = view.iter().copied().collect();
                    world = values
                        .chunks_exact(3)
                        .take(landmark::COUNT)
                        .map(|c| [c[0], c[1], c[2]])
                        .collect();
                }
                _ => {}
            }
        }
        let points =
            points.ok_or_else(|| PoseError::Model("the model gave no landmarks".into()))?;
        let at = |i: usize| {
            let (x, y) = region.to_picture(points[i * 5], points[i * 5 + 1]);
            Landmark {
                x,
                y,
                visibility: sigmoid(points[i * 5 + 3]),
            }
        };
        let landmarks = (0..landmark::COUNT).map(at).collect();
        let (centre, scale) = (at(33), at(34));
        let next = Region::from_alignment((centre.x, centre.y), (scale.x, scale.y));
        Ok(Found {
            landmarks,
            world,
            presence,
            next,
        })
    }
}

/// Samples the region into the model's input: 256×256 RGB floats from 0 to 1, bilinear,
/// black outside the picture.
fn crop(picture: &Picture, region: &Region) -> Vec<f32> {
    let (w, h) = (picture.width as usize, picture.height as usize);
    let mut out = vec![0.0_f32; SIDE * SIDE * 3];
    let pixel = |x: isize, y: isize, c: usize| -> f32 {
        if x < 0 || y < 0 || x as usize >= w || y as usize >= h {
            return 0.0;
        }
        f32::from(picture.rgb[(y as usize * w + x as usize) * 3 + c])
    };
    for v in 0..SIDE {
        for u in 0..SIDE {
            #[allow(clippy::cast_precision_loss)]
            let (x, y) = region.to_picture(u as f32 + 0.5, v as f32 + 0.5);
            let (x, y) = (x - 0.5, y - 0.5);
            let (x0, y0) = (x.floor(), y.floor());
            let (fx, fy) = (x - x0, y - y0);
            #[allow(clippy::cast_possible_truncation)]
            let (xi, yi) = (x0 as isize, y0 as isize);
            for c in 0..3 {
                let top = pixel(xi, yi, c) * (1.0 - fx) + pixel(xi + 1, yi, c) * fx;
                let bottom = pixel(xi, yi + 1, c) * (1.0 - fx) + pixel(xi + 1, yi + 1, c) * fx;
                out[(v * SIDE + u) * 3 + c] = (top * (1.0 - fy) + bottom * fy) / 255.0;
            }
        }
    }
    out
}

/// Follows one person through a clip's pictures.
#[derive(Debug)]
pub struct Tracker<'m> {
    model: &'m PoseModel,
    region: Option<Region>,
    last: Option<Vec<Landmark>>,
}

/// Left–right pairs of the 33 body landmarks (face, arms, hands, legs, feet).
const MIRRORED: [(usize, usize); 16] = [
    (1, 4),
    (2, 5),
    (3, 6),
    (7, 8),
    (9, 10),
    (11, 12),
    (13, 14),
    (15, 16),
    (17, 18),
    (19, 20),
    (21, 22),
    (23, 24),
    (25, 26),
    (27, 28),
    (29, 30),
    (31, 32),
];

/// Whether this frame's left and right labels are the other way round from the last frame's.
/// Seen from the side or from behind, the model sometimes swaps them for a frame or two; a real
/// person never crosses their shoulders, hips, knees and ankles over in a fifteenth of a second,
/// so when every body point lies much nearer where its opposite number was, the labels swapped.
fn swapped(last: &[Landmark], now: &[Landmark]) -> bool {
    let gap = |a: &Landmark, b: &Landmark| (a.x - b.x).hypot(a.y - b.y);
    let (mut kept, mut crossed) = (0.0, 0.0);
    for (left, right) in [(11, 12), (23, 24), (25, 26), (27, 28)] {
        kept += gap(&now[left], &last[left]) + gap(&now[right], &last[right]);
        crossed += gap(&now[left], &last[right]) + gap(&now[right], &last[left]);
    }
    crossed < 0.5 * kept
}

impl<'m> Tracker<'m> {
    /// Starts with no region: the first picture is searched.
    #[must_use]
    pub fn new(model: &'m PoseModel) -> Self {
        Self {
            model,
            region: None,
            last: None,
        }
    }

    fn search(&self, picture: &Picture) -> Result<Option<Found>, PoseError> {
        #[allow(clippy::cast_precision_loss)]
        let (w, h) = (picture.width as f32, picture.height as f32);
        let whole = Region::whole(picture.width, picture.height);
        let short = w.min(h);
        let mut candidates = vec![whole];
        for i in 0..3 {
            #[allow(clippy::cast_precision_loss)]
            let t = i as f32 / 2.0;
            if h > w {
                candidates.push(Region {
                    cx: w / 2.0,
                    cy: short / 2.0 + t * (h - short),
                    side: short,
                    up: (0.0, -1.0),
                });
            } else {
                candidates.push(Region {
                    cx: short / 2.0 + t * (w - short),
                    cy: h / 2.0,
                    side: short,
                    up: (0.0, -1.0),
                });
            }
        }
        let mut best: Option<Found> = None;
        for region in candidates {
            let found = self.model.landmarks(picture, &region)?;
            if best.as_ref().is_none_or(|b| found.presence > b.presence) {
                best = Some(found);
            }
        }
        let Some(mut best) = best else {
            return Ok(None);
        };
        for _ in 0..2 {
            let Some(region) = best.next else { break };
            let refined = self.model.landmarks(picture, &region)?;
            if refined.presence < best.presence.min(PRESENCE) {
                break;
            }
            best = refined;
        }
        Ok((best.presence >= PRESENCE).then_some(best))
    }

    /// Finds the person on the next picture: in the region the last picture gave, or by a fresh
    /// search when there is none or the person was lost.
    ///
    /// # Errors
    /// When the model fails to run.
    pub fn next(&mut self, picture: &Picture) -> Result<Option<Found>, PoseError> {
        let found = match self.region {
            Some(region) => {
                let found = self.model.landmarks(picture, &region)?;
                if found.presence >= PRESENCE {
                    Some(found)
                } else {
                    self.search(picture)?
                }
            }
            None => self.search(picture)?,
        };
        self.region = found.as_ref().and_then(|f| f.next);
        let mut found = found;
        if let (Some(found), Some(last)) = (found.as_mut(), self.last.as_ref())
            && found.landmarks.len() == landmark::COUNT
            && swapped(last, &found.landmarks)
        {
            for (left, right) in MIRRORED {
                found.landmarks.swap(left, right);
                if found.world.len() == landmark::COUNT {
                    found.world.swap(left, right);
                }
            }
        }
        self.last = found.as_ref().map(|f| f.landmarks.clone());
        Ok(found)
    }
}
