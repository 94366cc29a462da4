//! What a fitted model says about itself: coefficients (per class too), convergence of the
//! iterative fits, and feature importances.

use std::collections::BTreeMap;

use super::{Convergence, Fitted};

impl Fitted {
    /// Coefficients of linear models by feature name, with `(intercept)`.
    pub fn coefficients(&self, names: &[String]) -> Option<BTreeMap<String, f64>> {
        let (coef, intercept) = match self {
            Fitted::Linear {
                coef, intercept, ..
            } => (coef.clone(), *intercept),
            // Two classes: the coefficients of the larger class, as scikit-learn's `coef_`.
            Fitted::Logit(m) if m.coef.len() == 1 => (m.coef[0].clone(), m.intercept[0]),
            Fitted::Logistic(m) => (m.params().to_vec(), m.intercept()),
            // Two classes: the machine of the larger class, as scikit-learn's `coef_`.
            Fitted::LinearSvm(m) if m.machines.len() == 1 => {
                (m.machines[0].coef.clone(), m.machines[0].intercept)
            }
            _ => return None,
        };
        let mut out: BTreeMap<String, f64> = names.iter().cloned().zip(coef).collect();
        out.insert("(intercept)".into(), intercept);
        Some(out)
    }

    /// The coefficients of each class a linear classifier keeps a vector for, with the class
    /// index: one (the larger label, scikit-learn's `coef_` for two classes) or one per class
    /// (multinomial logistic regression, one-against-the-rest SVMs). `None` for other models.
    pub fn class_coefficients(
        &self,
        names: &[String],
    ) -> Option<Vec<(usize, BTreeMap<String, f64>)>> {
        let named = |coef: &[f64], intercept: f64| {
            let mut out: BTreeMap<String, f64> =
                names.iter().cloned().zip(coef.iter().copied()).collect();
            out.insert("(intercept)".into(), intercept);
            out
        };
        match self {
            Fitted::Logit(m) if m.coef.len() == 1 => {
                Some(vec![(m.classes[1], named(&m.coef[0], m.intercept[0]))])
            }
            Fitted::Logit(m) => Some(
                m.classes
                    .iter()
                    .zip(m.coef.iter().zip(&m.intercept))
                    .map(|(&c, (w, &b))| (c, named(w, b)))
                    .collect(),
            ),
            Fitted::LinearSvm(m) => Some(
                m.machines
                    .iter()
                    .map(|mc| (mc.class, named(&mc.coef, mc.intercept)))
                    .collect(),
            ),
            _ => None,
        }
    }

    /// How an iterative fit ended; `None` for models fitted in closed form or in one pass.
    pub fn convergence(&self) -> Option<Convergence> {
        let (iterations, converged) = match self {
            Fitted::Linear { convergence, .. } => return *convergence,
            Fitted::Logit(m) => (m.iterations, m.converged),
            Fitted::KMeans(m) => (m.iterations, m.converged),
            Fitted::Mixture(m) => (m.iterations, m.converged),
            Fitted::LinearSvm(m) => (m.iterations, m.converged),
            _ => return None,
        };
        Some(Convergence {
            iterations,
            converged,
        })
    }

    /// Feature importances of a tree, by feature name.
    pub fn importances(&self, names: &[String]) -> Option<BTreeMap<String, f64>> {
        match self {
            Fitted::Tree(m) => Some(
                names
                    .iter()
                    .cloned()
                    .zip(m.importances().iter().copied())
                    .collect(),
            ),
            Fitted::Forest(m) => Some(names.iter().cloned().zip(m.importances()).collect()),
            _ => None,
        }
    }
}
