//! The booklet's contents: a heading, then one linked entry per section with a dot leader and
//! the section's page number at the right. How many pages the contents take depends only on
//! the section titles, so it is decided first (one pass over the titles, no settling loop),
//! and the page numbers, which come after the contents, are known when the entries are set.

use super::Fixed;
use crate::document::private;
use crate::layout::{
    footer_body_bottom_pt, line_item, measure_pt, text_block, ArtifactKind, Item, LayoutError,
    LinkItem, LinkTarget, Mark, Page, StructKind, StructTree, TextBlock,
};
use crate::locale;
use crate::style;
use crate::text::{Breaker, FontId, PlacedPiece};

/// How far above a section's heading a contents link lands, so the heading is not at the very
/// top edge of the viewer.
const LINK_ABOVE_PT: f32 = 6.0;

/// One section listed in the contents.
#[derive(Debug, Clone)]
pub struct ContentsEntry {
    pub title: String,
    /// The content page the section starts on, counted from 0 at the first content page.
    pub content_page: usize,
    /// Where its heading sits on that page.
    pub y_pt: f32,
}

/// Where the entries go: the width of a title, the line pitch and the body's bottom.
struct Geometry {
    title_w_pt: f32,
    pitch_pt: f32,
    bottom_pt: f32,
}

/// Lays out the contents, which follow `pages_before` pages (the cover), adding its section
/// under the tree's root; the content follows the contents.
pub fn contents_pages(
    fx: &Fixed,
    tree: &mut StructTree,
    entries: &[ContentsEntry],
    pages_before: usize,
) -> Result<Vec<Page>, LayoutError> {
    let s = fx.style;
    let section = tree.add(StructTree::ROOT, StructKind::Section);
    let mut items = Vec::new();
    let words = locale::words(&fx.doc.language);
    let first_y = fx.heading(tree, section, &words.contents, s.margin_top_pt, &mut items)?;
    let toc = tree.add(section, StructKind::Toc);
    // the title's room leaves space for a two-digit page number
    let num_w = measure_pt(fx.shaper, "88", false, s.body_pt)?;
    let geo = Geometry {
        title_w_pt: s.text_width_pt() - num_w - 1.5 * s.body_pt,
        pitch_pt: s.leading * s.body_pt,
        bottom_pt: footer_body_bottom_pt(fx.doc, s, fx.shaper)?,
    };
    let places = place_entries(fx, entries, &geo, first_y)?;
    let count = places.last().map_or(1, |(page, _)| page + 1);
    let mut pages = Vec::new();
    for (e, (page, y)) in entries.iter().zip(places) {
        if page > pages.len() {
            pages.push(std::mem::take(&mut items));
        }
        let target = pages_before + count + e.content_page;
        entry(fx, tree, toc, e, (target, y), geo.title_w_pt, &mut items)?;
    }
    pages.push(items);
    Ok(pages.into_iter().map(|items| fx.new_page(items)).collect())
}

/// The contents page (from 0) and y of every entry, from the line count of each title: an
/// entry goes to the next page when its lines do not fit above the footer.
fn place_entries(
    fx: &Fixed,
    entries: &[ContentsEntry],
    geo: &Geometry,
    first_y_pt: f32,
) -> Result<Vec<(usize, f32)>, LayoutError> {
    let s = fx.style;
    let (mut page, mut y) = (0, first_y_pt);
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let lines = title_lines(fx.shaper, &e.title, s.body_pt, geo.title_w_pt)?;
        if y + lines as f32 * geo.pitch_pt > geo.bottom_pt {
            (page, y) = (page + 1, s.margin_top_pt);
        }
        out.push((page, y));
        y += stacked_height_pt(y, lines, geo.pitch_pt) + 0.3 * s.body_pt;
    }
    Ok(out)
}

fn title_lines(
    shaper: &Breaker,
    title: &str,
    size_pt: f32,
    width_pt: f32,
) -> Result<usize, LayoutError> {
    Ok(shaper
        .break_paragraph(&private(title), size_pt, width_pt)?
        .len())
}

/// The height `lines` lines take from `top_pt`, summed line by line as [`text_block`] does,
/// so the planned positions are the set ones to the last bit.
fn stacked_height_pt(top_pt: f32, lines: usize, pitch_pt: f32) -> f32 {
    let mut y = top_pt;
    for _ in 0..lines {
        y += pitch_pt;
    }
    y - top_pt
}

/// One entry at `y_pt`: its title (a link to page index `target`), the dot leader, the page
/// number at the right, and the link's area.
fn entry(
    fx: &Fixed,
    tree: &mut StructTree,
    toc: usize,
    e: &ContentsEntry,
    (target, y_pt): (usize, f32),
    title_w_pt: f32,
    items: &mut Vec<Item>,
) -> Result<(), LayoutError> {
    let s = fx.style;
    let item = tree.add(toc, StructKind::TocItem);
    let link = tree.add(item, StructKind::Link);
    let spec = TextBlock {
        width_pt: title_w_pt,
        ..fx.spec(s.body_pt, false, style::BLACK)
    };
    let (mut its, h) = text_block(fx.shaper, tree, link, &private(&e.title), spec, y_pt)?;
    let last = its.iter_mut().rev().find_map(|i| {
        if let Item::Text(t) = i {
            // a space between the title and its page number, for a listener
            t.end_space = Some(PlacedPiece {
                x_pt: t.width_pt(),
                piece: fx.shaper.shape(FontId::AtkinsonRegular, " "),
                span: 0,
            });
            Some((t.x_pt + t.width_pt(), t.baseline_pt))
        } else {
            None
        }
    });
    items.append(&mut its);
    let number = (target + 1).to_string();
    if let Some((end_x, base)) = last {
        leader_and_number(fx, tree, link, &number, (end_x, base), items)?;
    }
    items.push(Item::Link(LinkItem {
        x_pt: s.margin_left_pt,
        y_pt,
        width_pt: s.text_width_pt(),
        height_pt: h,
        target: LinkTarget::Place {
            page: target,
            y_pt: (e.y_pt - LINK_ABOVE_PT).max(0.0),
        },
        content: tree.content(link),
        alt: locale::fill(
            &locale::words(&fx.doc.language).go_to,
            &[("title", &e.title), ("page", &number)],
        ),
    }));
    Ok(())
}

/// The dot leader from the title's end (`end_x_pt`) to the page number, set right-aligned on
/// the title's last baseline.
fn leader_and_number(
    fx: &Fixed,
    tree: &mut StructTree,
    link: usize,
    number: &str,
    (end_x_pt, base_pt): (f32, f32),
    items: &mut Vec<Item>,
) -> Result<(), LayoutError> {
    let s = fx.style;
    let size = s.body_pt;
    let nw = measure_pt(fx.shaper, number, false, size)?;
    let right = s.page_width_pt - s.margin_right_pt;
    // the pitch of ". " (a lone trailing space is not measured)
    let dot_w =
        measure_pt(fx.shaper, ". .", false, size)? - measure_pt(fx.shaper, ".", false, size)?;
    let room = right - nw - 0.4 * size - (end_x_pt + 0.4 * size);
    let dots = (room / dot_w).floor().max(0.0) as usize;
    if dots > 0 {
        let leader = ". ".repeat(dots);
        let leader = leader.trim_end();
        let lw = measure_pt(fx.shaper, leader, false, size)?;
        let x = right - nw - 0.4 * size - lw;
        let mark = Mark::Artifact(ArtifactKind::Layout);
        let it = line_item(
            fx.shaper,
            leader,
            false,
            size,
            style::RULE_GREY,
            x,
            base_pt,
            mark,
        )?;
        items.push(Item::Text(it));
    }
    let mark = Mark::Content(tree.content(link));
    let it = line_item(
        fx.shaper,
        number,
        false,
        size,
        style::BLACK,
        right - nw,
        base_pt,
        mark,
    )?;
    items.push(Item::Text(it));
    Ok(())
}
