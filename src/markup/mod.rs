//! Section bodies in Markdown (pulldown-cmark) to document blocks: paragraphs, bold, bullet and
//! numbered lists, task lists, pipe tables, GitHub-style alert callouts, `::: lines N`
//! write-in lines, and the tailoring nodes resolve works on: `::: when` blocks and `{name}`
//! placeholders. Italics are read as plain text: the house style uses bold only.

mod links;
mod placeholders;
#[cfg(test)]
mod tests;
mod when;

use std::sync::Arc;

use pulldown_cmark::{BlockQuoteKind, Event, Options, Parser, Tag, TagEnd};

use crate::document::{Block, CalloutKind, Condition, InlineStyle, Inlines, ListKind, StyledText};
use links::{followable_uri, link_address};

pub use placeholders::{split as split_placeholders, split_plain as split_plain_placeholders};

/// A problem in a section body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    pub message: String,
    pub kind: ErrorKind,
}

/// What kind of problem a section body has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// Markdown the house style refuses or a bad directive (the message names its line).
    Markdown,
    /// A `::: when` block that is unbalanced or names an unknown condition.
    When,
    /// `{name}` names no placeholder: what was between the braces.
    UnknownPlaceholder(String),
}

impl MarkupError {
    fn when(message: String) -> MarkupError {
        MarkupError {
            message,
            kind: ErrorKind::When,
        }
    }

    fn placeholder(name: String) -> MarkupError {
        MarkupError {
            message: format!("unknown placeholder `{{{name}}}`"),
            kind: ErrorKind::UnknownPlaceholder(name),
        }
    }
}

impl std::fmt::Display for MarkupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Lists may nest this deep (a list, and a list inside it): deeper is hard to follow in large
/// print and would run off narrow pages.
pub const MAX_LIST_DEPTH: usize = 2;

/// Parses a Markdown body into blocks, accepting any section id in `::: when section=`.
pub fn parse(markdown: &str) -> Result<Vec<Block>, MarkupError> {
    parse_body(markdown, None)
}

/// Parses a section body into its block tree; `known_sections` lists the ids that
/// `::: when section=` may name (`None`: any).
pub fn parse_body(
    markdown: &str,
    known_sections: Option<&[&str]>,
) -> Result<Vec<Block>, MarkupError> {
    // Footnotes are parsed only to be refused: unparsed, `[^1]` would silently lose its note.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH;
    let (prepared, lines) = separate_directives(markdown);
    let mut builder = Builder::new(known_sections);
    for (event, range) in Parser::new_ext(&prepared, options).into_offset_iter() {
        builder.event(event).map_err(|e| {
            if e.kind != ErrorKind::Markdown {
                return e;
            }
            let line = prepared[..range.start.min(prepared.len())]
                .matches('\n')
                .count();
            let original = lines.get(line).copied().unwrap_or(line) + 1;
            MarkupError {
                message: format!("line {original} of the body: {}", e.message),
                kind: ErrorKind::Markdown,
            }
        })?;
    }
    builder.finish()
}

/// Puts blank lines around `::: lines N` so Markdown reads each as its own paragraph; also
/// gives, for each line of the result, the line of `markdown` it came from (0-based).
fn separate_directives(markdown: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(markdown.len() + 16);
    let mut lines = Vec::new();
    for (n, line) in markdown.lines().enumerate() {
        if line.trim_start().starts_with(":::") {
            out.push('\n');
            out.push_str(line.trim());
            out.push_str("\n\n");
            lines.extend([n, n, n]);
        } else {
            out.push_str(line);
            out.push('\n');
            lines.push(n);
        }
    }
    (out, lines)
}

fn refuse<T>(message: &str) -> Result<T, MarkupError> {
    Err(markdown_error(message.to_string()))
}

fn markdown_error(message: String) -> MarkupError {
    MarkupError {
        message,
        kind: ErrorKind::Markdown,
    }
}

/// An open container while walking the events.
#[derive(Debug)]
enum Frame {
    Root(Vec<Block>),
    /// An open `::: when` block.
    When(Condition, Vec<Block>),
    Callout(CalloutKind, Vec<Block>),
    List(ListKind, Vec<Vec<Block>>),
    Item(Vec<Block>, bool),
    Table {
        header: Vec<Inlines>,
        rows: Vec<Vec<Inlines>>,
        in_head: bool,
        row: Vec<Inlines>,
    },
}

/// The pictograms `::: icon NAME` may name.
pub const ICON_NAMES: &[&str] = &[
    "emergency",
    "phone",
    "pill",
    "water",
    "walking",
    "warning",
    "calendar",
];

#[derive(Debug)]
struct Builder<'k> {
    /// The section ids `::: when section=` may name (`None`: any).
    known_sections: Option<&'k [&'k str]>,
    stack: Vec<Frame>,
    /// A `::: icon NAME` waiting for the block it goes beside, and the container depth it was
    /// written at (blocks inside a list are not the block it goes beside).
    pending_icon: Option<(String, usize)>,
    inline: Option<Inlines>,
    bold: usize,
    heading: bool,
    /// Open links: the address, where the link's text starts in the current inlines, and the
    /// address the PDF links to (None when it is not one a reader can follow).
    links: Vec<(String, usize, Option<Arc<str>>)>,
}

impl<'k> Builder<'k> {
    fn new(known_sections: Option<&'k [&'k str]>) -> Builder<'k> {
        Builder {
            known_sections,
            stack: Vec::new(),
            pending_icon: None,
            inline: None,
            bold: 0,
            heading: false,
            links: Vec::new(),
        }
    }

    fn push_block(&mut self, block: Block) {
        let depth = self.stack.len();
        let block = match self.pending_icon.take() {
            Some((name, d)) if d == depth => Block::Icon {
                name,
                block: Box::new(block),
            },
            other => {
                self.pending_icon = other;
                block
            }
        };
        match self.stack.last_mut() {
            Some(Frame::Root(b))
            | Some(Frame::When(_, b))
            | Some(Frame::Callout(_, b))
            | Some(Frame::Item(b, _)) => b.push(block),
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        let style = InlineStyle {
            bold: self.bold > 0 || self.heading,
            ..InlineStyle::default()
        };
        // the innermost open link, where it can be followed from the PDF
        let link = self.links.last().and_then(|(_, _, uri)| uri.clone());
        let inline = self.inline.get_or_insert_with(Vec::new);
        match inline.last_mut() {
            Some(last) if last.style == style && last.link == link => last.text.push_str(text),
            _ => inline.push(StyledText {
                link,
                ..StyledText::new(text, style)
            }),
        }
    }

    /// Text seen directly in a list item (a "tight" list has no paragraph events).
    fn flush_loose_text(&mut self) -> Result<(), MarkupError> {
        if let Some(inl) = self.inline.take() {
            if !crate::document::plain_text(&inl).trim().is_empty() {
                self.push_block(Block::Paragraph(with_placeholders(trim(inl))?));
            }
        }
        Ok(())
    }

    fn event(&mut self, event: Event) -> Result<(), MarkupError> {
        if self.stack.is_empty() {
            self.stack.push(Frame::Root(Vec::new()));
        }
        match event {
            Event::Start(tag) => self.start(tag)?,
            Event::End(tag) => self.end(tag)?,
            Event::Text(t) | Event::Code(t) => self.text(&t),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.text("\n"),
            Event::TaskListMarker(_) => {
                if let Some(Frame::Item(_, task)) = self.stack.last_mut() {
                    *task = true;
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                if !h.trim_start().starts_with("<!--") {
                    return Err(markdown_error(format!(
                        "HTML is not allowed in a section body: {}",
                        h.trim()
                    )));
                }
            }
            Event::Rule => {
                return refuse("a line across the page (---, *** or ___) is not supported in a section body; start a new part with a heading (## Title) instead")
            }
            Event::FootnoteReference(_) => {
                return refuse("footnotes ([^1]) are not supported; put the note in the sentence itself")
            }
            Event::InlineMath(_) | Event::DisplayMath(_) => {
                return refuse("math ($...$) is not supported; write it in words")
            }
        }
        Ok(())
    }

    fn start(&mut self, tag: Tag) -> Result<(), MarkupError> {
        match tag {
            Tag::Paragraph => {
                self.flush_loose_text()?;
                self.inline = Some(Vec::new());
            }
            Tag::Heading { .. } => {
                self.inline = Some(Vec::new());
                self.heading = true;
            }
            Tag::BlockQuote(_) if self.stack.iter().any(|f| matches!(f, Frame::Callout(..))) => {
                return refuse("a box (> quote or > [!NOTE]) inside another box is not supported; end the first box before starting the next")
            }
            Tag::BlockQuote(kind) => {
                let k = match kind {
                    Some(BlockQuoteKind::Warning) | Some(BlockQuoteKind::Caution) => {
                        CalloutKind::Urgent
                    }
                    _ => CalloutKind::Info,
                };
                self.stack.push(Frame::Callout(k, Vec::new()));
            }
            Tag::List(start) => {
                let depth = self
                    .stack
                    .iter()
                    .filter(|f| matches!(f, Frame::List(..)))
                    .count();
                if depth >= MAX_LIST_DEPTH {
                    return refuse(&format!("a list is nested {} levels deep; large print allows at most {MAX_LIST_DEPTH} (a list and a list inside it): move the inner points up a level", depth + 1));
                }
                self.flush_loose_text()?;
                let kind = start.map_or(ListKind::Bullet, ListKind::Numbered);
                self.stack.push(Frame::List(kind, Vec::new()));
            }
            Tag::Item => self.stack.push(Frame::Item(Vec::new(), false)),
            Tag::Table(_) => self.stack.push(Frame::Table {
                header: vec![],
                rows: vec![],
                in_head: false,
                row: vec![],
            }),
            Tag::TableHead => {
                if let Some(Frame::Table { in_head, .. }) = self.stack.last_mut() {
                    *in_head = true;
                }
            }
            Tag::TableRow | Tag::TableCell => self.inline = Some(Vec::new()),
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => {}
            Tag::Link { dest_url, .. } => {
                let start = self.inline.as_ref().map_or(0, plain_len);
                let uri = followable_uri(&dest_url);
                self.links.push((dest_url.to_string(), start, uri));
            }
            Tag::Strikethrough => {
                return refuse("struck-through text (~~text~~) is not supported: a reader cannot tell it is meant to be ignored; delete the words instead")
            }
            Tag::Image { .. } => {
                return refuse("pictures (![text](file)) are not supported in a section body; describe the picture in words (the clinic's logo goes in [clinic] logo)")
            }
            Tag::CodeBlock(_) => {
                return refuse("a code block (text between ``` fences, or a line indented by four spaces) is not supported; write plain paragraphs and start lines at the left edge")
            }
            Tag::HtmlBlock => {}
            Tag::FootnoteDefinition(_) => {
                return refuse("footnotes ([^1]: note) are not supported; put the note in the sentence itself")
            }
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => {
                return refuse("this Markdown is not supported in a section body; use paragraphs, **bold**, lists, tables and > boxes")
            }
        }
        Ok(())
    }

    fn end(&mut self, tag: TagEnd) -> Result<(), MarkupError> {
        match tag {
            TagEnd::Paragraph => self.end_paragraph()?,
            TagEnd::Heading(_) => {
                self.heading = false;
                let text = crate::document::plain_text(&self.inline.take().unwrap_or_default());
                // a heading is plain text: its placeholders are checked here, filled by resolve
                split_plain_placeholders(&text).map_err(MarkupError::placeholder)?;
                self.push_block(Block::SubHeading(text.trim().to_string()));
            }
            TagEnd::BlockQuote(_) => {
                if let Some(Frame::Callout(kind, blocks)) = self.stack.pop() {
                    self.push_block(Block::Callout {
                        kind,
                        title: None,
                        blocks,
                    });
                }
            }
            TagEnd::Item => {
                self.flush_loose_text()?;
                if let Some(Frame::Item(blocks, task)) = self.stack.pop() {
                    if let Some(Frame::List(kind, items)) = self.stack.last_mut() {
                        if task {
                            *kind = ListKind::Task;
                        }
                        items.push(blocks);
                    }
                }
            }
            TagEnd::List(_) => {
                if let Some(Frame::List(kind, items)) = self.stack.pop() {
                    self.push_block(Block::List { kind, items });
                }
            }
            TagEnd::TableCell => {
                let cell = with_placeholders(trim(self.inline.take().unwrap_or_default()))?;
                if let Some(Frame::Table { row, .. }) = self.stack.last_mut() {
                    row.push(cell);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(Frame::Table {
                    header,
                    rows,
                    in_head,
                    row,
                }) = self.stack.last_mut()
                {
                    let cells = std::mem::take(row);
                    if *in_head {
                        *header = cells;
                        *in_head = false;
                    } else {
                        rows.push(cells);
                    }
                }
            }
            TagEnd::Table => {
                if let Some(Frame::Table { header, rows, .. }) = self.stack.pop() {
                    self.push_block(Block::Table { header, rows });
                }
            }
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Link => self.end_link(),
            _ => {}
        }
        Ok(())
    }

    /// Ends a paragraph: a directive line (`::: when`, `:::`, `::: lines`, `::: warning`,
    /// `::: icon`) or a paragraph of text with its placeholders split out.
    fn end_paragraph(&mut self) -> Result<(), MarkupError> {
        let inl = trim(self.inline.take().unwrap_or_default());
        let text = crate::document::plain_text(&inl);
        if let Some(cond) = text.trim().strip_prefix("::: when") {
            self.open_when(text.trim(), cond)?;
        } else if text.trim() == ":::" {
            self.close_when()?;
        } else if let Some(n) = text.trim().strip_prefix("::: lines") {
            let lines = n
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=40).contains(n))
                .ok_or_else(|| {
                    markdown_error(format!(
                        "`{}`: write `::: lines N` with N from 1 to 40",
                        text.trim()
                    ))
                })?;
            self.push_block(Block::WriteIn { lines });
        } else if let Some(id) = text.trim().strip_prefix("::: warning ") {
            self.push_block(Block::Warning(id.trim().to_string()));
        } else if let Some(name) = text.trim().strip_prefix("::: icon ") {
            self.icon(name.trim())?;
        } else if text.trim_start().starts_with(":::") {
            return Err(markdown_error(format!(
                "unknown directive `{}` (known: `::: lines N`, `::: warning ID`, `::: icon NAME`, `::: when ...`)",
                text.trim()
            )));
        } else if !text.trim().is_empty() {
            self.push_block(Block::Paragraph(with_placeholders(inl)?));
        }
        Ok(())
    }

    /// `::: when COND`: the blocks up to the closing `:::` are kept or dropped by resolve.
    fn open_when(&mut self, line: &str, cond: &str) -> Result<(), MarkupError> {
        if !matches!(self.stack.last(), Some(Frame::Root(_) | Frame::When(..))) {
            return refuse("`::: when` inside a box is not supported: put the whole box inside the `::: when` block");
        }
        if let Some((name, _)) = &self.pending_icon {
            return Err(markdown_error(format!(
                "`::: icon {name}` comes just before `::: when`: put it inside the `::: when` block, just before the paragraph or list it goes beside"
            )));
        }
        let condition =
            when::condition(line, cond, self.known_sections).map_err(MarkupError::when)?;
        self.stack.push(Frame::When(condition, Vec::new()));
        Ok(())
    }

    /// `:::` ends the innermost `::: when` block.
    fn close_when(&mut self) -> Result<(), MarkupError> {
        if !matches!(self.stack.last(), Some(Frame::When(..))) {
            return Err(MarkupError::when(
                "a closing `:::` has no `::: when` before it".into(),
            ));
        }
        if let Some((name, _)) = self.pending_icon.take() {
            return Err(markdown_error(format!(
                "`::: icon {name}` comes last in a `::: when` block: put it just before the paragraph or list it goes beside"
            )));
        }
        if let Some(Frame::When(condition, blocks)) = self.stack.pop() {
            self.push_block(Block::When { condition, blocks });
        }
        Ok(())
    }

    /// `::: icon NAME`: the next block gets the pictogram beside it.
    fn icon(&mut self, name: &str) -> Result<(), MarkupError> {
        if !ICON_NAMES.contains(&name) {
            return Err(markdown_error(format!(
                "`::: icon {name}`: unknown pictogram (known: {})",
                ICON_NAMES.join(", ")
            )));
        }
        if self.pending_icon.is_some() {
            return refuse("two `::: icon` lines in a row: put a paragraph or list after each");
        }
        self.pending_icon = Some((name.to_string(), self.stack.len()));
        Ok(())
    }

    /// Ends a link: its number or address follows its text, since paper cannot be clicked.
    fn end_link(&mut self) {
        let Some((dest, start, _)) = self.links.last().cloned() else {
            return;
        };
        let address = link_address(&dest);
        let shown = self
            .inline
            .as_ref()
            .map(|i| crate::document::plain_text(i))
            .unwrap_or_default();
        let text = shown.get(start..).unwrap_or_default().trim();
        if !address.is_empty() && !text.contains(address.as_str()) {
            let bold = self.bold;
            self.bold = 0;
            // the printed address belongs to the link too
            self.text(&format!(" ({address})"));
            self.bold = bold;
        }
        self.links.pop();
    }

    fn finish(mut self) -> Result<Vec<Block>, MarkupError> {
        self.flush_loose_text()?;
        if self.stack.iter().any(|f| matches!(f, Frame::When(..))) {
            return Err(MarkupError::when(
                "a `::: when` block has no closing `:::`".into(),
            ));
        }
        if let Some((name, _)) = &self.pending_icon {
            return Err(markdown_error(format!(
                "`::: icon {name}` comes last: put it just before the paragraph or list it goes beside"
            )));
        }
        match self.stack.pop() {
            Some(Frame::Root(blocks)) if self.stack.is_empty() => Ok(blocks),
            None => Ok(Vec::new()),
            _ => refuse("unbalanced Markdown structure"),
        }
    }
}

/// The runs with their `{name}` placeholders split out.
fn with_placeholders(inl: Inlines) -> Result<Inlines, MarkupError> {
    placeholders::split(inl).map_err(MarkupError::placeholder)
}

/// Length in bytes of the plain text of inlines.
fn plain_len(inlines: &Inlines) -> usize {
    inlines.iter().map(|s| s.text.len()).sum()
}

/// Trims white space at both ends of a run list.
fn trim(mut inl: Inlines) -> Inlines {
    if let Some(first) = inl.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = inl.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    inl.retain(|s| !s.text.is_empty());
    inl
}

/// Escapes text a user typed (a name, a question) so Markdown shows it literally.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>' | '#' | '|' | '!' | '{' | '}' | '~'
        ) {
            out.push('\\');
        }
        if c == '\n' || c == '\r' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}
