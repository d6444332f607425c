//! What the form offers, as JSON from the built-in library: `GET /api/sections?lang=en` (title,
//! summary and, for conditional sections, when they apply in plain words), `GET /api/presets`,
//! and `GET /api/treatments` (treatments in groups, cancer types) with the labels staff read.

use serde::Serialize;
use serde_json::{json, Value};

use super::words::words;
use crate::library::Library;
use crate::treatments;

#[derive(Serialize)]
struct SectionOut<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    when_treatments: &'a [String],
    when_cancer: &'a [String],
    /// "Only for people having: bone-strengthening medicines" (None when always included).
    applies_when: Option<String>,
}

/// The sections in `lang`, or None when the library is not written in it.
pub fn sections(lib: &Library, lang: &str) -> Option<Value> {
    if !crate::definition::is_language_tag(lang) {
        return None;
    }
    let shelf = lib.shelf(lang)?;
    let list: Vec<SectionOut> = shelf
        .sections
        .iter()
        .map(|s| SectionOut {
            id: &s.id,
            title: &s.title,
            summary: &s.summary,
            when_treatments: &s.when_treatments,
            when_cancer: &s.when_cancer,
            applies_when: words(lang).applies_when(&s.when_treatments, &s.when_cancer),
        })
        .collect();
    if list.is_empty() {
        return None;
    }
    let languages: Vec<Value> = languages(lib)
        .iter()
        .map(|tag| json!({ "tag": tag, "name": language_name(tag) }))
        .collect();
    Some(json!({ "language": lang, "languages": languages, "sections": list }))
}

/// A language's name in itself, for the form's language list (the tag where the form has no
/// words file for it).
fn language_name(tag: &str) -> String {
    let w = words(tag);
    if super::words::languages().any(|l| l == tag) {
        w.page["language_name"].clone()
    } else {
        tag.to_string()
    }
}

/// The languages the library is written in: English, then its translations.
pub fn languages(lib: &Library) -> Vec<String> {
    std::iter::once("en".to_string())
        .chain(lib.translations.iter().map(|t| t.language.to_string()))
        .collect()
}

/// The presets, their summaries and purpose lines in `lang`; None for a language the library is
/// not written in.
pub fn presets(lib: &Library, lang: &str) -> Option<Value> {
    if !crate::definition::is_language_tag(lang) {
        return None;
    }
    let shelf = lib.shelf(lang)?;
    let list: Vec<Value> = lib
        .presets
        .iter()
        .map(|(name, p)| {
            json!({
                "name": name,
                "summary": shelf.preset_summary(name).unwrap_or(&p.summary),
                "purpose": shelf.preset_purpose(name),
                "sections": p.sections,
            })
        })
        .collect();
    Some(json!({ "language": shelf.language, "presets": list }))
}

/// Treatments grouped for the form (each under its broadest group), and the cancer types.
pub fn treatments_json(lang: &str) -> Value {
    let w = words(lang);
    let mut groups: Vec<(&str, Vec<Value>)> = Vec::new();
    for (id, member_of) in treatments::treatments_with_groups() {
        let group = member_of.last().copied().unwrap_or("other-medicines");
        let item = json!({ "id": id, "label": w.label(id) });
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, items)) => items.push(item),
            None => groups.push((group, vec![item])),
        }
    }
    let groups: Vec<Value> = groups
        .into_iter()
        .map(|(g, items)| json!({ "id": g, "label": w.label(g), "treatments": items }))
        .collect();
    let cancers: Vec<Value> = treatments::CANCERS
        .iter()
        .map(|c| json!({ "id": c, "label": w.label(c) }))
        .collect();
    json!({ "groups": groups, "cancers": cancers })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_treatment_is_listed_once_and_conditions_are_in_words() {
        let t = treatments_json("en");
        let listed: Vec<&str> = t["groups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["treatments"].as_array().unwrap().iter())
            .map(|i| i["id"].as_str().unwrap())
            .collect();
        let all: Vec<&str> = treatments::treatment_ids().collect();
        assert_eq!(listed.len(), all.len());
        assert!(all.iter().all(|id| listed.contains(id)));
        assert_eq!(t["groups"][0]["treatments"][0]["label"], "Zoledronic acid");
        let es = treatments_json("es");
        assert_eq!(
            es["groups"][0]["treatments"][0]["label"],
            "Ácido zoledrónico"
        );
        let lib = Library::embedded().unwrap();
        let en = sections(&lib, "en").unwrap();
        assert_eq!(en["languages"][0]["name"], "English");
        assert_eq!(en["languages"][1]["name"], "Español");
        let es = sections(&lib, "es").unwrap();
        assert_eq!(
            es["sections"].as_array().unwrap().len(),
            en["sections"].as_array().unwrap().len()
        );
        assert_ne!(es["sections"][0]["title"], en["sections"][0]["title"]);
        assert!(presets(&lib, "es").is_some() && presets(&lib, "xx").is_none());
        assert!(sections(&lib, "xx").is_none());
    }
}
