//! Server-rendered SVG charts (plotters' SVG backend): no script, no request to any other host.

use chrono::NaiveDate;
use plotters::prelude::*;

/// One line on a chart.
pub(crate) struct Series {
    pub(crate) name: String,
    pub(crate) colour: RGBColor,
    /// Drawn dashed (a second measure of the same thing in the same colour).
    pub(crate) dashed: bool,
    pub(crate) points: Vec<(NaiveDate, f64)>,
}

/// The two drawings of every chart: a narrow one whose text stays at least 12 px tall on a
/// 390 px phone, and a wide one for larger screens. The page shows one by a CSS media query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Size {
    Narrow,
    Wide,
}

impl Size {
    fn pixels(self) -> (u32, u32) {
        match self {
            Self::Narrow => (360, 300),
            Self::Wide => (640, 300),
        }
    }

    fn font(self) -> u32 {
        match self {
            Self::Narrow => 15,
            // Shown about 570 px wide on a desktop page, so drawn 640 wide at 15 px it reads
            // at about 13 px.
            Self::Wide => 15,
        }
    }

    fn date_labels(self) -> usize {
        match self {
            Self::Narrow => 6,
            Self::Wide => 8,
        }
    }
}

/// Colours with at least 4.5:1 contrast on white.
pub(crate) const BLUE: RGBColor = RGBColor(0x1f, 0x4e, 0x9c);
pub(crate) const ORANGE: RGBColor = RGBColor(0xa3, 0x4a, 0x00);
pub(crate) const GREEN: RGBColor = RGBColor(0x1b, 0x6b, 0x2f);
pub(crate) const PURPLE: RGBColor = RGBColor(0x6a, 0x2c, 0x91);
const GREY: RGBColor = RGBColor(0x55, 0x55, 0x55);

/// A line chart over dates; `markers` draws dashed vertical lines (rung changes). Returns an
/// SVG document, or `None` when there is nothing to draw. The key is not drawn inside the
/// chart, where it would hide lines: the page writes it below, from `legend`.
pub(crate) fn line_chart(
    size: Size,
    y_label: &str,
    series: &[Series],
    markers: &[NaiveDate],
    y_min: Option<f64>,
    y_max: Option<f64>,
) -> Option<String> {
    let first = series
        .iter()
        .flat_map(|s| s.points.iter().map(|(d, _)| *d))
        .chain(markers.iter().copied())
        .min()?;
    #[allow(clippy::cast_precision_loss)]
    let day = |d: NaiveDate| (d - first).num_days() as f64;
    let lines: Vec<Line> = series
        .iter()
        .map(|s| Line {
            colour: s.colour,
            dashed: s.dashed,
            points: s.points.iter().map(|(d, v)| (day(*d), *v)).collect(),
        })
        .collect();
    let span = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.0))
        .chain(markers.iter().map(|m| day(*m)))
        .fold(1.0, f64::max);
    let x_label = |offset: f64| {
        // Labels fall on whole days only (a short span would otherwise label half days).
        if (offset - offset.round()).abs() > 1e-6 {
            return String::new();
        }
        // Within a year the day and month say enough; over longer spans, month and year.
        #[allow(clippy::cast_possible_truncation)]
        let day = first + chrono::Duration::days(offset.round() as i64);
        if span <= 330.0 {
            super::dates::day_month(day)
        } else {
            day.format("%b %Y").to_string()
        }
    };
    let markers: Vec<f64> = markers.iter().map(|m| day(*m)).collect();
    plot(
        size,
        &Axes {
            x: (-1.0, span + 1.0),
            x_labels: size.date_labels(),
            x_label: &x_label,
            x_desc: None,
            y_desc: y_label,
            y_label: &|value| resilift_core::prescribe::fmt_load(value),
        },
        &lines,
        &markers,
        y_min,
        y_max,
    )
}

/// A line chart over seconds (a rep's angles from lift-off), drawn like the others.
pub(crate) fn seconds_chart(
    size: Size,
    y_label: &str,
    lines: &[Line],
    markers: &[f64],
    y_min: Option<f64>,
    y_max: Option<f64>,
) -> Option<String> {
    let last = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.0))
        .chain(markers.iter().copied())
        .fold(0.1, f64::max);
    plot(
        size,
        &Axes {
            x: (0.0, last * 1.02),
            x_labels: size.date_labels(),
            x_label: &|s| format!("{s:.1}"),
            x_desc: Some("seconds from lift-off"),
            y_desc: y_label,
            y_label: &|value| format!("{value:.0}"),
        },
        lines,
        markers,
        y_min,
        y_max,
    )
}

/// One line, in chart units.
pub(crate) struct Line {
    pub(crate) colour: RGBColor,
    pub(crate) dashed: bool,
    pub(crate) points: Vec<(f64, f64)>,
}

/// How a chart's axes are labelled.
struct Axes<'a> {
    x: (f64, f64),
    x_labels: usize,
    x_label: &'a dyn Fn(f64) -> String,
    x_desc: Option<&'a str>,
    y_desc: &'a str,
    y_label: &'a dyn Fn(f64) -> String,
}

fn plot(
    size: Size,
    axes: &Axes<'_>,
    lines: &[Line],
    markers: &[f64],
    y_min: Option<f64>,
    y_max: Option<f64>,
) -> Option<String> {
    let values: Vec<f64> = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|p| p.1))
        .collect();
    if values.is_empty() {
        return None;
    }
    let low = y_min.unwrap_or_else(|| values.iter().copied().fold(f64::INFINITY, f64::min) * 0.9);
    let high = y_max.unwrap_or_else(|| {
        let top = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if top <= low { low + 1.0 } else { top * 1.05 }
    });
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size.pixels()).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(size.font() * if axes.x_desc.is_some() { 3 } else { 2 } + 8)
            .y_label_area_size(size.font() * 4)
            .build_cartesian_2d(axes.x.0..axes.x.1, low..high)
            .ok()?;
        let y_label = |value: &f64| (axes.y_label)(*value);
        let x_label = |value: &f64| (axes.x_label)(*value);
        let mut mesh = chart.configure_mesh();
        mesh
            // No visible light lines. Asking for none (0) makes plotters search for a step
            // that fits zero lines, which overflows; one per gap, drawn transparent, keeps the
            // search bounded.
            .max_light_lines(1)
            .light_line_style(TRANSPARENT)
            .bold_line_style(RGBColor(0xdd, 0xdd, 0xdd))
            .y_desc(axes.y_desc)
            .x_labels(axes.x_labels)
            .y_labels(6)
            .y_label_formatter(&y_label)
            .x_label_formatter(&x_label)
            .label_style(("sans-serif", size.font()).into_font().color(&GREY))
            .axis_desc_style(("sans-serif", size.font() + 1).into_font().color(&GREY));
        if let Some(desc) = axes.x_desc {
            mesh.x_desc(desc);
        }
        mesh.draw().ok()?;
        for x in markers {
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(*x, low), (*x, high)],
                    4,
                    4,
                    GREY.stroke_width(1),
                ))
                .ok()?;
        }
        for line in lines {
            let colour = line.colour;
            let drawn = if line.dashed {
                chart.draw_series(DashedLineSeries::new(
                    line.points.clone(),
                    6,
                    4,
                    colour.stroke_width(2),
                ))
            } else {
                chart.draw_series(LineSeries::new(line.points.clone(), colour.stroke_width(2)))
            };
            drawn.ok()?;
            chart
                .draw_series(
                    line.points
                        .iter()
                        .map(|p| Circle::new(*p, 3, colour.filled())),
                )
                .ok()?;
        }
        root.present().ok()?;
    }
    // Scale with the page instead of a fixed pixel size.
    let (width, height) = size.pixels();
    Some(svg.replacen(
        &format!("<svg width=\"{width}\" height=\"{height}\""),
        "<svg width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" focusable=\"false\" aria-hidden=\"true\"",
        1,
    ))
}

/// The key of a chart, as the page writes it below the drawing: each line's name and the CSS
/// classes of its swatch (its colour, and `dashed`).
pub(crate) fn legend(series: &[Series]) -> Vec<(String, String)> {
    series
        .iter()
        .filter(|s| !s.points.is_empty())
        .map(|s| {
            let colour = match s.colour {
                c if c == BLUE => "blue",
                c if c == ORANGE => "orange",
                c if c == GREEN => "green",
                _ => "purple",
            };
            let dashed = if s.dashed { " dashed" } else { "" };
            (s.name.clone(), format!("swatch {colour}{dashed}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every chart draws, whatever the span: one day, a few days, ten years (an integer axis
    /// once overflowed while looking for grid steps).
    #[test]
    fn charts_draw_over_any_span() {
        let day0 = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default();
        for days in [0_i64, 1, 2, 3, 9, 40, 400, 3650] {
            let points = vec![(day0, 40.0), (day0 + chrono::Duration::days(days), 42.5)];
            let series = [Series {
                name: "load".to_owned(),
                colour: BLUE,
                dashed: false,
                points,
            }];
            for size in [Size::Narrow, Size::Wide] {
                let svg = line_chart(size, "kg", &series, &[day0], Some(0.0), None);
                assert!(svg.is_some_and(|s| s.contains("<svg")), "{days} days");
            }
        }
    }
}
