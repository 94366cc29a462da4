//! Reading a training spec from what a person typed: the one parser of hyperparameters
//! (`key=value`, several values `a|b|c` making a grid), of the task's name and of feature lists,
//! shared by `lathe train`'s flags and the app's train form. Each front end says a mistake in
//! its own words (naming its flag or its field); what is a mistake is decided here.
//!
//! The two front ends keep different evaluation defaults on purpose: `lathe train` holds out
//! 20% of the rows ([`DEFAULT_HOLDOUT`], as a first look from a script is quick), the app's form
//! starts at 5-fold cross-validation (its leaderboard compares runs, where folds are fairer).

use std::collections::BTreeMap;

use super::features::{Impute, Task};

/// `lathe train`'s share of training rows when neither `--split`, `--cv` nor `--test` is given.
pub const DEFAULT_HOLDOUT: f64 = 0.8;

/// One typed hyperparameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    /// `alpha=0.1`, or `alpha=0.1|1|10` (a grid over its values).
    Values { key: String, values: Vec<f64> },
    /// `impute=median|mean|none`: how missing features are filled, not a model parameter.
    Impute(Impute),
}

/// Why a typed hyperparameter was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamError {
    /// No `=`.
    NotKeyValue,
    /// A value that is not a number.
    NotNumber,
    /// An `impute=` value that is not a way to impute (the message says which are).
    Impute(crate::core::model::ModelError),
}

/// Read one `key=value`; spaces around the key and the values do not matter.
pub fn param(text: &str) -> Result<Param, ParamError> {
    let (key, value) = text.split_once('=').ok_or(ParamError::NotKeyValue)?;
    let key = key.trim();
    if key == "impute" {
        return Impute::parse(value)
            .map(Param::Impute)
            .map_err(ParamError::Impute);
    }
    let values = value
        .split('|')
        .map(|v| v.trim().parse::<f64>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| ParamError::NotNumber)?;
    Ok(Param::Values {
        key: key.to_string(),
        values,
    })
}

/// Every combination of the parameters' values, the first parameter varying slowest; one empty
/// map for no parameters. A key given twice multiplies the runs, its later values winning.
pub fn grid(params: &[(String, Vec<f64>)]) -> Vec<BTreeMap<String, f64>> {
    let mut grid = vec![BTreeMap::new()];
    for (key, values) in params {
        grid = grid
            .into_iter()
            .flat_map(|g| {
                values.iter().map(move |x| {
                    let mut g = g.clone();
                    g.insert(key.clone(), *x);
                    g
                })
            })
            .collect();
    }
    grid
}

/// A task by its name (`regression`, `classification`, `clustering`); `None` for anything else.
pub fn task(name: &str) -> Option<Task> {
    [Task::Regression, Task::Classification, Task::Clustering]
        .into_iter()
        .find(|t| t.name() == name)
}

/// Comma-separated column names, trimmed, empty entries left out.
pub fn feature_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_numbers_grids_or_the_imputation() {
        assert_eq!(
            param(" alpha = 0.5 "),
            Ok(Param::Values {
                key: "alpha".into(),
                values: vec![0.5]
            })
        );
        assert_eq!(
            param("k=1|2| 3"),
            Ok(Param::Values {
                key: "k".into(),
                values: vec![1.0, 2.0, 3.0]
            })
        );
        assert_eq!(param("impute=mean"), Ok(Param::Impute(Impute::Mean)));
        assert_eq!(param("alpha"), Err(ParamError::NotKeyValue));
        assert_eq!(param("alpha=x"), Err(ParamError::NotNumber));
        assert_eq!(param("alpha=1|"), Err(ParamError::NotNumber));
        assert!(matches!(param("impute=often"), Err(ParamError::Impute(_))));
    }

    #[test]
    fn grids_combine_every_value() {
        let g = grid(&[("a".into(), vec![1.0, 2.0]), ("b".into(), vec![3.0, 4.0])]);
        let pairs: Vec<(f64, f64)> = g.iter().map(|m| (m["a"], m["b"])).collect();
        assert_eq!(pairs, [(1.0, 3.0), (1.0, 4.0), (2.0, 3.0), (2.0, 4.0)]);
        assert_eq!(grid(&[]), vec![BTreeMap::new()]);
    }

    #[test]
    fn tasks_and_features_by_name() {
        assert_eq!(task("regression"), Some(Task::Regression));
        assert_eq!(task("clustering"), Some(Task::Clustering));
        assert_eq!(task("auto"), None);
        assert_eq!(feature_list(" a, ,b ,"), ["a", "b"]);
    }
}
