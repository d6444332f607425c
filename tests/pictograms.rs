//! Pictograms in a real PDF: all seven at 0.5 in and at 1 in pass krilla's PDF/UA-1 and PDF/A-2a
//! validation, and the file's structure tree holds one Figure with the right alt text for each.

mod common;

use std::collections::HashMap;

use handout::layout::{
    ArtifactKind, Item, Mark, Page, PageModel, PictogramItem, StructKind, StructTree,
};
use handout::pdf::{write_pdf, PdfOptions};
use handout::pictogram::Pictogram;

/// One Letter page with every pictogram at each of `sizes_pt`, tagged as Figures.
fn sheet(sizes_pt: &[f32]) -> PageModel {
    let mut tree = StructTree::new();
    let section = tree.add(StructTree::ROOT, StructKind::Section);
    let mut items = Vec::new();
    for (row, &size) in sizes_pt.iter().enumerate() {
        for (col, p) in Pictogram::ALL.into_iter().enumerate() {
            let (x, y) = (54.0 + col as f32 * 76.0, 54.0 + row as f32 * 100.0);
            items.push(Item::Pictogram(PictogramItem::tagged(
                p, x, y, size, &mut tree, section,
            )));
        }
    }
    PageModel {
        pages: vec![Page {
            width_pt: 612.0,
            height_pt: 792.0,
            items,
        }],
        structure: tree,
        outline: Vec::new(),
        title: "Pictograms".into(),
        subtitle: None,
        language: "en".into(),
        author: None,
        date: Some("2026-11-28".into()),
        anchors: Vec::new(),
    }
}

fn strict() -> PdfOptions {
    PdfOptions {
        pdf_a: true,
        tagged: true,
    }
}

/// The alt text of every Figure in the PDF's structure tree, in object order.
fn figure_alts(pdf: &[u8], _name: &str) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("a readable PDF");
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").and_then(|s| s.as_name()).ok() == Some(b"Figure"))
        .map(|d| {
            let alt = d.get(b"Alt").expect("a Figure without /Alt");
            lopdf::decode_text_string(alt).expect("alt text")
        })
        .collect()
}

#[test]
fn all_pictograms_at_half_an_inch_and_an_inch_make_a_conforming_pdf_with_one_figure_each() {
    let model = sheet(&[36.0, 72.0]);
    let pdf = write_pdf(&model, strict()).unwrap_or_else(|e| panic!("{e}"));
    // in the page model: one Figure per pictogram, with its alt text and its drawn content
    let figures: Vec<_> = model
        .structure
        .nodes
        .iter()
        .filter_map(|n| match &n.kind {
            StructKind::Figure { alt } => Some((alt.clone(), n.children.len())),
            _ => None,
        })
        .collect();
    assert_eq!(figures.len(), 14);
    assert!(figures.iter().all(|(_, children)| *children == 1));
    // in the PDF: the same
    let alts = figure_alts(&pdf, "pictograms-pdf");
    assert_eq!(alts.len(), 14, "{alts:?}");
    let mut count: HashMap<&str, usize> = HashMap::new();
    for a in &alts {
        *count.entry(a.as_str()).or_default() += 1;
    }
    for p in Pictogram::ALL {
        assert!(!p.alt_text().is_empty());
        assert_eq!(count.get(p.alt_text()), Some(&2), "{}: {alts:?}", p.name());
    }
    let dir = common::temp_dir("pictograms-qpdf");
    std::fs::write(dir.join("p.pdf"), &pdf).unwrap();
    common::assert_pdf_sound(&dir.join("p.pdf"));
}

#[test]
fn the_same_pictograms_make_the_same_bytes() {
    let a = write_pdf(&sheet(&[36.0, 72.0]), strict()).unwrap();
    let b = write_pdf(&sheet(&[36.0, 72.0]), strict()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn a_decorative_pictogram_is_an_artifact_with_no_figure() {
    let mut model = sheet(&[36.0]);
    for item in &mut model.pages[0].items {
        if let Item::Pictogram(p) = item {
            p.mark = Mark::Artifact(ArtifactKind::Layout);
        }
    }
    // the Figures are left with no content and drop out of the tag tree
    let pdf = write_pdf(&model, strict()).unwrap_or_else(|e| panic!("{e}"));
    assert!(figure_alts(&pdf, "pictograms-artifact").is_empty());
}

#[test]
fn shifting_a_pictogram_moves_its_corner() {
    let mut tree = StructTree::new();
    let mut item = Item::Pictogram(PictogramItem::tagged(
        Pictogram::Pill,
        40.0,
        50.0,
        36.0,
        &mut tree,
        StructTree::ROOT,
    ));
    item.shift(10.0, -5.0);
    let Item::Pictogram(p) = item else {
        unreachable!()
    };
    assert_eq!((p.x_pt, p.y_pt, p.size_pt), (50.0, 45.0, 36.0));
    assert_eq!(p.pictogram, Pictogram::Pill);
}
