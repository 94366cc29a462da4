//! The filter language against row counts computed here from the CSV text.

mod common;

use common::frame;
use lathe::core::data::expr::filter_rows;

fn penguins() -> polars::prelude::DataFrame {
    frame("penguins.csv")
}

/// Rows of penguins.csv (split by hand: the file has no quotes) where `keep` holds.
fn count(keep: impl Fn(&[&str]) -> bool) -> usize {
    let text = std::fs::read_to_string("sample_data/penguins.csv").unwrap();
    text.lines()
        .skip(1)
        .filter(|l| keep(&l.split(',').collect::<Vec<_>>()))
        .count()
}

fn num(s: &str) -> Option<f64> {
    s.parse().ok()
}

#[test]
fn comparisons_and_logic() {
    let f = penguins();
    // Columns: species, island, bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g, sex, year
    let n = filter_rows(&f, "body_mass_g > 4000 and sex == \"male\"")
        .unwrap()
        .height();
    assert_eq!(
        n,
        count(|r| num(r[5]).is_some_and(|m| m > 4000.0) && r[6] == "male")
    );
    let n = filter_rows(&f, "species = 'Gentoo' or island == \"Dream\"")
        .unwrap()
        .height();
    assert_eq!(n, count(|r| r[0] == "Gentoo" || r[1] == "Dream"));
    let n = filter_rows(&f, "not (year >= 2008) && bill_length_mm <= 40.5")
        .unwrap()
        .height();
    assert_eq!(
        n,
        count(|r| r[7] < "2008" && num(r[2]).is_some_and(|b| b <= 40.5))
    );
    let n = filter_rows(&f, "bill_depth_mm != -1e3").unwrap().height();
    assert_eq!(
        n,
        count(|r| num(r[3]).is_some()),
        "missing values never compare true"
    );
}

#[test]
fn nulls_and_text_functions() {
    let f = penguins();
    assert_eq!(
        filter_rows(&f, "is_null(sex)").unwrap().height(),
        count(|r| r[6] == "NA")
    );
    assert_eq!(filter_rows(&f, "sex == null").unwrap().height(), 11);
    assert_eq!(filter_rows(&f, "not_null(sex)").unwrap().height(), 333);
    let n = filter_rows(&f, "contains(island, \"ream\")")
        .unwrap()
        .height();
    assert_eq!(n, count(|r| r[1].contains("ream")));
    let n = filter_rows(
        &f,
        "starts_with(species, 'Chin') or ends_with(species, \"too\")",
    )
    .unwrap()
    .height();
    assert_eq!(
        n,
        count(|r| r[0].starts_with("Chin") || r[0].ends_with("too"))
    );
}

#[test]
fn quoted_column_names_and_dates() {
    let cars = frame("cars.json");
    let n = filter_rows(&cars, "Year >= \"1980-01-01\"")
        .unwrap()
        .height();
    let text = std::fs::read_to_string("sample_data/cars.json").unwrap();
    let expected = text.matches("\"Year\": \"198").count();
    assert_eq!(n, expected);
    let df = polars::df!("Body Mass (g)" => [1.0, 5000.0]).unwrap();
    assert_eq!(
        filter_rows(&df, "`Body Mass (g)` > 100").unwrap().height(),
        1
    );
}

#[test]
fn bad_expressions_say_what_and_where() {
    let f = penguins();
    let e = filter_rows(&f, "body_mas_g > 3").unwrap_err();
    assert_eq!(e.position, 0);
    assert!(
        e.message
            .contains("no column named `body_mas_g`; did you mean `body_mass_g`?"),
        "{e}"
    );
    let e = filter_rows(&f, "sex > 3").unwrap_err();
    assert_eq!(
        (e.position, e.message.as_str()),
        (4, "cannot compare text with a number")
    );
    let e = filter_rows(&f, "year").unwrap_err();
    assert!(e.message.contains("condition"), "{e}");
    let e = filter_rows(&f, "contains(year, \"20\")").unwrap_err();
    assert!(e.message.contains("works on text"), "{e}");
    let e = filter_rows(&f, "frobnicate(year)").unwrap_err();
    assert!(e.message.contains("unknown function"), "{e}");
    let e = filter_rows(&f, "year > 2007 year < 2009").unwrap_err();
    assert_eq!(e.position, 12);
    assert!(e.to_string().ends_with("(at character 13)"), "{e}");
    assert_eq!(
        e.message, "unexpected `year` (missing `and` or `or`?)",
        "tokens are named as typed, not as the parser sees them"
    );
}

#[test]
fn mistakes_a_new_user_makes_get_the_fix_in_their_words() {
    let f = penguins();
    // A column name with spaces, typed bare: the parser sees two names in a row.
    let e = filter_rows(&f, "Culmen Length (mm) > 40").unwrap_err();
    assert_eq!(
        e.message,
        "unexpected `Length`: a column name with spaces or symbols goes in backticks, as \
         `Culmen Length (mm)`"
    );
    assert_eq!(e.position, 7);
    // A bare word compared with a text column is meant as text.
    let e = filter_rows(&f, "species == Adelie").unwrap_err();
    assert_eq!(
        e.message,
        "no column named `Adelie`; to compare with the text, quote it: \"Adelie\""
    );
    assert_eq!(e.position, 11);
    // Quoted, it filters.
    assert_eq!(
        filter_rows(&f, "species == \"Adelie\"").unwrap().height(),
        152
    );
}

#[test]
fn deep_nesting_is_refused_with_a_message_not_a_stack_overflow() {
    let f = penguins();
    // Each of these used to overflow the stack at about 4,000 levels (and abort the app).
    for (open, close) in [("(", ")"), ("not ", ""), ("is_null(", ")"), ("-", "")] {
        let src = format!("{}year{} > 0", open.repeat(5_000), close.repeat(5_000));
        let e = filter_rows(&f, &src).unwrap_err();
        assert!(
            e.message.contains("nests more than 100 levels"),
            "{open}: {e}"
        );
    }
    // Up to the limit it still works: 100 parentheses, and `not` an even number of times.
    let src = format!("{}year > 2008{}", "(".repeat(100), ")".repeat(100));
    assert_eq!(
        filter_rows(&f, &src).unwrap().height(),
        count(|r| r[7] > "2008")
    );
    let src = format!("{}year > 2008", "not ".repeat(98));
    assert_eq!(
        filter_rows(&f, &src).unwrap().height(),
        count(|r| r[7] > "2008")
    );
}

#[test]
fn a_pasted_list_of_thousands_of_ids_filters() {
    // A 5,000-term `or` chain (it overflowed the stack before): every listed value is kept.
    let ids: Vec<i64> = (0..20_000).collect();
    let f = polars::df!("id" => &ids).unwrap();
    let src = (0..5_000)
        .map(|i| format!("id == {}", i * 3))
        .collect::<Vec<_>>()
        .join(" or ");
    assert_eq!(filter_rows(&f, &src).unwrap().height(), 5_000);
    let src = (0..5_000)
        .map(|i| format!("id != {}", i * 3))
        .collect::<Vec<_>>()
        .join(" and ");
    assert_eq!(filter_rows(&f, &src).unwrap().height(), 15_000);
}

#[test]
fn an_expression_past_the_token_limit_is_refused() {
    let f = penguins();
    let src = vec!["year == 1"; 40_000].join(" or ");
    let e = filter_rows(&f, &src).unwrap_err();
    assert!(
        e.message
            .starts_with("the expression is too long (159999 names"),
        "{e}"
    );
}
