//! Imposition: a booklet's reading-order pages placed 2-up on landscape sheets in saddle-stitch
//! order, for printing double-sided and folding. It moves finished page items and knows
//! nothing about text or the PDF library.

use crate::layout::{Item, Page, PageModel, StructTree};
use crate::locale;
use crate::style::{Paper, Style, PT_PER_IN, PT_PER_MM};

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
