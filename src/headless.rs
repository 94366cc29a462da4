//! Commands that run without the terminal UI (`lathe profile`): load, compute, print, exit code.

use std::io::Write;

use crate::cli::LoadArgs;
use crate::core::cells::format_stat;
use crate::core::profile::{profile_frame, ColumnSummary, Profile, StatValue};
use crate::core::source::{load_all, Input, LoadOptions};
use crate::core::Result;

/// Turn the shared CLI flags into loader options, rejecting bad values.
pub fn load_options(args: &LoadArgs) -> Result<LoadOptions> {
    let mut opts = LoadOptions {
        has_header: !args.no_header,
        ..LoadOptions::default()
    };
    if let Some(d) = &args.delimiter {
        opts.delimiter = Some(LoadOptions::parse_delimiter(d)?);
    }
    if let Some(list) = &args.null_values {
        opts.null_values = LoadOptions::parse_null_values(list);
    }
    Ok(opts)
}

/// Load `file` and summarise every column.
pub fn profile(file: &str, args: &LoadArgs) -> Result<Profile> {
    let opts = load_options(args)?;
    let loaded = load_all(&Input::from_arg(file), &opts)?;
    Ok(profile_frame(
        &loaded.frame,
        loaded.info.name.clone(),
        loaded.info.format_label().to_string(),
    ))
}

/// `lathe profile`: print the summary as JSON or as an aligned table.
pub fn run_profile(file: &str, args: &LoadArgs, json: bool, out: &mut dyn Write) -> Result<()> {
    let p = profile(file, args)?;
    let text = if json {
        serde_json::to_string_pretty(&p).expect("a profile always serialises") + "\n"
    } else {
        profile_table(&p)
    };
    // A closed pipe (`| head`) is not an error worth a message.
    let _ = out.write_all(text.as_bytes());
    Ok(())
}

/// The human-readable `profile` output.
pub fn profile_table(p: &Profile) -> String {
    let header = [
        "column", "dtype", "count", "nulls", "unique", "mean", "std", "min", "25%", "50%", "75%",
        "max",
    ];
    let num = |x: Option<f64>| x.map_or(String::new(), |v| format_stat(v, 6));
    let ext = |x: &Option<StatValue>| match x {
        Some(StatValue::Number(v)) => format_stat(*v, 6),
        Some(StatValue::Text(t)) => t.clone(),
        None => String::new(),
    };
    let row = |c: &ColumnSummary| -> Vec<String> {
        vec![
            c.name.clone(),
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
    let widths: Vec<usize> = (0..header.len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = format!(
        "{}  {}  {} rows x {} columns\n\n",
        p.file,
        p.format,
        p.rows,
        p.columns.len()
    );
    for r in &rows {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i < 2 {
                    format!("{c:<w$}", w = widths[i])
                } else {
                    format!("{c:>w$}", w = widths[i])
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}
