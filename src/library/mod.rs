//! The section library: the Markdown files under handouts/library, embedded at compile time,
//! with their front matter (title, summary, sources, review date, conditions, key points), the
//! presets, the warning boxes, the glossary and the library's version; and the same library in
//! other languages (Spanish under handouts/library/es/), looked up by (id, language). Every
//! body and key point is parsed once, here, into its block tree (with `::: when` blocks and
//! placeholders left for resolve), so a build never parses the library's Markdown.

pub mod glossary;
pub mod translation;
pub use crate::treatments;
pub mod warnings;

use translation::Translation;

use serde::Deserialize;

use crate::document::{Block, Inlines};

include!(concat!(env!("OUT_DIR"), "/library_files.rs"));

const PRESETS: &str = include_str!("../../handouts/presets.toml");
const WARNINGS: &str = include_str!("../../handouts/library/warnings.toml");
const GLOSSARY: &str = include_str!("../../handouts/library/glossary.toml");
const ABOUT: &str = include_str!("../../handouts/library/library.toml");

/// The Spanish library's files (the section twins come from build.rs).
const SPANISH: translation::Files = translation::Files {
    language: "es",
    name: "Spanish",
    sections: SECTION_FILES_ES,
    warnings: include_str!("../../handouts/library/es/warnings.toml"),
    glossary: include_str!("../../handouts/library/es/glossary.toml"),
    presets: include_str!("../../handouts/library/es/presets.toml"),
};

/// The most key points a section may open with.
pub const MAX_KEY_POINTS: usize = 3;

/// One library section.
#[derive(Debug, Clone)]
pub struct LibrarySection {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub language: String,
    pub reviewed: String,
    pub sources: Vec<String>,
    pub when_treatments: Vec<String>,
    pub when_cancer: Vec<String>,
    /// At most three short sentences, shown in a box at the top of the section.
    pub key_points: Vec<String>,
    /// The key points as inline text, their placeholders split out (parsed at load).
    pub key_point_text: Vec<Inlines>,
    /// The Markdown source of the body (for the library's own lints).
    pub body: &'static str,
    /// The body parsed at load: its block tree with `When` blocks and placeholders.
    pub blocks: Vec<Block>,
    pub file: &'static str,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: String,
    title: String,
    summary: String,
    language: String,
    reviewed: String,
    sources: Vec<String>,
    #[serde(default)]
    when_treatments: Vec<String>,
    #[serde(default)]
    when_cancer: Vec<String>,
    #[serde(default)]
    key_points: Vec<String>,
}

/// A curated list of sections.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    pub summary: String,
    /// Completes "It will help you …" in the handout's opening lines.
    #[serde(default)]
    pub purpose: Option<String>,
    pub sections: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct About {
    version: String,
}

/// A defect in a library file (found by the tests before it ships).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryError {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for LibraryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "handouts/library/{}: {}", self.file, self.message)
    }
}

impl std::error::Error for LibraryError {}

/// Every section and preset.
#[derive(Debug, Clone)]
pub struct Library {
    pub sections: Vec<LibrarySection>,
    pub presets: Vec<(String, Preset)>,
    pub warnings: warnings::Warnings,
    pub glossary: Vec<glossary::Term>,
    /// The content version printed on the last page.
    pub version: String,
    /// The library in other languages (Spanish).
    pub translations: Vec<Translation>,
}

/// One language's shelf of the library: its sections, warning boxes and glossary.
#[derive(Debug, Clone, Copy)]
pub struct Shelf<'a> {
    /// The primary language subtag ("en", "es").
    pub language: &'a str,
    /// The language's name in English, for messages.
    pub name: &'a str,
    pub sections: &'a [LibrarySection],
    pub warnings: &'a warnings::Warnings,
    pub glossary: &'a [glossary::Term],
    library: &'a Library,
    translation: Option<&'a Translation>,
}

impl<'a> Shelf<'a> {
    pub fn get(&self, id: &str) -> Option<&'a LibrarySection> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// A preset's summary in this language (the English one where the shelf has none).
    pub fn preset_summary(&self, name: &str) -> Option<&'a str> {
        self.translated_preset(name)
            .map(|p| p.summary.as_str())
            .or_else(|| self.library.preset(name).map(|p| p.summary.as_str()))
    }

    /// A preset's purpose line in this language, if it has one.
    pub fn preset_purpose(&self, name: &str) -> Option<&'a str> {
        match self.translation {
            Some(_) => self.translated_preset(name)?.purpose.as_deref(),
            None => self.library.preset(name)?.purpose.as_deref(),
        }
    }

    fn translated_preset(&self, name: &str) -> Option<&'a translation::PresetWords> {
        self.translation?
            .presets
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, p)| p)
    }
}

impl Library {
    /// Parses the embedded library.
    pub fn embedded() -> Result<Library, LibraryError> {
        let mut sections = Vec::with_capacity(SECTION_FILES.len());
        for (file, text) in SECTION_FILES {
            sections.push(parse_section("", file, text)?);
        }
        let ids: Vec<String> = sections.iter().map(|s| s.id.clone()).collect();
        let known: Vec<&str> = ids.iter().map(String::as_str).collect();
        parse_trees(&mut sections, "", &known)?;
        let presets_table: toml::Table = toml::from_str(PRESETS).map_err(|e| LibraryError {
            file: "../presets.toml".into(),
            message: e.to_string(),
        })?;
        let mut presets = Vec::new();
        for (name, value) in presets_table {
            let preset: Preset = value
                .try_into()
                .map_err(|e: toml::de::Error| LibraryError {
                    file: "../presets.toml".into(),
                    message: format!("[{name}]: {e}"),
                })?;
            presets.push((name, preset));
        }
        let about: About = toml::from_str(ABOUT).map_err(|e| LibraryError {
            file: "library.toml".into(),
            message: e.to_string(),
        })?;
        let mut lib = Library {
            sections,
            presets,
            warnings: warnings::Warnings::parse(WARNINGS)?,
            glossary: glossary::parse(GLOSSARY)?,
            version: about.version,
            translations: Vec::new(),
        };
        for (name, p) in &lib.presets {
            if let Some(bad) = p.sections.iter().find(|id| lib.get(id).is_none()) {
                return Err(LibraryError {
                    file: "../presets.toml".into(),
                    message: format!(
                        "preset `{name}` names `{bad}`, which is not a library section"
                    ),
                });
            }
        }
        let mut spanish = Translation::parse(&SPANISH)?;
        spanish.check_against(&lib)?;
        parse_trees(&mut spanish.sections, spanish.language, &known)?;
        lib.translations.push(spanish);
        Ok(lib)
    }

    /// The shelf for a language tag, by its primary subtag ("es-MX" → Spanish); `None` for a
    /// language the library is not written in.
    pub fn shelf(&self, language: &str) -> Option<Shelf<'_>> {
        let primary = crate::locale::primary(language);
        if primary == "en" {
            return Some(self.english());
        }
        let t = self.translations.iter().find(|t| t.language == primary)?;
        Some(Shelf {
            language: t.language,
            name: t.name,
            sections: &t.sections,
            warnings: &t.warnings,
            glossary: &t.glossary,
            library: self,
            translation: Some(t),
        })
    }

    /// The English shelf.
    pub fn english(&self) -> Shelf<'_> {
        Shelf {
            language: "en",
            name: "English",
            sections: &self.sections,
            warnings: &self.warnings,
            glossary: &self.glossary,
            library: self,
            translation: None,
        }
    }

    /// A section by (id, language).
    pub fn get_in(&self, id: &str, language: &str) -> Option<&LibrarySection> {
        self.shelf(language)?.get(id)
    }

    pub fn get(&self, id: &str) -> Option<&LibrarySection> {
        self.sections.iter().find(|s| s.id == id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.sections.iter().map(|s| s.id.as_str())
    }

    pub fn preset(&self, name: &str) -> Option<&Preset> {
        self.presets.iter().find(|(n, _)| n == name).map(|(_, p)| p)
    }
}

/// Parses the bodies and key points of a folder's sections into their trees, once; `known`
/// lists the section ids `::: when section=` may name.
fn parse_trees(
    sections: &mut [LibrarySection],
    folder: &str,
    known: &[&str],
) -> Result<(), LibraryError> {
    for s in sections {
        let err = |message: String| LibraryError {
            file: match folder {
                "" => s.file.to_string(),
                f => format!("{f}/{}", s.file),
            },
            message,
        };
        s.blocks = crate::markup::parse_body(s.body, Some(known)).map_err(|e| err(e.message))?;
        s.key_point_text = s
            .key_points
            .iter()
            .map(|p| crate::markup::split_plain_placeholders(p))
            .collect::<Result<_, _>>()
            .map_err(|name| {
                err(format!(
                    "a key point uses the unknown placeholder `{{{name}}}`"
                ))
            })?;
    }
    Ok(())
}

/// Parses one section file of the folder `folder` under handouts/library ("" for English, else
/// the language's primary subtag, which the file's `language` must match).
fn parse_section(
    folder: &str,
    file: &'static str,
    text: &'static str,
) -> Result<LibrarySection, LibraryError> {
    let err = |message: String| LibraryError {
        file: match folder {
            "" => file.to_string(),
            f => format!("{f}/{file}"),
        },
        message,
    };
    let rest = text
        .strip_prefix("+++\n")
        .ok_or_else(|| err("the file must start with a `+++` line (front matter)".into()))?;
    let end = rest
        .find("\n+++\n")
        .ok_or_else(|| err("the front matter has no closing `+++` line".into()))?;
    let front: FrontMatter =
        toml::from_str(&rest[..end]).map_err(|e| err(e.message().to_string()))?;
    let body = &rest[end + 5..];
    if format!("{}.md", front.id) != file {
        return Err(err(format!(
            "the id `{}` does not match the file name",
            front.id
        )));
    }
    let want = if folder.is_empty() { "en" } else { folder };
    if crate::locale::primary(&front.language) != want {
        return Err(err(format!(
            "`language = \"{}\"`, but the files in this folder are in `{want}`",
            front.language
        )));
    }
    if front.sources.is_empty() {
        return Err(err(
            "`sources` is empty: name the documents the facts come from".into(),
        ));
    }
    for t in &front.when_treatments {
        if !treatments::is_condition_term(t) {
            return Err(err(format!(
                "`when_treatments` names unknown treatment `{t}`"
            )));
        }
    }
    for c in &front.when_cancer {
        if !treatments::CANCERS.contains(&c.as_str()) {
            return Err(err(format!(
                "`when_cancer` names unknown cancer type `{c}`"
            )));
        }
    }
    if front.key_points.len() > MAX_KEY_POINTS {
        return Err(err(format!(
            "`key_points` has {} entries; keep at most {MAX_KEY_POINTS}",
            front.key_points.len()
        )));
    }
    Ok(LibrarySection {
        key_points: front.key_points,
        id: front.id,
        title: front.title,
        summary: front.summary,
        language: front.language,
        reviewed: front.reviewed,
        sources: front.sources,
        when_treatments: front.when_treatments,
        when_cancer: front.when_cancer,
        body,
        blocks: Vec::new(),
        key_point_text: Vec::new(),
        file,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_library_parses_and_every_section_has_sources_and_a_review_date() {
        let lib = Library::embedded().unwrap();
        assert!(!lib.sections.is_empty());
        for s in &lib.sections {
            assert!(!s.sources.is_empty(), "{} has no sources", s.id);
            let date = s.reviewed.as_bytes();
            assert!(
                date.len() == 10 && date[4] == b'-' && date[7] == b'-',
                "{}: review date `{}` is not YYYY-MM-DD",
                s.id,
                s.reviewed
            );
            assert!(!s.summary.trim().is_empty(), "{} has no summary", s.id);
        }
    }

    #[test]
    fn every_body_and_key_point_is_parsed_once_at_load_in_every_language() {
        let lib = Library::embedded().unwrap();
        let spanish = &lib.translations[0].sections;
        let mut whens = 0;
        for s in lib.sections.iter().chain(spanish) {
            assert!(!s.blocks.is_empty(), "{}: no blocks", s.file);
            assert_eq!(s.key_point_text.len(), s.key_points.len(), "{}", s.file);
            whens += s
                .blocks
                .iter()
                .filter(|b| matches!(b, Block::When { .. }))
                .count();
        }
        let written = lib
            .sections
            .iter()
            .chain(spanish)
            .map(|s| s.body.matches("::: when").count())
            .sum::<usize>();
        assert_eq!(whens, written, "every `::: when` is a When block");
    }

    #[test]
    fn a_file_without_front_matter_is_refused() {
        let e = parse_section("", "x.md", "no front matter").unwrap_err();
        assert!(e.message.contains("+++"));
    }
}
