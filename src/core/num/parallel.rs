//! Work spread over the cores: scoped threads for the length of one call, results in index
//! order, so what a parallel step returns never depends on which thread ran what.

/// Up to one worker per core, each taking `(index, item)` from `take` until it gives none and
/// running `f` on it; results in index order. A worker's panic is the caller's panic (jobs catch
/// it and report it).
fn spread<T, R: Send>(
    n: usize,
    take: impl Fn() -> Option<(usize, T)> + Sync,
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |p| p.get())
        .min(n);
    let work = || {
        let mut done = Vec::new();
        while let Some((i, item)) = take() {
            done.push((i, f(item)));
        }
        done
    };
    let mut results: Vec<(usize, R)> = if threads <= 1 {
        work()
    } else {
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
            workers
                .into_iter()
                .flat_map(|w| match w.join() {
                    Ok(done) => done,
                    Err(payload) => std::panic::resume_unwind(payload),
                })
                .collect()
        })
    };
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// `f(0..n)` on up to one thread per core (work taken in index order), results in index order.
pub(crate) fn parallel_map<R: Send>(n: usize, f: impl Fn(usize) -> R + Sync) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let take = || {
        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        (i < n).then_some((i, i))
    };
    spread(n, take, f)
}

/// `f(row)` for rows `0..n`, `block` rows to a piece of work, on all cores; results in row
/// order (the block size changes only how the work is shared, never the answer).
pub(crate) fn parallel_rows<R: Send>(
    n: usize,
    block: usize,
    f: impl Fn(usize) -> R + Sync,
) -> Vec<R> {
    let block = block.max(1);
    parallel_map(n.div_ceil(block), |b| {
        (b * block..((b + 1) * block).min(n))
            .map(&f)
            .collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

/// `f(item)` for every item of `items` with mutable access, on up to one thread per core (items
/// taken in order), results in item order: for work that keeps per-block state between calls.
pub(crate) fn parallel_each_mut<T: Send, R: Send>(
    items: &mut [T],
    f: impl Fn(&mut T) -> R + Sync,
) -> Vec<R> {
    let n = items.len();
    let queue = std::sync::Mutex::new(items.iter_mut().enumerate());
    // A poisoned queue means another worker panicked; its join re-raises it.
    let take = || queue.lock().ok().and_then(|mut q| q.next());
    spread(n, take, f)
}
