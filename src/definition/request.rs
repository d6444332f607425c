//! The checked request: a [`Definition`] turned into typed values every later stage can trust
//! (contacts, the patient's treatments and cancer, the style, the chosen sections, the logo),
//! with a [`SourceMap`] to place any problem found later. Every check that needs no library
//! happens here, once, so resolve, layout and `check` never see TOML or its text.

use std::ops::Range;
use std::path::PathBuf;

use super::{nearest, Definition, DefinitionError, SectionEntry, SourceMap};
use crate::contacts::{check_emergency, Contacts};
use crate::locale;
use crate::style::Style;
use crate::treatments;

/// A value with the byte span the definition gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// A handout definition, checked.
#[derive(Debug, Clone)]
pub struct Request {
    pub title: String,
    pub subtitle: Option<String>,
    /// A language tag ("en", "es-MX").
    pub language: String,
    /// Completes "It will help you …" in the opening lines.
    pub purpose: Option<String>,
    /// The date printed on a booklet's cover, YYYY-MM-DD.
    pub date: Option<String>,
    /// Who to call, and the clinic's name and numbers as every page words them.
    pub contacts: Contacts,
    pub patient: PatientInfo,
    /// The house style with the definition's overrides, floors checked.
    pub style: Style,
    /// Warnings from the style (body text below the floor with `allow_small_print = true`).
    pub style_warnings: Vec<String>,
    pub preset: Option<Located<String>>,
    /// Library sections to leave out.
    pub skip: Vec<Located<String>>,
    /// The `[[section]]` tables, in order.
    pub sections: Vec<SectionChoice>,
    pub logo: Option<LogoChoice>,
    /// Where each value came from, for messages.
    pub source: SourceMap,
}

/// The patient a handout is tailored to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PatientInfo {
    pub name: Option<String>,
    /// For batch file names; never printed.
    pub id: Option<String>,
    /// Known treatment ids, trimmed and lower-cased.
    pub treatments: Vec<String>,
    /// A known cancer type, trimmed and lower-cased.
    pub cancer: Option<String>,
}

/// What a `[[section]]` adds to a section: questions, and lines to write on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SectionOptions {
    pub add_questions: Vec<String>,
    /// 1 to 40.
    pub write_in_lines: Option<u32>,
}

/// One `[[section]]`: a library section by id, or one written inline.
#[derive(Debug, Clone, PartialEq)]
pub enum SectionChoice {
    Library {
        id: Located<String>,
        options: SectionOptions,
    },
    Inline {
        title: String,
        /// Markdown.
        body: String,
        options: SectionOptions,
        sources: Vec<String>,
    },
}

/// The clinic's logo file and the words a screen reader says for it.
#[derive(Debug, Clone, PartialEq)]
pub struct LogoChoice {
    /// The path as written, taken relative to the definition's folder.
    /// (Its place in the definition is the source map's field `clinic.logo`.)
    pub path: PathBuf,
    pub alt: String,
}

impl Definition {
    /// Checks everything about the definition that needs no library, into a [`Request`].
    pub fn check(&self) -> Result<Request, DefinitionError> {
        let map = self.source_map();
        let (style, warnings) = self.style.check(&map, false)?;
        self.checked(map, style, warnings)
    }

    /// [`check`](Definition::check) with the house style in place of the definition's: for
    /// `handout check`, which reports a broken large-print floor rather than stopping at it, and
    /// for a batch template, whose rows each report their own.
    pub fn check_content(&self) -> Result<Request, DefinitionError> {
        self.checked(
            self.source_map(),
            Style::house(self.style.booklet),
            Vec::new(),
        )
    }

    /// The definition's text, with the spans of its fields by dotted name.
    pub fn source_map(&self) -> SourceMap {
        let mut map = SourceMap::new(&self.path, &self.source);
        let mut set = |name: String, span: Option<Range<usize>>| {
            if let Some(span) = span {
                map.set_field(name, span);
            }
        };
        set("preset".into(), self.preset.as_ref().map(|p| p.span()));
        for (i, s) in self.skip.iter().enumerate() {
            set(format!("skip.{i}"), Some(s.span()));
        }
        for (i, s) in self.sections.iter().enumerate() {
            set(
                format!("section.{i}.use"),
                s.use_id.as_ref().map(|u| u.span()),
            );
        }
        for (i, t) in self.patient.treatments.iter().enumerate() {
            set(format!("patient.treatments.{i}"), Some(t.span()));
        }
        set(
            "patient.cancer".into(),
            self.patient.cancer.as_ref().map(|c| c.span()),
        );
        set(
            "clinic.logo".into(),
            self.clinic.logo.as_ref().map(|l| l.span()),
        );
        map
    }

    fn checked(
        &self,
        map: SourceMap,
        style: Style,
        style_warnings: Vec<String>,
    ) -> Result<Request, DefinitionError> {
        let patient = PatientInfo {
            name: self.patient.name.clone(),
            id: self.patient.id.clone(),
            treatments: self.check_treatments(&map)?,
            cancer: self.check_cancer(&map)?,
        };
        let contacts = self.contacts();
        check_emergency(&contacts.emergency).map_err(|m| {
            map.error_at(
                None,
                format!("[clinic] emergency: {m}"),
                Some("leave it out for 911".into()),
            )
        })?;
        let located = |s: &toml::Spanned<String>| Located {
            value: s.get_ref().clone(),
            span: s.span(),
        };
        Ok(Request {
            title: self.title.clone(),
            subtitle: self.subtitle.clone(),
            language: self.language.clone(),
            purpose: self.purpose.clone(),
            date: self.date.clone(),
            contacts,
            patient,
            style,
            style_warnings,
            preset: self.preset.as_ref().map(located),
            skip: self.skip.iter().map(located).collect(),
            sections: self.sections.iter().map(section_choice).collect(),
            logo: self.logo_choice(),
            source: map,
        })
    }

    /// Who to call: blank values count as not given; the emergency number is 911 by default.
    fn contacts(&self) -> Contacts {
        let given = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        Contacts {
            clinic: given(&self.clinic.name),
            phone: given(&self.clinic.phone),
            after_hours: given(&self.clinic.after_hours),
            emergency: given(&self.clinic.emergency).unwrap_or_else(|| "911".to_string()),
            day_and_night: self.clinic.day_and_night,
        }
    }

    fn check_treatments(&self, map: &SourceMap) -> Result<Vec<String>, DefinitionError> {
        let mut out = Vec::new();
        for t in &self.patient.treatments {
            let id = t.get_ref().trim().to_lowercase();
            if !treatments::is_treatment(&id) {
                let help = match nearest(&id, treatments::treatment_ids()) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => format!(
                        "known treatments: {}",
                        treatments::treatment_ids().collect::<Vec<_>>().join(", ")
                    ),
                };
                return Err(map.error_at(
                    Some(t.span()),
                    format!("unknown treatment `{}`", t.get_ref()),
                    Some(help),
                ));
            }
            out.push(id);
        }
        Ok(out)
    }

    fn check_cancer(&self, map: &SourceMap) -> Result<Option<String>, DefinitionError> {
        let Some(c) = &self.patient.cancer else {
            return Ok(None);
        };
        let id = c.get_ref().trim().to_lowercase();
        if !treatments::CANCERS.contains(&id.as_str()) {
            let help = match nearest(&id, treatments::CANCERS.iter().copied()) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!("known cancer types: {}", treatments::CANCERS.join(", ")),
            };
            return Err(map.error_at(
                Some(c.span()),
                format!("unknown cancer type `{}`", c.get_ref()),
                Some(help),
            ));
        }
        Ok(Some(id))
    }

    /// The logo's path and its alt text (the definition's, else "<clinic name> logo" in the
    /// handout's language).
    fn logo_choice(&self) -> Option<LogoChoice> {
        let rel = self.clinic.logo.as_ref()?;
        let words = locale::words(&self.language);
        let alt = self
            .clinic
            .logo_alt
            .clone()
            .or_else(|| {
                self.clinic
                    .name
                    .as_ref()
                    .map(|n| locale::fill(&words.logo_alt, &[("clinic", n)]))
            })
            .unwrap_or_else(|| words.logo_alt_default.clone());
        Some(LogoChoice {
            path: PathBuf::from(rel.get_ref()),
            alt,
        })
    }
}

/// A `[[section]]` as a typed choice (parsing made sure it has `use`, or `title` and `body`).
fn section_choice(entry: &SectionEntry) -> SectionChoice {
    let options = SectionOptions {
        add_questions: entry.add_questions.clone(),
        write_in_lines: entry.write_in_lines,
    };
    match &entry.use_id {
        Some(u) => SectionChoice::Library {
            id: Located {
                value: u.get_ref().clone(),
                span: u.span(),
            },
            options,
        },
        None => SectionChoice::Inline {
            title: entry.title.clone().unwrap_or_default(),
            body: entry.body.clone().unwrap_or_default(),
            options,
            sources: entry.sources.clone(),
        },
    }
}

impl Request {
    /// The name the definition goes by in messages (its path, as given).
    pub fn file(&self) -> String {
        self.source.path().display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn check(text: &str) -> Result<Request, DefinitionError> {
        Definition::parse(Path::new("d.toml"), text)?.check()
    }

    #[test]
    fn a_definition_becomes_typed_checked_values() {
        let r = check("title = \"T\"\npreset = \"bone-health\"\nskip = [\"jaw-care\"]\n[clinic]\nname = \" Riverside \"\nlogo = \"logo.png\"\n[patient]\ntreatments = [\" Radiation \"]\ncancer = \"Breast\"\n[[section]]\nuse = \"exercise-tips\"\nadd_questions = [\"Q?\"]\n[[section]]\ntitle = \"Mine\"\nbody = \"Text.\"\n").unwrap();
        assert_eq!(r.patient.treatments, ["radiation"]);
        assert_eq!(r.patient.cancer.as_deref(), Some("breast"));
        assert_eq!(r.contacts.clinic.as_deref(), Some("Riverside"));
        assert_eq!(r.contacts.emergency, "911");
        assert_eq!(r.preset.as_ref().unwrap().value, "bone-health");
        assert_eq!(r.skip[0].value, "jaw-care");
        assert_eq!(r.logo.as_ref().unwrap().alt, " Riverside  logo");
        match &r.sections[0] {
            SectionChoice::Library { id, options } => {
                assert_eq!(id.value, "exercise-tips");
                assert_eq!(r.source.line_col(id.span.start), (11, 7));
                assert_eq!(options.add_questions, ["Q?"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&r.sections[1], SectionChoice::Inline { title, .. } if title == "Mine"));
        let use_span = r.source.field("section.0.use").unwrap();
        assert_eq!(r.source.line_col(use_span.start), (11, 7));
        let logo_span = r.source.field("clinic.logo").unwrap();
        assert_eq!(r.source.line_col(logo_span.start), (6, 8));
    }

    #[test]
    fn checks_that_need_no_library_happen_at_once() {
        let e = check(
            "title = \"T\"\n[patient]\ntreatments = [\"radiaton\"]\n[[section]]\nuse = \"x\"\n",
        )
        .unwrap_err();
        assert_eq!(e.position, Some((3, 15)));
        assert_eq!(e.help.as_deref(), Some("did you mean `radiation`?"));
        let e = check("title = \"T\"\n[patient]\ncancer = \"lungs\"\n[[section]]\nuse = \"x\"\n")
            .unwrap_err();
        assert!(e.message.contains("unknown cancer type `lungs`"), "{e}");
        let e = check("title = \"T\"\n[clinic]\nemergency = \"call\"\n[[section]]\nuse = \"x\"\n")
            .unwrap_err();
        assert!(e.message.starts_with("[clinic] emergency:"), "{e}");
        let bad_style = "title = \"T\"\n[style]\nbody_size = 10\n[[section]]\nuse = \"x\"\n";
        assert!(check(bad_style).is_err());
        let def = Definition::parse(Path::new("d.toml"), bad_style).unwrap();
        assert_eq!(def.check_content().unwrap().style, Style::house(false));
    }
}
