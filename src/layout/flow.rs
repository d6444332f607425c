//! Flow: document blocks become rows, the units pagination stacks on pages. Each row knows its
//! height, the space above it, and whether it must stay on the same page as the row before it,
//! which is how headings keep their text, paragraphs avoid widows and orphans, table headers stay
//! with their first row, lead-ins stay with what they introduce, and callout boxes part only as
//! a last resort.

use super::keeps::{block_groups, boxed_rows, introduces};
use super::page::{
    ArtifactKind, ImageItem, Item, LineItem, Mark, PictogramItem, RectItem, SymbolItem, TextItem,
};
use super::structure::{ListLabels, StructKind, StructTree};
use super::tagging::{bold_lead, box_name, BoxName, LineMarker, LineStyle};
use super::{LayoutError, LayoutOptions};
use crate::document::{Block, CalloutKind, Document, Inlines, ListKind};
use crate::pictogram::Pictogram;
use crate::style::{self, Rgb, Style};
use crate::text::{break_paragraph, BrokenLine, FontId, InlineStyle, Shaper, StyledText};

/// Line pitch of headings, as a multiple of their size (tighter than body text).
const HEADING_LEADING: f32 = 1.2;
/// Lines of text a heading keeps with it on its page.
const LINES_AFTER_HEADING: u32 = 2;
/// Height of one write-in line: room for large handwriting.
const WRITE_IN_PITCH_PT: f32 = 36.0;
/// Rows of a list, table or write-in block kept on the page with the line that introduces it.
const LEAD_IN_KEEPS_ROWS: usize = 2;
/// A list this short, between an instruction and write-in lines, stays whole.
const SHORT_LIST_ROWS: usize = 6;
/// A table splits only with at least this many body rows on each side of the break.
const TABLE_ROWS_EACH_SIDE: usize = 3;
/// Inner padding of table cells and callout boxes, as a fraction of the body size.
const CELL_PAD_EM: f32 = 0.35;
const CALLOUT_PAD_EM: f32 = 0.7;
pub(super) const CALLOUT_EDGE_PT: f32 = 6.0;
/// Pictograms beside actions and warnings: half an inch, the smallest the house style allows.
const ICON_SIZE_PT: f32 = 36.0;
/// Space between a pictogram and its text, as a fraction of the body size.
const ICON_GAP_EM: f32 = 0.5;

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
    /// Lines of text the row holds (for keeping lines with a heading).
    pub lines: u32,
    /// Body rows of a table point at their header row (repeated on a new page).
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
            lines: 1,
            table: None,
            outline: None,
            break_before: false,
            anchor: None,
            what: what.to_string(),
        }
    }
}

/// Rows plus the header rows of tables (as artifacts, for repeating).
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
    shaper: &'a Shaper,
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
}

/// Sets text on one line, however long (labels, footers, contents entries, measuring).
fn one_line(
    shaper: &Shaper,
    text: &str,
    bold: bool,
    size_pt: f32,
) -> Result<Vec<BrokenLine>, LayoutError> {
    let spans = [StyledText {
        text: text.to_string(),
        style: InlineStyle { bold },
    }];
    Ok(break_paragraph(shaper, &spans, size_pt, f32::MAX)?)
}

/// Measures a single line of text, in points.
pub fn measure_pt(
    shaper: &Shaper,
    text: &str,
    bold: bool,
    size_pt: f32,
) -> Result<f32, LayoutError> {
    let lines = one_line(shaper, text, bold, size_pt)?;
    Ok(lines.iter().map(|l| l.width_pt).fold(0.0, f32::max))
}

/// A one-line text item (footers, labels, contents entries).
#[allow(clippy::too_many_arguments)]
pub fn line_item(
    shaper: &Shaper,
    text: &str,
    bold: bool,
    size_pt: f32,
    color: Rgb,
    x_pt: f32,
    baseline_pt: f32,
    mark: Mark,
) -> Result<TextItem, LayoutError> {
    let pieces = one_line(shaper, text, bold, size_pt)?
        .into_iter()
        .flat_map(|l| l.pieces)
        .collect();
    Ok(TextItem::new(
        x_pt,
        baseline_pt,
        size_pt,
        color,
        pieces,
        mark,
    ))
}

/// A paragraph set outside the flow (cover, contents, back cover).
#[derive(Debug, Clone, Copy)]
pub struct TextBlock {
    pub size_pt: f32,
    pub bold: bool,
    pub color: Rgb,
    pub x_pt: f32,
    pub width_pt: f32,
    pub leading: f32,
}

/// Sets inline text as lines under structure node `node`, starting at `top_pt`; returns the
/// items and the height used.
pub fn text_block(
    shaper: &Shaper,
    tree: &mut StructTree,
    node: usize,
    inl: &Inlines,
    spec: TextBlock,
    top_pt: f32,
) -> Result<(Vec<Item>, f32), LayoutError> {
    let spans: Vec<StyledText> = inl
        .iter()
        .map(|s| StyledText {
            text: s.text.clone(),
            style: InlineStyle {
                bold: spec.bold || s.style.bold,
            },
        })
        .collect();
    let lines = break_paragraph(shaper, &spans, spec.size_pt, spec.width_pt)?;
    let pitch = spec.leading * spec.size_pt;
    let base = baseline_offset_pt(shaper, spec.size_pt, spec.leading);
    let mut items = Vec::new();
    let mut y = top_pt;
    let mut marker = LineMarker::new(node, !spec.bold);
    for line in lines {
        let at = LineStyle {
            x_pt: spec.x_pt,
            baseline_pt: y + base,
            size_pt: spec.size_pt,
            color: spec.color,
        };
        items.push(Item::Text(marker.line(tree, line, at)));
        y += pitch;
    }
    Ok((items, y - top_pt))
}

/// Distance from a text row's top to its baseline, centring the font's box in the row.
pub fn baseline_offset_pt(shaper: &Shaper, size_pt: f32, leading: f32) -> f32 {
    let m = shaper.fonts().vmetrics(FontId::AtkinsonRegular);
    let box_pt = (m.ascender_em + m.descender_em) * size_pt;
    (leading * size_pt - box_pt) / 2.0 + m.ascender_em * size_pt
}

pub fn flow_document(
    doc: &Document,
    style: &Style,
    shaper: &Shaper,
    tree: &mut StructTree,
    options: &LayoutOptions,
) -> Result<Flowed, LayoutError> {
    let mut f = Flow {
        style,
        shaper,
        tree,
        language: &doc.language,
        out: Flowed::default(),
        need_after_heading: 0,
        // under the title (H1) until the first section heading
        level: 1,
        page_body_pt: super::paginate::footer_body_bottom_pt(doc, style, shaper)?
            - style.margin_top_pt,
    };
    if !options.no_title_block {
        f.title_block(doc)?;
    }
    let x = style.margin_left_pt;
    f.blocks(&doc.intro, x, style.text_width_pt(), StructTree::ROOT, true)?;
    for (i, section) in doc.sections.iter().enumerate() {
        let node = f.tree.add(StructTree::ROOT, StructKind::Section);
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

    /// Rows for a paragraph of inline text, one per line, with widow and orphan control.
    fn text_rows(
        &mut self,
        inl: &Inlines,
        spec: TextSpec,
        node: usize,
        what: &str,
    ) -> Result<Vec<Row>, LayoutError> {
        self.marked_rows(inl, spec, LineMarker::new(node, !spec.bold), what)
    }

    /// Rows for a paragraph whose lines `marker` tags.
    fn marked_rows(
        &mut self,
        inl: &Inlines,
        spec: TextSpec,
        mut marker: LineMarker,
        what: &str,
    ) -> Result<Vec<Row>, LayoutError> {
        let spans: Vec<StyledText> = if spec.bold {
            inl.iter()
                .map(|s| StyledText {
                    text: s.text.clone(),
                    style: InlineStyle { bold: true },
                })
                .collect()
        } else {
            inl.clone()
        };
        let lines = break_paragraph(self.shaper, &spans, spec.size_pt, spec.width_pt)?;
        let pitch = spec.leading * spec.size_pt;
        let base = baseline_offset_pt(self.shaper, spec.size_pt, spec.leading);
        let n = lines.len();
        let mut rows = Vec::with_capacity(n);
        for (k, line) in lines.into_iter().enumerate() {
            let at = LineStyle {
                x_pt: spec.x_pt,
                baseline_pt: base,
                size_pt: spec.size_pt,
                color: spec.color,
            };
            let item = marker.line(self.tree, line, at);
            let mut row = Row::new(pitch, vec![Item::Text(item)], what);
            // no orphan (first line alone at a page foot), no widow (last line alone at a head)
            row.keep_with_previous = k == 1 || (k > 0 && k + 1 == n);
            rows.push(row);
        }
        Ok(rows)
    }

    fn heading(
        &mut self,
        title: &str,
        level: u8,
        parent: usize,
        space: bool,
    ) -> Result<Row, LayoutError> {
        let size = match level {
            1 => self.style.title_pt,
            2 => self.style.h2_pt,
            _ => self.style.h3_pt,
        };
        self.level = level;
        let node = self.tree.add(
            parent,
            StructKind::Heading {
                level,
                title: title.to_string(),
            },
        );
        let spec = TextSpec {
            size_pt: size,
            leading: HEADING_LEADING,
            color: style::ACCENT,
            bold: true,
            ..self.body()
        };
        let rows = self.text_rows(&crate::document::plain(title), spec, node, "heading")?;
        let mut row = merge_rows(rows, "heading");
        row.space_before_pt = if space {
            if level == 2 {
                1.3 * self.style.body_pt
            } else {
                0.9 * self.style.body_pt
            }
        } else {
            0.0
        };
        if level >= 2 {
            row.outline = Some((level - 1, title.to_string()));
        }
        row.lines = 1;
        Ok(row)
    }

    fn title_block(&mut self, doc: &Document) -> Result<(), LayoutError> {
        let x = self.style.margin_left_pt;
        if let Some(logo) = &doc.logo {
            let node = self.tree.add(
                StructTree::ROOT,
                StructKind::Figure {
                    alt: logo.alt.clone(),
                },
            );
            let max_h = 0.9 * style::PT_PER_IN;
            let max_w = (3.0 * style::PT_PER_IN).min(self.style.text_width_pt());
            let aspect = logo.width_px as f32 / logo.height_px.max(1) as f32;
            let (mut w, mut h) = (max_h * aspect, max_h);
            if w > max_w {
                w = max_w;
                h = max_w / aspect;
            }
            let item = ImageItem {
                x_pt: x,
                y_pt: 0.0,
                width_pt: w,
                height_pt: h,
                logo: logo.clone(),
                content: self.tree.content(node),
            };
            let mut row = Row::new(
                h + 0.3 * self.style.body_pt,
                vec![Item::Image(item)],
                "logo",
            );
            row.lines = 0;
            self.out.rows.push(row);
        }
        let node = self.tree.add(
            StructTree::ROOT,
            StructKind::Heading {
                level: 1,
                title: doc.title.clone(),
            },
        );
        let spec = TextSpec {
            size_pt: self.style.title_pt,
            leading: HEADING_LEADING,
            color: style::ACCENT,
            bold: true,
            ..self.body()
        };
        let rows = self.text_rows(&crate::document::plain(&doc.title), spec, node, "title")?;
        let mut title = merge_rows(rows, "title");
        title.keep_with_previous = doc.logo.is_some();
        self.out.rows.push(title);
        if let Some(sub) = &doc.subtitle {
            let node = self.tree.add(StructTree::ROOT, StructKind::Paragraph);
            let spec = TextSpec {
                size_pt: self.style.subtitle_pt,
                leading: HEADING_LEADING,
                color: style::BLACK,
                ..self.body()
            };
            let mut row = merge_rows(
                self.text_rows(&crate::document::plain(sub), spec, node, "subtitle")?,
                "subtitle",
            );
            row.space_before_pt = 0.3 * self.style.body_pt;
            row.keep_with_previous = true;
            self.out.rows.push(row);
        }
        if let Some(name) = &doc.prepared_for {
            let node = self.tree.add(StructTree::ROOT, StructKind::Paragraph);
            let inl = crate::document::prepared_for(name, &doc.language);
            let mut row = merge_rows(
                self.text_rows(&inl, self.body(), node, "prepared for")?,
                "prepared for",
            );
            row.space_before_pt = 0.5 * self.style.body_pt;
            row.keep_with_previous = true;
            self.out.rows.push(row);
        }
        let rule = LineItem {
            x1_pt: x,
            y1_pt: 8.0,
            x2_pt: x + self.style.text_width_pt(),
            y2_pt: 8.0,
            width_pt: 2.0,
            color: style::ACCENT,
        };
        let mut row = Row::new(10.0, vec![Item::Line(rule)], "rule");
        row.keep_with_previous = true;
        row.lines = 0;
        self.out.rows.push(row);
        Ok(())
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
            // resolve replaces warnings with boxes or pointers before layout
            Block::Warning(_) => Ok(Vec::new()),
        }
    }

    fn list(
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
                    text: crate::locale::words(self.language).check_box.clone(),
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

    fn table(
        &mut self,
        header: &[Inlines],
        body: &[Vec<Inlines>],
        x_pt: f32,
        width_pt: f32,
        parent: usize,
    ) -> Result<Vec<Row>, LayoutError> {
        let size = self.style.body_pt.max(style::SMALL_FLOOR_PT);
        let pad = CELL_PAD_EM * size;
        let ncols = header
            .len()
            .max(body.iter().map(Vec::len).max().unwrap_or(0))
            .max(1);
        // natural and minimum widths per column
        let mut natural = vec![0.0f32; ncols];
        let mut minimum = vec![0.0f32; ncols];
        for (r, row) in std::iter::once(header)
            .chain(body.iter().map(Vec::as_slice))
            .enumerate()
        {
            for (c, cell) in row.iter().enumerate().take(ncols) {
                let text = crate::document::plain_text(cell);
                let bold = r == 0 || cell.iter().all(|s| s.style.bold);
                natural[c] =
                    natural[c].max(measure_pt(self.shaper, &text, bold, size)? + 2.0 * pad);
                for word in text.split_whitespace() {
                    minimum[c] =
                        minimum[c].max(measure_pt(self.shaper, word, bold, size)? + 2.0 * pad);
                }
            }
        }
        let widths = column_widths(&natural, &minimum, width_pt);
        let table = self.tree.add(parent, StructKind::Table);
        let head = self.tree.add(table, StructKind::TableHead);
        let head_row = self.table_row(header, &widths, x_pt, size, true, head)?;
        let header_index = self.out.table_headers.len();
        let mut copy = head_row.clone();
        for item in &mut copy.items {
            if let Item::Text(t) = item {
                t.make_artifact(ArtifactKind::Pagination);
            }
        }
        self.out.table_headers.push(copy);
        let mut rows = vec![head_row];
        let tbody = self.tree.add(table, StructKind::TableBody);
        for cells in body {
            let mut row = self.table_row(cells, &widths, x_pt, size, false, tbody)?;
            row.table = Some(header_index);
            rows.push(row);
        }
        let height_pt: f32 = rows.iter().map(|r| r.height_pt).sum();
        let fits_a_page = height_pt <= self.page_body_pt;
        let n = body.len();
        for (i, row) in rows.iter_mut().enumerate().skip(1) {
            // a table splits only with at least three body rows on each side; one that fits
            // on a page moves whole unless that would leave the page more than 40% empty
            let body_index = i - 1;
            let may_split =
                body_index >= TABLE_ROWS_EACH_SIDE && n - body_index >= TABLE_ROWS_EACH_SIDE;
            // a table taller than a page must split: where three rows each side cannot be
            // kept, any row but the first may start a page (a last resort)
            let short = n < 2 * TABLE_ROWS_EACH_SIDE;
            let forced = !fits_a_page && short && body_index > 0;
            row.keep_with_previous = !(may_split || forced);
            row.avoid_break_before = may_split && fits_a_page;
        }
        Ok(rows)
    }

    fn table_row(
        &mut self,
        cells: &[Inlines],
        widths: &[f32],
        x_pt: f32,
        size: f32,
        header: bool,
        parent: usize,
    ) -> Result<Row, LayoutError> {
        let pad = CELL_PAD_EM * size;
        let tr = self.tree.add(parent, StructKind::TableRow);
        let mut items = Vec::new();
        let mut height: f32 = 0.0;
        let mut x = x_pt;
        for (c, w) in widths.iter().enumerate() {
            let kind = if header {
                StructKind::TableHeaderCell
            } else {
                StructKind::TableCell
            };
            let cell = self.tree.add(tr, kind);
            let empty = Vec::new();
            let inl = cells.get(c).unwrap_or(&empty);
            let spec = TextSpec {
                size_pt: size,
                leading: self.style.leading,
                color: style::BLACK,
                bold: header,
                x_pt: x + pad,
                width_pt: w - 2.0 * pad,
            };
            let rows = self.text_rows(inl, spec, cell, "table cell")?;
            let mut y = pad;
            for r in rows {
                for mut it in r.items {
                    it.shift(0.0, y);
                    items.push(it);
                }
                y += r.height_pt;
            }
            height = height.max(y + pad);
            x += w;
        }
        // a body row with every cell empty is a write-in row (a worksheet): tall enough to write in
        let blank = |c: &Inlines| crate::document::plain_text(c).trim().is_empty();
        if !header && cells.iter().all(blank) {
            height = height.max(WRITE_IN_PITCH_PT);
        }
        let total_w: f32 = widths.iter().sum();
        let mut deco = Vec::new();
        if header {
            deco.push(Item::Rect(RectItem {
                x_pt,
                y_pt: 0.0,
                width_pt: total_w,
                height_pt: height,
                fill: Some(style::TABLE_HEAD_TINT),
                stroke: None,
            }));
        }
        let (rule_w, rule_c) = if header {
            (2.0, style::ACCENT)
        } else {
            (1.0, style::RULE_GREY)
        };
        deco.push(Item::Line(LineItem {
            x1_pt: x_pt,
            y1_pt: height,
            x2_pt: x_pt + total_w,
            y2_pt: height,
            width_pt: rule_w,
            color: rule_c,
        }));
        deco.append(&mut items);
        let mut row = Row::new(
            height,
            deco,
            if header {
                "table header row"
            } else {
                "table row"
            },
        );
        row.lines = 2;
        Ok(row)
    }

    fn callout(
        &mut self,
        kind: CalloutKind,
        name: BoxName,
        blocks: &[Block],
        x_pt: f32,
        width_pt: f32,
        parent: usize,
    ) -> Result<Vec<Row>, LayoutError> {
        let pad = CALLOUT_PAD_EM * self.style.body_pt;
        let node = self.tree.add(parent, StructKind::Division);
        let inner_x = x_pt + CALLOUT_EDGE_PT + pad;
        let inner_w = width_pt - CALLOUT_EDGE_PT - 2.0 * pad;
        let rows = self.named_box_rows(name, blocks, inner_x, inner_w, node)?;
        let (tint, edge) = match kind {
            CalloutKind::Urgent => (style::URGENT_TINT, style::URGENT_EDGE),
            CalloutKind::Info => (style::INFO_TINT, style::ACCENT),
        };
        // a box may part between its blocks (and list items), but only as a last resort:
        // pagination prefers an earlier break unless that leaves much of the page empty; a
        // block taller than a page (very large print) is cut between rows that may part
        let limit_pt = self.page_body_pt - 2.0 * pad;
        let pieces: Vec<Vec<Row>> = block_groups(rows)
            .into_iter()
            .flat_map(|g| split_to_fit(g, limit_pt))
            .collect();
        let last = pieces.len().saturating_sub(1);
        let mut boxes = Vec::new();
        for (g, piece) in pieces.into_iter().enumerate() {
            let top_pad = if g == 0 { pad } else { 0.0 };
            let bottom_pad = if g == last { pad } else { 0.0 };
            let mut row = boxed_rows(piece, x_pt, width_pt, (tint, edge), top_pad, bottom_pad);
            row.avoid_break_before = g > 0;
            boxes.push(row);
        }
        Ok(boxes)
    }

    /// The rows inside a callout box, the first a heading that names the box (see [`box_name`]).
    fn named_box_rows(
        &mut self,
        name: BoxName,
        blocks: &[Block],
        x_pt: f32,
        width_pt: f32,
        node: usize,
    ) -> Result<Vec<Row>, LayoutError> {
        let spec = TextSpec {
            x_pt,
            width_pt,
            ..self.body()
        };
        let title = match &name {
            BoxName::Lead(inl) => bold_lead(inl),
            BoxName::Text(text) => text.clone(),
        };
        let level = (self.level + 1).min(6);
        let heading = self.tree.add(node, StructKind::Heading { level, title });
        let (mut rows, rest) = match name {
            BoxName::Lead(inl) => {
                // the lead's bold words are the heading; the rest of its paragraph follows
                let p = self.tree.add(node, StructKind::Paragraph);
                let marker = LineMarker::with_lead(p, heading);
                let rows = self.marked_rows(inl, spec, marker, "callout title")?;
                (rows, &blocks[1..])
            }
            BoxName::Text(text) => {
                let bold = TextSpec { bold: true, ..spec };
                let name = crate::document::bold(&text);
                (
                    self.text_rows(&name, bold, heading, "callout title")?,
                    blocks,
                )
            }
        };
        let mut body = self.blocks(rest, x_pt, width_pt, node, false)?;
        if let Some(first) = body.first_mut() {
            if first.space_before_pt == 0.0 {
                first.space_before_pt = self.style.paragraph_gap_pt;
            }
            first.keep_with_previous = true;
        }
        rows.append(&mut body);
        Ok(rows)
    }

    /// A block with a pictogram at its left: the block is set beside it, and the rows are at
    /// least as tall as the pictogram so nothing below runs into it.
    fn beside_icon(
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

    fn write_in(&mut self, lines: u32, x_pt: f32, width_pt: f32) -> Vec<Row> {
        (0..lines)
            .map(|i| {
                let y = WRITE_IN_PITCH_PT - 4.0;
                let rule = LineItem {
                    x1_pt: x_pt,
                    y1_pt: y,
                    x2_pt: x_pt + width_pt,
                    y2_pt: y,
                    width_pt: 1.0,
                    color: style::RULE_GREY,
                };
                let mut row = Row::new(WRITE_IN_PITCH_PT, vec![Item::Line(rule)], "write-in line");
                row.keep_with_previous = i == 1;
                row
            })
            .collect()
    }

    fn sources_block(
        &mut self,
        doc: &Document,
        options: &LayoutOptions,
    ) -> Result<(), LayoutError> {
        if doc.sources.is_empty() && doc.reviewed.is_none() {
            return Ok(());
        }
        let node = self.tree.add(StructTree::ROOT, StructKind::Section);
        let words = crate::locale::words(&doc.language);
        let mut head = self.heading(&words.about_heading, 2, node, true)?;
        head.break_before = options.section_per_page;
        self.push_rows(vec![head]);
        let small = TextSpec {
            size_pt: self.style.small_pt,
            ..self.body()
        };
        let mut rows = Vec::new();
        if !doc.sources.is_empty() {
            let p = self.tree.add(node, StructKind::Paragraph);
            let lead = crate::document::plain(&words.sources_lead);
            let mut r = self.text_rows(&lead, small, p, "paragraph")?;
            if let Some(f) = r.first_mut() {
                f.space_before_pt = self.style.paragraph_gap_pt;
            }
            rows.append(&mut r);
            let list = self.tree.add(
                node,
                StructKind::List {
                    labels: ListLabels::Bullet,
                },
            );
            let indent = 1.2 * small.size_pt;
            for (i, s) in doc.sources.iter().enumerate() {
                let li = self.tree.add(list, StructKind::ListItem);
                let lbl = self.tree.add(li, StructKind::Label);
                let body = self.tree.add(li, StructKind::ListBody);
                let p = self.tree.add(body, StructKind::Paragraph);
                let spec = TextSpec {
                    x_pt: small.x_pt + indent,
                    width_pt: small.width_pt - indent,
                    ..small
                };
                let mut r = self.text_rows(&crate::document::plain(s), spec, p, "paragraph")?;
                if let Some(first) = r.first_mut() {
                    let base = first
                        .items
                        .iter()
                        .find_map(|it| {
                            if let Item::Text(t) = it {
                                Some(t.baseline_pt)
                            } else {
                                None
                            }
                        })
                        .unwrap_or(0.0);
                    let mark = Mark::Content(self.tree.content(lbl));
                    first.items.insert(
                        0,
                        Item::Text(line_item(
                            self.shaper,
                            "•",
                            true,
                            small.size_pt,
                            style::BLACK,
                            small.x_pt,
                            base,
                            mark,
                        )?),
                    );
                    first.space_before_pt = if i == 0 {
                        0.3 * small.size_pt
                    } else {
                        0.2 * small.size_pt
                    };
                }
                rows.append(&mut r);
            }
        }
        if let Some(date) = &doc.reviewed {
            let p = self.tree.add(node, StructKind::Paragraph);
            let date = words.date_in_words(date);
            let mut text = crate::locale::fill(&words.reviewed, &[("date", &date)]);
            if let Some(v) = &doc.version {
                text.push(' ');
                text.push_str(&crate::locale::fill(
                    &words.content_version,
                    &[("version", v)],
                ));
            }
            let mut r = self.text_rows(&crate::document::plain(&text), small, p, "paragraph")?;
            if let Some(f) = r.first_mut() {
                f.space_before_pt = self.style.paragraph_gap_pt;
            }
            rows.append(&mut r);
        }
        self.push_rows(rows);
        Ok(())
    }
}

/// Groups rows so that each group's height fits `limit_pt`, cutting between blocks where it can,
/// else only where a row may leave the one before it. Everything in one group when it fits.
fn split_to_fit(rows: Vec<Row>, limit_pt: f32) -> Vec<Vec<Row>> {
    let height = |rs: &[Row]| -> f32 {
        rs.iter()
            .enumerate()
            .map(|(i, r)| r.height_pt + if i > 0 { r.space_before_pt } else { 0.0 })
            .sum()
    };
    if height(&rows) <= limit_pt {
        return vec![rows];
    }
    let mut groups: Vec<Vec<Row>> = Vec::new();
    let mut current: Vec<Row> = Vec::new();
    for row in rows {
        current.push(row);
        if current.len() > 1 && height(&current) > limit_pt {
            let Some(last) = current.pop() else { break };
            // cut between blocks if one fits, else between lines that may part
            let may_cut = |k: &usize| !current[*k].keep_with_previous;
            let cut = (1..current.len())
                .rev()
                .filter(may_cut)
                .find(|&k| current[k].space_before_pt > 0.0)
                .or_else(|| (1..current.len()).rev().find(may_cut))
                .unwrap_or(current.len());
            let carried: Vec<Row> = current.drain(cut..).collect();
            groups.push(std::mem::take(&mut current));
            current = carried;
            current.push(last);
        }
    }
    if !current.is_empty() {
        groups.push(current);
    }
    groups
}

/// Joins rows into one unbreakable row (a multi-line heading).
fn merge_rows(rows: Vec<Row>, what: &str) -> Row {
    let mut items = Vec::new();
    let mut y = 0.0;
    for r in rows {
        for mut it in r.items {
            it.shift(0.0, y);
            items.push(it);
        }
        y += r.height_pt;
    }
    Row::new(y, items, what)
}

/// Shares the table width among columns: each gets at least its longest word, and what is left
/// goes where the text is longest.
fn column_widths(natural: &[f32], minimum: &[f32], total: f32) -> Vec<f32> {
    let sum_nat: f32 = natural.iter().sum();
    let sum_min: f32 = minimum.iter().sum();
    if sum_nat <= total {
        let extra = (total - sum_nat) / natural.len() as f32;
        return natural.iter().map(|n| n + extra).collect();
    }
    if sum_min >= total {
        return minimum.iter().map(|m| m / sum_min * total).collect();
    }
    let want: Vec<f32> = natural.iter().zip(minimum).map(|(n, m)| n - m).collect();
    let sum_want: f32 = want.iter().sum();
    let spare = total - sum_min;
    minimum
        .iter()
        .zip(&want)
        .map(|(m, w)| m + spare * w / sum_want.max(0.001))
        .collect()
}

/// "2026-11-23" → "November 23, 2026" in the document's language.
pub fn human_date(date: &str, language: &str) -> String {
    crate::locale::words(language).date_in_words(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fill_the_width_and_respect_minimums() {
        let w = column_widths(&[100.0, 200.0], &[50.0, 60.0], 468.0);
        assert!((w.iter().sum::<f32>() - 468.0).abs() < 0.01);
        let w = column_widths(&[300.0, 400.0], &[100.0, 80.0], 468.0);
        assert!((w.iter().sum::<f32>() - 468.0).abs() < 0.01);
        assert!(w[0] >= 100.0 && w[1] >= 80.0);
    }

    fn row(height_pt: f32, space_before_pt: f32, keep: bool) -> Row {
        let mut r = Row::new(height_pt, Vec::new(), "test");
        r.space_before_pt = space_before_pt;
        r.keep_with_previous = keep;
        r
    }

    #[test]
    fn a_box_that_fits_stays_whole_and_a_tall_one_is_cut_between_blocks() {
        let rows = || {
            vec![
                row(20.0, 0.0, false),
                row(20.0, 0.0, true),
                row(20.0, 10.0, false),
                row(20.0, 0.0, false),
                row(20.0, 0.0, true),
            ]
        };
        assert_eq!(split_to_fit(rows(), 200.0).len(), 1);
        let groups = split_to_fit(rows(), 80.0);
        let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
        assert_eq!(sizes, vec![2, 3], "cut where the second block starts");
        let groups = split_to_fit(rows(), 45.0);
        assert!(groups
            .iter()
            .all(|g| g.iter().map(|r| r.height_pt).sum::<f32>() <= 45.0 || g.len() == 1));
    }

    #[test]
    fn dates_read_as_words() {
        assert_eq!(human_date("2026-11-23", "en-US"), "November 23, 2026");
    }
}
