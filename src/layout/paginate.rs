//! Pagination: stacks rows on pages, breaking only where a row may leave its predecessor (so a
//! heading never ends a page and paragraphs keep two lines each side of a break), repeats a
//! table's header row on the page a table continues on. The footers come after, in
//! [`super::footers`], once the page count is known.

use super::flow::{Flowed, Row};
use super::footers::FooterPlan;
use super::page::Page;
use super::{LayoutError, LayoutOptions, OutlineEntry};
use crate::style::Style;

/// Where a row went.
enum Placed {
    Row(usize),
    Header(usize),
}

/// Cuts flowed rows into pages, above `plan`'s footer (drawn later by the footers pass).
/// Anchors are numbered from `options.first_page_number`.
pub fn paginate(
    flowed: Flowed,
    plan: &FooterPlan,
    style: &Style,
    options: &LayoutOptions,
) -> Result<Paged, LayoutError> {
    let top = style.margin_top_pt;
    let bottom = plan.body_bottom_pt(style);
    let mut flowed = flowed;
    super::tall_rows::split_tall_rows(&mut flowed, bottom - top);
    let rows = &flowed.rows;
    let mut stacked = stack(&flowed, (top, bottom), None)?;
    if let Some(b) = balance_last_page(rows, &stacked.starts) {
        let balanced = stack(&flowed, (top, bottom), Some(b))?;
        if balanced.pages.len() == stacked.pages.len() {
            stacked = balanced;
        }
    }
    let Stacked { pages, moved, .. } = stacked;

    let first_number = options.first_page_number.max(1);
    let mut outline = Vec::new();
    let mut anchors = Vec::new();
    let mut out = Vec::with_capacity(pages.len());
    for (p, placed) in pages.into_iter().enumerate() {
        let mut items = Vec::new();
        for (what, y) in placed {
            let row = match what {
                Placed::Row(r) => {
                    if let Some((level, title)) = &rows[r].outline {
                        outline.push(OutlineEntry {
                            level: *level,
                            title: title.clone(),
                            page: p,
                            y_pt: y,
                        });
                    }
                    if let Some(a) = &rows[r].anchor {
                        anchors.push((a.clone(), p + first_number));
                    }
                    &rows[r]
                }
                Placed::Header(h) => &flowed.table_headers[h],
            };
            items.extend(row.items.iter().cloned().map(|mut it| {
                it.shift(0.0, y);
                it
            }));
        }
        out.push(Page {
            width_pt: style.page_width_pt,
            height_pt: style.page_height_pt,
            items,
        });
    }
    Ok(Paged {
        pages: out,
        outline,
        anchors,
        moved,
    })
}

/// Pages, their bookmarks, the printed page number of every anchor, and for each page what
/// could not be split and so went on to the next page (`None` where the page ended full, at an
/// explicit break, or last; for measuring page fill, see the `page_fill` example).
#[derive(Debug, Clone)]
pub struct Paged {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    pub anchors: Vec<(String, usize)>,
    pub moved: Vec<Option<String>>,
}

/// Rows placed on pages, before items are made.
struct Stacked {
    pages: Vec<Vec<(Placed, f32)>>,
    /// Per page: what went on to the next page whole.
    moved: Vec<Option<String>>,
    /// Per page: the index of its first row.
    starts: Vec<usize>,
}

/// Stacks rows on pages, breaking only where a row may leave its predecessor; `forced` is a
/// row that must start a page (to balance the last page).
fn stack(
    flowed: &Flowed,
    (top, bottom): (f32, f32),
    forced: Option<usize>,
) -> Result<Stacked, LayoutError> {
    let rows = &flowed.rows;
    let mut out = Stacked {
        pages: Vec::new(),
        moved: Vec::new(),
        starts: Vec::new(),
    };
    let mut current: Vec<(Placed, f32)> = Vec::new();
    let mut start = 0usize;
    let mut y = top;
    let mut i = 0usize;
    while i < rows.len() {
        let row = &rows[i];
        if (row.break_before || forced == Some(i)) && i > start {
            out.pages.push(std::mem::take(&mut current));
            out.moved.push(None);
            out.starts.push(start);
            (start, y) = (i, top);
            y = open_page(flowed, i, &mut current, y);
        }
        let first_on_page = i == start;
        let space = if first_on_page {
            0.0
        } else {
            row.space_before_pt
        };
        if y + space + row.height_pt <= bottom + FIT_TOLERANCE_PT {
            current.push((Placed::Row(i), y + space));
            y += space + row.height_pt;
            i += 1;
            continue;
        }
        if first_on_page {
            return Err(too_tall(row));
        }
        let b = break_before(rows, &current, start, i, (top, bottom));
        current.retain(|(p, _)| !matches!(p, Placed::Row(r) if *r >= b));
        out.pages.push(std::mem::take(&mut current));
        out.moved.push(Some(describe(&rows[b..=i])));
        out.starts.push(start);
        (start, i) = (b, b);
        y = open_page(flowed, b, &mut current, top);
    }
    if !current.is_empty() {
        out.pages.push(current);
        out.moved.push(None);
        out.starts.push(start);
    }
    Ok(out)
}

/// The fewest rows the last page should hold (the sources list's last lines, a closing line).
const LAST_PAGE_MIN_ROWS: usize = 4;
/// Rounding slack when testing whether a row fits: a row that ends a hundredth of a point
/// below the body's foot still fits.
const FIT_TOLERANCE_PT: f32 = 0.01;

/// When the last page would hold only a line or two, an earlier row of the page before that
/// may start the last page instead, so both pages hold a fair share.
fn balance_last_page(rows: &[Row], starts: &[usize]) -> Option<usize> {
    let [.., before, last] = starts else {
        return None;
    };
    if rows.len() - last > 2 || rows[*last].break_before {
        return None;
    }
    let may_start = |b: &usize| !rows[*b].keep_with_previous && !rows[*b].avoid_break_before;
    (before + 1..*last)
        .rev()
        .filter(may_start)
        .find(|&b| rows.len() - b >= LAST_PAGE_MIN_ROWS)
        .or_else(|| (before + 1..*last).rev().find(may_start))
}

/// "heading + paragraph + table row": the kinds of rows that had to move together.
fn describe(rows: &[Row]) -> String {
    let mut kinds: Vec<&str> = Vec::new();
    for r in rows {
        if kinds.last() != Some(&r.what.as_str()) {
            kinds.push(&r.what);
        }
    }
    kinds.join(" + ")
}

/// The least share of a page's text area filled before a break is taken at a last-resort place
/// (between the blocks of a callout box) instead of an earlier ordinary one.
const FILL_BEFORE_LAST_RESORT: f32 = 0.6;

/// Where to end the page when row `i` does not fit: the last row that may start a page,
/// preferring ordinary breaks, then breaks between a box's whole blocks, then breaks inside a
/// box's list: a later, less wanted break is taken only while the better one leaves the page
/// less than [`FILL_BEFORE_LAST_RESORT`] full.
fn break_before(
    rows: &[Row],
    current: &[(Placed, f32)],
    start: usize,
    i: usize,
    (top_pt, bottom_pt): (f32, f32),
) -> usize {
    let may_part = |b: &usize| !rows[*b].keep_with_previous;
    let latest = |tier: &dyn Fn(&Row) -> bool| {
        (start + 1..=i)
            .rev()
            .filter(may_part)
            .find(|&b| tier(&rows[b]))
    };
    let ordinary = latest(&|r| !r.avoid_break_before);
    let between_blocks = latest(&|r| !r.parts_list);
    let inside_list = latest(&|_| true);
    let filled = |b: usize| {
        let y = current
            .iter()
            .find_map(|(p, y)| matches!(p, Placed::Row(r) if *r == b).then_some(*y))
            .unwrap_or(bottom_pt);
        (y - top_pt) / (bottom_pt - top_pt).max(1.0)
    };
    let mut best: Option<usize> = None;
    for candidate in [ordinary, between_blocks, inside_list]
        .into_iter()
        .flatten()
    {
        if best.is_some_and(|b| candidate <= b || filled(b) >= FILL_BEFORE_LAST_RESORT) {
            continue;
        }
        best = Some(candidate);
    }
    best.unwrap_or(i)
}

/// Starts a page at row `r`: a continuing table gets its header row first.
fn open_page(flowed: &Flowed, r: usize, current: &mut Vec<(Placed, f32)>, top: f32) -> f32 {
    match flowed.rows.get(r).and_then(|row| row.table) {
        Some(h) => {
            current.push((Placed::Header(h), top));
            top + flowed.table_headers[h].height_pt
        }
        None => top,
    }
}

fn too_tall(row: &Row) -> LayoutError {
    LayoutError::TooTall {
        what: format!("a {}", row.what),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows at the given tops (points, on a 1000 pt text area): (top, avoid, parts_list).
    fn placed(spec: &[(f32, bool, bool)]) -> (Vec<Row>, Vec<(Placed, f32)>) {
        let mut rows = spec
            .iter()
            .map(|&(_, avoid, parts)| {
                let mut r = Row::new(10.0, Vec::new(), "test");
                r.avoid_break_before = avoid;
                r.parts_list = parts;
                r
            })
            .collect::<Vec<Row>>();
        // the row that does not fit may not start the page itself
        if let Some(last) = rows.last_mut() {
            last.keep_with_previous = true;
        }
        let current = spec
            .iter()
            .enumerate()
            .map(|(i, &(y, _, _))| (Placed::Row(i), y))
            .collect();
        (rows, current)
    }

    #[test]
    fn a_box_parts_between_whole_blocks_before_it_parts_a_list() {
        // an ordinary break at 10% of the page, between blocks at 65%, inside a list at 80%
        let (rows, current) = placed(&[
            (0.0, false, false),
            (100.0, false, false),
            (650.0, true, false),
            (800.0, true, true),
            (990.0, false, false),
        ]);
        assert_eq!(break_before(&rows, &current, 0, 4, (0.0, 1000.0)), 2);
        // with the break between blocks at 30%, only parting the list fills the page enough
        let (rows, current) = placed(&[
            (0.0, false, false),
            (100.0, false, false),
            (300.0, true, false),
            (800.0, true, true),
            (990.0, false, false),
        ]);
        assert_eq!(break_before(&rows, &current, 0, 4, (0.0, 1000.0)), 3);
        // an ordinary break that fills the page is taken first
        let (rows, current) = placed(&[
            (0.0, false, false),
            (700.0, false, false),
            (800.0, true, false),
            (900.0, true, true),
            (990.0, false, false),
        ]);
        assert_eq!(break_before(&rows, &current, 0, 4, (0.0, 1000.0)), 1);
    }
}
