//! Section block trees tailored for one handout: `When` blocks kept or dropped for the patient
//! and for the sections present, the patient's own questions added, and placeholders filled in
//! inline text (contacts, first name, pointers to other sections). The trees come parsed: the
//! library's at load, an inline section's once per build; nothing here reads Markdown, except
//! the patient's questions, which are typed text.

use crate::document::{plain_text, Block, Condition, Inlines, ListKind, Placeholder};
use crate::locale::{fill, Words};
use crate::markup::{self, MarkupError};
use crate::treatments;

use super::refs;
use crate::contacts::Contacts;

/// The placeholders a section body may use (besides `{see:ID}`).
pub const PLACEHOLDERS: &[&str] = Placeholder::NAMES;

/// What `::: when` conditions are tested against.
#[derive(Debug, Clone, Copy)]
pub struct When<'a> {
    pub treatments: &'a [String],
    pub cancer: Option<&'a str>,
    /// A handout without treatments or cancer type is generic and keeps every treatment and
    /// cancer block.
    pub tailored: bool,
    /// The (id, title) of every library section in this handout.
    pub sections: &'a [(String, String)],
}

impl When<'_> {
    /// Whether a `::: when` block with this condition is printed.
    pub fn holds(&self, condition: &Condition) -> bool {
        match condition {
            Condition::Treatments(values) => {
                !self.tailored
                    || values
                        .iter()
                        .any(|v| treatments::matches(self.treatments, v))
            }
            Condition::Cancer(values) => {
                !self.tailored || self.cancer.is_some_and(|c| values.iter().any(|v| v == c))
            }
            Condition::Section(values) => values
                .iter()
                .any(|v| self.sections.iter().any(|(id, _)| id == v)),
        }
    }
}

/// The blocks with every `When` block replaced by its blocks where it holds, and dropped where
/// it does not.
pub fn filter_when(blocks: Vec<Block>, when: &When) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        match block {
            Block::When { condition, blocks } => {
                if when.holds(&condition) {
                    out.extend(filter_when(blocks, when));
                }
            }
            Block::Callout {
                kind,
                title,
                blocks,
            } => out.push(Block::Callout {
                kind,
                title,
                blocks: filter_when(blocks, when),
            }),
            Block::List { kind, items } => out.push(Block::List {
                kind,
                items: items.into_iter().map(|i| filter_when(i, when)).collect(),
            }),
            other => out.push(other),
        }
    }
    out
}

/// Adds the patient's own questions as checkbox items before the first write-in lines (at the
/// end where there are none), and sets the number of write-in lines (adding them at the end
/// where the section has none). As in Markdown, the questions join a bullet or checkbox list
/// just before them.
pub fn add_questions(
    blocks: &mut Vec<Block>,
    questions: &[String],
    write_in: Option<u32>,
) -> Result<(), MarkupError> {
    let write_in_at = blocks
        .iter()
        .position(|b| matches!(b, Block::WriteIn { .. }));
    if let Some(lines) = write_in {
        match write_in_at {
            Some(i) => blocks[i] = Block::WriteIn { lines },
            None => blocks.push(Block::WriteIn { lines }),
        }
    }
    if questions.is_empty() {
        return Ok(());
    }
    // the questions are typed text: escaped, so Markdown shows them as written
    let markdown: String = questions
        .iter()
        .map(|q| format!("- [ ] {}\n", markup::escape(q.trim())))
        .collect();
    let mut added = markup::parse(&markdown)?;
    // the patient's own words: never kept in the engine's shared memory
    crate::document::mark_private(&mut added);
    let at = write_in_at.unwrap_or(blocks.len());
    let before = at.checked_sub(1).and_then(|i| blocks.get_mut(i));
    let before = match before {
        Some(Block::Icon { block, .. }) => Some(&mut **block),
        other => other,
    };
    if let (
        Some(Block::List { kind, items }),
        [Block::List {
            kind: ListKind::Task,
            items: new,
        }],
    ) = (before, added.as_mut_slice())
    {
        if matches!(kind, ListKind::Bullet | ListKind::Task) {
            *kind = ListKind::Task;
            items.append(new);
            return Ok(());
        }
    }
    blocks.splice(at..at, added);
    Ok(())
}

/// What placeholders are filled from.
#[derive(Debug, Clone, Copy)]
pub struct Fill<'a> {
    pub contacts: &'a Contacts,
    pub first_name: Option<&'a str>,
    pub words: &'a Words,
    pub sections: &'a [(String, String)],
}

impl Fill<'_> {
    /// The words a placeholder stands for, or `None` for a pointer to a section the handout
    /// does not have.
    pub fn value(&self, placeholder: &Placeholder) -> Option<String> {
        match placeholder {
            Placeholder::See(id) => {
                let (_, title) = self.sections.iter().find(|(i, _)| i == id)?;
                Some(fill(
                    &self.words.see_section,
                    &[
                        ("title", title),
                        ("page", &refs::marker(&refs::section_anchor(id))),
                    ],
                ))
            }
            Placeholder::FirstName => Some(self.first_name.unwrap_or("you").to_string()),
            Placeholder::Clinic => Some(self.contacts.who(self.words)),
            Placeholder::CallClinic => Some(self.contacts.call_clinic(self.words)),
            Placeholder::CallAfterHours => Some(self.contacts.call_after_hours(self.words)),
            Placeholder::Emergency => Some(self.contacts.emergency.clone()),
        }
    }

    /// Fills the placeholder runs of inline text; gives the name of one that cannot be filled.
    pub fn inlines(&self, inl: &mut Inlines) -> Result<(), String> {
        if !inl.iter().any(|s| s.placeholder.is_some()) {
            return Ok(());
        }
        for run in inl.iter_mut() {
            if let Some(p) = run.placeholder.take() {
                let name = run.text.trim_matches(|c| c == '{' || c == '}').to_string();
                run.text = self.value(&p).ok_or(name)?;
                run.style.private |= p == Placeholder::FirstName && self.first_name.is_some();
            }
        }
        // a filled run reads on with the text around it, as one run of its style and link
        let mut merged: Inlines = Vec::with_capacity(inl.len());
        for run in inl.drain(..) {
            match merged.last_mut() {
                Some(last) if last.style == run.style && last.link == run.link => {
                    last.text.push_str(&run.text)
                }
                _ => merged.push(run),
            }
        }
        *inl = merged;
        Ok(())
    }

    /// Fills plain text (a heading) that may hold placeholders.
    pub fn text(&self, text: &str) -> Result<String, String> {
        if !text.contains('{') {
            return Ok(text.to_string());
        }
        let mut inl = markup::split_plain_placeholders(text)?;
        self.inlines(&mut inl)?;
        Ok(plain_text(&inl))
    }

    /// Fills every placeholder of a block tree; gives the name of one that cannot be filled.
    pub fn blocks(&self, blocks: &mut [Block]) -> Result<(), String> {
        for b in blocks {
            match b {
                Block::SubHeading(t) => *t = self.text(t)?,
                Block::Paragraph(i) => self.inlines(i)?,
                Block::List { items, .. } => {
                    for item in items {
                        self.blocks(item)?;
                    }
                }
                Block::Table { header, rows } => {
                    for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                        self.inlines(cell)?;
                    }
                }
                Block::Callout { blocks, .. } | Block::When { blocks, .. } => {
                    self.blocks(blocks)?
                }
                Block::Icon { block, .. } => self.blocks(std::slice::from_mut(&mut **block))?,
                Block::WriteIn { .. } | Block::Warning(_) => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::words;

    fn when<'a>(t: &'a [String], tailored: bool, s: &'a [(String, String)]) -> When<'a> {
        When {
            treatments: t,
            cancer: None,
            tailored,
            sections: s,
        }
    }

    fn text(blocks: &[Block]) -> String {
        let mut out = Vec::new();
        blocks.iter().for_each(|b| b.text_blocks(&mut out));
        out.join("|")
    }

    #[test]
    fn when_blocks_follow_the_patient_and_the_sections_present() {
        let body = markup::parse("a\n::: when treatments=bone-medicine\nb\n:::\nc\n").unwrap();
        let d = ["denosumab".to_string()];
        let r = ["radiation".to_string()];
        let kept = |w: &When| text(&filter_when(body.clone(), w));
        assert_eq!(kept(&when(&d, true, &[])), "a|b|c");
        assert_eq!(kept(&when(&r, true, &[])), "a|c");
        assert_eq!(kept(&when(&[], false, &[])), "a|b|c");
        let see = markup::parse("::: when section=jaw-care\nRead {see:jaw-care}.\n:::\n").unwrap();
        let jaw = [("jaw-care".to_string(), "Jaw".to_string())];
        assert_eq!(filter_when(see.clone(), &when(&[], false, &[])), vec![]);
        assert_eq!(
            text(&filter_when(see, &when(&[], false, &jaw))),
            "Read {see:jaw-care}."
        );
    }

    #[test]
    fn questions_go_before_the_write_in_lines_and_join_the_list_there() {
        let mut blocks = markup::parse("- [ ] One?\n\n::: lines 6\n").unwrap();
        add_questions(&mut blocks, &["Can I *garden*?".into()], Some(3)).unwrap();
        // the patient's question is marked as theirs, the section's own item is not
        let Block::List { items, .. } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        let private = |item: &[Block]| match &item[0] {
            Block::Paragraph(i) => i.iter().all(|s| s.style.private),
            other => panic!("{other:?}"),
        };
        assert!(!private(&items[0]) && private(&items[1]));
        let mut want =
            markup::parse("- [ ] One?\n\n- [ ] Can I \\*garden\\*?\n\n::: lines 3\n").unwrap();
        if let Block::List { items, .. } = &mut want[0] {
            crate::document::mark_private(&mut items[1]);
        }
        assert_eq!(blocks, want);
        let mut plain = markup::parse("Text.\n").unwrap();
        add_questions(&mut plain, &["Why?".into()], Some(2)).unwrap();
        let mut want = markup::parse("Text.\n\n::: lines 2\n\n- [ ] Why?\n").unwrap();
        crate::document::mark_private(&mut want[2..]);
        assert_eq!(
            plain, want,
            "lines added at the end come before the questions, as they always did"
        );
    }

    #[test]
    fn placeholders_fill_from_one_formatter_and_read_on_as_one_run() {
        let contacts = Contacts {
            clinic: Some("Riverside".into()),
            phone: Some("555-010-2000".into()),
            after_hours: None,
            emergency: "911".into(),
            day_and_night: false,
        };
        let fill = Fill {
            contacts: &contacts,
            first_name: Some("Ana"),
            words: words("en"),
            sections: &[],
        };
        let mut blocks =
            markup::parse("## Call {clinic}\n\nCall **{call_clinic}**, {first_name}.\n").unwrap();
        fill.blocks(&mut blocks).unwrap();
        assert_eq!(blocks[0], Block::SubHeading("Call Riverside".into()));
        match &blocks[1] {
            Block::Paragraph(i) => {
                assert_eq!(plain_text(i), "Call Riverside at 555-010-2000, Ana.");
                // the patient's name is a run of its own, marked as theirs
                assert_eq!(i.len(), 5, "{i:?}");
                assert!(i[3].text == "Ana" && i[3].style.private, "{i:?}");
                assert!(!i[2].style.private && !i[4].style.private);
            }
            other => panic!("{other:?}"),
        }
        let mut link = markup::parse("Ask [{clinic} now](tel:555-010-2000) today.").unwrap();
        fill.blocks(&mut link).unwrap();
        match &link[0] {
            Block::Paragraph(i) => {
                assert_eq!(plain_text(i), "Ask Riverside now (555-010-2000) today.");
                assert_eq!(i.len(), 3, "a filled placeholder keeps its link: {i:?}");
                assert_eq!(i[1].text, "Riverside now (555-010-2000)");
                assert!(i[1].link.is_some() && i[0].link.is_none());
            }
            other => panic!("{other:?}"),
        }
        let mut see = markup::parse("Read {see:jaw-care}.").unwrap();
        assert_eq!(fill.blocks(&mut see), Err("see:jaw-care".to_string()));
    }
}
