//! Checking a fitted model read from a file before predicting with it: every index in range,
//! every shape matching, every number finite, with the part at fault named.

use super::Fitted;
use crate::core::model::ModelError;

impl Fitted {
    /// Check a model read from a file against the `d` features (the encoder's output columns)
    /// and `k` classes (0 when not classifying) it will be asked about: every index in range,
    /// every shape matching, every number finite. These are what predicting relies on, so a
    /// file edited by hand (with its checksum recomputed) is refused with the part named
    /// instead of panicking.
    pub fn validate(&self, d: usize, k: usize) -> Result<(), ModelError> {
        let finite = |what: &str, values: &mut dyn Iterator<Item = f64>| {
            for v in values {
                if !v.is_finite() {
                    return Err(ModelError::Invalid(format!(
                        "{what} holds a number that is not finite"
                    )));
                }
            }
            Ok(())
        };
        let shape = |what: &str, got: usize, want: usize| {
            if got == want {
                Ok(())
            } else {
                Err(ModelError::Invalid(format!(
                    "{what} has {got} values for {want}"
                )))
            }
        };
        let class = |what: &str, c: usize| {
            if c < k {
                Ok(())
            } else {
                Err(ModelError::Invalid(format!("{what} is class {c} of {k}")))
            }
        };
        match self {
            Fitted::Mean(v) => finite("the mean", &mut std::iter::once(*v)),
            Fitted::Majority(c, shares) => {
                class("the majority", *c)?;
                shape("the class shares", shares.len(), k)?;
                finite("the class shares", &mut shares.iter().copied())
            }
            Fitted::Linear {
                coef, intercept, ..
            } => {
                shape("the coefficients", coef.len(), d)?;
                finite(
                    "the coefficients",
                    &mut coef.iter().chain([intercept]).copied(),
                )
            }
            Fitted::Logit(m) => {
                if m.classes.len() < 2 {
                    return Err(ModelError::Invalid(
                        "logistic regression has fewer than two classes".into(),
                    ));
                }
                for &c in &m.classes {
                    class("a logistic class", c)?;
                }
                let rows = if m.classes.len() == 2 {
                    1
                } else {
                    m.classes.len()
                };
                shape("the coefficient rows", m.coef.len(), rows)?;
                shape("the intercepts", m.intercept.len(), rows)?;
                for row in &m.coef {
                    shape("a coefficient row", row.len(), d)?;
                }
                finite(
                    "the coefficients",
                    &mut m.coef.iter().flatten().chain(&m.intercept).copied(),
                )
            }
            Fitted::Logistic(m) => {
                shape("the coefficients", m.params().len(), d)?;
                finite(
                    "the coefficients",
                    &mut m.params().iter().copied().chain([m.intercept()]),
                )
            }
            Fitted::MultiLogistic(m) => {
                shape("the coefficient rows", m.params().nrows(), d)?;
                for &c in m.classes() {
                    class("a logistic class", c)?;
                }
                finite("the coefficients", &mut m.params().iter().copied())
            }
            Fitted::Tree(m) => m
                .validate(d, k)
                .map_err(|e| ModelError::Invalid(format!("the tree: {e}"))),
            Fitted::Forest(m) => m
                .validate(d, k)
                .map_err(|e| ModelError::Invalid(format!("the forest: {e}"))),
            Fitted::Knn {
                x,
                classes,
                values,
                k: nk,
            } => {
                shape("each neighbour row", x.ncols(), d)?;
                if x.nrows() == 0 || *nk == 0 {
                    return Err(ModelError::Invalid(
                        "k-NN keeps no rows or looks for no neighbours".into(),
                    ));
                }
                finite("the neighbour rows", &mut x.iter().copied())?;
                match (classes, values) {
                    (Some((y, kc)), _) => {
                        shape("the neighbour classes", y.len(), x.nrows())?;
                        match y.iter().find(|&&c| c >= *kc) {
                            Some(c) => Err(ModelError::Invalid(format!(
                                "a neighbour is class {c} of {kc}"
                            ))),
                            None => Ok(()),
                        }
                    }
                    (None, Some(v)) => {
                        shape("the neighbour values", v.len(), x.nrows())?;
                        finite("the neighbour values", &mut v.iter().copied())
                    }
                    (None, None) => Err(ModelError::Invalid(
                        "k-NN keeps neither classes nor values".into(),
                    )),
                }
            }
            Fitted::Bayes(m) => m
                .validate(d, k)
                .map_err(|e| ModelError::Invalid(format!("naive Bayes: {e}"))),
            Fitted::KMeans(m) => {
                if m.centres.is_empty() {
                    return Err(ModelError::Invalid("k-means has no centres".into()));
                }
                for c in &m.centres {
                    shape("a k-means centre", c.len(), d)?;
                }
                finite("the centres", &mut m.centres.iter().flatten().copied())
            }
            Fitted::Mixture(m) => {
                let n = m.means.len();
                if n == 0 {
                    return Err(ModelError::Invalid("the mixture has no components".into()));
                }
                shape("the mixture weights", m.weights.len(), n)?;
                shape("the mixture covariances", m.cholesky.len(), n)?;
                for (mean, chol) in m.means.iter().zip(&m.cholesky) {
                    shape("a component mean", mean.len(), d)?;
                    shape("a component covariance", chol.len(), d * d)?;
                    if (0..d).any(|j| {
                        chol[j * d + j].partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater)
                    }) {
                        return Err(ModelError::Invalid(
                            "a component covariance is not positive definite".into(),
                        ));
                    }
                }
                finite(
                    "the mixture",
                    &mut m
                        .weights
                        .iter()
                        .chain(m.means.iter().flatten())
                        .chain(m.cholesky.iter().flatten())
                        .copied(),
                )
            }
            Fitted::Gmm(m) => {
                shape("each component mean", m.means().ncols(), d)?;
                if m.means().nrows() == 0 {
                    return Err(ModelError::Invalid("the mixture has no components".into()));
                }
                finite("the mixture means", &mut m.means().iter().copied())
            }
            Fitted::LinearSvm(m) => {
                m.validate(d)?;
                for machine in &m.machines {
                    class("a linear SVM machine", machine.class)?;
                }
                class("the linear SVM's other class", m.other)
            }
            Fitted::Svm(machines) => {
                if machines.is_empty() {
                    return Err(ModelError::Invalid("the linear SVM has no machines".into()));
                }
                for (c, _) in machines {
                    class("a linear SVM machine", *c)?;
                }
                Ok(())
            }
            Fitted::Labels(_) => Ok(()),
        }
    }
}
