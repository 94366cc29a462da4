//! Fit times on 1M rows x 10 numeric features: linear regression, binary and 10-class logistic
//! regression, a decision tree of depth 8 and k-means with k = 8, against scikit-learn on the
//! same data in the same run (python3 with scikit-learn and pandas; skipped without them).
//! Each fast fit is timed `REPEATS` times on both sides (medians); the logistic fits also
//! print their training accuracy and mean log loss on both sides, so a faster fit is seen to
//! reach the same optimum.
//!
//! Run: `cargo bench --bench train [-- ROWS]`. The data is generated once into
//! `bench_data/train_v2_{rows}.csv`. Record the figures in BENCHMARKS.md.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{data_dir, ms};
use lathe::core::model::models::{fit, never, ModelSpec, Target};
use lathe::core::num::rng::SplitMix;
use ndarray::Array2;

const FEATURES: usize = 10;

/// Standard normal draws (Box-Muller) from the seeded generator.
fn normal(rng: &mut SplitMix) -> f64 {
    let u1 = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let u2 = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    (-2.0 * u1.max(1e-300).ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// Classes of the multiclass target.
const CLASSES: usize = 10;

/// Timings per fast model (median taken); the tree and k-means are timed once.
const REPEATS: usize = 3;

/// Features, a regression target, a binary class and a 10-class target (the class whose noisy
/// linear score is highest).
fn generate(n: usize) -> (Array2<f64>, Vec<f64>, Vec<usize>, Vec<usize>) {
    let mut rng = SplitMix::new(7);
    let w: Vec<f64> = (0..FEATURES).map(|j| (j as f64 - 4.5) / 3.0).collect();
    let wm: Vec<Vec<f64>> = (0..CLASSES)
        .map(|k| {
            (0..FEATURES)
                .map(|j| (((k * 7 + j * 3) % 11) as f64 - 5.0) / 5.0)
                .collect()
        })
        .collect();
    let mut x = Array2::zeros((n, FEATURES));
    let mut y = Vec::with_capacity(n);
    let mut c = Vec::with_capacity(n);
    let mut m = Vec::with_capacity(n);
    for i in 0..n {
        let mut s = 0.0;
        for j in 0..FEATURES {
            let v = normal(&mut rng);
            x[[i, j]] = v;
            s += w[j] * v;
        }
        y.push(s + 0.5 * normal(&mut rng));
        c.push(usize::from(s + normal(&mut rng) > 0.0));
        let score = |k: usize, rng: &mut SplitMix| {
            (0..FEATURES).map(|j| wm[k][j] * x[[i, j]]).sum::<f64>() + normal(rng)
        };
        let mut best = (0, f64::NEG_INFINITY);
        for k in 0..CLASSES {
            let v = score(k, &mut rng);
            if v > best.1 {
                best = (k, v);
            }
        }
        m.push(best.0);
    }
    (x, y, c, m)
}

/// Training accuracy and mean log loss of class probabilities.
fn fit_quality(proba: &[Vec<f64>], truth: &[usize]) -> (f64, f64) {
    let mut right = 0;
    let mut loss = 0.0;
    for (p, &t) in proba.iter().zip(truth) {
        let best = (0..p.len())
            .max_by(|&a, &b| p[a].total_cmp(&p[b]).then(b.cmp(&a)))
            .unwrap_or(0);
        right += usize::from(best == t);
        loss -= p[t].clamp(1e-15, 1.0).ln();
    }
    let n = truth.len().max(1) as f64;
    (right as f64 / n, loss / n)
}

const SKLEARN: &str = r#"
import os, statistics, sys, time
import pandas as pd
only = os.environ.get("BENCH_ONLY", "")
def want(k): return not only or k in only.split(",")
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import log_loss
from sklearn.tree import DecisionTreeClassifier
from sklearn.cluster import KMeans
df = pd.read_csv(sys.argv[1]); repeats = int(sys.argv[2])
X = df[[f"x{j}" for j in range(10)]].to_numpy()
y = df["y"].to_numpy(); c = df["c"].to_numpy(); m = df["m"].to_numpy()
def t(f, times=repeats):
    spent = []
    for _ in range(times):
        s = time.perf_counter(); model = f(); spent.append(time.perf_counter() - s)
    return statistics.median(spent), model
def logistic(label, target):
    d, model = t(lambda: LogisticRegression(max_iter=100).fit(X, target))
    p = model.predict_proba(X)
    print(label, d, model.score(X, target), log_loss(target, p), int(model.n_iter_[0]))
if want("linear"): print("linear", t(lambda: LinearRegression().fit(X, y))[0])
if want("logistic"): logistic("logistic", c)
if want("logistic_10"): logistic("logistic_10", m)
from sklearn.neighbors import KNeighborsClassifier
if want("knn"):
    kt, kq = min(len(X) // 2, 100000), min(len(X) // 2, 100000) + min(len(X) // 10, 20000)
    d, knn = t(lambda: KNeighborsClassifier(5).fit(X[:kt], c[:kt]), 1)
    s = time.perf_counter(); kp = knn.predict(X[kt:kq]); d += time.perf_counter() - s
    print("knn", d, (kp == c[kt:kq]).mean())
if want("decision_tree"): print("decision_tree", t(lambda: DecisionTreeClassifier(max_depth=8, random_state=0).fit(X, c), 1)[0])
if want("kmeans"):
    d, km = t(lambda: KMeans(n_clusters=8, n_init=10, random_state=0).fit(X), 1)
    print("kmeans", d, km.inertia_ / len(X), km.n_iter_)
"#;

/// A model with the given parameters.
fn spec(name: &str, params: &[(&str, f64)]) -> ModelSpec {
    ModelSpec {
        name: name.into(),
        params: params
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect::<BTreeMap<_, _>>(),
    }
}

fn main() {
    let n = common::rows_arg(1_000_000);
    let (x, y, c, m) = generate(n);
    let path = data_dir().join(format!("train_v2_{n}.csv"));
    if !path.exists() {
        eprintln!("writing {}", path.display());
        let mut text = String::with_capacity(n * 200);
        let header: Vec<String> = (0..FEATURES).map(|j| format!("x{j}")).collect();
        let _ = writeln!(text, "{},y,c,m", header.join(","));
        for i in 0..n {
            for j in 0..FEATURES {
                let _ = write!(text, "{:?},", x[[i, j]]);
            }
            let _ = writeln!(text, "{:?},{},{}", y[i], c[i], m[i]);
        }
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }
    // The median of `times` timings of `f`.
    let time = |times: usize, f: &mut dyn FnMut()| {
        let mut spent: Vec<Duration> = (0..times)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect();
        spent.sort();
        spent[spent.len() / 2]
    };
    use lathe::core::model::features::Task;
    let mut ours: Vec<(&str, Duration)> = Vec::new();
    let mut quality: BTreeMap<&str, (f64, f64, usize)> = BTreeMap::new();
    let runs: [(&str, ModelSpec, Task, usize); 5] = [
        ("linear", spec("linear", &[]), Task::Regression, REPEATS),
        (
            "logistic",
            spec("logistic", &[("alpha", 1.0), ("max_iterations", 100.0)]),
            Task::Classification,
            REPEATS,
        ),
        (
            "logistic_10",
            spec("logistic", &[("alpha", 1.0), ("max_iterations", 100.0)]),
            Task::Classification,
            REPEATS,
        ),
        (
            "decision_tree",
            spec(
                "decision_tree",
                &[("max_depth", 8.0), ("min_samples_split", 2.0)],
            ),
            Task::Classification,
            1,
        ),
        (
            "kmeans",
            spec(
                "kmeans",
                &[("k", 8.0), ("max_iterations", 300.0), ("n_init", 10.0)],
            ),
            Task::Clustering,
            1,
        ),
    ];
    // `BENCH_ONLY=kmeans,knn cargo bench --bench train` times only those (both sides).
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let wanted = |label: &str| only.is_empty() || only.split(',').any(|w| w == label);
    for (label, s, task, times) in runs.iter().filter(|r| wanted(r.0)) {
        let params = s.validate(*task).unwrap();
        let classes: &[usize] = if *label == "logistic_10" { &m } else { &c };
        let k = if *label == "logistic_10" { CLASSES } else { 2 };
        let target = || match task {
            Task::Regression => Target::Values(&y),
            Task::Classification => Target::Classes(classes, k),
            Task::Clustering => Target::None,
        };
        let d = time(*times, &mut || {
            fit(s, &params, &x, target(), 42, &never).unwrap();
        });
        ours.push((label, d));
        if *label == "kmeans" {
            if let lathe::core::model::models::Fitted::KMeans(km) =
                fit(s, &params, &x, target(), 42, &never).unwrap()
            {
                eprintln!(
                    "kmeans: lathe inertia per row {:.6}, iterations of the kept run {}",
                    km.inertia / n as f64,
                    km.iterations
                );
            }
        }
        if label.starts_with("logistic") {
            let fitted = fit(s, &params, &x, target(), 42, &never).unwrap();
            if let lathe::core::model::models::Prediction::Classes { proba: Some(p), .. } =
                fitted.predict(&x, k)
            {
                let (acc, loss) = fit_quality(&p, classes);
                let iterations = fitted.convergence().map_or(0, |c| c.iterations);
                quality.insert(label, (acc, loss, iterations));
            }
        }
    }
    let sk = Command::new("python3")
        .args([
            "-c",
            SKLEARN,
            &path.display().to_string(),
            &REPEATS.to_string(),
        ])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    // Per model: time, then (logistic) accuracy, log loss and iterations.
    let theirs: BTreeMap<String, Vec<f64>> = sk
        .as_deref()
        .unwrap_or("")
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let k = words.next()?.to_string();
            let v: Option<Vec<f64>> = words.map(|w| w.parse().ok()).collect();
            Some((k, v?))
        })
        .collect();
    if theirs.is_empty() {
        eprintln!("scikit-learn not available: its column is left empty");
    }
    println!("| model ({n} rows x {FEATURES} features) | lathe | scikit-learn | lathe / sklearn |");
    println!("|---|---|---|---|");
    for (label, d) in ours {
        match theirs.get(label).and_then(|v| v.first()) {
            Some(t) => println!(
                "| {label} | {} | {} | {:.2} |",
                ms(d),
                ms(Duration::from_secs_f64(*t)),
                d.as_secs_f64() / t
            ),
            None => println!("| {label} | {} | | |", ms(d)),
        }
    }
    if let Some(v) = theirs.get("kmeans") {
        eprintln!(
            "kmeans: scikit-learn inertia per row {:.6}, iterations of the kept run {}",
            v.get(1).copied().unwrap_or(f64::NAN),
            v.get(2).copied().unwrap_or(f64::NAN)
        );
    }
    if wanted("knn") {
        knn_bench(n, &x, &c, &theirs);
    }
    print_quality(&quality, &theirs);
}

/// k-NN: fit on up to 100k rows and predict the next up to 20k (most of its time is the
/// search), against KNeighborsClassifier(5) doing the same.
fn knn_bench(n: usize, x: &Array2<f64>, c: &[usize], theirs: &BTreeMap<String, Vec<f64>>) {
    use lathe::core::model::features::Task;
    let (kt, kq) = (
        (n / 2).min(100_000),
        (n / 2).min(100_000) + (n / 10).min(20_000),
    );
    let knn = spec("knn", &[("k", 5.0)]);
    let knn_params = knn.validate(Task::Classification).unwrap();
    let train_x = Array2::from_shape_fn((kt, FEATURES), |(i, j)| x[[i, j]]);
    let query_x = Array2::from_shape_fn((kq - kt, FEATURES), |(i, j)| x[[kt + i, j]]);
    let start = Instant::now();
    let fitted = fit(
        &knn,
        &knn_params,
        &train_x,
        Target::Classes(&c[..kt], 2),
        42,
        &never,
    )
    .unwrap();
    let predicted = fitted.predict(&query_x, 2);
    let knn_time = start.elapsed();
    if let lathe::core::model::models::Prediction::Classes { labels, .. } = predicted {
        let right = labels
            .iter()
            .zip(&c[kt..kq])
            .filter(|(a, b)| a == b)
            .count();
        println!(
            "| knn ({kt} rows fitted, {} predicted) | {} | {} | {} |",
            kq - kt,
            ms(knn_time),
            theirs
                .get("knn")
                .map_or(String::new(), |v| ms(Duration::from_secs_f64(v[0]))),
            theirs.get("knn").map_or(String::new(), |v| format!(
                "{:.2} (accuracy {:.4} vs {:.4})",
                knn_time.as_secs_f64() / v[0],
                right as f64 / (kq - kt) as f64,
                v[1]
            ))
        );
    }
}

/// The logistic fits' optimum on both sides.
fn print_quality(quality: &BTreeMap<&str, (f64, f64, usize)>, theirs: &BTreeMap<String, Vec<f64>>) {
    if quality.is_empty() {
        return;
    }
    println!();
    println!("| fit | lathe accuracy | sklearn accuracy | lathe log loss | sklearn log loss | lathe iterations | sklearn iterations |");
    println!("|---|---|---|---|---|---|---|");
    for (&label, &(acc, loss, it)) in quality {
        let t = theirs.get(label).cloned().unwrap_or_default();
        let at = |i: usize| t.get(i).map_or(String::new(), |v| format!("{v:.6}"));
        println!(
            "| {label} | {acc:.6} | {} | {loss:.6} | {} | {it} | {} |",
            at(1),
            at(2),
            t.get(3).map_or(String::new(), |v| format!("{v}"))
        );
    }
}
