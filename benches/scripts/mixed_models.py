"""scikit-learn's side of the 100k-row mixed-file leaderboard timings in BENCHMARKS.md.

The same rows and features as `lathe train FILE --target city --model M --cv 5 --recipe
drop_nulls.json`: rows with a missing cell dropped, nine numbers, `code` one-hot (400 levels),
the date as days, the flag as 0/1 (`note`, free text, is left out, as lathe does); 5 stratified
folds, fit + predict timed (reading is not). Models as lathe's defaults: random_forest (100
trees, depth 12, sqrt(p) features per split, all cores), knn (5 neighbours on features
standardised with the training fold's mean and standard deviation, as lathe does; scikit-learn
picks brute force at this width), decision_tree (depth 8), logistic (C=1, standardised),
naive_bayes (Gaussian, unscaled), linear_svm (LinearSVC: C=1, squared hinge, one-vs-rest,
standardised).
`cargo bench --bench leaderboard` runs it beside lathe for every model `A` trains.

Usage: python3 mixed_models.py bench_data/mixed_100000.csv MODEL
"""
import sys, time
import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.model_selection import StratifiedKFold
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
from sklearn.tree import DecisionTreeClassifier

MODELS = {
    "random_forest": lambda: RandomForestClassifier(
        100, max_depth=12, max_features="sqrt", n_jobs=-1, random_state=0
    ),
    "knn": lambda: make_pipeline(StandardScaler(), KNeighborsClassifier(5, n_jobs=-1)),
    "decision_tree": lambda: DecisionTreeClassifier(max_depth=8, random_state=0),
    "naive_bayes": lambda: GaussianNB(var_smoothing=1e-9),
    "logistic": lambda: make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000)),
    "linear_svm": lambda: make_pipeline(StandardScaler(), LinearSVC(C=1.0)),
}

df = pd.read_csv(sys.argv[1]).dropna()
model = sys.argv[2] if len(sys.argv) > 2 else "random_forest"
num = df[[f"i{j}" for j in range(5)] + [f"f{j}" for j in range(4)]].to_numpy(float)
day = (pd.to_datetime(df["day"]) - pd.Timestamp("1970-01-01")).dt.days.to_numpy(float)[:, None]
flag = df["flag"].astype(str).eq("True").to_numpy(float)[:, None]
code = pd.get_dummies(df["code"]).to_numpy(float)
X = np.hstack([num, code, day, flag])
y = df["city"].to_numpy()
start = time.perf_counter()
right = 0
for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(X, y):
    m = MODELS[model]()
    m.fit(X[train], y[train])
    right += (m.predict(X[test]) == y[test]).sum()
print(
    f"{model} rows {len(X)} features {X.shape[1]} seconds {time.perf_counter() - start:.1f}"
    f" accuracy {right / len(X):.4f}"
)
