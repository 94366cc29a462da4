"""Reference values for lathe's linear SVM (tests/train.rs, linear_svm_matches_scikit_learn).

scikit-learn's LinearSVC(C=1) (squared hinge, L2, one-vs-rest, intercept_scaling=1: its
defaults) on standardised features (StandardScaler fitted on the training rows, as lathe does),
on the 80/20 splits make_logistic.py wrote: wine (3 classes) and breast cancer (2 classes).
Solved to a tight tolerance (tol=1e-10) so the coefficients are the optimum's; the accuracy is
also given for the default tol=1e-4.

    pip install scikit-learn pandas
    python3 tests/data/reference/make_svm.py
"""
import os

import pandas as pd
from sklearn.metrics import accuracy_score
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

here = os.path.dirname(os.path.abspath(__file__))
for name in ["wine", "breast_cancer"]:
    train = pd.read_csv(os.path.join(here, f"{name}_train.csv"))
    test = pd.read_csv(os.path.join(here, f"{name}_test.csv"))
    x, y = train.drop(columns="target").to_numpy(), train["target"]
    tx, ty = test.drop(columns="target").to_numpy(), test["target"]
    scaler = StandardScaler().fit(x)
    x, tx = scaler.transform(x), scaler.transform(tx)
    tight = LinearSVC(C=1.0, tol=1e-10, max_iter=1_000_000).fit(x, y)
    default = LinearSVC(C=1.0).fit(x, y)
    print(name)
    print("  accuracy tight", repr(float(accuracy_score(ty, tight.predict(tx)))))
    print("  accuracy default", repr(float(accuracy_score(ty, default.predict(tx)))))
    for row, b in zip(tight.coef_, tight.intercept_):
        print("  coef", [float(v) for v in row[:4]], "intercept", float(b))
