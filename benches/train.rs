//! Fit times on 1M rows x 10 numeric features: linear regression, logistic regression, a
//! decision tree of depth 8 and k-means with k = 8, against scikit-learn on the same data in
//! the same run (python3 with scikit-learn and pandas; skipped without them).
//!
//! Run: `cargo bench --bench train [-- ROWS]`. The data is generated once into
//! `bench_data/train_{rows}.csv`. Record the figures in BENCHMARKS.md.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{data_dir, ms};
use lathe::core::models::{fit, ModelSpec, Target};
use lathe::core::rng::SplitMix;
use ndarray::Array2;

const FEATURES: usize = 10;

/// Standard normal draws (Box-Muller) from the seeded generator.
fn normal(rng: &mut SplitMix) -> f64 {
    let u1 = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let u2 = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    (-2.0 * u1.max(1e-300).ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// Features, a regression target and a binary class.
fn generate(n: usize) -> (Array2<f64>, Vec<f64>, Vec<usize>) {
    let mut rng = SplitMix::new(7);
    let w: Vec<f64> = (0..FEATURES).map(|j| (j as f64 - 4.5) / 3.0).collect();
    let mut x = Array2::zeros((n, FEATURES));
    let mut y = Vec::with_capacity(n);
    let mut c = Vec::with_capacity(n);
    for i in 0..n {
        let mut s = 0.0;
        for j in 0..FEATURES {
            let v = normal(&mut rng);
            x[[i, j]] = v;
            s += w[j] * v;
        }
        y.push(s + 0.5 * normal(&mut rng));
        c.push(usize::from(s + normal(&mut rng) > 0.0));
    }
    (x, y, c)
}

const SKLEARN: &str = r#"
import sys, time
import pandas as pd
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.tree import DecisionTreeClassifier
from sklearn.cluster import KMeans
df = pd.read_csv(sys.argv[1])
X = df[[f"x{j}" for j in range(10)]].to_numpy()
y = df["y"].to_numpy(); c = df["c"].to_numpy()
def t(f):
    s = time.perf_counter(); f(); return time.perf_counter() - s
print("linear", t(lambda: LinearRegression().fit(X, y)))
print("logistic", t(lambda: LogisticRegression(max_iter=100).fit(X, c)))
print("decision_tree", t(lambda: DecisionTreeClassifier(max_depth=8, random_state=0).fit(X, c)))
print("kmeans", t(lambda: KMeans(n_clusters=8, n_init=10, random_state=0).fit(X)))
"#;

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find(|a| a != "--bench")
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let (x, y, c) = generate(n);
    let path = data_dir().join(format!("train_{n}.csv"));
    if !path.exists() {
        eprintln!("writing {}", path.display());
        let mut text = String::with_capacity(n * 200);
        let header: Vec<String> = (0..FEATURES).map(|j| format!("x{j}")).collect();
        let _ = writeln!(text, "{},y,c", header.join(","));
        for i in 0..n {
            for j in 0..FEATURES {
                let _ = write!(text, "{:?},", x[[i, j]]);
            }
            let _ = writeln!(text, "{:?},{}", y[i], c[i]);
        }
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }
    let spec = |name: &str, params: &[(&str, f64)]| ModelSpec {
        name: name.into(),
        params: params
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect::<BTreeMap<_, _>>(),
    };
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        f();
        start.elapsed()
    };
    let mut ours: Vec<(&str, Duration)> = Vec::new();
    let runs: [(&str, ModelSpec, lathe::core::features::Task); 4] = [
        (
            "linear",
            spec("linear", &[]),
            lathe::core::features::Task::Regression,
        ),
        (
            "logistic",
            spec("logistic", &[("alpha", 1.0), ("max_iterations", 100.0)]),
            lathe::core::features::Task::Classification,
        ),
        (
            "decision_tree",
            spec(
                "decision_tree",
                &[("max_depth", 8.0), ("min_samples_split", 2.0)],
            ),
            lathe::core::features::Task::Classification,
        ),
        (
            "kmeans",
            spec(
                "kmeans",
                &[("k", 8.0), ("max_iterations", 300.0), ("n_init", 10.0)],
            ),
            lathe::core::features::Task::Clustering,
        ),
    ];
    for (label, s, task) in &runs {
        let params = s.validate(*task).unwrap();
        let d = time(&mut || {
            let target = match task {
                lathe::core::features::Task::Regression => Target::Values(&y),
                lathe::core::features::Task::Classification => Target::Classes(&c, 2),
                lathe::core::features::Task::Clustering => Target::None,
            };
            fit(s, &params, &x, target, 42).unwrap();
        });
        ours.push((label, d));
    }
    let sk = Command::new("python3")
        .args(["-c", SKLEARN, &path.display().to_string()])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    let theirs: BTreeMap<String, f64> = sk
        .as_deref()
        .unwrap_or("")
        .lines()
        .filter_map(|l| {
            let (k, v) = l.split_once(' ')?;
            Some((k.to_string(), v.trim().parse().ok()?))
        })
        .collect();
    if theirs.is_empty() {
        eprintln!("scikit-learn not available: its column is left empty");
    }
    println!("| model ({n} rows x {FEATURES} features) | lathe | scikit-learn | lathe / sklearn |");
    println!("|---|---|---|---|");
    for (label, d) in ours {
        match theirs.get(label) {
            Some(t) => println!(
                "| {label} | {} | {} | {:.2} |",
                ms(d),
                ms(Duration::from_secs_f64(*t)),
                d.as_secs_f64() / t
            ),
            None => println!("| {label} | {} | | |", ms(d)),
        }
    }
}
