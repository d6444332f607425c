//! The document's logical structure (headings, paragraphs, lists, tables, figures), built during
//! layout and written as the PDF's tag tree, so screen readers read the handout in order.

/// Marks one tagged piece of drawn content (a text line, an image).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContentId(pub u32);

/// What a list's labels are, so the tag tree can say how it is numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListLabels {
    Bullet,
    Number,
    /// Check boxes (question lists), each read as "check box".
    CheckBox,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StructKind {
    Root,
    Section,
    Heading {
        level: u8,
        title: String,
    },
    Paragraph,
    List {
        labels: ListLabels,
    },
    ListItem,
    Label,
    ListBody,
    Table,
    TableHead,
    TableBody,
    TableRow,
    TableHeaderCell,
    TableCell,
    Figure {
        alt: String,
    },
    Division,
    Toc,
    TocItem,
    Link,
    /// A bold run inside body text.
    Strong,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StructChild {
    Node(usize),
    Content(ContentId),
}

#[derive(Debug, Clone, PartialEq)]
pub struct StructNode {
    pub kind: StructKind,
    pub children: Vec<StructChild>,
}

/// A tree of structure nodes; node 0 is the root.
#[derive(Debug, Clone, PartialEq)]
pub struct StructTree {
    pub nodes: Vec<StructNode>,
    next_content: u32,
}

impl Default for StructTree {
    fn default() -> Self {
        Self::new()
    }
}

impl StructTree {
    pub fn new() -> StructTree {
        StructTree {
            nodes: vec![StructNode {
                kind: StructKind::Root,
                children: Vec::new(),
            }],
            next_content: 0,
        }
    }

    pub const ROOT: usize = 0;

    /// Adds a node under `parent` and returns it.
    pub fn add(&mut self, parent: usize, kind: StructKind) -> usize {
        let id = self.nodes.len();
        self.nodes.push(StructNode {
            kind,
            children: Vec::new(),
        });
        self.nodes[parent].children.push(StructChild::Node(id));
        id
    }

    /// Allocates a content id under `parent`.
    pub fn content(&mut self, parent: usize) -> ContentId {
        let id = ContentId(self.next_content);
        self.next_content += 1;
        self.nodes[parent].children.push(StructChild::Content(id));
        id
    }

    /// Appends `other`'s top-level nodes under `parent`, renumbering its nodes and content ids
    /// to follow this tree's, so a part laid out on its own (a booklet's content) joins the tree
    /// in reading order. Returns how far its content ids moved: shift the part's page items by
    /// it with [`crate::layout::Item::offset_content`].
    pub fn graft(&mut self, parent: usize, other: StructTree) -> u32 {
        let node_base = self.nodes.len() - 1;
        let content_base = self.next_content;
        let shift = |c: &StructChild| match c {
            StructChild::Node(i) => StructChild::Node(i + node_base),
            StructChild::Content(id) => StructChild::Content(ContentId(id.0 + content_base)),
        };
        let mut nodes = other.nodes.into_iter();
        let root = nodes.next().expect("a tree has a root");
        for n in nodes {
            let children = n.children.iter().map(shift).collect();
            self.nodes.push(StructNode {
                kind: n.kind,
                children,
            });
        }
        let top: Vec<StructChild> = root.children.iter().map(shift).collect();
        self.nodes[parent].children.extend(top);
        self.next_content += other.next_content;
        content_base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grafted_tree_follows_in_order_with_ids_renumbered() {
        let mut first = StructTree::new();
        let p = first.add(StructTree::ROOT, StructKind::Paragraph);
        first.content(p);
        let mut part = StructTree::new();
        let s = part.add(StructTree::ROOT, StructKind::Section);
        let q = part.add(s, StructKind::Paragraph);
        part.content(q);
        part.content(q);
        let shift = first.graft(StructTree::ROOT, part);
        assert_eq!(shift, 1);
        assert_eq!(
            first.nodes[StructTree::ROOT].children,
            vec![StructChild::Node(1), StructChild::Node(2)]
        );
        assert_eq!(first.nodes[2].children, vec![StructChild::Node(3)]);
        assert_eq!(
            first.nodes[3].children,
            vec![
                StructChild::Content(ContentId(1)),
                StructChild::Content(ContentId(2))
            ]
        );
        let next = first.content(StructTree::ROOT);
        assert_eq!(next, ContentId(3));
    }
}
