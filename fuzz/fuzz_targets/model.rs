//! The model file: read as `lathe predict` reads it (format, version, checksum, structure);
//! and, since a fuzzer cannot recompute the checksum, its `model` part (or the whole input)
//! through the structure check alone, then `predict` on penguins as a hand-edited file with a
//! recomputed checksum would reach it.
#![no_main]

use lathe::core::session::saved::{predict, SavedModel};

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let data = lathe_fuzz::complete_penguins();
    if let Ok(model) = SavedModel::from_json(text) {
        let _ = predict(&model, data);
    }
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(text) else {
        return;
    };
    if let Some(inner) = value.get_mut("model") {
        value = inner.take();
    }
    if let Ok(model) = serde_json::from_value::<SavedModel>(value) {
        if model.validate().is_ok() {
            let _ = predict(&model, data);
        }
    }
});
