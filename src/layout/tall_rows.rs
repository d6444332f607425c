//! The last resort for a row taller than a page (a table row of long cells on a small booklet
//! page, a box at very large print): it is cut between its lines into page-sized pieces before
//! pagination, so a handout is never refused for library text its user cannot edit. Boxes and
//! rules that span a cut are cut with it; text lines are never cut.

use super::flow::{Flowed, Row};
use super::page::{Item, RectItem};

/// How far a text line reaches above its baseline and below it, as fractions of its size.
pub(super) const LINE_ABOVE_EM: f32 = 0.9;
pub(super) const LINE_BELOW_EM: f32 = 0.3;

/// Cuts every row taller than `limit_pt` (a table's rows: `limit_pt` less the header row that
/// repeats above each piece) into pieces that fit.
pub fn split_tall_rows(flowed: &mut Flowed, limit_pt: f32) {
    if flowed.rows.iter().all(|r| r.height_pt <= limit_pt) {
        return;
    }
    let rows = std::mem::take(&mut flowed.rows);
    for row in rows {
        let header_pt = row
            .table
            .and_then(|h| flowed.table_headers.get(h))
            .map_or(0.0, |h| h.height_pt);
        let limit = (limit_pt - header_pt).max(limit_pt / 2.0);
        let mut rest = row;
        while rest.height_pt > limit {
            let Some((head, tail)) = cut(rest.clone(), limit) else {
                break;
            };
            flowed.rows.push(head);
            rest = tail;
        }
        flowed.rows.push(rest);
    }
}

/// Where a row may be cut at or above `limit_pt`: the lowest y between text lines.
fn cut_at(row: &Row, limit_pt: f32) -> Option<f32> {
    let spans: Vec<(f32, f32)> = row
        .items
        .iter()
        .filter_map(|it| match it {
            Item::Text(t) => Some((
                t.baseline_pt - LINE_ABOVE_EM * t.size_pt,
                t.baseline_pt + LINE_BELOW_EM * t.size_pt,
            )),
            _ => None,
        })
        .collect();
    spans
        .iter()
        .map(|&(_, bottom)| bottom)
        .filter(|&y| y > 0.0 && y <= limit_pt)
        .filter(|&y| !spans.iter().any(|&(a, b)| a < y && y < b))
        .fold(None, |best: Option<f32>, y| {
            Some(best.map_or(y, |b| b.max(y)))
        })
}

/// The row cut in two at the best place, or `None` when no line break fits.
fn cut(row: Row, limit_pt: f32) -> Option<(Row, Row)> {
    let y = cut_at(&row, limit_pt)?;
    let mut head = Row {
        items: Vec::new(),
        height_pt: y,
        ..row.clone()
    };
    let mut tail = Row {
        items: Vec::new(),
        height_pt: row.height_pt - y,
        space_before_pt: 0.0,
        keep_with_previous: false,
        outline: None,
        anchor: None,
        break_before: false,
        ..row.clone()
    };
    for item in row.items {
        let (top, bottom) = extent(&item);
        match item {
            Item::Rect(r) if top < y && bottom > y => {
                head.items.push(Item::Rect(RectItem {
                    height_pt: y - r.y_pt,
                    ..r.clone()
                }));
                tail.items.push(Item::Rect(RectItem {
                    y_pt: 0.0,
                    height_pt: r.y_pt + r.height_pt - y,
                    ..r
                }));
            }
            mut other => {
                if top < y {
                    head.items.push(other);
                } else {
                    other.shift(0.0, -y);
                    tail.items.push(other);
                }
            }
        }
    }
    Some((head, tail))
}

/// The top and bottom of an item, in the row's coordinates.
fn extent(item: &Item) -> (f32, f32) {
    match item {
        Item::Text(t) => (
            t.baseline_pt - LINE_ABOVE_EM * t.size_pt,
            t.baseline_pt + LINE_BELOW_EM * t.size_pt,
        ),
        Item::Rect(r) => (r.y_pt, r.y_pt + r.height_pt),
        Item::Line(l) => (l.y1_pt.min(l.y2_pt), l.y1_pt.max(l.y2_pt)),
        Item::Image(i) => (i.y_pt, i.y_pt + i.height_pt),
        Item::Pictogram(p) => (p.y_pt, p.y_pt + p.size_pt),
        Item::Link(k) => (k.y_pt, k.y_pt + k.height_pt),
        Item::Symbol(s) => (s.rect.y_pt, s.rect.y_pt + s.rect.height_pt),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::page::{Mark, TextItem};
    use crate::layout::ArtifactKind;

    fn rect(y: f32, h: f32) -> Item {
        Item::Rect(RectItem {
            x_pt: 0.0,
            y_pt: y,
            width_pt: 10.0,
            height_pt: h,
            fill: None,
            stroke: None,
        })
    }

    fn line(baseline: f32) -> Item {
        let mark = Mark::Artifact(ArtifactKind::Layout);
        Item::Text(TextItem::new(
            0.0,
            baseline,
            18.0,
            crate::style::BLACK,
            Vec::new(),
            mark,
        ))
    }

    #[test]
    fn a_tall_row_is_cut_between_lines_and_its_box_with_it() {
        // a 10-line cell, 24 pt a line, in a box as tall as the row
        let mut items = vec![rect(0.0, 250.0)];
        items.extend((0..10).map(|k| line(20.0 + 24.0 * k as f32)));
        let mut flowed = Flowed {
            rows: vec![Row::new(250.0, items, "table row")],
            table_headers: Vec::new(),
        };
        split_tall_rows(&mut flowed, 100.0);
        assert!(flowed.rows.len() >= 3, "{}", flowed.rows.len());
        let mut lines = 0;
        for r in &flowed.rows {
            assert!(r.height_pt <= 100.0, "{}", r.height_pt);
            for it in &r.items {
                let (top, bottom) = extent(it);
                assert!(
                    top >= -0.01 && bottom <= r.height_pt + 0.01,
                    "{top} {bottom}"
                );
                lines += usize::from(matches!(it, Item::Text(_)));
            }
            // the box is cut with the row: each piece has its part of it
            assert!(r.items.iter().any(|i| matches!(i, Item::Rect(_))));
        }
        assert_eq!(lines, 10, "no line lost");
        let total: f32 = flowed.rows.iter().map(|r| r.height_pt).sum();
        assert!((total - 250.0).abs() < 0.01);
    }

    #[test]
    fn rows_that_fit_are_left_alone() {
        let mut flowed = Flowed {
            rows: vec![Row::new(50.0, vec![line(20.0)], "paragraph")],
            table_headers: Vec::new(),
        };
        split_tall_rows(&mut flowed, 100.0);
        assert_eq!(flowed.rows.len(), 1);
    }
}
