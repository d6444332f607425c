//! Each chosen section's blocks for this handout: its tree (an inline body parsed here, a
//! library section's parsed at load), its `When` blocks kept or dropped, the patient's
//! questions added, placeholders filled, warning boxes expanded and key points on top.

use crate::definition::{DefinitionError, Request, SectionOptions};
use crate::document::{bold, Block, CalloutKind, Inlines, ListKind};
use crate::library::{LibrarySection, Shelf};
use crate::locale::Words;
use crate::markup::{self, ErrorKind, MarkupError};

use super::body::{add_questions, filter_when, Fill, When, PLACEHOLDERS};
use super::pick::Pick;
use super::warnings;

/// One section chosen for the handout: its blocks with conditions applied and questions added,
/// placeholders not yet filled.
pub(super) struct Chosen<'a> {
    pub library: Option<&'a LibrarySection>,
    pub title: String,
    pub blocks: Vec<Block>,
    pub sources: Vec<String>,
    pub reviewed: Option<String>,
}

/// Each picked section's blocks with its `When` blocks applied and the patient's questions
/// added; an error when none is left.
pub(super) fn choose<'a>(
    req: &Request,
    picks: Vec<Pick<'a>>,
    texts: Shelf<'a>,
    known: &[&str],
    when: &When,
) -> Result<Vec<Chosen<'a>>, DefinitionError> {
    let mut chosen: Vec<Chosen> = Vec::new();
    for pick in picks {
        chosen.extend(tailor(req, pick, texts, known, when)?);
    }
    if chosen.is_empty() {
        return Err(req.source.error_at(
            None,
            "no sections are left to print (all were skipped or did not match the patient)".into(),
            Some("check `skip`, the preset and the patient's treatments".into()),
        ));
    }
    Ok(chosen)
}

/// A picked section's blocks with its conditions applied and the patient's questions added, or
/// `None` for a library section the patient's conditions leave out.
fn tailor<'a>(
    req: &Request,
    pick: Pick<'a>,
    texts: Shelf<'a>,
    known: &[&str],
    when: &When,
) -> Result<Option<Chosen<'a>>, DefinitionError> {
    Ok(Some(match pick {
        Pick::Inline {
            title,
            body,
            options,
            sources,
        } => {
            let where_ = format!("section \"{title}\"");
            let mut tree = markup::parse_body(body, Some(known))
                .map_err(|err| body_error(req, &where_, err))?;
            // written for this patient: never kept in the engine's shared memory
            crate::document::mark_private(&mut tree);
            Chosen {
                library: None,
                blocks: questions(req, &where_, filter_when(tree, when), Some(options))?,
                title: title.to_string(),
                sources: sources.to_vec(),
                reviewed: None,
            }
        }
        Pick::Library { id, entry, .. } => {
            if !when.sections.iter().any(|(p, _)| p == id) {
                return Ok(None);
            }
            let Some(section) = texts.get(id) else {
                return Ok(None);
            };
            let blocks = filter_when(section.blocks.clone(), when);
            Chosen {
                library: Some(section),
                title: section.title.clone(),
                blocks: questions(req, &format!("library section `{id}`"), blocks, entry)?,
                sources: section.sources.clone(),
                reviewed: Some(section.reviewed.clone()),
            }
        }
    }))
}

/// The blocks with the questions and write-in lines a `[[section]]` asks for.
fn questions(
    req: &Request,
    where_: &str,
    mut blocks: Vec<Block>,
    entry: Option<&SectionOptions>,
) -> Result<Vec<Block>, DefinitionError> {
    if let Some(e) = entry {
        add_questions(&mut blocks, &e.add_questions, e.write_in_lines)
            .map_err(|err| body_error(req, where_, err))?;
    }
    Ok(blocks)
}

/// A chosen section's blocks with placeholders filled, warning boxes expanded and, for a
/// library section, its key points on top.
pub(super) fn fill(
    req: &Request,
    c: &mut Chosen,
    fill_with: &Fill,
    expander: &mut warnings::Expander,
    words: &Words,
) -> Result<Vec<Block>, DefinitionError> {
    let where_ = match c.library {
        Some(s) => format!("library section `{}`", s.id),
        None => format!("section \"{}\"", c.title),
    };
    let mut blocks = std::mem::take(&mut c.blocks);
    fill_with
        .blocks(&mut blocks)
        .map_err(|p| unknown_placeholder(req, &where_, &p))?;
    expander
        .expand(&mut blocks)
        .map_err(|m| req.source.error_at(None, format!("{where_}: {m}"), None))?;
    if let Some(s) = c.library {
        let mut points = s.key_point_text.clone();
        for p in &mut points {
            fill_with
                .inlines(p)
                .map_err(|p| unknown_placeholder(req, &where_, &p))?;
        }
        if let Some(key) = key_points(points, words) {
            blocks.insert(0, key);
        }
    }
    Ok(blocks)
}

/// A section body's problem, named with the section (`where_`).
fn body_error(req: &Request, where_: &str, e: MarkupError) -> DefinitionError {
    match e.kind {
        ErrorKind::UnknownPlaceholder(name) => unknown_placeholder(req, where_, &name),
        ErrorKind::Markdown | ErrorKind::When => {
            req.source
                .error_at(None, format!("{where_}: {}", e.message), None)
        }
    }
}

fn unknown_placeholder(req: &Request, where_: &str, name: &str) -> DefinitionError {
    req.source.error_at(
        None,
        format!("{where_} uses the unknown placeholder `{{{name}}}`"),
        Some(format!(
            "the placeholders are: {}, and {{see:ID}} inside `::: when section=ID`",
            PLACEHOLDERS
                .iter()
                .map(|p| format!("{{{p}}}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    )
}

/// The "Key points" box a library section opens with.
fn key_points(points: Vec<Inlines>, words: &Words) -> Option<Block> {
    if points.is_empty() {
        return None;
    }
    Some(Block::Callout {
        kind: CalloutKind::Info,
        title: Some(words.key_points.clone()),
        blocks: vec![
            Block::Paragraph(bold(&words.key_points)),
            Block::List {
                kind: ListKind::Bullet,
                items: points
                    .into_iter()
                    .map(|p| vec![Block::Paragraph(p)])
                    .collect(),
            },
        ],
    })
}
