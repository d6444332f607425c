//! Resolve: a definition plus the library becomes a document. Picks the sections (preset, uses,
//! skips), takes each one's block tree (the library's parsed at load, an inline body parsed
//! here), keeps the `When` blocks the patient's conditions call for, adds the patient's
//! questions, fills placeholders, loads the logo, then lays the library's words over them:
//! key points, warning boxes printed once, glossary explanations and the opening lines.

mod body;
mod conditions;
mod glossary;
mod logo;
pub mod refs;
mod section_blocks;
mod warnings;

use std::sync::Arc;

use toml::Spanned;

use crate::definition::{nearest, Definition, DefinitionError, SectionEntry};
use crate::document::{bold, plain, Block, CalloutKind, Document, ListKind, Section};
use crate::library::{Library, LibrarySection, Shelf};
use crate::locale::{self, Words};

pub use crate::contacts::{self, Contacts};
pub use body::{add_questions, filter_when, Fill, When, PLACEHOLDERS};
use conditions::{check_cancer, check_treatments, condition_holds};

/// What resolving produced, beside the document: notes for the user.
#[derive(Debug, Clone, Default)]
pub struct ResolveNotes {
    /// Sections left out because the patient's treatments or cancer did not call for them.
    pub left_out: Vec<String>,
    /// Problems worth a word that do not stop the build (a missing after-hours number).
    pub warnings: Vec<String>,
}

/// Builds the document a definition asks for. `booklet` words the opening lines for a booklet.
pub fn resolve(
    def: &Definition,
    lib: &Library,
    booklet: bool,
) -> Result<(Document, ResolveNotes), DefinitionError> {
    let patient_treatments = check_treatments(def)?;
    let cancer = check_cancer(def)?;
    let tailored = !patient_treatments.is_empty() || cancer.is_some();
    let words = locale::words(&def.language);
    // the handout's language picks the library's shelf; a language the library is not written
    // in keeps the English warnings and glossary for inline sections
    let shelf = lib.shelf(&def.language);
    let texts = shelf.unwrap_or_else(|| lib.english());
    let contacts = Contacts::from_definition(def);
    contacts::check_emergency(&contacts.emergency).map_err(|m| {
        def.error_at(
            None,
            format!("[clinic] emergency: {m}"),
            Some("leave it out for 911".into()),
        )
    })?;
    let mut notes = ResolveNotes::default();

    // which library sections are in the handout, for `::: when section=` and `{see:ID}`
    let picks = pick_sections(def, lib)?;
    let mut present: Vec<(String, String)> = Vec::new();
    for pick in &picks {
        if let Pick::Library { id, span, .. } = pick {
            let section = library_section(def, lib, shelf, id, *span)?;
            if tailored && !condition_holds(section, &patient_treatments, cancer.as_deref()) {
                notes.left_out.push(format!(
                    "left out `{id}`: the patient's treatments and cancer type do not call for it"
                ));
            } else {
                present.push((section.id.clone(), section.title.clone()));
            }
        }
    }
    let known: Vec<&str> = lib.ids().collect();
    let when = When {
        treatments: &patient_treatments,
        cancer: cancer.as_deref(),
        tailored,
        sections: &present,
    };
    let fill_with = Fill {
        contacts: &contacts,
        first_name: def
            .patient
            .name
            .as_deref()
            .and_then(|n| n.split_whitespace().next()),
        words,
        sections: &present,
    };

    let mut chosen = section_blocks::choose(def, picks, texts, &known, &when)?;

    let mut sections = Vec::with_capacity(chosen.len());
    let mut sources: Vec<String> = Vec::new();
    let mut reviewed: Option<String> = None;
    let mut expander = warnings::Expander::new(texts.warnings, &contacts, words);
    for c in &mut chosen {
        let blocks = section_blocks::fill(def, c, &fill_with, &mut expander, words)?;
        sections.push(Section {
            id: c.library.map(|s| s.id.clone()),
            title: c.title.clone(),
            blocks,
        });
        add_sources(&mut sources, &c.sources);
        if let Some(r) = &c.reviewed {
            if reviewed.as_ref().is_none_or(|cur| r > cur) {
                reviewed = Some(r.clone());
            }
        }
    }
    if !expander.sources.is_empty() && reviewed.as_ref() < Some(&texts.warnings.reviewed) {
        reviewed = Some(texts.warnings.reviewed.clone());
    }
    add_sources(&mut sources, &expander.sources);
    let mut explainer = glossary::Explainer::new(texts.glossary, words);
    for s in &mut sections {
        explainer.explain(&mut s.blocks);
    }
    let has_urgent = sections.iter().any(|s| has_urgent_box(&s.blocks));
    if (has_urgent || booklet) && contacts.night_number().is_none() {
        notes.warnings.push(format!(
            "{}: this handout tells the reader when to call right away, but [clinic] has no `after_hours` number: the boxes print a blank line for it; add `after_hours = \"...\"` (or `day_and_night = true` if the day number is answered day and night)",
            def.path.display()
        ));
    }
    let uses_library = chosen.iter().any(|c| c.library.is_some());
    let doc = Document {
        title: def.title.clone(),
        subtitle: def.subtitle.clone(),
        language: language_tag(&def.language),
        prepared_for: def.patient.name.clone().filter(|n| !n.trim().is_empty()),
        contacts: contacts.clone(),
        logo: logo::load_logo(def)?.map(Arc::new),
        intro: intro(def, texts, words, booklet),
        sections,
        sources,
        reviewed: reviewed.clone(),
        version: uses_library.then(|| lib.version.clone()),
        date: def.date.clone(),
        pdf_date: def
            .date
            .clone()
            .or_else(|| reviewed.clone())
            .or_else(|| lib.sections.iter().map(|s| s.reviewed.clone()).max())
            .unwrap_or_else(|| "2026-01-01".to_string()),
        back_cover: warnings::back_cover(texts.warnings, &contacts, words),
    };
    Ok((doc, notes))
}

fn add_sources(all: &mut Vec<String>, new: &[String]) {
    for s in new {
        if !all.contains(s) {
            all.push(s.clone());
        }
    }
}

/// A library section by (id, the handout's language): a section the library has in English
/// but not yet in the handout's language is an error naming it.
fn library_section<'a>(
    def: &Definition,
    lib: &'a Library,
    shelf: Option<Shelf<'a>>,
    id: &str,
    span: Option<&Spanned<String>>,
) -> Result<&'a LibrarySection, DefinitionError> {
    let Some(section) = lib.get(id) else {
        return Err(match span {
            Some(span) => unknown_section(def, lib, span),
            None => def.error_at(None, format!("unknown section `{id}`"), None),
        });
    };
    if let Some(shelf) = shelf {
        return shelf.get(id).ok_or_else(|| {
            def.error_at(
                span.map(|s| s.span()),
                format!("no {} version of `{id}` yet", shelf.name),
                Some(format!(
                    "`handout sections --lang {}` lists the sections written in {}; skip this one, or write it inline (title and body)",
                    shelf.language, shelf.name
                )),
            )
        });
    }
    if section.language != def.language {
        return Err(def.error_at(
            span.map(|s| s.span()),
            format!(
                "library section `{id}` is written in `{}`, but the handout's language is `{}`",
                section.language, def.language
            ),
            Some(format!(
                "the library has sections in `{}` only; write this handout's sections inline (title and body), or set language = \"{}\"",
                section.language, section.language
            )),
        ));
    }
    Ok(section)
}

/// The opening lines: who the handout is for, what it will help with, and that it does not
/// replace the care team's advice.
fn intro(def: &Definition, shelf: Shelf, words: &Words, booklet: bool) -> Vec<Block> {
    let purpose = def
        .purpose
        .clone()
        .or_else(|| {
            def.preset
                .as_ref()
                .and_then(|p| shelf.preset_purpose(p.get_ref()))
                .map(str::to_string)
        })
        .unwrap_or_else(|| words.default_purpose.clone());
    let who = if booklet {
        &words.intro_who_booklet
    } else {
        &words.intro_who
    };
    let purpose = locale::fill(&words.intro_purpose, &[("purpose", purpose.trim())]);
    vec![Block::Callout {
        kind: CalloutKind::Info,
        title: Some(words.intro_name.clone()),
        blocks: vec![
            Block::Paragraph(plain(&format!("{who} {purpose}"))),
            Block::Paragraph(bold(&words.intro_disclaimer)),
        ],
    }]
}

fn has_urgent_box(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| match b {
        Block::Callout {
            kind: CalloutKind::Urgent,
            ..
        } => true,
        Block::Callout { blocks, .. } => has_urgent_box(blocks),
        _ => false,
    })
}

/// One section the definition asks for, before it is read.
enum Pick<'a> {
    /// A library section, with the `[[section]]` that names it (for its options), if any.
    Library {
        id: &'a str,
        span: Option<&'a Spanned<String>>,
        entry: Option<&'a SectionEntry>,
    },
    Inline(&'a SectionEntry),
}

/// The sections in print order: the preset's first (a `[[section]]` naming one of them gives
/// its options at the preset's position), then the other `[[section]]`s, less `skip`.
fn pick_sections<'a>(
    def: &'a Definition,
    lib: &'a Library,
) -> Result<Vec<Pick<'a>>, DefinitionError> {
    let named = |id: &str| {
        def.sections
            .iter()
            .find(|e| e.use_id.as_ref().is_some_and(|u| u.get_ref() == id))
    };
    let mut picks = Vec::new();
    if let Some(preset) = &def.preset {
        let p = lib.preset(preset.get_ref()).ok_or_else(|| {
            let names: Vec<&str> = lib.presets.iter().map(|(n, _)| n.as_str()).collect();
            def.error_at(
                Some(preset.span()),
                format!("unknown preset `{}`", preset.get_ref()),
                Some(match nearest(preset.get_ref(), names.iter().copied()) {
                    Some(n) => format!("did you mean `{n}`? (presets: {})", names.join(", ")),
                    None => format!("the presets are: {}", names.join(", ")),
                }),
            )
        })?;
        for id in &p.sections {
            let entry = named(id);
            picks.push(Pick::Library {
                id,
                span: entry.and_then(|e| e.use_id.as_ref()),
                entry,
            });
        }
    }
    for entry in &def.sections {
        match &entry.use_id {
            Some(u)
                if picks
                    .iter()
                    .any(|p| matches!(p, Pick::Library { id, .. } if *id == u.get_ref())) => {}
            Some(u) => picks.push(Pick::Library {
                id: u.get_ref(),
                span: Some(u),
                entry: Some(entry),
            }),
            None => picks.push(Pick::Inline(entry)),
        }
    }
    for skip in &def.skip {
        check_id(def, lib, skip)?;
    }
    picks.retain(
        |p| !matches!(p, Pick::Library { id, .. } if def.skip.iter().any(|s| s.get_ref() == id)),
    );
    Ok(picks)
}

fn unknown_section(def: &Definition, lib: &Library, span: &Spanned<String>) -> DefinitionError {
    let help = match nearest(span.get_ref(), lib.ids()) {
        Some(n) => format!("did you mean `{n}`? (`handout sections` lists them all)"),
        None => "`handout sections` lists the library's sections".into(),
    };
    def.error_at(
        Some(span.span()),
        format!("unknown section `{}`", span.get_ref()),
        Some(help),
    )
}

fn check_id(def: &Definition, lib: &Library, id: &Spanned<String>) -> Result<(), DefinitionError> {
    if lib.get(id.get_ref()).is_none() {
        return Err(unknown_section(def, lib, id));
    }
    Ok(())
}

/// "en" → "en-US", "es" → "es-US" (the handouts are for US clinics); a full tag as given.
fn language_tag(lang: &str) -> String {
    match lang {
        "en" => "en-US".into(),
        "es" => "es-US".into(),
        other => other.to_string(),
    }
}

/// Every block of text in a document's section, for readability checks.
pub fn section_text(section: &Section) -> Vec<String> {
    let mut out = vec![section.title.clone()];
    for b in &section.blocks {
        b.text_blocks(&mut out);
    }
    out
}

/// Whether a block list contains a checkbox list (used by tests and `check`).
pub fn has_task_list(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| {
        matches!(
            b,
            Block::List {
                kind: ListKind::Task,
                ..
            }
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn def(text: &str) -> Definition {
        Definition::parse(Path::new("d.toml"), text).unwrap()
    }

    #[test]
    fn placeholders_fill_and_never_print_a_call_without_a_number() {
        let lib = Library::embedded().unwrap();
        let with = def("title = \"T\"\n[clinic]\nname = \"Riverside\"\nafter_hours = \"555-010-2999\"\n[patient]\nname = \"Maria Lopez\"\n[[section]]\ntitle = \"Mine\"\nbody = \"Call {call_after_hours}, {first_name}. Or {emergency}.\"\n");
        let without = def("title = \"T\"\n[clinic]\nphone = \"555-010-2000\"\n[[section]]\ntitle = \"Mine\"\nbody = \"Call {call_after_hours}, {first_name}.\"\n");
        let text = |d: &Definition| {
            let (doc, notes) = resolve(d, &lib, false).unwrap();
            (section_text(&doc.sections[0]).join(" "), notes)
        };
        assert_eq!(
            text(&with).0,
            "Mine Call Riverside at 555-010-2999, Maria. Or 911."
        );
        let (t, _) = text(&without);
        assert!(t.contains("your care team at ____"), "{t}");
        assert!(
            !t.contains("555-010-2000"),
            "the day number is not the night number: {t}"
        );
        let bad = def("title = \"T\"\n[[section]]\ntitle = \"Mine\"\nbody = \"{nope}\"\n");
        let e = resolve(&bad, &lib, false).unwrap_err();
        assert!(e.to_string().contains("`{nope}`"), "{e}");
    }

    #[test]
    fn a_section_named_in_the_preset_takes_its_options_at_the_presets_position() {
        let lib = Library::embedded().unwrap();
        let d = def("title = \"T\"\npreset = \"bone-health\"\nskip = [\"living-well\"]\n[[section]]\nuse = \"questions-for-your-doctor\"\nadd_questions = [\"Can I swim?\"]\n[[section]]\nuse = \"jaw-care\"\n");
        let (doc, _) = resolve(&d, &lib, false).unwrap();
        let ids: Vec<&str> = doc
            .sections
            .iter()
            .filter_map(|s| s.id.as_deref())
            .collect();
        let preset = &lib.preset("bone-health").unwrap().sections;
        assert_eq!(ids.len(), preset.len(), "{ids:?}");
        assert!(!ids.contains(&"living-well"));
        assert_eq!(
            ids.last(),
            Some(&"jaw-care"),
            "an extra section comes after the preset's"
        );
        let q = doc
            .sections
            .iter()
            .find(|s| s.id.as_deref() == Some("questions-for-your-doctor"))
            .unwrap();
        let mut text = Vec::new();
        q.blocks.iter().for_each(|b| b.text_blocks(&mut text));
        assert!(text.iter().any(|t| t == "Can I swim?"));
    }

    #[test]
    fn a_spanish_handout_takes_the_spanish_twins_warnings_and_words() {
        let lib = Library::embedded().unwrap();
        for tag in ["es", "es-MX"] {
            let d = def(&format!("title = \"T\"\nlanguage = \"{tag}\"\n[[section]]\nuse = \"questions-for-your-doctor\"\n[[section]]\ntitle = \"Señales\"\nbody = \"::: warning spinal-cord\"\n"));
            let (doc, _) = resolve(&d, &lib, false).unwrap();
            assert_eq!(doc.sections[0].title, "Preguntas para su médico");
            let text = section_text(&doc.sections[1]).join(" ");
            assert!(text.contains("médula espinal"), "{text}");
            assert!(text.contains("Llame al 911"), "{text}");
            let intro: Vec<String> = doc.intro.iter().fold(Vec::new(), |mut v, b| {
                b.text_blocks(&mut v);
                v
            });
            assert!(intro.join(" ").contains("Le ayudará a"), "{intro:?}");
            let want = if tag == "es" { "es-US" } else { "es-MX" };
            assert_eq!(doc.language, want);
        }
    }

    #[test]
    fn a_section_with_no_spanish_twin_is_an_error_naming_it() {
        let lib = Library::embedded().unwrap();
        // (once every section has its Spanish twin there is nothing left to refuse)
        if let Some(missing) = lib.ids().find(|id| lib.get_in(id, "es").is_none()) {
            let d = def(&format!(
                "title = \"T\"\nlanguage = \"es\"\n[[section]]\nuse = \"{missing}\"\n"
            ));
            let e = resolve(&d, &lib, false).unwrap_err().to_string();
            assert!(
                e.contains(&format!("no Spanish version of `{missing}` yet")),
                "{e}"
            );
        }
        let fr = def("title = \"T\"\nlanguage = \"fr\"\n[[section]]\nuse = \"notes-page\"\n");
        let e = resolve(&fr, &lib, false).unwrap_err().to_string();
        assert!(e.contains("written in `en`"), "{e}");
    }
}
