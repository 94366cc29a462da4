//! Numeric primitives the other rooms share: `parallel` (the one map over the cores), `radix`
//! (numbers sorted by their bits), `compensated` (sums that keep their rounding error), `moments`
//! (mean, standard deviation and quantiles of a slice), `rng` (every seeded choice, and seeded
//! samples of rows) and `memory` (what the machine has free).

pub(crate) mod compensated;
pub mod memory;
pub mod moments;
pub(crate) mod parallel;
pub(crate) mod radix;
pub mod rng;
