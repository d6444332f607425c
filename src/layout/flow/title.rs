//! The title block at the top of a handout: the clinic's logo, the title, the subtitle, who it
//! was prepared for, and an accent rule under them.

use std::sync::Arc;

use super::paragraph::{merge_rows, HEADING_LEADING};
use super::{Flow, Row, TextSpec};
use crate::document::{Document, Logo};
use crate::layout::page::{ImageItem, Item, LineItem};
use crate::layout::structure::{StructKind, StructTree};
use crate::layout::LayoutError;
use crate::style;

/// The logo's greatest height: a clinic's mark, not a banner that pushes the title down.
const LOGO_MAX_HEIGHT_IN: f32 = 0.9;
/// The logo's greatest width, for wide word-marks (also never wider than the text).
const LOGO_MAX_WIDTH_IN: f32 = 3.0;
/// Space between the logo and the title, in ems of the body size.
const LOGO_GAP_EM: f32 = 0.3;
/// Space between the title and the subtitle: close, they read as one unit.
const SUBTITLE_GAP_EM: f32 = 0.3;
/// Space above "Prepared for ...": a little apart from the title and subtitle.
const PREPARED_FOR_GAP_EM: f32 = 0.5;
/// The accent rule under the title block sits this far down its row...
const RULE_Y_PT: f32 = 8.0;
/// ...is this heavy (the house's accent weight, as under table headers)...
const RULE_WIDTH_PT: f32 = 2.0;
/// ...and its row is this tall, leaving a little air under the rule.
const RULE_ROW_PT: f32 = 10.0;

impl Flow<'_> {
    /// The title block: logo, title, subtitle, "prepared for" and the rule, kept together.
    pub(super) fn title_block(&mut self, doc: &Document) -> Result<(), LayoutError> {
        let x = self.style.margin_left_pt;
        if let Some(logo) = &doc.logo {
            let row = self.logo_row(logo);
            self.out.rows.push(row);
        }
        let node = self.tree.add(
            StructTree::ROOT,
            StructKind::Heading {
                level: 1,
                title: doc.title.clone(),
            },
        );
        let spec = TextSpec {
            size_pt: self.style.title_pt,
            leading: HEADING_LEADING,
            color: style::ACCENT,
            bold: true,
            ..self.body()
        };
        let rows = self.text_rows(&crate::document::private(&doc.title), spec, node, "title")?;
        let mut title = merge_rows(rows, "title");
        title.keep_with_previous = doc.logo.is_some();
        self.out.rows.push(title);
        if let Some(sub) = &doc.subtitle {
            let node = self.tree.add(StructTree::ROOT, StructKind::Paragraph);
            let spec = TextSpec {
                size_pt: self.style.subtitle_pt,
                leading: HEADING_LEADING,
                color: style::BLACK,
                ..self.body()
            };
            let mut row = merge_rows(
                self.text_rows(&crate::document::private(sub), spec, node, "subtitle")?,
                "subtitle",
            );
            row.space_before_pt = SUBTITLE_GAP_EM * self.style.body_pt;
            row.keep_with_previous = true;
            self.out.rows.push(row);
        }
        if let Some(name) = &doc.prepared_for {
            let node = self.tree.add(StructTree::ROOT, StructKind::Paragraph);
            let inl = crate::document::prepared_for(name, &doc.language);
            let mut row = merge_rows(
                self.text_rows(&inl, self.body(), node, "prepared for")?,
                "prepared for",
            );
            row.space_before_pt = PREPARED_FOR_GAP_EM * self.style.body_pt;
            row.keep_with_previous = true;
            self.out.rows.push(row);
        }
        let rule = LineItem {
            x1_pt: x,
            y1_pt: RULE_Y_PT,
            x2_pt: x + self.style.text_width_pt(),
            y2_pt: RULE_Y_PT,
            width_pt: RULE_WIDTH_PT,
            color: style::ACCENT,
        };
        let mut row = Row::new(RULE_ROW_PT, vec![Item::Line(rule)], "rule");
        row.keep_with_previous = true;
        row.lines = 0;
        self.out.rows.push(row);
        Ok(())
    }

    /// The clinic's logo, scaled to fit its box with its shape kept, tagged as a Figure.
    fn logo_row(&mut self, logo: &Arc<Logo>) -> Row {
        let node = self.tree.add(
            StructTree::ROOT,
            StructKind::Figure {
                alt: logo.alt.clone(),
            },
        );
        let max_h = LOGO_MAX_HEIGHT_IN * style::PT_PER_IN;
        let max_w = (LOGO_MAX_WIDTH_IN * style::PT_PER_IN).min(self.style.text_width_pt());
        let aspect = logo.width_px as f32 / logo.height_px.max(1) as f32;
        let (mut w, mut h) = (max_h * aspect, max_h);
        if w > max_w {
            w = max_w;
            h = max_w / aspect;
        }
        let item = ImageItem {
            x_pt: self.style.margin_left_pt,
            y_pt: 0.0,
            width_pt: w,
            height_pt: h,
            logo: logo.clone(),
            content: self.tree.content(node),
        };
        let mut row = Row::new(
            h + LOGO_GAP_EM * self.style.body_pt,
            vec![Item::Image(item)],
            "logo",
        );
        row.lines = 0;
        row
    }
}
