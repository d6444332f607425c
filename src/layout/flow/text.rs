//! Text helpers shared by the flow, pagination and the booklet's fixed pages: one-line labels,
//! measuring, paragraphs set outside the flow, and where a baseline sits in a row.

use crate::document::{InlineStyle, Inlines, StyledText};
use crate::layout::page::{Item, Mark, TextItem};
use crate::layout::structure::StructTree;
use crate::layout::tagging::{LineMarker, LineStyle};
use crate::layout::LayoutError;
use crate::style::Rgb;
use crate::text::{Breaker, BrokenLine, FontId};

/// Sets text on one line, however long (labels, footers, contents entries, measuring).
fn one_line(
    breaker: &Breaker,
    text: &str,
    bold: bool,
    size_pt: f32,
) -> Result<Vec<BrokenLine>, LayoutError> {
    let style = InlineStyle {
        bold,
        ..InlineStyle::default()
    };
    let spans = [StyledText::new(text, style)];
    Ok(breaker.break_paragraph(&spans, size_pt, f32::MAX)?)
}

/// Measures a single line of text, in points.
pub fn measure_pt(
    breaker: &Breaker,
    text: &str,
    bold: bool,
    size_pt: f32,
) -> Result<f32, LayoutError> {
    let lines = one_line(breaker, text, bold, size_pt)?;
    Ok(lines.iter().map(|l| l.width_pt).fold(0.0, f32::max))
}

/// A one-line text item (footers, labels, contents entries).
#[allow(clippy::too_many_arguments)]
pub fn line_item(
    breaker: &Breaker,
    text: &str,
    bold: bool,
    size_pt: f32,
    color: Rgb,
    x_pt: f32,
    baseline_pt: f32,
    mark: Mark,
) -> Result<TextItem, LayoutError> {
    let pieces = one_line(breaker, text, bold, size_pt)?
        .into_iter()
        .flat_map(|l| l.pieces)
        .collect();
    Ok(TextItem::new(
        x_pt,
        baseline_pt,
        size_pt,
        color,
        pieces,
        mark,
    ))
}

/// A paragraph set outside the flow (cover, contents, back cover).
#[derive(Debug, Clone, Copy)]
pub struct TextBlock {
    pub size_pt: f32,
    pub bold: bool,
    pub color: Rgb,
    pub x_pt: f32,
    pub width_pt: f32,
    pub leading: f32,
}

/// Sets inline text as lines under structure node `node`, starting at `top_pt`; returns the
/// items and the height used.
pub fn text_block(
    breaker: &Breaker,
    tree: &mut StructTree,
    node: usize,
    inl: &Inlines,
    spec: TextBlock,
    top_pt: f32,
) -> Result<(Vec<Item>, f32), LayoutError> {
    let spans: Vec<StyledText> = inl
        .iter()
        .map(|s| StyledText {
            style: InlineStyle {
                bold: spec.bold || s.style.bold,
                ..s.style
            },
            ..s.clone()
        })
        .collect();
    let lines = breaker.break_paragraph(&spans, spec.size_pt, spec.width_pt)?;
    let pitch = spec.leading * spec.size_pt;
    let base = baseline_offset_pt(breaker, spec.size_pt, spec.leading);
    let mut items = Vec::new();
    let mut y = top_pt;
    let mut marker = LineMarker::new(node, !spec.bold);
    for line in lines {
        let at = LineStyle {
            x_pt: spec.x_pt,
            baseline_pt: y + base,
            size_pt: spec.size_pt,
            color: spec.color,
        };
        items.extend(marker.line(tree, line, &spans, at));
        y += pitch;
    }
    Ok((items, y - top_pt))
}

/// Distance from a text row's top to its baseline, centring the font's box in the row.
pub fn baseline_offset_pt(breaker: &Breaker, size_pt: f32, leading: f32) -> f32 {
    let m = breaker.fonts().vmetrics(FontId::AtkinsonRegular);
    let box_pt = (m.ascender_em + m.descender_em) * size_pt;
    (leading * size_pt - box_pt) / 2.0 + m.ascender_em * size_pt
}

/// "2026-11-23" → "November 23, 2026" in the document's language.
pub fn human_date(date: &str, language: &str) -> String {
    crate::locale::words(language).date_in_words(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_words() {
        assert_eq!(human_date("2026-11-23", "en-US"), "November 23, 2026");
    }
}
