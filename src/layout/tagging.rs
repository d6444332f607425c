//! How text is marked for the tag tree, so that it reads right to a listener: each bold run of
//! body text gets its own content id under a `Strong` element (one `Strong` for a run that wraps
//! onto the next line), the space at a soft line break stays in the text, and every callout box
//! is named by a heading.

use super::page::{Mark, TextItem};
use super::structure::{StructKind, StructTree};
use crate::document::{Block, CalloutKind, Inlines};
use crate::style::Rgb;
use crate::text::BrokenLine;

/// Where and how a line is drawn.
#[derive(Debug, Clone, Copy)]
pub struct LineStyle {
    pub x_pt: f32,
    pub baseline_pt: f32,
    pub size_pt: f32,
    pub color: Rgb,
}

/// Marks the lines of one paragraph (or heading, or cell) in order.
pub struct LineMarker {
    node: usize,
    /// Bold runs are emphasis (tagged `Strong`); false where the whole text is bold by design
    /// (headings, table headers).
    emphasis: bool,
    /// The `Strong` element a bold run that ended the previous line belongs to.
    open_strong: Option<usize>,
    /// The element the opening bold words go to instead (a callout box's name), until the first
    /// plain word.
    lead: Option<usize>,
}

impl LineMarker {
    pub fn new(node: usize, emphasis: bool) -> LineMarker {
        LineMarker {
            node,
            emphasis,
            open_strong: None,
            lead: None,
        }
    }

    /// Marks a paragraph whose opening bold words belong to `lead` (a heading) and the rest to
    /// `node`.
    pub fn with_lead(node: usize, lead: usize) -> LineMarker {
        LineMarker {
            lead: Some(lead),
            ..LineMarker::new(node, true)
        }
    }

    /// A text item for `line`, its runs given content ids under the marker's node.
    pub fn line(&mut self, tree: &mut StructTree, line: BrokenLine, at: LineStyle) -> TextItem {
        let bold: Vec<bool> = line
            .pieces
            .iter()
            .map(|p| self.emphasis && p.piece.font.is_bold())
            .collect();
        // runs of equal weight; a piece of white space joins the run before it
        let mut starts: Vec<(usize, bool)> = Vec::new();
        for (i, p) in line.pieces.iter().enumerate() {
            let blank = p.piece.text.trim().is_empty();
            match starts.last() {
                Some(&(_, b)) if b == bold[i] || blank => {}
                _ => starts.push((i, bold[i])),
            }
        }
        if starts.is_empty() {
            starts.push((0, false));
        }
        let mut marks = Vec::with_capacity(starts.len());
        for (k, &(start, is_bold)) in starts.iter().enumerate() {
            if !is_bold {
                self.lead = None;
            }
            let parent = match (is_bold, self.lead) {
                (true, Some(lead)) => lead,
                (true, None) => match self.open_strong.filter(|_| k == 0) {
                    Some(s) => s,
                    None => tree.add(self.node, StructKind::Strong),
                },
                (false, _) => self.node,
            };
            self.open_strong = (is_bold && self.lead.is_none()).then_some(parent);
            marks.push((start, Mark::Content(tree.content(parent))));
        }
        let mut item = TextItem::new(
            at.x_pt,
            at.baseline_pt,
            at.size_pt,
            at.color,
            line.pieces,
            marks[0].1,
        );
        item.runs = marks[1..].to_vec();
        item.end_space = line.end_space;
        item
    }
}

/// What names a callout box for a listener.
#[derive(Debug, Clone, PartialEq)]
pub enum BoxName<'a> {
    /// The box opens with a bold lead line ("Call right away if you have:"): it is the name.
    Lead(&'a Inlines),
    /// A name drawn at the top of the box.
    Text(String),
}

/// The accessible name of a callout box: its title (from the library's warnings), else the bold
/// words its first paragraph opens with, else its kind. When the box's first line already says
/// the name, that line is tagged as the heading; otherwise the name is drawn at the top.
pub fn box_name<'a>(kind: CalloutKind, title: Option<&str>, blocks: &'a [Block]) -> BoxName<'a> {
    let lead = match blocks.first() {
        Some(Block::Paragraph(inl)) if !bold_lead(inl).is_empty() => Some(inl),
        _ => None,
    };
    match (title, lead) {
        (Some(t), Some(inl)) if bold_lead(inl) == t.trim() => BoxName::Lead(inl),
        (Some(t), _) => BoxName::Text(t.trim().to_string()),
        (None, Some(inl)) => BoxName::Lead(inl),
        (None, None) => BoxName::Text(
            match kind {
                CalloutKind::Urgent => "Important",
                CalloutKind::Info => "Note",
            }
            .to_string(),
        ),
    }
}

/// The bold words a paragraph opens with ("" when it opens with plain text).
pub fn bold_lead(inl: &Inlines) -> String {
    let lead: String = inl
        .iter()
        .take_while(|s| s.style.bold || s.text.trim().is_empty())
        .map(|s| s.text.as_str())
        .collect();
    lead.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_is_named_by_its_title_its_bold_lead_or_its_kind() {
        let lead = Block::Paragraph(crate::document::bold("Call right away if you have:"));
        let mixed = Block::Paragraph(vec![
            crate::document::bold("Ask first.")[0].clone(),
            crate::document::plain(" Then wait.")[0].clone(),
        ]);
        let plain = Block::Paragraph(crate::document::plain("Just text."));
        let name = |t: Option<&str>, b: &[Block]| match box_name(CalloutKind::Urgent, t, b) {
            BoxName::Lead(inl) => format!("lead {}", bold_lead(inl)),
            BoxName::Text(s) => format!("drawn {s}"),
        };
        let title = Some("Call right away if you have:");
        assert_eq!(
            name(title, std::slice::from_ref(&lead)),
            "lead Call right away if you have:"
        );
        assert_eq!(
            name(Some("Spinal cord"), std::slice::from_ref(&lead)),
            "drawn Spinal cord"
        );
        assert_eq!(name(None, &[mixed]), "lead Ask first.");
        assert_eq!(name(None, std::slice::from_ref(&plain)), "drawn Important");
        assert!(matches!(
            box_name(CalloutKind::Info, None, &[plain]),
            BoxName::Text(t) if t == "Note"
        ));
    }
}
