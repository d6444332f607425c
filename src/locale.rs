//! The words the program itself prints on a page (box names, the opening lines, pointers,
//! fallbacks for missing phone numbers), one data file per language under `handouts/locale/`,
//! so a new language is a new file rather than edits across the code.

use std::sync::OnceLock;

use serde::Deserialize;

const EN: &str = include_str!("../handouts/locale/en.toml");

/// One language's words. Placeholders are `{name}`, filled with [`fill`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    pub key_points: String,
    pub intro_name: String,
    pub intro_who: String,
    pub intro_who_booklet: String,
    pub intro_purpose: String,
    pub default_purpose: String,
    pub intro_disclaimer: String,
    pub see_box: String,
    pub see_section: String,
    pub glossary_say: String,
    pub care_team: String,
    pub call_named: String,
    pub blank: String,
    pub after_hours_line: String,
    pub day_line: String,
    pub content_version: String,
}

/// The words for a language tag ("en", "en-US"); English where a language has no file yet.
pub fn words(_language: &str) -> &'static Words {
    static EN_WORDS: OnceLock<Words> = OnceLock::new();
    EN_WORDS.get_or_init(|| toml::from_str(EN).expect("handouts/locale/en.toml is valid (tested)"))
}

/// Replaces each `{key}` in `template` with its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (k, v) in values {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_load_and_fill() {
        let w: Words = toml::from_str(EN).unwrap();
        assert!(w.see_box.contains("{page}"));
        assert_eq!(
            fill("Call {who} at {n}", &[("who", "us"), ("n", "1")]),
            "Call us at 1"
        );
    }
}
