//! Data in and out: `source` opens a file (`sniff` tells what it is, with `csv` and `columnar` for the formats polars
//! does not check itself), `sink` writes one atomically, `paths` reads the paths typed at the
//! app's prompts (`~`, `$VAR`), `cells` turns a value into the text a person reads, `expr` is
//! the row-filter language and `view` the table's filters and sort over the loaded frame.

pub mod cells;
pub(crate) mod columnar;
pub(crate) mod csv;
mod excel;
pub mod expr;
mod json;
pub mod numbers;
mod ods_span;
mod parquet_footer;
pub mod paths;
pub mod sink;
mod sniff;
pub mod source;
pub mod sqlite;
pub mod view;
