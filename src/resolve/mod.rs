//! Resolve: a definition plus the library becomes a document. Picks the sections (preset, uses,
//! skips), takes each one's block tree (the library's parsed at load, an inline body parsed
//! here), keeps the `When` blocks the patient's conditions call for, adds the patient's
//! questions, fills placeholders, loads the logo, then lays the library's words over them:
//! key points, warning boxes printed once, glossary explanations and the opening lines.

mod body;
mod conditions;
mod glossary;
mod logo;
mod pick;
pub mod refs;
mod section_blocks;
mod warnings;

use std::sync::Arc;

pub use crate::contacts;
use crate::definition::{DefinitionError, Request};
use crate::document::{bold, plain, Block, CalloutKind, Document, ListKind, Section};
use crate::library::{Library, Shelf};
use crate::locale::{self, Words};

pub use crate::contacts::Contacts;
pub use body::{add_questions, filter_when, Fill, When, PLACEHOLDERS};
use pick::{pick_sections, present_sections};

/// What resolving produced, beside the document: notes for the user.
#[derive(Debug, Clone, Default)]
pub struct ResolveNotes {
    /// Sections left out because the patient's treatments or cancer did not call for them.
    pub left_out: Vec<String>,
    /// Problems worth a word that do not stop the build (a missing after-hours number).
    pub warnings: Vec<String>,
}

/// Builds the document a checked request asks for. `booklet` words the opening lines for a
/// booklet.
pub fn resolve(
    req: &Request,
    lib: &Library,
    booklet: bool,
) -> Result<(Document, ResolveNotes), DefinitionError> {
    let words = locale::words(&req.language);
    // the handout's language picks the library's shelf; a language the library is not written
    // in keeps the English warnings and glossary for inline sections
    let shelf = lib.shelf(&req.language);
    let texts = shelf.unwrap_or_else(|| lib.english());
    let contacts = &req.contacts;
    let mut notes = ResolveNotes::default();

    // which library sections are in the handout, for `::: when section=` and `{see:ID}`
    let picks = pick_sections(req, lib)?;
    let present = present_sections(req, lib, shelf, &picks, &mut notes.left_out)?;
    let known: Vec<&str> = lib.ids().collect();
    let patient = &req.patient;
    let when = When {
        treatments: &patient.treatments,
        cancer: patient.cancer.as_deref(),
        tailored: !patient.treatments.is_empty() || patient.cancer.is_some(),
        sections: &present,
    };
    let fill_with = Fill {
        contacts,
        first_name: patient
            .name
            .as_deref()
            .and_then(|n| n.split_whitespace().next()),
        words,
        sections: &present,
    };

    let mut chosen = section_blocks::choose(req, picks, texts, &known, &when)?;

    let mut sections = Vec::with_capacity(chosen.len());
    let mut sources: Vec<String> = Vec::new();
    let mut reviewed: Option<String> = None;
    let mut expander = warnings::Expander::new(texts.warnings, contacts, words);
    for c in &mut chosen {
        let blocks = section_blocks::fill(req, c, &fill_with, &mut expander, words)?;
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
    notes
        .warnings
        .extend(no_night_number(req, &sections, booklet));
    let uses_library = chosen.iter().any(|c| c.library.is_some());
    let doc = Document {
        title: req.title.clone(),
        subtitle: req.subtitle.clone(),
        language: language_tag(&req.language),
        prepared_for: req.patient.name.clone().filter(|n| !n.trim().is_empty()),
        contacts: contacts.clone(),
        logo: logo::load_logo(req)?.map(Arc::new),
        intro: intro(req, texts, words, booklet),
        sections,
        sources,
        reviewed: reviewed.clone(),
        version: uses_library.then(|| lib.version.clone()),
        date: req.date.clone(),
        pdf_date: req
            .date
            .clone()
            .or_else(|| reviewed.clone())
            .or_else(|| lib.sections.iter().map(|s| s.reviewed.clone()).max())
            .unwrap_or_else(|| "2026-01-01".to_string()),
        back_cover: warnings::back_cover(texts.warnings, contacts, words),
    };
    Ok((doc, notes))
}

/// A warning when the handout tells the reader to call right away (a warning box, or a
/// booklet's back cover) and the clinic has no number to call at night.
fn no_night_number(req: &Request, sections: &[Section], booklet: bool) -> Option<String> {
    let has_urgent = sections.iter().any(|s| has_urgent_box(&s.blocks));
    ((has_urgent || booklet) && req.contacts.night_number().is_none()).then(|| format!(
        "{}: this handout tells the reader when to call right away, but [clinic] has no `after_hours` number: the boxes print a blank line for it; add `after_hours = \"...\"` (or `day_and_night = true` if the day number is answered day and night)",
        req.source.path().display()
    ))
}

fn add_sources(all: &mut Vec<String>, new: &[String]) {
    for s in new {
        if !all.contains(s) {
            all.push(s.clone());
        }
    }
}

/// The opening lines: who the handout is for, what it will help with, and that it does not
/// replace the care team's advice.
fn intro(req: &Request, shelf: Shelf, words: &Words, booklet: bool) -> Vec<Block> {
    let purpose = req
        .purpose
        .clone()
        .or_else(|| {
            req.preset
                .as_ref()
                .and_then(|p| shelf.preset_purpose(&p.value))
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
    use crate::definition::Definition;
    use std::path::Path;

    fn def(text: &str) -> Request {
        Definition::parse(Path::new("d.toml"), text)
            .unwrap()
            .check()
            .unwrap()
    }

    #[test]
    fn placeholders_fill_and_never_print_a_call_without_a_number() {
        let lib = Library::embedded().unwrap();
        let with = def("title = \"T\"\n[clinic]\nname = \"Riverside\"\nafter_hours = \"555-010-2999\"\n[patient]\nname = \"Maria Lopez\"\n[[section]]\ntitle = \"Mine\"\nbody = \"Call {call_after_hours}, {first_name}. Or {emergency}.\"\n");
        let without = def("title = \"T\"\n[clinic]\nphone = \"555-010-2000\"\n[[section]]\ntitle = \"Mine\"\nbody = \"Call {call_after_hours}, {first_name}.\"\n");
        let text = |d: &Request| {
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
