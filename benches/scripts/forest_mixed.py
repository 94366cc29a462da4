"""scikit-learn's side of the 100k-row mixed-file forest timing in BENCHMARKS.md.

The same rows and features as `lathe train FILE --target city --model random_forest --cv 5
--recipe drop_nulls.json`: rows with a missing cell dropped, nine numbers, `code` one-hot (400
levels), the date as days, the flag as 0/1 (`note`, free text, is left out, as lathe does);
100 trees, depth 12, sqrt(p) features per split, all cores, 5 stratified folds, fit + predict
timed (reading is not). Usage: python3 forest_mixed.py bench_data/mixed_100000.csv
"""
import sys, time
import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import StratifiedKFold

df = pd.read_csv(sys.argv[1]).dropna()
num = df[[f"i{j}" for j in range(5)] + [f"f{j}" for j in range(4)]].to_numpy(float)
day = (pd.to_datetime(df["day"]) - pd.Timestamp("1970-01-01")).dt.days.to_numpy(float)[:, None]
flag = df["flag"].astype(str).eq("True").to_numpy(float)[:, None]
code = pd.get_dummies(df["code"]).to_numpy(float)
X = np.hstack([num, code, day, flag])
y = df["city"].to_numpy()
start = time.perf_counter()
right = 0
for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(X, y):
    m = RandomForestClassifier(100, max_depth=12, max_features="sqrt", n_jobs=-1, random_state=0)
    m.fit(X[train], y[train])
    right += (m.predict(X[test]) == y[test]).sum()
print(f"rows {len(X)} features {X.shape[1]} seconds {time.perf_counter() - start:.1f} accuracy {right / len(X):.4f}")
