//! The steps that read another file: `join` and `concat` (expected frames written out by hand,
//! as pandas' `merge(how=...)` and `concat` give them on these rows; the sha256 from
//! `sha256sum`).

mod common;

use lathe::core::clean::step::Step;
use lathe::core::clean::{apply_step, Applied, StepError};
use polars::prelude::*;

const CITIES: &str = "id,city\n1,Oslo\n2,Lima\n4,Pune\n";
const CITIES_SHA256: &str = "bb7d89f4e2c8488610438bbd95d0540499db23d2c8313b930906152909d338c1";

fn orders() -> DataFrame {
    df!("id" => [2i64, 1, 3, 2], "amount" => [10.0, 20.0, 30.0, 40.0]).unwrap()
}

fn run(frame: &DataFrame, json: &str) -> Result<Applied, StepError> {
    let step: Step = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
    apply_step(frame, &step)
}

use common::texts;

/// The ids of the rows, in order.
fn ids(f: &DataFrame) -> Vec<String> {
    texts(f, "id").into_iter().flatten().collect()
}

fn join(path: &std::path::Path, how: &str) -> String {
    format!(
        r#"{{"op":"join","path":{:?},"on":["id"],"how":"{how}"}}"#,
        path.to_str().unwrap()
    )
}

#[test]
fn a_left_join_keeps_every_row_in_order_and_records_the_file_s_sha256() {
    let (_dir, cities) = common::temp_file("cities.csv", CITIES);
    let a = run(&orders(), &join(&cities, "left")).unwrap();
    assert_eq!(ids(&a.frame), ["2", "1", "3", "2"]);
    assert_eq!(
        texts(&a.frame, "city"),
        [
            Some("Lima".into()),
            Some("Oslo".into()),
            None,
            Some("Lima".into())
        ]
    );
    assert_eq!(a.note.as_deref(), Some("3 of 4 rows matched"));
    let Step::Join { sha256, .. } = &a.step else {
        panic!()
    };
    assert_eq!(sha256.as_deref(), Some(CITIES_SHA256));
}

#[test]
fn inner_and_anti_joins_keep_the_matched_or_the_unmatched_rows() {
    let (_dir, cities) = common::temp_file("cities.csv", CITIES);
    let inner = run(&orders(), &join(&cities, "inner")).unwrap();
    assert_eq!(ids(&inner.frame), ["2", "1", "2"]);
    assert_eq!(inner.note.as_deref(), Some("3 of 4 rows kept"));
    let anti = run(&orders(), &join(&cities, "anti")).unwrap();
    assert_eq!(texts(&anti.frame, "id"), [Some("3".into())]);
    assert_eq!(
        anti.frame.get_column_names(),
        ["id", "amount"],
        "an anti join adds no columns"
    );
}

#[test]
fn keys_are_read_as_the_data_s_type_and_shared_names_get_a_suffix() {
    // The other file's id is text ("01" reads as 1); both files have `amount`.
    let (_dir, other) = common::temp_file("other.csv", "id,amount\n\"1\",5\n\"3\",6\n\"9\",7\n");
    let f = df!("id" => [1i64, 2, 3], "amount" => [1.0, 2.0, 3.0]).unwrap();
    let text_ids = df!("id" => ["1", "2", "3"], "amount" => [1.0, 2.0, 3.0]).unwrap();
    for data in [f, text_ids] {
        let a = run(&data, &join(&other, "left")).unwrap();
        assert_eq!(
            texts(&a.frame, "amount_other"),
            [Some("5".into()), None, Some("6".into())]
        );
    }
}

#[test]
fn join_mistakes_are_clear_errors() {
    let (dir, cities) = common::temp_file("cities.csv", CITIES);
    // A left join on keys the other file repeats would repeat rows.
    let twice = common::write_in(&dir, "twice.csv", "id,city\n1,Oslo\n1,Bergen\n");
    let e = run(&orders(), &join(&twice, "left"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("repeats the key 1"), "{e}");
    // The inner join of the same file is fine: it matches both.
    assert_eq!(
        run(&orders(), &join(&twice, "inner"))
            .unwrap()
            .frame
            .height(),
        2
    );
    let missing_key = format!(
        r#"{{"op":"join","path":{:?},"on":["customer"]}}"#,
        cities.to_str().unwrap()
    );
    let e = run(&orders(), &missing_key).unwrap_err().to_string();
    assert!(e.starts_with("field `on`: no column `customer`"), "{e}");
    let no_file = join(&dir.path().join("nope.csv"), "left");
    let e = run(&orders(), &no_file).unwrap_err().to_string();
    assert!(e.starts_with("field `path`: cannot read"), "{e}");
}

#[test]
fn a_replay_on_a_changed_file_says_so() {
    let (dir, cities) = common::temp_file("cities.csv", CITIES);
    let first = run(&orders(), &join(&cities, "left")).unwrap();
    common::write_in(&dir, "cities.csv", "id,city\n1,Oslo\n2,Quito\n");
    let again = apply_step(&orders(), &first.step).unwrap();
    let note = again.note.unwrap();
    assert!(
        note.contains("changed since the recipe recorded it (sha256 bb7d89f4e2c8 then"),
        "{note}"
    );
    assert_eq!(texts(&again.frame, "city")[0].as_deref(), Some("Quito"));
}

#[test]
fn concat_appends_rows_by_column_name() {
    let (_dir, more) = common::temp_file("more.csv", "amount,id,note\n50,7,late\n60,8,\n");
    let a = run(
        &orders(),
        &format!(r#"{{"op":"concat","path":{:?}}}"#, more.to_str().unwrap()),
    )
    .unwrap();
    assert_eq!(a.frame.get_column_names(), ["id", "amount", "note"]);
    assert_eq!(ids(&a.frame), ["2", "1", "3", "2", "7", "8"]);
    // `amount` stays a float column though the other file wrote whole numbers.
    assert_eq!(
        a.frame.column("amount").unwrap().dtype(),
        &DataType::Float64
    );
    assert_eq!(
        texts(&a.frame, "note"),
        [None, None, None, None, Some("late".into()), None]
    );
    assert_eq!(
        a.note.as_deref(),
        Some("2 rows added; new columns (missing in the data's rows): note")
    );
    // Values that cannot be read as the data's type are refused, naming the column.
    let (_dir, bad) = common::temp_file("bad.csv", "id,amount\nx,1\n");
    let e = run(
        &orders(),
        &format!(r#"{{"op":"concat","path":{:?}}}"#, bad.to_str().unwrap()),
    )
    .unwrap_err()
    .to_string();
    assert!(e.starts_with("`id` is i64 here"), "{e}");
}

#[test]
fn the_join_form_comes_from_the_schema_and_applies_in_the_app() {
    let (_dir, cities) = common::temp_file("cities.csv", "species,latin\nAdelie,Pygoscelis adeliae\nGentoo,Pygoscelis papua\nChinstrap,Pygoscelis antarcticus\n");
    let mut app = common::loaded("penguins.csv", (120, 40));
    // path, on (the column under the cursor: species), how.
    open_form_with_path(&mut app, "join", &cities);
    common::press(&mut app, "<Enter><Enter>");
    assert_eq!(app.recipe.len(), 1, "{:?}", app.message);
    assert!(app.frame.column("latin").is_ok());
    assert_eq!(app.frame.height(), 344);
}

#[test]
fn prediction_keeps_every_row_through_joins_and_skips_concat() {
    use lathe::core::session::saved::{keeping_rows, removes_rows};
    let step = |json: &str| -> Step { serde_json::from_str(json).unwrap() };
    let inner = step(r#"{"op":"join","path":"x.csv","on":["id"],"how":"inner"}"#);
    assert!(!removes_rows(&inner));
    assert_eq!(
        keeping_rows(&inner),
        step(r#"{"op":"join","path":"x.csv","on":["id"],"how":"left"}"#)
    );
    assert!(removes_rows(&step(
        r#"{"op":"join","path":"x.csv","on":["id"],"how":"anti"}"#
    )));
    assert!(removes_rows(&step(r#"{"op":"concat","path":"x.csv"}"#)));
}

#[test]
fn a_matched_row_whose_new_value_is_missing_still_counts_as_matched() {
    // id 2 is in the other file with no city: 3 of the 4 orders have a key it holds.
    let (_dir, cities) = common::temp_file("cities.csv", "id,city\n1,Oslo\n2,\n4,Pune\n");
    let a = run(&orders(), &join(&cities, "left")).unwrap();
    assert_eq!(a.note.as_deref(), Some("3 of 4 rows matched"));
    assert_eq!(
        texts(&a.frame, "city"),
        [None, Some("Oslo".into()), None, None]
    );
}

#[test]
fn the_concat_preview_says_how_many_rows_it_adds() {
    let (_dir, more) = common::temp_file(
        "more.csv",
        "species,island,body_mass_g\nAdelie,Dream,3900\nGentoo,Biscoe,5100\nAdelie,Torgersen,3300\n",
    );
    let mut app = common::loaded("penguins.csv", (120, 40));
    open_form_with_path(&mut app, "concat", &more);
    // The first Enter previews.
    common::press(&mut app, "<Enter>");
    let screen = common::screen(&app).join("\n");
    assert!(screen.contains("347 rows after it (3 added)"), "{screen}");
    assert!(!screen.contains("rows remain"), "{screen}");
}

/// Open the step `op`'s form from the clean menu (`C`, down to it, Enter) and type `path` into
/// its first field.
fn open_form_with_path(app: &mut lathe::app::App, op: &str, path: &std::path::Path) {
    let at = lathe::core::clean::schema::op_index(op).unwrap();
    common::press(app, "C");
    for _ in 0..at {
        common::press(app, "j");
    }
    common::press(app, "<Enter>");
    common::press(app, &format!("<Ctrl-u>{}", path.to_str().unwrap()));
}
