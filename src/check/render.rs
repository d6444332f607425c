//! The human-readable `handout check` report: one renderer for every language. What differs
//! between languages (the formula's two score columns, how a section that is too hard and the
//! verdict are worded) comes from a [`Scale`], chosen by the language the sections were
//! graded in; the table, the details, the style lines and the verdict's shape are shared.

use crate::readability::{spanish, Readability, SpanishReadability};

use super::report::{Report, SectionReport, SpanishTargets, StyleReport};

/// The widest a section's name may be in the table before it is shortened.
pub const NAME_WIDTH_MAX: usize = 40;

/// The language-specific half of the report: English grades, or Spanish scores.
enum Scale<'a> {
    English { max_grade: f64 },
    Spanish(&'a SpanishTargets),
}

/// One row's figures, whichever formula made them.
struct Figures<'a> {
    words: usize,
    sentences: usize,
    /// The two scores, in the order of [`Scale::columns`].
    scores: (f64, f64),
    longest_sentence_words: usize,
    longest_sentence: &'a str,
    hard_words: &'a [String],
}

impl<'a> Figures<'a> {
    fn english(r: &'a Readability) -> Self {
        Figures {
            words: r.words,
            sentences: r.sentences,
            scores: (r.fk_grade, r.smog_grade),
            longest_sentence_words: r.longest_sentence_words,
            longest_sentence: &r.longest_sentence,
            hard_words: &r.hardest_words,
        }
    }

    fn spanish(r: &'a SpanishReadability) -> Self {
        Figures {
            words: r.words,
            sentences: r.sentences,
            scores: (r.fernandez_huerta, r.inflesz),
            longest_sentence_words: r.longest_sentence_words,
            longest_sentence: &r.longest_sentence,
            hard_words: &r.hardest_words,
        }
    }
}

impl<'a> Scale<'a> {
    fn of(report: &'a Report) -> Self {
        match &report.spanish_targets {
            Some(t) => Scale::Spanish(t),
            None => Scale::English {
                max_grade: report.max_grade,
            },
        }
    }

    /// The first line: what was checked and against which target.
    fn header(&self, report: &Report) -> String {
        let n = report.sections.len();
        match self {
            Scale::English { max_grade } => format!(
                "{}: {n} section{}, target Flesch-Kincaid grade {max_grade} or lower\n\n",
                report.checked,
                if n == 1 { "" } else { "s" },
            ),
            Scale::Spanish(t) => format!(
                "{}: {n} Spanish sections, target Fernández-Huerta {} or higher and INFLESZ {} or higher\n\n",
                report.checked, t.min_fernandez_huerta, t.min_inflesz
            ),
        }
    }

    /// The two score columns: their headings and widths.
    fn columns(&self) -> [(&'static str, usize); 2] {
        match self {
            Scale::English { .. } => [("FK", 5), ("SMOG", 5)],
            Scale::Spanish(_) => [("FH", 5), ("INFLESZ", 7)],
        }
    }

    /// The table's columns in plain words, printed under it.
    fn columns_explained(&self) -> &'static str {
        match self {
            Scale::English { .. } => "\nFK: Flesch-Kincaid school grade; SMOG: grade from long words; longest: words in the longest sentence; !: above the target.\n",
            Scale::Spanish(_) => "",
        }
    }

    /// A section's figures on this scale (none for a section not graded on it).
    fn figures<'r>(&self, s: &'r SectionReport) -> Option<Figures<'r>> {
        match self {
            Scale::English { .. } => Some(Figures::english(&s.readability)),
            Scale::Spanish(_) => s.spanish.as_ref().map(Figures::spanish),
        }
    }

    fn total<'r>(&self, report: &'r Report) -> Option<Figures<'r>> {
        match self {
            Scale::English { .. } => Some(Figures::english(&report.total)),
            Scale::Spanish(_) => report.total_spanish.as_ref().map(Figures::spanish),
        }
    }

    /// Why a section is too hard: "is above grade 7 (Flesch-Kincaid 8.1, SMOG 9.0)".
    fn too_hard(&self, f: &Figures) -> String {
        let (a, b) = f.scores;
        match self {
            Scale::English { max_grade } => {
                format!("is above grade {max_grade} (Flesch-Kincaid {a:.1}, SMOG {b:.1})")
            }
            Scale::Spanish(t) => format!(
                "is too hard (Fernández-Huerta {a:.1}, target {}; INFLESZ {b:.1} \"{}\", target {})",
                t.min_fernandez_huerta,
                spanish::inflesz_band(b),
                t.min_inflesz
            ),
        }
    }

    /// What the hard words are called: the English formulas count syllables, the Spanish
    /// list shows the longest words.
    fn hard_words_label(&self) -> &'static str {
        match self {
            Scale::English { .. } => "hardest words",
            Scale::Spanish(_) => "longest words",
        }
    }

    /// The verdict when every section meets the target.
    fn all_met(&self, report: &Report) -> String {
        match self {
            Scale::English { max_grade } => {
                let small_print = report
                    .style
                    .as_ref()
                    .is_some_and(|s| !s.small_print_warnings.is_empty());
                format!(
                    "ok: every section is at grade {max_grade} or lower{}\n",
                    match (&report.style, small_print) {
                        (None, _) => "",
                        (Some(_), false) => " and the large-print floors hold",
                        (Some(_), true) =>
                            "; the print is below the large-print floors, as `allow_small_print = true` allows",
                    }
                )
            }
            Scale::Spanish(_) => {
                "ok: every Spanish section meets the Fernández-Huerta and INFLESZ targets\n".into()
            }
        }
    }

    /// "2 sections above grade 7".
    fn not_met(&self, n: usize) -> String {
        match self {
            Scale::English { max_grade } => {
                let word = if n == 1 { "section" } else { "sections" };
                format!("{n} {word} above grade {max_grade}")
            }
            Scale::Spanish(_) => format!("{n} section(s) below the Spanish targets"),
        }
    }
}

/// The table, the details of sections above the target, the style, and the verdict.
pub fn render(report: &Report) -> String {
    let scale = Scale::of(report);
    let mut out = scale.header(report);
    out.push_str(&table(report, &scale));
    out.push_str(scale.columns_explained());
    for s in report.sections.iter().filter(|s| s.above_target) {
        if let Some(f) = scale.figures(s) {
            out.push_str(&details(s, &f, &scale));
        }
    }
    if let Some(style) = &report.style {
        out.push('\n');
        out.push_str(&style_lines(style));
    }
    out.push('\n');
    out.push_str(&verdict(report, &scale));
    out
}

/// One line per section, then the pooled figures.
fn table(report: &Report, scale: &Scale) -> String {
    let width = report
        .sections
        .iter()
        .map(|s| shorten(s.name()).chars().count())
        .max()
        .unwrap_or(0)
        .max("all sections".len());
    let [(a, a_width), (b, b_width)] = scale.columns();
    let mut out = format!(
        "  {:width$}  {:>5}  {:>9}  {a:>a_width$}  {b:>b_width$}  {:>7}\n",
        "section", "words", "sentences", "longest"
    );
    let row = |mark: char, name: &str, f: &Figures| {
        format!(
            "{mark} {name:width$}  {:>5}  {:>9}  {:>a_width$.1}  {:>b_width$.1}  {:>7}\n",
            f.words, f.sentences, f.scores.0, f.scores.1, f.longest_sentence_words
        )
    };
    for s in &report.sections {
        if let Some(f) = scale.figures(s) {
            let mark = if s.above_target { '!' } else { ' ' };
            out.push_str(&row(mark, &shorten(s.name()), &f));
        }
    }
    if let Some(total) = scale.total(report) {
        out.push_str(&row(' ', "all sections", &total));
    }
    out
}

/// A name cut to [`NAME_WIDTH_MAX`] characters, with an ellipsis when cut.
pub fn shorten(name: &str) -> String {
    if name.chars().count() <= NAME_WIDTH_MAX {
        return name.to_string();
    }
    let kept: String = name.chars().take(NAME_WIDTH_MAX - 1).collect();
    format!("{kept}…")
}

/// Why a section is above the target: its longest sentence and hardest words.
fn details(s: &SectionReport, f: &Figures, scale: &Scale) -> String {
    let mut out = format!(
        "\n{} \"{}\" {}\n",
        s.id.as_ref().map_or("section", |_| "library section"),
        s.name(),
        scale.too_hard(f)
    );
    out.push_str(&format!(
        "  longest sentence ({} words): {}\n",
        f.longest_sentence_words, f.longest_sentence
    ));
    if !f.hard_words.is_empty() {
        out.push_str(&format!(
            "  {}: {}\n",
            scale.hard_words_label(),
            f.hard_words.join(", ")
        ));
    }
    out.push_str("  help: split long sentences and use shorter, everyday words\n");
    out
}

fn style_lines(style: &StyleReport) -> String {
    let mut out = match (&style.floor_broken, &style.used) {
        (Some(message), _) => format!("large print: FLOOR BROKEN: {message}\n"),
        (None, Some(u)) => format!(
            "large print: body {} pt, smallest {} pt, margins {:.2} in left, {:.2} in right, {:.2} in top, {:.2} in bottom\n",
            u.body_pt,
            u.smallest_pt,
            u.margins_in.left,
            u.margins_in.right,
            u.margins_in.top,
            u.margins_in.bottom
        ),
        (None, None) => String::new(),
    };
    for w in style
        .small_print_warnings
        .iter()
        .chain(&style.content_warnings)
    {
        out.push_str(&format!("warning: {w}\n"));
    }
    out
}

fn verdict(report: &Report, scale: &Scale) -> String {
    let above = report.sections.iter().filter(|s| s.above_target).count();
    let broken = report
        .style
        .as_ref()
        .is_some_and(|s| s.floor_broken.is_some());
    match (above, broken) {
        (0, false) => scale.all_met(report),
        (0, true) => "FAILED: a large-print floor is broken\n".into(),
        (n, b) => format!(
            "FAILED: {}{}\n",
            scale.not_met(n),
            if b {
                " and a large-print floor is broken"
            } else {
                ""
            }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::measure::report;
    use crate::check::report::Targets;
    use crate::readability::Language;

    fn hard_and_easy(language: Language) -> Report {
        let (easy, hard) = match language {
            Language::English => ("Eat well. Walk a bit.", "Pharmacological interventions necessitate comprehensive multidisciplinary consideration of individualised therapeutic alternatives."),
            Language::Spanish => ("Use estas líneas para escribir sus preguntas.", "La administración intravenosa de bisfosfonatos disminuye considerablemente la probabilidad de complicaciones esqueléticas."),
        };
        report(
            "x".into(),
            (language, Targets::grade(7.0)),
            vec![
                (
                    None,
                    "Easy".into(),
                    vec!["Mis notas".into(), easy.to_string()],
                ),
                (
                    Some("hard-one".into()),
                    "Hard".into(),
                    vec![hard.to_string()],
                ),
            ],
            None,
        )
    }

    #[test]
    fn english_is_graded_in_school_grades() {
        let text = render(&hard_and_easy(Language::English));
        assert!(text.starts_with("x: 2 sections, target Flesch-Kincaid grade 7 or lower\n\n  section       words  sentences     FK   SMOG  longest\n"), "{text}");
        assert!(
            text.contains("\nlibrary section \"hard-one\" is above grade 7 (Flesch-Kincaid"),
            "{text}"
        );
        assert!(text.contains("  hardest words: "), "{text}");
        assert!(
            text.ends_with("\nFAILED: 1 section above grade 7\n"),
            "{text}"
        );
    }

    #[test]
    fn spanish_is_graded_in_its_own_scores() {
        let text = render(&hard_and_easy(Language::Spanish));
        assert!(text.starts_with("x: 2 Spanish sections, target Fernández-Huerta 70 or higher and INFLESZ 65 or higher\n\n  section       words  sentences     FH  INFLESZ  longest\n"), "{text}");
        assert!(
            text.contains("\"hard-one\" is too hard (Fernández-Huerta"),
            "{text}"
        );
        assert!(text.contains("  longest words: "), "{text}");
        assert!(!text.contains("FK: Flesch-Kincaid"), "{text}");
        assert!(
            text.ends_with("\nFAILED: 1 section(s) below the Spanish targets\n"),
            "{text}"
        );
    }

    #[test]
    fn long_names_are_shortened() {
        let long = "a".repeat(60);
        assert_eq!(shorten(&long).chars().count(), NAME_WIDTH_MAX);
        assert_eq!(shorten("short"), "short");
    }
}
