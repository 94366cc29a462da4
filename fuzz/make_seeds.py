"""Regenerate the binary and model seeds in fuzz/corpus (the text seeds are written by hand).

    python3 fuzz/make_seeds.py target/release/lathe

Needs python-polars for the Parquet and Arrow seeds and openpyxl for the xlsx seed (the ods seed
is tests/data/small.ods, made by tests/data/make_ods.py; the SQLite seed is made with Python's
own sqlite3); the model seeds are saved by lathe
itself (`lathe run RECIPE --out DIR`), one per model kind, on the bundled penguins sample.
"""

import json
import os
import subprocess
import sys
import tempfile

import polars as pl

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(HERE, "corpus")


def columnar():
    penguins = pl.read_csv(os.path.join(ROOT, "sample_data", "penguins.csv"), null_values=["NA"])
    head = penguins.head(12)
    head.write_parquet(os.path.join(CORPUS, "load_parquet", "penguins_head.parquet"))
    head.write_ipc(os.path.join(CORPUS, "load_ipc", "penguins_head.arrow"))
    types = pl.DataFrame(
        {"d": [1.5, None, float("inf")], "s": ["a", None, "é"], "b": [True, False, None]}
    )
    types.write_parquet(os.path.join(CORPUS, "load_parquet", "types.parquet"), compression="uncompressed")
    types.write_ipc(os.path.join(CORPUS, "load_ipc", "types.arrow"), compression="uncompressed")


MODELS = [
    ("logistic", "species", {}),
    ("decision_tree", "species", {"max_depth": 3}),
    ("random_forest", "island", {"n_trees": 3, "max_depth": 3}),
    ("naive_bayes", "species", {}),
    # k-NN keeps its training rows: trained on a few, so the seed stays small.
    ("knn", "sex", {"k": 3}),
    ("linear_svm", "species", {}),
    ("linear", "body_mass_g", {}),
    ("kmeans", None, {}),
    ("gaussian_mixture", None, {"k": 2}),
]


def spreadsheets():
    import datetime
    import shutil

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "S"
    sheet.append(["a", "b", "c", "d"])
    sheet.append([1, 2.5, True, datetime.date(2024, 1, 2)])
    sheet.append(["x", None, False, datetime.date(2024, 1, 3)])
    sheet.merge_cells("A1:B1")
    book.save(os.path.join(CORPUS, "load_xlsx", "small.xlsx"))
    shutil.copy(
        os.path.join(ROOT, "tests", "data", "small.ods"),
        os.path.join(CORPUS, "load_ods", "small.ods"),
    )


def databases():
    import sqlite3

    path = os.path.join(CORPUS, "load_sqlite", "small.db")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    # The smallest pages keep the seed a few pages long.
    db.execute("PRAGMA page_size = 512")
    db.executescript(
        """
        CREATE TABLE t (i INTEGER, x REAL, s TEXT, b BOOLEAN, d DATE, m, blob BLOB);
        INSERT INTO t VALUES (1, 1.5, 'a', 1, '2024-01-02', 3, x'00ff'),
                             (2, NULL, NULL, 0, '2024-01-03', 'x', NULL),
                             (NULL, -2, 'é', 1, NULL, 2.5, 'text');
        """
    )
    db.commit()
    db.close()


def models(lathe):
    for name, target, params in MODELS:
        with tempfile.TemporaryDirectory() as tmp:
            recipe = {
                "version": 1,
                "source": {"path": os.path.join(ROOT, "sample_data", "penguins.csv")},
                "steps": [{"op": "drop_nulls"}]
                + ([{"op": "filter", "expr": "bill_length_mm < 36"}] if name == "knn" else []),
                "model": {
                    "model": {"name": name, "params": params},
                    "evaluation": {"holdout": {"train": 0.8}},
                    "seed": 1,
                },
            }
            if target is None:
                recipe["model"]["task"] = "clustering"
                recipe["model"]["features"] = ["bill_length_mm", "flipper_length_mm"]
            else:
                recipe["model"]["target"] = target
            path = os.path.join(tmp, "r.json")
            with open(path, "w") as f:
                json.dump(recipe, f)
            out = os.path.join(tmp, "out")
            subprocess.run([lathe, "run", path, "--out", out], check=True, capture_output=True)
            with open(os.path.join(out, "model.lathe.json")) as f:
                text = f.read()
            with open(os.path.join(CORPUS, "model", name + ".json"), "w") as f:
                f.write(text)


if __name__ == "__main__":
    columnar()
    spreadsheets()
    databases()
    if len(sys.argv) > 1:
        models(sys.argv[1])
