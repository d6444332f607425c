//! Warning boxes: `::: warning ID` in a body becomes the library's box for that warning the
//! first time it appears in a handout (the box's name, each level's call line with its number
//! and pictogram, the signs), and a one-line pointer to that box every later time, so no
//! handout repeats a warning and every box has the emergency number or a number to call; and
//! the booklet's back cover, made from the same boxes.

use crate::document::{bold, plain, BackCoverPart, Block, CalloutKind, ListKind};
use crate::library::warnings::{Urgency, Warning, Warnings};
use crate::locale::{fill, Words};

use super::refs;
use crate::contacts::Contacts;

/// Expands warnings in document order, remembering which boxes are already printed.
pub struct Expander<'a> {
    warnings: &'a Warnings,
    contacts: &'a Contacts,
    words: &'a Words,
    printed: Vec<String>,
    /// Sources of the boxes printed, for the sources page.
    pub sources: Vec<String>,
}

impl<'a> Expander<'a> {
    pub fn new(warnings: &'a Warnings, contacts: &'a Contacts, words: &'a Words) -> Self {
        Expander {
            warnings,
            contacts,
            words,
            printed: Vec::new(),
            sources: Vec::new(),
        }
    }

    /// Replaces every `Block::Warning` in `blocks`; an unknown id is an error naming it.
    pub fn expand(&mut self, blocks: &mut [Block]) -> Result<(), String> {
        for block in blocks.iter_mut() {
            match block {
                Block::Warning(id) => {
                    let warning = self.warnings.get(id).ok_or_else(|| {
                        let ids: Vec<&str> = self
                            .warnings
                            .warnings
                            .iter()
                            .map(|w| w.id.as_str())
                            .collect();
                        format!(
                            "`::: warning {id}`: there is no such warning (known: {})",
                            ids.join(", ")
                        )
                    })?;
                    *block = if self.printed.contains(&warning.id) {
                        self.pointer(warning)
                    } else {
                        self.printed.push(warning.id.clone());
                        let srcs = if warning.sources.is_empty() {
                            &self.warnings.sources
                        } else {
                            &warning.sources
                        };
                        for s in srcs {
                            if !self.sources.contains(s) {
                                self.sources.push(s.clone());
                            }
                        }
                        self.render(warning)
                    };
                }
                Block::Callout { blocks, .. } => self.expand(blocks)?,
                Block::List { items, .. } => {
                    for item in items {
                        self.expand(item)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn pointer(&self, warning: &Warning) -> Block {
        let text = fill(
            &self.words.see_box,
            &[
                ("title", &warning.title),
                ("page", &refs::marker(&refs::box_anchor(&warning.title))),
            ],
        );
        Block::Icon {
            name: "warning".into(),
            block: Box::new(Block::Paragraph(bold(&text))),
        }
    }

    /// The whole box for a warning.
    pub fn render(&self, warning: &Warning) -> Block {
        let mut blocks = vec![Block::Paragraph(bold(&warning.title))];
        for (urgency, signs) in warning.parts() {
            blocks.extend(self.part(urgency, signs));
        }
        Block::Callout {
            kind: CalloutKind::Urgent,
            title: Some(warning.title.clone()),
            blocks,
        }
    }

    /// One level of a box: its call line beside a pictogram, the signs, and a line to write
    /// the number on where the definition gives none.
    pub fn part(&self, urgency: Urgency, signs: &[String]) -> Vec<Block> {
        let (lead, missing) = lead_line(self.warnings, self.contacts, self.words, urgency);
        let mut out = vec![Block::Icon {
            name: icon_for(urgency).into(),
            block: Box::new(Block::Paragraph(bold(&lead))),
        }];
        out.push(Block::List {
            kind: ListKind::Bullet,
            items: signs
                .iter()
                .map(|s| vec![Block::Paragraph(plain(s))])
                .collect(),
        });
        if let Some(label) = missing {
            out.push(Block::Paragraph(plain(&label)));
            out.push(Block::WriteIn { lines: 1 });
        }
        out
    }
}

/// The pictogram beside each level's call line.
pub fn icon_for(urgency: Urgency) -> &'static str {
    match urgency {
        Urgency::Emergency => "emergency",
        Urgency::Now => "phone",
        Urgency::Today => "calendar",
    }
}

/// A level's call line with its number, and the label of a line to write the number on when
/// the definition has none for that level.
pub fn lead_line(
    warnings: &Warnings,
    contacts: &Contacts,
    words: &Words,
    urgency: Urgency,
) -> (String, Option<String>) {
    let who = contacts.who(words);
    let (after, after_missing) = match contacts.night_number() {
        Some(_) => (contacts.call_after_hours(words), None),
        None => (who.clone(), Some(words.after_hours_line.clone())),
    };
    let (day, day_missing) = match contacts.phone {
        Some(_) => (contacts.call_clinic(words), None),
        None => (who, Some(words.day_line.clone())),
    };
    let lead = fill(
        &warnings.level(urgency).lead,
        &[
            ("emergency", &contacts.emergency),
            ("call_after_hours", &after),
            ("call_clinic", &day),
        ],
    );
    let missing = match urgency {
        Urgency::Emergency => None,
        Urgency::Now => after_missing,
        Urgency::Today => day_missing,
    };
    (lead, missing)
}
/// A booklet's back cover, a quick reference that fits one small page: the signs that cannot
/// wait (the emergency level of the warnings the library puts there), then the call-now line
/// for every other sign in the booklet's warning boxes.
pub fn back_cover(w: &Warnings, contacts: &Contacts, words: &Words) -> Vec<BackCoverPart> {
    let emergency: Vec<String> = w
        .back_cover
        .iter()
        .filter_map(|id| w.get(id))
        .flat_map(|warning| warning.emergency.iter().cloned())
        .collect();
    let mut parts = Vec::new();
    if !emergency.is_empty() {
        let (lead, write_in) = lead_line(w, contacts, words, Urgency::Emergency);
        parts.push(BackCoverPart {
            lead,
            signs: emergency,
            write_in,
            icon: icon_for(Urgency::Emergency).to_string(),
        });
    }
    let (_, write_in) = lead_line(w, contacts, words, Urgency::Now);
    let call = match contacts.night_number() {
        Some(_) => contacts.call_after_hours(words),
        None => contacts.who(words),
    };
    parts.push(BackCoverPart {
        lead: fill(&words.back_cover_now, &[("call", &call)]),
        signs: Vec::new(),
        write_in,
        icon: icon_for(Urgency::Now).to_string(),
    });
    parts
}
