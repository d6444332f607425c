//! The page model: what is drawn where, in points from the page's top-left corner, and how each
//! item is tagged (structure content, or an artifact such as a footer or a rule).

use std::sync::Arc;

use super::structure::{ContentId, StructKind, StructTree};
use crate::document::Logo;
use crate::pictogram::Pictogram;
use crate::style::Rgb;
use crate::text::PlacedPiece;

/// Why an item is not content (the artifact's type in the tagged PDF).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArtifactKind {
    /// The page footer: "Page N of M", the clinic's name and phone.
    Footer,
    /// Other page furniture: a table's header row repeated on the page it continues on.
    Pagination,
    /// Decoration: rules, tinted boxes, dot leaders, write-in lines.
    Layout,
}

/// How an item is marked in the tagged PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Content(ContentId),
    Artifact(ArtifactKind),
}

/// One line of text: glyph runs on one baseline.
#[derive(Debug, Clone)]
pub struct TextItem {
    pub x_pt: f32,
    pub baseline_pt: f32,
    pub size_pt: f32,
    pub color: Rgb,
    pub pieces: Vec<PlacedPiece>,
    /// How the line (from its first piece) is marked.
    pub mark: Mark,
    /// Further marks within the line: from piece `.0` on, the text is marked `.1` (a bold run
    /// has its own content id, under a `Strong` element).
    pub runs: Vec<(usize, Mark)>,
    /// A space drawn after the last piece at a soft line break (no ink): see
    /// [`crate::text::BrokenLine::end_space`].
    pub end_space: Option<PlacedPiece>,
}

impl TextItem {
    /// A line with one mark and no end space.
    pub fn new(
        x_pt: f32,
        baseline_pt: f32,
        size_pt: f32,
        color: Rgb,
        pieces: Vec<PlacedPiece>,
        mark: Mark,
    ) -> TextItem {
        TextItem {
            x_pt,
            baseline_pt,
            size_pt,
            color,
            pieces,
            mark,
            runs: Vec::new(),
            end_space: None,
        }
    }

    /// Every mark of the line with the range of pieces it covers.
    pub fn marked_runs(&self) -> Vec<(std::ops::Range<usize>, Mark)> {
        let mut starts: Vec<(usize, Mark)> = vec![(0, self.mark)];
        starts.extend(self.runs.iter().copied());
        let n = self.pieces.len();
        (0..starts.len())
            .map(|i| {
                let end = starts.get(i + 1).map_or(n, |s| s.0);
                (starts[i].0..end, starts[i].1)
            })
            .collect()
    }

    /// Turns every mark of the line into an artifact of `kind` (a repeated table header).
    pub fn make_artifact(&mut self, kind: ArtifactKind) {
        self.mark = Mark::Artifact(kind);
        self.runs.clear();
    }

    pub fn text(&self) -> String {
        self.pieces.iter().map(|p| p.piece.text.as_ref()).collect()
    }

    pub fn width_pt(&self) -> f32 {
        self.pieces
            .last()
            .map(|p| p.x_pt + p.piece.width_em * self.size_pt)
            .unwrap_or(0.0)
    }
}

/// A filled and/or stroked rectangle (always an artifact).
#[derive(Debug, Clone, PartialEq)]
pub struct RectItem {
    pub x_pt: f32,
    pub y_pt: f32,
    pub width_pt: f32,
    pub height_pt: f32,
    pub fill: Option<Rgb>,
    pub stroke: Option<(Rgb, f32)>,
}

/// A straight rule (always an artifact).
#[derive(Debug, Clone, PartialEq)]
pub struct LineItem {
    pub x1_pt: f32,
    pub y1_pt: f32,
    pub x2_pt: f32,
    pub y2_pt: f32,
    pub width_pt: f32,
    pub color: Rgb,
}

/// A drawn symbol that is content, read as `text` (a question list's check box, read as
/// "check box", in the document's language).
#[derive(Debug, Clone, PartialEq)]
pub struct SymbolItem {
    pub rect: RectItem,
    pub text: String,
    pub content: ContentId,
}

/// A placed image with its alt text in the structure.
#[derive(Debug, Clone)]
pub struct ImageItem {
    pub x_pt: f32,
    pub y_pt: f32,
    pub width_pt: f32,
    pub height_pt: f32,
    pub logo: Arc<Logo>,
    pub content: ContentId,
}

/// A placed pictogram: a square of `size_pt` whose top-left corner is at (`x_pt`, `y_pt`).
/// As content (`Mark::Content`) it is a Figure in the structure, carrying the pictogram's alt
/// text; as an artifact it is decoration the reader skips (use that only when the words beside
/// it already say the same thing). Keep `size_pt` at 36 (0.5 in) or more.
#[derive(Debug, Clone, PartialEq)]
pub struct PictogramItem {
    pub pictogram: Pictogram,
    pub x_pt: f32,
    pub y_pt: f32,
    pub size_pt: f32,
    pub mark: Mark,
}

impl PictogramItem {
    /// The smallest size a pictogram is placed at: 0.5 in.
    pub const MIN_SIZE_PT: f32 = 36.0;

    /// A pictogram tagged as a Figure with its English alt text, added under `parent` in `tree`.
    pub fn tagged(
        pictogram: Pictogram,
        x_pt: f32,
        y_pt: f32,
        size_pt: f32,
        tree: &mut StructTree,
        parent: usize,
    ) -> PictogramItem {
        PictogramItem::tagged_in(pictogram, "en", x_pt, y_pt, size_pt, tree, parent)
    }

    /// A pictogram tagged as a Figure with its alt text in the document's `language` (a tag
    /// such as "es-US"), added under `parent` in `tree`.
    pub fn tagged_in(
        pictogram: Pictogram,
        language: &str,
        x_pt: f32,
        y_pt: f32,
        size_pt: f32,
        tree: &mut StructTree,
        parent: usize,
    ) -> PictogramItem {
        let node = tree.add(
            parent,
            StructKind::Figure {
                alt: pictogram.alt_text_in(language).to_string(),
            },
        );
        PictogramItem {
            pictogram,
            x_pt,
            y_pt,
            size_pt,
            mark: Mark::Content(tree.content(node)),
        }
    }
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    /// A place in the document (booklet contents): a page index and a height on it.
    Place { page: usize, y_pt: f32 },
    /// A web, mail or phone address (`https:`, `mailto:`, `tel:`), from a Markdown link.
    Uri(Arc<str>),
}

/// A clickable area: a link annotation over words drawn on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkItem {
    pub x_pt: f32,
    pub y_pt: f32,
    pub width_pt: f32,
    pub height_pt: f32,
    pub target: LinkTarget,
    pub content: ContentId,
    pub alt: String,
}

#[derive(Debug, Clone)]
pub enum Item {
    Text(TextItem),
    Rect(RectItem),
    Line(LineItem),
    Image(ImageItem),
    Pictogram(PictogramItem),
    Link(LinkItem),
    Symbol(SymbolItem),
}

impl Item {
    /// Moves every content id the item carries up by `by` (a part of the structure tree grafted
    /// after others: see [`super::StructTree::graft`]).
    pub fn offset_content(&mut self, by: u32) {
        let bump = |m: &mut Mark| {
            if let Mark::Content(id) = m {
                id.0 += by;
            }
        };
        match self {
            Item::Text(t) => {
                bump(&mut t.mark);
                t.runs.iter_mut().for_each(|(_, m)| bump(m));
            }
            Item::Image(i) => i.content.0 += by,
            Item::Pictogram(p) => bump(&mut p.mark),
            Item::Link(k) => k.content.0 += by,
            Item::Symbol(s) => s.content.0 += by,
            Item::Rect(_) | Item::Line(_) => {}
        }
    }

    /// Moves the item down by `dy_pt` and right by `dx_pt`.
    pub fn shift(&mut self, dx_pt: f32, dy_pt: f32) {
        match self {
            Item::Text(t) => {
                t.x_pt += dx_pt;
                t.baseline_pt += dy_pt;
            }
            Item::Rect(r) => {
                r.x_pt += dx_pt;
                r.y_pt += dy_pt;
            }
            Item::Line(l) => {
                l.x1_pt += dx_pt;
                l.x2_pt += dx_pt;
                l.y1_pt += dy_pt;
                l.y2_pt += dy_pt;
            }
            Item::Image(i) => {
                i.x_pt += dx_pt;
                i.y_pt += dy_pt;
            }
            Item::Pictogram(p) => {
                p.x_pt += dx_pt;
                p.y_pt += dy_pt;
            }
            Item::Link(k) => {
                k.x_pt += dx_pt;
                k.y_pt += dy_pt;
            }
            Item::Symbol(s) => {
                s.rect.x_pt += dx_pt;
                s.rect.y_pt += dy_pt;
            }
        }
    }
}

/// One page.
#[derive(Debug, Clone)]
pub struct Page {
    pub width_pt: f32,
    pub height_pt: f32,
    pub items: Vec<Item>,
}

impl Page {
    /// The text lines of the page in drawing order (for tests and checks).
    pub fn text_lines(&self) -> impl Iterator<Item = &TextItem> {
        self.items.iter().filter_map(|i| match i {
            Item::Text(t) => Some(t),
            _ => None,
        })
    }
}
