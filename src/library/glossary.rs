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
    #[serde(default)]
    term: Vec<Term>,
}

pub fn parse(text: &str) -> Result<Vec<Term>, LibraryError> {
    let err = |message: String| LibraryError {
        file: "glossary.toml".into(),
        message,
    };
    let file: File = toml::from_str(text).map_err(|e| err(e.to_string()))?;
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
