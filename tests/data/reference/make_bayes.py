"""Reference values for lathe's Gaussian naive Bayes (tests/train.rs,
naive_bayes_matches_scikit_learn).

scikit-learn's GaussianNB() (var_smoothing 1e-9) fitted on wine_train.csv and scoring
wine_test.csv (the 80/20 split make_logistic.py wrote), on the raw features as lathe's
naive_bayes uses them: accuracy and log loss on the test rows and the first three test rows'
probabilities.

    pip install scikit-learn pandas
    python3 tests/data/reference/make_bayes.py
"""
import os

import pandas as pd
from sklearn.metrics import accuracy_score, log_loss
from sklearn.naive_bayes import GaussianNB

here = os.path.dirname(os.path.abspath(__file__))
train = pd.read_csv(os.path.join(here, "wine_train.csv"))
test = pd.read_csv(os.path.join(here, "wine_test.csv"))
x, y = train.drop(columns="target"), train["target"]
tx, ty = test.drop(columns="target"), test["target"]
m = GaussianNB().fit(x.to_numpy(), y)
proba = m.predict_proba(tx.to_numpy())
print("accuracy", repr(float(accuracy_score(ty, m.predict(tx.to_numpy())))))
print("log_loss", repr(float(log_loss(ty, proba))))
print("proba", [[repr(float(v)) for v in row] for row in proba[:3]])
