//! `cargo xtask plot CSV SVG TITLE`: draws a benchmark's growth curve (first column on a
//! logarithmic x axis, every other column a line) as SVG with plotters, in the colours of the
//! app's own charts.

use std::path::Path;

use anyhow::{Context as _, bail};
use plotters::prelude::*;

/// The app's chart colours (at least 4.5:1 on white).
const COLOURS: [RGBColor; 4] = [
    RGBColor(0x1f, 0x4e, 0x9c),
    RGBColor(0xa3, 0x4a, 0x00),
    RGBColor(0x1b, 0x6b, 0x2f),
    RGBColor(0x6a, 0x2c, 0x91),
];

pub(crate) fn plot(csv: &Path, svg: &Path, title: &str) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(csv).with_context(|| format!("reading {}", csv.display()))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().context("an empty file")?.split(',').collect();
    let rows: Vec<Vec<f64>> = lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.split(',')
                .map(|v| v.trim().parse::<f64>().context("a number"))
                .collect::<anyhow::Result<Vec<f64>>>()
        })
        .collect::<anyhow::Result<_>>()?;
    if rows.len() < 2 || header.len() < 2 {
        bail!("{}: need a header and at least two rows", csv.display());
    }
    let xs: Vec<f64> = rows.iter().map(|r| r[0]).collect();
    let (x_min, x_max) = (
        xs.iter().copied().fold(f64::INFINITY, f64::min),
        xs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    let y_max = rows
        .iter()
        .flat_map(|r| r.iter().skip(1).copied())
        .fold(0.0_f64, f64::max)
        * 1.1;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (720, 420)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 15))
            .margin(14)
            .x_label_area_size(40)
            .y_label_area_size(56)
            .build_cartesian_2d((x_min..x_max).log_scale(), 0.0..y_max.max(1.0))?;
        chart
            .configure_mesh()
            .x_desc(header[0])
            .x_label_formatter(&|x| format!("{x:.0}"))
            .label_style(("sans-serif", 13))
            .draw()?;
        for (column, name) in header.iter().enumerate().skip(1) {
            let colour = COLOURS[(column - 1) % COLOURS.len()];
            let points: Vec<(f64, f64)> = rows
                .iter()
                .filter_map(|r| Some((r[0], *r.get(column)?)))
                .collect();
            chart
                .draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))?
                .label(name.replace('_', " "))
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(2))
                });
            chart.draw_series(points.iter().map(|p| Circle::new(*p, 3, colour.filled())))?;
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK.mix(0.3))
            .label_font(("sans-serif", 13))
            .draw()?;
        root.present()?;
    }
    std::fs::write(svg, out).with_context(|| format!("writing {}", svg.display()))?;
    println!("plot: wrote {}", svg.display());
    Ok(())
}
