//! The most frequent values of a column: text counted by hashing (however many distinct),
//! other types by their physical values (counted or sorted into runs), numbers from the sorted
//! values; ties go to the smaller value.

use std::hash::BuildHasher;

use polars::prelude::*;

use super::{StatValue, TopValue, TOP_N};
use crate::core::data::cells::format_value;

/// Each distinct text with its count, in no particular order.
///
/// A column whose first values repeat a lot is counted in one table, which stays small. In
/// one of mostly distinct values (ids, notes), texts of up to 15 bytes are keyed by 16 bytes
/// holding the text itself, and the keys are first spread by their hash over partitions small
/// enough that each partition's table stays in cache: a million mostly distinct notes otherwise
/// miss the cache on every row. Longer texts are counted by their text.
pub(crate) fn value_counts(text: &StringChunked) -> Vec<(&str, usize)> {
    const PARTS: usize = 256;
    const SAMPLE: usize = 4096;
    let values: Vec<&str> = text.iter().flatten().collect();
    // Few distinct values (the usual category) fit in cache as they are.
    let sample: PlHashSet<&str> = values.iter().take(SAMPLE).copied().collect();
    if sample.len() * 8 < SAMPLE {
        let mut counts: PlHashMap<&str, usize> = PlHashMap::new();
        for v in &values {
            *counts.entry(*v).or_insert(0) += 1;
        }
        return counts.into_iter().collect();
    }
    let state = PlRandomState::default();
    let mut long: PlHashMap<&str, usize> = PlHashMap::new();
    let mut keyed: Vec<(u128, u32, u8)> = Vec::with_capacity(values.len());
    let mut sizes = [0usize; PARTS];
    for (row, v) in (0u32..).zip(&values) {
        let bytes = v.as_bytes();
        if bytes.len() < 16 {
            let mut key = [0u8; 16];
            key[..bytes.len()].copy_from_slice(bytes);
            key[15] = bytes.len() as u8;
            let key = u128::from_le_bytes(key);
            let part = (state.hash_one(key) >> 56) as u8;
            sizes[part as usize] += 1;
            keyed.push((key, row, part));
        } else {
            *long.entry(*v).or_insert(0) += 1;
        }
    }
    let mut next = [0usize; PARTS];
    let mut sum = 0;
    for (slot, &size) in next.iter_mut().zip(&sizes) {
        *slot = sum;
        sum += size;
    }
    let mut spread = vec![(0u128, 0u32); keyed.len()];
    for &(key, row, part) in &keyed {
        spread[next[part as usize]] = (key, row);
        next[part as usize] += 1;
    }
    drop(keyed);
    let mut counts: Vec<(&str, usize)> = long.into_iter().collect();
    let mut table: PlHashMap<u128, (u32, usize)> = PlHashMap::new();
    let mut start = 0;
    for size in sizes {
        table.clear();
        for &(key, row) in &spread[start..start + size] {
            table.entry(key).or_insert((row, 0)).1 += 1;
        }
        counts.extend(table.values().map(|&(row, n)| (values[row as usize], n)));
        start += size;
    }
    counts
}

/// The `TOP_N` most frequent texts, ties broken by the text.
pub(super) fn top_counted(all: &[(&str, usize)]) -> Vec<TopValue> {
    let order = |a: &(&str, usize), b: &(&str, usize)| b.1.cmp(&a.1).then(a.0.cmp(b.0));
    // Only the first few matter: one walk keeps the best TOP_N, sorted (the distinct values
    // are not copied; a column of ids has as many as rows).
    let mut best: Vec<(&str, usize)> = Vec::with_capacity(TOP_N + 1);
    for &v in all {
        if best.len() == TOP_N && order(&v, &best[TOP_N - 1]).is_ge() {
            continue;
        }
        let at = best.partition_point(|b| order(b, &v).is_lt());
        best.insert(at, v);
        best.truncate(TOP_N);
    }
    best.into_iter()
        .map(|(v, count)| TopValue {
            value: StatValue::Text(v.to_string()),
            count,
        })
        .collect()
}

/// Distinct count and top values of a non-text, non-numeric column (dates, booleans), counted
/// on its physical integers; `None` when it has none.
pub(super) fn top_physical(non_null: &Column) -> Option<(usize, Vec<TopValue>)> {
    let mut runs = physical_runs(non_null)?;
    let unique = runs.len();
    runs.sort_by_key(|r| std::cmp::Reverse(r.1));
    runs.truncate(TOP_N);
    let labels = physical_labels(non_null, &runs);
    let top = labels
        .into_iter()
        .zip(&runs)
        .map(|(label, &(_, count))| TopValue {
            value: StatValue::Text(label),
            count,
        })
        .collect();
    Some((unique, top))
}

/// The distinct physical integers of a column without nulls (dates, times, booleans), each
/// with its count, in ascending order; `None` if it has no integer representation.
pub(crate) fn physical_runs(non_null: &Column) -> Option<Vec<(i64, usize)>> {
    let physical = non_null.to_physical_repr().cast(&DataType::Int64).ok()?;
    let ints: Vec<i64> = physical.i64().ok()?.iter().flatten().collect();
    if ints.len() != non_null.len() {
        return None;
    }
    let (Some(&lo), Some(&hi)) = (ints.iter().min(), ints.iter().max()) else {
        return Some(Vec::new());
    };
    // Within a span of a few times the count (days of a decade, booleans, small codes) each
    // value is counted, with no sort.
    let span = hi.abs_diff(lo);
    if span <= (4 * ints.len() as u64).max(1 << 16) {
        let mut counts = vec![0usize; span as usize + 1];
        for &x in &ints {
            counts[x.abs_diff(lo) as usize] += 1;
        }
        return Some((lo..=hi).zip(counts).filter(|&(_, n)| n > 0).collect());
    }
    // Otherwise sorted as unsigned keys in the same order (the sign bit flipped).
    let mut keys: Vec<u64> = ints.iter().map(|&x| (x as u64) ^ (1 << 63)).collect();
    drop(ints);
    crate::core::num::radix::sort_u64(&mut keys);
    let mut runs: Vec<(i64, usize)> = Vec::new();
    for k in keys {
        let x = (k ^ (1 << 63)) as i64;
        match runs.last_mut() {
            Some((v, n)) if *v == x => *n += 1,
            _ => runs.push((x, 1)),
        }
    }
    Some(runs)
}

/// The values of `runs` as the column shows them (ISO dates, `true`), turned back from their
/// physical integers in one cast.
pub(crate) fn physical_labels(non_null: &Column, runs: &[(i64, usize)]) -> Vec<String> {
    let back = Series::new("v".into(), runs.iter().map(|r| r.0).collect::<Vec<_>>())
        .cast(&non_null.dtype().to_physical())
        .and_then(|s| s.cast(non_null.dtype()));
    runs.iter()
        .enumerate()
        .map(|(i, (x, _))| {
            back.as_ref()
                .ok()
                .and_then(|s| s.get(i).ok())
                .and_then(|v| format_value(&v))
                .unwrap_or_else(|| x.to_string())
        })
        .collect()
}

/// The `TOP_N` most frequent numbers of a sorted slice (runs of equal values), ties by value:
/// one walk over the runs keeps the best few, as a stable sort of all runs by count would
/// order them (a later run displaces a kept one only with a larger count).
pub(super) fn top_sorted(sorted: &[f64]) -> Vec<TopValue> {
    let mut best: Vec<(f64, usize)> = Vec::with_capacity(TOP_N + 1);
    let mut i = 0;
    while i < sorted.len() {
        let v = sorted[i];
        let mut end = i + 1;
        while end < sorted.len() && sorted[end] == v {
            end += 1;
        }
        let count = end - i;
        if best.len() < TOP_N || best[TOP_N - 1].1 < count {
            let at = best.partition_point(|b| b.1 >= count);
            best.insert(at, (v, count));
            best.truncate(TOP_N);
        }
        i = end;
    }
    best.into_iter()
        .map(|(v, count)| TopValue {
            value: StatValue::Number(v),
            count,
        })
        .collect()
}
