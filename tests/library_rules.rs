//! The library's safety and understandability rules, checked on the data and on the handout
//! of every preset (issue 8): no sentence said twice in a handout, every warning box with 911 or
//! a number (or a line to write one), pointers to other sections only where those sections are
//! present, no hand-made warning boxes or typed phone numbers, key points on every section.

use std::collections::HashMap;
use std::path::Path;

use handout::definition::Definition;
use handout::document::{Block, CalloutKind, Document};
use handout::library::Library;
use handout::resolve::resolve;

const FULL: &str = "[clinic]\nname = \"Riverside Cancer Center\"\nphone = \"555-010-2000\"\nafter_hours = \"555-010-2999\"\n";
const DAY_ONLY: &str = "[clinic]\nphone = \"555-010-2000\"\n";
const NONE: &str = "";

fn preset_doc(lib: &Library, preset: &str, clinic: &str, booklet: bool) -> Document {
    let text = format!("title = \"T\"\npreset = \"{preset}\"\n{clinic}");
    let def = Definition::parse(Path::new("preset.toml"), &text).unwrap();
    resolve(&def.check().unwrap(), lib, booklet).unwrap().0
}

/// Every piece of text in reading order, one entry per paragraph, item or cell, less the call
/// lines of warning boxes (the same rule worded the same way in every box, by design).
fn texts(doc: &Document) -> Vec<String> {
    fn walk(blocks: &[Block], in_warning: bool, out: &mut Vec<String>) {
        for b in blocks {
            match b {
                Block::Callout { kind, blocks, .. } => {
                    walk(blocks, in_warning || *kind == CalloutKind::Urgent, out)
                }
                Block::Icon { .. } if in_warning => {}
                other => other.text_blocks(out),
            }
        }
    }
    let mut out = Vec::new();
    walk(&doc.intro, false, &mut out);
    for s in &doc.sections {
        out.push(s.title.clone());
        walk(&s.blocks, false, &mut out);
    }
    out
}

fn sentences(text: &str) -> Vec<String> {
    text.split(['.', '!', '?', ':'])
        .map(|s| {
            s.split_whitespace()
                .map(|w| {
                    w.trim_matches(|c: char| !c.is_alphanumeric())
                        .to_lowercase()
                })
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|s| s.split(' ').count() >= 8)
        .collect()
}

#[test]
fn no_preset_handout_says_a_sentence_of_8_or_more_words_twice() {
    let lib = Library::embedded().unwrap();
    let mut problems = Vec::new();
    for (name, _) in &lib.presets {
        let doc = preset_doc(&lib, name, FULL, false);
        let mut seen: HashMap<String, usize> = HashMap::new();
        for t in texts(&doc) {
            // a pointer to a box printed earlier is a pointer, not a repeat
            if t.starts_with("See the box") {
                continue;
            }
            for s in sentences(&t) {
                *seen.entry(s).or_default() += 1;
            }
        }
        let mut twice: Vec<_> = seen.into_iter().filter(|(_, n)| *n > 1).collect();
        twice.sort();
        for (s, n) in twice {
            problems.push(format!("{name}: said {n} times: \"{s}\""));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn urgent_boxes(blocks: &[Block], out: &mut Vec<Vec<Block>>) {
    for b in blocks {
        match b {
            Block::Callout {
                kind: CalloutKind::Urgent,
                blocks,
                ..
            } => out.push(blocks.clone()),
            Block::Callout { blocks, .. } => urgent_boxes(blocks, out),
            _ => {}
        }
    }
}

#[test]
fn every_warning_box_has_911_or_a_number_or_a_line_to_write_one() {
    let lib = Library::embedded().unwrap();
    let mut checked = 0;
    for (name, _) in &lib.presets {
        for clinic in [FULL, DAY_ONLY, NONE] {
            let doc = preset_doc(&lib, name, clinic, false);
            let mut boxes = Vec::new();
            for s in &doc.sections {
                urgent_boxes(&s.blocks, &mut boxes);
            }
            for b in boxes {
                checked += 1;
                let mut text = Vec::new();
                b.iter().for_each(|x| x.text_blocks(&mut text));
                let text = text.join(" ");
                let has_write_in = b.iter().any(|x| matches!(x, Block::WriteIn { .. }));
                assert!(
                    text.contains("911") || text.contains("555-010-") || has_write_in,
                    "{name}: a box with no number and no line to write one: {text}"
                );
                if text.contains("day or night") {
                    assert!(
                        text.contains("555-010-2999") || has_write_in,
                        "{name}: \"day or night\" with no after-hours number or line: {text}"
                    );
                    assert!(
                        !text.contains("555-010-2000 now, day or night"),
                        "{name}: the day number under day or night: {text}"
                    );
                }
            }
        }
    }
    assert!(checked > 0, "no warning box in any preset");
}

#[test]
fn a_pointer_to_another_section_stands_only_inside_a_when_block_for_that_section() {
    let lib = Library::embedded().unwrap();
    let mut problems = Vec::new();
    for s in &lib.sections {
        let mut open: Vec<Option<Vec<String>>> = Vec::new();
        for (n, line) in s.body.lines().enumerate() {
            let t = line.trim();
            if let Some(cond) = t.strip_prefix("::: when") {
                let ids = cond
                    .trim()
                    .strip_prefix("section=")
                    .map(|v| v.split(',').map(|x| x.trim().to_string()).collect());
                open.push(ids);
                continue;
            }
            if t == ":::" {
                open.pop();
                continue;
            }
            let inside: Vec<&String> = open.iter().flatten().flatten().collect();
            let heading = t.starts_with('#');
            let mut rest = line;
            while let Some(at) = rest.find("{see:") {
                let id: String = rest[at + 5..].chars().take_while(|c| *c != '}').collect();
                if !inside.contains(&&id) {
                    problems.push(format!(
                        "{}:{}: {{see:{id}}} outside `::: when section={id}`",
                        s.file,
                        n + 1
                    ));
                }
                rest = &rest[at + 5..];
            }
            for other in lib.sections.iter().filter(|o| o.id != s.id) {
                if !heading && line.contains(&other.title) && !inside.contains(&&other.id) {
                    problems.push(format!(
                        "{}:{}: names the section \"{}\" outside `::: when section={}`",
                        s.file,
                        n + 1,
                        other.title,
                        other.id
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn library_sections_use_the_shared_warning_boxes_and_key_points() {
    let lib = Library::embedded().unwrap();
    let mut problems = Vec::new();
    for s in &lib.sections {
        for bad in ["[!WARNING]", "[!CAUTION]", "[!IMPORTANT]"] {
            if s.body.contains(bad) {
                problems.push(format!(
                    "{}: a hand-made `{bad}` box; use `::: warning ID`",
                    s.file
                ));
            }
        }
        // the clinic's numbers come from placeholders; a national toll-free help line may be typed
        let b = s.body.as_bytes();
        let digits = (0..b.len().saturating_sub(8)).any(|i| {
            let w = &b[i..i + 8];
            let phone = w.iter().filter(|c| c.is_ascii_digit()).count() == 7 && w.contains(&b'-');
            let toll_free = i >= 6 && b[i - 6..i].starts_with(b"1-8");
            phone && !toll_free
        });
        if digits {
            problems.push(format!(
                "{}: a typed phone number; use a placeholder",
                s.file
            ));
        }
        if s.key_points.is_empty() && s.id != "notes-page" {
            problems.push(format!("{}: no key_points", s.file));
        }
        let has_facts = s.id != "notes-page";
        if has_facts && s.sources.iter().any(|src| !src.contains("(")) {
            problems.push(format!("{}: a source without its year", s.file));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_warning_printed_twice_is_a_box_then_a_pointer_with_its_page() {
    let lib = Library::embedded().unwrap();
    let id = &lib.warnings.warnings[0].id;
    let text = format!(
        "title = \"T\"\n{FULL}[[section]]\ntitle = \"A\"\nbody = \"::: warning {id}\"\n[[section]]\ntitle = \"B\"\nbody = \"::: warning {id}\"\n"
    );
    let def = Definition::parse(Path::new("twice.toml"), &text).unwrap();
    let (doc, _) = resolve(&def.check().unwrap(), &lib, false).unwrap();
    let mut first = Vec::new();
    urgent_boxes(&doc.sections[0].blocks, &mut first);
    let mut second = Vec::new();
    urgent_boxes(&doc.sections[1].blocks, &mut second);
    assert_eq!((first.len(), second.len()), (1, 0));
    let mut pointer = Vec::new();
    doc.sections[1]
        .blocks
        .iter()
        .for_each(|b| b.text_blocks(&mut pointer));
    assert!(pointer[0].starts_with("See the box"), "{pointer:?}");
    let engine = handout::Engine::new().unwrap();
    let style = def.check().unwrap().style;
    let model = engine.lay_out_document(&doc, &style).unwrap();
    let printed: String = model
        .pages
        .iter()
        .flat_map(|p| p.text_lines().map(|t| t.text()))
        .collect::<Vec<_>>()
        .join(" ");
    let flat = printed.split_whitespace().collect::<Vec<_>>().join(" ");
    let title = &lib.warnings.warnings[0].title;
    let box_page = model
        .pages
        .iter()
        .position(|p| p.text_lines().any(|t| t.text().contains(title.as_str())))
        .unwrap()
        + 1;
    assert!(flat.contains(&format!("on page {box_page}.")), "{flat}");
    assert!(
        !flat.contains("page 00") && !flat.contains("page ?"),
        "{flat}"
    );
}
