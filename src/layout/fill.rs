//! Page fill: how much of each page's text area is left empty, so layout changes can be judged
//! by a number (the `page_fill` example prints it for every example and preset).

use super::page::{ArtifactKind, Item, Mark, Page};

/// A line's box reaches about a quarter of its size below the baseline (descenders).
const DESCENT_EM: f32 = 0.25;

/// The lowest point a page's content reaches, in points from the top (the footer and other
/// page furniture left out); `None` for a page with no content.
pub fn content_bottom_pt(page: &Page) -> Option<f32> {
    page.items
        .iter()
        .filter_map(|item| match item {
            Item::Text(t) if t.mark == Mark::Artifact(ArtifactKind::Footer) => None,
            Item::Text(t) => Some(t.baseline_pt + DESCENT_EM * t.size_pt),
            Item::Rect(r) => Some(r.y_pt + r.height_pt),
            Item::Line(l) => Some(l.y1_pt.max(l.y2_pt)),
            Item::Image(i) => Some(i.y_pt + i.height_pt),
            Item::Link(k) => Some(k.y_pt + k.height_pt),
            Item::Pictogram(p) => Some(p.y_pt + p.size_pt),
            Item::Symbol(s) => Some(s.rect.y_pt + s.rect.height_pt),
        })
        .reduce(f32::max)
}

/// The share (0–1) of the text area between `top_pt` and `bottom_pt` left empty below the
/// content of each page.
pub fn empty_shares(pages: &[Page], top_pt: f32, bottom_pt: f32) -> Vec<f32> {
    let area = (bottom_pt - top_pt).max(1.0);
    pages
        .iter()
        .map(|p| {
            let used = content_bottom_pt(p)
                .unwrap_or(top_pt)
                .clamp(top_pt, bottom_pt);
            (bottom_pt - used) / area
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::RectItem;

    #[test]
    fn a_half_filled_page_is_half_empty() {
        let rect = |h: f32| {
            Item::Rect(RectItem {
                x_pt: 0.0,
                y_pt: 100.0,
                width_pt: 10.0,
                height_pt: h,
                fill: None,
                stroke: None,
            })
        };
        let page = |items| Page {
            width_pt: 600.0,
            height_pt: 800.0,
            items,
        };
        let shares = empty_shares(&[page(vec![rect(300.0)]), page(vec![])], 100.0, 700.0);
        assert!((shares[0] - 0.5).abs() < 1e-4);
        assert!((shares[1] - 1.0).abs() < 1e-4);
    }
}
