//! Explains medical words: the first time a glossary term appears in a paragraph or list item
//! of a handout, its meaning (and a say-it guide) follows it in brackets. Later uses are left
//! alone, and so is a place where the writer already put a bracket after the word.

use memchr::memmem::Finder;

use crate::document::{plain_text, Block, CalloutKind, InlineStyle, Inlines, StyledText};
use crate::library::glossary::Term;
use crate::locale::{fill, Words};

/// Walks a handout in reading order, explaining each term once.
pub struct Explainer<'a> {
    terms: &'a [Term],
    words: &'a Words,
    done: Vec<bool>,
    /// Per term, a searcher for each spelling in ASCII lower case, made once per handout
    /// rather than once per paragraph (the search was a fifth of a build's time).
    finders: Vec<Vec<Finder<'static>>>,
}

impl<'a> Explainer<'a> {
    pub fn new(terms: &'a [Term], words: &'a Words) -> Self {
        let finders = terms
            .iter()
            .map(|t| {
                t.spellings()
                    .iter()
                    .map(|s| Finder::new(s.to_ascii_lowercase().as_bytes()).into_owned())
                    .collect()
            })
            .collect();
        Explainer {
            terms,
            words,
            done: vec![false; terms.len()],
            finders,
        }
    }

    pub fn explain(&mut self, blocks: &mut [Block]) {
        for block in blocks {
            match block {
                Block::Paragraph(inl) => self.explain_inlines(inl),
                Block::List { items, .. } => {
                    for item in items {
                        self.explain(item);
                    }
                }
                // the key points box is a summary in plain words: the body explains
                Block::Callout {
                    kind: CalloutKind::Info,
                    title: Some(t),
                    ..
                } if *t == self.words.key_points => {}
                // a named box's first line is its name: explain in the lines under it
                Block::Callout {
                    title: Some(t),
                    blocks,
                    ..
                } => {
                    let named =
                        matches!(blocks.first(), Some(Block::Paragraph(i)) if plain_text(i) == *t);
                    self.explain(&mut blocks[usize::from(named)..]);
                }
                Block::Callout { blocks, .. } => self.explain(blocks),
                Block::Icon { block, .. } => self.explain(std::slice::from_mut(&mut **block)),
                _ => {}
            }
        }
    }

    fn explain_inlines(&mut self, inl: &mut Inlines) {
        // a link's words and printed address are left as written (a term inside a web address
        // would break it): they are blanked out of the search, byte for byte
        let text: String = inl
            .iter()
            .map(|s| match s.link {
                Some(_) => "\0".repeat(s.text.len()),
                None => s.text.clone(),
            })
            .collect();
        // ASCII lower case keeps every byte offset, so a match in it is a match in `text`
        let folded = text.to_ascii_lowercase();
        // (start, end) of each term's first match here, the longer spelling where two start
        // together ("CT scan" over "CT"), so the meaning follows the whole name
        let found: Vec<(usize, usize, usize)> = (0..self.terms.len())
            .filter(|&t| !self.done[t])
            .filter_map(|t| {
                self.finders[t]
                    .iter()
                    .filter_map(|f| {
                        let len = f.needle().len();
                        find_word(&text, folded.as_bytes(), f).map(|end| (end - len, end))
                    })
                    .min_by_key(|&(start, end)| (start, std::cmp::Reverse(end)))
                    .map(|(start, end)| (start, end, t))
            })
            .collect();
        // (end of the word in `text`, term index), for each term first met here
        let mut inserts: Vec<(usize, usize)> = Vec::new();
        for &(start, end, t) in &found {
            // a term inside a longer one ("ablación" in "ablación por radiofrecuencia") is
            // explained with it, and waits for a use of its own
            let inside = found
                .iter()
                .any(|&(s, e, o)| o != t && s <= start && end <= e && (s, e) != (start, end));
            if inside {
                continue;
            }
            self.done[t] = true;
            // a term the writer already explains, "MRI (scan)", or gives as the name of plain
            // words, "hip area (pelvis)", gets no second bracket
            let explained_already = text[end..].trim_start().starts_with('(')
                || text[..start].trim_end().ends_with('(');
            let overlaps = inserts.iter().any(|(e, _)| *e == end);
            if !explained_already && !overlaps {
                inserts.push((end, t));
            }
        }
        inserts.sort_unstable();
        let lower = text.to_lowercase();
        for (end, t) in inserts.into_iter().rev() {
            let term = &self.terms[t];
            // where the sentence already says what the word means, only the say-it guide is added
            let said = lower.contains(&term.means.to_lowercase());
            let meaning = match (&term.say, said) {
                (Some(say), true) => fill(&self.words.glossary_say_only, &[("say", say)]),
                (Some(say), false) => fill(
                    &self.words.glossary_say,
                    &[("say", say), ("means", &term.means)],
                ),
                (None, true) => continue,
                (None, false) => term.means.clone(),
            };
            insert_at(inl, end, &format!(" ({meaning})"));
        }
    }
}

/// The end (byte offset) of the first whole-word match of the finder's word in `text`, ignoring
/// ASCII case; `folded` is `text` in ASCII lower case.
fn find_word(text: &str, folded: &[u8], word: &Finder) -> Option<usize> {
    let len = word.needle().len();
    if len == 0 {
        return None;
    }
    // a letter or digit of any script joins a word, and so does a private-use character (the
    // markers of page references, so a term inside `{see:ID}` is never touched); "¿" and "«"
    // (Spanish) do not
    let is_word = |c: Option<char>| {
        c.is_some_and(|c| c.is_alphanumeric() || ('\u{E000}'..='\u{F8FF}').contains(&c))
    };
    let mut from = 0;
    while let Some(at) = word.find(&folded[from..]) {
        let (i, end) = (from + at, from + at + len);
        if text.is_char_boundary(i)
            && text.is_char_boundary(end)
            && !is_word(text[..i].chars().next_back())
            && !is_word(text[end..].chars().next())
        {
            return Some(end);
        }
        // the next try starts one byte on, so overlapping matches ("aa" in "aaa") are seen
        from = i + 1;
    }
    None
}

/// Inserts a plain run at byte offset `at` of the runs' joined text.
fn insert_at(inl: &mut Inlines, at: usize, text: &str) {
    let mut start = 0;
    for i in 0..inl.len() {
        let len = inl[i].text.len();
        if at <= start + len {
            let tail = inl[i].text.split_off(at - start);
            let mut pieces = vec![StyledText::new(text, InlineStyle::default())];
            if !tail.is_empty() {
                pieces.push(StyledText {
                    link: inl[i].link.clone(),
                    ..StyledText::new(tail, inl[i].style)
                });
            }
            inl.splice(i + 1..i + 1, pieces);
            return;
        }
        start += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{bold, plain, plain_text};
    use crate::locale::words;

    fn term(t: &str, say: Option<&str>, means: &str) -> Term {
        Term {
            term: t.into(),
            forms: vec![],
            say: say.map(str::to_string),
            means: means.into(),
        }
    }

    #[test]
    fn a_term_is_explained_once_at_its_first_use() {
        let terms = vec![
            term(
                "hypercalcemia",
                Some("high-per-cal-SEE-mee-uh"),
                "too much calcium",
            ),
            term("MRI", None, "a scan with a magnet"),
        ];
        let w = words("en");
        let mut inl = bold("Hypercalcemia");
        inl.extend(plain(" is serious. You may get an MRI."));
        let mut blocks = vec![
            Block::Paragraph(inl),
            Block::Paragraph(plain("Hypercalcemia again, MRI (scan).")),
        ];
        Explainer::new(&terms, w).explain(&mut blocks);
        let first = match &blocks[0] {
            Block::Paragraph(i) => plain_text(i),
            _ => unreachable!(),
        };
        assert_eq!(
            first,
            "Hypercalcemia (say “high-per-cal-SEE-mee-uh”: too much calcium) is serious. You may get an MRI (a scan with a magnet)."
        );
        let second = match &blocks[1] {
            Block::Paragraph(i) => plain_text(i),
            _ => unreachable!(),
        };
        assert_eq!(second, "Hypercalcemia again, MRI (scan).");
    }

    #[test]
    fn a_term_inside_a_link_is_left_as_written_and_explained_at_its_next_use() {
        let terms = vec![term("metastatic", None, "spread")];
        let mut inl = plain("See ");
        inl.push(StyledText {
            link: Some("https://x.org/metastatic-cancer".into()),
            ..plain("our page (https://x.org/metastatic-cancer)")[0].clone()
        });
        inl.extend(plain(" on metastatic cancer."));
        let mut blocks = vec![Block::Paragraph(inl)];
        Explainer::new(&terms, words("en")).explain(&mut blocks);
        let Block::Paragraph(i) = &blocks[0] else {
            unreachable!()
        };
        assert_eq!(
            plain_text(i),
            "See our page (https://x.org/metastatic-cancer) on metastatic (spread) cancer."
        );
        assert_eq!(
            i[1].link.as_deref(),
            Some("https://x.org/metastatic-cancer")
        );
    }

    #[test]
    fn a_term_inside_a_longer_one_is_explained_with_it() {
        let terms = vec![
            term("ablation", None, "heat"),
            term("radiofrequency ablation", None, "heat from radio waves"),
        ];
        let mut blocks = vec![
            Block::Paragraph(plain("You may have radiofrequency ablation.")),
            Block::Paragraph(plain("Ablation helps.")),
        ];
        Explainer::new(&terms, words("en")).explain(&mut blocks);
        let texts: Vec<String> = blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(i) => plain_text(i),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(
            texts,
            [
                "You may have radiofrequency ablation (heat from radio waves).",
                "Ablation (heat) helps."
            ]
        );
    }

    #[test]
    fn a_sentence_that_already_says_the_meaning_gets_only_the_say_it_guide() {
        let terms = vec![term("hypercalcemia", Some("HY-per"), "too much calcium")];
        let mut blocks = vec![Block::Paragraph(plain(
            "Too much calcium is called hypercalcemia.",
        ))];
        Explainer::new(&terms, words("en")).explain(&mut blocks);
        let Block::Paragraph(i) = &blocks[0] else {
            unreachable!()
        };
        assert_eq!(
            plain_text(i),
            "Too much calcium is called hypercalcemia (say “HY-per”)."
        );
    }

    #[test]
    fn the_longest_spelling_at_the_first_match_is_explained_and_brackets_never_nest() {
        let mut ct = term("CT scan", None, "detailed x-ray pictures");
        ct.forms = vec!["CT".into()];
        let terms = vec![ct, term("pelvis", None, "the hip bones")];
        let w = words("en");
        let mut blocks = vec![Block::Paragraph(plain(
            "A CT scan of the hip area (pelvis) helps. Then a CT.",
        ))];
        Explainer::new(&terms, w).explain(&mut blocks);
        let text = match &blocks[0] {
            Block::Paragraph(i) => plain_text(i),
            _ => unreachable!(),
        };
        assert_eq!(
            text,
            "A CT scan (detailed x-ray pictures) of the hip area (pelvis) helps. Then a CT."
        );
    }

    fn find(text: &str, word: &str) -> Option<usize> {
        let finder = Finder::new(word.to_ascii_lowercase().as_bytes()).into_owned();
        find_word(text, text.to_ascii_lowercase().as_bytes(), &finder)
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(find("CTs and a CT.", "CT"), Some(12));
        assert_eq!(find("ACT", "CT"), None);
        assert_eq!(find("¿Hipercalcemia?", "hipercalcemia"), Some(15));
        assert_eq!(find("éhipercalcemia", "hipercalcemia"), None);
        assert_eq!(
            find("\u{E000}section:hypercalcemia\u{E000}", "hypercalcemia"),
            None
        );
    }
}
