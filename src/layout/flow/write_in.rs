//! Write-in lines: ruled lines for the patient's own notes and questions.

use super::{Flow, Row};
use crate::layout::page::{Item, LineItem};
use crate::style;

/// Height of one write-in line: room for large handwriting.
pub(super) const WRITE_IN_PITCH_PT: f32 = 36.0;
/// The rule sits this far above the row's foot, so handwriting on it clears the next line.
const RULE_RAISE_PT: f32 = 4.0;
/// A light rule: a guide to write on, not a border.
const RULE_PT: f32 = 1.0;

impl Flow<'_> {
    pub(super) fn write_in(&mut self, lines: u32, x_pt: f32, width_pt: f32) -> Vec<Row> {
        (0..lines)
            .map(|i| {
                let y = WRITE_IN_PITCH_PT - RULE_RAISE_PT;
                let rule = LineItem {
                    x1_pt: x_pt,
                    y1_pt: y,
                    x2_pt: x_pt + width_pt,
                    y2_pt: y,
                    width_pt: RULE_PT,
                    color: style::RULE_GREY,
                };
                let mut row = Row::new(WRITE_IN_PITCH_PT, vec![Item::Line(rule)], "write-in line");
                row.keep_with_previous = i == 1;
                row
            })
            .collect()
    }
}
