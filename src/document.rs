//! The document model: what a handout says, as blocks with semantic roles (headings, lists,
//! tables, callouts), independent of fonts and pages. Markup produces it; layout consumes it.

use std::sync::Arc;

/// The look of a run of inline text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InlineStyle {
    pub bold: bool,
}

/// A run of text with one style, the unit of inline text the model, markup and the line breaker share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyledText {
    pub text: String,
    pub style: InlineStyle,
    /// The web, mail or phone address the run links to (a Markdown link's text and the address
    /// printed after it): the PDF makes these words a link annotation.
    pub link: Option<Arc<str>>,
}

impl StyledText {
    /// A run that links nowhere.
    pub fn new(text: impl Into<String>, style: InlineStyle) -> StyledText {
        StyledText {
            text: text.into(),
            style,
            link: None,
        }
    }
}

/// A handout ready to lay out.
#[derive(Debug, Clone)]
pub struct Document {
    pub title: String,
    pub subtitle: Option<String>,
    /// BCP 47 language tag, e.g. "en-US".
    pub language: String,
    pub prepared_for: Option<String>,
    pub clinic_name: Option<String>,
    pub clinic_phone: Option<String>,
    pub clinic_after_hours: Option<String>,
    pub logo: Option<Arc<Logo>>,
    /// The opening lines: who the handout is for, what it helps with, what it does not replace.
    pub intro: Vec<Block>,
    pub sections: Vec<Section>,
    /// "About this handout": sources and review dates, printed last.
    pub sources: Vec<String>,
    pub reviewed: Option<String>,
    /// The library's content version, when library sections are used.
    pub version: Option<String>,
    /// Booklets: the date on the cover.
    pub date: Option<String>,
    /// The PDF's creation date (PDF/A needs one; fixed so builds are reproducible): the
    /// definition's date, else the newest review date of its sections, else of the library.
    pub pdf_date: String,
    /// Booklets: the back cover's warning signs, by urgency level.
    pub back_cover: Vec<BackCoverPart>,
}

/// One urgency level on a booklet's back cover.
#[derive(Debug, Clone, PartialEq)]
pub struct BackCoverPart {
    /// The call line with its number ("Call 911 or go to the emergency room now if you:").
    pub lead: String,
    pub signs: Vec<String>,
    /// The label of a line to write the number on, where the definition has none.
    pub write_in: Option<String>,
    /// The pictogram beside the call line.
    pub icon: String,
}

/// A decoded, checked logo image.
#[derive(Debug, Clone, PartialEq)]
pub struct Logo {
    pub bytes: Vec<u8>,
    pub format: ImageFormat,
    pub width_px: u32,
    pub height_px: u32,
    pub alt: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
}

/// One section: a heading and its blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub id: Option<String>,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// Inline text: runs of plain and bold text.
pub type Inlines = Vec<StyledText>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Bullet,
    Numbered(u64),
    /// Checkbox squares, for question lists.
    Task,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalloutKind {
    /// "Call right away": emergency signs.
    Urgent,
    Info,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A sub-section heading inside a section.
    SubHeading(String),
    Paragraph(Inlines),
    List {
        kind: ListKind,
        items: Vec<Vec<Block>>,
    },
    Table {
        header: Vec<Inlines>,
        rows: Vec<Vec<Inlines>>,
    },
    Callout {
        kind: CalloutKind,
        /// The box's name (what a listener hears it called; pointers to it use it too).
        title: Option<String>,
        blocks: Vec<Block>,
    },
    /// Ruled lines for the reader's own writing.
    WriteIn {
        lines: u32,
    },
    /// A block with a pictogram (by name, see `crate::pictogram`) at its left.
    Icon {
        name: String,
        block: Box<Block>,
    },
    /// `::: warning ID` in a body: resolve replaces it with the library's warning box (or a
    /// pointer to where the box already is). Layout never sees it.
    Warning(String),
}

/// Plain text of inlines.
pub fn plain_text(inlines: &[StyledText]) -> String {
    inlines.iter().map(|s| s.text.as_str()).collect()
}

/// "Prepared for <name>" in the document's language, the name in bold.
pub fn prepared_for(name: &str, language: &str) -> Inlines {
    let template = &crate::locale::words(language).prepared_for;
    let (before, after) = template.split_once("{name}").unwrap_or((template, ""));
    let mut inl = plain(before);
    inl.extend(bold(name));
    inl.extend(plain(after));
    inl.retain(|s| !s.text.is_empty());
    inl
}

/// A single bold run.
pub fn bold(text: &str) -> Inlines {
    vec![StyledText::new(text, InlineStyle { bold: true })]
}

/// A single plain run.
pub fn plain(text: &str) -> Inlines {
    vec![StyledText::new(text, InlineStyle::default())]
}

impl Block {
    /// Every piece of readable text in the block, one entry per paragraph, item or cell.
    pub fn text_blocks(&self, out: &mut Vec<String>) {
        match self {
            Block::SubHeading(t) => out.push(t.clone()),
            Block::Paragraph(i) => out.push(plain_text(i)),
            Block::List { items, .. } => items.iter().flatten().for_each(|b| b.text_blocks(out)),
            Block::Table { header, rows } => {
                out.extend(header.iter().map(|c| plain_text(c)));
                out.extend(rows.iter().flatten().map(|c| plain_text(c)));
            }
            Block::Callout { blocks, .. } => blocks.iter().for_each(|b| b.text_blocks(out)),
            Block::Icon { block, .. } => block.text_blocks(out),
            Block::WriteIn { .. } | Block::Warning(_) => {}
        }
    }
}
