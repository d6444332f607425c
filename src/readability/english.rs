//! English readability, as the shared audit tool `pdf_audit.py` measures it: clinics keep every
//! section of a handout at Flesch-Kincaid grade 7 or lower, and the finished PDF is audited by
//! that tool, so these figures must agree with it. This is a faithful port of its
//! `count_syllables` and `readability` functions:
//!
//! * a hyphenated word counts once, with the syllables of its parts summed;
//! * syllables come from an English vowel-group heuristic with an exceptions table,
//!   silent-e / -es / -ed rules and extra syllables for 'ia', vowel + 'ing' and vowel + 'ism';
//!   a word with digits has one syllable (two if it has three or more digits).

use super::{count, is_digit, round1};

/// Words the vowel-group heuristic gets wrong, with their syllable counts (as in the audit tool).
const SYLLABLE_EXCEPTIONS: &[(&str, usize)] = &[
    ("area", 3),
    ("idea", 3),
    ("being", 2),
    ("create", 2),
    ("created", 3),
    ("people", 2),
    ("every", 2),
    ("everyone", 3),
    ("business", 2),
    ("different", 3),
    ("evening", 2),
    ("interest", 3),
    ("family", 3),
    ("several", 3),
    ("medicine", 3),
    ("medicines", 3),
    ("vegetable", 4),
    ("vegetables", 4),
    ("doesn't", 2),
    ("fire", 1),
    ("hour", 1),
    ("hours", 1),
    ("our", 1),
    ("science", 2),
    ("quiet", 2),
    ("diet", 2),
    ("via", 2),
    ("real", 1),
    ("really", 2),
    ("toward", 2),
    ("towards", 2),
    ("usual", 3),
    ("usually", 4),
    ("ago", 2),
];

/// Endings after which a final "es" is kept as a syllable.
const SOUNDED_ES: &[&str] = &["ses", "zes", "xes", "ces", "ges", "ches", "shes"];

/// Figures for a piece of text made of blocks (paragraphs, list items, headings, table cells).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Readability {
    /// Number of words.
    pub words: usize,
    /// Number of sentences; every block with words ends at least one.
    pub sentences: usize,
    /// Total syllables of all words.
    pub syllables: usize,
    /// Words of three or more syllables.
    pub polysyllables: usize,
    /// Flesch-Kincaid grade, `0.39 * words/sentences + 11.8 * syllables/words - 15.59`,
    /// rounded to one decimal; 0.0 when there are no words.
    pub fk_grade: f64,
    /// SMOG grade, `1.0430 * sqrt(polysyllables * 30 / sentences) + 3.1291`, rounded to one
    /// decimal; 0.0 when there are no sentences.
    pub smog_grade: f64,
    /// The sentence with the most words (the first one on a tie), trimmed.
    pub longest_sentence: String,
    /// Number of words in `longest_sentence`.
    pub longest_sentence_words: usize,
    /// Up to five distinct words (lower-cased) of three or more syllables, most syllables
    /// first, ties in the order first seen.
    pub hardest_words: Vec<String>,
}

/// Measures the readability of `blocks`, each a paragraph, list item, heading or table cell.
///
/// The end of each block also ends a sentence, so pass headings and list items as blocks of
/// their own.  Blocks without words are ignored.
pub fn analyze<S: AsRef<str>>(blocks: &[S]) -> Readability {
    let c = count(blocks, count_syllables, 3);
    Readability {
        words: c.words,
        sentences: c.sentences,
        syllables: c.syllables,
        polysyllables: c.polysyllables,
        fk_grade: fk_grade(c.words, c.sentences, c.syllables),
        smog_grade: smog_grade(c.polysyllables, c.sentences),
        longest_sentence: c.longest_sentence,
        longest_sentence_words: c.longest_sentence_words,
        hardest_words: c.hardest_words,
    }
}

/// Heuristic English syllable count of one word, as the audit tool counts it.
///
/// A hyphenated word ("follow-up") counts the sum of its parts, as the audit tool does for
/// a hyphenated word in running text.  A word containing digits counts one syllable, or two
/// with three or more digits.  Returns 0 for a word without letters or digits.
pub fn count_syllables(word: &str) -> usize {
    word.split('-')
        .filter(|part| !part.is_empty())
        .map(part_syllables)
        .sum()
}

fn fk_grade(words: usize, sentences: usize, syllables: usize) -> f64 {
    if words == 0 || sentences == 0 {
        return 0.0;
    }
    let words_per_sentence = words as f64 / sentences as f64;
    let syllables_per_word = syllables as f64 / words as f64;
    round1(0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59)
}

fn smog_grade(polysyllables: usize, sentences: usize) -> f64 {
    if sentences == 0 {
        return 0.0;
    }
    round1(1.0430 * (polysyllables as f64 * 30.0 / sentences as f64).sqrt() + 3.1291)
}

// ---------------------------------------------------------------------------------------
// Syllables: a port of `count_syllables` in pdf_audit.py
// ---------------------------------------------------------------------------------------

/// Syllables of one word without hyphens (Python `count_syllables`).
fn part_syllables(word: &str) -> usize {
    let lower = word.to_lowercase().replace('\u{2019}', "'");
    let digits = lower.chars().filter(|&c| is_digit(c)).count();
    if digits > 0 {
        return if digits <= 2 { 1 } else { 2 };
    }
    if let Some(count) = exception(&lower) {
        return count;
    }
    let letters: String = lower.chars().filter(char::is_ascii_lowercase).collect();
    match letters.len() {
        0 => 0,
        1..=3 => 1,
        _ => vowel_syllables(letters.strip_prefix('y').unwrap_or(&letters)),
    }
}

fn exception(word: &str) -> Option<usize> {
    SYLLABLE_EXCEPTIONS
        .iter()
        .find(|(known, _)| *known == word)
        .map(|&(_, count)| count)
}

/// Syllables of a word of ASCII lower-case letters whose leading 'y' is already dropped.
fn vowel_syllables(word: &str) -> usize {
    let stem = drop_silent_ending(word);
    let count = vowel_groups(stem)
        + ia_count(stem)
        + usize::from(ends_with_vowel_then(stem, "ing", "aeiouy"))
        + usize::from(ends_with_vowel_then(stem, "ism", "aeiou"));
    count.max(1)
}

/// Drops a silent final 'e' (but keeps consonant + "le"), a silent "es" or a silent "ed".
fn drop_silent_ending(word: &str) -> &str {
    if word.ends_with('e') && !word.ends_with("ee") && !word.ends_with("ye") {
        if ends_with_consonant_le(word) {
            word
        } else {
            word.strip_suffix('e').unwrap_or(word)
        }
    } else if word.ends_with("es") && !SOUNDED_ES.iter().any(|end| word.ends_with(end)) {
        word.strip_suffix("es").unwrap_or(word)
    } else if word.ends_with("ed") && !word.ends_with("ted") && !word.ends_with("ded") {
        word.strip_suffix("ed").unwrap_or(word)
    } else {
        word
    }
}

/// True for "-ble", "-tle" and the like: a consonant (not 'y') before a final "le".
fn ends_with_consonant_le(word: &str) -> bool {
    word.strip_suffix("le")
        .and_then(|rest| rest.chars().next_back())
        .is_some_and(|c| !"aeiouy".contains(c))
}

/// Number of runs of vowels (`[aeiouy]+`).
fn vowel_groups(word: &str) -> usize {
    let mut groups = 0;
    let mut in_vowels = false;
    for c in word.chars() {
        let vowel = "aeiouy".contains(c);
        if vowel && !in_vowels {
            groups += 1;
        }
        in_vowels = vowel;
    }
    groups
}

/// Number of "ia" not preceded by 'c', 't' or 's' (di-a-be-tes, but spe-cial).
fn ia_count(word: &str) -> usize {
    let bytes = word.as_bytes();
    (0..bytes.len())
        .filter(|&i| bytes[i..].starts_with(b"ia"))
        .filter(|&i| i == 0 || !b"cts".contains(&bytes[i - 1]))
        .count()
}

/// True when `word` ends with one of `vowels` followed by `ending` (e.g. "see-ing").
fn ends_with_vowel_then(word: &str, ending: &str, vowels: &str) -> bool {
    word.strip_suffix(ending)
        .and_then(|rest| rest.chars().next_back())
        .is_some_and(|c| vowels.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readability::{abbreviation_dots, sentences, word_tokens};

    /// Expected counts are what pdf_audit.py gives for each word, i.e.
    /// `sum(count_syllables(p) for p in word.split("-") if p)`.
    const SYLLABLES: &[(&str, usize)] = &[
        // exceptions table (case and curly apostrophe folded)
        ("area", 3),
        ("idea", 3),
        ("being", 2),
        ("People", 2),
        ("medicines", 3),
        ("vegetables", 4),
        ("doesn\u{2019}t", 2),
        ("usually", 4),
        ("hours", 1),
        ("fire", 1),
        ("quiet", 2),
        ("business", 2),
        // silent e, kept "ee"/"ye", consonant + "le"
        ("make", 1),
        ("bone", 1),
        ("agree", 2),
        ("goodbye", 2),
        ("fracture", 2),
        ("table", 2),
        ("little", 2),
        ("whistle", 2),
        ("queue", 1),
        // "-es": silent, and sounded after s/z/x/c/g/ch/sh
        ("tubes", 1),
        ("notes", 1),
        ("smiles", 1),
        ("eyes", 1),
        ("boxes", 2),
        ("washes", 2),
        ("changes", 2),
        ("places", 2),
        ("metastases", 4),
        ("bisphosphonates", 4),
        // "-ed": silent, and sounded after t/d
        ("helped", 1),
        ("walked", 1),
        ("treated", 2),
        ("needed", 2),
        ("added", 2),
        // "ia" (not after c/t/s), vowel + "ing", vowel + "ism"
        ("bacteria", 4),
        ("diabetes", 3),
        ("analgesia", 4),
        ("special", 2),
        ("initial", 3),
        ("radiation", 4),
        ("calcium", 2),
        ("seeing", 2),
        ("going", 2),
        ("dying", 2),
        ("tourism", 2),
        ("racism", 2),
        // leading y, short words, plain vowel groups
        ("yellow", 2),
        ("yes", 1),
        ("the", 1),
        ("pain", 1),
        ("cancer", 2),
        ("medication", 4),
        ("oncologist", 4),
        ("radiotherapy", 5),
        ("physiotherapy", 5),
        ("hyperactive", 4),
        ("zoledronic", 4),
        ("denosumab", 4),
        // non-ASCII letters are dropped
        ("caf\u{e9}", 1),
        ("na\u{ef}ve", 1),
        // apostrophes
        ("you\u{2019}ll", 1),
        ("it's", 1),
        ("can\u{2019}t", 1),
        // digits: 1 syllable for up to two digits, else 2; fractions are not digits
        ("10mg", 1),
        ("2nd", 1),
        ("100", 2),
        ("2024", 2),
        ("m\u{b2}", 1),
        ("\u{bd}", 0),
        ("1\u{bd}", 1),
        // hyphenated words sum their parts
        ("follow-up", 3),
        ("self-care", 2),
        ("X-ray", 2),
        ("COVID-19", 3),
        ("well-being", 3),
        ("three-times-a-day", 4),
    ];

    #[test]
    fn syllables_match_the_audit_tool() {
        let wrong: Vec<_> = SYLLABLES
            .iter()
            .map(|&(word, want)| (word, want, count_syllables(word)))
            .filter(|&(_, want, got)| want != got)
            .collect();
        assert!(wrong.is_empty(), "(word, python, rust): {wrong:?}");
    }

    #[test]
    fn syllables_of_no_letters_is_zero() {
        assert_eq!(count_syllables(""), 0);
        assert_eq!(count_syllables("-"), 0);
        assert_eq!(count_syllables("\u{e9}\u{e9}"), 0);
    }

    /// Figures that pdf_audit.py's `readability()` gives for a list of blocks.
    struct Expected {
        words: usize,
        sentences: usize,
        syllables: usize,
        polysyllables: usize,
        fk_grade: f64,
    }

    fn assert_matches_audit(blocks: &[&str], want: &Expected) {
        let got = analyze(blocks);
        let got_figures = (
            got.words,
            got.sentences,
            got.syllables,
            got.polysyllables,
            got.fk_grade,
        );
        let want_figures = (
            want.words,
            want.sentences,
            want.syllables,
            want.polysyllables,
            want.fk_grade,
        );
        assert_eq!(got_figures, want_figures, "blocks: {blocks:?}");
    }

    const HEADING_AND_LIST: &[&str] = &[
        "What to expect after treatment",
        "Dr. Patel will see you about two weeks after your last dose. \
         Bring a list of your medicines, e.g. tablets, sprays and creams.",
        "Pain that is getting worse",
        "A new weakness in your legs",
        "Call us straight away if you notice any of these.",
    ];

    const QUESTIONS: &[&str] = &[
        "Questions to ask",
        "Is it safe to drive? Ask your care team before you try. \
         They'll tell you what is right for you!",
        "Write your questions down... Bring them with you.",
        "\u{201C}Will it hurt?\u{201D} Most people feel only mild discomfort. \
         (Some feel nothing.) Rest if you need to.",
    ];

    const NUMBERS: &[&str] = &[
        "Your doses",
        "Take 2.5 mg at 8 a.m. each day with food.",
        "Zoledronic acid: one 15-minute drip every 3\u{2013}4 weeks.",
        "No. 5 on the list is the follow-up X-ray in week 12.",
        "Drink approx. 2 litres of fluid a day, i.e. about 8 glasses.",
    ];

    const TABLE_CELLS: &[&str] = &[
        "Medicine",
        "When",
        "Denosumab",
        "Every 4 weeks",
        "Vitamin D and calcium",
        "Once a day",
        "",
        "\u{2022} \u{2014}",
        "Don\u{2019}t stop taking them without talking to your doctor, nurse, pharmacist etc. first.",
    ];

    const DENSE: &[&str] = &[
        "Understanding bone metastases",
        "Metastatic cancer occasionally spreads to the skeleton, particularly the vertebrae, \
         pelvis and ribs, where it can weaken the bone and cause considerable discomfort, \
         hypercalcaemia or pathological fractures.",
        "Radiotherapy, bisphosphonates and denosumab are different treatments vs. the same \
         underlying problem; your oncologist will explain which combination is appropriate \
         for your individual situation.",
    ];

    #[test]
    fn heading_abbreviations_and_list_items_match_the_audit_tool() {
        let want = Expected {
            words: 50,
            sentences: 6,
            syllables: 63,
            polysyllables: 1,
            fk_grade: 2.5,
        };
        assert_matches_audit(HEADING_AND_LIST, &want);
    }

    #[test]
    fn questions_ellipses_and_closing_quotes_match_the_audit_tool() {
        let want = Expected {
            words: 48,
            sentences: 10,
            syllables: 56,
            polysyllables: 1,
            fk_grade: 0.0,
        };
        assert_matches_audit(QUESTIONS, &want);
    }

    #[test]
    fn numbers_and_hyphenated_words_match_the_audit_tool() {
        let want = Expected {
            words: 48,
            sentences: 6,
            syllables: 62,
            polysyllables: 3,
            fk_grade: 2.8,
        };
        assert_matches_audit(NUMBERS, &want);
    }

    #[test]
    fn table_cells_and_empty_blocks_match_the_audit_tool() {
        let want = Expected {
            words: 26,
            sentences: 7,
            syllables: 41,
            polysyllables: 4,
            fk_grade: 4.5,
        };
        assert_matches_audit(TABLE_CELLS, &want);
    }

    #[test]
    fn dense_text_matches_the_audit_tool() {
        let want = Expected {
            words: 54,
            sentences: 3,
            syllables: 126,
            polysyllables: 21,
            fk_grade: 19.0,
        };
        assert_matches_audit(DENSE, &want);
    }

    #[test]
    fn sentences_split_as_the_audit_tool_does() {
        // (text, words per sentence) from pdf_audit.py's split of the same block.
        let cases: &[(&str, &[usize])] = &[
            (HEADING_AND_LIST[1], &[12, 12]),
            (QUESTIONS[1], &[5, 7, 8]),
            (QUESTIONS[3], &[3, 6, 3, 5]),
            (NUMBERS[1], &[8, 4]),
            (NUMBERS[3], &[12]),
            (TABLE_CELLS[7], &[]),
            ("It is fine.Really fine", &[5]),
        ];
        for &(text, want) in cases {
            let got: Vec<usize> = sentences(text).iter().map(|s| s.words).collect();
            assert_eq!(got, want, "text: {text:?}");
        }
    }

    #[test]
    fn words_split_as_the_audit_tool_does() {
        let got = word_tokens("Don\u{2019}t -- re-check 2.5mg e.g. x_y self-care- 'ok'");
        let want = [
            "Don\u{2019}t",
            "re-check",
            "2",
            "5mg",
            "e",
            "g",
            "x",
            "y",
            "self-care",
            "ok",
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn abbreviation_dots_need_a_word_boundary_and_ignore_case() {
        let dots = |text: &str| abbreviation_dots(&text.char_indices().collect::<Vec<_>>());
        assert_eq!(dots("DR. MRS. e.g. Etc."), [2, 7, 12, 17]);
        assert_eq!(dots("admin. _Dr. 3Dr. Stop."), Vec::<usize>::new());
    }

    #[test]
    fn longest_sentence_and_hardest_words() {
        let got = analyze(DENSE);
        assert_eq!(got.longest_sentence_words, 27);
        assert!(got.longest_sentence.starts_with("Metastatic cancer"));
        assert!(got.longest_sentence.ends_with("pathological fractures."));
        let hardest = [
            "hypercalcaemia",
            "occasionally",
            "particularly",
            "considerable",
            "pathological",
        ];
        assert_eq!(got.hardest_words, hardest);
        assert_eq!(got.smog_grade, 18.2);
    }

    #[test]
    fn hardest_words_are_distinct_lower_case_and_ordered() {
        let got = analyze(&["Medicine and MEDICINE; zoledronic 15-minute follow-up."]);
        // "15-minute" counts toward the grade but, holding a number, is not listed as hard
        let want = ["zoledronic", "medicine", "follow-up"];
        assert_eq!(got.hardest_words, want);
        // pdf_audit.py: 6 words, 17 syllables, 5 of 3+ syllables, grade 20.2
        assert_eq!((got.words, got.syllables, got.polysyllables), (6, 17, 5));
        assert_eq!(got.fk_grade, 20.2);
    }

    #[test]
    fn first_longest_sentence_wins_a_tie() {
        let got = analyze(&["  One two three.  Four five six.  "]);
        assert_eq!(got.longest_sentence, "One two three.");
        assert_eq!(got.longest_sentence_words, 3);
        // pdf_audit.py gives a negative grade for very easy text: -2.6
        assert_eq!(got.fk_grade, -2.6);
    }

    #[test]
    fn no_words_gives_zero_grades() {
        let empty: [&str; 0] = [];
        for blocks in [&empty[..], &["", " \u{2022} ", "..."][..]] {
            let got = analyze(blocks);
            assert_eq!((got.words, got.sentences), (0, 0));
            assert_eq!((got.fk_grade, got.smog_grade), (0.0, 0.0));
            assert_eq!(got.longest_sentence, "");
            assert!(got.hardest_words.is_empty());
        }
    }

    #[test]
    fn rounding_matches_python_round() {
        // Python: round(2.25, 1) == 2.2, round(-1.25, 1) == -1.2, round(0.35, 1) == 0.3
        assert_eq!(round1(2.25), 2.2);
        assert_eq!(round1(-1.25), -1.2);
        assert_eq!(round1(0.35), 0.3);
        assert_eq!(round1(7.06), 7.1);
    }
}
