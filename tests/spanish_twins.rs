//! The Spanish library keeps the shape of the English one: every Spanish section
//! (handouts/library/es/ID.md) has an English twin (handouts/library/ID.md) with the same
//! placeholders, the same `::: when` conditions, the same `::: warning` ids and `::: icon`
//! pictograms, the same tables
//! (count and columns), the same number of key points and the same conditions in its front
//! matter; every Spanish warning box has the English box's urgency levels and number of signs.
//! Translators change the words, never the structure a handout is built from.
//!
//! The last tests (every English section, warning, glossary term and preset has a Spanish
//! twin) name what is missing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn library() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("handouts/library")
}

/// The `.md` file names in a folder, sorted.
fn md_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    names
}

/// What a section's structure is made of, whatever its language.
#[derive(Debug, PartialEq)]
struct Shape {
    id: String,
    language: String,
    placeholders: BTreeSet<String>,
    when: Vec<String>,
    warnings: Vec<String>,
    icons: Vec<String>,
    /// Column count of each table, in order.
    tables: Vec<usize>,
    key_points: usize,
    when_treatments: Vec<String>,
    when_cancer: Vec<String>,
    sources: usize,
}

fn shape(path: &Path) -> Shape {
    let text = std::fs::read_to_string(path).unwrap();
    let (front, body) = text
        .strip_prefix("+++\n")
        .and_then(|r| r.split_once("\n+++\n"))
        .unwrap_or_else(|| panic!("{}: no front matter", path.display()));
    let front: toml::Table = toml::from_str(front).unwrap();
    let strings = |key: &str| -> Vec<String> {
        front
            .get(key)
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut tables = Vec::new();
    let mut in_table = false;
    for line in body.lines().map(str::trim) {
        let row = line.starts_with('|');
        if row && !in_table {
            tables.push(line.trim_matches('|').split('|').count());
        }
        in_table = row;
    }
    Shape {
        id: front["id"].as_str().unwrap_or_default().to_string(),
        language: front["language"].as_str().unwrap_or_default().to_string(),
        placeholders: placeholders(&text),
        when: directive_args(body, "::: when "),
        warnings: directive_args(body, "::: warning "),
        icons: directive_args(body, "::: icon "),
        tables,
        key_points: strings("key_points").len(),
        when_treatments: strings("when_treatments"),
        when_cancer: strings("when_cancer"),
        sources: strings("sources").len(),
    }
}

/// Every `{name}` (and `{see:ID}`) in a text.
fn placeholders(text: &str) -> BTreeSet<String> {
    text.split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(k, _)| k))
        .filter(|k| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_lowercase() || matches!(c, '_' | ':' | '-'))
        })
        .map(str::to_string)
        .collect()
}

/// The arguments of each line starting with `prefix`, in order.
fn directive_args(body: &str, prefix: &str) -> Vec<String> {
    body.lines()
        .filter_map(|l| l.trim().strip_prefix(prefix))
        .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// How the Spanish file differs from its English twin, one line per difference.
fn differences(english: &Shape, spanish: &Shape) -> Vec<String> {
    let mut out = Vec::new();
    let mut same = |what: &str, en: String, es: String| {
        if en != es {
            out.push(format!("{what}: English {en}, Spanish {es}"));
        }
    };
    same("id", english.id.clone(), spanish.id.clone());
    same(
        "placeholders",
        format!("{:?}", english.placeholders),
        format!("{:?}", spanish.placeholders),
    );
    same(
        "`::: when` conditions",
        format!("{:?}", english.when),
        format!("{:?}", spanish.when),
    );
    same(
        "`::: warning` ids",
        format!("{:?}", english.warnings),
        format!("{:?}", spanish.warnings),
    );
    same(
        "`::: icon` pictograms",
        format!("{:?}", english.icons),
        format!("{:?}", spanish.icons),
    );
    same(
        "tables (columns of each)",
        format!("{:?}", english.tables),
        format!("{:?}", spanish.tables),
    );
    same(
        "key points",
        english.key_points.to_string(),
        spanish.key_points.to_string(),
    );
    same(
        "when_treatments",
        format!("{:?}", english.when_treatments),
        format!("{:?}", spanish.when_treatments),
    );
    same(
        "when_cancer",
        format!("{:?}", english.when_cancer),
        format!("{:?}", spanish.when_cancer),
    );
    same(
        "number of sources",
        english.sources.to_string(),
        spanish.sources.to_string(),
    );
    if spanish.language != "es" {
        out.push(format!("language = \"{}\", not \"es\"", spanish.language));
    }
    out
}

#[test]
fn every_spanish_section_has_an_english_twin_of_the_same_shape() {
    let es = library().join("es");
    let files = md_files(&es);
    assert!(
        files.len() >= 3,
        "the Spanish library has sections: {files:?}"
    );
    let mut problems = Vec::new();
    for name in &files {
        let english = library().join(name);
        if !english.exists() {
            problems.push(format!(
                "es/{name}: no English twin handouts/library/{name}"
            ));
            continue;
        }
        for d in differences(&shape(&english), &shape(&es.join(name))) {
            problems.push(format!("es/{name}: {d}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_english_section_with_a_twin_has_its_shape_in_spanish() {
    let es = library().join("es");
    let mut problems = Vec::new();
    let mut twins = 0;
    for name in md_files(&library()) {
        let spanish = es.join(&name);
        if !spanish.exists() {
            continue;
        }
        twins += 1;
        let (en, es_shape) = (shape(&library().join(&name)), shape(&spanish));
        // every placeholder, condition and warning of the English file is in the Spanish one
        for p in en.placeholders.difference(&es_shape.placeholders) {
            problems.push(format!("{name}: `{{{p}}}` is missing in es/{name}"));
        }
        for w in en.when.iter().filter(|w| !es_shape.when.contains(w)) {
            problems.push(format!("{name}: `::: when {w}` is missing in es/{name}"));
        }
        for w in en
            .warnings
            .iter()
            .filter(|w| !es_shape.warnings.contains(w))
        {
            problems.push(format!("{name}: `::: warning {w}` is missing in es/{name}"));
        }
        if en.tables.len() > es_shape.tables.len() {
            problems.push(format!("{name}: es/{name} has fewer tables"));
        }
    }
    assert!(twins >= 3, "only {twins} sections have a Spanish twin");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_shape_check_sees_a_changed_structure() {
    let dir = std::env::temp_dir().join(format!("handout-twins-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let en = dir.join("en.md");
    let es = dir.join("es.md");
    std::fs::write(&en, "+++\nid = \"x\"\nlanguage = \"en\"\nkey_points = [\"a\"]\nsources = [\"s\"]\n+++\nCall {call_clinic}.\n\n::: when treatments=denosumab\nHi\n:::\n\n::: warning spinal-cord\n\n| A | B |\n|---|---|\n| 1 | 2 |\n").unwrap();
    std::fs::write(&es, "+++\nid = \"x\"\nlanguage = \"es\"\nkey_points = []\nsources = [\"s\"]\n+++\nLlame a {call_after_hours}.\n\n::: when treatments=radiation\nHola\n:::\n\n| A | B | C |\n|---|---|---|\n").unwrap();
    let d = differences(&shape(&en), &shape(&es)).join("\n");
    for what in [
        "placeholders",
        "`::: when` conditions",
        "`::: warning` ids",
        "tables",
        "key points",
    ] {
        assert!(d.contains(what), "`{what}` not reported:\n{d}");
    }
    let twin = dir.join("twin.md");
    let en_text = std::fs::read_to_string(&en).unwrap();
    std::fs::write(
        &twin,
        en_text.replace("\"en\"", "\"es\"").replace("Hi", "Hola"),
    )
    .unwrap();
    assert_eq!(
        differences(&shape(&en), &shape(&twin)),
        Vec::<String>::new()
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// One warning box's shape: its id and (level, number of signs) for each level it has.
type BoxShape = (String, Vec<(String, usize)>);

/// A warnings file: its boxes in order, and the levels' placeholders.
fn warnings_shape(path: &Path) -> (Vec<BoxShape>, BTreeSet<String>) {
    let table: toml::Table = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut boxes = Vec::new();
    for w in table["warning"].as_array().unwrap() {
        let levels = ["emergency", "now", "today"]
            .into_iter()
            .filter_map(|l| {
                let n = w.get(l)?.as_array()?.len();
                (n > 0).then(|| (l.to_string(), n))
            })
            .collect();
        boxes.push((w["id"].as_str().unwrap().to_string(), levels));
    }
    let levels = toml::to_string(&table["levels"]).unwrap();
    (boxes, placeholders(&levels))
}

#[test]
fn every_spanish_warning_box_has_the_english_boxs_levels_and_signs() {
    let (en, en_placeholders) = warnings_shape(&library().join("warnings.toml"));
    let (es, es_placeholders) = warnings_shape(&library().join("es/warnings.toml"));
    assert_eq!(en_placeholders, es_placeholders, "the levels' placeholders");
    for (id, levels) in &es {
        let twin = en.iter().find(|(e, _)| e == id);
        assert!(
            twin.is_some(),
            "es/warnings.toml: `{id}` is not an English warning"
        );
        assert_eq!(
            Some(levels),
            twin.map(|(_, l)| l),
            "`{id}`: the levels and their number of signs"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Completeness: every English file has its Spanish twin.
// ---------------------------------------------------------------------------------------

#[test]
fn every_english_section_has_a_spanish_twin() {
    let es = library().join("es");
    let missing: Vec<String> = md_files(&library())
        .into_iter()
        .filter(|n| !es.join(n).exists())
        .collect();
    assert!(
        missing.is_empty(),
        "{} English sections have no Spanish twin in handouts/library/es/:\n  {}",
        missing.len(),
        missing.join("\n  ")
    );
}

#[test]
fn every_english_warning_glossary_term_and_preset_has_a_spanish_twin() {
    let (en, _) = warnings_shape(&library().join("warnings.toml"));
    let (es, _) = warnings_shape(&library().join("es/warnings.toml"));
    let mut missing: Vec<String> = en
        .iter()
        .filter(|(id, _)| !es.iter().any(|(e, _)| e == id))
        .map(|(id, _)| format!("warning `{id}` (es/warnings.toml)"))
        .collect();
    let count = |rel: &str, key: &str| {
        let t: toml::Table =
            toml::from_str(&std::fs::read_to_string(library().join(rel)).unwrap()).unwrap();
        t.get(key).and_then(|v| v.as_array()).map_or(0, Vec::len)
    };
    let (en_terms, es_terms) = (
        count("glossary.toml", "term"),
        count("es/glossary.toml", "term"),
    );
    if es_terms < en_terms {
        missing.push(format!(
            "{} glossary terms (es/glossary.toml has {es_terms} of {en_terms})",
            en_terms - es_terms
        ));
    }
    let presets = |rel: &str| -> BTreeSet<String> {
        let t: toml::Table =
            toml::from_str(&std::fs::read_to_string(library().join(rel)).unwrap()).unwrap();
        t.keys().cloned().collect()
    };
    for p in presets("../presets.toml").difference(&presets("es/presets.toml")) {
        missing.push(format!("preset `{p}` (es/presets.toml)"));
    }
    assert!(missing.is_empty(), "missing:\n  {}", missing.join("\n  "));
}
