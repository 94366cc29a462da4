//! Predicting with a fitted model: values, classes with their probabilities where the model has
//! them, or clusters; `predict_until` checks the stop flag between row chunks.

use linfa::traits::Predict;
use ndarray::Array2;

use super::{never, spread, Fitted, Prediction, Stop};

impl Fitted {
    /// Predictions for the rows of `x`; `k` classes for classifiers.
    pub fn predict(&self, x: &Array2<f64>, k: usize) -> Prediction {
        self.predict_until(x, k, &never).expect("never stopped")
    }

    /// [`Fitted::predict`], asking `stop` where predicting is long work (k-NN compares each
    /// row with the training rows): `None` once it said stop.
    pub fn predict_until(&self, x: &Array2<f64>, k: usize, stop: Stop) -> Option<Prediction> {
        let n = x.nrows();
        Some(match self {
            Fitted::Mean(m) => Prediction::Values(vec![*m; n]),
            Fitted::Linear {
                coef, intercept, ..
            } => Prediction::Values(
                x.rows()
                    .into_iter()
                    .map(|r| r.iter().zip(coef).map(|(a, b)| a * b).sum::<f64>() + intercept)
                    .collect(),
            ),
            Fitted::Majority(c, shares) => Prediction::Classes {
                labels: vec![*c; n],
                proba: Some(vec![shares.clone(); n]),
            },
            Fitted::Logit(m) => {
                let proba = m.predict_proba(x, k);
                Prediction::Classes {
                    labels: m.predict(&proba),
                    proba: Some(proba),
                }
            }
            Fitted::Logistic(m) => {
                let p1 = m.predict_probabilities(x);
                let labels = m.predict(x).to_vec();
                // Probabilities of the larger class (the model's positive) spread over k.
                let pos = m.labels().pos.class;
                let neg = m.labels().neg.class;
                let proba = p1
                    .iter()
                    .map(|&p| {
                        let mut row = vec![0.0; k];
                        row[pos] = p;
                        row[neg] = 1.0 - p;
                        row
                    })
                    .collect();
                Prediction::Classes {
                    labels,
                    proba: Some(proba),
                }
            }
            Fitted::MultiLogistic(m) => {
                let probs = m.predict_probabilities(x);
                let labels = m.predict(x).to_vec();
                let proba = spread(
                    probs.rows().into_iter().map(|r| r.into_iter().copied()),
                    m.classes(),
                    k,
                );
                Prediction::Classes {
                    labels,
                    proba: Some(proba),
                }
            }
            Fitted::Tree(m) => Prediction::Classes {
                labels: m.predict(x),
                proba: Some(m.predict_proba(x)),
            },
            Fitted::Forest(m) => Prediction::Classes {
                labels: m.predict(x),
                proba: Some(m.predict_proba(x)),
            },
            Fitted::Knn {
                x: train,
                classes,
                values,
                k: nk,
            } => {
                let near = crate::core::model::neighbours::nearest_until(train, x, *nk, stop)?;
                match (classes, values) {
                    (Some((y, kc)), _) => {
                        let proba: Vec<Vec<f64>> = near
                            .iter()
                            .map(|ids| {
                                let mut p = vec![0.0; (*kc).max(k)];
                                for &i in ids {
                                    p[y[i]] += 1.0 / ids.len().max(1) as f64;
                                }
                                p
                            })
                            .collect();
                        // The most votes; ties to the lowest class (scikit-learn's argmax).
                        let labels = proba
                            .iter()
                            .map(|p| {
                                (0..p.len())
                                    .max_by(|&a, &b| p[a].total_cmp(&p[b]).then(b.cmp(&a)))
                                    .unwrap_or(0)
                            })
                            .collect();
                        Prediction::Classes {
                            labels,
                            proba: Some(proba),
                        }
                    }
                    (_, Some(y)) => Prediction::Values(
                        near.iter()
                            .map(|ids| {
                                ids.iter().map(|&i| y[i]).sum::<f64>() / ids.len().max(1) as f64
                            })
                            .collect(),
                    ),
                    _ => Prediction::Values(vec![f64::NAN; n]),
                }
            }
            Fitted::Bayes(m) => {
                let (labels, probs) = m.predict(x);
                let classes = m.classes();
                let proba = spread(probs.iter().map(|r| r.iter().copied()), &classes, k);
                Prediction::Classes {
                    labels,
                    proba: Some(proba),
                }
            }
            Fitted::LinearSvm(m) => Prediction::Classes {
                labels: m.predict(x),
                proba: None,
            },
            Fitted::Svm(machines) => {
                let labels = x
                    .rows()
                    .into_iter()
                    .map(|row| {
                        let scores: Vec<(usize, f64)> = machines
                            .iter()
                            .map(|(c, m)| (*c, m.weighted_sum(&row) - m.rho))
                            .collect();
                        if let [(c, d)] = scores[..] {
                            // Two classes: the machine of class 1 decides.
                            if d >= 0.0 {
                                c
                            } else {
                                1 - c.min(1)
                            }
                        } else {
                            scores
                                .iter()
                                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                                .map_or(0, |s| s.0)
                        }
                    })
                    .collect();
                Prediction::Classes {
                    labels,
                    proba: None,
                }
            }
            Fitted::Mixture(m) => Prediction::Clusters {
                labels: m.predict(x),
                centres: m.means.clone(),
            },
            Fitted::Gmm(m) => Prediction::Clusters {
                labels: m.predict(x).to_vec(),
                centres: m.means().rows().into_iter().map(|r| r.to_vec()).collect(),
            },
            Fitted::Labels(found) => {
                // Noise gets the label after the last cluster; centres are the clusters' means.
                let k = found.iter().flatten().max().map_or(0, |m| m + 1);
                let labels: Vec<usize> = found.iter().map(|l| l.unwrap_or(k)).collect();
                let mut centres = vec![vec![0.0; x.ncols()]; k];
                let mut counts = vec![0usize; k];
                for (row, &l) in x.rows().into_iter().zip(&labels) {
                    if l < k {
                        counts[l] += 1;
                        for (c, v) in centres[l].iter_mut().zip(row) {
                            *c += v;
                        }
                    }
                }
                for (c, n) in centres.iter_mut().zip(&counts) {
                    c.iter_mut().for_each(|v| *v /= (*n).max(1) as f64);
                }
                Prediction::Clusters { labels, centres }
            }
            Fitted::KMeans(m) => Prediction::Clusters {
                labels: m.predict(x),
                centres: m.centres.clone(),
            },
        })
    }
}
