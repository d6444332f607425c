//! The glossary: medical words and what they mean, kept as library data
//! (`handouts/library/glossary.toml`), so resolve can explain each one the first time it appears
//! in a handout, whichever sections the handout holds and in whatever order.

use serde::Deserialize;

use super::LibraryError;

/// One medical word.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub term: String,
    /// Other spellings matched too (plurals...).
    #[serde(default)]
    pub forms: Vec<String>,
    /// A say-it guide, e.g. "high-per-cal-SEE-mee-uh".
    #[serde(default)]
    pub say: Option<String>,
    /// A short plain-words meaning.
    pub means: String,
}

impl Term {
    /// Every spelling to look for, longest first (so "bone scans" wins over "bone scan").
    pub fn spellings(&self) -> Vec<&str> {
        let mut all: Vec<&str> = std::iter::once(self.term.as_str())
            .chain(self.forms.iter().map(String::as_str))
            .collect();
        all.sort_by_key(|s| std::cmp::Reverse(s.len()));
        all.dedup();
        all
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    /// The date the meanings were last checked against their sources.
    reviewed: Option<String>,
    /// Where the meanings and say-it guides come from, each with its year.
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    term: Vec<Term>,
}

pub fn parse(text: &str) -> Result<Vec<Term>, LibraryError> {
    let err = |message: String| LibraryError {
        file: "glossary.toml".into(),
        message,
    };
    let file: File = toml::from_str(text).map_err(|e| err(e.to_string()))?;
    if file.reviewed.as_deref().is_none_or(|r| r.trim().is_empty()) || file.sources.is_empty() {
        return Err(err(
            "needs `reviewed = \"YYYY-MM-DD\"` and a non-empty `sources` list at the top".into(),
        ));
    }
    for (i, t) in file.term.iter().enumerate() {
        if t.term.trim().is_empty() || t.means.trim().is_empty() {
            return Err(err(format!("term {} needs `term` and `means`", i + 1)));
        }
        if file.term[..i]
            .iter()
            .any(|o| o.term.eq_ignore_ascii_case(&t.term))
        {
            return Err(err(format!("`{}` is defined twice", t.term)));
        }
    }
    Ok(file.term)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TERM: &str = "[[term]]\nterm = \"MRI\"\nmeans = \"a scan\"\n";

    #[test]
    fn a_glossary_without_sources_or_review_date_is_refused() {
        let no_sources = format!("reviewed = \"2026-11-28\"\n{TERM}");
        assert!(parse(&no_sources).unwrap_err().message.contains("sources"));
        let no_date = format!("sources = [\"NCI\"]\n{TERM}");
        assert!(parse(&no_date).unwrap_err().message.contains("reviewed"));
        let ok = format!("reviewed = \"2026-11-28\"\nsources = [\"NCI\"]\n{TERM}");
        assert_eq!(parse(&ok).unwrap().len(), 1);
    }

    #[test]
    fn the_library_glossary_parses_and_no_meaning_uses_another_term() {
        let terms = parse(include_str!("../../handouts/library/glossary.toml")).unwrap();
        assert!(terms.len() > 50);
        for t in &terms {
            for o in terms.iter().filter(|o| o.term != t.term) {
                for word in o.spellings() {
                    let found = t
                        .means
                        .to_lowercase()
                        .match_indices(&word.to_lowercase())
                        .any(|(at, w)| {
                            let before = t.means[..at].chars().last();
                            let after = t.means[at + w.len()..].chars().next();
                            !before.is_some_and(|c| c.is_alphanumeric() || c == '-')
                                && !after.is_some_and(|c| c.is_alphanumeric() || c == '-')
                        });
                    assert!(
                        !found,
                        "`{}` is explained with another term, `{word}`",
                        t.term
                    );
                }
            }
        }
    }
}
