"""Reference values for lathe's Gaussian mixture (tests/train.rs, a_mixture_reaches_scikit_learns_fit).

Writes iris.csv (scikit-learn's bundled iris, the four measurements and the species) and prints
GaussianMixture(3, full covariances) on the standardised measurements, solved tightly (tol
1e-10): the mean log-likelihood per row (lower_bound_) and the component weights, sorted; and
at scikit-learn's defaults, the iterations for a few seeds.

    pip install scikit-learn pandas
    python3 tests/data/reference/make_mixture.py
"""
import os

import numpy as np
from sklearn.datasets import load_iris
from sklearn.mixture import GaussianMixture
from sklearn.preprocessing import StandardScaler

here = os.path.dirname(os.path.abspath(__file__))
iris = load_iris(as_frame=True)
frame = iris.frame.drop(columns="target")
frame["species"] = iris.target_names[iris.target]
frame.to_csv(os.path.join(here, "iris.csv"), index=False)
x = StandardScaler().fit_transform(iris.data)
tight = GaussianMixture(3, tol=1e-10, max_iter=10000, random_state=0).fit(x)
print("lower_bound", repr(float(tight.lower_bound_)))
print("weights", sorted(float(w) for w in tight.weights_))
print("iterations", [int(GaussianMixture(3, random_state=s).fit(x).n_iter_) for s in range(5)])
