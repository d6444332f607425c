//! The document model: what a handout says, as blocks with semantic roles (headings, lists,
//! tables, callouts), independent of fonts and pages. Markup produces it; layout consumes it.

use std::sync::Arc;

use crate::contacts::Contacts;

/// The look of a run of inline text, and whether it is the patient's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InlineStyle {
    pub bold: bool,
    /// Text about one patient (name, own questions, the title and inline sections the clinic
    /// wrote for them): drawn like any other, but the engine's shared paragraph memory never
    /// keeps a paragraph holding it, so nothing of a patient outlives their build in a server.
    pub private: bool,
}

/// A run of text with one style, the unit of inline text the model, markup and the line breaker share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyledText {
    pub text: String,
    pub style: InlineStyle,
    /// The web, mail or phone address the run links to (a Markdown link's text and the address
    /// printed after it): the PDF makes these words a link annotation.
    pub link: Option<Arc<str>>,
    /// A `{name}` placeholder still to be filled (then `text` is its source, "{clinic}"):
    /// markup makes these, resolve fills them, layout never sees one.
    pub placeholder: Option<Placeholder>,
}

impl StyledText {
    /// A run of text that links nowhere.
    pub fn new(text: impl Into<String>, style: InlineStyle) -> StyledText {
        StyledText {
            text: text.into(),
            style,
            link: None,
            placeholder: None,
        }
    }
}

/// What a `{name}` in a section body stands for, filled in by resolve from the contacts, the
/// patient and the sections present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placeholder {
    /// `{clinic}`: the clinic's name, or "your care team".
    Clinic,
    /// `{call_clinic}`: "Riverside at 555-010-2000".
    CallClinic,
    /// `{call_after_hours}`: the same with the number for day and night.
    CallAfterHours,
    /// `{emergency}`: 911 or the definition's number.
    Emergency,
    /// `{first_name}`: the patient's first name, or "you".
    FirstName,
    /// `{see:ID}`: a pointer to another section of the handout, with its page.
    See(String),
}

impl Placeholder {
    /// The names a section body may use (besides `{see:ID}`).
    pub const NAMES: &'static [&'static str] = &[
        "clinic",
        "call_clinic",
        "call_after_hours",
        "emergency",
        "first_name",
    ];

    /// The placeholder written `{name}`, or `None` for an unknown name.
    pub fn named(name: &str) -> Option<Placeholder> {
        if let Some(id) = name.strip_prefix("see:") {
            return Some(Placeholder::See(id.to_string()));
        }
        Some(match name {
            "clinic" => Placeholder::Clinic,
            "call_clinic" => Placeholder::CallClinic,
            "call_after_hours" => Placeholder::CallAfterHours,
            "emergency" => Placeholder::Emergency,
            "first_name" => Placeholder::FirstName,
            _ => return None,
        })
    }
}

/// The test a `::: when` block's content is kept by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// `treatments=a,b`: the patient has one of them (or the handout is generic).
    Treatments(Vec<String>),
    /// `cancer=a,b`: the patient's cancer type is one of them (or the handout is generic).
    Cancer(Vec<String>),
    /// `section=a,b`: one of these library sections is in the handout.
    Section(Vec<String>),
}

/// A handout ready to lay out.
#[derive(Debug, Clone)]
pub struct Document {
    pub title: String,
    pub subtitle: Option<String>,
    /// BCP 47 language tag, e.g. "en-US".
    pub language: String,
    pub prepared_for: Option<String>,
    /// Who to call: the clinic's name and numbers, which footers, the cover and the back
    /// cover print through its formatters, as placeholders do.
    pub contacts: Contacts,
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
    /// `::: when COND` … `:::` in a body: resolve keeps its blocks (in its place) when the
    /// condition holds for the patient and the handout, and drops them otherwise. Layout never
    /// sees it.
    When {
        condition: Condition,
        blocks: Vec<Block>,
    },
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
    inl.iter_mut().for_each(|s| s.style.private = true);
    inl
}

/// A single plain run of the patient's own text (see [`InlineStyle::private`]).
pub fn private(text: &str) -> Inlines {
    let mut inl = plain(text);
    inl[0].style.private = true;
    inl
}

/// Marks every run in `blocks` as the patient's own (see [`InlineStyle::private`]).
pub fn mark_private(blocks: &mut [Block]) {
    for block in blocks {
        block.visit_inlines(&mut |inl| inl.iter_mut().for_each(|s| s.style.private = true));
    }
}

/// A single bold run.
pub fn bold(text: &str) -> Inlines {
    vec![StyledText::new(
        text,
        InlineStyle {
            bold: true,
            ..InlineStyle::default()
        },
    )]
}

/// A single plain run.
pub fn plain(text: &str) -> Inlines {
    vec![StyledText::new(text, InlineStyle::default())]
}

impl Block {
    /// Calls `f` on every run list of inline text in the block, nested blocks included.
    pub fn visit_inlines(&mut self, f: &mut impl FnMut(&mut Inlines)) {
        match self {
            Block::Paragraph(inl) => f(inl),
            Block::List { items, .. } => {
                items.iter_mut().flatten().for_each(|b| b.visit_inlines(f))
            }
            Block::Table { header, rows } => {
                header.iter_mut().for_each(&mut *f);
                rows.iter_mut().flatten().for_each(f);
            }
            Block::Callout { blocks, .. } | Block::When { blocks, .. } => {
                blocks.iter_mut().for_each(|b| b.visit_inlines(f))
            }
            Block::Icon { block, .. } => block.visit_inlines(f),
            Block::SubHeading(_) | Block::WriteIn { .. } | Block::Warning(_) => {}
        }
    }

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
            Block::When { blocks, .. } => blocks.iter().for_each(|b| b.text_blocks(out)),
            Block::WriteIn { .. } | Block::Warning(_) => {}
        }
    }
}
