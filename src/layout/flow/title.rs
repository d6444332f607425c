//! The title block at the top of a handout: the clinic's logo, the title, the subtitle, who it
//! was prepared for, and an accent rule under them.

use super::paragraph::{merge_rows, HEADING_LEADING};
use super::{Flow, Row, TextSpec};
use crate::document::Document;
use crate::layout::page::{ImageItem, Item, LineItem};
use crate::layout::structure::{StructKind, StructTree};
use crate::layout::LayoutError;
use crate::style;

impl Flow<'_> {
    pub(super) fn title_block(&mut self, doc: &Document) -> Result<(), LayoutError> {
        let x = self.style.margin_left_pt;
        if let Some(logo) = &doc.logo {
            let node = self.tree.add(
                StructTree::ROOT,
                StructKind::Figure {
                    alt: logo.alt.clone(),
                },
            );
            let max_h = 0.9 * style::PT_PER_IN;
            let max_w = (3.0 * style::PT_PER_IN).min(self.style.text_width_pt());
            let aspect = logo.width_px as f32 / logo.height_px.max(1) as f32;
            let (mut w, mut h) = (max_h * aspect, max_h);
            if w > max_w {
                w = max_w;
                h = max_w / aspect;
            }
            let item = ImageItem {
                x_pt: x,
                y_pt: 0.0,
                width_pt: w,
                height_pt: h,
                logo: logo.clone(),
                content: self.tree.content(node),
            };
            let mut row = Row::new(
                h + 0.3 * self.style.body_pt,
                vec![Item::Image(item)],
                "logo",
            );
            row.lines = 0;
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
        let rows = self.text_rows(&crate::document::plain(&doc.title), spec, node, "title")?;
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
                self.text_rows(&crate::document::plain(sub), spec, node, "subtitle")?,
                "subtitle",
            );
            row.space_before_pt = 0.3 * self.style.body_pt;
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
            row.space_before_pt = 0.5 * self.style.body_pt;
            row.keep_with_previous = true;
            self.out.rows.push(row);
        }
        let rule = LineItem {
            x1_pt: x,
            y1_pt: 8.0,
            x2_pt: x + self.style.text_width_pt(),
            y2_pt: 8.0,
            width_pt: 2.0,
            color: style::ACCENT,
        };
        let mut row = Row::new(10.0, vec![Item::Line(rule)], "rule");
        row.keep_with_previous = true;
        row.lines = 0;
        self.out.rows.push(row);
        Ok(())
    }
}
