//! Lists: bullets, numbers and check boxes, each item's label set beside its first line and
//! tagged as the item's label.

use super::text::{baseline_offset_pt, line_item, measure_pt};
use super::{Flow, Row};
use crate::document::{Block, ListKind};
use crate::layout::page::{Item, Mark, RectItem, SymbolItem};
use crate::layout::structure::{ListLabels, StructKind};
use crate::layout::LayoutError;
use crate::style;

/// Indent of a bulleted item's text, in ems of the body size: the bullet and a clear gap.
pub(super) const BULLET_INDENT_EM: f32 = 1.2;
/// Indent of a check-box item's text: the box (wider than a bullet) and a clear gap.
const CHECK_BOX_INDENT_EM: f32 = 1.5;
/// Gap between the widest number label ("10.") and the item's text.
const NUMBER_GAP_EM: f32 = 0.5;
/// Side of a check box: about the height of a capital, big enough to tick by hand.
const CHECK_BOX_SIDE_EM: f32 = 0.75;
/// The check box stands a little in from the text's left edge, so its stroke lines up with it.
const CHECK_BOX_INSET_EM: f32 = 0.1;
/// Stroke of a check box's outline: dark enough to see in low vision and on a photocopy.
const CHECK_BOX_STROKE_PT: f32 = 1.5;
/// Space between list items: less than between paragraphs, so the list reads as one block.
const ITEM_GAP_EM: f32 = 0.35;

impl Flow<'_> {
    pub(super) fn list(
        &mut self,
        kind: ListKind,
        items: &[Vec<Block>],
        x_pt: f32,
        width_pt: f32,
        parent: usize,
    ) -> Result<Vec<Row>, LayoutError> {
        let size = self.style.body_pt;
        let labels = match kind {
            ListKind::Bullet => ListLabels::Bullet,
            ListKind::Numbered(_) => ListLabels::Number,
            ListKind::Task => ListLabels::CheckBox,
        };
        let node = self.tree.add(parent, StructKind::List { labels });
        let label_of = |i: usize| match kind {
            ListKind::Bullet => "•".to_string(),
            ListKind::Numbered(start) => format!("{}.", start + i as u64),
            ListKind::Task => String::new(),
        };
        let indent = match kind {
            ListKind::Bullet => BULLET_INDENT_EM * size,
            ListKind::Task => CHECK_BOX_INDENT_EM * size,
            ListKind::Numbered(_) => {
                let widest = (0..items.len())
                    .map(|i| measure_pt(self.breaker, &label_of(i), true, size))
                    .try_fold(0.0f32, |a, w| w.map(|w| a.max(w)))?;
                widest + NUMBER_GAP_EM * size
            }
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let li = self.tree.add(node, StructKind::ListItem);
            let label_text = label_of(i);
            let lbl = self.tree.add(li, StructKind::Label);
            let body = self.tree.add(li, StructKind::ListBody);
            let mut rows = self.blocks(item, x_pt + indent, width_pt - indent, body, false)?;
            let Some(first) = rows.first_mut() else {
                continue;
            };
            let baseline = first.items.iter().find_map(|it| match it {
                Item::Text(t) => Some(t.baseline_pt),
                _ => None,
            });
            let baseline = baseline
                .unwrap_or_else(|| baseline_offset_pt(self.breaker, size, self.style.leading));
            // the label is drawn before the item's text, so it comes first in the content too
            let content = self.tree.content(lbl);
            let label = if kind == ListKind::Task {
                let side = CHECK_BOX_SIDE_EM * size;
                Item::Symbol(SymbolItem {
                    rect: RectItem {
                        x_pt: x_pt + CHECK_BOX_INSET_EM * size,
                        y_pt: baseline - side,
                        width_pt: side,
                        height_pt: side,
                        fill: None,
                        stroke: Some((style::BLACK, CHECK_BOX_STROKE_PT)),
                    },
                    text: crate::locale::words(self.language).check_box.clone(),
                    content,
                })
            } else {
                let mark = Mark::Content(content);
                Item::Text(line_item(
                    self.breaker,
                    &label_text,
                    true,
                    size,
                    style::BLACK,
                    x_pt,
                    baseline,
                    mark,
                )?)
            };
            first.items.insert(0, label);
            first.space_before_pt = if i == 0 { 0.0 } else { ITEM_GAP_EM * size };
            first.list_item = i > 0;
            first.list_first = i == 0;
            out.append(&mut rows);
        }
        Ok(out)
    }
}
