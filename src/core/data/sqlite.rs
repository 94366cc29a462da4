//! SQLite databases, read only: one table (or view), its rows read in chunks so the table shows
//! while the rest loads and Esc stops it. SQLite keeps a type per value, not per column, so each
//! column's type is what its values hold, found in one pass before the rows are read: whole
//! numbers are i64, with any real f64, with any text (or blob) text; a column declared BOOLEAN
//! holding only 0 and 1 is boolean, one declared DATE, DATETIME or TIMESTAMP whose texts are all
//! ISO dates or times is a date or a date-time.

use std::path::Path;

use polars::prelude::*;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use super::csv::cast_text;
use super::source::{Loaded, OnChunk, Progress, SourceInfo};
use crate::core::error::{Error, Result};

/// Rows read between two reports to the caller (who may stop the load).
const CHUNK_ROWS: usize = 65_536;

/// Where the database is: a file opened in place, or bytes read from a pipe or a compressed
/// file.
pub(super) enum Db<'a> {
    File(&'a Path),
    Bytes(Vec<u8>),
}

/// The tables and views of the SQLite database at `path`, in the order its schema lists them
/// (SQLite's own tables left out).
pub fn tables(path: &Path) -> Result<Vec<String>> {
    let name = path.display().to_string();
    let conn = open(&name, Db::File(path))?;
    list(&conn).map_err(|e| malformed(&name, e))
}

/// The tables of the file at `path` when it is an SQLite database (nothing for another file, or
/// a database that cannot be read: loading it says why).
pub fn tables_to_choose(path: &Path) -> Vec<String> {
    let mut head = [0u8; 16];
    let is_database = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok()
        && &head == b"SQLite format 3\0";
    if !is_database {
        return Vec::new();
    }
    tables(path).unwrap_or_default()
}

/// Read the table `wanted` (a name, or a number counting from 1; the only one when `None`) of
/// the database, noting its tables and the one read in `info`.
pub(super) fn read(
    mut info: SourceInfo,
    db: Db<'_>,
    wanted: Option<&str>,
    on_chunk: &mut OnChunk<'_>,
) -> Result<Loaded> {
    let file = info.name.clone();
    let conn = open(&file, db)?;
    let bad = |e: rusqlite::Error| malformed(&file, e);
    let tables = list(&conn).map_err(bad)?;
    let table = choose(&file, &tables, wanted)?;
    info.tables = tables;
    info.table = Some(table.clone());
    let quoted = quote(&table);
    // The names and declared types, then what the values hold, per column. The names are read
    // as values of the schema (rusqlite's statement panics on a name that is not UTF-8).
    let (names, declared) = columns(&conn, &table).map_err(|e| malformed(&file, e))?;
    if names.is_empty() {
        return Err(Error::Empty {
            file: format!("{file} (table {table:?})"),
        });
    }
    super::source::unique_names(&file, &names)?;
    let (rows, kinds) = survey(&conn, &quoted, &names, &declared).map_err(bad)?;
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM {quoted}"))
        .map_err(bad)?;
    let mut cursor = stmt.query([]).map_err(bad)?;
    let mut frame: Option<DataFrame> = None;
    let mut builders: Vec<Builder> = kinds.iter().map(|k| Builder::new(*k)).collect();
    let mut read = 0usize;
    let mut complete = true;
    loop {
        let row = cursor.next().map_err(bad)?;
        if let Some(row) = row {
            for (i, b) in builders.iter_mut().enumerate() {
                b.push(row.get_ref(i).map_err(bad)?);
            }
            read += 1;
        }
        let done = row.is_none();
        if (read > 0 && read.is_multiple_of(CHUNK_ROWS)) || done {
            let chunk = finish(&names, &mut builders, &kinds).map_err(|e| malformed(&file, e))?;
            let whole = match frame.take() {
                Some(mut f) => {
                    f.vstack_mut(&chunk).map_err(|e| malformed(&file, e))?;
                    f
                }
                None => chunk,
            };
            let progress = Progress {
                // The rows stand for the bytes: the database's pages are not read in order.
                bytes_read: read as u64,
                total_bytes: Some(rows.max(1) as u64),
                rows: read,
            };
            let go_on = on_chunk(&info, &whole, progress);
            frame = Some(whole);
            if done {
                break;
            }
            if !go_on {
                complete = false;
                break;
            }
        }
    }
    let mut frame = frame.unwrap_or_default();
    // A text column declared as a date or a time whose texts all parse becomes one.
    if complete {
        frame = dated(frame, &declared);
    }
    frame.rechunk_mut();
    Ok(Loaded {
        info,
        frame,
        complete,
    })
}

fn malformed(file: &str, e: impl std::fmt::Display) -> Error {
    Error::Malformed {
        file: file.to_string(),
        format: "SQLite",
        detail: e.to_string(),
    }
}

/// Open the database so that nothing is ever written: a file read only and as immutable (no
/// journal, lock or shared-memory file is made beside it), bytes as a read-only copy in memory.
fn open(file: &str, db: Db<'_>) -> Result<Connection> {
    let conn = match db {
        Db::File(path) => {
            let uri = format!("file:{}?immutable=1", uri_path(path));
            Connection::open_with_flags(
                uri,
                OpenFlags::SQLITE_OPEN_READ_ONLY
                    | OpenFlags::SQLITE_OPEN_URI
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| malformed(file, e))?
        }
        Db::Bytes(mut bytes) => {
            // A database in WAL mode says so in its header (bytes 18 and 19 are 2); read from
            // memory it has no log beside it, so it is read as the rollback kind it then is.
            if bytes.len() > 19 && bytes[18] == 2 && bytes[19] == 2 {
                bytes[18] = 1;
                bytes[19] = 1;
            }
            let mut conn = Connection::open_in_memory().map_err(|e| malformed(file, e))?;
            let len = bytes.len();
            conn.deserialize_read_exact(rusqlite::MAIN_DB, std::io::Cursor::new(bytes), len, true)
                .map_err(|e| malformed(file, e))?;
            conn
        }
    };
    // A damaged file is found out by the first query; this one reads the schema.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .map_err(|e| malformed(file, e))?;
    Ok(conn)
}

/// A path as a `file:` URI's path: the bytes a URI gives a meaning to, and any not ASCII, are
/// escaped (`%25`), so every file name opens as it is.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for &b in path.as_os_str().as_encoded_bytes() {
        match b {
            b'%' | b'?' | b'#' | 0x80.. => out.push_str(&format!("%{b:02X}")),
            _ => out.push(b as char),
        }
    }
    out
}

fn list(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') \
         AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
    )?;
    let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
    names.collect()
}

/// A table's (or view's) column names and declared types (upper case), in order; an error for
/// a name that is not UTF-8 text.
fn columns(
    conn: &Connection,
    table: &str,
) -> std::result::Result<(Vec<String>, Vec<String>), String> {
    let mut stmt = conn
        .prepare("SELECT name, type FROM pragma_table_info(?1) ORDER BY cid")
        .map_err(|e| e.to_string())?;
    let mut rows = stmt.query([table]).map_err(|e| e.to_string())?;
    let text = |v: ValueRef<'_>| match v {
        ValueRef::Text(t) => std::str::from_utf8(t).map(str::to_string).ok(),
        ValueRef::Null => Some(String::new()),
        _ => None,
    };
    let (mut names, mut declared) = (Vec::new(), Vec::new());
    while let Some(row) = rows.next().map_err(|e| e.to_string())? {
        let name = row.get_ref(0).ok().and_then(text);
        let decl = row.get_ref(1).ok().and_then(text);
        match (name, decl) {
            (Some(n), Some(t)) => {
                names.push(n);
                declared.push(t.to_ascii_uppercase());
            }
            _ => return Err(format!("a column of {table:?} is not named in UTF-8 text")),
        }
    }
    Ok((names, declared))
}

/// An identifier quoted for SQL (`"a ""b"""`).
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn choose(file: &str, tables: &[String], wanted: Option<&str>) -> Result<String> {
    match (wanted, tables) {
        (_, []) => Err(Error::Empty {
            file: format!("{file} (a database with no tables)"),
        }),
        (Some(w), _) => {
            super::source::named_part(tables, w, "--table", "table", file).map_err(Error::Option)
        }
        (None, [one]) => Ok(one.clone()),
        (None, _) => Err(Error::Choose {
            file: file.to_string(),
            message: format!(
                "holds {} tables: {}; choose one with --table NAME (or its number)",
                tables.len(),
                super::source::numbered(tables)
            ),
        }),
    }
}

/// What a column is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Bool,
    Float,
    Text,
}

/// The table's row count and each column's kind, from one pass over the rows in SQLite.
fn survey(
    conn: &Connection,
    table: &str,
    names: &[String],
    declared: &[String],
) -> rusqlite::Result<(usize, Vec<Kind>)> {
    let mut terms = vec!["count(*)".to_string()];
    for name in names {
        let c = quote(name);
        terms.push(format!("max(typeof({c}) IN ('text', 'blob'))"));
        terms.push(format!("max(typeof({c}) = 'real')"));
        terms.push(format!("max(typeof({c}) = 'integer')"));
        terms.push(format!("max({c} NOT IN (0, 1))"));
    }
    let sql = format!("SELECT {} FROM {table}", terms.join(", "));
    conn.query_row(&sql, [], |row| {
        let rows: i64 = row.get(0)?;
        let flag = |i: usize| -> rusqlite::Result<bool> {
            Ok(row.get::<_, Option<i64>>(i)?.unwrap_or(0) != 0)
        };
        let mut kinds = Vec::with_capacity(names.len());
        for (k, decl) in declared.iter().enumerate() {
            let at = 1 + 4 * k;
            let (text, real, int, not_bit) =
                (flag(at)?, flag(at + 1)?, flag(at + 2)?, flag(at + 3)?);
            kinds.push(if text {
                Kind::Text
            } else if real {
                Kind::Float
            } else if int && decl.contains("BOOL") && !not_bit {
                Kind::Bool
            } else if int {
                Kind::Int
            } else {
                // No values at all: the declared type's affinity says what they would be.
                affinity(decl)
            });
        }
        Ok((rows.max(0) as usize, kinds))
    })
}

/// SQLite's rules for a declared type's affinity, as a kind for a column with no values.
fn affinity(decl: &str) -> Kind {
    if decl.contains("INT") {
        Kind::Int
    } else if decl.contains("CHAR") || decl.contains("CLOB") || decl.contains("TEXT") {
        Kind::Text
    } else if decl.contains("REAL") || decl.contains("FLOA") || decl.contains("DOUB") {
        Kind::Float
    } else if decl.contains("BOOL") {
        Kind::Bool
    } else {
        Kind::Text
    }
}

/// One column's values of the current chunk.
enum Builder {
    Int(Vec<Option<i64>>),
    Bool(Vec<Option<bool>>),
    Float(Vec<Option<f64>>),
    Text(Vec<Option<String>>),
}

impl Builder {
    fn new(kind: Kind) -> Builder {
        match kind {
            Kind::Int => Builder::Int(Vec::new()),
            Kind::Bool => Builder::Bool(Vec::new()),
            Kind::Float => Builder::Float(Vec::new()),
            Kind::Text => Builder::Text(Vec::new()),
        }
    }

    fn push(&mut self, v: ValueRef<'_>) {
        match self {
            Builder::Int(out) => out.push(match v {
                ValueRef::Integer(i) => Some(i),
                _ => None,
            }),
            Builder::Bool(out) => out.push(match v {
                ValueRef::Integer(i) => Some(i != 0),
                _ => None,
            }),
            Builder::Float(out) => out.push(match v {
                ValueRef::Integer(i) => Some(i as f64),
                ValueRef::Real(x) => Some(x),
                _ => None,
            }),
            Builder::Text(out) => out.push(match v {
                ValueRef::Null => None,
                ValueRef::Integer(i) => Some(i.to_string()),
                ValueRef::Real(x) => Some(x.to_string()),
                ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
                // A blob that is not text is shown as its bytes in hex.
                ValueRef::Blob(b) => Some(match std::str::from_utf8(b) {
                    Ok(t) => t.to_string(),
                    Err(_) => b.iter().map(|x| format!("{x:02x}")).collect(),
                }),
            }),
        }
    }
}

/// The chunk's columns as a frame; the builders are emptied for the next chunk.
fn finish(names: &[String], builders: &mut [Builder], kinds: &[Kind]) -> PolarsResult<DataFrame> {
    let columns: Vec<Column> = names
        .iter()
        .zip(builders.iter_mut())
        .map(|(name, b)| {
            let name = PlSmallStr::from(name.as_str());
            match b {
                Builder::Int(v) => Column::new(name, std::mem::take(v)),
                Builder::Bool(v) => Column::new(name, std::mem::take(v)),
                Builder::Float(v) => Column::new(name, std::mem::take(v)),
                Builder::Text(v) => Column::new(name, std::mem::take(v)),
            }
        })
        .collect();
    debug_assert_eq!(columns.len(), kinds.len());
    DataFrame::new_infer_height(columns)
}

/// Text columns declared as dates or times, whose texts all parse, as dates or date-times.
fn dated(mut frame: DataFrame, declared: &[String]) -> DataFrame {
    let names: Vec<PlSmallStr> = frame.get_column_names().into_iter().cloned().collect();
    for (name, decl) in names.iter().zip(declared) {
        let Ok(col) = frame.column(name) else {
            continue;
        };
        if col.dtype() != &DataType::String || col.null_count() == col.len() {
            continue;
        }
        let target = if decl.contains("DATETIME") || decl.contains("TIMESTAMP") {
            DataType::Datetime(TimeUnit::Microseconds, None)
        } else if decl.contains("DATE") {
            DataType::Date
        } else {
            continue;
        };
        // A DATETIME column of plain dates is read as dates.
        let typed = cast_text(col, &target).or_else(|| {
            matches!(target, DataType::Datetime(..))
                .then(|| cast_text(col, &DataType::Date))
                .flatten()
        });
        if let Some(typed) = typed {
            let _ = frame.replace(name, typed);
        }
    }
    frame
}
