//! The handout definition: the TOML file a clinic writes. This module owns its schema, reads it
//! with serde (unknown fields are errors), and turns every problem into one message that names
//! the file, line and column and says how to fix it. [`Definition::check`] then turns it into
//! a typed, checked [`Request`], the only thing later stages see.

mod request;
mod source_map;
mod style_check;

pub use request::{Located, LogoChoice, PatientInfo, Request, SectionChoice, SectionOptions};
pub use source_map::SourceMap;

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// A parsed handout definition, with the text it came from so that later stages can point at
/// the line a problem is on.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    pub title: String,
    pub subtitle: Option<String>,
    #[serde(default = "default_language")]
    pub language: String,
    /// A curated list of library sections to start from.
    pub preset: Option<Spanned<String>>,
    /// Library sections to leave out (from the preset).
    #[serde(default)]
    pub skip: Vec<Spanned<String>>,
    /// The date printed on a booklet's cover (`--date` overrides it), e.g. "2026-11-23".
    pub date: Option<String>,
    /// Completes "It will help you …" in the opening lines (default: the preset's, else a
    /// general one).
    pub purpose: Option<String>,
    #[serde(default)]
    pub clinic: Clinic,
    #[serde(default)]
    pub patient: Patient,
    #[serde(default)]
    pub style: StyleSpec,
    #[serde(default, rename = "section")]
    pub sections: Vec<SectionEntry>,
    #[serde(skip)]
    pub path: PathBuf,
    #[serde(skip)]
    pub source: String,
}

fn default_language() -> String {
    "en".to_string()
}

/// The clinic, printed in the footer and on the cover.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Clinic {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub after_hours: Option<String>,
    /// The emergency number (911 unless the clinic is elsewhere: 112, 999...).
    pub emergency: Option<String>,
    /// The day `phone` is answered day and night, so it may stand where the after-hours number
    /// would.
    #[serde(default)]
    pub day_and_night: bool,
    /// PNG or JPEG, relative to the definition file.
    pub logo: Option<Spanned<String>>,
    /// Words a screen reader says for the logo (default: "<clinic name> logo").
    pub logo_alt: Option<String>,
}

/// The patient a handout is tailored to; all optional.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Patient {
    pub name: Option<String>,
    /// An identifier for batch file names; never printed.
    pub id: Option<String>,
    #[serde(default)]
    pub treatments: Vec<Spanned<String>>,
    pub cancer: Option<Spanned<String>>,
}

/// Overrides of the large-print house style.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StyleSpec {
    pub page: Option<Spanned<String>>,
    pub body_size: Option<Spanned<f32>>,
    #[serde(default)]
    pub allow_small_print: bool,
    #[serde(default)]
    pub booklet: bool,
    /// Write PDF/A-2a as well as PDF/UA-1 (default true).
    pub pdf_a: Option<bool>,
    /// Booklet creep: how far, in millimetres, the innermost sheet's pages shift toward the spine.
    pub creep_mm: Option<Spanned<f32>>,
}

/// One `[[section]]`: a library section by id, or one written inline.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SectionEntry {
    #[serde(rename = "use")]
    pub use_id: Option<Spanned<String>>,
    pub title: Option<String>,
    pub body: Option<String>,
    #[serde(default)]
    pub add_questions: Vec<String>,
    pub write_in_lines: Option<u32>,
    /// Sources for an inline section (shown on the last page).
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A problem with a definition file.
#[derive(Debug, Clone, PartialEq)]
pub struct DefinitionError {
    pub file: PathBuf,
    /// 1-based line and column, where the problem has a place in the file.
    pub position: Option<(usize, usize)>,
    pub message: String,
    pub help: Option<String>,
    /// The byte range the problem is at, in the definition's text (or, for a value an
    /// [`Overlay`](crate::overlay::Overlay) laid on, the span it gave that value).
    pub span: Option<Range<usize>>,
}

impl std::fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DefinitionError {}

impl Definition {
    /// Reads and parses a definition file.
    pub fn load(path: &Path) -> Result<Definition, DefinitionError> {
        let source =
            crate::files::read_text_input(path, "definition", crate::files::DEFINITION_LIMIT_BYTES)
                .map_err(|reason| DefinitionError {
                    file: path.to_path_buf(),
                    position: None,
                    message: format!("cannot read the definition: {reason}"),
                    help: Some("give the path of a handout definition (a .toml text file)".into()),
                    span: None,
                })?;
        Definition::parse(path, &source)
    }

    /// Parses definition text; `path` names it in messages and anchors relative paths.
    pub fn parse(path: &Path, source: &str) -> Result<Definition, DefinitionError> {
        if source.trim().is_empty() {
            return Err(DefinitionError {
                file: path.to_path_buf(),
                position: None,
                message: "the definition is empty".into(),
                help: Some(
                    "start with a line such as: title = \"Living with Bone Metastases\"".into(),
                ),
                span: None,
            });
        }
        let mut def: Definition = toml::from_str(source).map_err(|e| {
            let position = e.span().map(|s| line_col(source, s.start));
            let message = crate::toml_hints::one_line(e.message());
            let help = suggest_field(&message)
                .or_else(|| crate::toml_hints::fix(&message, source, e.span().map(|s| s.start)));
            DefinitionError {
                file: path.to_path_buf(),
                position,
                help,
                message,
                span: e.span(),
            }
        })?;
        def.path = path.to_path_buf();
        def.source = source.to_string();
        def.validate()?;
        Ok(def)
    }

    /// The folder relative paths in the definition are taken from.
    pub fn base_dir(&self) -> PathBuf {
        self.path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    fn validate(&self) -> Result<(), DefinitionError> {
        if self.title.trim().is_empty() {
            return Err(self.source_map().error_at(
                None,
                "the title is empty".into(),
                Some("give the handout a title".into()),
            ));
        }
        for (i, s) in self.sections.iter().enumerate() {
            let n = i + 1;
            match (&s.use_id, &s.title, &s.body) {
                (Some(_), _, Some(_)) => {
                    return Err(self.source_map().error_at(
                        s.use_id.as_ref().map(|u| u.span()),
                        format!("section {n} has both `use` and `body`"),
                        Some("use a library section with `use = \"id\"`, or write your own with `title` and `body`, not both".into()),
                    ))
                }
                (None, None, _) | (None, _, None) => {
                    return Err(self.source_map().error_at(
                        None,
                        format!("section {n} has neither `use` nor both `title` and `body`"),
                        Some("add `use = \"<library id>\"` (see `handout sections`), or a `title` and a `body`".into()),
                    ))
                }
                _ => {}
            }
        }
        if !is_language_tag(&self.language) {
            return Err(self.source_map().error_at(
                span_of(&self.source, "language"),
                format!("language = \"{}\" is not a language tag", self.language),
                Some("use a tag such as \"en\", \"es\" or \"fr-CA\"".into()),
            ));
        }
        if let Some(d) = &self.date {
            if !is_iso_date(d) {
                return Err(self.source_map().error_at(
                    span_of(&self.source, "date"),
                    format!("date = \"{d}\" is not a date"),
                    Some("write the date as YYYY-MM-DD, for example date = \"2026-11-23\"".into()),
                ));
            }
        }
        self.check_characters()?;
        for (i, sec) in self.sections.iter().enumerate() {
            if let Some(n) = sec.write_in_lines.filter(|n| !(1..=40).contains(n)) {
                return Err(self.source_map().error_at(
                    self.key_in_section(i, "write_in_lines"),
                    format!(
                        "write_in_lines = {n} in section {}: give from 1 to 40 lines",
                        i + 1
                    ),
                    Some(
                        "a page holds about 20 write-in lines; remove write_in_lines for none"
                            .into(),
                    ),
                ));
            }
        }
        if self.sections.is_empty() && self.preset.is_none() {
            return Err(self.source_map().error_at(
                None,
                "the definition has no sections".into(),
                Some(
                    "add a `preset = \"bone-health\"` line or one or more [[section]] tables"
                        .into(),
                ),
            ));
        }
        Ok(())
    }
}

impl Definition {
    /// The span of `key = ...` inside the `index`-th `[[section]]` table (found by text).
    fn key_in_section(&self, index: usize, key: &str) -> Option<Range<usize>> {
        let (start, _) = self.source.match_indices("[[section]]").nth(index)?;
        let end = self.source[start + 1..]
            .find("[[section]]")
            .map_or(self.source.len(), |e| start + 1 + e);
        let at = start + self.source[start..end].find(key)?;
        Some(at..at + key.len())
    }

    /// Every text value a user gives is printed as given: refuse the characters that cannot be
    /// (control characters, which also upset terminals, and the invisible bidirectional
    /// controls that reorder what a reader sees), naming the field, line and column.
    fn check_characters(&self) -> Result<(), DefinitionError> {
        let mut fields: Vec<(String, &str, bool)> = vec![("title".into(), &self.title, false)];
        let optional = [
            ("subtitle", &self.subtitle),
            ("clinic.name", &self.clinic.name),
            ("clinic.phone", &self.clinic.phone),
            ("clinic.after_hours", &self.clinic.after_hours),
            ("clinic.logo_alt", &self.clinic.logo_alt),
            ("patient.name", &self.patient.name),
        ];
        for (name, value) in optional {
            if let Some(v) = value {
                fields.push((name.to_string(), v, false));
            }
        }
        for (i, sec) in self.sections.iter().enumerate() {
            let n = i + 1;
            if let Some(t) = &sec.title {
                fields.push((format!("section {n}'s title"), t, false));
            }
            if let Some(b) = &sec.body {
                fields.push((format!("section {n}'s body"), b, true));
            }
            for q in &sec.add_questions {
                fields.push((format!("section {n}'s add_questions"), q, false));
            }
        }
        for (name, value, multiline) in fields {
            let bad = value.chars().find(|&c| {
                let allowed = c == '\t' || (multiline && (c == '\n' || c == '\r'));
                (c.is_control() && !allowed)
                    || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
            });
            if let Some(c) = bad {
                let code = c as u32;
                let at = self
                    .source
                    .find(c)
                    .or_else(|| {
                        let lower = self.source.to_lowercase();
                        lower
                            .find(&format!("\\u{code:04x}"))
                            .or_else(|| lower.find(&format!("\\u{code:08x}")))
                    })
                    .map(|i| i..i + 1);
                return Err(self.source_map().error_at(
                    at,
                    format!("{name} holds the invisible control character U+{code:04X}, which cannot be printed"),
                    Some("remove it (it often comes from copying text out of another program)".into()),
                ));
            }
        }
        Ok(())
    }
}

/// Whether `text` looks like a BCP 47 language tag ("en", "es", "fr-CA", "zh-Hant").
pub fn is_language_tag(text: &str) -> bool {
    let mut parts = text.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Whether `text` is a calendar date written YYYY-MM-DD.
pub fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let num = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    if !(num(y, 4) && num(m, 2) && num(d, 2)) {
        return false;
    }
    let (y, m, d): (u32, u32, u32) = (
        y.parse().unwrap_or(0),
        m.parse().unwrap_or(0),
        d.parse().unwrap_or(0),
    );
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    (1..=12).contains(&m) && d >= 1 && d <= days[(m - 1) as usize]
}

/// The byte range of a top-level `key = ...` line, for pointing at fields kept as plain values.
fn span_of(source: &str, key: &str) -> Option<Range<usize>> {
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with('[') {
            return None;
        }
        if t.strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with('='))
        {
            let start = offset + (line.len() - t.len());
            return Some(start..start + t.trim_end().len());
        }
        offset += line.len();
    }
    None
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

/// The candidate closest to `word`, if it is close enough to be a likely misspelling.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(&word, c), c))
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// For toml's "unknown field `x`, expected one of `a`, `b`" messages: the nearest field.
fn suggest_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match nearest(field, names.iter().copied()) {
        Some(n) => Some(format!("did you mean `{n}`?")),
        None => Some(format!(
            "remove `{field}`; the fields allowed here are: {}",
            names.join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Definition, DefinitionError> {
        Definition::parse(Path::new("test.toml"), text)
    }

    #[test]
    fn minimal_definition_parses() {
        let d = parse("title = \"T\"\n[[section]]\nuse = \"exercise-tips\"\n").unwrap();
        assert_eq!(d.sections.len(), 1);
        assert_eq!(d.language, "en");
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let e = parse("title = \"T\"\n[[section]]\nuse = exercise\n").unwrap_err();
        assert_eq!(e.position.map(|p| p.0), Some(3));
        assert!(e.to_string().starts_with("test.toml:3:"), "{e}");
    }

    #[test]
    fn unknown_field_suggests_the_nearest() {
        let e =
            parse("title = \"T\"\n[style]\nbodysize = 20\n[[section]]\nuse = \"x\"\n").unwrap_err();
        assert_eq!(e.position.map(|p| p.0), Some(3));
        assert_eq!(e.help.as_deref(), Some("did you mean `body_size`?"));
    }

    #[test]
    fn empty_file_is_refused() {
        let e = parse("  \n").unwrap_err();
        assert!(e.message.contains("empty"));
    }

    #[test]
    fn section_needs_use_or_title_and_body() {
        let e = parse("title = \"T\"\n[[section]]\ntitle = \"Only a title\"\n").unwrap_err();
        assert!(e.message.contains("section 1"), "{e}");
    }

    #[test]
    fn language_tags_are_checked() {
        assert!(is_language_tag("en") && is_language_tag("fr-CA") && is_language_tag("zh-Hant"));
        assert!(!is_language_tag("English") && !is_language_tag("") && !is_language_tag("en_US"));
        let e =
            parse("title = \"T\"\nlanguage = \"English\"\n[[section]]\nuse = \"x\"\n").unwrap_err();
        assert_eq!(e.position, Some((2, 1)));
    }

    #[test]
    fn dates_are_checked() {
        assert!(is_iso_date("2026-11-23"));
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2026-02-29"));
        assert!(!is_iso_date("23/11/2026"));
        let e =
            parse("title = \"T\"\ndate = \"tomorrow\"\n[[section]]\nuse = \"x\"\n").unwrap_err();
        assert_eq!(e.position, Some((2, 1)));
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\ncdé f", 7), (2, 4));
    }
}
