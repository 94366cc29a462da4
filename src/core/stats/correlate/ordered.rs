//! A numeric column ordered once for every pair it is in: its values in row order, each row's
//! tie group and where each group starts among the sorted values (from which a pair's average
//! ranks follow without sorting again). Fixed-decimal columns are counted instead of sorted.

use polars::prelude::*;

use super::row_values;

/// A numeric column prepared once for the profile: its values in row order (NaN where missing),
/// each row's group of equal values (numbered in sorted order) and where each group starts among
/// the sorted present values, which give a row's average rank without another sort.
pub struct Ordered {
    pub(super) values: Vec<f64>,
    /// Each row's tie group (rows whose value is missing have `u32::MAX`).
    pub(super) group: Vec<u32>,
    /// Group `g` holds the sorted places `starts[g]..starts[g + 1]` (one more entry than
    /// groups: the last is the count of present values).
    pub(super) starts: Vec<u32>,
    /// The rows whose value is missing, in order.
    pub(super) missing: Vec<u32>,
}

/// Decimal columns (whole numbers, or numbers with a fixed count of decimals) whose scaled
/// integers span at most this many times their row count (and at most `MAX_COUNTED` values) are
/// ordered by counting each value instead of sorting.
pub(super) const COUNTED_SPREAD: f64 = 4.0;

pub(super) const MAX_COUNTED: f64 = 16_000_000.0;

/// The most decimals a column is read as fixed-point with.
pub(super) const MAX_DECIMALS: u32 = 6;

/// Scaled integers stay below this, where every integer is an `f64` and distinct integers
/// divided by the scale stay distinct numbers.
pub(super) const MAX_SCALED: f64 = (1u64 << 50) as f64;

/// A column whose present values are each the `f64` nearest `m / 10^k`, for integers `m` and
/// one `k` up to [`MAX_DECIMALS`]: what a CSV with a fixed number of decimals (or whole numbers)
/// gives. Ordering such a column by `m` is ordering it by value, and the `m` are few bits wide,
/// so they are counted, or radix sorted in a few passes instead of six.
pub(super) struct Decimal {
    /// `10^k`.
    pub(super) scale: f64,
    pub(super) lo: i64,
    pub(super) hi: i64,
    /// `-0.0` is `0.0` here (they are equal, one tie group); it sorts first among the zeros.
    pub(super) negative_zeros: usize,
}

/// The integer nearest `x` (halves away from zero), for `|x|` below `2^62`: a conversion
/// instruction, where `f64::round` is a library call on the baseline x86-64 target.
pub(super) fn nearest(x: f64) -> i64 {
    (x + 0.5f64.copysign(x)) as i64
}

impl Decimal {
    /// `None` when some value has more decimals or is infinite, or there are no present
    /// values.
    pub(super) fn of(values: &[f64]) -> Option<Decimal> {
        // The first values give the count of decimals; every value is then checked at it, one
        // more decimal at a time while some value needs it.
        let (mut k, mut scale) = (0, 1.0f64);
        for &v in values.iter().filter(|v| !v.is_nan()).take(1000) {
            if v.abs() >= MAX_SCALED {
                return None;
            }
            while nearest(v * scale) as f64 / scale != v {
                k += 1;
                if k > MAX_DECIMALS {
                    return None;
                }
                scale *= 10.0;
            }
        }
        loop {
            match Decimal::at(values, scale) {
                Ok(d) => return d,
                Err(()) if k < MAX_DECIMALS => {
                    k += 1;
                    scale *= 10.0;
                }
                Err(()) => return None,
            }
        }
    }

    /// The column at `scale`: `Err` when some value is not a whole number of `1 / scale`,
    /// `Ok(None)` when one is out of reach (infinite, huge) or no value is present.
    pub(super) fn at(values: &[f64], scale: f64) -> Result<Option<Decimal>, ()> {
        let (mut lo, mut hi) = (i64::MAX, i64::MIN);
        let mut negative_zeros = 0;
        for &v in values {
            if v.is_nan() {
                continue;
            }
            if v.abs() >= MAX_SCALED {
                return Ok(None);
            }
            let m = nearest(v * scale);
            // Whole numbers need no division to check.
            let back = if scale == 1.0 {
                m as f64
            } else {
                m as f64 / scale
            };
            if m.unsigned_abs() >= MAX_SCALED as u64 || back != v {
                return Err(());
            }
            negative_zeros += usize::from(v == 0.0 && v.is_sign_negative());
            lo = lo.min(m);
            hi = hi.max(m);
        }
        Ok((lo <= hi).then_some(Decimal {
            scale,
            lo,
            hi,
            negative_zeros,
        }))
    }

    /// The value's place above the smallest, as an integer.
    pub(super) fn key(&self, v: f64) -> u64 {
        (nearest(v * self.scale) - self.lo) as u64
    }

    /// The value at a [`Decimal::key`], the same number that was read.
    pub(super) fn value(&self, key: u64) -> f64 {
        (self.lo + key as i64) as f64 / self.scale
    }

    /// Sorted values as the integers give them, with the `-0.0`s put back in `total_cmp`
    /// order: first among the zeros.
    pub(super) fn restore_negative_zeros(&self, sorted: &mut [f64]) {
        let start = sorted.partition_point(|&v| v < 0.0);
        for v in &mut sorted[start..start + self.negative_zeros] {
            *v = -0.0;
        }
    }

    pub(super) fn spread(&self) -> f64 {
        (self.hi - self.lo) as f64 + 1.0
    }
}

impl Ordered {
    /// Order the column once; the sorted present values are returned for the statistics.
    pub fn new(col: &Column) -> (Ordered, Vec<f64>) {
        let values = row_values(col);
        match Decimal::of(&values) {
            Some(d)
                if d.spread() <= MAX_COUNTED
                    && d.spread() <= COUNTED_SPREAD * values.len() as f64 =>
            {
                Ordered::counted(values, &d)
            }
            Some(d) => {
                let (ordered, mut sorted) = Ordered::by_keys(values, |v| d.key(v), |k| d.value(k));
                d.restore_negative_zeros(&mut sorted);
                (ordered, sorted)
            }
            None => Ordered::by_keys(
                values,
                crate::core::num::radix::key,
                crate::core::num::radix::value,
            ),
        }
    }

    /// Order by sorting each present value's key (`key` orders as the values do, `value` turns
    /// it back).
    pub(super) fn by_keys(
        values: Vec<f64>,
        key: impl Fn(f64) -> u64,
        value: impl Fn(u64) -> f64,
    ) -> (Ordered, Vec<f64>) {
        let present: Vec<(u64, u32)> = values
            .iter()
            .zip(0u32..)
            .filter(|(v, _)| !v.is_nan())
            .map(|(&v, r)| (key(v), r))
            .collect();
        let sorted = crate::core::num::radix::sort_u64_with_rows(present);
        let mut group = vec![u32::MAX; values.len()];
        let mut starts = Vec::new();
        let mut sorted_values = Vec::with_capacity(sorted.len());
        for (place, &(k, r)) in sorted.iter().enumerate() {
            let v = value(k);
            // `-0.0` and `0.0` are one group, as `==` has it.
            if sorted_values.last() != Some(&v) {
                starts.push(place as u32);
            }
            sorted_values.push(v);
            group[r as usize] = starts.len() as u32 - 1;
        }
        starts.push(sorted.len() as u32);
        (Ordered::of(values, group, starts), sorted_values)
    }

    /// The prepared column from its row values, each row's group and the groups' starts.
    pub(super) fn of(values: Vec<f64>, group: Vec<u32>, starts: Vec<u32>) -> Ordered {
        Ordered {
            missing: missing_rows(&values),
            values,
            group,
            starts,
        }
    }

    /// A decimal column within a narrow range (counts, ages, codes, prices: the usual CSV
    /// column) is ordered by counting its scaled integers, with no sort.
    pub(super) fn counted(values: Vec<f64>, d: &Decimal) -> (Ordered, Vec<f64>) {
        let mut counts = vec![0u32; d.spread() as usize];
        for &v in &values {
            if !v.is_nan() {
                counts[d.key(v) as usize] += 1;
            }
        }
        // Each value that occurs is a group, numbered in order.
        let mut starts = Vec::new();
        let mut ids = vec![u32::MAX; counts.len()];
        let mut sorted = Vec::new();
        for (i, &c) in counts.iter().enumerate() {
            if c > 0 {
                ids[i] = starts.len() as u32;
                starts.push(sorted.len() as u32);
                sorted.extend(std::iter::repeat_n(d.value(i as u64), c as usize));
            }
        }
        starts.push(sorted.len() as u32);
        d.restore_negative_zeros(&mut sorted);
        let group = values
            .iter()
            .map(|&v| {
                if v.is_nan() {
                    u32::MAX
                } else {
                    ids[d.key(v) as usize]
                }
            })
            .collect();
        (Ordered::of(values, group, starts), sorted)
    }

    pub(super) fn groups(&self) -> usize {
        self.starts.len() - 1
    }

    /// Twice the average rank (an integer) of each group among the pair's rows, given how many
    /// of each group's rows the pair leaves out: group `g` holds places `starts[g]..starts[g+1]`
    /// less the rows left out before it and inside it, so twice its mean rank is
    /// `start + end + 1 - before - (before + lost[g])`.
    pub(super) fn pair_ranks(&self, lost: &[u32]) -> Vec<u32> {
        let mut before = 0;
        let mut twice = Vec::with_capacity(self.groups() + 1);
        for (g, &l) in lost.iter().enumerate() {
            let (start, end) = (self.starts[g], self.starts[g + 1]);
            twice.push(start + end + 1 - 2 * before - l);
            before += l;
        }
        // Read for missing rows (whose group is past every group) and never used.
        twice.push(0);
        twice
    }
}

/// The rows of `values` that are missing (NaN).
pub(super) fn missing_rows(values: &[f64]) -> Vec<u32> {
    (0u32..)
        .zip(values)
        .filter(|(_, v)| v.is_nan())
        .map(|(r, _)| r)
        .collect()
}
