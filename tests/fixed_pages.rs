//! A booklet's fixed pages around its content, checked on the page model: a contents that runs
//! over two pages still sends every entry to its section, every page but the covers carries
//! "Page N of M" with the final total, and the structure tree reads cover, contents, content,
//! notes, back cover in order, with content ids handed out in that order.

use std::collections::HashMap;
use std::path::Path;

use handout::layout::{ArtifactKind, Item, Mark, PageModel, StructChild, StructTree};

/// A booklet with `sections` sections whose titles take two lines in the contents.
fn many_sections(sections: usize) -> PageModel {
    let mut t = String::from("title = \"Long Booklet\"\ndate = \"2026-11-23\"\n[clinic]\nname = \"Riverside\"\nphone = \"555-010-2000\"\n[style]\nbooklet = true\n");
    for s in 0..sections {
        t.push_str(&format!(
            "[[section]]\ntitle = \"Part {s}: what to do when the pain in your back gets worse\"\nbody = \"\"\"\nDrink water each day and go for short walks when you can.\n\"\"\"\n"
        ));
    }
    let engine = handout::Engine::new().unwrap();
    let def = handout::definition::Definition::parse(Path::new("long.toml"), &t).unwrap();
    engine
        .lay_out(&def, &handout::BuildOptions::default())
        .unwrap()
        .0
}

fn links(model: &PageModel) -> Vec<(usize, &handout::layout::LinkItem)> {
    let mut out = Vec::new();
    for (p, page) in model.pages.iter().enumerate() {
        for item in &page.items {
            if let Item::Link(l) = item {
                out.push((p, l));
            }
        }
    }
    out
}

#[test]
fn a_two_page_contents_links_every_section_to_its_page() {
    let model = many_sections(24);
    let links = links(&model);
    let contents_pages: Vec<usize> = links.iter().map(|(p, _)| *p).collect();
    assert!(
        contents_pages.contains(&2),
        "the contents should run onto page 3: {contents_pages:?}"
    );
    let sections: Vec<_> = model
        .outline
        .iter()
        .filter(|e| e.level == 1 && e.title.starts_with("Part "))
        .collect();
    assert_eq!(sections.len(), 24);
    assert_eq!(links.len(), sections.len());
    for ((_, link), section) in links.iter().zip(&sections) {
        let handout::layout::LinkTarget::Place { page, y_pt } = link.target else {
            panic!("a contents entry links to a place in the booklet: {link:?}");
        };
        assert_eq!(page, section.page, "{}", section.title);
        assert!(page > *contents_pages.last().unwrap());
        assert_eq!(y_pt, (section.y_pt - 6.0).max(0.0));
        assert!(link.alt.contains(&format!("page {}", section.page + 1)));
    }
}

#[test]
fn every_page_but_the_covers_says_page_n_of_the_final_total() {
    let model = many_sections(24);
    let total = model.pages.len();
    assert_eq!(total % 4, 0);
    for (p, page) in model.pages.iter().enumerate() {
        let footers: Vec<String> = page
            .text_lines()
            .filter(|t| t.mark == Mark::Artifact(ArtifactKind::Footer))
            .map(|t| t.text())
            .collect();
        if p == 0 || p == total - 1 {
            assert!(footers.is_empty(), "cover or back cover has {footers:?}");
        } else {
            let want = format!("Page {} of {total}", p + 1);
            assert!(footers.contains(&want), "page {}: {footers:?}", p + 1);
        }
    }
}

/// Every content id in the tree, depth first (the order a screen reader reads them).
fn reading_order(tree: &StructTree) -> Vec<u32> {
    fn walk(tree: &StructTree, node: usize, out: &mut Vec<u32>) {
        for child in &tree.nodes[node].children {
            match child {
                StructChild::Node(n) => walk(tree, *n, out),
                StructChild::Content(id) => out.push(id.0),
            }
        }
    }
    let mut out = Vec::new();
    walk(tree, StructTree::ROOT, &mut out);
    out
}

#[test]
fn the_structure_tree_reads_the_pages_in_order_with_ids_in_that_order() {
    let model = many_sections(24);
    let mut page_of: HashMap<u32, usize> = HashMap::new();
    for (p, page) in model.pages.iter().enumerate() {
        for item in &page.items {
            let ids: Vec<u32> = match item {
                Item::Text(t) => t
                    .marked_runs()
                    .into_iter()
                    .filter_map(|(_, m)| match m {
                        Mark::Content(id) => Some(id.0),
                        Mark::Artifact(_) => None,
                    })
                    .collect(),
                Item::Image(i) => vec![i.content.0],
                Item::Link(l) => vec![l.content.0],
                _ => Vec::new(),
            };
            for id in ids {
                page_of.insert(id, p);
            }
        }
    }
    let order = reading_order(&model.structure);
    let pages: Vec<usize> = order
        .iter()
        .filter_map(|id| page_of.get(id).copied())
        .collect();
    assert!(
        pages.windows(2).all(|w| w[0] <= w[1]),
        "tree out of page order"
    );
    assert_eq!(pages.first(), Some(&0), "the cover is read first");
    assert_eq!(pages.last(), Some(&(model.pages.len() - 1)));
    // ids were handed out in reading order: the first id of each page grows with the page
    let mut first_id = vec![u32::MAX; model.pages.len()];
    for (id, p) in &page_of {
        first_id[*p] = first_id[*p].min(*id);
    }
    let used: Vec<u32> = first_id.into_iter().filter(|&i| i != u32::MAX).collect();
    assert!(used.windows(2).all(|w| w[0] < w[1]), "{used:?}");
    assert_eq!(used[0], 0);
}
