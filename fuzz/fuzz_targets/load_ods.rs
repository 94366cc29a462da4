//! The loader on arbitrary bytes in a file named `.ods` (a spreadsheet, read through
//! calamine), then a profile of what loaded.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| lathe_fuzz::load_bytes(bytes, "ods"));
