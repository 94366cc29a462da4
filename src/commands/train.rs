//! `lathe train FILE --target T --model M`: one training run, printed as a table or `--json`. The
//! command line's training spec is parsed here.

use std::io::Write;

use super::load_shown;
use super::progress::Bar;
use super::{emit_as, load_options, read_recipe};
use crate::cli::TrainArgs;
use crate::core::clean::replay;
use crate::core::data::cells::{count, format_stat, group_thousands};
use crate::core::data::source::Input;
use crate::core::model::features::Impute;
use crate::core::model::models::ModelSpec;
use crate::core::model::spec::{self, Param, ParamError};
use crate::core::model::train::{
    train_with, train_with_test, Evaluation, Report, TrainProgress, TrainSpec,
};
use crate::core::{Error, Result};

/// The training spec from the command line; usage mistakes are `Error::Option` (exit 2).
pub fn train_spec(args: &TrainArgs) -> Result<TrainSpec> {
    let mut params = std::collections::BTreeMap::new();
    let mut impute =
        Impute::parse(args.impute.as_str()).map_err(|e| Error::Option(format!("--{e}")))?;
    for p in &args.params {
        match spec::param(p) {
            Ok(Param::Impute(i)) => impute = i,
            Ok(Param::Values { key, values }) if values.len() == 1 => {
                params.insert(key, values[0]);
            }
            // A grid (`a=1|2`) is the app's; here it is not a number.
            Ok(Param::Values { .. }) | Err(ParamError::NotNumber) => {
                return Err(Error::Option(format!(
                    "--param {p:?}: the value must be a number"
                )))
            }
            Err(ParamError::NotKeyValue) => {
                return Err(Error::Option(format!(
                    "--param {p:?}: write it as key=value"
                )))
            }
            Err(ParamError::Impute(e)) => return Err(Error::Option(format!("--param {e}"))),
        }
    }
    let task = match args.task.as_deref() {
        None => None,
        Some(name) => Some(spec::task(name).ok_or_else(|| {
            Error::Option(format!(
                "--task {name:?}: regression, classification or clustering"
            ))
        })?),
    };
    let evaluation = match (args.split, args.cv) {
        _ if args.test.is_some() => Evaluation::TestFile,
        (_, Some(k)) => Evaluation::CrossValidation { folds: k },
        (Some(s), None) => Evaluation::Holdout { train: s },
        (None, None) => Evaluation::Holdout {
            train: spec::DEFAULT_HOLDOUT,
        },
    };
    Ok(TrainSpec {
        target: args.target.clone(),
        features: args.features.as_deref().map(spec::feature_list),
        task,
        model: ModelSpec {
            name: args.model.clone(),
            params,
        },
        evaluation,
        seed: args.seed,
        impute,
    })
}

/// `lathe train`: load (and clean with the recipe), train, evaluate, print.
pub fn run_train(args: &TrainArgs, out: &mut dyn Write) -> Result<()> {
    let spec = train_spec(args)?;
    let opts = load_options(&args.load)?;
    let mut bar = Bar::new(args.progress.quiet);
    let loaded = load_shown(&Input::from_arg(args.file.as_str()), &opts, &mut bar)?;
    let mut frame = loaded.frame;
    let mut test = match args.test.as_deref() {
        Some(t) => Some(load_shown(&Input::from_arg(t), &opts, &mut bar)?.frame),
        None => None,
    };
    if let Some(r) = args.recipe.as_deref() {
        let recipe = read_recipe(r)?;
        bar.stage(&format!(
            "applying the recipe's {} steps…",
            recipe.steps.len()
        ));
        let (cleaned, fitted, _) = replay(&frame, &recipe.steps)?;
        frame = cleaned;
        // The test rows get the training rows' treatment (fitted values), not their own.
        if let Some(t) = test.take() {
            test = Some(replay(&t, &fitted)?.0);
        }
    }
    let mut folds = |p: TrainProgress| {
        bar.stage(&fold_line(&spec.model.name, p));
        true
    };
    let never = &crate::core::model::models::never;
    let result = match &test {
        Some(t) => train_with_test(&frame, t, &spec, &mut folds, never),
        None => train_with(&frame, &spec, &mut folds, never),
    };
    bar.clear();
    let report = result.map_err(|cause| Error::Model {
        file: loaded.info.name.clone(),
        cause,
    })?;
    emit_as(out, args.json, &report, report_table)
}

fn args_test_note(r: &Report) -> bool {
    r.evaluation == Evaluation::TestFile
}

/// The human-readable `train` output: every metric beside the baseline's.
pub fn report_table(r: &Report) -> String {
    let mut out = format!(
        "{} {} on {}{}\n",
        r.task,
        r.model,
        count(r.rows_train + r.rows_test, "row"),
        r.target
            .as_ref()
            .map(|t| format!(", target {t}"))
            .unwrap_or_default()
    );
    match &r.cv {
        Some(cv) => out.push_str(&format!("{}-fold cross-validation\n\n", cv.folds.len())),
        None if r.rows_test > 0 && args_test_note(r) => out.push_str(&format!(
            "trained on {}, tested on the {} of the test file\n\n",
            count(r.rows_train, "row"),
            count(r.rows_test, "row")
        )),
        None if r.rows_test > 0 => out.push_str(&format!(
            "trained on {}, tested on {}\n\n",
            count(r.rows_train, "row"),
            group_thousands(r.rows_test)
        )),
        None => out.push('\n'),
    }
    let mut rows = vec![vec![
        "metric".to_string(),
        r.model.clone(),
        if r.baseline.is_empty() {
            String::new()
        } else {
            "baseline".into()
        },
        if r.cv.is_some() {
            "± std".into()
        } else {
            String::new()
        },
    ]];
    for (k, v) in &r.metrics {
        rows.push(vec![
            k.clone(),
            format_stat(*v, 5),
            r.baseline
                .get(k)
                .map_or(String::new(), |b| format_stat(*b, 5)),
            r.cv.as_ref()
                .and_then(|cv| cv.std.get(k))
                .map_or(String::new(), |s| format_stat(*s, 3)),
        ]);
    }
    let widths: Vec<usize> = (0..4)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    for row in &rows {
        let line = format!(
            "{:<w0$}  {:>w1$}  {:>w2$}  {:>w3$}",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3]
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if let Some(line) = r.imputed_line() {
        out.push_str(&format!("\n{line}\n"));
    }
    for w in &r.warnings {
        out.push_str(&format!("\nwarning: {w}"));
    }
    if !r.warnings.is_empty() {
        out.push('\n');
    }
    out
}

/// `training logistic: fold 2 of 5`, or `training logistic` for a single split.
pub fn fold_line(model: &str, p: TrainProgress) -> String {
    if p.folds > 1 {
        format!("training {model}: fold {} of {}", p.fold + 1, p.folds)
    } else {
        format!("training {model}")
    }
}
