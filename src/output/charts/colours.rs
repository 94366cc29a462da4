//! The charts' colours: the series palette, diverging (correlations) and sequential scales, and the
//! colour key drawn beside a heat map.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::plot::{ticks, DrawResult};

/// Series colours (a colour-blind-safe palette: Okabe-Ito).
pub(super) const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(240, 228, 66),
    RGBColor(0, 0, 0),
];

/// Blue (−1) through white (0) to red (+1).
pub(super) fn diverging(v: f64) -> RGBColor {
    let t = v.clamp(-1.0, 1.0);
    let mix = |a: u8, b: u8, t: f64| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
    if t < 0.0 {
        let t = -t;
        RGBColor(mix(255, 33, t), mix(255, 102, t), mix(255, 172, t))
    } else {
        RGBColor(mix(255, 178, t), mix(255, 24, t), mix(255, 43, t))
    }
}

/// White (0) to dark blue (1).
pub(super) fn sequential(t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
    RGBColor(mix(247, 8), mix(251, 48), mix(255, 107))
}

/// Width of a grid's colour key, in pixels.
pub(super) const KEY_W: u32 = 110;

/// The colour key beside a grid: the colours from the lowest to the highest value, with ticks.
pub(super) fn colour_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    signed: bool,
    top: f64,
    label: &FontDesc,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let (lo, hi) = if signed { (-1.0, 1.0) } else { (0.0, top) };
    let tick = ticks(lo, hi);
    let mut c = ChartBuilder::on(area)
        .margin_top(64)
        .margin_bottom(96)
        .margin_right(16)
        .y_label_area_size(64)
        .build_cartesian_2d(0f64..1f64, lo..hi)?;
    c.configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .y_labels(5)
        .y_label_formatter(&tick)
        .label_style(label.clone())
        .draw()?;
    const STEPS: usize = 64;
    for i in 0..STEPS {
        let a = lo + (hi - lo) * i as f64 / STEPS as f64;
        let b = lo + (hi - lo) * (i + 1) as f64 / STEPS as f64;
        let mid = (a + b) / 2.0;
        let fill = if signed {
            diverging(mid)
        } else {
            sequential(mid / top)
        };
        c.draw_series([Rectangle::new([(0.0, a), (1.0, b)], fill.filled())])?;
    }
    Ok(())
}
