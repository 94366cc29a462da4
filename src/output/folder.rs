//! Output folders (`lathe run --out`, the app's report): files written atomically, never over a
//! file lathe did not write there, recorded in the folder's manifest.

use crate::core::data::sink::{write_frame, write_text};
use crate::core::{Error, Result};

/// The files `lathe run --out` wrote into a folder, so that a later run replaces those and
/// refuses to replace anything else.
const MANIFEST: &str = ".lathe-run";

/// Files written into an output folder: each atomically, never over a file lathe did not
/// write there, recorded in the folder's manifest.
pub struct OutDir {
    dir: std::path::PathBuf,
    ours: Vec<String>,
    written: Vec<String>,
}

impl OutDir {
    pub fn open(dir: &str) -> Result<OutDir> {
        let path = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&path).map_err(|e| Error::Write {
            file: dir.to_string(),
            message: format!("cannot create the folder: {e}"),
        })?;
        let ours = std::fs::read_to_string(path.join(MANIFEST))
            .map(|t| t.lines().map(str::to_string).collect())
            .unwrap_or_default();
        Ok(OutDir {
            dir: path,
            ours,
            written: Vec::new(),
        })
    }

    /// The path of `name` in the folder, if lathe may write it.
    pub fn path(&self, name: &str) -> Result<std::path::PathBuf> {
        let p = self.dir.join(name);
        if p.exists() && !self.ours.iter().any(|o| o == name) {
            return Err(Error::Write {
                file: p.display().to_string(),
                message: "exists and lathe did not write it; choose another --out folder".into(),
            });
        }
        Ok(p)
    }

    pub fn text(&mut self, name: &str, text: &str) -> Result<()> {
        write_text(&self.path(name)?, text)?;
        self.done(name)
    }

    /// A chart as `name.png` and `name.svg` (in a sub-folder if `name` has one).
    pub fn chart(&mut self, name: &str, chart: &crate::output::charts::Chart) -> Result<()> {
        for ext in ["png", "svg"] {
            let file = format!("{name}.{ext}");
            let p = self.path(&file)?;
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::Write {
                    file: parent.display().to_string(),
                    message: format!("cannot create the folder: {e}"),
                })?;
            }
            crate::output::charts::write(chart, &p)?;
            self.done(&file)?;
        }
        Ok(())
    }

    pub fn frame(&mut self, name: &str, frame: &polars::prelude::DataFrame) -> Result<()> {
        write_frame(frame, &self.path(name)?)?;
        self.done(name)
    }

    fn done(&mut self, name: &str) -> Result<()> {
        self.written.push(name.to_string());
        if !self.ours.iter().any(|o| o == name) {
            self.ours.push(name.to_string());
        }
        let list = self.ours.join("\n") + "\n";
        write_text(&self.dir.join(MANIFEST), &list)
    }

    /// What this run wrote, in order.
    pub fn written(&self) -> &[String] {
        &self.written
    }
}

/// The files [`write_report`] writes, by name in the folder.
pub fn report_files(doc: &crate::output::report::Document) -> Vec<String> {
    let mut names: Vec<String> = doc
        .charts
        .iter()
        .flat_map(|(name, _)| ["png", "svg"].map(|ext| format!("charts/{name}.{ext}")))
        .collect();
    names.extend(["report.md".to_string(), "report.html".to_string()]);
    names
}

/// The report's files in a folder: its charts (PNG and SVG), `report.md`, `report.html`.
pub fn write_report(dir: &mut OutDir, doc: &crate::output::report::Document) -> Result<()> {
    for (name, chart) in &doc.charts {
        dir.chart(&format!("charts/{name}"), chart)?;
    }
    dir.text("report.md", &doc.markdown)?;
    dir.text("report.html", &doc.html)
}
