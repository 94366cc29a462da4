//! The loader on arbitrary bytes in a file named `.db` (an SQLite database when its first
//! bytes say so, read through rusqlite), then a profile of what loaded.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| lathe_fuzz::load_bytes(bytes, "db"));
