//! Pagination: stacks rows on pages, breaking only where a row may leave its predecessor (so a
//! heading never ends a page and paragraphs keep two lines each side of a break), repeats a
//! table's header row on the page a table continues on, and adds the footer to every page.

use super::flow::{line_item, measure_pt, Flowed, Row};
use super::page::{ArtifactKind, Item, Mark, Page};
use super::{LayoutError, LayoutOptions, OutlineEntry};
use crate::document::Document;
use crate::style::{self, Style};
use crate::text::Shaper;

/// Where a row went.
enum Placed {
    Row(usize),
    Header(usize),
}

/// The footer's shape, decided before pagination so the body knows where to stop.
struct FooterPlan {
    language: String,
    /// The clinic's name and phone: one line beside the page number, or (when that is too
    /// wide) up to two lines above it.
    clinic: Vec<String>,
    two_lines: bool,
    /// The clinic's name was too long even for two lines and was shortened.
    shortened: bool,
    size_pt: f32,
}

impl FooterPlan {
    fn new(doc: &Document, style: &Style, shaper: &Shaper) -> Result<FooterPlan, LayoutError> {
        let size_pt = style.small_pt;
        let clinic = match (&doc.clinic_name, &doc.clinic_phone) {
            (Some(n), Some(p)) => Some(format!("{n} · {p}")),
            (Some(n), None) => Some(n.clone()),
            (None, Some(p)) => Some(p.clone()),
            (None, None) => None,
        };
        let page_w = measure_pt(shaper, &page_of(&doc.language, 88, 88), false, size_pt)?;
        let two_lines = match &clinic {
            Some(c) => {
                measure_pt(shaper, c, false, size_pt)? + page_w + 2.0 * size_pt
                    > style.text_width_pt()
            }
            None => false,
        };
        let (clinic, shortened) = if two_lines {
            super::footer_text::clinic_lines(
                doc.clinic_name.as_deref(),
                doc.clinic_phone.as_deref(),
                shaper,
                size_pt,
                super::footer_text::line_width_pt(style),
            )?
        } else {
            (clinic.into_iter().collect(), false)
        };
        Ok(FooterPlan {
            language: doc.language.clone(),
            clinic,
            two_lines,
            shortened,
            size_pt,
        })
    }

    /// The lowest y the body may use.
    fn body_bottom_pt(&self, style: &Style) -> f32 {
        let lines = if self.two_lines {
            1.0 + self.clinic.len() as f32
        } else {
            1.0
        };
        let footer_top =
            style.page_height_pt - style.footer_bottom_pt - lines * style.leading * self.size_pt;
        style.body_bottom_pt().min(footer_top - 0.5 * self.size_pt)
    }
}

/// A warning when the clinic's name is too long for the footer and is shortened there.
pub fn footer_warning(
    doc: &Document,
    style: &Style,
    shaper: &Shaper,
) -> Result<Option<String>, LayoutError> {
    let plan = FooterPlan::new(doc, style, shaper)?;
    Ok(plan.shortened.then(|| {
        format!(
            "the clinic's name is too long for the footer and is shortened there to \"{}\"; give a shorter name",
            plan.clinic.join(" ")
        )
    }))
}

/// The lowest y body text may use on a page of this document (above the footer).
pub fn footer_body_bottom_pt(
    doc: &Document,
    style: &Style,
    shaper: &Shaper,
) -> Result<f32, LayoutError> {
    Ok(FooterPlan::new(doc, style, shaper)?.body_bottom_pt(style))
}

/// Adds the footer to a page built outside the flow (booklet contents and notes pages).
pub fn add_footer(
    items: &mut Vec<Item>,
    doc: &Document,
    style: &Style,
    shaper: &Shaper,
    number: usize,
    total: usize,
) -> Result<(), LayoutError> {
    let plan = FooterPlan::new(doc, style, shaper)?;
    footer(items, &plan, style, shaper, number, total)
}

/// "Page N of M" in the document's language.
fn page_of(language: &str, number: usize, total: usize) -> String {
    crate::locale::fill(
        &crate::locale::words(language).page_of,
        &[
            ("number", &number.to_string()),
            ("total", &total.to_string()),
        ],
    )
}

pub fn paginate(
    flowed: Flowed,
    doc: &Document,
    style: &Style,
    shaper: &Shaper,
    options: &LayoutOptions,
) -> Result<Paged, LayoutError> {
    let plan = FooterPlan::new(doc, style, shaper)?;
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
    let total = options
        .total_pages
        .unwrap_or(pages.len() + first_number - 1);
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
        footer(&mut items, &plan, style, shaper, p + first_number, total)?;
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
        if y + space + row.height_pt <= bottom + 0.01 {
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
/// preferring ordinary breaks, unless the best ordinary break leaves the page less than
/// [`FILL_BEFORE_LAST_RESORT`] full and a later last-resort break exists.
fn break_before(
    rows: &[Row],
    current: &[(Placed, f32)],
    start: usize,
    i: usize,
    (top_pt, bottom_pt): (f32, f32),
) -> usize {
    let may_part = |b: &usize| !rows[*b].keep_with_previous;
    let ordinary = (start + 1..=i)
        .rev()
        .filter(may_part)
        .find(|&b| !rows[b].avoid_break_before);
    let last_resort = (start + 1..=i).rev().find(may_part);
    let filled = |b: usize| {
        let y = current
            .iter()
            .find_map(|(p, y)| matches!(p, Placed::Row(r) if *r == b).then_some(*y))
            .unwrap_or(bottom_pt);
        (y - top_pt) / (bottom_pt - top_pt).max(1.0)
    };
    match (ordinary, last_resort) {
        (Some(o), Some(l)) if l > o && filled(o) < FILL_BEFORE_LAST_RESORT => l,
        (Some(o), _) => o,
        (None, Some(l)) => l,
        (None, None) => i,
    }
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

/// "Page N of M" in the outer corner and the clinic's name and phone, as page artifacts.
fn footer(
    items: &mut Vec<Item>,
    plan: &FooterPlan,
    style: &Style,
    shaper: &Shaper,
    number: usize,
    total: usize,
) -> Result<(), LayoutError> {
    let size = plan.size_pt;
    let descent = size * (style.leading - 1.0) / 2.0 + 0.25 * size;
    let baseline = style.page_height_pt - style.footer_bottom_pt - descent;
    let mark = Mark::Artifact(ArtifactKind::Footer);
    let left = style.margin_left_pt;
    let right = style.page_width_pt - style.margin_right_pt;
    let page_text = page_of(&plan.language, number, total);
    let page_w = measure_pt(shaper, &page_text, false, size)?;
    // the page number goes in the outer corner: right on odd pages, left on even booklet pages
    let outer_left = style.booklet && number.is_multiple_of(2);
    let page_x = if outer_left { left } else { right - page_w };
    items.push(Item::Text(line_item(
        shaper,
        &page_text,
        false,
        size,
        style::FOOTER_GREY,
        page_x,
        baseline,
        mark,
    )?));
    let n = plan.clinic.len();
    for (i, clinic) in plan.clinic.iter().enumerate() {
        let w = measure_pt(shaper, clinic, false, size)?;
        let above = baseline - (n - i) as f32 * style.leading * size;
        let (x, base) = match (plan.two_lines, outer_left) {
            (true, true) => (left, above),
            (true, false) => (right - w.min(right - left), above),
            (false, true) => (right - w, baseline),
            (false, false) => (left, baseline),
        };
        items.push(Item::Text(line_item(
            shaper,
            clinic,
            false,
            size,
            style::FOOTER_GREY,
            x.max(left),
            base,
            mark,
        )?));
    }
    Ok(())
}
