//! A sum carrying its rounding error (Neumaier's), shared by the column statistics and the
//! logistic loss: long sums of mixed magnitudes keep their last digits.

/// A running sum with its rounding error. The logistic loss is summed over many rows, and near
/// the optimum L-BFGS stops once a step lowers it by under 64 ε of its size, so the rounding
/// of a plain sum (growing with the rows) would stop it early along flat directions.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Compensated {
    sum: f64,
    error: f64,
}

impl Compensated {
    pub(crate) fn add(&mut self, v: f64) {
        let t = self.sum + v;
        self.error += if self.sum.abs() >= v.abs() {
            (self.sum - t) + v
        } else {
            (v - t) + self.sum
        };
        self.sum = t;
    }

    /// Add another compensated sum: its sum, then its error.
    pub(crate) fn merge(&mut self, other: Compensated) {
        self.add(other.sum);
        self.add(other.error);
    }

    pub(crate) fn total(self) -> f64 {
        self.sum + self.error
    }
}
