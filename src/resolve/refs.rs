//! Page references ("on page 4") in text, settled after layout: resolve writes a marker where
//! a page number goes, the first layout finds which page each anchor landed on, and the
//! numbers are filled in before the final layout.

use std::collections::HashMap;

use crate::document::{Document, Inlines};

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// The anchor of a section's heading.
pub fn section_anchor(id: &str) -> String {
    format!("section:{id}")
}

/// The anchor of a named box (its title).
pub fn box_anchor(title: &str) -> String {
    format!("box:{title}")
}

/// The marker that stands for the page number of `anchor` until it is known.
pub fn marker(anchor: &str) -> String {
    format!("{OPEN}{anchor}{CLOSE}")
}

/// Whether any text of the document holds a marker.
pub fn has_markers(doc: &Document) -> bool {
    let mut found = false;
    visit_doc(doc.clone(), &mut |inl| {
        found |= inl.iter().any(|s| s.text.contains(OPEN));
    });
    found
}

/// The document with every marker replaced by its anchor's page number (or by `unknown` where
/// the anchor is not on any page).
pub fn fill_pages(doc: &Document, pages: &HashMap<String, usize>, unknown: &str) -> Document {
    let mut out = doc.clone();
    for s in &mut out.sections {
        for b in &mut s.blocks {
            b.visit_inlines(&mut |inl| fill_inlines(inl, pages, unknown));
        }
    }
    for b in &mut out.intro {
        b.visit_inlines(&mut |inl| fill_inlines(inl, pages, unknown));
    }
    out
}

fn fill_inlines(inl: &mut Inlines, pages: &HashMap<String, usize>, unknown: &str) {
    for run in inl.iter_mut() {
        while let Some(start) = run.text.find(OPEN) {
            let Some(len) = run.text[start..].find(CLOSE) else {
                break;
            };
            let anchor = &run.text[start + OPEN.len_utf8()..start + len];
            let page = pages
                .get(anchor)
                .map_or_else(|| unknown.to_string(), |p| p.to_string());
            run.text
                .replace_range(start..start + len + CLOSE.len_utf8(), &page);
        }
    }
}

fn visit_doc(mut doc: Document, f: &mut impl FnMut(&mut Inlines)) {
    for s in &mut doc.sections {
        for b in &mut s.blocks {
            b.visit_inlines(f);
        }
    }
    for b in &mut doc.intro {
        b.visit_inlines(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::plain;

    #[test]
    fn markers_become_page_numbers() {
        let mut inl = plain(&format!("See page {}.", marker("box:Fever")));
        let pages = HashMap::from([("box:Fever".to_string(), 4)]);
        fill_inlines(&mut inl, &pages, "?");
        assert_eq!(inl[0].text, "See page 4.");
        let mut missing = plain(&format!("page {}", marker("x")));
        fill_inlines(&mut missing, &pages, "00");
        assert_eq!(missing[0].text, "page 00");
    }
}
