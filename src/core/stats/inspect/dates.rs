//! Date columns: counts per period (day, month, year, chosen by the span), and days to civil dates.

use polars::prelude::*;

use super::column::*;

/// Calendar periods dates are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Year,
    Month,
    Day,
    Hour,
}

impl Period {
    pub fn name(self) -> &'static str {
        match self {
            Period::Year => "year",
            Period::Month => "month",
            Period::Day => "day",
            Period::Hour => "hour",
        }
    }
}

pub(super) const SECONDS_PER_DAY: i64 = 86_400;

/// Year, month (1..=12), day (1..=31) of a day count since 1970-01-01 (proleptic Gregorian).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Counts per period: years past three years of span, months past three months, days, or
/// hours for date-times spanning under three days.
pub(super) fn date_detail(col: &Column) -> Option<Detail> {
    // Seconds since the epoch (dates at midnight).
    let seconds: Vec<i64> = match col.dtype() {
        DataType::Date => {
            let days = col.to_physical_repr().cast(&DataType::Int64).ok()?;
            days.i64()
                .ok()?
                .iter()
                .flatten()
                .map(|d| d * SECONDS_PER_DAY)
                .collect()
        }
        DataType::Datetime(unit, _) => {
            let per_second = match unit {
                TimeUnit::Nanoseconds => 1_000_000_000,
                TimeUnit::Microseconds => 1_000_000,
                TimeUnit::Milliseconds => 1_000,
            };
            let raw = col.to_physical_repr().cast(&DataType::Int64).ok()?;
            raw.i64()
                .ok()?
                .iter()
                .flatten()
                .map(|t| t.div_euclid(per_second))
                .collect()
        }
        _ => return None,
    };
    let (&lo, &hi) = (seconds.iter().min()?, seconds.iter().max()?);
    let span_days = (hi - lo) / SECONDS_PER_DAY;
    let period = if span_days > 3 * 365 {
        Period::Year
    } else if span_days > 92 {
        Period::Month
    } else if span_days >= 3 || col.dtype() == &DataType::Date {
        Period::Day
    } else {
        Period::Hour
    };
    let key = |s: i64| -> i64 {
        let days = s.div_euclid(SECONDS_PER_DAY);
        match period {
            Period::Year => civil_from_days(days).0,
            Period::Month => {
                let (y, m, _) = civil_from_days(days);
                y * 12 + i64::from(m) - 1
            }
            Period::Day => days,
            Period::Hour => s.div_euclid(3_600),
        }
    };
    let label = |k: i64| -> String {
        match period {
            Period::Year => format!("{k}"),
            Period::Month => format!("{}-{:02}", k.div_euclid(12), k.rem_euclid(12) + 1),
            Period::Day => {
                let (y, m, d) = civil_from_days(k);
                format!("{y}-{m:02}-{d:02}")
            }
            Period::Hour => {
                let (y, m, d) = civil_from_days(k.div_euclid(24));
                format!("{y}-{m:02}-{d:02} {:02}h", k.rem_euclid(24))
            }
        }
    };
    let (first, last) = (key(lo), key(hi));
    let mut counts = vec![0usize; (last - first + 1) as usize];
    for &s in &seconds {
        counts[(key(s) - first) as usize] += 1;
    }
    Some(Detail::Dates {
        period,
        counts: counts
            .into_iter()
            .enumerate()
            .map(|(i, c)| (label(first + i as i64), c))
            .collect(),
    })
}
