//! A block set beside a pictogram (actions and warnings), the pictogram first in reading order.

use super::{Flow, Row};
use crate::document::Block;
use crate::layout::page::{Item, PictogramItem};
use crate::layout::LayoutError;
use crate::pictogram::Pictogram;

/// Pictograms beside actions and warnings: half an inch, the smallest the house style allows.
const ICON_SIZE_PT: f32 = 36.0;
/// Space between a pictogram and its text, as a fraction of the body size.
const ICON_GAP_EM: f32 = 0.5;

impl Flow<'_> {
    /// A block with a pictogram at its left: the block is set beside it, and the rows are at
    /// least as tall as the pictogram so nothing below runs into it.
    pub(super) fn beside_icon(
        &mut self,
        name: &str,
        block: &Block,
        x_pt: f32,
        width_pt: f32,
        parent: usize,
    ) -> Result<Vec<Row>, LayoutError> {
        let size = ICON_SIZE_PT;
        let gap = ICON_GAP_EM * self.style.body_pt;
        let Some(pictogram) = Pictogram::from_name(name) else {
            return self.block(block, x_pt, width_pt, parent);
        };
        // the pictogram's top sits at the top of the first line's type; it comes first in
        // reading order, as a Figure with its alt text
        let top = (self.style.leading - 1.0) * self.style.body_pt / 2.0;
        let item =
            PictogramItem::tagged_in(pictogram, self.language, x_pt, top, size, self.tree, parent);
        let mut rows = self.block(block, x_pt + size + gap, width_pt - size - gap, parent)?;
        let Some(first) = rows.first_mut() else {
            return Ok(rows);
        };
        first.items.insert(0, Item::Pictogram(item));
        let mut height = 0.0;
        for (i, row) in rows.iter_mut().enumerate() {
            if i > 0 {
                height += row.space_before_pt;
                if height < top + size {
                    row.keep_with_previous = true;
                }
            }
            height += row.height_pt;
        }
        if let Some(last) = rows.last_mut() {
            last.height_pt += (top + size - height).max(0.0);
        }
        Ok(rows)
    }
}
