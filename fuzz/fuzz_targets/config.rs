//! The config file (TOML): themes, key bindings, defaults.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = lathe::app::config::parse(text, "fuzz.toml");
    }
});
