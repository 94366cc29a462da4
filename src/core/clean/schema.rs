//! The schema of every cleaning step, in menu order: its fields (name, kind, hint, what a new
//! form starts with) and choices, which map one to one onto the step's JSON fields. The app's
//! step forms are generated from it: a new step is a `Step` variant, its arm in `apply`, and
//! its entry here; nothing in `app/` or `ui/` (the vocabulary test ties the four together).
//! `texts` turns the fields' texts into a `Step` and back.

/// How a field is typed and turned into JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Column,
    /// Comma-separated column names.
    Columns,
    /// One of the options; Left/Right cycle.
    Choice(&'static [&'static str]),
    /// A whole number (left out when empty).
    Int,
    /// A number (left out when empty).
    Float,
    /// Text (left out when empty).
    Text,
    /// yes/no; Left/Right toggle.
    Flag,
    /// A number, true/false or text.
    Value,
    /// `from=to, other=null`.
    Mapping,
    /// One strftime format, or several separated by `;`.
    Formats,
    /// Comma-separated numbers.
    Numbers,
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub hint: &'static str,
    /// What a new form's field holds.
    pub start: Start,
}

/// What a new form's field starts with, given the column under the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// By kind: a column field the column, a choice its first option, a flag yes, else empty.
    ByKind,
    Empty,
    Text(&'static str),
    /// `column=column`, for a rename.
    SameName,
    /// One text for a numeric column, another for the rest.
    ByType {
        numeric: &'static str,
        other: &'static str,
    },
}

impl Field {
    /// The field's text in a new form, for the column under the cursor (empty when none).
    pub fn start_text(&self, column: &str, numeric: bool) -> String {
        match (self.start, self.kind) {
            (Start::Empty, _) => String::new(),
            (Start::Text(t), _) => t.to_string(),
            (Start::SameName, _) => format!("{column}={column}"),
            (Start::ByType { numeric: n, other }, _) => if numeric { n } else { other }.into(),
            (Start::ByKind, Kind::Column | Kind::Columns) => column.to_string(),
            (Start::ByKind, Kind::Choice(options)) => options[0].to_string(),
            (Start::ByKind, Kind::Flag) => "yes".into(),
            (Start::ByKind, _) => String::new(),
        }
    }

    /// The same field starting with `start`.
    const fn starts(self, start: Start) -> Field {
        Field { start, ..self }
    }
}

/// One entry of the clean menu.
#[derive(Debug, Clone, Copy)]
pub struct OpInfo {
    pub op: &'static str,
    pub doc: &'static str,
    pub fields: &'static [Field],
}

const fn f(name: &'static str, kind: Kind, hint: &'static str) -> Field {
    Field {
        name,
        kind,
        hint,
        start: Start::ByKind,
    }
}

const CAST_TO: &[&str] = &[
    "float", "int", "bool", "string", "category", "date", "datetime",
];

const ON_ERROR: &[&str] = &["null", "fail"];

const STRATEGY: &[&str] = &["median", "mean", "mode", "constant", "forward", "backward"];

const HOW: &[&str] = &["any", "all"];

const CASE: &[&str] = &["lower", "upper", "keep"];

const SCALE: &[&str] = &["standard", "min_max", "robust"];

const OUTLIER: &[&str] = &["iqr", "zscore"];

const ACTION: &[&str] = &["clip", "null", "drop"];

const BINS: &[&str] = &["equal_width", "quantile", "edges"];

const JOINS: &[&str] = &["left", "inner", "anti"];

/// What a single-column step's column field also takes.
const COLUMN_HINT: &str = "or a, b, or every numeric / every text";

/// Every step, in menu order.
pub const OPS: &[OpInfo] = &[
    OpInfo {
        op: "fill_null",
        doc: "Fill missing values: mean, median, mode, a constant...",
        fields: &[
            f("column", Kind::Column, COLUMN_HINT),
            f("strategy", Kind::Choice(STRATEGY), "←/→ choose").starts(Start::ByType {
                numeric: "median",
                other: "mode",
            }),
            f("value", Kind::Value, "for constant"),
        ],
    },
    OpInfo {
        op: "drop_nulls",
        doc: "Drop rows with missing values",
        fields: &[
            f("columns", Kind::Columns, "comma-separated; empty: all").starts(Start::Empty),
            f("how", Kind::Choice(HOW), "any or all of them missing"),
        ],
    },
    OpInfo {
        op: "cast",
        doc: "Change a column's type (int, float, bool, date, ...)",
        fields: &[
            f("column", Kind::Column, COLUMN_HINT),
            f("to", Kind::Choice(CAST_TO), "←/→ choose").starts(Start::ByType {
                numeric: "string",
                other: "float",
            }),
            f("format", Kind::Formats, "dates: %d/%m/%Y; several: a; b"),
            f(
                "on_error",
                Kind::Choice(ON_ERROR),
                "unreadable values: null or fail",
            ),
        ],
    },
    OpInfo {
        op: "parse_numbers",
        doc: "Read numbers written as text: 1,234 $12 45% (12)",
        fields: &[
            f("column", Kind::Column, COLUMN_HINT),
            f("decimal_comma", Kind::Flag, "1.234,5 style").starts(Start::Text("no")),
            f("unit", Kind::Text, "a unit after the numbers, e.g. mm"),
            f(
                "on_error",
                Kind::Choice(ON_ERROR),
                "unreadable values: null or fail",
            ),
        ],
    },
    OpInfo {
        op: "normalize_text",
        doc: "Trim, change case, collapse spaces",
        fields: &[
            f("column", Kind::Column, COLUMN_HINT),
            f("trim", Kind::Flag, ""),
            f("case", Kind::Choice(CASE), ""),
            f("collapse_spaces", Kind::Flag, ""),
        ],
    },
    OpInfo {
        op: "replace",
        doc: "Replace exact values (a=b, c=null)",
        fields: &[
            f("column", Kind::Column, COLUMN_HINT),
            f("mapping", Kind::Mapping, "from=to, other=null"),
        ],
    },
    OpInfo {
        op: "drop_columns",
        doc: "Remove columns",
        fields: &[f("columns", Kind::Columns, "comma-separated")],
    },
    OpInfo {
        op: "rename",
        doc: "Rename columns (old=new)",
        fields: &[f("columns", Kind::Mapping, "old=new, other=new2").starts(Start::SameName)],
    },
    OpInfo {
        op: "scale",
        doc: "Standardise, min-max or robust scaling",
        fields: &[
            f("columns", Kind::Columns, "comma-separated"),
            f("method", Kind::Choice(SCALE), ""),
        ],
    },
    OpInfo {
        op: "log_transform",
        doc: "log(1 + x) of a skewed column",
        fields: &[f("column", Kind::Column, COLUMN_HINT)],
    },
    OpInfo {
        op: "clip_outliers",
        doc: "Clip, null or drop outliers (IQR or z-score)",
        fields: &[
            f("column", Kind::Column, COLUMN_HINT),
            f("method", Kind::Choice(OUTLIER), ""),
            f("k", Kind::Float, "empty: 1.5 (iqr), 3 (zscore)"),
            f("action", Kind::Choice(ACTION), ""),
        ],
    },
    OpInfo {
        op: "one_hot",
        doc: "One 0/1 column per category",
        fields: &[
            f("column", Kind::Column, COLUMN_HINT),
            f("max_levels", Kind::Int, "empty: every level"),
        ],
    },
    OpInfo {
        op: "ordinal_encode",
        doc: "Categories to codes 0..k-1",
        fields: &[f("column", Kind::Column, COLUMN_HINT)],
    },
    OpInfo {
        op: "bin",
        doc: "Numbers to bin numbers",
        fields: &[
            f("column", Kind::Column, COLUMN_HINT),
            f("method", Kind::Choice(BINS), ""),
            f("bins", Kind::Int, "how many (equal_width, quantile)").starts(Start::Text("5")),
            f("edges", Kind::Numbers, "for edges: 0, 10, 20"),
        ],
    },
    OpInfo {
        op: "dedupe",
        doc: "Drop repeated rows",
        fields: &[f("columns", Kind::Columns, "compare these; empty: all").starts(Start::Empty)],
    },
    OpInfo {
        op: "filter",
        doc: "Keep rows where an expression is true",
        fields: &[f(
            "expr",
            Kind::Text,
            "body_mass_g > 3000 and sex == \"male\"",
        )],
    },
    OpInfo {
        op: "derive",
        doc: "A new column from an expression",
        fields: &[
            f("name", Kind::Text, "the new column"),
            f("expr", Kind::Text, "body_mass_g / 1000"),
        ],
    },
    OpInfo {
        op: "sample",
        doc: "A random subset of rows (seeded)",
        fields: &[
            f("n", Kind::Int, "rows, or"),
            f("fraction", Kind::Float, "0 to 1").starts(Start::Text("0.1")),
            f("seed", Kind::Int, "").starts(Start::Text("42")),
        ],
    },
    OpInfo {
        op: "join",
        doc: "Add another file's columns, rows matched on keys",
        fields: &[
            f(
                "path",
                Kind::Text,
                "the other file (any format lathe opens)",
            ),
            f("on", Kind::Columns, "key columns both files have"),
            f(
                "how",
                Kind::Choice(JOINS),
                "left keeps every row; inner matched; anti unmatched",
            ),
        ],
    },
    OpInfo {
        op: "concat",
        doc: "Append another file's rows, columns matched by name",
        fields: &[f(
            "path",
            Kind::Text,
            "the other file (any format lathe opens)",
        )],
    },
];

/// The menu entry of an op.
pub fn op_index(op: &str) -> Option<usize> {
    OPS.iter().position(|o| o.op == op)
}
