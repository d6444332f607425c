//! The words the program itself prints on a page (box names, the opening lines, pointers,
//! fallbacks for missing phone numbers), one data file per language under `handouts/locale/`,
//! so a new language is a new file rather than edits across the code.

use std::sync::OnceLock;

use serde::Deserialize;

const EN: &str = include_str!("../handouts/locale/en.toml");
const ES: &str = include_str!("../handouts/locale/es.toml");

/// The languages that have a words file, by primary subtag.
pub const LANGUAGES: &[&str] = &["en", "es"];

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
    pub glossary_say_only: String,
    /// What a question list's check box reads as (to a screen reader).
    pub check_box: String,
    pub care_team: String,
    pub call_named: String,
    pub blank: String,
    pub after_hours_line: String,
    pub day_line: String,
    pub content_version: String,
    pub page_of: String,
    /// The name of a box repeated above its rest on a new page, from `{name}`.
    pub continued: String,
    pub prepared_for: String,
    pub about_heading: String,
    pub sources_lead: String,
    pub reviewed: String,
    pub contents: String,
    pub notes: String,
    pub notes_prompt: String,
    pub back_cover_heading: String,
    pub back_cover_now: String,
    pub phone_label: String,
    pub after_hours_label: String,
    pub made_on: String,
    pub go_to: String,
    pub print_copy: String,
    pub logo_alt: String,
    pub logo_alt_default: String,
    /// A date in words, from `{day}`, `{month}` (a name from `months`) and `{year}`.
    pub date: String,
    pub months: [String; 12],
}

impl Words {
    /// "2026-11-23" → "November 23, 2026" (in this language); anything else as given.
    pub fn date_in_words(&self, date: &str) -> String {
        let parts: Vec<&str> = date.split('-').collect();
        if let [y, m, d] = parts.as_slice() {
            if let (Ok(m), Ok(d)) = (m.parse::<usize>(), d.parse::<u32>()) {
                if (1..=12).contains(&m) && (1..=31).contains(&d) && y.len() == 4 {
                    return fill(
                        &self.date,
                        &[
                            ("month", &self.months[m - 1]),
                            ("day", &d.to_string()),
                            ("year", y),
                        ],
                    );
                }
            }
        }
        date.to_string()
    }
}

/// The primary subtag of a language tag, lower case: "es-MX" → "es", "EN" → "en".
pub fn primary(language: &str) -> String {
    language
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// The words for a language tag, by its primary subtag ("es", "es-US", "es-MX" → Spanish);
/// English where a language has no file yet.
pub fn words(language: &str) -> &'static Words {
    static EN_WORDS: OnceLock<Words> = OnceLock::new();
    static ES_WORDS: OnceLock<Words> = OnceLock::new();
    match primary(language).as_str() {
        "es" => ES_WORDS
            .get_or_init(|| toml::from_str(ES).expect("handouts/locale/es.toml is valid (tested)")),
        _ => EN_WORDS
            .get_or_init(|| toml::from_str(EN).expect("handouts/locale/en.toml is valid (tested)")),
    }
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

    #[test]
    fn spanish_words_load_and_are_picked_by_the_primary_subtag() {
        let es: Words = toml::from_str(ES).unwrap();
        assert_eq!(es.page_of, "Página {number} de {total}");
        for tag in ["es", "es-US", "es-MX", "ES"] {
            assert_eq!(words(tag).key_points, "Puntos clave", "{tag}");
        }
        for tag in ["en", "en-US", "fr", "zz-Latn"] {
            assert_eq!(words(tag).key_points, "Key points", "{tag}");
        }
        assert_eq!(
            words("es").date_in_words("2026-11-28"),
            "28 de noviembre de 2026"
        );
        assert_eq!(words("en").date_in_words("2026-11-28"), "November 28, 2026");
    }

    #[test]
    fn every_language_keeps_the_english_placeholders() {
        let placeholders = |s: &str| {
            let mut out: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(k, _)| k.to_string()))
                .collect();
            out.sort();
            out
        };
        let en: toml::Table = toml::from_str(EN).unwrap();
        let es: toml::Table = toml::from_str(ES).unwrap();
        assert_eq!(en.keys().collect::<Vec<_>>(), es.keys().collect::<Vec<_>>());
        for (key, value) in &en {
            if let (Some(e), Some(s)) = (value.as_str(), es[key].as_str()) {
                assert_eq!(placeholders(e), placeholders(s), "`{key}`");
                if e.chars().any(char::is_alphabetic) {
                    assert_ne!(e, s, "`{key}` is not translated");
                }
            }
        }
    }
}
