//! The machine's memory as Linux reports it, and byte counts as people read them. The loaders
//! budget a file against it; `model::fit_memory` checks a fit against it.

/// Memory the system can give a new allocation without swapping, as Linux reports it
/// (`MemAvailable`); `None` where that cannot be read, and then no fit is refused.
pub fn available() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    parse_meminfo(&text)
}

/// `6.8 GB`, `512 MB`: one decimal above a gigabyte.
pub fn bytes(b: u64) -> String {
    const GB: f64 = 1e9;
    const MB: f64 = 1e6;
    let b = b as f64;
    if b >= 1e15 {
        format!("{:.0} TB", b / 1e12)
    } else if b >= 1e12 {
        format!("{:.1} TB", b / 1e12)
    } else if b >= GB {
        format!("{:.1} GB", b / GB)
    } else {
        format!("{:.0} MB", (b / MB).max(1.0))
    }
}

fn parse_meminfo(text: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meminfo_is_read_in_kibibytes() {
        let text = "MemTotal:       24000000 kB\nMemFree:  100 kB\nMemAvailable:   3000000 kB\n";
        assert_eq!(parse_meminfo(text), Some(3_000_000 * 1024));
        assert_eq!(parse_meminfo("MemTotal: 1 kB\n"), None);
    }
}
