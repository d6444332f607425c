//! The tag tree: the layout's structure tree becomes krilla tag groups, each leaf the content
//! drawn for it. Figures and tables get the bounding box of what was drawn for them when it is
//! all on one page (PDF 1.7 §14.8.5.4.3 asks for it only then).

use std::collections::HashMap;
use std::num::NonZeroU16;

use krilla::geom::Rect;
use krilla::tagging::{
    BBox, Identifier, ListNumbering, Node, TableHeaderScope, Tag, TagGroup, TagKind,
};

use crate::layout::{ContentId, ListLabels, StructChild, StructKind, StructTree};

/// A drawn box, in points from the page's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    x0_pt: f32,
    y0_pt: f32,
    x1_pt: f32,
    y1_pt: f32,
}

impl Extent {
    pub fn new(x0_pt: f32, y0_pt: f32, x1_pt: f32, y1_pt: f32) -> Extent {
        Extent {
            x0_pt,
            y0_pt,
            x1_pt,
            y1_pt,
        }
    }

    fn union(self, o: Extent) -> Extent {
        Extent::new(
            self.x0_pt.min(o.x0_pt),
            self.y0_pt.min(o.y0_pt),
            self.x1_pt.max(o.x1_pt),
            self.y1_pt.max(o.y1_pt),
        )
    }
}

/// Where a structure element's content lies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Area {
    Nothing,
    /// All on one page (index), within the box.
    On(usize, Extent),
    /// On more than one page.
    Pages,
}

impl Area {
    fn join(self, other: Area) -> Area {
        match (self, other) {
            (Area::Nothing, a) | (a, Area::Nothing) => a,
            (Area::On(p, a), Area::On(q, b)) if p == q => Area::On(p, a.union(b)),
            _ => Area::Pages,
        }
    }
}

/// What has been drawn so far: each content id's krilla identifier and where it is.
#[derive(Debug, Default)]
pub struct Drawn {
    pub ids: HashMap<ContentId, Identifier>,
    pub areas: HashMap<ContentId, Area>,
    /// The page being drawn.
    pub page: usize,
}

impl Drawn {
    /// Records content drawn on the current page.
    pub fn insert(&mut self, c: ContentId, id: Identifier, extent: Extent) {
        self.ids.insert(c, id);
        self.areas.insert(c, Area::On(self.page, extent));
    }
}

fn tag_for(kind: &StructKind, area: Area) -> Option<TagKind> {
    let bbox = match area {
        Area::On(page, e) => {
            Rect::from_ltrb(e.x0_pt, e.y0_pt, e.x1_pt, e.y1_pt).map(|rect| BBox::new(page, rect))
        }
        _ => None,
    };
    Some(match kind {
        StructKind::Root => return None,
        StructKind::Section => Tag::Section.into(),
        StructKind::Heading { level, title } => Tag::Hn(
            NonZeroU16::new(*level as u16).unwrap_or(NonZeroU16::MIN),
            Some(title.clone()),
        )
        .into(),
        StructKind::Paragraph => Tag::P.into(),
        StructKind::List { labels } => Tag::L(match labels {
            ListLabels::Bullet => ListNumbering::Disc,
            ListLabels::Number => ListNumbering::Decimal,
            // the labels are check boxes, read as such: no numbering
            ListLabels::CheckBox => ListNumbering::None,
        })
        .into(),
        StructKind::ListItem => Tag::LI.into(),
        StructKind::Label => Tag::Lbl.into(),
        StructKind::ListBody => Tag::LBody.into(),
        StructKind::Table => Tag::Table.with_bbox(bbox).into(),
        StructKind::TableHead => Tag::THead.into(),
        StructKind::TableBody => Tag::TBody.into(),
        StructKind::TableRow => Tag::TR.into(),
        StructKind::TableHeaderCell => Tag::TH(TableHeaderScope::Column).into(),
        StructKind::TableCell => Tag::TD.into(),
        StructKind::Figure { alt } => Tag::Figure(Some(alt.clone())).with_bbox(bbox).into(),
        StructKind::Division => Tag::Div.into(),
        StructKind::Toc => Tag::TOC.into(),
        StructKind::TocItem => Tag::TOCI.into(),
        StructKind::Link => Tag::Link.into(),
        StructKind::Strong => Tag::Strong.into(),
    })
}

/// The tag node for a child of the structure tree, with where its content lies; None when it
/// has no drawn content (krilla drops empty groups).
pub fn build_node(
    tree: &StructTree,
    child: &StructChild,
    drawn: &mut Drawn,
) -> Option<(Node, Area)> {
    match child {
        StructChild::Content(c) => {
            let area = drawn.areas.get(c).copied().unwrap_or(Area::Nothing);
            drawn.ids.remove(c).map(|id| (Node::Leaf(id), area))
        }
        StructChild::Node(n) => {
            let node = &tree.nodes[*n];
            let mut area = Area::Nothing;
            let mut children = Vec::new();
            for c in &node.children {
                if let Some((child, a)) = build_node(tree, c, drawn) {
                    area = area.join(a);
                    children.push(child);
                }
            }
            if children.is_empty() {
                return None;
            }
            let kind = tag_for(&node.kind, area)?;
            Some((Node::Group(TagGroup::with_children(kind, children)), area))
        }
    }
}
