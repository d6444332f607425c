//! Booklets: pages laid out at the booklet's own size (half-letter or A5, never a full page
//! shrunk), with a cover, a contents page with dot leaders and links, "Notes" pages that pad
//! the count to a multiple of 4, a back cover with the clinic's details and the emergency signs,
//! and the 2-up saddle-stitch imposition of the print copy. Works on the page model, not on PDF.

use crate::document::{plain, Document, Inlines};
use crate::layout::{
    self, add_footer, footer_body_bottom_pt, line_item, measure_pt, text_block, ImageItem, Item,
    LayoutError, LayoutOptions, LineItem, LinkItem, ListLabels, Mark, OutlineEntry, Page,
    PageModel, StructChild, StructKind, StructTree, TextBlock,
};
use crate::locale;
use crate::style::{self, Paper, Style, PT_PER_IN, PT_PER_MM};
use crate::text::{Breaker, FontId, PlacedPiece};

/// Height of a write-in line on a notes page.
const NOTES_PITCH_PT: f32 = 36.0;

struct Ctx<'a> {
    doc: &'a Document,
    style: &'a Style,
    shaper: &'a Breaker,
}

impl Ctx<'_> {
    fn spec(&self, size_pt: f32, bold: bool, color: style::Rgb) -> TextBlock {
        TextBlock {
            size_pt,
            bold,
            color,
            x_pt: self.style.margin_left_pt,
            width_pt: self.style.text_width_pt(),
            leading: if size_pt > self.style.body_pt {
                1.2
            } else {
                self.style.leading
            },
        }
    }

    fn new_page(&self, items: Vec<Item>) -> Page {
        Page {
            width_pt: self.style.page_width_pt,
            height_pt: self.style.page_height_pt,
            items,
        }
    }

    /// Sets text under structure node `node` at `y`, adding its lines to `items`; returns the
    /// height used.
    fn set(
        &self,
        tree: &mut StructTree,
        node: usize,
        inl: &Inlines,
        spec: TextBlock,
        y: f32,
        items: &mut Vec<Item>,
    ) -> Result<f32, LayoutError> {
        let (mut its, h) = text_block(self.shaper, tree, node, inl, spec, y)?;
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
        y: f32,
        items: &mut Vec<Item>,
    ) -> Result<f32, LayoutError> {
        let node = tree.add(parent, StructKind::Paragraph);
        self.set(tree, node, inl, spec, y, items)
    }

    /// A full-width accent rule at `y`.
    fn rule(&self, y: f32) -> Item {
        let s = self.style;
        Item::Line(LineItem {
            x1_pt: s.margin_left_pt,
            y1_pt: y,
            x2_pt: s.page_width_pt - s.margin_right_pt,
            y2_pt: y,
            width_pt: 2.0,
            color: style::ACCENT,
        })
    }

    /// A heading with its structure node; returns the new y.
    fn heading(
        &self,
        tree: &mut StructTree,
        parent: usize,
        title: &str,
        y: f32,
        items: &mut Vec<Item>,
    ) -> Result<f32, LayoutError> {
        let node = tree.add(
            parent,
            StructKind::Heading {
                level: 2,
                title: title.to_string(),
            },
        );
        let (mut its, h) = text_block(
            self.shaper,
            tree,
            node,
            &plain(title),
            self.spec(self.style.h2_pt, true, style::ACCENT),
            y,
        )?;
        items.append(&mut its);
        Ok(y + h + 0.5 * self.style.body_pt)
    }
}

/// Lays out a booklet's reading copy: cover, contents, content, notes pages, back cover.
pub fn lay_out_booklet(
    doc: &Document,
    style: &Style,
    shaper: &Breaker,
) -> Result<PageModel, LayoutError> {
    let ctx = Ctx { doc, style, shaper };
    let words = locale::words(&doc.language);
    // contents pages: one entry per section; find how many pages they need, then lay out content
    let mut toc_pages = 1;
    loop {
        let mut tree = StructTree::new();
        let options = LayoutOptions {
            no_title_block: true,
            section_per_page: false,
            first_page_number: 2 + toc_pages,
            total_pages: None,
        };
        let paged = layout::layout_pages(doc, style, shaper, &options, &mut tree)?;
        let (content_len, outline) = (paged.pages.len(), paged.outline);
        let before = 1 + toc_pages;
        let total = (before + content_len + 1).div_ceil(4) * 4;
        let entries = section_pages(&outline, before);
        let toc = contents_pages(&ctx, &mut tree, &entries, total)?;
        if toc.len() != toc_pages {
            toc_pages = toc.len();
            continue;
        }
        // content again, now with the final total in its footers
        let mut tree_final = StructTree::new();
        let options = LayoutOptions {
            total_pages: Some(total),
            ..options
        };
        let layout::Paged {
            pages: content,
            outline,
            anchors,
            ..
        } = layout::layout_pages(doc, style, shaper, &options, &mut tree_final)?;
        let content_children = tree_final.nodes[StructTree::ROOT].children.len();
        let cover = cover_page(&ctx, &mut tree_final)?;
        let cover_children = tree_final.nodes[StructTree::ROOT].children.len();
        let toc = contents_pages(&ctx, &mut tree_final, &entries, total)?;
        let toc_children = tree_final.nodes[StructTree::ROOT].children.len();
        let notes_count = total - before - content.len() - 1;
        let mut pages = vec![cover];
        pages.extend(toc);
        pages.extend(content);
        let mut outline: Vec<OutlineEntry> = outline
            .into_iter()
            .map(|e| OutlineEntry {
                page: e.page + before,
                ..e
            })
            .collect();
        outline.insert(
            0,
            OutlineEntry {
                level: 1,
                title: words.contents.clone(),
                page: 1,
                y_pt: style.margin_top_pt,
            },
        );
        for i in 0..notes_count {
            let number = pages.len() + 1;
            pages.push(notes_page(&ctx, &mut tree_final, number, total)?);
            if i == 0 {
                outline.push(OutlineEntry {
                    level: 1,
                    title: words.notes.clone(),
                    page: number - 1,
                    y_pt: style.margin_top_pt,
                });
            }
        }
        pages.push(back_cover(&ctx, &mut tree_final)?);
        outline.push(OutlineEntry {
            level: 1,
            title: words.back_cover_heading.clone(),
            page: pages.len() - 1,
            y_pt: style.margin_top_pt,
        });
        // reading order: cover, contents, content, notes, back cover
        let root = &mut tree_final.nodes[StructTree::ROOT].children;
        let tail: Vec<StructChild> = root.drain(toc_children..).collect();
        let toc_nodes: Vec<StructChild> = root.drain(cover_children..).collect();
        let cover_nodes: Vec<StructChild> = root.drain(content_children..).collect();
        let content_nodes: Vec<StructChild> = std::mem::take(root);
        root.extend(cover_nodes);
        root.extend(toc_nodes);
        root.extend(content_nodes);
        root.extend(tail);
        debug_assert_eq!(pages.len() % 4, 0);
        let mut model = PageModel::new(doc, pages, tree_final, outline);
        model.anchors = anchors;
        return Ok(model);
    }
}

/// (title, page index in the booklet, y) of every section heading.
fn section_pages(outline: &[OutlineEntry], before: usize) -> Vec<(String, usize, f32)> {
    outline
        .iter()
        .filter(|e| e.level == 1)
        .map(|e| (e.title.clone(), e.page + before, e.y_pt))
        .collect()
}

fn cover_page(ctx: &Ctx, tree: &mut StructTree) -> Result<Page, LayoutError> {
    let s = ctx.style;
    let doc = ctx.doc;
    let root = StructTree::ROOT;
    let mut items = Vec::new();
    let mut y = s.margin_top_pt;
    if let Some(logo) = &doc.logo {
        let node = tree.add(
            root,
            StructKind::Figure {
                alt: logo.alt.clone(),
            },
        );
        let aspect = logo.width_px as f32 / logo.height_px.max(1) as f32;
        let w = (0.8 * PT_PER_IN * aspect).min(s.text_width_pt());
        let h = w / aspect;
        items.push(Item::Image(ImageItem {
            x_pt: s.margin_left_pt,
            y_pt: y,
            width_pt: w,
            height_pt: h,
            logo: logo.clone(),
            content: tree.content(node),
        }));
        y += h + s.body_pt;
    }
    let title = tree.add(
        root,
        StructKind::Heading {
            level: 1,
            title: doc.title.clone(),
        },
    );
    y += ctx.set(
        tree,
        title,
        &plain(&doc.title),
        ctx.spec(s.title_pt, true, style::ACCENT),
        y,
        &mut items,
    )?;
    y += 0.4 * s.body_pt;
    if let Some(sub) = &doc.subtitle {
        y += ctx.paragraph(
            tree,
            root,
            &plain(sub),
            ctx.spec(s.subtitle_pt, false, style::BLACK),
            y,
            &mut items,
        )?;
        y += s.body_pt;
    }
    if let Some(name) = &doc.prepared_for {
        let inl = crate::document::prepared_for(name, &doc.language);
        ctx.paragraph(
            tree,
            root,
            &inl,
            ctx.spec(s.body_pt, false, style::BLACK),
            y,
            &mut items,
        )?;
    }
    // the clinic and the date sit at the foot of the cover
    let words = locale::words(&doc.language);
    let mut foot: Vec<Inlines> = Vec::new();
    if let Some(n) = &doc.clinic_name {
        foot.push(crate::document::bold(n));
    }
    if let Some(p) = &doc.clinic_phone {
        foot.push(plain(&locale::fill(&words.phone_label, &[("phone", p)])));
    }
    if let Some(d) = &doc.date {
        let date = words.date_in_words(d);
        foot.push(plain(&locale::fill(&words.made_on, &[("date", &date)])));
    }
    let pitch = s.leading * s.body_pt;
    let mut fy = s.page_height_pt - s.margin_bottom_pt - pitch * foot.len() as f32;
    let rule_y = fy - 0.5 * s.body_pt;
    items.push(ctx.rule(rule_y));
    for line in foot {
        fy += ctx.paragraph(
            tree,
            root,
            &line,
            ctx.spec(s.body_pt, false, style::BLACK),
            fy,
            &mut items,
        )?;
    }
    Ok(ctx.new_page(items))
}

/// The contents: title, dot leaders, right-aligned page number, each entry a link.
fn contents_pages(
    ctx: &Ctx,
    tree: &mut StructTree,
    entries: &[(String, usize, f32)],
    total: usize,
) -> Result<Vec<Page>, LayoutError> {
    let s = ctx.style;
    let bottom = footer_body_bottom_pt(ctx.doc, s, ctx.shaper)?;
    let section = tree.add(StructTree::ROOT, StructKind::Section);
    let mut pages = Vec::new();
    let mut items = Vec::new();
    let words = locale::words(&ctx.doc.language);
    let mut y = ctx.heading(tree, section, &words.contents, s.margin_top_pt, &mut items)?;
    let toc = tree.add(section, StructKind::Toc);
    let num_w = measure_pt(ctx.shaper, "88", false, s.body_pt)?;
    let title_w = s.text_width_pt() - num_w - 1.5 * s.body_pt;
    let pitch = s.leading * s.body_pt;
    for (title, page, target_y) in entries {
        let lines =
            crate::text::break_paragraph(ctx.shaper, &plain(title), s.body_pt, title_w)?.len();
        let height = lines as f32 * pitch;
        if y + height > bottom {
            pages.push(std::mem::take(&mut items));
            y = s.margin_top_pt;
        }
        let item = tree.add(toc, StructKind::TocItem);
        let link = tree.add(item, StructKind::Link);
        let spec = TextBlock {
            width_pt: title_w,
            ..ctx.spec(s.body_pt, false, style::BLACK)
        };
        let (mut its, h) = text_block(ctx.shaper, tree, link, &plain(title), spec, y)?;
        let last = its.iter_mut().rev().find_map(|i| {
            if let Item::Text(t) = i {
                // a space between the title and its page number, for a listener
                t.end_space = Some(PlacedPiece {
                    x_pt: t.width_pt(),
                    piece: ctx.shaper.shape(FontId::AtkinsonRegular, " "),
                });
                Some((t.x_pt + t.width_pt(), t.baseline_pt))
            } else {
                None
            }
        });
        items.append(&mut its);
        let number = (page + 1).to_string();
        let nw = measure_pt(ctx.shaper, &number, false, s.body_pt)?;
        let right = s.page_width_pt - s.margin_right_pt;
        if let Some((end_x, base)) = last {
            // the pitch of ". " (a lone trailing space is not measured)
            let dot_w = measure_pt(ctx.shaper, ". .", false, s.body_pt)?
                - measure_pt(ctx.shaper, ".", false, s.body_pt)?;
            let room = right - nw - 0.4 * s.body_pt - (end_x + 0.4 * s.body_pt);
            let dots = (room / dot_w).floor().max(0.0) as usize;
            if dots > 0 {
                let leader = ". ".repeat(dots);
                let lw = measure_pt(ctx.shaper, leader.trim_end(), false, s.body_pt)?;
                let x = right - nw - 0.4 * s.body_pt - lw;
                items.push(Item::Text(line_item(
                    ctx.shaper,
                    leader.trim_end(),
                    false,
                    s.body_pt,
                    style::RULE_GREY,
                    x,
                    base,
                    Mark::Artifact(layout::ArtifactKind::Layout),
                )?));
            }
            let mark = Mark::Content(tree.content(link));
            items.push(Item::Text(line_item(
                ctx.shaper,
                &number,
                false,
                s.body_pt,
                style::BLACK,
                right - nw,
                base,
                mark,
            )?));
        }
        items.push(Item::Link(LinkItem {
            x_pt: s.margin_left_pt,
            y_pt: y,
            width_pt: s.text_width_pt(),
            height_pt: h,
            target_page: *page,
            target_y_pt: (target_y - 6.0).max(0.0),
            content: tree.content(link),
            alt: locale::fill(
                &locale::words(&ctx.doc.language).go_to,
                &[("title", title), ("page", &(page + 1).to_string())],
            ),
        }));
        y += h + 0.3 * s.body_pt;
    }
    pages.push(items);
    let mut out = Vec::new();
    for (i, mut items) in pages.into_iter().enumerate() {
        let number = 2 + i;
        add_footer(&mut items, ctx.doc, s, ctx.shaper, number, total)?;
        out.push(ctx.new_page(items));
    }
    Ok(out)
}

fn notes_page(
    ctx: &Ctx,
    tree: &mut StructTree,
    number: usize,
    total: usize,
) -> Result<Page, LayoutError> {
    let s = ctx.style;
    let section = tree.add(StructTree::ROOT, StructKind::Section);
    let mut items = Vec::new();
    let words = locale::words(&ctx.doc.language);
    let mut y = ctx.heading(tree, section, &words.notes, s.margin_top_pt, &mut items)?;
    let bottom = footer_body_bottom_pt(ctx.doc, s, ctx.shaper)?;
    while y + NOTES_PITCH_PT <= bottom {
        let ly = y + NOTES_PITCH_PT - 4.0;
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
    add_footer(&mut items, ctx.doc, s, ctx.shaper, number, total)?;
    Ok(ctx.new_page(items))
}

/// The back cover: the emergency signs, then how to reach the clinic.
/// Set at body size when it fits above the bottom margin, else at the 16 pt floor.
fn back_cover(ctx: &Ctx, tree: &mut StructTree) -> Result<Page, LayoutError> {
    let s = ctx.style;
    let fits = |page: &Page| {
        page.text_lines()
            .all(|t| t.baseline_pt <= s.page_height_pt - 0.6 * PT_PER_IN)
    };
    let mut trial = tree.clone();
    let page = back_cover_at(ctx, &mut trial, s.body_pt)?;
    if fits(&page) {
        *tree = trial;
        return Ok(page);
    }
    let page = back_cover_at(ctx, tree, s.small_pt)?;
    if !fits(&page) {
        return Err(LayoutError::TooTall {
            what: "the back cover's list of warning signs".into(),
        });
    }
    Ok(page)
}

fn back_cover_at(ctx: &Ctx, tree: &mut StructTree, size: f32) -> Result<Page, LayoutError> {
    let s = ctx.style;
    let doc = ctx.doc;
    let section = tree.add(StructTree::ROOT, StructKind::Section);
    let mut items = Vec::new();
    let mut y = ctx.heading(
        tree,
        section,
        &locale::words(&doc.language).back_cover_heading,
        s.margin_top_pt,
        &mut items,
    )?;
    for part in &doc.back_cover {
        y += ctx.paragraph(
            tree,
            section,
            &plain(&part.lead),
            ctx.spec(size, true, style::BLACK),
            y + 0.2 * size,
            &mut items,
        )?;
        y += 0.5 * size;
        if !part.signs.is_empty() {
            y = back_cover_signs(ctx, tree, section, &part.signs, size, y, &mut items)?;
        }
        if let Some(label) = &part.write_in {
            y += ctx.paragraph(
                tree,
                section,
                &plain(label),
                ctx.spec(size, false, style::BLACK),
                y,
                &mut items,
            )?;
            y += 1.6 * size;
            items.push(ctx.rule(y));
        }
        y += 0.3 * size;
    }
    y += 0.7 * size;
    let words = locale::words(&doc.language);
    let mut contact: Vec<String> = Vec::new();
    if let Some(n) = &doc.clinic_name {
        contact.push(n.clone());
    }
    if let Some(p) = &doc.clinic_phone {
        contact.push(locale::fill(&words.phone_label, &[("phone", p)]));
    }
    if let Some(a) = &doc.clinic_after_hours {
        contact.push(locale::fill(&words.after_hours_label, &[("phone", a)]));
    }
    if !contact.is_empty() {
        items.push(ctx.rule(y));
        y += 0.5 * size;
        for (i, line) in contact.iter().enumerate() {
            y += ctx.paragraph(
                tree,
                section,
                &plain(line),
                ctx.spec(size, i == 0, style::BLACK),
                y,
                &mut items,
            )?;
        }
    }
    Ok(ctx.new_page(items))
}

/// The bulleted signs of one back-cover level, from `y_pt`; returns the y below them.
fn back_cover_signs(
    ctx: &Ctx,
    tree: &mut StructTree,
    section: usize,
    signs: &[String],
    size: f32,
    y_pt: f32,
    items: &mut Vec<Item>,
) -> Result<f32, LayoutError> {
    let s = ctx.style;
    let mut y = y_pt;
    let list = tree.add(
        section,
        StructKind::List {
            labels: ListLabels::Bullet,
        },
    );
    let indent = 1.2 * size;
    for line in signs {
        let li = tree.add(list, StructKind::ListItem);
        let lbl = tree.add(li, StructKind::Label);
        let body = tree.add(li, StructKind::ListBody);
        let p = tree.add(body, StructKind::Paragraph);
        let spec = TextBlock {
            x_pt: s.margin_left_pt + indent,
            width_pt: s.text_width_pt() - indent,
            ..ctx.spec(size, false, style::BLACK)
        };
        let (its, h) = text_block(ctx.shaper, tree, p, &plain(line), spec, y)?;
        if let Some(Item::Text(first)) = its.first() {
            let mark = Mark::Content(tree.content(lbl));
            items.push(Item::Text(line_item(
                ctx.shaper,
                "•",
                true,
                size,
                style::BLACK,
                s.margin_left_pt,
                first.baseline_pt,
                mark,
            )?));
        }
        items.extend(its);
        y += h + 0.3 * size;
    }
    Ok(y)
}

/// The print copy: reading pages placed 2-up on landscape sheets in saddle-stitch order (for 8
/// pages: 8|1, 2|7, 6|3, 4|5), to print double-sided flipping on the short edge. `creep_pt`
/// shifts the pages of inner sheets toward the spine.
pub fn impose(model: &PageModel, style: &Style) -> PageModel {
    let n = model.pages.len();
    let sides = n / 2;
    let sheets = (sides / 2).max(1);
    let (w, h) = (style.page_width_pt, style.page_height_pt);
    // the sheet is the full paper size in landscape; two A5 pages are 1 mm narrower than A4,
    // so the pair is centred on it
    let (sheet_w, sheet_h) = match style.paper {
        Paper::Letter => (11.0 * PT_PER_IN, 8.5 * PT_PER_IN),
        Paper::A4 => (297.0 * PT_PER_MM, 210.0 * PT_PER_MM),
    };
    let (x0, y0) = ((sheet_w - 2.0 * w) / 2.0, (sheet_h - h) / 2.0);
    let mut pages = Vec::with_capacity(sides);
    for side in 0..sides {
        let (left, right) = saddle_pair(n, side);
        let sheet = side / 2;
        let creep = if sheets > 1 {
            style.creep_pt * sheet as f32 / (sheets - 1) as f32
        } else {
            0.0
        };
        let mut items = Vec::new();
        for (page, dx) in [(left, x0 + creep), (right, x0 + w - creep)] {
            for item in &model.pages[page].items {
                if matches!(item, Item::Link(_)) {
                    continue;
                }
                let mut it = item.clone();
                it.shift(dx, y0);
                items.push(it);
            }
        }
        pages.push(Page {
            width_pt: sheet_w,
            height_pt: sheet_h,
            items,
        });
    }
    PageModel {
        pages,
        structure: StructTree::new(),
        outline: Vec::new(),
        title: locale::fill(
            &locale::words(&model.language).print_copy,
            &[("title", &model.title)],
        ),
        subtitle: model.subtitle.clone(),
        language: model.language.clone(),
        author: model.author.clone(),
        date: model.date.clone(),
        anchors: Vec::new(),
    }
}

/// The reading-page indices (0-based) on the left and right of sheet side `side`.
pub fn saddle_pair(pages: usize, side: usize) -> (usize, usize) {
    if side.is_multiple_of(2) {
        (pages - 1 - side, side)
    } else {
        (side, pages - 1 - side)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saddle_stitch_order_for_eight_pages() {
        let pairs: Vec<(usize, usize)> = (0..4).map(|s| saddle_pair(8, s)).collect();
        assert_eq!(pairs, vec![(7, 0), (1, 6), (5, 2), (3, 4)]);
    }

    #[test]
    fn every_page_appears_once_for_sixteen() {
        let mut seen: Vec<usize> = (0..8)
            .flat_map(|s| {
                let (a, b) = saddle_pair(16, s);
                [a, b]
            })
            .collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..16).collect::<Vec<_>>());
    }
}
