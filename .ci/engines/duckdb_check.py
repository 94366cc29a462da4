"""Engine check (issue 16): a recipe's SQL from `lathe export --dialect duckdb`, run by DuckDB,
gives `lathe apply`'s output cell for cell.

    python3 .ci/engines/duckdb_check.py LATHE RECIPE DATA [FIT]

With FIT, the recipe's values are first fitted on FIT (so DATA may hold levels and values FIT
never had). RECIPE is replayed by `lathe apply --save-fitted` on DATA (a CSV), the fitted recipe exported as
DuckDB SQL, DATA loaded into the table `input` with the column types and missing spellings the
SQL's header names, and the query's rows compared with lathe's: same columns, row count and order;
types; numbers equal within 4 ulp, everything else exactly (an empty text is not a missing one:
lathe's output is read as Parquet).
"""

import math
import os
import re
import subprocess
import sys
import tempfile

import duckdb


def ulps(a, b):
    if a == b or (math.isnan(a) and math.isnan(b)):
        return 0
    return abs(a - b) / max(math.ulp(a), math.ulp(b))


def header_schema(sql):
    """The (name, type) lines and the missing spellings of the SQL's header comment."""
    columns, nulls = [], []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        m = re.match(r"^--   (.+?)\s{2,}(BIGINT|DOUBLE|BOOLEAN|VARCHAR|STRING|DATE|TIMESTAMP)$", line)
        if m:
            columns.append((m.group(1), m.group(2)))
        if line.startswith("-- Cells spelled"):
            nulls = re.findall(r'"((?:[^"\\]|\\.)*)"', line.split(" are missing")[0])
    return columns, nulls


def fitted_on(lathe, recipe, fit, tmp):
    """The recipe with its values fitted on FIT (written in tmp); the recipe itself without."""
    if fit is None:
        return recipe
    first = os.path.join(tmp, "fitted_first.json")
    subprocess.run(
        [lathe, "apply", recipe, "--data", fit, "-o", os.path.join(tmp, "fit.csv"),
         "--save-fitted", first, "-q"],
        check=True,
        capture_output=True,
    )
    return first


def main(lathe, recipe, data, fit=None):
    with tempfile.TemporaryDirectory() as tmp:
        recipe = fitted_on(lathe, recipe, fit, tmp)
        out = os.path.join(tmp, "out.parquet")
        fitted = os.path.join(tmp, "fitted.json")
        subprocess.run(
            [lathe, "apply", recipe, "--data", data, "-o", out, "--save-fitted", fitted, "-q"],
            check=True,
            capture_output=True,
        )
        sql = subprocess.run(
            [lathe, "export", fitted, "--data", data, "--dialect", "duckdb", "-q"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        columns, nulls = header_schema(sql)
        db = duckdb.connect()
        types = "{" + ", ".join(f"'{n}': '{t}'" for n, t in columns) + "}"
        spellings = "[" + ", ".join("'" + s.replace("'", "''") + "'" for s in nulls) + "]"
        db.execute(
            f"CREATE TABLE input AS SELECT * FROM read_csv('{data}', header = true, "
            f"columns = {types}, nullstr = {spellings})"
        )
        # (`execute` answers the connection: read each result before the next query.)
        result = db.execute(sql)
        names = [d[0] for d in result.description]
        got_types = [str(d[1]) for d in result.description]
        rows = result.fetchall()
        # lathe's output as Parquet: typed, and an empty text is not a missing one.
        expected = db.execute(f"SELECT * FROM read_parquet('{out}')")
        want_names = [d[0] for d in expected.description]
        want_types = [str(d[1]) for d in expected.description]
        want = expected.fetchall()
    problems = differences(names, got_types, rows, want_names, want_types, want)
    if not report(f"duckdb: {sys.argv[2]} on {data}", problems, rows, names):
        sys.exit(1)


def differences(names, types, rows, want_names, want_types, want):
    """What differs between an engine's answer and lathe's: columns, types (when both are
    given), row count, then each cell (numbers within 4 ulp, anything else exactly)."""
    problems = []
    if names != want_names:
        problems.append(f"columns {names} != lathe's {want_names}")
    elif types is not None and types != want_types:
        problems.append(f"types {types} != lathe's {want_types}")
    if len(rows) != len(want):
        problems.append(f"{len(rows)} rows != lathe's {len(want)}")
    for r, (got, exp) in enumerate(zip(rows, want)):
        for name, g, e in zip(names, got, exp):
            same = (
                ulps(g, e) <= 4
                if isinstance(g, float) and isinstance(e, float)
                else g == e and type(g) is type(e)
            )
            if not same:
                problems.append(f"row {r + 1} `{name}`: {g!r} != lathe's {e!r}")
    return problems


def report(label, problems, rows, names):
    """Print the outcome; False (after the first differences) when there are any."""
    if problems:
        print(f"{label}: {len(problems)} differences")
        for p in problems[:20]:
            print("  " + p)
        return False
    print(f"{label}: {len(rows)} rows x {len(names)} columns equal")
    return True

if __name__ == "__main__":
    main(*sys.argv[1:5])
