//! Parsing one record-aligned block with polars: the parse options, the first block (which
//! fixes the header and schema), stacking later blocks with widening, and line-precise errors
//! (ragged rows, unterminated quotes).

use std::io::Cursor;

use polars::prelude::*;

use super::markers::markers_in;
use super::records::{count_byte, ends_in_lone_quote, first_record, split_record};
use super::widen::{narrowest_cast, wider};
use super::CsvLoad;
use crate::core::error::{Error, Result};

impl CsvLoad<'_> {
    /// How polars reads `block`. Of the missing-value markers, only those that occur in the
    /// block are given: polars compares every field with every marker (a `memcmp` call for each
    /// marker of the field's length), which cost a tenth of a whole `lathe profile`, while one
    /// multi-pattern scan of the block finds which markers occur (one that does not occur
    /// anywhere in the text cannot be a field).
    pub(super) fn parse_options(&self, block: &[u8]) -> CsvParseOptions {
        let markers: Vec<&str> = self
            .opts
            .null_values
            .iter()
            .filter(|s| !s.is_empty())
            .map(String::as_str)
            .collect();
        let nulls: Vec<PlSmallStr> = markers_in(&markers, block)
            .into_iter()
            .map(PlSmallStr::from)
            .collect();
        CsvParseOptions::default()
            .with_separator(self.sep)
            .with_null_values((!nulls.is_empty()).then_some(NullValues::AllColumns(nulls)))
            .with_missing_is_null(self.opts.null_values.iter().any(|s| s.is_empty()))
            .with_try_parse_dates(true)
            .with_decimal_comma(self.opts.decimal_comma)
    }

    pub(super) fn parse_block(&mut self, block: &[u8]) -> Result<DataFrame> {
        // polars 0.55's parser slices a field that is a lone opening quote at the end of its
        // input as `1..0`, out of bounds (undefined behaviour in a release build): such a
        // block ends inside a quoted field, which is what it is said to be.
        if ends_in_lone_quote(block, self.sep) {
            let line = self.lines_before + count_byte(block, b'\n') as u64 + 1;
            return Err(Error::UnterminatedQuote {
                file: self.file(),
                line: line.saturating_sub(u64::from(block.ends_with(b"\n"))),
            });
        }
        let result = self.parse_valid_block(block);
        // polars rejects invalid UTF-8 itself; only then is it worth a pass to find the line.
        if result.is_err() {
            if let Err(e) = std::str::from_utf8(block) {
                let at = e.valid_up_to();
                return Err(Error::InvalidUtf8 {
                    file: self.file(),
                    line: self.lines_before + count_byte(&block[..at], b'\n') as u64 + 1,
                    byte: block[at],
                });
            }
        }
        result
    }

    pub(super) fn parse_valid_block(&mut self, block: &[u8]) -> Result<DataFrame> {
        let first = self.schema.is_none();
        let expected = if first {
            let header = self.header_fields(block)?;
            header.len()
        } else {
            self.schema.as_ref().map_or(0, |s| s.len())
        };
        // Diagnosing ragged rows costs a pass over the block, so it runs only when polars fails
        // (it does on a row with too many fields) to turn its message into a line number.
        let read = |schema: Option<SchemaRef>, has_header: bool| {
            CsvReadOptions::default()
                .with_has_header(has_header)
                .with_schema(schema)
                .with_parse_options(self.parse_options(block))
                .into_reader_with_file_handle(Cursor::new(block))
                .finish()
        };
        if first {
            let df = self
                .read_first_block(block)
                .map_err(|e| self.find_ragged(block, expected).unwrap_or(e))?;
            // A header and no rows is a schema: it loads as 0 rows with its columns (as pandas
            // and polars read it), so the user sees what the file would hold.
            self.schema = Some(df.schema().clone());
            return Ok(df);
        }
        let schema = self.schema.clone();
        match read(schema.clone(), false) {
            Ok(df) => Ok(df),
            Err(_) => {
                if let Some(err) = self.find_ragged(block, expected) {
                    return Err(err);
                }
                // A value that does not fit a type inferred from the first block: read this block
                // as text, then give each column the narrowest type that holds all of it.
                let schema = schema.expect("later blocks have a schema");
                let text: Schema = schema
                    .iter()
                    .map(|(n, _)| Field::new(n.clone(), DataType::String))
                    .collect();
                let df = read(Some(Arc::new(text)), false).map_err(|e| self.malformed(e))?;
                let cols: Vec<Column> = df
                    .columns()
                    .iter()
                    .zip(schema.iter())
                    .map(|(c, (_, dt))| narrowest_cast(c, dt))
                    .collect();
                DataFrame::new(df.height(), cols).map_err(|e| self.malformed(e))
            }
        }
    }

    /// Read the first block, inferring types from all of its rows (it is small). If polars'
    /// inference fails (say a column with dates in two formats), retry without date parsing, and
    /// last read everything as text and give each column the narrowest type that holds it.
    pub(super) fn read_first_block(&self, block: &[u8]) -> Result<DataFrame> {
        let read = |schema: Option<SchemaRef>, dates: bool| {
            CsvReadOptions::default()
                .with_has_header(self.opts.has_header)
                .with_infer_schema_length(Some(1000))
                .with_schema(schema)
                .with_parse_options(self.parse_options(block).with_try_parse_dates(dates))
                .into_reader_with_file_handle(Cursor::new(block))
                .finish()
        };
        if let Ok(df) = read(None, true).or_else(|_| read(None, false)) {
            return Ok(df);
        }
        let names = self.header_fields(block)?;
        let text: Schema = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let name = if self.opts.has_header {
                    n.clone()
                } else {
                    format!("column_{}", i + 1)
                };
                Field::new(name.into(), DataType::String)
            })
            .collect();
        let df = read(Some(Arc::new(text)), false).map_err(|e| self.malformed(e))?;
        let cols: Vec<Column> = df
            .columns()
            .iter()
            .map(|c| narrowest_cast(c, &DataType::Int64))
            .collect();
        DataFrame::new(df.height(), cols).map_err(|e| self.malformed(e))
    }

    /// Append `next` to `acc`, widening column types on either side where they differ.
    pub(super) fn stack(&mut self, acc: &mut DataFrame, next: DataFrame) -> Result<()> {
        let mut next = next;
        if acc.schema() != next.schema() {
            let mut widened: Vec<(usize, DataType)> = Vec::new();
            for (i, (a, b)) in acc.columns().iter().zip(next.columns()).enumerate() {
                if a.dtype() != b.dtype() {
                    widened.push((i, wider(a.dtype(), b.dtype())));
                }
            }
            let recast = |df: &DataFrame| -> PolarsResult<DataFrame> {
                let mut cols = df.columns().to_vec();
                for (i, dt) in &widened {
                    cols[*i] = cols[*i].cast(dt)?;
                }
                DataFrame::new(df.height(), cols)
            };
            *acc = recast(acc).map_err(|e| self.malformed(e))?;
            next = recast(&next).map_err(|e| self.malformed(e))?;
            self.schema = Some(acc.schema().clone());
        }
        acc.vstack_mut_owned(next).map_err(|e| self.malformed(e))?;
        Ok(())
    }

    /// Split the header line into names, rejecting duplicates. Without a header, count fields.
    pub(super) fn header_fields(&self, block: &[u8]) -> Result<Vec<String>> {
        let line = first_record(block);
        let fields = split_record(line, self.sep);
        if self.opts.has_header {
            crate::core::data::source::unique_names(&self.file(), &fields)?;
        }
        Ok(fields)
    }

    /// The first record with more fields than the header, as pandas reports it. Records with
    /// fewer fields are kept, the missing ones null.
    pub(super) fn find_ragged(&self, block: &[u8], expected: usize) -> Option<Error> {
        let mut line = self.lines_before + 1;
        let mut record_line = line;
        let mut fields = 1;
        let mut in_quote = false;
        let mut empty = true;
        for &b in block {
            if b == b'"' {
                in_quote = !in_quote;
                empty = false;
            } else if b == b'\n' {
                line += 1;
                if !in_quote {
                    if fields > expected && !empty {
                        return Some(Error::RaggedRow {
                            file: self.file(),
                            line: record_line,
                            expected,
                            found: fields,
                        });
                    }
                    fields = 1;
                    empty = true;
                    record_line = line;
                }
            } else if b == self.sep && !in_quote {
                fields += 1;
                empty = false;
            } else if b != b'\r' {
                empty = false;
            }
        }
        (fields > expected && !empty).then(|| Error::RaggedRow {
            file: self.file(),
            line: record_line,
            expected,
            found: fields,
        })
    }

    pub(super) fn unterminated_quote(&self, block: &[u8]) -> Error {
        let mut line = self.lines_before + 1;
        let mut open_line = line;
        let mut in_quote = false;
        for &b in block {
            if b == b'"' {
                in_quote = !in_quote;
                if in_quote {
                    open_line = line;
                }
            } else if b == b'\n' {
                line += 1;
            }
        }
        Error::UnterminatedQuote {
            file: self.file(),
            line: open_line,
        }
    }

    pub(super) fn malformed(&self, e: PolarsError) -> Error {
        Error::Malformed {
            file: self.file(),
            format: "CSV",
            detail: e.to_string(),
        }
    }
}
