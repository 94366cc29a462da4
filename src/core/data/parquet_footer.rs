//! Checking a Parquet footer before polars trusts it: a walk over Thrift's compact encoding that
//! checks the sizes it declares and decodes nothing.

use super::columnar::ReadSeek;

/// The footer walked once before polars' decoder sees it: polars sizes each list from its
/// header alone, so a list or binary field that declares more elements than the footer has
/// bytes left (every element takes one at least) would be an allocation of gigabytes.
pub(super) fn check_parquet_footer(
    r: &mut dyn ReadSeek,
    size: u64,
    budget: u64,
) -> std::result::Result<(), String> {
    use std::io::SeekFrom;
    // Magic, footer, footer length, magic.
    if size < 12 {
        return Err("it is too short to be a Parquet file".into());
    }
    let mut tail = [0u8; 8];
    r.seek(SeekFrom::Start(size - 8))
        .and_then(|_| r.read_exact(&mut tail))
        .map_err(|e| e.to_string())?;
    if &tail[4..] != b"PAR1" {
        return Err("it does not end with Parquet's marker".into());
    }
    let length = u64::from(u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]));
    if length > size - 12 || length > budget {
        return Err(format!(
            "its footer claims {length} bytes of a {size}-byte file"
        ));
    }
    let mut footer = vec![0u8; length as usize];
    r.seek(SeekFrom::Start(size - 8 - length))
        .and_then(|_| r.read_exact(&mut footer))
        .map_err(|e| e.to_string())?;
    let mut walk = Thrift {
        bytes: &footer,
        at: 0,
    };
    walk.value(12, 0)
        .map_err(|what| format!("a damaged footer at byte {} of it ({what})", walk.at))
}

/// A walk over Thrift's compact encoding that checks sizes and decodes nothing.
pub(super) struct Thrift<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Thrift<'_> {
    /// Thrift's own nesting limit.
    const DEPTH: usize = 64;

    fn byte(&mut self) -> std::result::Result<u8, &'static str> {
        let b = *self.bytes.get(self.at).ok_or("it ends early")?;
        self.at += 1;
        Ok(b)
    }

    fn varint(&mut self) -> std::result::Result<u64, &'static str> {
        let mut value = 0u64;
        for shift in (0..70).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("a number longer than ten bytes")
    }

    /// `count` elements of at least a byte each must fit in what is left.
    fn fits(&self, count: u64) -> std::result::Result<(), &'static str> {
        if count > (self.bytes.len() - self.at) as u64 {
            return Err("a list or text longer than the footer");
        }
        Ok(())
    }

    fn skip(&mut self, n: u64) -> std::result::Result<(), &'static str> {
        self.fits(n)?;
        self.at += n as usize;
        Ok(())
    }

    /// One value of compact type `kind`; inside a list a boolean takes a byte of its own.
    fn value(&mut self, kind: u8, depth: usize) -> std::result::Result<(), &'static str> {
        if depth > Self::DEPTH {
            return Err("nested too deep");
        }
        match kind {
            1..=3 => self.skip(u64::from(kind == 3)),
            4..=6 => self.varint().map(drop),
            7 => self.skip(8),
            8 => {
                let n = self.varint()?;
                self.skip(n)
            }
            9 | 10 => {
                let header = self.byte()?;
                let count = match header >> 4 {
                    15 => self.varint()?,
                    n => u64::from(n),
                };
                self.fits(count)?;
                let element = header & 0x0f;
                for _ in 0..count {
                    if matches!(element, 1 | 2) {
                        self.skip(1)?;
                    } else {
                        self.value(element, depth + 1)?;
                    }
                }
                Ok(())
            }
            11 => {
                let count = self.varint()?;
                if count == 0 {
                    return Ok(());
                }
                let types = self.byte()?;
                self.fits(count.saturating_mul(2))?;
                for _ in 0..count {
                    self.value(types >> 4, depth + 1)?;
                    self.value(types & 0x0f, depth + 1)?;
                }
                Ok(())
            }
            12 => loop {
                let header = self.byte()?;
                match header & 0x0f {
                    0 => return Ok(()),
                    field => {
                        if header >> 4 == 0 {
                            self.varint()?;
                        }
                        self.value(field, depth + 1)?;
                    }
                }
            },
            _ => Err("an unknown type"),
        }
    }
}
