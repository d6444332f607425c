//! A "Notes" page: a heading and write-in lines down to the footer, to pad a booklet's page
//! count to a multiple of 4.

use super::Fixed;
use crate::layout::{
    footer_body_bottom_pt, Item, LayoutError, LineItem, Page, StructKind, StructTree,
};
use crate::locale;
use crate::style;

/// Height of a write-in line on a notes page.
const NOTES_PITCH_PT: f32 = 36.0;

/// How far above the bottom of its row a write-in line is drawn.
const LINE_RAISE_PT: f32 = 4.0;

/// Lays out one notes page, adding its section under the tree's root.
pub fn notes_page(fx: &Fixed, tree: &mut StructTree) -> Result<Page, LayoutError> {
    let s = fx.style;
    let section = tree.add(StructTree::ROOT, StructKind::Section);
    let mut items = Vec::new();
    let words = locale::words(&fx.doc.language);
    let mut y = fx.heading(tree, section, &words.notes, s.margin_top_pt, &mut items)?;
    let bottom = footer_body_bottom_pt(fx.doc, s, fx.shaper)?;
    while y + NOTES_PITCH_PT <= bottom {
        let ly = y + NOTES_PITCH_PT - LINE_RAISE_PT;
        items.push(Item::Line(LineItem {
            x1_pt: s.margin_left_pt,
            y1_pt: ly,
            x2_pt: s.page_width_pt - s.margin_right_pt,
            y2_pt: ly,
            width_pt: 1.0,
            color: style::RULE_GREY,
        }));
        y += NOTES_PITCH_PT;
    }
    Ok(fx.new_page(items))
}
