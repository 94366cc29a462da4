//! Paths typed at the app's prompts, read as a shell would read them: a leading `~` is the home
//! folder and `$VAR` or `${VAR}` the variable's value, so `~/data/out.csv` and
//! `$SCRATCH/out.csv` name what they name in the user's shell.

/// `text` with a leading `~` (alone or before `/`) and each `$NAME` or `${NAME}` replaced, the
/// values taken from `env`. A variable that is not set is an error (where a shell would put
/// nothing, and a path would silently move to the root), with the byte position of its `$`;
/// a `$` not followed by a name stays as it is, as does `~user`.
pub fn expand(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<String, (String, usize)> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    if rest == "~" || rest.starts_with("~/") {
        let home = env("HOME")
            .filter(|h| !h.is_empty())
            .ok_or_else(|| ("`~` needs HOME, which is not set".to_string(), 0))?;
        out.push_str(&home);
        rest = &rest[1..];
    }
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let position = text.len() - rest.len() + at;
        let after = &rest[at + 1..];
        let (name, used) = match after.strip_prefix('{') {
            Some(inner) => match inner.find('}') {
                Some(end) => (&inner[..end], end + 2),
                None => return Err(("`${` is not closed by `}`".to_string(), position)),
            },
            None => {
                let end = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(after.len());
                (&after[..end], end)
            }
        };
        let valid = name.chars().next().is_some_and(|c| !c.is_ascii_digit())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            out.push('$');
            rest = after;
            continue;
        }
        match env(name) {
            Some(value) => out.push_str(&value),
            None => return Err((format!("`${name}` is not set"), position)),
        }
        rest = &after[used..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "HOME" => Some("/home/ada".into()),
            "SCRATCH" => Some("/scratch/ada".into()),
            "RUN_1" => Some("r1".into()),
            _ => None,
        }
    }

    #[test]
    fn home_and_variables_are_expanded() {
        let ok = |t: &str| expand(t, &env).unwrap();
        assert_eq!(ok("~/out.csv"), "/home/ada/out.csv");
        assert_eq!(ok("~"), "/home/ada");
        assert_eq!(ok("$SCRATCH/out.csv"), "/scratch/ada/out.csv");
        assert_eq!(ok("${SCRATCH}x/$RUN_1.csv"), "/scratch/adax/r1.csv");
        assert_eq!(ok("~/$RUN_1/~"), "/home/ada/r1/~");
        // Left as typed: no name after `$`, `~user`, a `~` inside, plain paths.
        assert_eq!(ok("cost$.csv"), "cost$.csv");
        assert_eq!(ok("a$1.csv"), "a$1.csv");
        assert_eq!(ok("~bob/x"), "~bob/x");
        assert_eq!(ok("out.csv"), "out.csv");
        assert_eq!(ok("données/$HOME"), "données//home/ada");
    }

    #[test]
    fn an_unset_variable_is_an_error_at_its_dollar() {
        assert_eq!(
            expand("out/$NOPE/x.csv", &env),
            Err(("`$NOPE` is not set".to_string(), 4))
        );
        assert_eq!(
            expand("${SCRATCH/x", &env),
            Err(("`${` is not closed by `}`".to_string(), 0))
        );
        assert_eq!(
            expand("~/x", &|_| None),
            Err(("`~` needs HOME, which is not set".to_string(), 0))
        );
    }
}
