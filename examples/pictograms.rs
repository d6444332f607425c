//! Draws every pictogram on one Letter page, at 0.5 in, 1 in and 1.5 in, each labelled with
//! the pictogram's name and alt text, and the 0.5 in set again on the urgency and information
//! box tints, so the set can be looked at side by side:
//! `cargo run --example pictograms [OUT.pdf]` (default `target/pictograms.pdf`), then
//! `pdftoppm -r 100 -png target/pictograms.pdf /tmp/pictograms`.

use std::sync::Arc;

use handout::layout::{
    Item, Mark, Page, PageModel, PictogramItem, RectItem, StructKind, StructTree, TextItem,
};
use handout::pdf::{write_pdf, PdfOptions};
use handout::pictogram::Pictogram;
use handout::style::{BLACK, INFO_TINT, PT_PER_IN, URGENT_TINT};
use handout::text::{FontId, Fonts, PlacedPiece, Shaper};

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/pictograms.pdf".into());
    let shaper = Shaper::new(Arc::new(Fonts::load()));
    let mut tree = StructTree::new();
    let mut items = Vec::new();
    let (label_pt, row_pt) = (16.0, 172.0);
    for (i, p) in Pictogram::ALL.into_iter().enumerate() {
        let (left_pt, top) = (
            54.0 + (i % 2) as f32 * 270.0,
            54.0 + (i / 2) as f32 * row_pt,
        );
        for (line, text) in [p.name(), p.alt_text()].into_iter().enumerate() {
            let para = tree.add(StructTree::ROOT, StructKind::Paragraph);
            items.push(Item::Text(TextItem::new(
                left_pt,
                top + label_pt * (1.0 + 1.2 * line as f32),
                label_pt,
                BLACK,
                vec![PlacedPiece {
                    x_pt: 0.0,
                    piece: shaper.shape(FontId::primary(line == 0), text),
                    span: 0,
                }],
                Mark::Content(tree.content(para)),
            )));
        }
        let mut x = left_pt;
        for size_in in [0.5, 1.0, 1.5] {
            let size = size_in * PT_PER_IN;
            let item = PictogramItem::tagged(p, x, top + 48.0, size, &mut tree, StructTree::ROOT);
            items.push(Item::Pictogram(item));
            x += size + 18.0;
        }
    }
    // The 0.5 in set again on the tints of the urgency and information boxes.
    for (band, tint) in [URGENT_TINT, INFO_TINT].into_iter().enumerate() {
        let top = 54.0 + 3.0 * row_pt + 60.0 + band as f32 * 52.0;
        items.push(Item::Rect(RectItem {
            x_pt: 324.0,
            y_pt: top,
            width_pt: 252.0,
            height_pt: 48.0,
            fill: Some(tint),
            stroke: None,
        }));
        for (i, p) in Pictogram::ALL.into_iter().enumerate() {
            let x = 330.0 + i as f32 * 34.5;
            let item = PictogramItem::tagged(
                p,
                x,
                top + 6.0,
                0.5 * PT_PER_IN,
                &mut tree,
                StructTree::ROOT,
            );
            items.push(Item::Pictogram(item));
        }
    }
    let model = PageModel {
        pages: vec![Page {
            width_pt: 8.5 * PT_PER_IN,
            height_pt: 11.0 * PT_PER_IN,
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
    };
    let pdf = write_pdf(
        &model,
        PdfOptions {
            pdf_a: true,
            tagged: true,
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&out, pdf).unwrap_or_else(|e| panic!("cannot write {out}: {e}"));
    println!("wrote {out}");
}
