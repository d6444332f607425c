//! Keep rules that span blocks: which block introduces the next (so they start on one page),
//! and how a callout box is cut into pieces that may part between its blocks as a last resort.

use super::callout::CALLOUT_EDGE_PT;
use super::Row;
use crate::document::Block;
use crate::layout::page::{Item, RectItem};
use crate::style::Rgb;

/// Cuts a callout's rows into its blocks (and list items): a new group starts at a row that may
/// leave the one before it and has space above it.
pub(super) fn block_groups(rows: Vec<Row>) -> Vec<Vec<Row>> {
    let mut groups: Vec<Vec<Row>> = Vec::new();
    for row in rows {
        match groups.last_mut() {
            Some(g) if row.keep_with_previous || row.space_before_pt == 0.0 => g.push(row),
            _ => groups.push(vec![row]),
        }
    }
    groups
}

/// One piece of a callout box: its rows on the tinted box with the coloured edge. The first
/// row's space above goes inside the box, so the pieces join without a seam.
pub(super) fn boxed_rows(
    rows: Vec<Row>,
    x_pt: f32,
    width_pt: f32,
    (tint, edge): (Rgb, Rgb),
    top_pad_pt: f32,
    bottom_pad_pt: f32,
) -> Row {
    let mut items = Vec::new();
    let mut y = top_pad_pt;
    for (i, r) in rows.into_iter().enumerate() {
        if i > 0 || top_pad_pt == 0.0 {
            y += r.space_before_pt;
        }
        for mut it in r.items {
            it.shift(0.0, y);
            items.push(it);
        }
        y += r.height_pt;
    }
    let height = y + bottom_pad_pt;
    let rect = |w: f32, fill: Rgb| {
        Item::Rect(RectItem {
            x_pt,
            y_pt: 0.0,
            width_pt: w,
            height_pt: height,
            fill: Some(fill),
            stroke: None,
        })
    };
    let mut all = vec![rect(width_pt, tint), rect(CALLOUT_EDGE_PT, edge)];
    all.append(&mut items);
    let mut row = Row::new(height, all, "callout box");
    row.lines = 2;
    row
}

/// Whether block `prev` introduces `next` (a line ending with ":" or a bold caption before a
/// list, table or box; anything before write-in lines), so the two must start on the same page.
pub(super) fn introduces(prev: &Block, next: &Block) -> bool {
    if matches!(next, Block::WriteIn { .. }) {
        return true; // write-in lines always stay with what asks for them
    }
    let Block::Paragraph(inl) = prev else {
        return false;
    };
    let text = crate::document::plain_text(inl);
    let caption = !inl.is_empty() && inl.iter().all(|s| s.style.bold || s.text.trim().is_empty());
    match next {
        Block::List { .. } | Block::Table { .. } | Block::Callout { .. } => {
            text.trim_end().ends_with(':') || caption
        }
        _ => false,
    }
}
