//! Layout invariants checked on the engine's own page model, for the examples and for stress
//! definitions: text inside the margins, no overlapping lines, body at 18 pt, no heading at a
//! page foot, no widows or orphans, callouts whole, table headers repeated, footers everywhere.

mod common;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use handout::definition::Definition;
use handout::layout::{ContentId, Item, Mark, PageModel, StructChild, StructKind, StructTree};
use handout::{BuildOptions, Engine};

fn lay_out(path: &Path, text: Option<&str>) -> PageModel {
    let engine = Engine::new().unwrap();
    let def = match text {
        Some(t) => Definition::parse(path, t).unwrap(),
        None => Definition::load(path).unwrap(),
    };
    engine
        .lay_out(&def.check().unwrap(), &BuildOptions::default())
        .unwrap()
        .0
}

/// Content ids below a node.
fn contents(tree: &StructTree, node: usize, out: &mut Vec<ContentId>) {
    for c in &tree.nodes[node].children {
        match c {
            StructChild::Content(id) => out.push(*id),
            StructChild::Node(n) => contents(tree, *n, out),
        }
    }
}

fn descendants(tree: &StructTree, node: usize, visit: &mut impl FnMut(usize)) {
    for c in &tree.nodes[node].children {
        if let StructChild::Node(n) = c {
            visit(*n);
            descendants(tree, *n, visit);
        }
    }
}

fn nodes_of(tree: &StructTree, pred: impl Fn(&StructKind) -> bool) -> Vec<usize> {
    (0..tree.nodes.len())
        .filter(|n| pred(&tree.nodes[*n].kind))
        .collect()
}

/// Page index of every content id.
fn page_of(model: &PageModel) -> HashMap<ContentId, usize> {
    line_of(model)
        .into_iter()
        .map(|(c, (p, _))| (c, p))
        .collect()
}

/// Page index and line (baseline, in hundredths of a point) of every content id: a line with a
/// bold run has more than one.
fn line_of(model: &PageModel) -> HashMap<ContentId, (usize, i64)> {
    let mut map = HashMap::new();
    for (p, page) in model.pages.iter().enumerate() {
        for item in &page.items {
            match item {
                Item::Text(t) => {
                    for (_, mark) in t.marked_runs() {
                        if let Mark::Content(c) = mark {
                            map.insert(c, (p, (t.baseline_pt * 100.0) as i64));
                        }
                    }
                }
                Item::Image(i) => {
                    map.insert(i.content, (p, (i.y_pt * 100.0) as i64));
                }
                Item::Symbol(s) => {
                    map.insert(s.content, (p, (s.rect.y_pt * 100.0) as i64));
                }
                Item::Pictogram(g) => {
                    if let Mark::Content(c) = g.mark {
                        map.insert(c, (p, (g.y_pt * 100.0) as i64));
                    }
                }
                _ => {}
            }
        }
    }
    map
}

fn check_invariants(model: &PageModel, name: &str) {
    check_invariants_sized(model, name, 18.0, false);
}

/// `boxes_may_split`: at very large print a callout can be taller than a page and is then cut
/// into page-sized boxes.
fn check_invariants_sized(model: &PageModel, name: &str, body_pt: f32, boxes_may_split: bool) {
    assert!(!model.pages.is_empty(), "{name}: no pages");
    let pages = page_of(model);
    let lines = line_of(model);
    let tree = &model.structure;
    for (p, page) in model.pages.iter().enumerate() {
        // pictograms: at least 0.5 in, and inside the page's 0.5 in margins
        for item in &page.items {
            if let Item::Pictogram(g) = item {
                let (x1, y1) = (g.x_pt + g.size_pt, g.y_pt + g.size_pt);
                assert!(
                    g.size_pt >= 36.0
                        && g.x_pt >= 36.0
                        && g.y_pt >= 36.0
                        && x1 <= page.width_pt - 36.0
                        && y1 <= page.height_pt - 36.0,
                    "{name} p{}: pictogram {} at ({}, {}) size {} is too small or outside the margins",
                    p + 1,
                    g.pictogram.name(),
                    g.x_pt,
                    g.y_pt,
                    g.size_pt
                );
            }
        }
        let texts: Vec<_> = page.text_lines().collect();
        // inside the page, at least 0.5 in from each edge
        for t in &texts {
            let (x0, x1) = (t.x_pt, t.x_pt + t.width_pt());
            let (y0, y1) = (t.baseline_pt - t.size_pt, t.baseline_pt + 0.3 * t.size_pt);
            assert!(
                x0 >= 36.0 && x1 <= page.width_pt - 36.0,
                "{name} p{}: '{}' outside side margins ({x0}..{x1})",
                p + 1,
                t.text()
            );
            assert!(
                y0 >= 36.0 && y1 <= page.height_pt - 36.0,
                "{name} p{}: '{}' outside top/bottom margin",
                p + 1,
                t.text()
            );
            assert!(
                t.size_pt >= 16.0,
                "{name} p{}: '{}' at {} pt",
                p + 1,
                t.text(),
                t.size_pt
            );
        }
        // no two text lines overlap
        for (i, a) in texts.iter().enumerate() {
            for b in &texts[i + 1..] {
                let ya = (a.baseline_pt - 0.7 * a.size_pt, a.baseline_pt);
                let yb = (b.baseline_pt - 0.7 * b.size_pt, b.baseline_pt);
                let xa = (a.x_pt, a.x_pt + a.width_pt());
                let xb = (b.x_pt, b.x_pt + b.width_pt());
                let overlap_y = ya.0 < yb.1 && yb.0 < ya.1;
                let overlap_x = xa.0 < xb.1 - 0.5 && xb.0 < xa.1 - 0.5;
                assert!(
                    !(overlap_y && overlap_x),
                    "{name} p{}: '{}' overlaps '{}'",
                    p + 1,
                    a.text(),
                    b.text()
                );
            }
        }
        // a footer with the page number
        let footer = format!("Page {} of {}", p + 1, model.pages.len());
        // a booklet's covers (half-letter or A5 pages, first and last) carry no page number
        let cover = page.width_pt < 430.0 && (p == 0 || p + 1 == model.pages.len());
        assert!(
            cover
                || texts
                    .iter()
                    .any(|t| t.text() == footer && matches!(t.mark, Mark::Artifact(_))),
            "{name}: no footer artifact {footer}"
        );
    }
    // body text is 18 pt: the most common size of content lines
    let mut sizes: HashMap<u32, usize> = HashMap::new();
    for page in &model.pages {
        for t in page
            .text_lines()
            .filter(|t| matches!(t.mark, Mark::Content(_)))
        {
            *sizes.entry(t.size_pt as u32).or_default() += 1;
        }
    }
    let body = sizes.iter().max_by_key(|(_, n)| **n).map(|(s, _)| *s);
    assert_eq!(body, Some(body_pt as u32), "{name}: body size");

    // a heading is never the last content of a page (except the last page)
    let headings: HashSet<ContentId> = nodes_of(tree, |k| matches!(k, StructKind::Heading { .. }))
        .into_iter()
        .flat_map(|n| {
            let mut v = Vec::new();
            contents(tree, n, &mut v);
            v
        })
        .collect();
    for (p, page) in model.pages.iter().enumerate().take(model.pages.len() - 1) {
        // a booklet's notes pages are a heading over ruled lines, by design
        if page.text_lines().any(|t| t.text() == "Notes") {
            continue;
        }
        let last = page
            .text_lines()
            .filter_map(|t| {
                if let Mark::Content(c) = t.mark {
                    Some((t.baseline_pt, c))
                } else {
                    None
                }
            })
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, c)) = last {
            assert!(
                !headings.contains(&c),
                "{name}: a heading ends page {}",
                p + 1
            );
        }
    }
    // paragraphs split across pages keep two lines on each side
    for n in nodes_of(tree, |k| matches!(k, StructKind::Paragraph)) {
        let mut ids = Vec::new();
        contents(tree, n, &mut ids);
        let lines: HashSet<(usize, i64)> = ids.iter().map(|id| lines[id]).collect();
        let mut per_page: HashMap<usize, usize> = HashMap::new();
        for (page, _) in lines {
            *per_page.entry(page).or_default() += 1;
        }
        if per_page.len() > 1 {
            assert!(
                per_page.values().all(|n| *n >= 2),
                "{name}: widow or orphan in a paragraph: {per_page:?}"
            );
        }
    }
    // table rows never split; a callout box parts only between its blocks and list items, so
    // each paragraph or list item inside a box is on one page
    let mut unsplittable = nodes_of(tree, |k| matches!(k, StructKind::TableRow));
    if !boxes_may_split {
        for d in nodes_of(tree, |k| matches!(k, StructKind::Division)) {
            descendants(tree, d, &mut |n| {
                if matches!(
                    tree.nodes[n].kind,
                    StructKind::Paragraph | StructKind::ListItem
                ) {
                    unsplittable.push(n);
                }
            });
        }
    }
    for n in unsplittable {
        let mut ids = Vec::new();
        contents(tree, n, &mut ids);
        let set: HashSet<usize> = ids.iter().map(|id| pages[id]).collect();
        assert!(
            set.len() <= 1,
            "{name}: a table row, or a paragraph or list item in a box, is split across pages {set:?}"
        );
    }
}

#[test]
fn examples_keep_every_layout_rule() {
    for ex in ["bone-health-basics.toml", "tailored-maria.toml"] {
        let path = common::repo().join("handouts/examples").join(ex);
        let model = lay_out(&path, None);
        check_invariants(&model, ex);
    }
}

#[test]
fn every_library_section_together_keeps_every_layout_rule() {
    let engine = Engine::new().unwrap();
    let mut text = String::from("title = \"Everything\"\n[clinic]\nname = \"Riverside Cancer Center\"\nphone = \"555-010-2000\"\n");
    for id in engine.library.ids() {
        text.push_str(&format!("[[section]]\nuse = \"{id}\"\n"));
    }
    let model = lay_out(Path::new("all.toml"), Some(&text));
    assert!(model.pages.len() >= 20, "only {} pages", model.pages.len());
    check_invariants(&model, "all sections");
    // one bookmark per section, plus "About This Handout"
    let top = model.outline.iter().filter(|e| e.level == 1).count();
    assert_eq!(top, engine.library.sections.len() + 1);
}

#[test]
fn a_long_table_repeats_its_header_on_the_next_page() {
    let mut body = String::from("| Day | Calcium | Notes |\n|---|---|---|\n");
    for i in 1..=45 {
        body.push_str(&format!(
            "| Day {i} | {i}00 mg | Take it with food and water |\n"
        ));
    }
    let text = format!(
        "title = \"Table\"\n[[section]]\ntitle = \"Long Table\"\nbody = \"\"\"\n{body}\"\"\"\n"
    );
    let model = lay_out(Path::new("table.toml"), Some(&text));
    assert!(model.pages.len() >= 3);
    check_invariants(&model, "long table");
    for page in &model.pages[1..model.pages.len() - 1] {
        let first = page
            .text_lines()
            .filter(|t| t.baseline_pt < page.height_pt - 72.0)
            .min_by(|a, b| a.baseline_pt.total_cmp(&b.baseline_pt))
            .unwrap();
        assert_eq!(
            first.text(),
            "Day",
            "a continued page starts with the header row"
        );
        assert!(
            matches!(first.mark, Mark::Artifact(_)),
            "the repeated header is an artifact"
        );
    }
}

#[test]
fn headings_and_paragraphs_stay_together_under_pressure() {
    // many short sections of varying length push headings and paragraphs against page feet
    let mut text = String::from("title = \"Pressure\"\n");
    for i in 0..30 {
        let para = "Drink water each day and keep moving when you can. ".repeat(1 + i % 7);
        text.push_str(&format!(
            "[[section]]\ntitle = \"Part {i}\"\nbody = \"\"\"\n{para}\n\n## Sub-part {i}\n\n{para}\n\n> [!NOTE]\n> {para}\n\"\"\"\n"
        ));
    }
    let model = lay_out(Path::new("pressure.toml"), Some(&text));
    assert!(model.pages.len() > 10);
    check_invariants(&model, "pressure");
}

#[test]
fn same_definition_gives_the_same_bytes() {
    let engine = Engine::new().unwrap();
    let path = common::repo().join("handouts/examples/tailored-maria.toml");
    let def = Definition::load(&path).unwrap();
    let a = engine
        .build_definition(&def, &BuildOptions::default())
        .unwrap()
        .pdf;
    let b = Engine::new()
        .unwrap()
        .build_definition(&def, &BuildOptions::default())
        .unwrap()
        .pdf;
    assert!(a.starts_with(b"%PDF-"));
    assert_eq!(a, b);
}

#[test]
fn larger_print_and_a4_keep_every_layout_rule() {
    let engine = Engine::new().unwrap();
    for style in [
        "body_size = 24",
        "page = \"a4\"",
        "booklet = true\nbody_size = 20",
    ] {
        let mut text = format!("title = \"Sizes\"\n[clinic]\nname = \"Riverside Cancer Center\"\nphone = \"555-010-2000\"\n[style]\n{style}\n");
        for id in [
            "hypercalcemia-prevention",
            "nutrition-table",
            "spinal-cord-compression",
            "questions-for-your-doctor",
        ] {
            text.push_str(&format!("[[section]]\nuse = \"{id}\"\n"));
        }
        let model = lay_out(Path::new("sizes.toml"), Some(&text));
        let _ = &engine;
        // the body size is whatever the style asked for, so check the rules that do not depend on it
        let body: f32 = if style.contains("24") {
            24.0
        } else if style.contains("20") {
            20.0
        } else {
            18.0
        };
        let most = model
            .pages
            .iter()
            .flat_map(|p| p.text_lines())
            .filter(|t| matches!(t.mark, Mark::Content(_)))
            .filter(|t| (t.size_pt - body).abs() < 0.01)
            .count();
        assert!(most > 50, "{style}: body text at {body} pt");
        check_invariants_sized(&model, style, body, true);
    }
}

#[test]
fn an_empty_table_row_is_tall_enough_to_write_in() {
    let body = "| Food | How much | Calcium (mg) |\n|---|---|---|\n|  |  |  |\n|  |  |  |\n|  |  |  |\n| Total |  |  |\n";
    let text = format!(
        "title = \"Worksheet\"\n[[section]]\ntitle = \"Add Up Your Day\"\nbody = \"\"\"\n{body}\"\"\"\n"
    );
    let model = lay_out(Path::new("worksheet.toml"), Some(&text));
    check_invariants(&model, "worksheet");
    // the thin rules under the body rows: each empty row is at least one write-in pitch (36 pt)
    let mut ys: Vec<f32> = model.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Line(l) if (l.y1_pt - l.y2_pt).abs() < 0.01 && l.width_pt < 1.5 => Some(l.y1_pt),
            _ => None,
        })
        .collect();
    ys.sort_by(f32::total_cmp);
    let tall = ys.windows(2).filter(|w| w[1] - w[0] >= 35.9).count();
    assert!(tall >= 3, "rules at {ys:?}");
}
