//! Data-quality warnings on the samples and on hand-built frames, with counts checked by code
//! independent of lathe's.

mod common;

use common::frame;
use lathe::core::stats::correlate::correlations;
use lathe::core::stats::profile::{duplicate_rows, summarize};
use lathe::core::stats::quality::frame_warnings;
use polars::prelude::*;

fn kinds(col: &Column) -> Vec<&'static str> {
    summarize(col).warnings.iter().map(|w| w.kind).collect()
}

fn sample(name: &str) -> DataFrame {
    frame(name)
}

#[test]
fn the_messy_sample_gets_the_findings_it_was_built_with() {
    let f = sample("penguins_messy.csv");
    let col = |n: &str| f.column(n).unwrap().clone();
    assert!(kinds(&col("Species")).contains(&"inconsistent_categories"));
    assert!(kinds(&col("Sex")).contains(&"inconsistent_categories"));
    assert_eq!(kinds(&col("Body Mass (g)")), ["numbers_as_text"]);
    assert_eq!(kinds(&col("Comments")), ["high_nulls"]);
    // "40.3 mm": count the values with a unit independently from the file's text.
    let culmen = summarize(&col("Culmen Length"));
    let w = &culmen.warnings[0];
    assert_eq!(w.kind, "numbers_as_text");
    assert_eq!(w.fix, "parse_numbers");
    let text = std::fs::read_to_string("sample_data/penguins_messy.csv").unwrap();
    let with_unit = text
        .lines()
        .filter(|l| l.split(';').nth(4).unwrap().ends_with(" mm"))
        .count();
    assert!(
        w.message.contains(&format!("{with_unit} do not parse")),
        "{}",
        w.message
    );
    let dups = duplicate_rows(&f, &[]);
    // With the summaries at hand the count is the same (no column here is all distinct).
    let summaries = lathe::core::stats::profile::summarize_columns(&f, &|_| true).unwrap();
    assert_eq!(duplicate_rows(&f, &summaries), dups);
    let fw = frame_warnings(dups, &correlations(&f));
    assert_eq!(fw.len(), 1);
    assert_eq!((fw[0].kind, fw[0].fix), ("duplicate_rows", "dedupe"));
    assert!(fw[0].message.starts_with("3 rows repeat"));
}

#[test]
fn a_clean_dataset_gets_no_column_warnings() {
    let f = sample("penguins.csv");
    for c in f.columns() {
        assert_eq!(kinds(c), Vec::<&str>::new(), "{}", c.name());
    }
}

#[test]
fn outliers_are_counted_with_tukeys_fences() {
    let f = sample("cars.json");
    let hp = f.column("Horsepower").unwrap();
    let s = summarize(hp);
    let w = s.warnings.iter().find(|w| w.kind == "outliers").unwrap();
    // Independent: quartiles by numpy's rule, then count beyond 1.5 IQR.
    let mut v = common::present_f64(hp);
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let q = |p: f64| {
        let h = p * (v.len() - 1) as f64;
        v[h.floor() as usize] + (h - h.floor()) * (v[h.ceil() as usize] - v[h.floor() as usize])
    };
    let (q1, q3) = (q(0.25), q(0.75));
    let n = v
        .iter()
        .filter(|&&x| x < q1 - 1.5 * (q3 - q1) || x > q3 + 1.5 * (q3 - q1))
        .count();
    assert!(n > 0);
    assert!(
        w.message.contains(&format!("has {n} values outside")),
        "{}",
        w.message
    );
}

#[test]
fn hand_built_cases() {
    let n = 40;
    let ids: Vec<i64> = (0..n).collect();
    let skewed: Vec<f64> = (0..n)
        .map(|i| if i < 37 { 1.0 } else { 1000.0 * i as f64 })
        .collect();
    let df = df! {
        "empty" => vec![None::<f64>; n as usize],
        "same" => vec!["x"; n as usize],
        "id" => ids.clone(),
        "code" => ids.iter().map(|i| format!("c{i}")).collect::<Vec<_>>(),
        "skewed" => skewed,
        "a" => ids.iter().map(|&i| i as f64).collect::<Vec<_>>(),
        "b" => ids.iter().map(|&i| 2.0 * i as f64 + 0.001 * ((i % 3) as f64)).collect::<Vec<_>>(),
    }
    .unwrap();
    let k = |name: &str| kinds(df.column(name).unwrap());
    assert_eq!(k("empty"), ["all_null"]);
    assert_eq!(k("same"), ["constant"]);
    assert_eq!(k("id"), ["id_like"]);
    assert_eq!(k("code"), ["id_like"]);
    assert!(k("skewed").contains(&"heavy_skew"));
    // `id` is present and distinct in every row: no row can repeat, whatever the rest holds.
    let summaries = lathe::core::stats::profile::summarize_columns(&df, &|_| true).unwrap();
    assert_eq!(duplicate_rows(&df, &summaries), 0);
    assert_eq!(duplicate_rows(&df, &[]), 0);
    let fw = frame_warnings(duplicate_rows(&df, &summaries), &correlations(&df));
    let near: Vec<_> = fw
        .iter()
        .filter(|w| w.kind == "near_duplicate_columns")
        .collect();
    assert!(near.iter().any(|w| w.columns == ["a", "b"]), "{fw:?}");
    assert!(fw.iter().all(|w| w.kind != "duplicate_rows"));
}

#[test]
fn decimal_commas_get_the_parse_numbers_fix_with_decimal_comma_and_the_flag_loads_them() {
    use lathe::core::data::source::{load_all, Input, LoadOptions};
    // A European spreadsheet's export: `;` between fields, a comma for the decimal mark.
    let (_dir, p) = common::csv_file("eu.csv", "name;price;weight", 0..41, |i| {
        if i < 40 {
            format!("item{i};{},{};{}", i + 1, 25 + i, 3 * i)
        } else {
            "odd;n/v;7".into()
        }
    });
    let f = load_all(&Input::Path(p.clone()), &LoadOptions::default())
        .unwrap()
        .frame;
    assert_eq!(f.width(), 3, "the `;` separator is sniffed");
    let s = summarize(f.column("price").unwrap());
    let w = s
        .warnings
        .iter()
        .find(|w| w.kind == "numbers_as_text")
        .expect("a numbers_as_text warning");
    assert_eq!(w.fix, "parse_numbers");
    assert_eq!(w.fix_fields, [("decimal_comma", "yes".to_string())]);
    assert!(
        w.message.contains(
            "40 of 41 values are numbers written with a decimal comma, like 1,25 (1 do not parse"
        ),
        "{}",
        w.message
    );
    // --decimal-comma reads them as numbers: 1,25 is 1.25 (without the odd row, which would
    // keep the column text, as pandas' decimal="," would).
    let clean: String = std::fs::read_to_string(&p)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("odd"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&p, clean).unwrap();
    let opts = LoadOptions {
        decimal_comma: true,
        ..LoadOptions::default()
    };
    let f = load_all(&Input::Path(p), &opts).unwrap().frame;
    let price = f.column("price").unwrap();
    assert!(price.dtype().is_float(), "{}", price.dtype());
    assert_eq!(price.f64().unwrap().get(0), Some(1.25));
    assert_eq!(price.f64().unwrap().get(39), Some(40.64));
}

#[test]
fn the_fix_key_opens_parse_numbers_with_decimal_comma_set() {
    let (_dir, p) = common::csv_file("eu.csv", "name;price", 0..30, |i| {
        format!("item{i};{},{}", i + 1, 10 + i)
    });
    let mut app = common::loaded_input(lathe::core::data::source::Input::Path(p), (100, 30));
    common::press(&mut app, "!");
    let text = common::screen(&app).join("\n");
    assert!(text.contains("numbers written with"), "{text}");
    // The second warning (after `name`'s id_like).
    common::press(&mut app, "ja");
    let form = app.form.as_ref().expect("the step form");
    assert_eq!(form.values[0], "price");
    assert_eq!(form.values[1], "yes");
}

#[test]
fn a_few_extreme_values_are_outliers_first_not_a_skewed_column() {
    // One typo (502 among 335 values near 40): the outliers warning, first, says the typo
    // alone makes the column look skewed; there is no skew warning offering a log of all
    // 336 values. Skewness with and without it: scipy.stats.skew (bias=False, as pandas); the fences
    // from numpy.percentile (linear): q25 37, q75 43.
    let mut v: Vec<f64> = (0..335).map(|i| 35.0 + (i % 11) as f64).collect();
    v.push(502.0);
    let col = Column::new("culmen".into(), &v);
    let s = summarize(&col);
    let kinds: Vec<&str> = s.warnings.iter().map(|w| w.kind).collect();
    assert_eq!(kinds, ["outliers"]);
    let m = &s.warnings[0].message;
    assert!(
        m.starts_with("`culmen` has 1 value outside 28 to 52 (1.5 IQR"),
        "{m}"
    );
    assert!(
        m.contains("They alone make the column look skewed (skewness 17.90, 0.02 without them)."),
        "{m}"
    );
    // A skewed column (most values small, a long tail; 48 of 300 beyond the fences): the skew
    // is the values' own (skewness 2.55).
    let tail: Vec<f64> = (1..=300).map(|i| (i as f64 / 30.0).exp()).collect();
    let s = summarize(&Column::new("income".into(), &tail));
    let kinds: Vec<&str> = s.warnings.iter().map(|w| w.kind).collect();
    assert_eq!(kinds, ["outliers", "heavy_skew"]);
}

#[test]
fn nearly_unique_text_is_an_identifier_and_placeholders_are_missing_values() {
    // 190 distinct names in 200 rows: an identifier with a few repeats; its fix drops it,
    // it does not one-hot encode 190 columns.
    let names: Vec<String> = (0..200).map(|i| format!("id{}", i % 190)).collect();
    let s = summarize(&Column::new("name".into(), &names));
    let w = &s.warnings[0];
    assert_eq!((w.kind, w.fix), ("id_like", "drop_columns"));
    assert!(w.message.contains("(190 distinct of 200)"), "{}", w.message);
    // 60 distinct of 100: many levels; the fix keeps the 20 most frequent.
    let many: Vec<String> = (0..100).map(|i| format!("c{}", i % 60)).collect();
    let s = summarize(&Column::new("city".into(), &many));
    let w = &s.warnings[0];
    assert_eq!((w.kind, w.fix), ("high_cardinality", "one_hot"));
    assert_eq!(w.fix_fields, [("max_levels", "20".to_string())]);
    // The same levels under an identifier's name: an identifier with repeats (the messy
    // penguins' `Sample ID`, 95 distinct of 175), dropped rather than one-hot encoded.
    for name in ["Sample ID", "user_id", "customerId", "ID"] {
        let s = summarize(&Column::new(name.into(), &many));
        let w = &s.warnings[0];
        assert_eq!((w.kind, w.fix), ("id_like", "drop_columns"), "{name}");
        assert!(
            w.message.contains("60 distinct values in 100 rows"),
            "{}",
            w.message
        );
    }
    for name in ["idea", "paid", "Valid"] {
        let s = summarize(&Column::new(name.into(), &many));
        assert_eq!(s.warnings[0].kind, "high_cardinality", "{name}");
    }
    // "?" and "-" among real categories: a warning whose fix maps them to missing.
    let mut sex: Vec<&str> = [&["male"; 20][..], &["female"; 20][..]].concat();
    sex.extend(["?", "-", "?"]);
    let s = summarize(&Column::new("sex".into(), &sex));
    let w = s
        .warnings
        .iter()
        .find(|w| w.kind == "placeholders")
        .unwrap();
    assert_eq!(w.fix, "replace");
    assert_eq!(w.fix_fields, [("mapping", "-=null, ?=null".to_string())]);
    assert!(
        w.message
            .starts_with("`sex` uses \"-\", \"?\" as values (3 rows)"),
        "{}",
        w.message
    );
    // A column of placeholders only is not this warning.
    let s = summarize(&Column::new("x".into(), &["?", "?", "-"]));
    assert!(s.warnings.iter().all(|w| w.kind != "placeholders"));
}
