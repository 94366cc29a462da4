//! The recipe document: read, then replay on penguins (fitting each step), then replay the
//! fitted steps again as `lathe apply` does with a saved recipe.
#![no_main]

use lathe::core::{clean, session::recipe::Recipe};

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Ok(recipe) = Recipe::from_json(text, "fuzz.recipe.json") {
        if let Ok((_, fitted, _)) = clean::replay(lathe_fuzz::penguins(), &recipe.steps) {
            let _ = clean::replay(lathe_fuzz::penguins(), &fitted);
        }
    }
});
