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
}
