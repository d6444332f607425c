//! Spanish readability: a Spanish syllable counter and the two scores Spanish health writers
//! use, Fernández-Huerta (the Flesch reading ease adapted to Spanish) and INFLESZ
//! (Szigriszt-Pazos's perspicuity on the INFLESZ scale). Higher is easier on both; the
//! English grade formulas do not fit Spanish, whose words have more syllables (a plain Spanish
//! sentence scores "grade 9" on Flesch-Kincaid).
//!
//! Spanish spelling shows its syllables, so the counter counts vowel nuclei:
//!
//! * a strong vowel (a, e, o, and any accented vowel) next to another strong vowel is a
//!   hiatus: two syllables ("po-e-ta", "a-é-re-o");
//! * a weak vowel (i, u, ü, final y) next to a strong one, or next to the other weak vowel,
//!   is a diphthong: one syllable ("hue-so", "ciu-dad", "cal-cio"); weak + strong + weak is a
//!   triphthong ("buey", "U-ru-guay");
//! * an accented weak vowel (í, ú) breaks the group: a hiatus ("dí-a", "pa-ís", "ba-úl");
//! * the "u" of "que", "qui", "gue", "gui" is silent ("gue-rra"), the "ü" of "güe", "güi" is
//!   not ("pin-güi-no"); "y" is a vowel only at the end of a word or before a consonant
//!   ("muy", "ley"), a consonant before a vowel ("a-yu-da");
//! * "h", "rr", "ll", "ch" and prefixes such as "sub-" are consonants between nuclei and
//!   change nothing ("sub-ra-yar", "pe-rro", "ca-lle", "no-che", "a-ho-ra").
//!
//! A word with digits counts as in English (one syllable, two with three or more digits), and
//! a hyphenated word sums its parts.

use super::{count, is_digit, round1};

/// Words of this many syllables or more are listed as the hardest words (Spanish words are
/// longer than English ones: "tratamiento" has four).
const HARD_FROM: usize = 4;

/// Figures for a Spanish text made of blocks.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SpanishReadability {
    pub words: usize,
    /// Number of sentences; every block with words ends at least one.
    pub sentences: usize,
    pub syllables: usize,
    /// Words of four or more syllables.
    pub long_words: usize,
    /// Fernández-Huerta, `206.84 - 0.60 * P - 1.02 * F` (P syllables per 100 words, F words
    /// per sentence, as corrected by Law, 2011), rounded to one decimal; 0.0 when there are no
    /// words. 70 or more is "algo fácil" (about grade 6 to 7).
    pub fernandez_huerta: f64,
    /// INFLESZ (Szigriszt-Pazos), `206.835 - 62.3 * syllables/words - words/sentences`,
    /// rounded to one decimal; 0.0 when there are no words. 65 or more is "bastante fácil".
    pub inflesz: f64,
    /// The sentence with the most words (the first one on a tie), trimmed.
    pub longest_sentence: String,
    pub longest_sentence_words: usize,
    /// Up to five distinct words (lower-cased) of four or more syllables, most first.
    pub hardest_words: Vec<String>,
}

/// Measures the readability of Spanish `blocks` (paragraphs, list items, headings, cells).
pub fn analyze<S: AsRef<str>>(blocks: &[S]) -> SpanishReadability {
    let c = count(blocks, count_syllables, HARD_FROM);
    SpanishReadability {
        words: c.words,
        sentences: c.sentences,
        syllables: c.syllables,
        long_words: c.polysyllables,
        fernandez_huerta: fernandez_huerta(c.words, c.sentences, c.syllables),
        inflesz: inflesz(c.words, c.sentences, c.syllables),
        longest_sentence: c.longest_sentence,
        longest_sentence_words: c.longest_sentence_words,
        hardest_words: c.hardest_words,
    }
}

/// The band of the INFLESZ scale a score falls in (Barrio-Cantalejo et al., 2008).
pub fn inflesz_band(score: f64) -> &'static str {
    match score {
        s if s < 40.0 => "muy difícil",
        s if s < 55.0 => "algo difícil",
        s if s < 65.0 => "normal",
        s if s < 80.0 => "bastante fácil",
        _ => "muy fácil",
    }
}

/// Fernández-Huerta's reading ease. Its F is the mean words per sentence: read as "sentences
/// per 100 words" (a transcription error copied widely, found by Gwillim Law in 2011 and
/// corrected on legible.es) the formula would score short sentences as harder.
fn fernandez_huerta(words: usize, sentences: usize, syllables: usize) -> f64 {
    if words == 0 || sentences == 0 {
        return 0.0;
    }
    let syllables_per_100_words = 100.0 * syllables as f64 / words as f64;
    let words_per_sentence = words as f64 / sentences as f64;
    round1(206.84 - 0.60 * syllables_per_100_words - 1.02 * words_per_sentence)
}

fn inflesz(words: usize, sentences: usize, syllables: usize) -> f64 {
    if words == 0 || sentences == 0 {
        return 0.0;
    }
    let syllables_per_word = syllables as f64 / words as f64;
    let words_per_sentence = words as f64 / sentences as f64;
    round1(206.835 - 62.3 * syllables_per_word - words_per_sentence)
}

/// Syllables of one Spanish word (see the module's rules); 0 without letters or digits.
pub fn count_syllables(word: &str) -> usize {
    word.split('-')
        .filter(|part| !part.is_empty())
        .map(part_syllables)
        .sum()
}

fn part_syllables(word: &str) -> usize {
    let digits = word.chars().filter(|&c| is_digit(c)).count();
    if digits > 0 {
        return if digits <= 2 { 1 } else { 2 };
    }
    let letters: Vec<char> = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if letters.is_empty() {
        return 0;
    }
    // an abbreviation without vowels ("mg", "Dr") is read as one syllable at least
    nuclei(&letters).max(1)
}

/// What a letter is, in its place in the word.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Sound {
    Consonant,
    /// a, e, o (accented or not) and the accented í, ú, which stand alone.
    Strong {
        alone: bool,
    },
    /// i, u, ü and a vowel "y".
    Weak(char),
}

fn sound(letters: &[char], i: usize) -> Sound {
    let c = letters[i];
    let prev = i.checked_sub(1).map(|p| letters[p]);
    let next = letters.get(i + 1).copied();
    match c {
        'a' | 'e' | 'o' | 'á' | 'é' | 'ó' | 'à' | 'è' | 'ò' => Sound::Strong { alone: false },
        'í' | 'ú' => Sound::Strong { alone: true },
        // the silent u of "que", "qui", "gue", "gui"
        'u' if prev == Some('q') => Sound::Consonant,
        'u' if prev == Some('g') && matches!(next, Some('e' | 'i' | 'é' | 'í')) => {
            Sound::Consonant
        }
        'i' | 'u' | 'ü' | 'ï' => Sound::Weak(c),
        // "y" is a vowel at the end of a word or before a consonant ("muy", "y"), else a consonant
        'y' if next.is_none_or(sound_is_consonant_letter) => Sound::Weak('i'),
        _ => Sound::Consonant,
    }
}

/// A letter that is never a vowel (for the "y" rule).
fn sound_is_consonant_letter(c: char) -> bool {
    !"aeiouáéíóúüàèòïy".contains(c)
}

/// Number of vowel nuclei: each vowel starts a new syllable unless it forms a diphthong with
/// the vowel just before it.
fn nuclei(letters: &[char]) -> usize {
    let mut count = 0;
    let mut prev = Sound::Consonant;
    for i in 0..letters.len() {
        let cur = sound(letters, i);
        let joins = match (prev, cur) {
            (_, Sound::Consonant) | (Sound::Consonant, _) => false,
            (Sound::Strong { alone: true }, _) | (_, Sound::Strong { alone: true }) => false,
            (Sound::Strong { .. }, Sound::Strong { .. }) => false,
            // the same weak vowel twice ("chi-i-ta") is a hiatus; "iu", "ui" a diphthong
            (Sound::Weak(a), Sound::Weak(b)) => a != b,
            _ => true,
        };
        if cur != Sound::Consonant && !joins {
            count += 1;
        }
        prev = cur;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words and their syllables as a Spanish dictionary divides them.
    const SYLLABLES: &[(&str, usize)] = &[
        // plain words and the library's words
        ("médico", 3),        // mé-di-co
        ("hueso", 2),         // hue-so (diphthong ue)
        ("huesos", 2),        // hue-sos
        ("calcio", 2),        // cal-cio
        ("radiación", 3),     // ra-dia-ción
        ("leucemia", 3),      // leu-ce-mia
        ("ciudad", 2),        // ciu-dad (weak + weak)
        ("cuidado", 3),       // cui-da-do
        ("cáncer", 2),        // cán-cer
        ("tratamiento", 4),   // tra-ta-mien-to
        ("medicamento", 5),   // me-di-ca-men-to
        ("hipercalcemia", 5), // hi-per-cal-ce-mia
        // hiatus: two strong vowels, or an accented i/u
        ("día", 2),    // dí-a
        ("tía", 2),    // tí-a
        ("país", 2),   // pa-ís
        ("baúl", 2),   // ba-úl
        ("reír", 2),   // re-ír
        ("creía", 3),  // cre-í-a
        ("poeta", 3),  // po-e-ta
        ("aéreo", 4),  // a-é-re-o
        ("leer", 2),   // le-er
        ("chiita", 3), // chi-i-ta
        // triphthongs and the vowel y
        ("buey", 1),
        ("Uruguay", 3),   // U-ru-guay
        ("estudiáis", 3), // es-tu-diáis
        ("muy", 1),
        ("hoy", 1),
        ("y", 1),
        ("ayuda", 3), // a-yu-da
        ("leyes", 2), // le-yes
        // rr, ll, ch
        ("perro", 2),       // pe-rro
        ("radiografía", 5), // ra-dio-gra-fí-a
        ("calle", 2),       // ca-lle
        ("llamar", 2),      // lla-mar
        ("noche", 2),       // no-che
        ("leche", 2),       // le-che
        // qu, gu (silent u), gü (sounded)
        ("que", 1),
        ("quimioterapia", 5), // qui-mio-te-ra-pia
        ("guerra", 2),        // gue-rra
        ("guiso", 2),         // gui-so
        ("agua", 2),          // a-gua
        ("pingüino", 3),      // pin-güi-no
        ("vergüenza", 3),     // ver-güen-za
        ("cigüeña", 3),       // ci-güe-ña
        // h between vowels, prefixes
        ("ahora", 3),       // a-ho-ra
        ("prohíbe", 3),     // pro-hí-be
        ("subrayar", 3),    // sub-ra-yar
        ("subterráneo", 5), // sub-te-rrá-ne-o
        // digits, hyphens, capitals, abbreviations
        ("911", 2),
        ("ÁCIDO", 3),
        ("mg", 1),
        ("médico-paciente", 6),
        ("", 0),
    ];

    #[test]
    fn syllables_match_the_dictionary_division() {
        let wrong: Vec<_> = SYLLABLES
            .iter()
            .map(|&(word, want)| (word, want, count_syllables(word)))
            .filter(|&(_, want, got)| want != got)
            .collect();
        assert!(wrong.is_empty(), "(word, want, got): {wrong:?}");
        assert!(SYLLABLES.len() >= 25);
    }

    #[test]
    fn plain_spanish_scores_easy_and_dense_spanish_hard() {
        let plain = analyze(&[
            "Su equipo quiere responder todas sus preguntas.",
            "Lleve esta lista a su consulta.",
            "¿Qué pruebas necesito?",
        ]);
        assert_eq!((plain.words, plain.sentences), (16, 3));
        assert!(plain.fernandez_huerta >= 70.0, "{plain:?}");
        assert!(plain.inflesz >= 65.0, "{plain:?}");
        let dense = analyze(
            &["La administración intravenosa de bisfosfonatos disminuye \
            considerablemente la probabilidad de complicaciones esqueléticas relacionadas \
            con la enfermedad metastásica."],
        );
        assert!(dense.fernandez_huerta < 40.0, "{dense:?}");
        assert!(dense.inflesz < 40.0, "{dense:?}");
        assert_eq!(inflesz_band(dense.inflesz), "muy difícil");
        assert!(dense
            .hardest_words
            .contains(&"considerablemente".to_string()));
    }

    #[test]
    fn the_formulas_are_the_published_ones() {
        // 100 words, 5 sentences, 200 syllables:
        // FH = 206.84 - 0.60 * 200 - 1.02 * 20 = 66.44; INFLESZ = 206.835 - 124.6 - 20 = 62.235
        assert_eq!(fernandez_huerta(100, 5, 200), 66.4);
        // shorter sentences are easier on both
        assert!(fernandez_huerta(100, 10, 200) > fernandez_huerta(100, 5, 200));
        assert!(inflesz(100, 10, 200) > inflesz(100, 5, 200));
        assert_eq!(inflesz(100, 5, 200), 62.2);
        assert_eq!((fernandez_huerta(0, 0, 0), inflesz(0, 0, 0)), (0.0, 0.0));
        assert_eq!(inflesz_band(70.0), "bastante fácil");
    }
}
