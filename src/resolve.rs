//! Resolve: a definition plus the library becomes a document. Picks the sections (preset, uses,
//! skips), applies the patient's conditions, fills placeholders, adds the patient's questions,
//! loads the logo, and parses every body into blocks.

use std::sync::Arc;

use toml::Spanned;

use crate::definition::{nearest, Definition, DefinitionError, SectionEntry};
use crate::document::{Block, Document, ListKind, Logo, Section};
use crate::library::{treatments, Library, LibrarySection};
use crate::markup;

/// The placeholders a section body may use.
pub const PLACEHOLDERS: &[&str] = &["clinic", "call_clinic", "call_after_hours", "first_name"];

/// What resolving produced, beside the document: notes for the user.
#[derive(Debug, Clone, Default)]
pub struct ResolveNotes {
    /// Sections left out because the patient's treatments or cancer did not call for them.
    pub left_out: Vec<String>,
}

/// One section before parsing: its Markdown with conditions and placeholders applied.
struct Chosen<'a> {
    library: Option<&'a LibrarySection>,
    title: String,
    markdown: String,
    sources: Vec<String>,
    reviewed: Option<String>,
}

/// Builds the document a definition asks for.
pub fn resolve(
    def: &Definition,
    lib: &Library,
) -> Result<(Document, ResolveNotes), DefinitionError> {
    let patient_treatments = check_treatments(def)?;
    let cancer = check_cancer(def)?;
    let tailored = !patient_treatments.is_empty() || cancer.is_some();
    let mut notes = ResolveNotes::default();
    let mut chosen: Vec<Chosen> = Vec::new();

    for pick in pick_sections(def, lib)? {
        let (id, span, entry) = match pick {
            Pick::Inline(e) => {
                let title = e.title.clone().unwrap_or_default();
                let body = apply_when_blocks(
                    e.body.as_deref().unwrap_or_default(),
                    &patient_treatments,
                    cancer.as_deref(),
                    tailored,
                )
                .map_err(|m| def.error_at(None, format!("section \"{title}\": {m}"), None))?;
                chosen.push(Chosen {
                    library: None,
                    title,
                    markdown: add_questions(&body, &e.add_questions, e.write_in_lines),
                    sources: e.sources.clone(),
                    reviewed: None,
                });
                continue;
            }
            Pick::Library { id, span, entry } => (id, span, entry),
        };
        let Some(section) = lib.get(id) else {
            return Err(match span {
                Some(span) => unknown_section(def, lib, span),
                None => def.error_at(None, format!("unknown section `{id}`"), None),
            });
        };
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
        if tailored && !condition_holds(section, &patient_treatments, cancer.as_deref()) {
            notes.left_out.push(format!(
                "left out `{id}`: the patient's treatments and cancer type do not call for it"
            ));
            continue;
        }
        let mut body = apply_when_blocks(
            section.body,
            &patient_treatments,
            cancer.as_deref(),
            tailored,
        )
        .map_err(|m| def.error_at(None, format!("library section `{id}`: {m}"), None))?;
        if let Some(e) = entry {
            body = add_questions(&body, &e.add_questions, e.write_in_lines);
        }
        chosen.push(Chosen {
            library: Some(section),
            title: section.title.clone(),
            markdown: body,
            sources: section.sources.clone(),
            reviewed: Some(section.reviewed.clone()),
        });
    }
    if chosen.is_empty() {
        return Err(def.error_at(
            None,
            "no sections are left to print (all were skipped or did not match the patient)".into(),
            Some("check `skip`, the preset and the patient's treatments".into()),
        ));
    }

    let mut sections = Vec::with_capacity(chosen.len());
    let mut sources: Vec<String> = Vec::new();
    let mut reviewed: Option<String> = None;
    for c in &chosen {
        let where_ = match c.library {
            Some(s) => format!("library section `{}`", s.id),
            None => format!("section \"{}\"", c.title),
        };
        let filled = fill_placeholders(&c.markdown, def).map_err(|p| {
            def.error_at(
                None,
                format!("{where_} uses the unknown placeholder `{{{p}}}`"),
                Some(format!(
                    "the placeholders are: {}",
                    PLACEHOLDERS
                        .iter()
                        .map(|p| format!("{{{p}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            )
        })?;
        let blocks = markup::parse(&filled)
            .map_err(|e| def.error_at(None, format!("{where_}: {e}"), None))?;
        sections.push(Section {
            id: c.library.map(|s| s.id.clone()),
            title: c.title.clone(),
            blocks,
        });
        for s in &c.sources {
            if !sources.contains(s) {
                sources.push(s.clone());
            }
        }
        if let Some(r) = &c.reviewed {
            if reviewed.as_ref().is_none_or(|cur| r > cur) {
                reviewed = Some(r.clone());
            }
        }
    }

    let (emergency_signs, emergency_call) = emergency_lines(def);
    let doc = Document {
        title: def.title.clone(),
        subtitle: def.subtitle.clone(),
        language: language_tag(&def.language),
        prepared_for: def.patient.name.clone().filter(|n| !n.trim().is_empty()),
        clinic_name: def.clinic.name.clone(),
        clinic_phone: def.clinic.phone.clone(),
        clinic_after_hours: def.clinic.after_hours.clone(),
        logo: load_logo(def)?.map(Arc::new),
        sections,
        sources,
        reviewed: reviewed.clone(),
        date: def.date.clone(),
        pdf_date: def
            .date
            .clone()
            .or_else(|| reviewed.clone())
            .or_else(|| lib.sections.iter().map(|s| s.reviewed.clone()).max())
            .unwrap_or_else(|| "2026-01-01".to_string()),
        emergency_signs,
        emergency_call,
    };
    Ok((doc, notes))
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

fn check_treatments(def: &Definition) -> Result<Vec<String>, DefinitionError> {
    let mut out = Vec::new();
    for t in &def.patient.treatments {
        let id = t.get_ref().trim().to_lowercase();
        if !treatments::is_treatment(&id) {
            let help = match nearest(&id, treatments::treatment_ids()) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!(
                    "known treatments: {}",
                    treatments::treatment_ids().collect::<Vec<_>>().join(", ")
                ),
            };
            return Err(def.error_at(
                Some(t.span()),
                format!("unknown treatment `{}`", t.get_ref()),
                Some(help),
            ));
        }
        out.push(id);
    }
    Ok(out)
}

fn check_cancer(def: &Definition) -> Result<Option<String>, DefinitionError> {
    let Some(c) = &def.patient.cancer else {
        return Ok(None);
    };
    let id = c.get_ref().trim().to_lowercase();
    if !treatments::CANCERS.contains(&id.as_str()) {
        let help = match nearest(&id, treatments::CANCERS.iter().copied()) {
            Some(n) => format!("did you mean `{n}`?"),
            None => format!("known cancer types: {}", treatments::CANCERS.join(", ")),
        };
        return Err(def.error_at(
            Some(c.span()),
            format!("unknown cancer type `{}`", c.get_ref()),
            Some(help),
        ));
    }
    Ok(Some(id))
}

fn condition_holds(section: &LibrarySection, treatments_: &[String], cancer: Option<&str>) -> bool {
    let t_ok = section.when_treatments.is_empty()
        || section
            .when_treatments
            .iter()
            .any(|t| treatments::matches(treatments_, t));
    let c_ok = section.when_cancer.is_empty()
        || cancer.is_some_and(|c| section.when_cancer.iter().any(|w| w == c));
    t_ok && c_ok
}

/// Keeps or drops `::: when ...` … `:::` blocks. A handout without treatments or cancer type is
/// generic and keeps every block.
pub fn apply_when_blocks(
    body: &str,
    treatments_: &[String],
    cancer: Option<&str>,
    tailored: bool,
) -> Result<String, String> {
    let mut out = String::with_capacity(body.len());
    let mut keep_stack: Vec<bool> = Vec::new();
    for line in body.lines() {
        let t = line.trim();
        if let Some(cond) = t.strip_prefix("::: when") {
            let (key, values) = cond.trim().split_once('=').ok_or_else(|| {
                format!("`{t}`: write `::: when treatments=a,b` or `::: when cancer=a`")
            })?;
            let values: Vec<&str> = values
                .split(',')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .collect();
            let holds = match key.trim() {
                "treatments" => {
                    if let Some(bad) = values.iter().find(|v| !treatments::is_condition_term(v)) {
                        return Err(format!("`{t}` names unknown treatment `{bad}`"));
                    }
                    values.iter().any(|v| treatments::matches(treatments_, v))
                }
                "cancer" => {
                    if let Some(bad) = values.iter().find(|v| !treatments::CANCERS.contains(v)) {
                        return Err(format!("`{t}` names unknown cancer type `{bad}`"));
                    }
                    cancer.is_some_and(|c| values.contains(&c))
                }
                other => {
                    return Err(format!(
                        "`{t}`: unknown condition `{other}` (use treatments= or cancer=)"
                    ))
                }
            };
            keep_stack.push(!tailored || holds);
        } else if t == ":::" {
            keep_stack
                .pop()
                .ok_or_else(|| "a closing `:::` has no `::: when` before it".to_string())?;
        } else if keep_stack.iter().all(|k| *k) {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !keep_stack.is_empty() {
        return Err("a `::: when` block has no closing `:::`".into());
    }
    Ok(out)
}

/// Adds the patient's own questions as checkbox items (before the write-in lines), and sets the
/// number of write-in lines.
fn add_questions(body: &str, questions: &[String], write_in: Option<u32>) -> String {
    let mut lines: Vec<String> = body.lines().map(str::to_string).collect();
    let write_in_at = lines
        .iter()
        .position(|l| l.trim_start().starts_with("::: lines"));
    if let Some(n) = write_in {
        match write_in_at {
            Some(i) => lines[i] = format!("::: lines {n}"),
            None => lines.push(format!("\n::: lines {n}")),
        }
    }
    if !questions.is_empty() {
        let insert_at = write_in_at.unwrap_or(lines.len());
        let mut added: Vec<String> = vec![String::new()];
        added.extend(
            questions
                .iter()
                .map(|q| format!("- [ ] {}", markup::escape(q.trim()))),
        );
        added.push(String::new());
        lines.splice(insert_at..insert_at, added);
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// The words a placeholder stands for, from the definition (with fallbacks), or `None` for an
/// unknown placeholder.
pub fn placeholder_value(name: &str, def: &Definition) -> Option<String> {
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let who = given(&def.clinic.name).unwrap_or_else(|| "your cancer care team".to_string());
    let phone = given(&def.clinic.phone);
    let with = |number: Option<String>| match number {
        Some(n) => format!("{who} at {n}"),
        None => who.clone(),
    };
    Some(match name {
        "clinic" => who.clone(),
        "call_clinic" => with(phone),
        "call_after_hours" => with(given(&def.clinic.after_hours).or(phone)),
        "first_name" => def
            .patient
            .name
            .as_deref()
            .and_then(|n| n.split_whitespace().next())
            .unwrap_or("you")
            .to_string(),
        _ => return None,
    })
}

/// Replaces `{name}` placeholders (escaped for Markdown); returns the unknown name on failure.
pub fn fill_placeholders(text: &str, def: &Definition) -> Result<String, String> {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after_open = &rest[open + 1..];
        let Some(close) = after_open.find('}') else {
            return Err(after_open.chars().take(20).collect());
        };
        let name = &after_open[..close];
        let value = placeholder_value(name, def).ok_or_else(|| name.to_string())?;
        out.push_str(&markup::escape(&value));
        rest = &after_open[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The emergency signs (spinal cord compression, severe high calcium) and the call to make, for
/// a booklet's back cover.
fn emergency_lines(def: &Definition) -> (Vec<String>, String) {
    let call = placeholder_value("call_after_hours", def).unwrap_or_default();
    let signs = vec![
        "New or worse back pain, numb or weak legs, or trouble holding urine or stool.".to_string(),
        "Very thirsty, passing a lot of urine, hard stools, or new confusion.".to_string(),
    ];
    (
        signs,
        format!("Call {call} right away. If you cannot reach anyone, go to the emergency room."),
    )
}

/// "en" → "en-US"; other tags as given.
fn language_tag(lang: &str) -> String {
    match lang {
        "en" => "en-US".into(),
        other => other.to_string(),
    }
}

/// Reads and checks the clinic's logo (PNG or JPEG), decoding it fully so a corrupt file is
/// caught here rather than in the PDF, and scaling it down to the size it is printed at.
fn load_logo(def: &Definition) -> Result<Option<Logo>, DefinitionError> {
    let Some(rel) = &def.clinic.logo else {
        return Ok(None);
    };
    let path = def.base_dir().join(rel.get_ref());
    let raster = crate::images::load(
        &path,
        "logo",
        crate::images::LOGO_MAX_WIDTH_IN,
        crate::images::LOGO_MAX_HEIGHT_IN,
    )
    .map_err(|reason| {
        def.error_at(
            Some(rel.span()),
            format!("cannot read the logo {}: {reason}", path.display()),
            Some("the logo path is taken relative to the definition file".into()),
        )
    })?;
    let alt = def
        .clinic
        .logo_alt
        .clone()
        .or_else(|| def.clinic.name.as_ref().map(|n| format!("{n} logo")))
        .unwrap_or_else(|| "Clinic logo".into());
    Ok(Some(Logo {
        bytes: raster.bytes.clone(),
        format: raster.format,
        width_px: raster.width_px,
        height_px: raster.height_px,
        alt,
    }))
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
    fn when_blocks_follow_the_patient() {
        let body = "a\n::: when treatments=bone-medicine\nb\n:::\nc\n";
        let on = apply_when_blocks(body, &["denosumab".into()], None, true).unwrap();
        let off = apply_when_blocks(body, &["radiation".into()], None, true).unwrap();
        let generic = apply_when_blocks(body, &[], None, false).unwrap();
        assert_eq!(on, "a\nb\nc\n");
        assert_eq!(off, "a\nc\n");
        assert_eq!(generic, "a\nb\nc\n");
        assert!(
            apply_when_blocks("::: when treatments=aspirin\nx\n:::\n", &[], None, true).is_err()
        );
        assert!(apply_when_blocks("::: when treatments=sbrt\nx\n", &[], None, true).is_err());
    }

    #[test]
    fn placeholders_fill_and_fall_back() {
        let with = def("title = \"T\"\n[clinic]\nname = \"Riverside\"\nafter_hours = \"555-010-2999\"\n[patient]\nname = \"Maria Lopez\"\n[[section]]\nuse = \"x\"\n");
        let without = def("title = \"T\"\n[[section]]\nuse = \"x\"\n");
        let t = "Call {call_after_hours}, {first_name}.";
        assert_eq!(
            fill_placeholders(t, &with).unwrap(),
            "Call Riverside at 555-010-2999, Maria."
        );
        assert_eq!(
            fill_placeholders(t, &without).unwrap(),
            "Call your cancer care team, you."
        );
        assert_eq!(fill_placeholders("{nope}", &with).unwrap_err(), "nope");
    }

    #[test]
    fn a_section_named_in_the_preset_takes_its_options_at_the_presets_position() {
        let lib = Library::embedded().unwrap();
        let d = def("title = \"T\"\npreset = \"bone-health\"\nskip = [\"living-well\"]\n[[section]]\nuse = \"questions-for-your-doctor\"\nadd_questions = [\"Can I swim?\"]\n[[section]]\nuse = \"jaw-care\"\n");
        let (doc, _) = resolve(&d, &lib).unwrap();
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
    fn questions_go_before_the_write_in_lines() {
        let body = "- [ ] One?\n\n::: lines 6\n";
        let out = add_questions(body, &["Can I *garden*?".into()], Some(3));
        let q = out.find("garden").unwrap();
        let l = out.find("::: lines 3").unwrap();
        assert!(q < l, "{out}");
        assert!(out.contains("\\*garden\\*"));
    }
}
