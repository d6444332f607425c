//! Tables: column widths shared by the text each column holds, a tinted header row repeated on
//! every page the table continues on, and breaks only with enough rows on each side.

use super::text::measure_pt;
use super::write_in::WRITE_IN_PITCH_PT;
use super::{Flow, Row, TextSpec};
use crate::document::Inlines;
use crate::layout::page::{ArtifactKind, Item, LineItem, RectItem};
use crate::layout::structure::StructKind;
use crate::layout::LayoutError;
use crate::style;

/// A table splits only with at least this many body rows on each side of the break.
const TABLE_ROWS_EACH_SIDE: usize = 3;
/// Inner padding of table cells, as a fraction of the text size: keeps text off the rules.
const CELL_PAD_EM: f32 = 0.35;
/// The accent rule under the header row: heavy enough to read as the table's top edge.
const HEADER_RULE_PT: f32 = 2.0;
/// The thin grey rule between body rows: separates rows without competing with the text.
const ROW_RULE_PT: f32 = 1.0;
/// Guards the share of spare width against dividing by zero when no column wants more.
const NONZERO_PT: f32 = 0.001;

impl Flow<'_> {
    pub(super) fn table(
        &mut self,
        header: &[Inlines],
        body: &[Vec<Inlines>],
        x_pt: f32,
        width_pt: f32,
        parent: usize,
    ) -> Result<Vec<Row>, LayoutError> {
        let size = self.style.body_pt.max(style::SMALL_FLOOR_PT);
        let pad = CELL_PAD_EM * size;
        let ncols = header
            .len()
            .max(body.iter().map(Vec::len).max().unwrap_or(0))
            .max(1);
        // natural and minimum widths per column
        let mut natural = vec![0.0f32; ncols];
        let mut minimum = vec![0.0f32; ncols];
        for (r, row) in std::iter::once(header)
            .chain(body.iter().map(Vec::as_slice))
            .enumerate()
        {
            for (c, cell) in row.iter().enumerate().take(ncols) {
                let text = crate::document::plain_text(cell);
                let bold = r == 0 || cell.iter().all(|s| s.style.bold);
                natural[c] =
                    natural[c].max(measure_pt(self.breaker, &text, bold, size)? + 2.0 * pad);
                for word in text.split_whitespace() {
                    minimum[c] =
                        minimum[c].max(measure_pt(self.breaker, word, bold, size)? + 2.0 * pad);
                }
            }
        }
        let widths = column_widths(&natural, &minimum, width_pt);
        let table = self.tree.add(parent, StructKind::Table);
        let head = self.tree.add(table, StructKind::TableHead);
        let head_row = self.table_row(header, &widths, x_pt, size, true, head)?;
        let header_index = self.out.table_headers.len();
        let mut copy = head_row.clone();
        // a link's annotation is made once, where the header is first drawn
        copy.items.retain(|item| !matches!(item, Item::Link(_)));
        for item in &mut copy.items {
            if let Item::Text(t) = item {
                t.make_artifact(ArtifactKind::Pagination);
            }
        }
        self.out.table_headers.push(copy);
        let mut rows = vec![head_row];
        let tbody = self.tree.add(table, StructKind::TableBody);
        for cells in body {
            let mut row = self.table_row(cells, &widths, x_pt, size, false, tbody)?;
            row.table = Some(header_index);
            rows.push(row);
        }
        let height_pt: f32 = rows.iter().map(|r| r.height_pt).sum();
        let fits_a_page = height_pt <= self.page_body_pt;
        let n = body.len();
        for (i, row) in rows.iter_mut().enumerate().skip(1) {
            // a table splits only with at least three body rows on each side; one that fits
            // on a page moves whole unless that would leave the page more than 40% empty
            let body_index = i - 1;
            let may_split =
                body_index >= TABLE_ROWS_EACH_SIDE && n - body_index >= TABLE_ROWS_EACH_SIDE;
            // a table taller than a page must split: where three rows each side cannot be
            // kept, any row but the first may start a page (a last resort)
            let short = n < 2 * TABLE_ROWS_EACH_SIDE;
            let forced = !fits_a_page && short && body_index > 0;
            row.keep_with_previous = !(may_split || forced);
            row.avoid_break_before = may_split && fits_a_page;
        }
        Ok(rows)
    }

    pub(super) fn table_row(
        &mut self,
        cells: &[Inlines],
        widths: &[f32],
        x_pt: f32,
        size: f32,
        header: bool,
        parent: usize,
    ) -> Result<Row, LayoutError> {
        let pad = CELL_PAD_EM * size;
        let tr = self.tree.add(parent, StructKind::TableRow);
        let mut items = Vec::new();
        let mut height: f32 = 0.0;
        let mut x = x_pt;
        for (c, w) in widths.iter().enumerate() {
            let kind = if header {
                StructKind::TableHeaderCell
            } else {
                StructKind::TableCell
            };
            let cell = self.tree.add(tr, kind);
            let empty = Vec::new();
            let inl = cells.get(c).unwrap_or(&empty);
            let spec = TextSpec {
                size_pt: size,
                leading: self.style.leading,
                color: style::BLACK,
                bold: header,
                x_pt: x + pad,
                width_pt: w - 2.0 * pad,
            };
            let rows = self.text_rows(inl, spec, cell, "table cell")?;
            let mut y = pad;
            for r in rows {
                for mut it in r.items {
                    it.shift(0.0, y);
                    items.push(it);
                }
                y += r.height_pt;
            }
            height = height.max(y + pad);
            x += w;
        }
        // a body row with every cell empty is a write-in row (a worksheet): tall enough to write in
        let blank = |c: &Inlines| crate::document::plain_text(c).trim().is_empty();
        if !header && cells.iter().all(blank) {
            height = height.max(WRITE_IN_PITCH_PT);
        }
        let total_w: f32 = widths.iter().sum();
        let mut deco = Vec::new();
        if header {
            deco.push(Item::Rect(RectItem {
                x_pt,
                y_pt: 0.0,
                width_pt: total_w,
                height_pt: height,
                fill: Some(style::TABLE_HEAD_TINT),
                stroke: None,
            }));
        }
        let (rule_w, rule_c) = if header {
            (HEADER_RULE_PT, style::ACCENT)
        } else {
            (ROW_RULE_PT, style::RULE_GREY)
        };
        deco.push(Item::Line(LineItem {
            x1_pt: x_pt,
            y1_pt: height,
            x2_pt: x_pt + total_w,
            y2_pt: height,
            width_pt: rule_w,
            color: rule_c,
        }));
        deco.append(&mut items);
        let mut row = Row::new(
            height,
            deco,
            if header {
                "table header row"
            } else {
                "table row"
            },
        );
        row.lines = 2;
        Ok(row)
    }
}

/// Shares the table width among columns: each gets at least its longest word, and what is left
/// goes where the text is longest.
fn column_widths(natural: &[f32], minimum: &[f32], total: f32) -> Vec<f32> {
    let sum_nat: f32 = natural.iter().sum();
    let sum_min: f32 = minimum.iter().sum();
    if sum_nat <= total {
        let extra = (total - sum_nat) / natural.len() as f32;
        return natural.iter().map(|n| n + extra).collect();
    }
    if sum_min >= total {
        return minimum.iter().map(|m| m / sum_min * total).collect();
    }
    let want: Vec<f32> = natural.iter().zip(minimum).map(|(n, m)| n - m).collect();
    let sum_want: f32 = want.iter().sum();
    let spare = total - sum_min;
    minimum
        .iter()
        .zip(&want)
        .map(|(m, w)| m + spare * w / sum_want.max(NONZERO_PT))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fill_the_width_and_respect_minimums() {
        let w = column_widths(&[100.0, 200.0], &[50.0, 60.0], 468.0);
        assert!((w.iter().sum::<f32>() - 468.0).abs() < 0.01);
        let w = column_widths(&[300.0, 400.0], &[100.0, 80.0], 468.0);
        assert!((w.iter().sum::<f32>() - 468.0).abs() < 0.01);
        assert!(w[0] >= 100.0 && w[1] >= 80.0);
    }
}
