"""Reference values for lathe's elastic net (tests/train.rs,
elastic_net_ridge_and_lasso_match_scikit_learn).

scikit-learn's ElasticNet (ridge as l1_ratio=0, lasso as 1) of body mass on the three bill and
flipper measurements of the bundled penguins sample, rows with a missing value dropped, each
feature standardised with its mean and (ddof 0) standard deviation: solved to tol=1e-12, and
with the default tol=1e-4 (whose answers and n_iter_ lathe's training must reproduce).

    pip install scikit-learn pandas
    python3 tests/data/reference/make_enet.py
"""
import warnings

import pandas as pd
from sklearn.linear_model import ElasticNet

warnings.simplefilter("ignore")  # l1_ratio=0 is allowed but warned about
cols = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm"]
frame = pd.read_csv("sample_data/penguins.csv")[cols + ["body_mass_g"]].dropna()
x = (frame[cols] - frame[cols].mean()) / frame[cols].std(ddof=0)
for alpha, l1_ratio in [(1.0, 0.0), (20.0, 1.0), (5.0, 0.5)]:
    m = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=1e-12, max_iter=100000)
    m.fit(x, frame["body_mass_g"])
    d = ElasticNet(alpha=alpha, l1_ratio=l1_ratio).fit(x, frame["body_mass_g"])
    coef = ", ".join(repr(float(c)) for c in m.coef_)
    default = ", ".join(repr(float(c)) for c in d.coef_)
    print(f"({alpha!r}, {l1_ratio!r}, [{coef}], {float(m.intercept_)!r}, [{default}], {d.n_iter_}),")
print("rows", len(frame))
