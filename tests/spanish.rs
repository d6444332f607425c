//! Spanish handouts, run as the real binary: the Spanish example builds as a handout and as a
//! booklet with no English word the program put there (checked against every string of
//! handouts/locale/en.toml), Spanish dates, `/Lang es-US`, Spanish bookmarks and alt texts; the
//! Spanish readability check; `sections --lang es`; and a mixed-language batch.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{handout, pdf_text, repo, stderr, temp_dir};

const EXAMPLE: &str = "handouts/examples/spanish-basics.toml";

/// The lower-cased words (runs of letters) of `text`.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap()
}

/// Every string value of en.toml (the months one by one), placeholders removed.
fn english_ui_strings() -> Vec<String> {
    let table: toml::Table = toml::from_str(&read("handouts/locale/en.toml")).unwrap();
    let mut out = Vec::new();
    for value in table.values() {
        match value {
            toml::Value::String(s) => out.push(s.clone()),
            toml::Value::Array(items) => {
                out.extend(items.iter().filter_map(|v| v.as_str().map(str::to_string)))
            }
            _ => {}
        }
    }
    out
}

/// Every string value of a TOML text, nested ones too, but not the ids (`id`, `use`: section
/// and warning ids stay English in every language) or the language tag.
fn toml_strings(text: &str, out: &mut String) {
    fn walk(v: &toml::Value, out: &mut String) {
        match v {
            toml::Value::String(s) => {
                out.push_str(s);
                out.push('\n');
            }
            toml::Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            toml::Value::Table(t) => t
                .iter()
                .filter(|(k, _)| !["id", "use", "language", "back_cover"].contains(&k.as_str()))
                .for_each(|(_, i)| walk(i, out)),
            _ => {}
        }
    }
    let table: toml::Value = toml::Value::Table(toml::from_str(text).unwrap());
    walk(&table, out);
}

/// `text` without its `{placeholder}`s.
fn without_placeholders(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Every word of the content's values (not their keys or placeholders): the Spanish library
/// and the definition (its clinic name and its sources may hold English names). The program's
/// own words (handouts/locale/es.toml, handouts/pictograms.es.toml) are not counted, so an
/// English word left in them is caught.
fn spanish_input_words(definition: &str) -> BTreeSet<String> {
    let mut all = String::new();
    toml_strings(&read(definition), &mut all);
    for entry in std::fs::read_dir(repo().join("handouts/library/es")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        match text
            .strip_prefix("+++\n")
            .and_then(|r| r.split_once("\n+++\n"))
        {
            Some((front, body)) => {
                toml_strings(front, &mut all);
                all.push_str(body);
            }
            None => toml_strings(&text, &mut all),
        }
    }
    words(&without_placeholders(&all))
}

/// The English words the program could print: the words of en.toml that are not words of any
/// Spanish input.
fn english_program_words(definition: &str) -> BTreeSet<String> {
    let spanish = spanish_input_words(definition);
    let english: BTreeSet<String> = english_ui_strings()
        .iter()
        .flat_map(|s| words(&without_placeholders(s)))
        .collect();
    english.difference(&spanish).cloned().collect()
}

/// The text strings under `key` in a PDF (bookmark titles, alt texts, the document title, the
/// actual text of drawn symbols): in every object, and in the property lists of every page's
/// content stream, read with lopdf.
fn pdf_strings(pdf: &Path, key: &str) -> Vec<String> {
    let doc = lopdf::Document::load(pdf).expect("a readable PDF");
    let key = key.trim_start_matches('/').as_bytes();
    let mut found = Vec::new();
    for obj in doc.objects.values() {
        collect_strings(obj, key, &mut found);
    }
    for (_, page) in doc.get_pages() {
        let content = doc.get_page_content(page);
        if let Ok(ops) = lopdf::content::Content::decode(&content) {
            for op in &ops.operations {
                op.operands
                    .iter()
                    .for_each(|o| collect_strings(o, key, &mut found));
            }
        }
    }
    found
}

fn collect_strings(obj: &lopdf::Object, key: &[u8], found: &mut Vec<String>) {
    use lopdf::Object;
    match obj {
        Object::Dictionary(d) => {
            for (k, v) in d.iter() {
                if k.as_slice() == key {
                    if let Ok(text) = lopdf::decode_text_string(v) {
                        found.push(text);
                    }
                }
                collect_strings(v, key, found);
            }
        }
        Object::Stream(s) => collect_strings(&Object::Dictionary(s.dict.clone()), key, found),
        Object::Array(a) => a.iter().for_each(|o| collect_strings(o, key, found)),
        _ => {}
    }
}

fn assert_no_english(text: &str, english: &BTreeSet<String>, what: &str) {
    let present: Vec<&String> = english
        .iter()
        .filter(|w| words(text).contains(*w))
        .collect();
    assert!(
        present.is_empty(),
        "{what}: English words the program put there: {present:?}\n{text}"
    );
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for s in english_ui_strings() {
        for fragment in s.split(['{', '}']).map(str::trim) {
            if fragment.split_whitespace().count() >= 2 {
                assert!(!flat.contains(fragment), "{what}: \"{fragment}\" printed");
            }
        }
    }
}

#[test]
fn the_english_word_list_is_real() {
    let english = english_program_words(EXAMPLE);
    for w in [
        "page", "contents", "prepared", "key", "points", "this", "handout", "call", "november",
    ] {
        assert!(english.contains(w), "`{w}` missing from {english:?}");
    }
}

#[test]
fn the_spanish_example_prints_no_english_word_as_a_handout_or_a_booklet() {
    let dir = temp_dir("spanish-build");
    let english = english_program_words(EXAMPLE);
    let handout_pdf = dir.join("es.pdf");
    let o = handout(&["build", EXAMPLE, "-o", handout_pdf.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = pdf_text(&handout_pdf, None);
    assert_no_english(&text, &english, "handout");
    assert!(text.contains("Página 1 de"), "{text}");
    assert!(text.contains("Preparado para María López"), "{text}");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Última revisión del contenido: 28 de noviembre de 2026."),
        "the review date in Spanish: {flat}"
    );
    assert!(text.contains("Llame al 911"), "{text}");

    let booklet_pdf = dir.join("es-booklet.pdf");
    let o = handout(&[
        "build",
        EXAMPLE,
        "--booklet",
        "-o",
        booklet_pdf.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = pdf_text(&booklet_pdf, None);
    assert_no_english(&text, &english, "booklet");
    assert!(text.contains("Fecha: 28 de noviembre de 2026"), "{text}");
    assert!(text.contains("Contenido"), "{text}");
    assert!(text.contains("Cuándo llamar de inmediato"), "{text}");

    for pdf in [
        &handout_pdf,
        &booklet_pdf,
        &dir.join("es-booklet-print.pdf"),
    ] {
        let langs = pdf_strings(pdf, "/Lang");
        assert!(
            !langs.is_empty() && langs.iter().all(|l| l == "es-US"),
            "{}: {langs:?}",
            pdf.display()
        );
        let mut labels = pdf_strings(pdf, "/Title");
        labels.extend(pdf_strings(pdf, "/Alt"));
        labels.extend(pdf_strings(pdf, "/ActualText"));
        assert!(!labels.is_empty());
        assert_no_english(
            &labels.join("\n"),
            &english,
            "bookmarks, alt texts and actual texts",
        );
    }
    let alts = pdf_strings(&handout_pdf, "/Alt");
    assert!(
        alts.iter().any(|a| a == "Emergencia: llame al 911 ahora"),
        "{alts:?}"
    );
}

#[test]
fn every_preset_prints_no_english_word_in_spanish_as_a_handout_or_a_booklet() {
    let dir = temp_dir("spanish-presets");
    let presets = handout::library::Library::embedded().unwrap().presets;
    for (preset, _) in &presets {
        let def = dir.join(format!("{preset}.toml"));
        std::fs::write(
            &def,
            format!("title = \"Sus huesos\"\nlanguage = \"es\"\npreset = \"{preset}\"\n\n[clinic]\nname = \"Centro Oncológico Riverside\"\nphone = \"555-010-2000\"\nafter_hours = \"555-010-2999\"\n"),
        )
        .unwrap();
        let english = english_program_words(def.to_str().unwrap());
        for booklet in [false, true] {
            let out = dir.join(format!("{preset}-{booklet}.pdf"));
            let mut args = vec!["build", def.to_str().unwrap(), "-o", out.to_str().unwrap()];
            if booklet {
                args.push("--booklet");
            }
            let o = handout(&args);
            assert!(o.status.success(), "{preset}: {}", stderr(&o));
            let text = pdf_text(&out, None);
            assert_no_english(&text, &english, &format!("{preset} (booklet: {booklet})"));
            assert!(text.contains("Página 2 de"), "{preset}: {text}");
        }
    }
}

#[test]
fn a_full_spanish_tag_is_kept_and_an_untranslated_section_is_named() {
    let dir = temp_dir("spanish-tags");
    let def = dir.join("mx.toml");
    let text = read(EXAMPLE).replace("language = \"es\"", "language = \"es-MX\"");
    std::fs::write(&def, &text).unwrap();
    let pdf = dir.join("mx.pdf");
    let o = handout(&["build", def.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let langs = pdf_strings(&pdf, "/Lang");
    assert!(
        !langs.is_empty() && langs.iter().all(|l| l == "es-MX"),
        "{langs:?}"
    );

    // a section with no Spanish twin yet (none once the translation is complete)
    let library = repo().join("handouts/library");
    let missing = std::fs::read_dir(&library)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".md") && !library.join("es").join(n).exists())
        .min();
    if let Some(file) = missing {
        let id = file.trim_end_matches(".md");
        let untranslated = dir.join("untranslated.toml");
        std::fs::write(
            &untranslated,
            format!("title = \"T\"\nlanguage = \"es\"\n\n[[section]]\nuse = \"{id}\"\n"),
        )
        .unwrap();
        let o = handout(&["build", untranslated.to_str().unwrap()]);
        assert!(!o.status.success());
        let e = stderr(&o);
        assert!(
            e.contains(&format!("no Spanish version of `{id}` yet")),
            "{e}"
        );
        assert!(
            e.contains("untranslated.toml:5"),
            "the error names the line: {e}"
        );
    }
}

#[test]
fn sections_lists_the_spanish_twins() {
    let o = handout(&["sections", "--lang", "es"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("questions-for-your-doctor"), "{out}");
    assert!(out.contains("Preguntas para su médico"), "{out}");
    // the whole library is translated: every English id is listed in Spanish too
    for id in handout::library::Library::embedded().unwrap().ids() {
        assert!(out.contains(id), "{id} missing from: {out}");
    }
    let o = handout(&["sections", "--lang", "fr"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not written in `fr`"));
}

#[test]
fn check_grades_spanish_with_fernandez_huerta_and_inflesz() {
    let o = handout(&["check", EXAMPLE, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["language"], "es");
    assert_eq!(json["spanish_targets"]["min_fernandez_huerta"], 70.0);
    for s in json["sections"].as_array().unwrap() {
        assert_eq!(s["language"], "es");
        assert!(
            s["spanish"]["fernandez_huerta"].as_f64().unwrap() >= 70.0,
            "{s}"
        );
        assert!(s["spanish"]["inflesz"].as_f64().unwrap() >= 65.0, "{s}");
    }
    let o = handout(&["check", "--library", "--lang", "es"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("INFLESZ"));
    // a stricter target fails, as --max-grade does for English
    let o = handout(&["check", EXAMPLE, "--min-inflesz", "99"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("too hard"));
}

#[test]
fn a_mixed_language_batch_makes_each_handout_in_its_patients_language() {
    let out = temp_dir("spanish-batch");
    let o = handout(&[
        "batch",
        "handouts/examples/batch-mixed.csv",
        "--template",
        "handouts/examples/batch-mixed-template.toml",
        "-o",
        out.to_str().unwrap(),
        "--pattern",
        "{patient.id}.pdf",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let expect = [
        ("M001", "es-US", "Su próxima consulta"),
        ("M002", "en-US", "Your Next Visit"),
        ("M003", "es-MX", "Su próxima consulta"),
        ("M004", "en-US", "Your Next Visit"),
    ];
    for (id, lang, title) in expect {
        let pdf = out.join(format!("{id}.pdf"));
        let langs = pdf_strings(&pdf, "/Lang");
        assert!(
            !langs.is_empty() && langs.iter().all(|l| l == lang),
            "{id}: {langs:?}"
        );
        let text = pdf_text(&pdf, Some(1));
        assert!(text.contains(title), "{id}: {text}");
        let footer = if lang.starts_with("es") {
            "Página 1 de"
        } else {
            "Page 1 of"
        };
        assert!(text.contains(footer), "{id}: {text}");
    }
}
