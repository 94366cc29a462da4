//! A clustering run: fitted and scored (inertia, silhouette on a seeded sample) on every row,
//! with the first two principal components kept for the chart.

use super::{check_memory, Run};
use super::{OutOfFold, Report, Scores, SILHOUETTE_ROWS};
use crate::core::model::encode::Encoder;
use crate::core::model::metrics::{inertia, silhouette};
use crate::core::model::models::{fit, Prediction, Target};
use crate::core::model::run_warnings::convergence;
use crate::core::model::ModelError;

/// Fit and score a clustering model on every row.
pub(super) fn cluster(run: Run) -> Result<Report, ModelError> {
    let n = run.n;
    let mut warnings = Vec::new();
    check_memory(&run.spec.model.name, &run.params, &run.table, 0)?;
    let rows: Vec<usize> = (0..n).collect();
    let enc = Encoder::fit(&run.table, &rows, run.standardise, run.spec.impute);
    let x = enc
        .transform_until(&run.table, &rows, run.stop)
        .ok_or(ModelError::Cancelled)?;
    let fitted = fit(
        &run.spec.model,
        &run.params,
        &x,
        Target::None,
        run.spec.seed,
        run.stop,
    )?;
    let fit_seconds = run.started.elapsed().as_secs_f64();
    let ended = fitted.convergence();
    warnings.extend(convergence(&run.spec.model.name, &run.params, &[ended]));
    let Prediction::Clusters { labels, centres } = fitted.predict(&x, 0) else {
        return Err(ModelError::Fit("k-means gave no clusters".into()));
    };
    let points: Vec<Vec<f64>> = x.rows().into_iter().map(|r| r.to_vec()).collect();
    // DBSCAN's noise rows carry the label after the last cluster: left out of the scores.
    let k = centres.len();
    let clustered: Vec<usize> = (0..n).filter(|&i| labels[i] < k).collect();
    let noise = n - clustered.len();
    let cp: Vec<Vec<f64>> = clustered.iter().map(|&i| points[i].clone()).collect();
    let cl: Vec<usize> = clustered.iter().map(|&i| labels[i]).collect();
    let mut metrics = Scores::new();
    metrics.insert("inertia".into(), inertia(&cp, &cl, &centres));
    if noise > 0 {
        warnings.push(format!(
            "{noise} rows are noise (in no cluster): left out of inertia and silhouette"
        ));
    }
    let m = cp.len();
    let sample = if m > SILHOUETTE_ROWS {
        warnings.push(format!(
            "silhouette computed on {SILHOUETTE_ROWS} rows sampled with seed {}",
            run.spec.seed
        ));
        crate::core::num::rng::sample_indices(m, SILHOUETTE_ROWS, run.spec.seed)
    } else {
        (0..m).collect()
    };
    let sp: Vec<Vec<f64>> = sample.iter().map(|&i| cp[i].clone()).collect();
    let sl: Vec<usize> = sample.iter().map(|&i| cl[i]).collect();
    if let Some(sil) = silhouette(&sp, &sl) {
        metrics.insert("silhouette".into(), sil);
    }
    warnings.push("clustering is fitted and scored on every row (no split)".into());
    let mut sizes = vec![0usize; k];
    for &l in &cl {
        sizes[l] += 1;
    }
    // The first two principal components, for the chart.
    let dirs: Vec<Vec<f64>> = crate::core::model::pca::components(&x, 2)
        .into_iter()
        .map(|(d, _)| d)
        .collect();
    let projected = crate::core::model::pca::project(&x, &dirs);
    let predictions = OutOfFold {
        rows: rows.clone(),
        truth: projected
            .iter()
            .map(|p| p.first().copied().unwrap_or(0.0))
            .collect(),
        predicted: projected
            .iter()
            .map(|p| p.get(1).copied().unwrap_or(0.0))
            .collect(),
        proba: Vec::new(),
        clusters: labels.clone(),
    };
    Ok(Report {
        task: run.setup.task,
        model: run.spec.model.name.clone(),
        evaluation: run.spec.evaluation,
        params: run.params,
        target: None,
        features: run.setup.features.clone(),
        excluded: run.setup.excluded.into_iter().collect(),
        imputed: enc.imputed(&run.table, run.spec.impute),
        metrics,
        baseline: Scores::new(),
        cv: None,
        coefficients: None,
        coefficients_class: None,
        class_coefficients: None,
        importances: None,
        classes: Some(
            sizes
                .iter()
                .enumerate()
                .map(|(i, &c)| format!("cluster {i}: {}", rows_text(c)))
                .chain((noise > 0).then(|| format!("noise: {}", rows_text(noise))))
                .collect(),
        ),
        confusion: None,
        rows_train: n,
        rows_test: 0,
        converged: ended.map(|c| c.converged),
        iterations: ended.map(|c| c.iterations),
        warnings,
        fit_seconds,
        predictions,
    })
}

/// `1 row`, `2,048 rows`.
fn rows_text(n: usize) -> String {
    match n {
        1 => "1 row".to_string(),
        n => format!("{} rows", crate::core::data::cells::group_thousands(n)),
    }
}
