//! `lathe profile FILE`: every column's summary, duplicate rows, correlations and warnings, as a
//! table or `--json`.

use std::io::Write;

use super::load_shown;
use super::progress::Bar;
use super::{aligned, emit_as, load_options};
use crate::cli::{LoadArgs, ProfileArgs};
use crate::core::data::cells::{count, format_stat, one_line};
use crate::core::data::source::Input;
use crate::core::stats::profile::{profile_frame, ColumnSummary, Profile, StatValue};
use crate::core::Result;

/// Load `file` and summarise every column; `correlations` asks for the matrices however many
/// numeric columns there are.
pub fn profile(file: &str, args: &LoadArgs, correlations: bool, bar: &mut Bar) -> Result<Profile> {
    let opts = load_options(args)?;
    let loaded = load_shown(&Input::from_arg(file), &opts, bar)?;
    bar.stage(&format!(
        "computing the statistics of {} columns, {} rows…",
        loaded.frame.width(),
        crate::core::data::cells::group_thousands(loaded.frame.height())
    ));
    let mut p = profile_frame(
        &loaded.frame,
        loaded.info.name.clone(),
        loaded.info.format_label().to_string(),
        correlations,
    );
    p.sheet = loaded.info.sheet.clone();
    p.sheets = loaded.info.sheets.clone();
    p.table = loaded.info.table.clone();
    p.tables = loaded.info.tables.clone();
    Ok(p)
}

/// `lathe profile`: print the summary as JSON or as an aligned table.
pub fn run_profile(args: &ProfileArgs, out: &mut dyn Write) -> Result<()> {
    let mut bar = Bar::new(args.progress.quiet);
    let p = profile(&args.file, &args.load, args.correlations, &mut bar)?;
    bar.clear();
    emit_as(out, args.json, &p, profile_table)
}

/// The human-readable `profile` output. Names and text values go through `one_line`, as in the
/// app: a header holding an escape sequence must not reach the terminal.
pub fn profile_table(p: &Profile) -> String {
    let header = [
        "column", "dtype", "count", "nulls", "unique", "mean", "std", "min", "25%", "50%", "75%",
        "max",
    ];
    let num = |x: Option<f64>| x.map_or(String::new(), |v| format_stat(v, 6));
    let ext = |x: &Option<StatValue>| match x {
        Some(StatValue::Number(v)) => format_stat(*v, 6),
        Some(StatValue::Text(t)) => one_line(t),
        None => String::new(),
    };
    let row = |c: &ColumnSummary| -> Vec<String> {
        vec![
            one_line(&c.name),
            c.dtype.clone(),
            c.count.to_string(),
            c.nulls.to_string(),
            c.unique.to_string(),
            num(c.mean),
            num(c.std),
            ext(&c.min),
            num(c.q25),
            num(c.median),
            num(c.q75),
            ext(&c.max),
        ]
    };
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    rows.extend(p.columns.iter().map(row));
    let format = match (&p.sheet, &p.table) {
        (Some(part), _) | (None, Some(part)) => format!(
            "{} {} {:?} (of {})",
            p.format,
            if p.sheet.is_some() { "sheet" } else { "table" },
            one_line(part),
            one_line(
                &if p.sheet.is_some() {
                    &p.sheets
                } else {
                    &p.tables
                }
                .join(", ")
            )
        ),
        (None, None) => p.format.clone(),
    };
    let mut out = format!(
        "{}  {}  {} x {}\n\n",
        one_line(&p.file),
        format,
        count(p.rows, "row"),
        count(p.columns.len(), "column")
    );
    // The name and type to the left, the numbers to the right.
    out.push_str(&aligned(&rows, |i| i >= 2));
    out
}
