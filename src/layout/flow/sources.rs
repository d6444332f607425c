//! The closing "About this handout" section: the sources the text draws on and the date it was
//! last reviewed.

use super::list::BULLET_INDENT_EM;
use super::text::line_item;
use super::{Flow, Row, TextSpec};
use crate::document::{Document, Inlines};
use crate::layout::page::{Item, Mark};
use crate::layout::structure::{ListLabels, StructKind, StructTree};
use crate::layout::{LayoutError, LayoutOptions};
use crate::style;

/// Space above the first source, under the line that introduces the list.
const FIRST_SOURCE_GAP_EM: f32 = 0.3;
/// Space between sources: a small list in small print, kept compact.
const SOURCE_GAP_EM: f32 = 0.2;

impl Flow<'_> {
    /// The "About this handout" section, when the document has sources or a review date.
    pub(super) fn sources_block(
        &mut self,
        doc: &Document,
        options: &LayoutOptions,
    ) -> Result<(), LayoutError> {
        if doc.sources.is_empty() && doc.reviewed.is_none() {
            return Ok(());
        }
        let node = self.tree.add(StructTree::ROOT, StructKind::Section);
        let words = crate::locale::words(&doc.language);
        let mut head = self.heading(&words.about_heading, 2, node, true)?;
        head.break_before = options.section_per_page;
        self.push_rows(vec![head]);
        let small = TextSpec {
            size_pt: self.style.small_pt,
            ..self.body()
        };
        let mut rows = Vec::new();
        if !doc.sources.is_empty() {
            let lead = crate::document::plain(&words.sources_lead);
            rows.append(&mut self.source_rows(&lead, &doc.sources, small, node)?);
        }
        if let Some(date) = &doc.reviewed {
            let p = self.tree.add(node, StructKind::Paragraph);
            let date = words.date_in_words(date);
            let mut text = crate::locale::fill(&words.reviewed, &[("date", &date)]);
            if let Some(v) = &doc.version {
                text.push(' ');
                text.push_str(&crate::locale::fill(
                    &words.content_version,
                    &[("version", v)],
                ));
            }
            let mut r = self.text_rows(&crate::document::plain(&text), small, p, "paragraph")?;
            if let Some(f) = r.first_mut() {
                f.space_before_pt = self.style.paragraph_gap_pt;
            }
            rows.append(&mut r);
        }
        self.push_rows(rows);
        Ok(())
    }

    /// The line that introduces the sources, then the sources as a bulleted list in small print.
    fn source_rows(
        &mut self,
        lead: &Inlines,
        sources: &[String],
        small: TextSpec,
        node: usize,
    ) -> Result<Vec<Row>, LayoutError> {
        let mut rows = Vec::new();
        let p = self.tree.add(node, StructKind::Paragraph);
        let mut r = self.text_rows(lead, small, p, "paragraph")?;
        if let Some(f) = r.first_mut() {
            f.space_before_pt = self.style.paragraph_gap_pt;
        }
        rows.append(&mut r);
        let list = self.tree.add(
            node,
            StructKind::List {
                labels: ListLabels::Bullet,
            },
        );
        let indent = BULLET_INDENT_EM * small.size_pt;
        for (i, s) in sources.iter().enumerate() {
            let li = self.tree.add(list, StructKind::ListItem);
            let lbl = self.tree.add(li, StructKind::Label);
            let body = self.tree.add(li, StructKind::ListBody);
            let p = self.tree.add(body, StructKind::Paragraph);
            let spec = TextSpec {
                x_pt: small.x_pt + indent,
                width_pt: small.width_pt - indent,
                ..small
            };
            let mut r = self.text_rows(&crate::document::plain(s), spec, p, "paragraph")?;
            // a source is never cut across pages: each page of the list starts with an entry
            r.iter_mut()
                .skip(1)
                .for_each(|row| row.keep_with_previous = true);
            if let Some(first) = r.first_mut() {
                let base = first
                    .items
                    .iter()
                    .find_map(|it| {
                        if let Item::Text(t) = it {
                            Some(t.baseline_pt)
                        } else {
                            None
                        }
                    })
                    .unwrap_or(0.0);
                let mark = Mark::Content(self.tree.content(lbl));
                first.items.insert(
                    0,
                    Item::Text(line_item(
                        self.breaker,
                        "•",
                        true,
                        small.size_pt,
                        style::BLACK,
                        small.x_pt,
                        base,
                        mark,
                    )?),
                );
                first.space_before_pt = if i == 0 {
                    FIRST_SOURCE_GAP_EM * small.size_pt
                } else {
                    SOURCE_GAP_EM * small.size_pt
                };
            }
            rows.append(&mut r);
        }
        Ok(rows)
    }
}
