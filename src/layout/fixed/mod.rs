//! The fixed pages of a booklet, built around the flowed content: the cover, the contents,
//! the "Notes" pages that pad the count to a multiple of 4, and the back cover. Each builder
//! sets its text through the same helpers as the flow ([`text_block`], [`line_item`],
//! [`measure_pt`]), adds its structure to the tree it is given, in reading order, and leaves
//! the footer to the footers pass.

mod back_cover;
mod contents;
mod cover;
mod notes;

pub use back_cover::back_cover;
pub use contents::{contents_pages, ContentsEntry};
pub use cover::cover_page;
pub use notes::notes_page;

use crate::document::{plain, Document, Inlines};
use crate::layout::{
    text_block, Item, LayoutError, LineItem, Page, StructKind, StructTree, TextBlock,
};
use crate::style::{self, Style};
use crate::text::Breaker;

/// Line height of text set larger than body text (headings, the cover's title).
const DISPLAY_LEADING: f32 = 1.2;

/// What every fixed page is built from: the document, its style and the shaper.
pub struct Fixed<'a> {
    pub doc: &'a Document,
    pub style: &'a Style,
    pub shaper: &'a Breaker,
}

impl Fixed<'_> {
    /// A text block across the text width at `size_pt`.
    fn spec(&self, size_pt: f32, bold: bool, color: style::Rgb) -> TextBlock {
        TextBlock {
            size_pt,
            bold,
            color,
            x_pt: self.style.margin_left_pt,
            width_pt: self.style.text_width_pt(),
            leading: if size_pt > self.style.body_pt {
                DISPLAY_LEADING
            } else {
                self.style.leading
            },
        }
    }

    /// A page of the booklet's size holding `items`.
    fn new_page(&self, items: Vec<Item>) -> Page {
        Page {
            width_pt: self.style.page_width_pt,
            height_pt: self.style.page_height_pt,
            items,
        }
    }

    /// Sets text under structure node `node` at `y_pt`, adding its lines to `items`; returns
    /// the height used.
    fn set(
        &self,
        tree: &mut StructTree,
        node: usize,
        inl: &Inlines,
        spec: TextBlock,
        y_pt: f32,
        items: &mut Vec<Item>,
    ) -> Result<f32, LayoutError> {
        let (mut its, h) = text_block(self.shaper, tree, node, inl, spec, y_pt)?;
        items.append(&mut its);
        Ok(h)
    }

    /// Sets a paragraph under `parent`; returns the height used.
    fn paragraph(
        &self,
        tree: &mut StructTree,
        parent: usize,
        inl: &Inlines,
        spec: TextBlock,
        y_pt: f32,
        items: &mut Vec<Item>,
    ) -> Result<f32, LayoutError> {
        let node = tree.add(parent, StructKind::Paragraph);
        self.set(tree, node, inl, spec, y_pt, items)
    }

    /// A full-width accent rule at `y_pt`.
    fn rule(&self, y_pt: f32) -> Item {
        let s = self.style;
        Item::Line(LineItem {
            x1_pt: s.margin_left_pt,
            y1_pt: y_pt,
            x2_pt: s.page_width_pt - s.margin_right_pt,
            y2_pt: y_pt,
            width_pt: 2.0,
            color: style::ACCENT,
        })
    }

    /// A page's heading with its structure node; returns the y below it.
    fn heading(
        &self,
        tree: &mut StructTree,
        parent: usize,
        title: &str,
        y_pt: f32,
        items: &mut Vec<Item>,
    ) -> Result<f32, LayoutError> {
        let node = tree.add(
            parent,
            StructKind::Heading {
                level: 2,
                title: title.to_string(),
            },
        );
        let spec = self.spec(self.style.h2_pt, true, style::ACCENT);
        let h = self.set(tree, node, &plain(title), spec, y_pt, items)?;
        Ok(y_pt + h + 0.5 * self.style.body_pt)
    }
}
