"""Reference values for lathe's logistic regression (tests/logistic.rs).

Writes the train/test CSVs of three scikit-learn datasets (stratified 80/20 split, seed 0) and
logistic.json: scikit-learn's LogisticRegression(C=1/alpha) solved to a tight tolerance on the
features standardised with the training rows' mean and (ddof 0) standard deviation, as lathe
does. Multinomial intercepts are centred (softmax is unchanged by a shift).

    pip install scikit-learn pandas
    python3 tests/data/reference/make_logistic.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_digits, load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

here = os.path.dirname(os.path.abspath(__file__))
out = {"sklearn": sklearn.__version__, "datasets": {}}
for name, loader in [("digits", load_digits), ("wine", load_wine), ("breast_cancer", load_breast_cancer)]:
    frame = loader(as_frame=True).frame
    if name == "digits":
        frame = frame.astype(int)  # pixel intensities 0-16, written as integers
    y = frame["target"]
    train, test = train_test_split(frame, test_size=0.2, stratify=y, random_state=0)
    for part, rows in [("train", train), ("test", test)]:
        rows.to_csv(os.path.join(here, f"{name}_{part}.csv"), index=False)
    features = [c for c in frame.columns if c != "target"]
    scaler = StandardScaler().fit(train[features])
    xt, xs = scaler.transform(train[features]), scaler.transform(test[features])
    cases = {}
    for alpha in [1.0, 0.01]:
        tight = LogisticRegression(C=1 / alpha, tol=1e-12, max_iter=100000).fit(xt, train["target"])
        default = LogisticRegression(C=1 / alpha).fit(xt, train["target"])
        intercept = tight.intercept_
        if len(tight.classes_) > 2:
            intercept = intercept - intercept.mean()
        proba = tight.predict_proba(xs)
        cases[str(alpha)] = {
            "accuracy": accuracy_score(test["target"], tight.predict(xs)),
            "log_loss": log_loss(test["target"], proba),
            "coef": tight.coef_.tolist(),
            "intercept": intercept.tolist(),
            "default_accuracy": accuracy_score(test["target"], default.predict(xs)),
            "default_iterations": int(default.n_iter_[0]),
        }
    out["datasets"][name] = {"classes": len(tight.classes_), "features": features, "cases": cases}
with open(os.path.join(here, "logistic.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
