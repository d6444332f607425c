//! Booklets: pages laid out at the booklet's own size (half-letter or A5, never a full page
//! shrunk). This module only orchestrates: the content is laid out once, then the fixed pages
//! ([`crate::layout::fixed`]) go around it in reading order (cover, contents, content, notes
//! to a multiple of 4, back cover), and the footers pass numbers the pages. The print copy's
//! imposition is [`crate::impose`].

use crate::document::Document;
use crate::layout::fixed::{self, ContentsEntry, Fixed};
use crate::layout::{
    self, add_footers, LayoutError, LayoutOptions, OutlineEntry, PageModel, StructTree,
};
use crate::locale;
use crate::style::Style;
use crate::text::Breaker;

pub use crate::impose::{impose, saddle_pair};

/// A saddle-stitched booklet's page count is a multiple of this (one sheet, folded).
const PAGES_PER_SHEET: usize = 4;

/// Lays out a booklet's reading copy: cover, contents, content, notes pages, back cover.
pub fn lay_out_booklet(
    doc: &Document,
    style: &Style,
    shaper: &Breaker,
) -> Result<PageModel, LayoutError> {
    let fx = Fixed { doc, style, shaper };
    let words = locale::words(&doc.language);
    // the content, once, in a tree of its own that joins the booklet's after the contents
    let mut content_tree = StructTree::new();
    let options = LayoutOptions {
        no_title_block: true,
        section_per_page: false,
        first_page_number: 1,
    };
    let content = layout::layout_pages(doc, style, shaper, &options, &mut content_tree)?;
    let entries = contents_entries(&content.outline);

    let mut tree = StructTree::new();
    let mut pages = vec![fixed::cover_page(&fx, &mut tree)?];
    pages.extend(fixed::contents_pages(
        &fx,
        &mut tree,
        &entries,
        pages.len(),
    )?);
    let before = pages.len();
    let shift = tree.graft(StructTree::ROOT, content_tree);
    pages.extend(content.pages.into_iter().map(|mut page| {
        page.items.iter_mut().for_each(|i| i.offset_content(shift));
        page
    }));
    let mut outline: Vec<OutlineEntry> = vec![OutlineEntry {
        level: 1,
        title: words.contents.clone(),
        page: 1,
        y_pt: style.margin_top_pt,
    }];
    outline.extend(content.outline.into_iter().map(|e| OutlineEntry {
        page: e.page + before,
        ..e
    }));
    // notes pages, then the back cover, fill the last sheet
    let total = (pages.len() + 1).div_ceil(PAGES_PER_SHEET) * PAGES_PER_SHEET;
    for i in 0..total - 1 - pages.len() {
        if i == 0 {
            outline.push(page_entry(&words.notes, pages.len(), style));
        }
        pages.push(fixed::notes_page(&fx, &mut tree)?);
    }
    pages.push(fixed::back_cover(&fx, &mut tree)?);
    outline.push(page_entry(
        &words.back_cover_heading,
        pages.len() - 1,
        style,
    ));
    debug_assert_eq!(pages.len(), total);
    // every page but the covers is numbered
    add_footers(&mut pages, 1..total - 1, doc, style, shaper)?;
    let mut model = PageModel::new(doc, pages, tree, outline);
    model.anchors = content
        .anchors
        .into_iter()
        .map(|(anchor, number)| (anchor, number + before))
        .collect();
    Ok(model)
}

/// A bookmark to the top of page index `page`.
fn page_entry(title: &str, page: usize, style: &Style) -> OutlineEntry {
    OutlineEntry {
        level: 1,
        title: title.to_string(),
        page,
        y_pt: style.margin_top_pt,
    }
}

/// Every section heading of the content, for the contents.
fn contents_entries(outline: &[OutlineEntry]) -> Vec<ContentsEntry> {
    outline
        .iter()
        .filter(|e| e.level == 1)
        .map(|e| ContentsEntry {
            title: e.title.clone(),
            content_page: e.page,
            y_pt: e.y_pt,
        })
        .collect()
}
