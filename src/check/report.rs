//! What `handout check` found, as data: the targets, each section's figures, the pooled
//! figures and the definition's large print. These types are the `--json` report's shape
//! (serde), and what [`super::render`] words as a table.

use serde::Serialize;

use crate::readability::{Readability, SpanishReadability};

/// A Spanish section passes at Fernández-Huerta 70 or more ("algo fácil", about grade 6-7)...
pub const DEFAULT_MIN_FERNANDEZ_HUERTA: f64 = 70.0;
/// ...and INFLESZ 65 or more ("bastante fácil").
pub const DEFAULT_MIN_INFLESZ: f64 = 65.0;

/// The targets a section must meet: a grade for English, two scores for Spanish.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Targets {
    pub max_grade: f64,
    pub min_fernandez_huerta: f64,
    pub min_inflesz: f64,
}

impl Targets {
    /// The default targets with `max_grade` for English.
    pub fn grade(max_grade: f64) -> Targets {
        Targets {
            max_grade,
            min_fernandez_huerta: DEFAULT_MIN_FERNANDEZ_HUERTA,
            min_inflesz: DEFAULT_MIN_INFLESZ,
        }
    }
}

/// The lowest scores a Spanish section may have.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SpanishTargets {
    pub min_fernandez_huerta: f64,
    pub min_inflesz: f64,
}

/// Everything `check` found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// What was checked: the definition's path, or "library".
    pub checked: String,
    /// The target: the highest grade a section may have.
    pub max_grade: f64,
    /// The language the sections are graded in ("en" or "es").
    pub language: String,
    /// For Spanish: the lowest Fernández-Huerta and INFLESZ scores a section may have.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spanish_targets: Option<SpanishTargets>,
    /// True when no section is above the target and no large-print floor is broken.
    pub ok: bool,
    pub sections: Vec<SectionReport>,
    /// Pooled figures over the text of every section together (what the audit tool measures
    /// over a whole PDF).
    pub total: Readability,
    /// For Spanish: the pooled Spanish scores.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_spanish: Option<SpanishReadability>,
    /// The definition's large print; `None` for `--library`, which has no definition.
    pub style: Option<StyleReport>,
}

impl Report {
    /// The report as pretty-printed JSON, ending with a newline.
    pub fn to_json(&self) -> Result<String, String> {
        let mut json = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        json.push('\n');
        Ok(json)
    }
}

/// One section's figures.
#[derive(Debug, Clone, Serialize)]
pub struct SectionReport {
    /// The library id; `None` for a section written inline in the definition.
    pub id: Option<String>,
    pub title: String,
    /// The section's language ("en" or "es").
    pub language: String,
    /// True when `fk_grade` is above the target (for Spanish: when Fernández-Huerta or INFLESZ
    /// is below its target).
    pub above_target: bool,
    /// The English figures (for a Spanish section the word, sentence and longest-sentence
    /// counts hold; its grade is not used).
    #[serde(flatten)]
    pub readability: Readability,
    /// For a Spanish section: the scores that decide `above_target`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spanish: Option<SpanishReadability>,
}

impl SectionReport {
    /// The id, or the title for an inline section.
    pub fn name(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.title)
    }
}

/// The large-print floors of a definition's style.
#[derive(Debug, Clone, Serialize)]
pub struct StyleReport {
    /// Why the style breaks a floor (the same message `handout build` gives), or `None`.
    pub floor_broken: Option<String>,
    /// The sizes and margins used; `None` when a floor is broken.
    pub used: Option<StyleUsed>,
    /// Warnings from `allow_small_print = true` (body text below the large-print floor).
    pub small_print_warnings: Vec<String>,
    /// Warnings about what the handout tells the reader (a warning box with no after-hours
    /// number to call), the same `handout build` prints.
    pub content_warnings: Vec<String>,
}

/// Sizes and margins a definition's handout is laid out with.
#[derive(Debug, Clone, Serialize)]
pub struct StyleUsed {
    pub body_pt: f32,
    /// The smallest text size used anywhere (footers, captions, table cells).
    pub smallest_pt: f32,
    pub margins_in: Margins,
}

/// Page margins in inches.
#[derive(Debug, Clone, Serialize)]
pub struct Margins {
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}
