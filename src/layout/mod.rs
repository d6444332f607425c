//! Layout: the document model becomes pages of positioned glyph runs, rules, boxes and images,
//! each tagged with its place in the document's structure. Flow turns blocks into rows that know
//! which neighbours they must stay with; pagination cuts the rows into pages; the fixed pages
//! (a booklet's cover, contents, notes and back cover) are built around them; the footers pass
//! numbers the pages once their count is known. Nothing here calls the PDF library.

pub mod fill;
pub mod fixed;
mod flow;
mod footer_text;
mod footers;
pub mod page;
mod paginate;
pub mod structure;
mod tagging;
mod tall_rows;

pub use page::{
    ArtifactKind, ImageItem, Item, LineItem, LinkItem, LinkTarget, Mark, Page, PictogramItem,
    RectItem, SymbolItem, TextItem,
};
pub use structure::{ContentId, ListLabels, StructChild, StructKind, StructNode, StructTree};

use crate::document::Document;
use crate::style::Style;
use crate::text::{linebreak::UnshowableText, Breaker};

/// A bookmark: a heading's level (1 = section), title, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub title: String,
    pub page: usize,
    pub y_pt: f32,
}

/// The laid-out handout: pages, the structure tree their content belongs to, and bookmarks.
#[derive(Debug, Clone)]
pub struct PageModel {
    pub pages: Vec<Page>,
    pub structure: StructTree,
    pub outline: Vec<OutlineEntry>,
    pub title: String,
    pub subtitle: Option<String>,
    pub language: String,
    pub author: Option<String>,
    /// The document date (YYYY-MM-DD): the definition's date, else the newest review date.
    pub date: Option<String>,
    /// The printed page number of each anchor (section headings, named boxes).
    pub anchors: Vec<(String, usize)>,
}

/// A layout failure the definition can fix.
#[derive(Debug, Clone, PartialEq)]
pub enum LayoutError {
    Unshowable(UnshowableText),
    /// A block that may not split is taller than a page.
    TooTall {
        what: String,
    },
}

impl std::fmt::Display for LayoutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LayoutError::Unshowable(u) => u.fmt(f),
            LayoutError::TooTall { what } => write!(
                f,
                "{what} is taller than a page and may not be split; make it shorter"
            ),
        }
    }
}

impl std::error::Error for LayoutError {}

impl From<UnshowableText> for LayoutError {
    fn from(u: UnshowableText) -> Self {
        LayoutError::Unshowable(u)
    }
}

/// Options for laying out the content (booklets set them: their cover and contents come first).
#[derive(Debug, Clone, Default)]
pub struct LayoutOptions {
    /// Start every section on a new page.
    pub section_per_page: bool,
    /// Leave out the title block (a booklet has a cover instead).
    pub no_title_block: bool,
    /// The printed number of the first content page, for anchors ("on page 4").
    pub first_page_number: usize,
}

/// Lays out a document as a handout: content pages, each with its footer.
pub fn layout(
    doc: &Document,
    style: &Style,
    breaker: &Breaker,
    options: &LayoutOptions,
) -> Result<PageModel, LayoutError> {
    let mut structure = StructTree::new();
    let mut paged = layout_pages(doc, style, breaker, options, &mut structure)?;
    let count = paged.pages.len();
    add_footers(&mut paged.pages, 0..count, doc, style, breaker)?;
    let mut model = PageModel::new(doc, paged.pages, structure, paged.outline);
    model.anchors = paged.anchors;
    Ok(model)
}

impl PageModel {
    /// A page model for `doc`, its metadata taken from the document.
    pub fn new(
        doc: &Document,
        pages: Vec<Page>,
        structure: StructTree,
        outline: Vec<OutlineEntry>,
    ) -> PageModel {
        PageModel {
            pages,
            structure,
            outline,
            title: doc.title.clone(),
            subtitle: doc.subtitle.clone(),
            language: doc.language.clone(),
            author: doc.contacts.clinic.clone(),
            date: doc.date.clone().or_else(|| Some(doc.pdf_date.clone())),
            anchors: Vec::new(),
        }
    }
}

/// Lays out a document's content pages, without footers, adding its structure to `structure`
/// (booklets add a cover and contents around them; [`add_footers`] numbers the pages).
pub fn layout_pages(
    doc: &Document,
    style: &Style,
    breaker: &Breaker,
    options: &LayoutOptions,
    structure: &mut StructTree,
) -> Result<Paged, LayoutError> {
    // the footer's plan comes first: it tells the flow how tall a page's body is
    let plan = footers::FooterPlan::new(doc, style, breaker)?;
    let page_body_pt = plan.body_bottom_pt(style) - style.margin_top_pt;
    let flowed = flow::flow_document(doc, style, breaker, structure, options, page_body_pt)?;
    paginate::paginate(flowed, &plan, style, options)
}

pub use flow::{human_date, line_item, measure_pt, text_block, TextBlock};
pub use footers::{add_footers, footer_body_bottom_pt, footer_warning};
pub use paginate::Paged;
