//! Flow: document blocks become rows, the units pagination stacks on pages. Each row knows its
//! height, the space above it, and whether it must stay on the same page as the row before it,
//! which is how headings keep their text, paragraphs avoid widows and orphans, table headers stay
//! with their first row, lead-ins stay with what they introduce, and callout boxes part only as
//! a last resort.

mod callout;
mod icon;
mod keeps;
mod list;
mod paragraph;
mod sources;
mod table;
mod text;
mod title;
mod write_in;

pub use text::{human_date, line_item, measure_pt, text_block, TextBlock};

use super::page::Item;
use super::structure::{StructKind, StructTree};
use super::tagging::box_name;
use super::{LayoutError, LayoutOptions};
use crate::document::{Block, CalloutKind, Document};
use crate::style::{self, Rgb, Style};
use crate::text::Breaker;
use keeps::introduces;

/// Lines of text a heading keeps with it on its page.
const LINES_AFTER_HEADING: u32 = 2;
/// Rows of a list, table or write-in block kept on the page with the line that introduces it.
const LEAD_IN_KEEPS_ROWS: usize = 2;
/// A list this short, between an instruction and write-in lines, stays whole.
const SHORT_LIST_ROWS: usize = 6;

/// A unit of vertical flow.
#[derive(Debug, Clone)]
pub struct Row {
    pub height_pt: f32,
    pub space_before_pt: f32,
    /// Items with `y` measured from the row's top.
    pub items: Vec<Item>,
    /// Must be on the same page as the previous row.
    pub keep_with_previous: bool,
    /// May leave the previous row only as a last resort (between the blocks of a callout box),
    /// when breaking at an earlier place would leave much of the page empty.
    pub avoid_break_before: bool,
    /// With `avoid_break_before`: the break parts a list in a box from its call line (the
    /// signs on one page, "call now if you:" on the other), taken only when no break between
    /// whole blocks fills the page enough.
    pub parts_list: bool,
    /// Lines of text the row holds (for keeping lines with a heading).
    pub lines: u32,
    /// The first row of a list item after the first: a box keeps its list whole where it can,
    /// so it parts between whole blocks (a call line with all its signs), not between items.
    pub list_item: bool,
    /// The first row of a list's first item: what comes before it in a box is the list's call
    /// line, repeated above the list's rest on a new page.
    pub list_first: bool,
    /// The row repeated above this one when it starts a page, in [`Flowed::table_headers`]: a
    /// table's header row for its body rows, a box's name "(continued)" for its later pieces.
    pub table: Option<usize>,
    pub outline: Option<(u8, String)>,
    pub break_before: bool,
    /// A name for where this row lands, for page references ("on page 4").
    pub anchor: Option<String>,
    /// What the row is, for error messages.
    pub what: String,
}

impl Row {
    pub(super) fn new(height_pt: f32, items: Vec<Item>, what: &str) -> Row {
        Row {
            height_pt,
            space_before_pt: 0.0,
            items,
            keep_with_previous: false,
            avoid_break_before: false,
            parts_list: false,
            lines: 1,
            list_item: false,
            list_first: false,
            table: None,
            outline: None,
            break_before: false,
            anchor: None,
            what: what.to_string(),
        }
    }
}

/// Rows plus the rows repeated on the page a table or box continues on (as artifacts).
#[derive(Debug, Clone, Default)]
pub struct Flowed {
    pub rows: Vec<Row>,
    pub table_headers: Vec<Row>,
}

/// How to set a run of text.
#[derive(Debug, Clone, Copy)]
struct TextSpec {
    size_pt: f32,
    leading: f32,
    color: Rgb,
    bold: bool,
    x_pt: f32,
    width_pt: f32,
}

struct Flow<'a> {
    style: &'a Style,
    breaker: &'a Breaker,
    tree: &'a mut StructTree,
    /// The document's language tag (for the pictograms' alt texts and the check boxes' words).
    language: &'a str,
    out: Flowed,
    need_after_heading: u32,
    /// The level of the heading the flow is under (1 before the first section, 2 in a section,
    /// 3 under a sub-heading).
    level: u8,
    /// The height a page gives the body, between the top margin and the footer.
    page_body_pt: f32,
    /// Inside a section written for this patient (not from the library): all its text, the
    /// headings too, is the patient's own (see [`crate::document::InlineStyle::private`]).
    private: bool,
}

/// Flows a document into rows: the title block, the intro, each section, and the sources;
/// `page_body_pt` is the height a page gives the body (for boxes and tables cut to fit).
pub fn flow_document(
    doc: &Document,
    style: &Style,
    breaker: &Breaker,
    tree: &mut StructTree,
    options: &LayoutOptions,
    page_body_pt: f32,
) -> Result<Flowed, LayoutError> {
    let mut f = Flow {
        style,
        breaker,
        tree,
        language: &doc.language,
        out: Flowed::default(),
        need_after_heading: 0,
        // under the title (H1) until the first section heading
        level: 1,
        page_body_pt,
        private: false,
    };
    if !options.no_title_block {
        f.title_block(doc)?;
    }
    let x = style.margin_left_pt;
    f.blocks(&doc.intro, x, style.text_width_pt(), StructTree::ROOT, true)?;
    for (i, section) in doc.sections.iter().enumerate() {
        let node = f.tree.add(StructTree::ROOT, StructKind::Section);
        f.private = section.id.is_none();
        let mut first = f.heading(&section.title, 2, node, i > 0 || !options.no_title_block)?;
        if options.section_per_page && (i > 0 || !options.no_title_block) {
            first.break_before = true;
        }
        first.anchor = section
            .id
            .as_deref()
            .map(crate::resolve::refs::section_anchor);
        f.push_rows(vec![first]);
        let x = style.margin_left_pt;
        let rows = f.blocks(&section.blocks, x, style.text_width_pt(), node, true)?;
        f.push_rows(rows);
    }
    f.private = false;
    f.sources_block(doc, options)?;
    Ok(f.out)
}

impl Flow<'_> {
    fn body(&self) -> TextSpec {
        TextSpec {
            size_pt: self.style.body_pt,
            leading: self.style.leading,
            color: style::BLACK,
            bold: false,
            x_pt: self.style.margin_left_pt,
            width_pt: self.style.text_width_pt(),
        }
    }

    /// Appends rows, keeping the first lines after a heading with it.
    fn push_rows(&mut self, rows: Vec<Row>) {
        for mut row in rows {
            if self.need_after_heading > 0 && row.outline.as_ref().is_none_or(|(l, _)| *l != 1) {
                row.keep_with_previous = true;
                self.need_after_heading = self.need_after_heading.saturating_sub(row.lines);
            }
            if row.outline.is_some() {
                self.need_after_heading = LINES_AFTER_HEADING;
            }
            self.out.rows.push(row);
        }
    }

    /// Rows for a list of blocks at `x_pt`, `width_pt` wide, under structure node `parent`.
    fn blocks(
        &mut self,
        blocks: &[Block],
        x_pt: f32,
        width_pt: f32,
        parent: usize,
        top: bool,
    ) -> Result<Vec<Row>, LayoutError> {
        let mut all: Vec<Row> = Vec::new();
        // the height of the block before (a table kept with the text after it only if both fit)
        let mut table_pt = 0.0f32;
        for (i, block) in blocks.iter().enumerate() {
            let mut rows = self.block(block, x_pt, width_pt, parent)?;
            if let Some(first) = rows.first_mut() {
                if first.space_before_pt == 0.0 && (i > 0 || top) {
                    first.space_before_pt = self.style.paragraph_gap_pt;
                }
            }
            // the lead-in stays on the page with the start of what it introduces; a short
            // list between an instruction and its write-in lines (the patient's own
            // questions) stays whole, so the instruction and the lines meet
            let before_lines = matches!(block, Block::List { .. })
                && matches!(blocks.get(i + 1), Some(Block::WriteIn { .. }))
                && i > 0
                && matches!(blocks[i - 1], Block::Paragraph(_));
            // a table does not end a page with the paragraph or list after it on the next (its
            // last row's cells read as a line cut off from what follows), where both fit a page;
            // a heading after a table may start the next page
            let height: f32 = rows.iter().take(2).map(|r| r.height_pt).sum();
            if i > 0
                && matches!(blocks[i - 1], Block::Table { .. })
                && matches!(block, Block::Paragraph(_) | Block::List { .. })
                && table_pt + height <= self.page_body_pt
            {
                if let Some(first) = rows.first_mut() {
                    first.keep_with_previous = true;
                }
            }
            table_pt = rows.iter().map(|r| r.height_pt + r.space_before_pt).sum();
            if i > 0 && (introduces(&blocks[i - 1], block) || before_lines) {
                let keep = if before_lines && rows.len() <= SHORT_LIST_ROWS {
                    rows.len()
                } else {
                    LEAD_IN_KEEPS_ROWS
                };
                rows.iter_mut()
                    .take(keep)
                    .for_each(|r| r.keep_with_previous = true);
            }
            if top {
                self.push_rows(rows);
            } else {
                all.append(&mut rows);
            }
        }
        Ok(all)
    }

    fn block(
        &mut self,
        block: &Block,
        x_pt: f32,
        width_pt: f32,
        parent: usize,
    ) -> Result<Vec<Row>, LayoutError> {
        let spec = TextSpec {
            x_pt,
            width_pt,
            ..self.body()
        };
        match block {
            Block::SubHeading(t) => {
                let mut row = self.heading(t, 3, parent, true)?;
                row.items
                    .iter_mut()
                    .for_each(|i| i.shift(x_pt - self.style.margin_left_pt, 0.0));
                Ok(vec![row])
            }
            Block::Paragraph(inl) => {
                let node = self.tree.add(parent, StructKind::Paragraph);
                self.text_rows(inl, spec, node, "paragraph")
            }
            Block::List { kind, items } => self.list(*kind, items, x_pt, width_pt, parent),
            Block::Table { header, rows } => self.table(header, rows, x_pt, width_pt, parent),
            Block::Callout {
                kind,
                title,
                blocks,
            } => {
                let name = box_name(*kind, title.as_deref(), blocks);
                let mut rows = self.callout(*kind, name, blocks, x_pt, width_pt, parent)?;
                let named = title.as_ref().filter(|_| *kind == CalloutKind::Urgent);
                if let (Some(first), Some(t)) = (rows.first_mut(), named) {
                    first.anchor = Some(crate::resolve::refs::box_anchor(t));
                }
                Ok(rows)
            }
            Block::WriteIn { lines } => Ok(self.write_in(*lines, x_pt, width_pt)),
            Block::Icon { name, block } => self.beside_icon(name, block, x_pt, width_pt, parent),
            // resolve replaces warnings with boxes or pointers, and `When` blocks with the
            // blocks they keep, before layout
            Block::Warning(_) | Block::When { .. } => Ok(Vec::new()),
        }
    }
}
