//! `::: when COND` lines read into typed conditions at parse time, so a misspelt treatment,
//! cancer type or section is refused whether or not the block would be printed.

use crate::document::Condition;
use crate::treatments;

/// The condition of a `::: when` line (`line` is the whole trimmed line, for messages;
/// `cond` what follows `::: when`). `known_sections` lists the library's section ids that
/// `section=` may name; `None` accepts any id.
pub fn condition(
    line: &str,
    cond: &str,
    known_sections: Option<&[&str]>,
) -> Result<Condition, String> {
    let (key, values) = cond.trim().split_once('=').ok_or_else(|| {
        format!("`{line}`: write `::: when treatments=a,b`, `cancer=a` or `section=id`")
    })?;
    let values: Vec<String> = values
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect();
    match key.trim() {
        "treatments" => {
            if let Some(bad) = values.iter().find(|v| !treatments::is_condition_term(v)) {
                return Err(format!("`{line}` names unknown treatment `{bad}`"));
            }
            Ok(Condition::Treatments(values))
        }
        "cancer" => {
            if let Some(bad) = values
                .iter()
                .find(|v| !treatments::CANCERS.contains(&v.as_str()))
            {
                return Err(format!("`{line}` names unknown cancer type `{bad}`"));
            }
            Ok(Condition::Cancer(values))
        }
        "section" => {
            if let Some(known) = known_sections {
                if let Some(bad) = values.iter().find(|v| !known.contains(&v.as_str())) {
                    return Err(format!("`{line}` names unknown section `{bad}`"));
                }
            }
            Ok(Condition::Section(values))
        }
        other => Err(format!(
            "`{line}`: unknown condition `{other}` (use treatments=, cancer= or section=)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_are_typed_and_checked() {
        let c = condition(
            "::: when treatments=sbrt, denosumab",
            " treatments=sbrt, denosumab",
            None,
        );
        assert_eq!(
            c,
            Ok(Condition::Treatments(vec![
                "sbrt".into(),
                "denosumab".into()
            ]))
        );
        let e = condition("::: when treatments=aspirin", " treatments=aspirin", None).unwrap_err();
        assert_eq!(
            e,
            "`::: when treatments=aspirin` names unknown treatment `aspirin`"
        );
        assert!(condition("::: when cancer=myeloma", " cancer=myeloma", None).is_ok());
        assert!(condition("::: when cancer=flu", " cancer=flu", None).is_err());
        let known = ["jaw-care"];
        assert!(condition("l", "section=jaw-care", Some(&known)).is_ok());
        let e = condition("l", "section=nope", Some(&known)).unwrap_err();
        assert!(e.contains("unknown section `nope`"), "{e}");
        assert!(condition("l", "section=nope", None).is_ok());
        assert!(condition("l", "weather=rain", None)
            .unwrap_err()
            .contains("unknown condition `weather`"));
        assert!(condition("l", "treatments", None).is_err());
    }
}
