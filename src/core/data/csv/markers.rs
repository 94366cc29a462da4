//! Missing-value markers: which of the user's markers a block of text holds, so polars is
//! asked to look only for those.

/// The markers that occur somewhere in `text`, in their order.
pub(super) fn markers_in<'m>(markers: &[&'m str], text: &[u8]) -> Vec<&'m str> {
    // A large block is searched in pieces on every core (each piece reaching into the next by
    // the longest marker, less a byte, so a marker across the cut is seen): searching a 870 MB
    // file marker by marker took half a second before polars parsed any of it.
    const PIECE: usize = 16 * 1024 * 1024;
    let longest = markers.iter().map(|m| m.len()).max().unwrap_or(0);
    let pieces = text.len().div_ceil(PIECE).max(1);
    let found: Vec<Vec<&'m str>> = crate::core::num::parallel::parallel_map(pieces, |i| {
        let start = i * PIECE;
        let end = (start + PIECE + longest.saturating_sub(1)).min(text.len());
        markers_in_piece(markers, &text[start.min(end)..end])
    });
    markers
        .iter()
        .copied()
        .filter(|m| found.iter().any(|f| f.contains(m)))
        .collect()
}

/// The markers `text` holds, in one multi-pattern scan (SIMD where the CPU has it) for the
/// leftmost occurrence of any marker not yet found; a found marker leaves the set and the scan
/// goes on from where it began (overlapping markers are each found).
pub(super) fn markers_in_piece<'m>(markers: &[&'m str], text: &[u8]) -> Vec<&'m str> {
    let mut left: Vec<&'m str> = markers.iter().copied().filter(|m| !m.is_empty()).collect();
    let mut found: Vec<&'m str> = Vec::new();
    let mut from = 0;
    while !left.is_empty() {
        let Ok(searcher) = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(&left)
        else {
            // Not for a few short markers; were it to happen, passing polars a marker the
            // text lacks costs only time.
            found.append(&mut left);
            break;
        };
        let Some(m) = searcher.find(&text[from..]) else {
            break;
        };
        found.push(left.remove(m.pattern().as_usize()));
        from += m.start();
    }
    found
}
