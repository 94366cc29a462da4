//! SQL over the loaded data (`Q`, or `sql` in the palette), through polars' SQL context. The
//! group means are pandas' `df.groupby("species")["body_mass_g"].mean()` on the penguins
//! sample (missing values skipped).

mod common;

use lathe::core::data::view::{apply, sql_plan, ViewError, ViewSpec};

const QUERY: &str = "select species, avg(body_mass_g) as mass, count(*) as n from data \
                     group by species order by mass desc";

fn query(q: &str) -> ViewSpec {
    ViewSpec {
        sql: Some(q.into()),
        ..ViewSpec::default()
    }
}

#[test]
fn a_query_groups_like_pandas() {
    let f = common::frame("penguins.csv");
    let out = apply(&f, &query(QUERY)).unwrap();
    assert_eq!(out.get_column_names(), ["species", "mass", "n"]);
    let species = out.column("species").unwrap().str().unwrap().clone();
    assert_eq!(
        species.iter().flatten().collect::<Vec<_>>(),
        ["Gentoo", "Chinstrap", "Adelie"]
    );
    let mass = common::present_f64(out.column("mass").unwrap());
    for (got, pandas) in mass
        .iter()
        .zip([5076.016260162602, 3733.0882352941176, 3700.662251655629])
    {
        assert!((got - pandas).abs() < 1e-9, "{got} {pandas}");
    }
    assert_eq!(
        common::present_f64(out.column("n").unwrap()),
        [124.0, 68.0, 152.0]
    );
    // `df` names the data too; filters and the sort then apply to the query's result.
    let spec = ViewSpec {
        filters: vec!["n > 100".into()],
        sort: Some(("n".into(), false)),
        ..query("select species, count(*) as n from df group by species")
    };
    let out = apply(&f, &spec).unwrap();
    assert_eq!(
        common::present_f64(out.column("n").unwrap()),
        [124.0, 152.0]
    );
}

#[test]
fn mistakes_are_pointed_at() {
    let f = common::frame("penguins.csv");
    let at = |q: &str| match sql_plan(&f, q) {
        Err(ViewError::Sql { position, message }) => (position, message),
        other => panic!("{q}: {:?}", other.map(|_| ())),
    };
    let (position, message) = at("select species from data wher x");
    assert_eq!(position, Some(30), "{message}");
    let (position, message) = at("select specis from data");
    assert_eq!(position, Some(7), "{message}");
    assert!(message.contains("specis"), "{message}");
    let (_, message) = at("select * from penguins");
    assert!(message.contains("penguins"), "{message}");
}

#[test]
fn q_shows_the_query_as_a_view_that_u_undoes() {
    let mut app = common::loaded("penguins.csv", (120, 40));
    common::press(&mut app, "$Q");
    // Tab completes the column being typed.
    common::press(&mut app, "select bill_l<Tab>");
    assert_eq!(app.prompt.text, "select bill_length_mm");
    common::press(&mut app, "<Ctrl-u>");
    common::press(&mut app, QUERY);
    common::press(&mut app, "<Enter>");
    assert_eq!(app.table_frame().shape(), (3, 3));
    assert_eq!(app.col, 2, "the cursor stays within the query's columns");
    let title = common::screen(&app)[1].clone();
    assert!(title.contains("row 1 of 3 (344 in all)"), "{title}");
    assert!(title.contains("sql: select species"), "{title}");
    // A filter after it reads the query's columns.
    common::press(&mut app, "Fn > 100<Enter>");
    assert_eq!(app.table_frame().height(), 2);
    common::press(&mut app, "uu");
    assert_eq!(app.table_frame().shape(), (344, 8));
    // A mistake stays in the prompt, pointed at.
    common::press(&mut app, "Qselect nope from data<Enter>");
    assert!(common::prompt_error(&app).contains("nope"));
    assert_eq!(app.prompt.error.as_ref().unwrap().position, 7);
}

#[test]
fn a_cross_join_of_a_big_table_is_refused_before_it_runs() {
    let n = 5_000i64;
    let big = polars::df!("x" => (0..n).collect::<Vec<_>>()).unwrap();
    let Err(e) = sql_plan(&big, "select * from data a cross join data b") else {
        panic!("a cross join of 5,000 rows with itself is refused")
    };
    assert!(e.to_string().contains("cross join of 5,000 rows"), "{e}");
    // A small one runs: 3 x 3 rows.
    let small = polars::df!("x" => [1i64, 2, 3]).unwrap();
    let out = apply(&small, &query("select * from data a cross join data b")).unwrap();
    assert_eq!(out.height(), 9);
}

#[test]
fn a_name_the_query_resolves_late_is_still_found_at_the_prompt() {
    // ORDER BY is resolved against the query's own columns: an unknown one there is found
    // when the plan is built, not when it runs.
    let f = common::frame("penguins.csv");
    let Err(ViewError::Sql { message, position }) = sql_plan(
        &f,
        "select species, count(*) as n from data group by species order by nn",
    ) else {
        panic!("an unknown ORDER BY column is refused")
    };
    assert!(message.contains("\"nn\""), "{message}");
    assert!(!message.contains("Resolved plan"), "{message}");
    assert_eq!(position, Some(66));
}
