//! What the fuzz targets share: the frame inputs are run against, and the loader over bytes.

use std::path::PathBuf;
use std::sync::OnceLock;

use lathe::core::data::source::{load_all, Input, LoadOptions};
use polars::prelude::DataFrame;

/// The bundled penguins sample: numbers, text, missing values, the columns recipes and
/// expressions in the seed corpus name.
pub fn penguins() -> &'static DataFrame {
    static FRAME: OnceLock<DataFrame> = OnceLock::new();
    FRAME.get_or_init(|| {
        load_all(&Input::Sample, &LoadOptions::default())
            .expect("the bundled sample loads")
            .frame
    })
}

/// Penguins without the rows holding a missing value, which every model in the seed
/// corpus can score.
pub fn complete_penguins() -> &'static DataFrame {
    static FRAME: OnceLock<DataFrame> = OnceLock::new();
    FRAME.get_or_init(|| penguins().drop_nulls::<String>(None).expect("drop_nulls"))
}

/// Write `bytes` to a file named with `ext` and read it through the loader the app and every
/// command use (sniffing, the streamed CSV reader, the memory-mapped columnar readers), then
/// profile what loaded: statistics, correlations and quality warnings on a frame nobody meant
/// to make. Either may fail with an error; neither may panic.
/// lathe turns a panic inside polars (its readers, its query engine) into an error
/// (`core::data::columnar`, `core::data::expr::collect`), so a caught panic is not a crash: libFuzzer's
/// hook aborts on every panic, caught or not, and is replaced by one that only prints. A panic
/// nothing catches still aborts (libfuzzer-sys catches it at the top and aborts).
pub fn caught_panics_are_not_crashes() {
    static HOOK: OnceLock<()> = OnceLock::new();
    HOOK.get_or_init(|| {
        std::panic::set_hook(Box::new(|info| eprintln!("panic (caught?): {info}")));
    });
}

pub fn load_bytes(bytes: &[u8], ext: &str) {
    caught_panics_are_not_crashes();
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("lathe-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("a scratch folder");
        d
    });
    let path = dir.join(format!("input.{ext}"));
    std::fs::write(&path, bytes).expect("the scratch file is written");
    if let Ok(loaded) = load_all(&Input::Path(path), &LoadOptions::default()) {
        let _ = lathe::core::stats::profile::profile_frame(
            &loaded.frame,
            "fuzz".into(),
            ext.into(),
            false,
        );
    }
}
