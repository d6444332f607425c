//! How text is marked for the tag tree, so that it reads right to a listener: each bold run of
//! body text gets its own content id under a `Strong` element (one `Strong` for a run that wraps
//! onto the next line), a link's words go under a `Link` element with the link annotation drawn
//! over them on each line, the space at a soft line break stays in the text, and every callout
//! box is named by a heading.

use std::sync::Arc;

use super::page::{Item, LinkItem, LinkTarget, Mark, TextItem};
use super::structure::{StructKind, StructTree};
use super::tall_rows::{LINE_ABOVE_EM, LINE_BELOW_EM};
use crate::document::{Block, CalloutKind, Inlines, StyledText};
use crate::style::Rgb;
use crate::text::{BrokenLine, PlacedPiece};

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
    /// The `Link` element of the link the last run marked belongs to (its first span, the
    /// node), so a link that goes on (onto the next line, or from bold to plain words) stays one.
    open_link: Option<(usize, usize)>,
}

/// A run of a line's pieces with one mark: where it starts, whether it is bold emphasis, and
/// the link it belongs to (the index of the link's first span).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RunKey {
    start: usize,
    bold: bool,
    link: Option<usize>,
}

impl LineMarker {
    pub fn new(node: usize, emphasis: bool) -> LineMarker {
        LineMarker {
            node,
            emphasis,
            open_strong: None,
            lead: None,
            open_link: None,
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

    /// The items for `line` (set from `spans`): the text item, its runs given content ids under
    /// the marker's node, then one link area per link the line holds.
    pub fn line(
        &mut self,
        tree: &mut StructTree,
        line: BrokenLine,
        spans: &[StyledText],
        at: LineStyle,
    ) -> Vec<Item> {
        let groups = link_groups(spans);
        let keys = self.run_keys(&line.pieces, &groups);
        let mut marks = Vec::with_capacity(keys.len());
        // each link on the line: (its first span, its Link element) and the pieces it covers
        let mut pieces_of_links: Vec<((usize, usize), std::ops::Range<usize>)> = Vec::new();
        for (k, key) in keys.iter().enumerate() {
            if !key.bold || key.link.is_some() {
                self.lead = None;
            }
            let (parent, link) = match key.link {
                Some(first) => {
                    let link = self.link_node(tree, first);
                    let parent = match key.bold {
                        true => tree.add(link, StructKind::Strong),
                        false => link,
                    };
                    (parent, Some((first, link)))
                }
                None => (self.text_node(tree, key.bold, k == 0), None),
            };
            self.open_link = link;
            marks.push((key.start, Mark::Content(tree.content(parent))));
            let end = keys.get(k + 1).map_or(line.pieces.len(), |n| n.start);
            match (link, pieces_of_links.last_mut()) {
                // a link's bold and plain words on one line share one area
                (Some(l), Some((last, range))) if *last == l => range.end = end,
                (Some(l), _) => pieces_of_links.push((l, key.start..end)),
                (None, _) => {}
            }
        }
        // the link's words come before its annotation in the Link element
        let mut links = Vec::new();
        for ((first, link), range) in pieces_of_links {
            let pieces = &line.pieces[range];
            if let Some(area) = link_area(tree, link, pieces, spans, first, at) {
                links.push(Item::Link(area));
            }
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
        let mut items = vec![Item::Text(item)];
        items.extend(links);
        items
    }

    /// The line's runs: pieces of equal weight and link; a piece of white space joins the run
    /// before it.
    fn run_keys(&self, pieces: &[PlacedPiece], groups: &[Option<usize>]) -> Vec<RunKey> {
        let mut keys: Vec<RunKey> = Vec::new();
        for (i, p) in pieces.iter().enumerate() {
            let key = RunKey {
                start: i,
                bold: self.emphasis && p.piece.font.is_bold(),
                link: groups.get(p.span).copied().flatten(),
            };
            let blank = p.piece.text.trim().is_empty();
            match keys.last() {
                Some(last) if (last.bold, last.link) == (key.bold, key.link) || blank => {}
                _ => keys.push(key),
            }
        }
        if keys.is_empty() {
            keys.push(RunKey {
                start: 0,
                bold: false,
                link: None,
            });
        }
        keys
    }

    /// The element a run outside links goes to: the lead, a `Strong` (the one open from the
    /// previous line when the run opens this line), or the marker's node.
    fn text_node(&mut self, tree: &mut StructTree, bold: bool, opens_line: bool) -> usize {
        let parent = match (bold, self.lead) {
            (true, Some(lead)) => lead,
            (true, None) => match self.open_strong.filter(|_| opens_line) {
                Some(s) => s,
                None => tree.add(self.node, StructKind::Strong),
            },
            (false, _) => self.node,
        };
        self.open_strong = (bold && self.lead.is_none()).then_some(parent);
        parent
    }

    /// The `Link` element for the link starting at span `first`: the one the run before (on
    /// this line or at the end of the previous one) belongs to when it is the same link, else a
    /// new one.
    fn link_node(&mut self, tree: &mut StructTree, first: usize) -> usize {
        self.open_strong = None;
        match self.open_link.filter(|&(f, _)| f == first) {
            Some((_, node)) => node,
            None => tree.add(self.node, StructKind::Link),
        }
    }
}

/// For each span, the link it belongs to: the index of the first span of the run of spans with
/// the same address (None outside links).
fn link_groups(spans: &[StyledText]) -> Vec<Option<usize>> {
    let mut out = Vec::with_capacity(spans.len());
    for (i, s) in spans.iter().enumerate() {
        let group = match (&s.link, i.checked_sub(1).map(|p| (&spans[p].link, out[p]))) {
            (None, _) => None,
            (Some(a), Some((Some(b), g))) if a == b => g,
            (Some(_), _) => Some(i),
        };
        out.push(group);
    }
    out
}

/// The link area over a link's words on one line (`pieces`, white space at either end left
/// out), its annotation tagged under `link`; None when the run has no ink.
fn link_area(
    tree: &mut StructTree,
    link: usize,
    pieces: &[PlacedPiece],
    spans: &[StyledText],
    first: usize,
    at: LineStyle,
) -> Option<LinkItem> {
    let inked = |p: &&PlacedPiece| !p.piece.text.trim().is_empty();
    let start = pieces.iter().find(inked)?;
    let end = pieces.iter().rev().find(inked)?;
    let uri: Arc<str> = spans.get(first)?.link.clone()?;
    let alt: String = spans[first..]
        .iter()
        .take_while(|s| s.link.as_ref() == Some(&uri))
        .map(|s| s.text.as_str())
        .collect();
    let x0 = at.x_pt + start.x_pt;
    let x1 = at.x_pt + end.x_pt + end.piece.width_em * at.size_pt;
    Some(LinkItem {
        x_pt: x0,
        y_pt: at.baseline_pt - LINE_ABOVE_EM * at.size_pt,
        width_pt: x1 - x0,
        height_pt: (LINE_ABOVE_EM + LINE_BELOW_EM) * at.size_pt,
        target: LinkTarget::Uri(uri),
        content: tree.content(link),
        alt: alt.split_whitespace().collect::<Vec<_>>().join(" "),
    })
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
