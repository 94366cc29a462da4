//! The vocabularies written in more than one place agree: every cleaning step's op has a schema
//! entry (from which its form is made), every field and choice of the schema reads as the step
//! (through the deserialisation a recipe file goes through), every op and field is documented in
//! the README's table, and every registry command is in help. (Every `Step` variant has an arm in
//! `apply`: that match is exhaustive, so the compiler checks it.)

mod common;

use std::collections::BTreeSet;

use lathe::app::commands::{Scope, COMMANDS};
use lathe::app::Action;
use lathe::core::clean::schema::{op_index, Kind, OPS};
use lathe::core::clean::step::Step;
use lathe::core::clean::texts::{step_from_texts, texts_of};

/// A text every field of `kind` reads, for the sample frame's columns `a` (numbers) and `t`.
fn sample_text(op: &str, field: &str, kind: Kind) -> String {
    match (op, field, kind) {
        ("sample", "fraction", _) => String::new(), // `n` or `fraction`, not both
        ("rename", _, _) => "a=b".into(),
        (_, "expr", _) => "a > 1".into(),
        (_, "name", _) => "c".into(),
        (_, _, Kind::Column) => "a".into(),
        (_, _, Kind::Columns) => "a, t".into(),
        (_, _, Kind::Choice(options)) => options[0].into(),
        (_, _, Kind::Int) => "3".into(),
        (_, _, Kind::Float) => "0.5".into(),
        (_, _, Kind::Text) => "mm".into(),
        (_, _, Kind::Flag) => "yes".into(),
        (_, _, Kind::Value) => "0".into(),
        (_, _, Kind::Mapping) => "x=y, z=null".into(),
        (_, _, Kind::Formats) => "%Y-%m-%d; %d/%m/%Y".into(),
        (_, _, Kind::Numbers) => "0, 1.5, 3".into(),
    }
}

#[test]
fn every_op_has_one_schema_entry_and_the_same_name_everywhere() {
    let schema: Vec<&str> = OPS.iter().map(|o| o.op).collect();
    let unique: BTreeSet<&str> = schema.iter().copied().collect();
    assert_eq!(unique.len(), schema.len(), "an op listed twice: {schema:?}");
    let steps: BTreeSet<&str> = Step::OPS.iter().copied().collect();
    assert_eq!(unique, steps, "the schema and the Step vocabulary differ");
    for (i, op) in schema.iter().enumerate() {
        assert_eq!(op_index(op), Some(i));
    }
}

#[test]
fn every_field_and_choice_of_the_schema_reads_as_its_step_and_back() {
    for (i, info) in OPS.iter().enumerate() {
        let base: Vec<String> = info
            .fields
            .iter()
            .map(|fd| sample_text(info.op, fd.name, fd.kind))
            .collect();
        // Each choice of each choice field in turn, the other fields at their samples.
        let mut variants = vec![base.clone()];
        for (j, fd) in info.fields.iter().enumerate() {
            if let Kind::Choice(options) = fd.kind {
                for o in options.iter() {
                    let mut v = base.clone();
                    v[j] = o.to_string();
                    variants.push(v);
                }
            }
        }
        for texts in variants {
            let step = step_from_texts(i, &texts)
                .unwrap_or_else(|e| panic!("{} {texts:?} does not read: {e}", info.op));
            assert_eq!(step.op(), info.op);
            // Every field the texts set is a field of the step's JSON, under the same name.
            let json = serde_json::to_value(&step).unwrap();
            for (fd, text) in info.fields.iter().zip(&texts) {
                if !text.is_empty() {
                    assert!(
                        json.get(fd.name).is_some(),
                        "{}: field `{}` is not in {json}",
                        info.op,
                        fd.name
                    );
                }
            }
            // The form made from the step describes the same step.
            let (op, back) = texts_of(&step).expect("every op has a form");
            assert_eq!(op, i);
            assert_eq!(step_from_texts(op, &back).unwrap(), step, "{}", info.op);
        }
    }
}

#[test]
fn a_choice_the_step_does_not_know_is_refused_with_the_field_named() {
    let i = op_index("scale").unwrap();
    let err = step_from_texts(i, &["a".into(), "zscale".into()]).unwrap_err();
    assert!(err.to_string().contains("zscale"), "{err}");
    let i = op_index("bin").unwrap();
    let err = step_from_texts(
        i,
        &["a".into(), "quantile".into(), "three".into(), "".into()],
    )
    .unwrap_err();
    assert_eq!(
        err,
        lathe::core::clean::StepError::Invalid("field `bins`: a whole number".into())
    );
}

#[test]
fn every_op_and_its_fields_are_in_the_readme_table() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    for info in OPS {
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", info.op)))
            .unwrap_or_else(|| panic!("no README row for `{}`", info.op));
        for fd in info.fields {
            assert!(
                row.contains(&format!("`{}`", fd.name)),
                "the README row of `{}` does not name `{}`",
                info.op,
                fd.name
            );
        }
    }
}

#[test]
fn every_registry_command_is_in_help() {
    // Help on a terminal tall enough to hold it whole.
    let mut app = common::loaded("penguins.csv", (140, 400));
    let _ = app.update(Action::Cmd(lathe::app::Cmd::Help));
    let text = common::screen(&app).join("\n");
    for c in COMMANDS {
        assert!(
            Scope::ALL.contains(&c.scope),
            "{} is in no help section",
            c.name
        );
        let start: String = c.doc.chars().take(24).collect();
        assert!(text.contains(&start), "help lacks {} ({:?})", c.name, c.doc);
    }
}
