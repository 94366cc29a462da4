"""Reference values for lathe's OLS (tests/train.rs, ols_with_every_level_is_the_shortest_solution).

scikit-learn's LinearRegression (the minimum-norm least-squares solution) of body mass on bill
length and every level of island and sex (collinear with the intercept), on the bundled
penguins sample without its rows with missing values in those columns.

    pip install scikit-learn pandas
    python3 tests/data/reference/make_ols.py
"""
import pandas as pd
from sklearn.linear_model import LinearRegression

frame = pd.read_csv("sample_data/penguins.csv")
frame = frame[["bill_length_mm", "island", "sex", "body_mass_g"]].dropna()
x = pd.get_dummies(frame[["bill_length_mm", "island", "sex"]], prefix_sep="=", dtype=float)
m = LinearRegression().fit(x, frame["body_mass_g"])
for name, c in zip(x.columns, m.coef_):
    print(f'("{name}", {float(c)!r}),')
print(f'("(intercept)", {float(m.intercept_)!r}),')
print("rows", len(frame))
