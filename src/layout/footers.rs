//! Footers: "Page N of M" and the clinic's name and phone at the foot of every page. The plan
//! (one line or two) is made once per document, before the flow, so the body knows where to stop;
//! the footers themselves are a pass over the finished pages, once the page count is known, so
//! the content is laid out once whatever the total turns out to be.

use super::flow::{line_item, measure_pt};
use std::ops::Range;

use super::page::{ArtifactKind, Item, Mark, Page};
use super::LayoutError;
use crate::document::Document;
use crate::style::{self, Style};
use crate::text::Breaker;

/// The page number measured when planning the footer: two wide digits, the most a handout or
/// booklet prints, so "Page 88 of 88" fits wherever a real number does.
const WIDEST_PAGE_NUMBER: usize = 88;
/// The least gap between the clinic's line and the page number, in ems of the footer size;
/// closer than this they read as one phrase, so the clinic goes on a line of its own.
const FOOTER_GAP_EM: f32 = 2.0;
/// Clear space between the body's last line and the footer's top.
const BODY_CLEARANCE_EM: f32 = 0.5;
/// How far the footer's ink reaches below its baseline, in ems (descenders of g, p, y).
const DESCENT_EM: f32 = 0.25;

/// The footer's shape, decided before pagination so the body knows where to stop.
pub struct FooterPlan {
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
    pub fn new(
        doc: &Document,
        style: &Style,
        breaker: &Breaker,
    ) -> Result<FooterPlan, LayoutError> {
        let size_pt = style.small_pt;
        let clinic = doc.contacts.footer_line();
        let page_w = measure_pt(
            breaker,
            &page_of(&doc.language, WIDEST_PAGE_NUMBER, WIDEST_PAGE_NUMBER),
            false,
            size_pt,
        )?;
        let two_lines = match &clinic {
            Some(c) => {
                measure_pt(breaker, c, false, size_pt)? + page_w + FOOTER_GAP_EM * size_pt
                    > style.text_width_pt()
            }
            None => false,
        };
        let (clinic, shortened) = if two_lines {
            super::footer_text::clinic_lines(
                &doc.contacts,
                breaker,
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
    pub fn body_bottom_pt(&self, style: &Style) -> f32 {
        let lines = if self.two_lines {
            1.0 + self.clinic.len() as f32
        } else {
            1.0
        };
        let footer_top =
            style.page_height_pt - style.footer_bottom_pt - lines * style.leading * self.size_pt;
        style
            .body_bottom_pt()
            .min(footer_top - BODY_CLEARANCE_EM * self.size_pt)
    }
}

/// A warning when the clinic's name is too long for the footer and is shortened there.
pub fn footer_warning(
    doc: &Document,
    style: &Style,
    breaker: &Breaker,
) -> Result<Option<String>, LayoutError> {
    let plan = FooterPlan::new(doc, style, breaker)?;
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
    breaker: &Breaker,
) -> Result<f32, LayoutError> {
    Ok(FooterPlan::new(doc, style, breaker)?.body_bottom_pt(style))
}

/// The footers pass: adds the footer to the pages at indices `numbered` (a booklet's covers
/// have none) once the page count is known. Page `i` is printed as number `i + 1` of
/// `pages.len()`.
pub fn add_footers(
    pages: &mut [Page],
    numbered: Range<usize>,
    doc: &Document,
    style: &Style,
    breaker: &Breaker,
) -> Result<(), LayoutError> {
    let plan = FooterPlan::new(doc, style, breaker)?;
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        if numbered.contains(&i) {
            footer(&mut page.items, &plan, style, breaker, i + 1, total)?;
        }
    }
    Ok(())
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

/// "Page N of M" in the outer corner and the clinic's name and phone, as page artifacts.
fn footer(
    items: &mut Vec<Item>,
    plan: &FooterPlan,
    style: &Style,
    breaker: &Breaker,
    number: usize,
    total: usize,
) -> Result<(), LayoutError> {
    let size = plan.size_pt;
    let descent = size * (style.leading - 1.0) / 2.0 + DESCENT_EM * size;
    let baseline = style.page_height_pt - style.footer_bottom_pt - descent;
    let mark = Mark::Artifact(ArtifactKind::Footer);
    let left = style.margin_left_pt;
    let right = style.page_width_pt - style.margin_right_pt;
    let page_text = page_of(&plan.language, number, total);
    let page_w = measure_pt(breaker, &page_text, false, size)?;
    // the page number goes in the outer corner: right on odd pages, left on even booklet pages
    let outer_left = style.booklet && number.is_multiple_of(2);
    let page_x = if outer_left { left } else { right - page_w };
    // on its own lines, the clinic goes at the very foot and the page number above it, so every
    // footer line lies in the band a reader (or a checker) takes for running furniture
    let n = plan.clinic.len();
    let pitch = style.leading * size;
    let page_baseline = if plan.two_lines {
        baseline - n as f32 * pitch
    } else {
        baseline
    };
    items.push(Item::Text(line_item(
        breaker,
        &page_text,
        false,
        size,
        style::FOOTER_GREY,
        page_x,
        page_baseline,
        mark,
    )?));
    for (i, clinic) in plan.clinic.iter().enumerate() {
        let w = measure_pt(breaker, clinic, false, size)?;
        let below = baseline - (n - 1 - i) as f32 * pitch;
        let (x, base) = match (plan.two_lines, outer_left) {
            (true, true) => (left, below),
            (true, false) => (right - w.min(right - left), below),
            (false, true) => (right - w, baseline),
            (false, false) => (left, baseline),
        };
        items.push(Item::Text(line_item(
            breaker,
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
