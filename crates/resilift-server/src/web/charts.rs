//! Server-rendered SVG charts (plotters' SVG backend): no script, no request to any other host.

use chrono::NaiveDate;
use plotters::prelude::*;

/// One line on a chart.
pub(crate) struct Series {
    pub(crate) name: &'static str,
    pub(crate) colour: RGBColor,
    pub(crate) points: Vec<(NaiveDate, f64)>,
}

/// Colours with at least 4.5:1 contrast on white.
pub(crate) const BLUE: RGBColor = RGBColor(0x1f, 0x4e, 0x9c);
pub(crate) const ORANGE: RGBColor = RGBColor(0xa3, 0x4a, 0x00);
pub(crate) const GREEN: RGBColor = RGBColor(0x1b, 0x6b, 0x2f);
pub(crate) const PURPLE: RGBColor = RGBColor(0x6a, 0x2c, 0x91);
const GREY: RGBColor = RGBColor(0x55, 0x55, 0x55);

/// A line chart over dates; `markers` draws dashed vertical lines (rung changes). Returns an
/// SVG document, or `None` when there is nothing to draw.
pub(crate) fn line_chart(
    y_label: &str,
    series: &[Series],
    markers: &[NaiveDate],
    y_min: Option<f64>,
    y_max: Option<f64>,
) -> Option<String> {
    let dates: Vec<NaiveDate> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|(d, _)| *d))
        .chain(markers.iter().copied())
        .collect();
    let first = *dates.iter().min()?;
    let last = *dates.iter().max()?;
    let span = (last - first).num_days().max(1);
    let values: Vec<f64> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|(_, v)| *v))
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
        let root = SVGBackend::with_string(&mut svg, (640, 300)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let day = |d: NaiveDate| (d - first).num_days();
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(52)
            .build_cartesian_2d(-1i64..span + 1, low..high)
            .ok()?;
        chart
            .configure_mesh()
            .light_line_style(RGBColor(0xee, 0xee, 0xee))
            .bold_line_style(RGBColor(0xdd, 0xdd, 0xdd))
            .y_desc(y_label)
            .x_labels(5)
            .x_label_formatter(&|offset| {
                (first + chrono::Duration::days(*offset))
                    .format("%d %b %y")
                    .to_string()
            })
            .label_style(("sans-serif", 13).into_font().color(&GREY))
            .axis_desc_style(("sans-serif", 14).into_font().color(&GREY))
            .draw()
            .ok()?;
        for marker in markers {
            let x = day(*marker);
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(x, low), (x, high)],
                    4,
                    4,
                    GREY.stroke_width(1),
                ))
                .ok()?;
        }
        for line in series {
            let points: Vec<(i64, f64)> = line.points.iter().map(|(d, v)| (day(*d), *v)).collect();
            let colour = line.colour;
            chart
                .draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))
                .ok()?
                .label(line.name)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 16, y)], colour.stroke_width(3))
                });
            chart
                .draw_series(points.iter().map(|p| Circle::new(*p, 3, colour.filled())))
                .ok()?;
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.9))
            .border_style(RGBColor(0xcc, 0xcc, 0xcc))
            .label_font(("sans-serif", 13).into_font())
            .position(SeriesLabelPosition::UpperLeft)
            .draw()
            .ok()?;
        root.present().ok()?;
    }
    // Scale with the page instead of a fixed pixel size.
    Some(svg.replacen(
        "<svg width=\"640\" height=\"300\"",
        "<svg width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" focusable=\"false\" aria-hidden=\"true\"",
        1,
    ))
}
