//! Chart files: the charts the panes draw, as PNG or SVG with plotters. A `Chart` is plain data
//! (built from the same answers the panes show: a profile's histogram, a frequency table, a
//! scatter sample, the correlation matrix, a run's report); `render_svg` and `write` draw it,
//! titled, with labelled axes and a legend where there is more than one series. Text uses a
//! bundled font (a Latin subset of DejaVu Sans, `assets/`), so no system fonts are needed.

mod colours;
mod plot;
mod series;

pub use self::plot::{render_svg, write};
pub use self::series::{
    clusters, confusion, correlations, folds, frequencies, histogram, predicted_actual, residuals,
    roc, run_charts, scatter, weights, MAX_BARS,
};

/// The size charts are drawn at, in pixels.
pub const SIZE: (u32, u32) = (900, 600);

/// One named set of points.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<(f64, f64)>,
}

/// A chart, as data.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// Counts over numeric bins.
    Histogram {
        title: String,
        x_label: String,
        edges: Vec<f64>,
        counts: Vec<usize>,
    },
    /// Horizontal bars, one per label, with an optional second value per label drawn beside
    /// (e.g. the baseline's score); values may be negative (coefficients).
    Bars {
        title: String,
        value_label: String,
        labels: Vec<String>,
        values: Vec<f64>,
        names: (String, Option<String>),
        second: Option<Vec<f64>>,
    },
    /// Points (or lines through them), with optional reference lines.
    Points {
        title: String,
        x_label: String,
        y_label: String,
        series: Vec<Series>,
        lines: bool,
        /// Draw y = x.
        diagonal: bool,
        /// Draw y = 0.
        zero: bool,
    },
    /// A grid of numbers coloured by value: a correlation matrix (signed, -1..1) or a confusion
    /// matrix (counts).
    Grid {
        title: String,
        x_label: String,
        y_label: String,
        rows: Vec<String>,
        cols: Vec<String>,
        values: Vec<Vec<Option<f64>>>,
        signed: bool,
    },
}

impl Chart {
    pub fn title(&self) -> &str {
        match self {
            Chart::Histogram { title, .. }
            | Chart::Bars { title, .. }
            | Chart::Points { title, .. }
            | Chart::Grid { title, .. } => title,
        }
    }
}
