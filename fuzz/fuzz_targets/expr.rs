//! The filter/derive expression language: parse, compile against penguins' schema, run as a
//! filter and as a derived value.
#![no_main]

use lathe::core::clean::{self, step::Step};
use lathe::core::data::expr;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    lathe_fuzz::caught_panics_are_not_crashes();
    let Ok(src) = std::str::from_utf8(bytes) else {
        return;
    };
    let frame = lathe_fuzz::penguins();
    if expr::parse(src).is_ok() {
        let derive = Step::Derive {
            name: "fuzzed".into(),
            expr: src.into(),
        };
        let _ = clean::apply_step(frame, &derive);
        let _ = expr::filter_rows(frame, src);
    }
});
