//! What the built-in library offers, listed from the binary alone (`handout sections`,
//! `presets`, `treatments`), as an aligned table or as JSON (`--json`), so a user with only the
//! installed binary can find every id a definition may name.

use serde::Serialize;

use crate::document::{Block, Condition};
use crate::library::{Library, LibrarySection, Shelf};
use crate::treatments;

/// One section, as `handout sections --json` prints it.
#[derive(Debug, Serialize)]
pub struct SectionEntry<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    /// Printed only for patients with one of these treatments (ids or groups); empty: always.
    pub only_for_treatments: &'a [String],
    /// Printed only for these cancer types; empty: always.
    pub only_for_cancer: &'a [String],
}

/// One preset, as `handout presets --json` prints it.
#[derive(Debug, Serialize)]
pub struct PresetEntry<'a> {
    pub name: &'a str,
    pub summary: &'a str,
    pub sections: &'a [String],
}

/// One treatment or cancer type, as `handout treatments --json` prints it.
#[derive(Debug, Serialize)]
pub struct ConditionEntry {
    pub id: String,
    /// "treatment" or "cancer".
    pub kind: &'static str,
    /// The groups a section's condition may name instead of the id.
    pub groups: Vec<&'static str>,
    /// Sections printed only when a patient has it.
    pub sections: Vec<String>,
    /// Sections with a paragraph or more (`::: when`) printed only when a patient has it.
    pub parts_of: Vec<String>,
}

pub fn sections(lib: &Library) -> Vec<SectionEntry<'_>> {
    sections_in(lib.english())
}

/// The sections of one language's shelf (`handout sections --lang es`).
pub fn sections_in(shelf: Shelf<'_>) -> Vec<SectionEntry<'_>> {
    shelf
        .sections
        .iter()
        .map(|s| SectionEntry {
            id: &s.id,
            title: &s.title,
            summary: &s.summary,
            only_for_treatments: &s.when_treatments,
            only_for_cancer: &s.when_cancer,
        })
        .collect()
}

pub fn presets(lib: &Library) -> Vec<PresetEntry<'_>> {
    presets_in(lib, lib.english())
}

/// The presets with their summaries in the shelf's language (`handout presets --lang es`).
pub fn presets_in<'a>(lib: &'a Library, shelf: Shelf<'a>) -> Vec<PresetEntry<'a>> {
    lib.presets
        .iter()
        .map(|(name, p)| PresetEntry {
            name,
            summary: shelf.preset_summary(name).unwrap_or(&p.summary),
            sections: &p.sections,
        })
        .collect()
}

/// Every treatment id, then every cancer type, with the sections each one turns on.
pub fn conditions(lib: &Library) -> Vec<ConditionEntry> {
    let mut out = Vec::new();
    for id in treatments::treatment_ids() {
        let patient = [id.to_string()];
        let turns_on = |terms: &[String]| terms.iter().any(|t| treatments::matches(&patient, t));
        out.push(ConditionEntry {
            id: id.to_string(),
            kind: "treatment",
            groups: treatments::groups_of(id).to_vec(),
            sections: ids_where(lib, |s| turns_on(&s.when_treatments)),
            parts_of: ids_where(lib, |s| turns_on(&when_terms(s, "treatments"))),
        });
    }
    for id in treatments::CANCERS {
        let named = |terms: &[String]| terms.iter().any(|t| t == id);
        out.push(ConditionEntry {
            id: id.to_string(),
            kind: "cancer",
            groups: Vec::new(),
            sections: ids_where(lib, |s| named(&s.when_cancer)),
            parts_of: ids_where(lib, |s| named(&when_terms(s, "cancer"))),
        });
    }
    out
}

fn ids_where(lib: &Library, keep: impl Fn(&LibrarySection) -> bool) -> Vec<String> {
    lib.sections
        .iter()
        .filter(|s| keep(s))
        .map(|s| s.id.clone())
        .collect()
}

/// The terms of a section's `::: when KEY=a,b` blocks (read from its parsed tree).
fn when_terms(section: &LibrarySection, key: &str) -> Vec<String> {
    fn walk(blocks: &[Block], key: &str, out: &mut Vec<String>) {
        for b in blocks {
            if let Block::When { condition, blocks } = b {
                let terms = match condition {
                    Condition::Treatments(t) if key == "treatments" => t.as_slice(),
                    Condition::Cancer(c) if key == "cancer" => c.as_slice(),
                    _ => &[],
                };
                out.extend(terms.iter().cloned());
                walk(blocks, key, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&section.blocks, key, &mut out);
    out
}

/// `handout sections` as a table.
pub fn sections_text(lib: &Library) -> String {
    sections_text_in(lib.english())
}

/// `handout sections --lang LANG` as a table.
pub fn sections_text_in(shelf: Shelf<'_>) -> String {
    let width = shelf.sections.iter().map(|s| s.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for s in sections_in(shelf) {
        let mut only: Vec<String> = Vec::new();
        if !s.only_for_treatments.is_empty() {
            only.push(s.only_for_treatments.join(", "));
        }
        if !s.only_for_cancer.is_empty() {
            only.push(format!("cancer: {}", s.only_for_cancer.join(", ")));
        }
        let cond = if only.is_empty() {
            String::new()
        } else {
            format!("  [only for: {}]", only.join("; "))
        };
        out.push_str(&format!(
            "{:width$}  {}: {}{cond}\n",
            s.id, s.title, s.summary
        ));
    }
    out
}

/// `handout presets` as a table: each preset, its summary, then its sections.
pub fn presets_text(lib: &Library) -> String {
    presets_text_in(lib, lib.english())
}

/// `handout presets --lang LANG` as a table.
pub fn presets_text_in<'a>(lib: &'a Library, shelf: Shelf<'a>) -> String {
    let mut out = String::new();
    for p in presets_in(lib, shelf) {
        out.push_str(&format!("{}: {}\n", p.name, p.summary));
        out.push_str(&format!("  sections: {}\n", p.sections.join(", ")));
    }
    out.push_str("\nUse one with `preset = \"NAME\"` in a definition.\n");
    out
}

/// `handout treatments` as a table.
pub fn treatments_text(lib: &Library) -> String {
    let all = conditions(lib);
    let width = all.iter().map(|c| c.id.len()).max().unwrap_or(0);
    let mut out = String::from("Treatments (patient.treatments = [...]):\n");
    let mut kind = "treatment";
    for c in &all {
        if c.kind != kind {
            kind = c.kind;
            out.push_str("\nCancer types (patient.cancer = \"...\"):\n");
        }
        let mut line = format!("  {:width$}", c.id);
        if !c.groups.is_empty() {
            line.push_str(&format!("  group: {}", c.groups.join(", ")));
        }
        if !c.sections.is_empty() {
            line.push_str(&format!("  turns on: {}", c.sections.join(", ")));
        }
        if !c.parts_of.is_empty() {
            line.push_str(&format!("  adds to: {}", c.parts_of.join(", ")));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoledronic_acid_turns_on_jaw_care_through_its_group() {
        let lib = Library::embedded().unwrap();
        let all = conditions(&lib);
        let zol = all.iter().find(|c| c.id == "zoledronic-acid").unwrap();
        assert!(zol.groups.contains(&"bisphosphonate"));
        assert!(zol.sections.iter().any(|s| s == "jaw-care"), "{zol:?}");
        let opioids = all.iter().find(|c| c.id == "opioids").unwrap();
        assert!(!opioids.sections.iter().any(|s| s == "jaw-care"));
        assert!(all.iter().any(|c| c.kind == "cancer" && c.id == "breast"));
    }
}
