//! The filter/derive expression language: parse, compile against penguins' schema, run as a
//! filter and as a derived value.
#![no_main]

use lathe::core::expr;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Ok(src) = std::str::from_utf8(bytes) else {
        return;
    };
    let frame = lathe_fuzz::penguins();
    if let Ok(ast) = expr::parse(src) {
        if let Ok(value) = expr::compile_value(&ast, frame.schema()) {
            use polars::prelude::IntoLazy;
            let _ = frame.clone().lazy().select([value]).collect();
        }
        let _ = expr::filter_rows(frame, src);
    }
});
