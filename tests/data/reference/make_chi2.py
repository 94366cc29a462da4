"""Chi-square survival values for tests/hypothesis.rs (chi2_survival_holds_at_any_dof).

Prints (dof, x, scipy.stats.chi2.sf(x, dof)) at the mean, two standard deviations either side,
and a far tail, from 1 to 1e7 degrees of freedom, as Rust tuples to paste into the test.

    pip install scipy
    python3 tests/data/reference/make_chi2.py
"""
from scipy.stats import chi2

for k in [1, 2, 3, 5, 10, 30, 100, 1000, 10**4, 10**5, 10**6, 10**7]:
    sd = (2 * k) ** 0.5
    for x in [k / 2, max(k - 2 * sd, k / 4), k, k + 2 * sd, k + 6 * sd]:
        print(f"({k:.1f}, {float(x)!r}, {float(chi2.sf(x, k))!r}),")
