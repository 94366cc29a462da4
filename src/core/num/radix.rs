//! Sorting numbers in `f64::total_cmp` order by their bits (a least-significant-digit radix
//! sort), for the profile's long columns: at 10M rows a comparison sort of (value, row) pairs is
//! n log n comparisons with unpredictable branches, where six passes of 11-bit digits are linear,
//! and a digit that every value shares (the high bits of small integers, the low bits of short
//! decimals) costs no pass at all. The order is the same as `sort_unstable_by(f64::total_cmp)`:
//! values come out identical; rows of equal values come out in row order (the sort is stable).

/// Below this many values the comparison sort is as fast and needs no extra buffer.
const SMALL: usize = 4096;
const BITS: u32 = 11;
const BUCKETS: usize = 1 << BITS;
const MASK: u64 = (BUCKETS - 1) as u64;
/// Digits of 11 bits that cover 64.
const DIGITS: usize = 64usize.div_ceil(BITS as usize);

/// A key whose unsigned order is `f64::total_cmp`'s: negative numbers have all bits flipped,
/// the others only the sign bit.
pub fn key(v: f64) -> u64 {
    let b = v.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | 1 << 63
    }
}

/// The number a [`key`] was made from.
pub fn value(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

/// `(key, row)` pairs sorted by key, equal keys in row order.
pub fn sort_u64_with_rows(pairs: Vec<(u64, u32)>) -> Vec<(u64, u32)> {
    if pairs.len() < SMALL {
        let mut pairs = pairs;
        pairs.sort_by_key(|p| p.0);
        return pairs;
    }
    radix(pairs, |p| p.0)
}

/// `keys` sorted.
pub fn sort_u64(keys: &mut Vec<u64>) {
    if keys.len() < SMALL {
        keys.sort_unstable();
        return;
    }
    *keys = radix(std::mem::take(keys), |&k| k);
}

/// `values` sorted in `total_cmp` order.
pub fn sort(values: &mut Vec<f64>) {
    if values.len() < SMALL {
        values.sort_unstable_by(f64::total_cmp);
        return;
    }
    let keyed: Vec<u64> = values.iter().map(|&v| key(v)).collect();
    let sorted = radix(keyed, |&k| k);
    values.clear();
    values.extend(sorted.into_iter().map(value));
}

/// A stable LSD radix sort by `key_of`, 11 bits a pass; passes whose digit every item shares
/// are skipped (all digits are counted in one pass first).
fn radix<T: Copy + Default>(items: Vec<T>, key_of: impl Fn(&T) -> u64) -> Vec<T> {
    let n = items.len();
    let mut counts = vec![[0usize; BUCKETS]; DIGITS];
    for item in &items {
        let k = key_of(item);
        for (d, c) in counts.iter_mut().enumerate() {
            c[((k >> (d as u32 * BITS)) & MASK) as usize] += 1;
        }
    }
    let mut src = items;
    let mut dst = vec![T::default(); n];
    for (d, c) in counts.iter().enumerate() {
        if c.contains(&n) {
            continue;
        }
        let mut next = [0usize; BUCKETS];
        let mut sum = 0;
        for (slot, &count) in next.iter_mut().zip(c) {
            *slot = sum;
            sum += count;
        }
        let shift = d as u32 * BITS;
        for item in &src {
            let b = ((key_of(item) >> shift) & MASK) as usize;
            dst[next[b]] = *item;
            next[b] += 1;
        }
        std::mem::swap(&mut src, &mut dst);
    }
    src
}

#[cfg(test)]
mod tests {
    use super::*;

    fn awkward(n: usize) -> Vec<f64> {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        (0..n)
            .map(|i| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                match i % 13 {
                    0 => -0.0,
                    1 => 0.0,
                    2 => f64::INFINITY,
                    3 => f64::NEG_INFINITY,
                    4 => f64::MIN_POSITIVE / 4.0,
                    5 => -f64::MAX,
                    6 => (state % 50) as f64,
                    7 => -((state % 7) as f64),
                    _ => f64::from_bits(state) % 1e6,
                }
            })
            .filter(|v| !v.is_nan())
            .collect()
    }

    #[test]
    fn keys_keep_total_order_and_come_back() {
        let v = awkward(500);
        for a in &v {
            assert_eq!(value(key(*a)).to_bits(), a.to_bits());
            for b in v.iter().take(60) {
                assert_eq!(key(*a).cmp(&key(*b)), a.total_cmp(b), "{a} {b}");
            }
        }
    }

    #[test]
    fn sorts_as_the_comparison_sort_does() {
        for n in [0, 1, 5, SMALL - 1, SMALL, 50_000] {
            let v = awkward(n);
            let mut want = v.clone();
            want.sort_by(f64::total_cmp);
            let mut got = v.clone();
            sort(&mut got);
            let bits = |s: &[f64]| s.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&got), bits(&want), "n = {n}");

            let pairs: Vec<(f64, u32)> =
                v.iter().enumerate().map(|(r, &x)| (x, r as u32)).collect();
            let mut want = pairs.clone();
            want.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let keyed = pairs.iter().map(|&(x, r)| (key(x), r)).collect();
            let got: Vec<(f64, u32)> = sort_u64_with_rows(keyed)
                .into_iter()
                .map(|(k, r)| (value(k), r))
                .collect();
            let bits =
                |s: &[(f64, u32)]| s.iter().map(|p| (p.0.to_bits(), p.1)).collect::<Vec<_>>();
            assert_eq!(bits(&got), bits(&want), "n = {n}, with rows");
        }
    }

    #[test]
    fn shared_digits_are_skipped_and_still_sorted() {
        // Small integers share every high digit: most passes are skipped.
        let v: Vec<f64> = (0..20_000u32)
            .map(|i| f64::from((i * 7919) % 1000))
            .collect();
        let mut want = v.clone();
        want.sort_by(f64::total_cmp);
        let mut got = v;
        sort(&mut got);
        assert_eq!(got, want);
    }
}
