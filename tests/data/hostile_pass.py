"""A hostile pass against the release binary (issue 13): 236 command lines built to break lathe
(infinite, NaN and +-1e308 cells on every model and evaluation path, hostile model parameters and
recipe steps, nesting and chain limits of the expression language, broken and disguised input
files, writes to a full disk, a 50,000-key config file). Every case must end with an exit code
lathe documents (0, 1, 2 usage, 3 drift), no panic text, no signal and no hang (90 s each, under a
12 GB address-space limit).

Run: python3 tests/data/hostile_pass.py target/release/lathe DIR
where DIR holds iris.csv, wine.csv, cancer.csv, digits.csv and diabetes.csv written from
scikit-learn's bundled datasets (`load_iris(as_frame=True).frame.to_csv(...)`). Not run by CI
(it needs scikit-learn and a release build); its findings become regression tests.
"""
# A hostile pass against the release binary: every case must end with an exit code lathe
# documents (0, 1, 2 usage, 3 drift), no panic text, no signal, within the time limit.
import json, os, subprocess, sys, random, shutil, resource
B = sys.argv[1]; D = sys.argv[2]; W = D + "/w"; shutil.rmtree(W, ignore_errors=True); os.makedirs(W)
random.seed(7)
cases = []
def case(name, args, stdin=None, want=None, stdout=None, timeout=90):
    cases.append((name, args, stdin, want, stdout, timeout))
def wr(name, text, mode="w"):
    p = f"{W}/{name}"; open(p, mode).write(text); return p

iris = open(f"{D}/iris.csv").read().splitlines()
hdr = iris[0]; rows = iris[1:]
def iris_with(cells, name):
    out = [hdr] + [r for r in rows]
    for (i, v) in cells:
        parts = out[i].split(","); parts[0] = v; out[i] = ",".join(parts)
    return wr(name, "\n".join(out) + "\n")
inf_train = iris_with([(5, "inf"), (77, "-inf")], "iris_inf.csv")
inf_test = iris_with([(3, "inf")], "iris_inf_test.csv")
nan_train = iris_with([(9, "NaN"), (10, "1e400")], "iris_nan.csv")
big = iris_with([(4, "1e308"), (6, "-1e308")], "iris_huge.csv")
classifiers = ["majority","logistic","decision_tree","random_forest","knn","linear_svm","naive_bayes"]
regressors = ["mean","linear","ridge","lasso","elastic_net","knn_regression"]
clusterers = ["kmeans","dbscan","gaussian_mixture"]
for data in [inf_train, nan_train, big]:
    for m in classifiers:
        case(f"train {m} {os.path.basename(data)}", ["train", data, "--target", "target", "--model", m, "--json"])
        case(f"train {m} cv {os.path.basename(data)}", ["train", data, "--target", "target", "--model", m, "--cv", "5"])
        case(f"train {m} test inf", ["train", f"{D}/iris.csv", "--target", "target", "--model", m, "--test", inf_test])
    for m in regressors:
        case(f"train {m} {os.path.basename(data)}", ["train", data, "--target", "petal width (cm)", "--model", m, "--json"])
    for m in clusterers:
        case(f"train {m} {os.path.basename(data)}", ["train", data, "--model", m, "--json"])
# hostile parameters
for m, p in [("kmeans","k=0"),("kmeans","k=-1"),("kmeans","k=100000"),("knn","k=100000"),("knn","k=0"),
             ("logistic","alpha=-1"),("logistic","alpha=nan"),("logistic","alpha=inf"),("logistic","max_iterations=0"),
             ("logistic","tol=-1"),("random_forest","n_trees=1000000000"),("decision_tree","max_depth=100000"),
             ("dbscan","eps=-1"),("dbscan","eps=nan"),("dbscan","min_samples=0"),("gaussian_mixture","k=1000"),
             ("linear_svm","c=0"),("linear_svm","c=-5"),("naive_bayes","var_smoothing=-1"),("ridge","alpha=1e308"),
             ("elastic_net","l1_ratio=2"),("kmeans","n_init=99999999"),("logistic","bogus=1"),("logistic","alpha=")]:
    target = [] if m in clusterers else ["--target", "target"]
    case(f"param {m} {p}", ["train", f"{D}/iris.csv", *target, "--model", m, "--param", p])
for s in ["0", "1", "1.5", "-0.2", "nan"]:
    case(f"split {s}", ["train", f"{D}/iris.csv", "--target", "target", "--model", "logistic", "--split", s])
for k in ["0", "1", "151", "100000"]:
    case(f"cv {k}", ["train", f"{D}/iris.csv", "--target", "target", "--model", "logistic", "--cv", k])
case("target missing", ["train", f"{D}/iris.csv", "--target", "nope", "--model", "logistic"])
case("features empty", ["train", f"{D}/iris.csv", "--target", "target", "--features", ""])
case("target as only feature", ["train", f"{D}/iris.csv", "--target", "target", "--features", "target"])
# recipes with hostile steps
def recipe(steps, name, src=f"{D}/iris.csv"):
    return wr(name, json.dumps({"version": 1, "source": {"path": src}, "steps": steps}))
col = "sepal length (cm)"
hostile_steps = [
    {"op":"clip_outliers","column":col,"method":"zscore","k":-3,"action":"clip"},
    {"op":"clip_outliers","column":col,"method":"zscore","k":0,"action":"drop"},
    {"op":"clip_outliers","column":col,"method":"iqr","k":1e308,"action":"null"},
    {"op":"clip_outliers","column":col,"method":"iqr","action":"clip","fitted":{"lower":5,"upper":1}},
    {"op":"bin","column":col,"method":"equal_width","bins":10**12},
    {"op":"bin","column":col,"method":"edges","edges":[]},
    {"op":"bin","column":col,"method":"edges","edges":[3,2,1]},
    {"op":"bin","column":col,"method":"quantile","bins":0},
    {"op":"one_hot","column":"target","max_levels":0},
    {"op":"sample","n":-1},{"op":"sample","fraction":7},{"op":"sample","fraction":-0.5},{"op":"sample","n":10**15},
    {"op":"fill_null","column":col,"strategy":"constant","value":"abc"},
    {"op":"cast","column":col,"to":"date","format":["%Y"*1000]},
    {"op":"cast","column":col,"to":"int"},
    {"op":"log_transform","column":col},
    {"op":"scale","columns":[],"method":"standard"},
    {"op":"replace","column":col,"mapping":{"5.1":None,"abc":1}},
    {"op":"derive","name":col,"expr":"1/0"},
    {"op":"derive","name":"z","expr":"`"+col+"` / 0"},
    {"op":"filter","expr":"(" * 5000 + "1" + ")" * 5000},
    {"op":"filter","expr":" or ".join(f"target == {i}" for i in range(20000))},
    {"op":"derive","name":"w","expr":" + ".join(["`"+col+"`"]*8000)},
    {"op":"filter","expr":"not " * 6000 + "true"},
    {"op":"filter","expr":"is_null(" * 3000 + "target" + ")" * 3000},
    {"op":"filter","expr":"\"unterminated"},
    {"op":"filter","expr":"target == 1e400"},
    {"op":"rename","columns":{col:"target"}},
    {"op":"drop_columns","columns":["target","target"]},
    {"op":"dedupe","columns":[]},
    {"op":"parse_numbers","column":col},
    {"op":"normalize_text","column":col},
    {"op":"ordinal_encode","column":col},
    {"op":"unknown_op"},
    {"op":"drop_nulls","how":"sometimes"},
]
for i, st in enumerate(hostile_steps):
    r = recipe([st], f"r{i}.json")
    case(f"apply {st['op']} {i}", ["apply", r, "-o", f"{W}/out{i}.csv", "--force"])
inf_recipe = recipe([{"op":"clip_outliers","column":col,"method":"zscore","action":"clip"}], "rinf.json", inf_train)
case("clip zscore inf", ["apply", inf_recipe, "-o", f"{W}/oinf.csv"])
for bad in ["", "{", "[]", "42", "null", '{"version": 99, "steps": []}', '{"version":1}', "\ufeff" + json.dumps({"version":1,"source":{"path":f"{D}/iris.csv"},"steps":[]}), "[" * 10000 + "]" * 10000]:
    r = wr(f"bad{len(cases)}.json", bad)
    case(f"recipe {bad[:20]!r}", ["apply", r, "-o", f"{W}/x{len(cases)}.csv", "--force"])
    case(f"run {bad[:20]!r}", ["run", r])
# inputs
files = {
  "empty.csv": "", "bom.csv": "\ufeff", "header_only.csv": "a,b,c\n", "ragged.csv": "a,b\n1,2,3\n4\n",
  "dup.csv": "a,a\n1,2\n", "noname.csv": ",,\n1,2,3\n", "quote.csv": 'a,b\n1,"abc\n', "nul.csv": "a,b\n1,\x002\n",
  "bare.json": "42", "arr.json": "[]", "obj.json": "{}", "deep.json": "[" * 5000 + "]" * 5000,
  "mixed.ndjson": '{"a":1}\n{"a":"x"}\n{"a":[1,2]}\n{"b":{"c":1}}\n', "big_int.ndjson": '{"a":123456789012345678901234567890}\n',
  "fake.parquet": "a,b\n1,2\n", "fake.arrow": "x", "long_field.csv": "a,b\n" + "x" * 5_000_000 + ",1\n",
  "semi.csv": "a;b\n1,5;2,25\n3,5;4\n", "crlf.csv": "a,b\r\n1,2\r\n3,4\r\n", "ws.csv": "  \n \n",
}
for n, t in files.items():
    p = wr(n, t)
    case(f"profile {n}", ["profile", p, "--json"])
    case(f"profile text {n}", ["profile", p])
wide = wr("wide.csv", ",".join(f"c{i}" for i in range(5000)) + "\n" + "\n".join(",".join(str(random.random()) for _ in range(5000)) for _ in range(20)) + "\n")
case("profile wide", ["profile", wide, "--json"])
esc = wr("esc.csv", "\x1b[31mred\x1b]0;title\x07,b\n1,2\n")
case("profile escape", ["profile", esc], want="noesc")
p = f"{W}/garbage.bin"; open(p, "wb").write(bytes(random.getrandbits(8) for _ in range(200000)))
for ext in ["csv", "parquet", "json", "ndjson", "arrow"]:
    q = f"{W}/garbage.{ext}"; shutil.copy(p, q); case(f"profile garbage.{ext}", ["profile", q, "--json"])
# writes to a full disk
case("profile > /dev/full", ["profile", f"{D}/cancer.csv", "--json"], stdout="/dev/full", want=1)
case("train > /dev/full", ["train", f"{D}/iris.csv", "--target", "target", "--model", "logistic", "--json"], stdout="/dev/full", want=1)
case("drift > /dev/full", ["drift", f"{D}/iris.csv", f"{D}/iris.csv", "--json"], stdout="/dev/full", want=1)
case("config > /dev/full", ["config", "--print-default"], stdout="/dev/full", want=1)
# config
cfg = wr("cfg.toml", "\n".join(f"unknown_{i} = {i}" for i in range(50000)))
case("config 50k unknown", ["config", "--check"])
# drift
case("drift inf", ["drift", f"{D}/iris.csv", inf_train])
case("drift empty", ["drift", f"{D}/iris.csv", f"{W}/header_only.csv"])
case("drift threshold nan", ["drift", f"{D}/iris.csv", f"{D}/iris.csv", "--threshold", "nan"])

bad = []
env = dict(os.environ, LATHE_CONFIG=cfg)
def limit():
    resource.setrlimit(resource.RLIMIT_AS, (12 << 30, 12 << 30))
for (name, args, stdin, want, stdout, timeout) in cases:
    out = open(stdout, "w") if stdout else subprocess.PIPE
    try:
        r = subprocess.run([B, *args], stdout=out, stderr=subprocess.PIPE, timeout=timeout, preexec_fn=limit, env=env if name.startswith("config") else None)
    except subprocess.TimeoutExpired:
        bad.append((name, "TIMEOUT", "")); continue
    err = r.stderr.decode(errors="replace")
    so = r.stdout.decode(errors="replace") if r.stdout else ""
    problem = None
    if r.returncode < 0 or r.returncode not in (0, 1, 2, 3): problem = f"exit {r.returncode}"
    elif "panicked" in err or "RUST_BACKTRACE" in err: problem = "panic"
    elif want == 1 and r.returncode != 1: problem = f"wanted exit 1, got {r.returncode}"
    elif want == "noesc" and "\x1b" in so: problem = "escape reached stdout"
    elif "NaN" in so and "train" in args[0]: problem = "NaN in output"
    if problem: bad.append((name, problem, err[-300:]))
    else:
        print(f"ok {r.returncode} {name}: {(err.strip().splitlines() or [''])[-1][:110]}")
print(f"\n{len(cases)} cases, {len(bad)} bad")
for b in bad: print("BAD", b)
