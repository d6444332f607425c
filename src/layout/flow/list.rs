//! Lists: bullets, numbers and check boxes, each item's label set beside its first line and
//! tagged as the item's label.

use super::text::{baseline_offset_pt, line_item, measure_pt};
use super::{Flow, Row};
use crate::document::{Block, ListKind};
use crate::layout::page::{Item, Mark, RectItem, SymbolItem};
use crate::layout::structure::{ListLabels, StructKind};
use crate::layout::LayoutError;
use crate::style;

/// What a question list's check box reads as.
pub const CHECK_BOX_TEXT: &str = "check box";

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
            ListKind::Bullet => 1.2 * size,
            ListKind::Task => 1.5 * size,
            ListKind::Numbered(_) => {
                let widest = (0..items.len())
                    .map(|i| measure_pt(self.shaper, &label_of(i), true, size))
                    .try_fold(0.0f32, |a, w| w.map(|w| a.max(w)))?;
                widest + 0.5 * size
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
                .unwrap_or_else(|| baseline_offset_pt(self.shaper, size, self.style.leading));
            // the label is drawn before the item's text, so it comes first in the content too
            let content = self.tree.content(lbl);
            let label = if kind == ListKind::Task {
                let side = 0.75 * size;
                Item::Symbol(SymbolItem {
                    rect: RectItem {
                        x_pt: x_pt + 0.1 * size,
                        y_pt: baseline - side,
                        width_pt: side,
                        height_pt: side,
                        fill: None,
                        stroke: Some((style::BLACK, 1.5)),
                    },
                    text: CHECK_BOX_TEXT.to_string(),
                    content,
                })
            } else {
                let mark = Mark::Content(content);
                Item::Text(line_item(
                    self.shaper,
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
            first.space_before_pt = if i == 0 { 0.0 } else { 0.35 * size };
            out.append(&mut rows);
        }
        Ok(out)
    }
}
