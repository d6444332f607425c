//! The library in another language: the twins of the English sections (same file names and
//! ids, under `handouts/library/<lang>/`), that language's warning boxes and glossary, and the
//! presets' summary and purpose in that language (the presets' section lists stay English-only
//! data in handouts/presets.toml, since the ids are the same in every language).

use serde::Deserialize;

use super::{glossary, parse_section, warnings, LibraryError, LibrarySection};

/// A preset's words in a translated library.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PresetWords {
    pub summary: String,
    /// Completes the opening line's purpose, as `purpose` in handouts/presets.toml.
    #[serde(default)]
    pub purpose: Option<String>,
}

/// One language's library besides English.
#[derive(Debug, Clone)]
pub struct Translation {
    /// The primary language subtag ("es").
    pub language: &'static str,
    /// The language's name in English, for messages ("Spanish").
    pub name: &'static str,
    pub sections: Vec<LibrarySection>,
    pub warnings: warnings::Warnings,
    pub glossary: Vec<glossary::Term>,
    pub presets: Vec<(String, PresetWords)>,
}

/// The embedded files of one translated library.
pub struct Files {
    pub language: &'static str,
    pub name: &'static str,
    pub sections: &'static [(&'static str, &'static str)],
    pub warnings: &'static str,
    pub glossary: &'static str,
    pub presets: &'static str,
}

impl Translation {
    /// Parses one language's embedded files; an error names the file under handouts/library/.
    pub fn parse(files: &Files) -> Result<Translation, LibraryError> {
        let folder = files.language;
        let in_folder = |mut e: LibraryError| {
            e.file = format!("{folder}/{}", e.file);
            e
        };
        let mut sections = Vec::with_capacity(files.sections.len());
        for (file, text) in files.sections {
            sections.push(parse_section(folder, file, text)?);
        }
        let table: toml::Table = toml::from_str(files.presets).map_err(|e| LibraryError {
            file: format!("{folder}/presets.toml"),
            message: e.to_string(),
        })?;
        let mut presets = Vec::new();
        for (name, value) in table {
            let words: PresetWords =
                value
                    .try_into()
                    .map_err(|e: toml::de::Error| LibraryError {
                        file: format!("{folder}/presets.toml"),
                        message: format!("[{name}]: {e}"),
                    })?;
            presets.push((name, words));
        }
        Ok(Translation {
            language: files.language,
            name: files.name,
            sections,
            warnings: warnings::Warnings::parse(files.warnings).map_err(in_folder)?,
            glossary: glossary::parse(files.glossary).map_err(in_folder)?,
            presets,
        })
    }

    /// Every twin must have an English original and every preset an English preset, so a
    /// Spanish file cannot drift away from the section it translates.
    pub fn check_against(&self, english: &super::Library) -> Result<(), LibraryError> {
        for s in &self.sections {
            if english.get(&s.id).is_none() {
                return Err(LibraryError {
                    file: format!("{}/{}", self.language, s.file),
                    message: format!(
                        "`{}` has no English twin: add handouts/library/{} first (the ids are the same in every language)",
                        s.id, s.file
                    ),
                });
            }
        }
        for (name, _) in &self.presets {
            if english.preset(name).is_none() {
                return Err(LibraryError {
                    file: format!("{}/presets.toml", self.language),
                    message: format!("`[{name}]` is not a preset in handouts/presets.toml"),
                });
            }
        }
        Ok(())
    }
}
