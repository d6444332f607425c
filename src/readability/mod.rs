//! Readability figures for `handout check`, by language.
//!
//! This module holds what every language shares: splitting a text's blocks into words and
//! sentences, counting syllables with the language's counter, and finding the longest sentence
//! and the hardest words; then [`analyze_in`] dispatches on the language's primary subtag to
//! its scores: English ([`english`]: Flesch-Kincaid grade and SMOG, as the audit tool measures
//! them) and Spanish ([`spanish`]: Fernández-Huerta and INFLESZ / Szigriszt-Pazos).
//!
//! Words and sentences are split as the shared audit tool `pdf_audit.py` splits them (its
//! `WORD_RE` and `ABBREV_RE` regexes and its sentence split, ported to plain string code):
//!
//! * a word is a run of letters/digits, optionally joined by internal apostrophes
//!   (`'` or `’`) or hyphens (`[^\W_]+(?:['’-][^\W_]+)*`);
//! * a sentence ends at a run of `.`, `!` or `?` followed by white space, the end of the
//!   block, or a closing quote/bracket; the full stop of a known abbreviation ("e.g.", "Dr.",
//!   "etc.", ...) does not end one; and every block (paragraph, list item, heading, table
//!   cell) ends a sentence, so a heading without a full stop is one sentence. Spanish opening
//!   marks ("¿", "¡") are not word characters, so they change nothing.
//!
//! `unicode-segmentation` is deliberately not used for words or sentences: its UAX #29
//! rules count "e.g.", "2.5" and "fine.Then" as one word and "follow-up" as two, and break
//! sentences after "Dr. ", so its counts differ from the audit tool's.

pub mod english;
pub mod spanish;

pub use english::{analyze, count_syllables, Readability};
pub use spanish::SpanishReadability;

/// Abbreviations whose full stop does not end a sentence (lower case, without the final dot).
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "dr", "mr", "mrs", "ms", "prof", "st", "no", "approx", "min", "max",
    "fig",
];

/// Characters that may follow a sentence's final punctuation (besides white space).
const CLOSERS: &[char] = &['\'', '"', '\u{2019}', '\u{201D}', ')', ']'];

/// How many words the hardest-words list holds at most.
const HARDEST_WORDS_MAX: usize = 5;

/// The language whose rules measure a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
    Spanish,
}

impl Language {
    /// By the primary subtag of a language tag ("es", "es-MX" → Spanish); English otherwise.
    pub fn of(tag: &str) -> Language {
        match crate::locale::primary(tag).as_str() {
            "es" => Language::Spanish,
            _ => Language::English,
        }
    }

    /// The primary subtag ("en", "es").
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Spanish => "es",
        }
    }
}

/// A text's scores in its language.
#[derive(Debug, Clone, PartialEq)]
pub enum Scores {
    English(Readability),
    Spanish(SpanishReadability),
}

/// Measures `blocks` with the rules of `language`.
pub fn analyze_in<S: AsRef<str>>(language: Language, blocks: &[S]) -> Scores {
    match language {
        Language::English => Scores::English(english::analyze(blocks)),
        Language::Spanish => Scores::Spanish(spanish::analyze(blocks)),
    }
}

/// What every language counts in a text made of blocks.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Counts {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
    /// Words of `hard_from` syllables or more.
    pub polysyllables: usize,
    pub longest_sentence: String,
    pub longest_sentence_words: usize,
    pub hardest_words: Vec<String>,
}

/// Counts the words, sentences and syllables of `blocks`; the end of each block also ends a
/// sentence; blocks without words are ignored.
pub(crate) fn count<S: AsRef<str>>(
    blocks: &[S],
    syllables_of: fn(&str) -> usize,
    hard_from: usize,
) -> Counts {
    let mut tally = Tally {
        syllables_of,
        hard_from,
        words: 0,
        sentences: 0,
        syllables: 0,
        polysyllables: 0,
        longest: None,
        hard_words: Vec::new(),
    };
    for block in blocks {
        tally.add_block(block.as_ref());
    }
    tally.finish()
}

/// Running totals over the blocks seen so far.
struct Tally {
    /// Syllables of one word, in the text's language.
    syllables_of: fn(&str) -> usize,
    /// Words of this many syllables or more are "hard" (and counted as polysyllables).
    hard_from: usize,
    words: usize,
    sentences: usize,
    syllables: usize,
    polysyllables: usize,
    longest: Option<Sentence>,
    /// Distinct lower-cased words of 3+ syllables in first-seen order, with their syllables.
    hard_words: Vec<(String, usize)>,
}

impl Tally {
    fn add_block(&mut self, text: &str) {
        let tokens = word_tokens(text);
        if tokens.is_empty() {
            return;
        }
        self.words += tokens.len();
        for token in tokens {
            self.add_word(token);
        }
        let found = sentences(text);
        // A block with words always holds a sentence; `max(1, ..)` mirrors the audit tool.
        self.sentences += found.len().max(1);
        for sentence in found {
            self.consider_longest(sentence);
        }
    }

    fn add_word(&mut self, word: &str) {
        let syllables = (self.syllables_of)(word);
        self.syllables += syllables;
        if syllables >= self.hard_from {
            self.polysyllables += 1;
            let lower = word.to_lowercase();
            // numbers (phone numbers, doses) count toward the grade but are not "hard words"
            let is_number = word.chars().any(|c| c.is_ascii_digit());
            if !is_number && !self.hard_words.iter().any(|(seen, _)| *seen == lower) {
                self.hard_words.push((lower, syllables));
            }
        }
    }

    fn consider_longest(&mut self, sentence: Sentence) {
        let longer = self
            .longest
            .as_ref()
            .is_none_or(|best| sentence.words > best.words);
        if longer {
            self.longest = Some(sentence);
        }
    }

    fn finish(self) -> Counts {
        let (longest_sentence, longest_sentence_words) = self
            .longest
            .map_or((String::new(), 0), |s| (s.text, s.words));
        Counts {
            words: self.words,
            sentences: self.sentences,
            syllables: self.syllables,
            polysyllables: self.polysyllables,
            longest_sentence,
            longest_sentence_words,
            hardest_words: hardest(self.hard_words),
        }
    }
}

/// One sentence of a block: its trimmed text (with its final punctuation) and word count.
#[derive(Debug, PartialEq)]
pub(crate) struct Sentence {
    pub(crate) text: String,
    words: usize,
}

/// Rounds to one decimal exactly as Python's `round(x, 1)`: the correctly rounded decimal of
/// the binary value, ties to even (which is what `{:.1}` formatting produces).
pub(crate) fn round1(x: f64) -> f64 {
    format!("{x:.1}").parse().unwrap_or(x)
}

/// The words with the most syllables, most first; the stable sort keeps first-seen order on ties.
fn hardest(mut words: Vec<(String, usize)>) -> Vec<String> {
    words.sort_by_key(|&(_, syllables)| std::cmp::Reverse(syllables));
    words
        .into_iter()
        .take(HARDEST_WORDS_MAX)
        .map(|(word, _)| word)
        .collect()
}

// ---------------------------------------------------------------------------------------
// Words and sentences: ports of WORD_RE, ABBREV_RE and the sentence split of `readability`
// ---------------------------------------------------------------------------------------

/// Python's `str.isalnum()`, i.e. the regex class `[^\W_]`.
///
/// `char::is_alphanumeric` agrees for all letters and digits; it also accepts a few
/// combining marks of other scripts that Python does not.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Python's `str.isdigit()`: numeric characters except fractions and Roman numerals.
///
/// Exact for Latin text; numeric signs of some other scripts (e.g. Bengali fractions) still
/// count as digits here and not in Python.
pub(crate) fn is_digit(c: char) -> bool {
    c.is_numeric() && !matches!(c, '\u{BC}'..='\u{BE}' | '\u{2150}'..='\u{2189}')
}

/// Python's regex `\s` on text (Unicode white space plus the separators U+001C..U+001F).
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{1C}'..='\u{1F}')
}

/// A character that may join two parts of one word.
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '-')
}

/// A character of a sentence-ending run.
fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?')
}

/// The words of `text`, as Python's `WORD_RE.findall(text)`.
pub(crate) fn word_tokens(text: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_word_char(chars[i].1) {
            let end = token_end(&chars, i);
            tokens.push(&text[chars[i].0..byte_offset(&chars, end, text.len())]);
            i = end;
        } else {
            i += 1;
        }
    }
    tokens
}

/// Index just past the word that starts at `start`: word characters, then any number of
/// joiner + word characters.
fn token_end(chars: &[(usize, char)], start: usize) -> usize {
    let mut end = skip_word_chars(chars, start);
    while let (Some(&(_, joiner)), Some(&(_, next))) = (chars.get(end), chars.get(end + 1)) {
        if !is_joiner(joiner) || !is_word_char(next) {
            break;
        }
        end = skip_word_chars(chars, end + 1);
    }
    end
}

fn skip_word_chars(chars: &[(usize, char)], start: usize) -> usize {
    let run = chars
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&(_, c)| is_word_char(c))
        .count();
    start + run
}

/// Byte offset of the character at `index`, or `len` past the end.
fn byte_offset(chars: &[(usize, char)], index: usize, len: usize) -> usize {
    chars.get(index).map_or(len, |&(offset, _)| offset)
}

/// The sentences of one block that contain a word, as the audit tool splits them: after
/// `ABBREV_RE` removes abbreviation dots, the text is split at runs of `.!?` followed by
/// white space, the end of the block or a closing quote/bracket.
pub(crate) fn sentences(text: &str) -> Vec<Sentence> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let abbrev_dots = abbreviation_dots(&chars);
    let mut found = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let end = terminal_run_end(&chars, i, &abbrev_dots);
        if end > i && ends_sentence(&chars, end) {
            push_sentence(
                &mut found,
                &text[start..byte_offset(&chars, end, text.len())],
            );
            start = byte_offset(&chars, end, text.len());
            i = end;
        } else {
            i = end.max(i + 1);
        }
    }
    push_sentence(&mut found, &text[start..]);
    found
}

/// Index just past the run of sentence-ending punctuation starting at `start` (equal to
/// `start` when there is none).  Abbreviation dots are not punctuation: Python deletes them.
fn terminal_run_end(chars: &[(usize, char)], start: usize, abbrev_dots: &[usize]) -> usize {
    let run = chars
        .get(start..)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .take_while(|&(k, &(_, c))| is_terminal(c) && !abbrev_dots.contains(&(start + k)))
        .count();
    start + run
}

/// The lookahead `(?=\s|$|['"’”)\]])` after a run of `.!?` that ends before index `end`.
fn ends_sentence(chars: &[(usize, char)], end: usize) -> bool {
    chars
        .get(end)
        .is_none_or(|&(_, c)| is_space(c) || CLOSERS.contains(&c))
}

/// Keeps `piece` as a sentence if it holds a word (Python `WORD_RE.search(p)`).
fn push_sentence(found: &mut Vec<Sentence>, piece: &str) {
    let words = word_tokens(piece).len();
    if words > 0 {
        found.push(Sentence {
            text: piece.trim().to_string(),
            words,
        });
    }
}

/// Indices of the full stops that end an abbreviation, as matched by the audit tool's
/// `\b(?:e\.g|i\.e|etc|vs|Dr|Mr|Mrs|Ms|Prof|St|No|approx|min|max|Fig)\.` (ignoring case).
pub(crate) fn abbreviation_dots(chars: &[(usize, char)]) -> Vec<usize> {
    let mut dots = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match abbreviation_at(chars, i) {
            Some(dot) => {
                dots.push(dot);
                i = dot + 1;
            }
            None => i += 1,
        }
    }
    dots
}

/// Index of the abbreviation's full stop if an abbreviation starts at a word boundary at `i`.
fn abbreviation_at(chars: &[(usize, char)], i: usize) -> Option<usize> {
    let after_word = i > 0 && chars.get(i - 1).is_some_and(|&(_, c)| is_regex_word(c));
    if after_word {
        return None;
    }
    ABBREVIATIONS.iter().find_map(|abbrev| {
        let len = abbrev.chars().count();
        let pattern = abbrev.chars().chain(std::iter::once('.'));
        let text = chars
            .get(i..i + len + 1)?
            .iter()
            .map(|&(_, c)| fold_case(c));
        text.eq(pattern).then_some(i + len)
    })
}

/// Python's regex `\w`: a letter, digit or underscore.
fn is_regex_word(c: char) -> bool {
    is_word_char(c) || c == '_'
}

/// Case folding as Python's `re.IGNORECASE` applies it to ASCII letters, including the
/// non-ASCII letters it treats as equal to them (dotless/dotted i, long s, Kelvin sign).
fn fold_case(c: char) -> char {
    match c {
        '\u{131}' | '\u{130}' => 'i',
        '\u{17F}' => 's',
        '\u{212A}' => 'k',
        _ => c.to_ascii_lowercase(),
    }
}
