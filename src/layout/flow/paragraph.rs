//! Paragraphs and headings: inline text broken into lines, one row per line, with widow and
//! orphan control; a heading is one unbreakable row that keeps the lines after it.

use super::text::baseline_offset_pt;
use super::{Flow, Row, TextSpec};
use crate::document::{InlineStyle, Inlines, StyledText};
use crate::layout::structure::StructKind;
use crate::layout::tagging::{LineMarker, LineStyle};
use crate::layout::LayoutError;
use crate::style;

/// Line pitch of headings, as a multiple of their size (tighter than body text).
pub(super) const HEADING_LEADING: f32 = 1.2;
/// Space above a section heading, in ems of the body size: more than a paragraph gap, so the
/// heading belongs to what follows it, not to what came before.
const SECTION_SPACE_EM: f32 = 1.3;
/// Space above a sub-heading: less than above a section, so the levels read apart.
const SUB_HEADING_SPACE_EM: f32 = 0.9;

impl Flow<'_> {
    /// Rows for a paragraph of inline text, one per line, with widow and orphan control.
    pub(super) fn text_rows(
        &mut self,
        inl: &Inlines,
        spec: TextSpec,
        node: usize,
        what: &str,
    ) -> Result<Vec<Row>, LayoutError> {
        self.marked_rows(inl, spec, LineMarker::new(node, !spec.bold), what)
    }

    /// Rows for a paragraph whose lines `marker` tags.
    pub(super) fn marked_rows(
        &mut self,
        inl: &Inlines,
        spec: TextSpec,
        mut marker: LineMarker,
        what: &str,
    ) -> Result<Vec<Row>, LayoutError> {
        let spans: Vec<StyledText> = if spec.bold || self.private {
            inl.iter()
                .map(|s| StyledText {
                    style: InlineStyle {
                        bold: spec.bold || s.style.bold,
                        private: self.private || s.style.private,
                    },
                    ..s.clone()
                })
                .collect()
        } else {
            inl.clone()
        };
        let lines = self
            .breaker
            .break_paragraph(&spans, spec.size_pt, spec.width_pt)?;
        let pitch = spec.leading * spec.size_pt;
        let base = baseline_offset_pt(self.breaker, spec.size_pt, spec.leading);
        let n = lines.len();
        let mut rows = Vec::with_capacity(n);
        for (k, line) in lines.into_iter().enumerate() {
            let at = LineStyle {
                x_pt: spec.x_pt,
                baseline_pt: base,
                size_pt: spec.size_pt,
                color: spec.color,
            };
            let items = marker.line(self.tree, line, &spans, at);
            let mut row = Row::new(pitch, items, what);
            // no orphan (first line alone at a page foot), no widow (last line alone at a head)
            row.keep_with_previous = k == 1 || (k > 0 && k + 1 == n);
            rows.push(row);
        }
        Ok(rows)
    }

    pub(super) fn heading(
        &mut self,
        title: &str,
        level: u8,
        parent: usize,
        space: bool,
    ) -> Result<Row, LayoutError> {
        let size = match level {
            1 => self.style.title_pt,
            2 => self.style.h2_pt,
            _ => self.style.h3_pt,
        };
        self.level = level;
        let node = self.tree.add(
            parent,
            StructKind::Heading {
                level,
                title: title.to_string(),
            },
        );
        let spec = TextSpec {
            size_pt: size,
            leading: HEADING_LEADING,
            color: style::ACCENT,
            bold: true,
            ..self.body()
        };
        let rows = self.text_rows(&crate::document::plain(title), spec, node, "heading")?;
        let mut row = merge_rows(rows, "heading");
        row.space_before_pt = if space {
            if level == 2 {
                SECTION_SPACE_EM * self.style.body_pt
            } else {
                SUB_HEADING_SPACE_EM * self.style.body_pt
            }
        } else {
            0.0
        };
        if level >= 2 {
            row.outline = Some((level - 1, title.to_string()));
        }
        row.lines = 1;
        Ok(row)
    }
}

/// Joins rows into one unbreakable row (a multi-line heading).
pub(super) fn merge_rows(rows: Vec<Row>, what: &str) -> Row {
    let mut items = Vec::new();
    let mut y = 0.0;
    for r in rows {
        for mut it in r.items {
            it.shift(0.0, y);
            items.push(it);
        }
        y += r.height_pt;
    }
    Row::new(y, items, what)
}
