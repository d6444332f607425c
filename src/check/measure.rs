//! Measuring for `handout check`: each section's text graded with its language's formula
//! (Flesch-Kincaid and SMOG for English, Fernández-Huerta and INFLESZ for Spanish, from
//! [`crate::readability`]), the pooled figures, the verdict, and the definition's large print.

use crate::definition::Definition;
use crate::readability::{analyze, spanish, Language, SpanishReadability};
use crate::style::{Style, PT_PER_IN};

use super::report::{
    Margins, Report, SectionReport, SpanishTargets, StyleReport, StyleUsed, Targets,
};

/// A section's name and its text blocks (title first).
pub type SectionText = (Option<String>, String, Vec<String>);

/// Measures each section, pools them all, and decides whether the check passed.
pub fn report(
    checked: String,
    (language, targets): (Language, Targets),
    texts: Vec<SectionText>,
    style: Option<StyleReport>,
) -> Report {
    let all: Vec<&String> = texts.iter().flat_map(|(_, _, blocks)| blocks).collect();
    let total = analyze(&all);
    let spanish = language == Language::Spanish;
    let total_spanish = spanish.then(|| spanish::analyze(&all));
    let sections: Vec<SectionReport> = texts
        .into_iter()
        .map(|(id, title, blocks)| measure(language, targets, id, title, &blocks))
        .collect();
    let floors_hold = style.as_ref().is_none_or(|s| s.floor_broken.is_none());
    let ok = floors_hold && !sections.iter().any(|s| s.above_target);
    Report {
        checked,
        max_grade: targets.max_grade,
        language: language.code().to_string(),
        spanish_targets: spanish.then_some(SpanishTargets {
            min_fernandez_huerta: targets.min_fernandez_huerta,
            min_inflesz: targets.min_inflesz,
        }),
        ok,
        sections,
        total,
        total_spanish,
        style,
    }
}

/// One section's figures in its language; it is above the target when its English grade is
/// too high, or when either Spanish score is too low.
fn measure(
    language: Language,
    targets: Targets,
    id: Option<String>,
    title: String,
    blocks: &[String],
) -> SectionReport {
    let readability = analyze(blocks);
    let (above_target, scores) = match language {
        Language::English => (readability.fk_grade > targets.max_grade, None),
        Language::Spanish => {
            let scores = spanish::analyze(blocks);
            (below(&scores, targets), Some(scores))
        }
    };
    SectionReport {
        id,
        title,
        language: language.code().into(),
        above_target,
        readability,
        spanish: scores,
    }
}

fn below(scores: &SpanishReadability, t: Targets) -> bool {
    scores.words > 0
        && (scores.fernandez_huerta < t.min_fernandez_huerta || scores.inflesz < t.min_inflesz)
}

/// The definition's large print, or the floor it breaks.
pub fn style_report(def: &Definition) -> StyleReport {
    match def.style.check(&def.source_map(), false) {
        Ok((style, warnings)) => StyleReport {
            floor_broken: None,
            used: Some(style_used(&style)),
            small_print_warnings: warnings,
            content_warnings: Vec::new(),
        },
        Err(e) => StyleReport {
            floor_broken: Some(e.to_string()),
            used: None,
            small_print_warnings: Vec::new(),
            content_warnings: Vec::new(),
        },
    }
}

fn style_used(style: &Style) -> StyleUsed {
    let inches = |pt: f32| (pt / PT_PER_IN * 100.0).round() / 100.0;
    StyleUsed {
        body_pt: style.body_pt,
        smallest_pt: style.small_pt,
        margins_in: Margins {
            left: inches(style.margin_left_pt),
            right: inches(style.margin_right_pt),
            top: inches(style.margin_top_pt),
            bottom: inches(style.margin_bottom_pt),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_above_the_target_fails_the_report() {
        let hard = vec![
            "Hard".to_string(),
            "Pharmacological interventions necessitate comprehensive multidisciplinary \
             consideration of individualised therapeutic alternatives."
                .to_string(),
        ];
        let easy = vec!["Easy".to_string(), "Eat well. Walk a bit.".to_string()];
        let r = report(
            "x".into(),
            (Language::English, Targets::grade(7.0)),
            vec![(None, "Hard".into(), hard), (None, "Easy".into(), easy)],
            None,
        );
        assert!(!r.ok);
        assert!(r.sections[0].above_target);
        assert!(!r.sections[1].above_target);
        assert_eq!(
            r.total.words,
            r.sections
                .iter()
                .map(|s| s.readability.words)
                .sum::<usize>()
        );
    }

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
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["sections"][0]["language"], "es");
        assert!(json["sections"][0]["spanish"]["fernandez_huerta"].is_number());
        assert!(json["sections"][0]["spanish"]["inflesz"].is_number());
    }
}
