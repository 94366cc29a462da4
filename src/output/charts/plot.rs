//! Drawing a `Chart` with plotters, to SVG text or to a PNG or SVG file (written atomically): the
//! frame, axes, ticks, bars, lines, points and heat maps, in the bundled font.

use std::path::Path;
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::colours::*;
use super::{Chart, SIZE};
use crate::core::data::cells::format_stat;
use crate::core::{Error, Result};

pub(super) const FONT: &str = "sans-serif";

pub(super) static FONT_BYTES: &[u8] = include_bytes!("../../../assets/DejaVuSans-subset.ttf");

pub(super) static REGISTER: Once = Once::new();

pub(super) fn register_font() {
    REGISTER.call_once(|| {
        // The font is part of the binary; it parses, or no chart could be drawn at all.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, FONT_BYTES);
    });
}

pub(super) fn fail(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Write {
        file: path.display().to_string(),
        message: format!("cannot draw the chart: {e}"),
    }
}

/// The chart as an SVG document.
pub fn render_svg(chart: &Chart) -> std::result::Result<String, String> {
    register_font();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, SIZE).into_drawing_area();
        draw(chart, &root).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// Draw `chart` to `path` (`.png` or `.svg`), written under a temporary name and renamed.
pub fn write(chart: &Chart, path: &Path) -> Result<()> {
    register_font();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "svg" => {
            let svg = render_svg(chart).map_err(|e| fail(path, e))?;
            crate::core::data::sink::write_text(path, &svg)
        }
        "png" => {
            // plotters picks the encoder by extension: the temporary name keeps `.png`.
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "chart.png".into());
            let tmp = path.with_file_name(format!(".{name}.lathe-{}.png", std::process::id()));
            let result = (|| {
                let root = BitMapBackend::new(&tmp, SIZE).into_drawing_area();
                draw(chart, &root).map_err(|e| fail(path, e))?;
                root.present().map_err(|e| fail(path, e))?;
                drop(root);
                std::fs::rename(&tmp, path).map_err(|e| fail(path, e))
            })();
            if result.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
            result
        }
        _ => Err(Error::Write {
            file: path.display().to_string(),
            message: "a chart is written as .png or .svg".into(),
        }),
    }
}

pub(super) fn span(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if hi <= lo {
        return (lo - 1.0, hi + 1.0);
    }
    let pad = (hi - lo) * 0.04;
    (lo - pad, hi + pad)
}

/// Tick labels for an axis over `lo..hi`: a tick that is zero but for rounding (plotters steps
/// `lo + i * step`, which lands on `-2.22e-16` where `0` was meant) reads `0`.
pub(super) fn ticks(lo: f64, hi: f64) -> impl Fn(&f64) -> String {
    let noise = (hi - lo).abs() * 1e-9;
    move |v: &f64| {
        if v.abs() <= noise {
            "0".to_string()
        } else {
            format_stat(*v, 4)
        }
    }
}

pub(super) fn draw<DB: DrawingBackend>(chart: &Chart, root: &DrawingArea<DB, Shift>) -> DrawResult
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    let title_style = (FONT, 24).into_font();
    let label = (FONT, 16).into_font();
    match chart {
        Chart::Histogram {
            title,
            x_label,
            edges,
            counts,
        } => {
            let lo = edges.first().copied().unwrap_or(0.0);
            let hi = edges.last().copied().unwrap_or(1.0);
            let (lo, hi) = if hi > lo {
                (lo, hi)
            } else {
                (lo - 0.5, hi + 0.5)
            };
            let top = counts.iter().copied().max().unwrap_or(1).max(1) as f64 * 1.08;
            let mut c = ChartBuilder::on(root)
                .caption(title, title_style)
                .margin(16)
                .x_label_area_size(48)
                .y_label_area_size(64)
                .build_cartesian_2d(lo..hi, 0f64..top)?;
            let (xt, yt) = (ticks(lo, hi), ticks(0.0, top));
            c.configure_mesh()
                .x_desc(x_label.as_str())
                .y_desc("rows")
                .x_label_formatter(&xt)
                .y_label_formatter(&yt)
                .label_style(label.clone())
                .axis_desc_style(label.clone())
                .light_line_style(WHITE)
                .draw()?;
            c.draw_series(counts.iter().enumerate().map(|(i, &n)| {
                let (a, b) = (edges[i], edges.get(i + 1).copied().unwrap_or(edges[i]));
                Rectangle::new([(a, 0.0), (b, n as f64)], PALETTE[0].mix(0.8).filled())
            }))?;
            c.draw_series(counts.iter().enumerate().map(|(i, &n)| {
                let (a, b) = (edges[i], edges.get(i + 1).copied().unwrap_or(edges[i]));
                Rectangle::new([(a, 0.0), (b, n as f64)], WHITE.stroke_width(1))
            }))?;
        }
        Chart::Bars {
            title,
            value_label,
            labels,
            values,
            names,
            second,
        } => {
            let n = labels.len().max(1);
            let all = values
                .iter()
                .chain(second.iter().flatten())
                .copied()
                .chain([0.0]);
            let (lo, hi) = span(all);
            let (lo, hi) = (lo.min(0.0), hi.max(0.0));
            // Room at the right for the legend, clear of the longest bar.
            let hi = if second.is_some() && hi > 0.0 {
                hi * 1.3
            } else {
                hi
            };
            let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(4);
            let mut c = ChartBuilder::on(root)
                .caption(title, title_style)
                .margin(16)
                .x_label_area_size(48)
                .y_label_area_size((longest.min(28) as u32) * 9 + 16)
                .build_cartesian_2d(lo..hi, 0f64..n as f64)?;
            // Labels at the middle of each bar's row; the first label at the top.
            let yf = centred_labels(labels.clone(), true, 28);
            let xt = ticks(lo, hi);
            c.configure_mesh()
                .x_desc(value_label.as_str())
                .x_label_formatter(&xt)
                .y_label_formatter(&yf)
                .y_labels(n * 2 + 1)
                .label_style(label.clone())
                .axis_desc_style(label.clone())
                .light_line_style(WHITE)
                .draw()?;
            let row = |i: usize| (n - 1 - i) as f64;
            let h = if second.is_some() { 0.4 } else { 0.8 };
            c.draw_series(values.iter().enumerate().map(|(i, &v)| {
                let y0 = row(i) + 0.1;
                Rectangle::new(
                    [
                        (0.0f64.min(v), y0 + if second.is_some() { h } else { 0.0 }),
                        (
                            0.0f64.max(v),
                            y0 + if second.is_some() { 2.0 * h } else { h },
                        ),
                    ],
                    PALETTE[0].filled(),
                )
            }))?
            .label(names.0.clone())
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], PALETTE[0].filled()));
            if let Some(s) = second {
                c.draw_series(s.iter().enumerate().map(|(i, &v)| {
                    let y0 = row(i) + 0.1;
                    Rectangle::new(
                        [(0.0f64.min(v), y0), (0.0f64.max(v), y0 + h)],
                        PALETTE[1].filled(),
                    )
                }))?
                .label(names.1.clone().unwrap_or_default())
                .legend(|(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 12, y + 5)], PALETTE[1].filled())
                });
                key(&mut c, &label)?;
            }
            if lo < 0.0 {
                c.draw_series(LineSeries::new([(0.0, 0.0), (0.0, n as f64)], BLACK))?;
            }
        }
        Chart::Points {
            title,
            x_label,
            y_label,
            series,
            lines,
            diagonal,
            zero,
        } => {
            let (mut xl, mut xh) = span(series.iter().flat_map(|s| s.points.iter().map(|p| p.0)));
            let (mut yl, mut yh) = span(series.iter().flat_map(|s| s.points.iter().map(|p| p.1)));
            if *diagonal {
                let (l, h) = (xl.min(yl), xh.max(yh));
                (xl, xh, yl, yh) = (l, h, l, h);
            }
            if *zero {
                let m = yl.abs().max(yh.abs());
                (yl, yh) = (-m, m);
            }
            let mut c = ChartBuilder::on(root)
                .caption(title, title_style)
                .margin(16)
                .x_label_area_size(48)
                .y_label_area_size(72)
                .build_cartesian_2d(xl..xh, yl..yh)?;
            let (xt, yt) = (ticks(xl, xh), ticks(yl, yh));
            c.configure_mesh()
                .x_desc(x_label.as_str())
                .y_desc(y_label.as_str())
                .x_label_formatter(&xt)
                .y_label_formatter(&yt)
                .label_style(label.clone())
                .axis_desc_style(label.clone())
                .light_line_style(RGBColor(235, 235, 235))
                .draw()?;
            if *diagonal {
                c.draw_series(LineSeries::new(
                    [(xl, xl), (xh, xh)],
                    RGBColor(150, 150, 150).stroke_width(1),
                ))?;
            }
            if *zero {
                c.draw_series(LineSeries::new(
                    [(xl, 0.0), (xh, 0.0)],
                    RGBColor(150, 150, 150).stroke_width(1),
                ))?;
            }
            for (i, s) in series.iter().enumerate() {
                let colour = PALETTE[i % PALETTE.len()];
                let drawn = if *lines {
                    c.draw_series(LineSeries::new(
                        s.points.iter().copied(),
                        colour.stroke_width(2),
                    ))?
                } else {
                    c.draw_series(
                        s.points
                            .iter()
                            .map(|&p| Circle::new(p, 3, colour.mix(0.7).filled())),
                    )?
                };
                if !s.name.is_empty() {
                    drawn
                        .label(s.name.clone())
                        .legend(move |(x, y)| Circle::new((x + 6, y), 5, colour.filled()));
                }
            }
            if series.iter().any(|s| !s.name.is_empty()) {
                key(&mut c, &label)?;
            }
        }
        Chart::Grid {
            title,
            x_label,
            y_label,
            rows,
            cols,
            values,
            signed,
        } => {
            let (nr, nc) = (rows.len().max(1), cols.len().max(1));
            let longest = rows.iter().map(|l| l.chars().count()).max().unwrap_or(4);
            let top = values
                .iter()
                .flatten()
                .flatten()
                .map(|v| v.abs())
                .fold(0.0f64, f64::max)
                .max(1e-12);
            // The colour key on the right.
            let (width, _) = root.dim_in_pixel();
            let (main, key) = root.split_horizontally(width.saturating_sub(KEY_W));
            colour_key(&key, *signed, top, &label)?;
            // Many columns: their names stand upright, so that neighbours do not overlap.
            let upright = nc > 8;
            let longest_col = cols.iter().map(|l| l.chars().count()).max().unwrap_or(4);
            let x_area = if upright {
                (longest_col.min(20) as u32) * 9 + 40
            } else {
                64
            };
            let mut c = ChartBuilder::on(&main)
                .caption(title, title_style)
                .margin(16)
                .x_label_area_size(x_area)
                .y_label_area_size((longest.min(24) as u32) * 9 + 24)
                .build_cartesian_2d(0f64..nc as f64, 0f64..nr as f64)?;
            // plotters centres a rotated label on its tick, half of it inside the grid: as many
            // spaces before it as it has characters put all of it below the axis.
            let x_names: Vec<String> = if upright {
                cols.iter()
                    .map(|c| {
                        let c: String = c.chars().take(20).collect();
                        format!("{}{c}", " ".repeat(c.chars().count() * 3 / 2 + 2))
                    })
                    .collect()
            } else {
                cols.clone()
            };
            let xf = centred_labels(x_names, false, 64);
            let yf = centred_labels(rows.clone(), true, 24);
            let x_style = if upright {
                TextStyle::from(label.clone().transform(FontTransform::Rotate90))
            } else {
                TextStyle::from(label.clone())
            };
            c.configure_mesh()
                .disable_mesh()
                .x_desc(x_label.as_str())
                .y_desc(y_label.as_str())
                .x_labels(nc * 2 + 1)
                .y_labels(nr * 2 + 1)
                .x_label_formatter(&xf)
                .y_label_formatter(&yf)
                .label_style(label.clone())
                .x_label_style(x_style)
                .axis_desc_style(label.clone())
                .draw()?;
            for (r, row) in values.iter().enumerate() {
                for (k, v) in row.iter().enumerate() {
                    let y = (nr - 1 - r) as f64;
                    let fill = match v {
                        None => RGBColor(220, 220, 220),
                        Some(v) if *signed => diverging(*v),
                        Some(v) => sequential(*v / top),
                    };
                    c.draw_series([Rectangle::new(
                        [(k as f64, y), (k as f64 + 1.0, y + 1.0)],
                        fill.filled(),
                    )])?;
                    c.draw_series([Rectangle::new(
                        [(k as f64, y), (k as f64 + 1.0, y + 1.0)],
                        WHITE.stroke_width(2),
                    )])?;
                    let text = v.map_or("-".to_string(), |v| {
                        if *signed {
                            format!("{v:.2}")
                        } else {
                            format_stat(v, 6)
                        }
                    });
                    let dark = v.is_some_and(|v| {
                        if *signed {
                            v.abs() > 0.6
                        } else {
                            v / top > 0.55
                        }
                    });
                    let size = if nr.max(nc) > 10 { 11 } else { 16 };
                    let style = TextStyle::from((FONT, size).into_font())
                        .color(if dark { &WHITE } else { &BLACK })
                        .pos(plotters::style::text_anchor::Pos::new(
                            plotters::style::text_anchor::HPos::Center,
                            plotters::style::text_anchor::VPos::Center,
                        ));
                    // Too many cells for their numbers to fit: the colours and the key say it.
                    if nr.max(nc) <= 16 {
                        c.draw_series([Text::new(text, (k as f64 + 0.5, y + 0.5), style)])?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// A tick formatter for a category axis drawn as 0..n: the label of each category at its
/// middle (`i + 0.5`), nothing at other ticks; `reversed` puts the first label at the top.
pub(super) fn centred_labels(
    labels: Vec<String>,
    reversed: bool,
    max: usize,
) -> impl Fn(&f64) -> String {
    move |v: &f64| {
        if (v - v.floor() - 0.5).abs() > 1e-9 {
            return String::new();
        }
        let i = v.floor() as usize;
        let at = if reversed {
            labels.len().checked_sub(1 + i)
        } else {
            Some(i)
        };
        at.and_then(|k| labels.get(k))
            .map(|s| s.chars().take(max).collect())
            .unwrap_or_default()
    }
}

/// The chart's key (its series' names), boxed in the lower right.
fn key<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    c: &mut ChartContext<'a, DB, CT>,
    font: &FontDesc,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    c.configure_series_labels()
        .label_font(font.clone())
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .position(SeriesLabelPosition::LowerRight)
        .draw()?;
    Ok(())
}

pub(super) type DrawResult = std::result::Result<(), Box<dyn std::error::Error>>;
