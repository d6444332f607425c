//! `handout check` for Spanish sections: graded with Fernández-Huerta and INFLESZ
//! (higher is easier) instead of the English grade, with their own targets and their own
//! table, since a plain Spanish sentence scores "grade 9" on the English formula.

use serde::Serialize;

use super::{shorten, style_lines, Report, SectionReport, Targets};
use crate::readability::{analyze, spanish, SpanishReadability};

/// A Spanish section passes at Fernández-Huerta 70 or more ("algo fácil", about grade 6-7)...
pub const DEFAULT_MIN_FERNANDEZ_HUERTA: f64 = 70.0;
/// ...and INFLESZ 65 or more ("bastante fácil").
pub const DEFAULT_MIN_INFLESZ: f64 = 65.0;

/// The lowest scores a Spanish section may have.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SpanishTargets {
    pub min_fernandez_huerta: f64,
    pub min_inflesz: f64,
}

/// One Spanish section's figures; it is above the target when either score is too low.
pub fn measure(
    id: Option<String>,
    title: String,
    blocks: &[String],
    targets: Targets,
) -> SectionReport {
    let scores = spanish::analyze(blocks);
    SectionReport {
        id,
        title,
        language: "es".into(),
        above_target: below(&scores, targets),
        readability: analyze(blocks),
        spanish: Some(scores),
    }
}

fn below(scores: &SpanishReadability, t: Targets) -> bool {
    scores.words > 0
        && (scores.fernandez_huerta < t.min_fernandez_huerta || scores.inflesz < t.min_inflesz)
}

/// The table, the details of the sections that are too hard, the style, and the verdict.
pub fn render(report: &Report, t: &SpanishTargets) -> String {
    let mut out = format!(
        "{}: {} Spanish sections, target Fernández-Huerta {} or higher and INFLESZ {} or higher\n\n",
        report.checked,
        report.sections.len(),
        t.min_fernandez_huerta,
        t.min_inflesz
    );
    let width = report
        .sections
        .iter()
        .map(|s| shorten(s.name()).chars().count())
        .max()
        .unwrap_or(0)
        .max("all sections".len());
    out.push_str(&format!(
        "  {:width$}  {:>5}  {:>9}  {:>5}  {:>7}  {:>7}\n",
        "section", "words", "sentences", "FH", "INFLESZ", "longest"
    ));
    for s in &report.sections {
        if let Some(r) = &s.spanish {
            let mark = if s.above_target { '!' } else { ' ' };
            out.push_str(&row(mark, &shorten(s.name()), r, width));
        }
    }
    if let Some(total) = &report.total_spanish {
        out.push_str(&row(' ', "all sections", total, width));
    }
    for s in report.sections.iter().filter(|s| s.above_target) {
        if let Some(r) = &s.spanish {
            out.push_str(&too_hard(s, r, t));
        }
    }
    if let Some(style) = &report.style {
        out.push('\n');
        out.push_str(&style_lines(style));
    }
    out.push('\n');
    out.push_str(&verdict(report));
    out
}

fn row(mark: char, name: &str, r: &SpanishReadability, width: usize) -> String {
    format!(
        "{mark} {name:width$}  {:>5}  {:>9}  {:>5.1}  {:>7.1}  {:>7}\n",
        r.words, r.sentences, r.fernandez_huerta, r.inflesz, r.longest_sentence_words
    )
}

fn too_hard(s: &SectionReport, r: &SpanishReadability, t: &SpanishTargets) -> String {
    let mut out = format!(
        "\n{} \"{}\" is too hard (Fernández-Huerta {:.1}, target {}; INFLESZ {:.1} \"{}\", target {})\n",
        s.id.as_ref().map_or("section", |_| "library section"),
        s.name(),
        r.fernandez_huerta,
        t.min_fernandez_huerta,
        r.inflesz,
        spanish::inflesz_band(r.inflesz),
        t.min_inflesz
    );
    out.push_str(&format!(
        "  longest sentence ({} words): {}\n",
        r.longest_sentence_words, r.longest_sentence
    ));
    if !r.hardest_words.is_empty() {
        out.push_str(&format!(
            "  longest words: {}\n",
            r.hardest_words.join(", ")
        ));
    }
    out.push_str("  help: split long sentences and use shorter, everyday words\n");
    out
}

fn verdict(report: &Report) -> String {
    let above = report.sections.iter().filter(|s| s.above_target).count();
    let broken = report
        .style
        .as_ref()
        .is_some_and(|s| s.floor_broken.is_some());
    match (above, broken) {
        (0, false) => {
            "ok: every Spanish section meets the Fernández-Huerta and INFLESZ targets\n".to_string()
        }
        (0, true) => "FAILED: a large-print floor is broken\n".into(),
        (n, b) => format!(
            "FAILED: {n} section(s) below the Spanish targets{}\n",
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
    use crate::check::report;
    use crate::readability::Language;

    #[test]
    fn a_spanish_section_is_graded_with_the_spanish_scores() {
        let easy = vec![
            "Mis notas".to_string(),
            "Use estas líneas para escribir sus preguntas.".to_string(),
        ];
        let hard = vec!["La administración intravenosa de bisfosfonatos disminuye \
            considerablemente la probabilidad de complicaciones esqueléticas."
            .to_string()];
        let r = report(
            "x".into(),
            (Language::Spanish, Targets::grade(7.0)),
            vec![(None, "Fácil".into(), easy), (None, "Difícil".into(), hard)],
            None,
        );
        assert_eq!(r.language, "es");
        assert!(!r.sections[0].above_target, "{:?}", r.sections[0].spanish);
        assert!(r.sections[1].above_target);
        assert!(!r.ok);
        let text = render(&r, r.spanish_targets.as_ref().unwrap());
        assert!(text.contains("INFLESZ"), "{text}");
        assert!(text.contains("\"Difícil\" is too hard"), "{text}");
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["sections"][0]["language"], "es");
        assert!(json["sections"][0]["spanish"]["fernandez_huerta"].is_number());
        assert!(json["sections"][0]["spanish"]["inflesz"].is_number());
    }

    #[test]
    fn the_spanish_library_meets_its_targets() {
        let r = crate::check::check_library_in("es", Targets::grade(7.0)).unwrap();
        assert!(r.sections.len() >= 3, "{:?}", r.sections.len());
        for s in &r.sections {
            let sp = s.spanish.as_ref().unwrap();
            assert!(!s.above_target, "{}: {sp:?}", s.name());
        }
        assert!(r.ok);
    }
}
