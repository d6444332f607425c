//! `handout check`: the reading grade of every section and the large-print floors of a
//! definition, measured before anything is printed.
//!
//! Why this module exists: the people these handouts are for are often tired, in pain, on
//! strong medicines, or losing sight, so clinics keep every section at Flesch-Kincaid grade 7
//! or lower and every letter at large-print sizes. The finished PDF is audited by the shared
//! `pdf_audit.py`, but only after a build; `check` gives writers and CI the same figures
//! straight from the definition (or from the whole section library with `--library`), names
//! the sections that are too hard and shows why (their longest sentence and hardest words),
//! and exits 1 when a section is above the target grade or a large-print floor is broken, so a
//! script can gate on it. The figures come from [`crate::readability`], which counts words,
//! sentences and syllables exactly as the audit tool does.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use crate::definition::Definition;
use crate::document::Block;
use crate::library::{Library, LibrarySection};
use crate::markup;
use crate::readability::{analyze, Readability};
use crate::resolve;
use crate::style::{Style, PT_PER_IN};

/// The highest Flesch-Kincaid grade a section may have unless `--max-grade` says otherwise.
pub const DEFAULT_MAX_GRADE: f64 = 7.0;

/// The widest a section's name may be in the table before it is shortened.
const NAME_WIDTH_MAX: usize = 40;

/// Arguments of `handout check`.
#[derive(Debug, Clone, clap::Args)]
#[command(
    override_usage = "handout check [OPTIONS] <DEFINITION>\n       handout check [OPTIONS] --library",
    after_help = "Exit status: 0 when every section is at or below the target grade and the large-print floors hold; 1 otherwise, or on an error in the definition."
)]
pub struct CheckArgs {
    /// The handout definition to check.
    #[arg(required_unless_present = "library", conflicts_with = "library")]
    pub definition: Option<PathBuf>,
    /// Check every section of the built-in library (as a generic handout prints it) instead.
    #[arg(long)]
    pub library: bool,
    /// The highest Flesch-Kincaid grade a section may have.
    #[arg(long, value_name = "GRADE", default_value_t = DEFAULT_MAX_GRADE, value_parser = parse_grade)]
    pub max_grade: f64,
    /// Print a machine-readable JSON report on standard output instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// Everything `check` found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// What was checked: the definition's path, or "library".
    pub checked: String,
    /// The target: the highest grade a section may have.
    pub max_grade: f64,
    /// True when no section is above the target and no large-print floor is broken.
    pub ok: bool,
    pub sections: Vec<SectionReport>,
    /// Pooled figures over the text of every section together (what the audit tool measures
    /// over a whole PDF).
    pub total: Readability,
    /// The definition's large print; `None` for `--library`, which has no definition.
    pub style: Option<StyleReport>,
}

/// One section's figures.
#[derive(Debug, Clone, Serialize)]
pub struct SectionReport {
    /// The library id; `None` for a section written inline in the definition.
    pub id: Option<String>,
    pub title: String,
    /// True when `fk_grade` is above the target.
    pub above_target: bool,
    #[serde(flatten)]
    pub readability: Readability,
}

impl SectionReport {
    /// The id, or the title for an inline section.
    fn name(&self) -> &str {
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

/// Runs `handout check`: prints the report and returns exit code 1 when it is not ok.
pub fn run(args: &CheckArgs) -> Result<ExitCode, String> {
    let report = match (&args.definition, args.library) {
        (_, true) => check_library(args.max_grade)?,
        (Some(path), false) => check_definition(path, args.max_grade)?,
        (None, false) => return Err("name a definition to check, or use --library".into()),
    };
    let text = if args.json {
        let mut json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        json.push('\n');
        json
    } else {
        render(&report)
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| format!("cannot write to standard output: {e}"))?;
    Ok(if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Checks every section a definition resolves to, and its style.
///
/// An error in the definition itself (TOML, unknown section, ...) is `Err` with the message
/// `handout build` prints; a broken large-print floor is part of the report.
pub fn check_definition(path: &Path, max_grade: f64) -> Result<Report, String> {
    let library = embedded_library()?;
    let def = Definition::load(path).map_err(|e| e.to_string())?;
    let (doc, _notes) =
        resolve::resolve(&def, &library, def.style.booklet).map_err(|e| e.to_string())?;
    let texts = doc
        .sections
        .iter()
        .map(|s| (s.id.clone(), s.title.clone(), resolve::section_text(s)))
        .collect();
    let style = style_report(&def);
    Ok(report(
        path.display().to_string(),
        max_grade,
        texts,
        Some(style),
    ))
}

/// Checks every section of the built-in library as a generic handout (no patient, no clinic)
/// prints it: every `::: when` block kept, placeholders filled with generic words, key points
/// included; and the warning boxes and glossary, which are library text too.
pub fn check_library(max_grade: f64) -> Result<Report, String> {
    let library = embedded_library()?;
    let mut texts = library
        .sections
        .iter()
        .map(|s| {
            Ok((
                Some(s.id.clone()),
                s.title.clone(),
                library_text(&library, s)?,
            ))
        })
        .collect::<Result<Vec<_>, String>>()?;
    texts.push((
        Some("warnings".into()),
        "Warning boxes (warnings.toml)".into(),
        library.warnings.text_blocks(),
    ));
    texts.push((
        Some("glossary".into()),
        "Glossary (glossary.toml)".into(),
        library.glossary.iter().map(|t| t.means.clone()).collect(),
    ));
    Ok(report("library".into(), max_grade, texts, None))
}

fn embedded_library() -> Result<Library, String> {
    Library::embedded().map_err(|e| crate::Error::from(e).to_string())
}

/// The text blocks of a library section (its title first), as a generic handout with every
/// other section present prints it.
fn library_text(library: &Library, section: &LibrarySection) -> Result<Vec<String>, String> {
    let damaged = |m: String| format!("handouts/library/{}: {m}", section.file);
    let all: Vec<(String, String)> = library
        .sections
        .iter()
        .map(|s| (s.id.clone(), s.title.clone()))
        .collect();
    let known: Vec<&str> = library.ids().collect();
    let when = resolve::When {
        treatments: &[],
        cancer: None,
        tailored: false,
        sections: &all,
        known_sections: &known,
    };
    let body = resolve::apply_when_blocks(section.body, &when).map_err(damaged)?;
    let generic = resolve::Contacts {
        clinic: None,
        phone: None,
        after_hours: None,
        emergency: "911".into(),
        day_and_night: false,
    };
    let fill = resolve::Fill {
        contacts: &generic,
        first_name: None,
        words: crate::locale::words(&section.language),
        sections: &all,
    };
    let filled = resolve::fill_placeholders(&body, &fill)
        .map_err(|p| damaged(format!("unknown placeholder `{{{p}}}`")))?;
    let blocks = markup::parse(&filled).map_err(|e| damaged(e.to_string()))?;
    let mut out = vec![section.title.clone()];
    out.extend(section.key_points.iter().cloned());
    blocks.iter().for_each(|b: &Block| b.text_blocks(&mut out));
    Ok(out)
}

/// Measures each section, pools them all, and decides whether the check passed.
fn report(
    checked: String,
    max_grade: f64,
    texts: Vec<(Option<String>, String, Vec<String>)>,
    style: Option<StyleReport>,
) -> Report {
    let all: Vec<&String> = texts.iter().flat_map(|(_, _, blocks)| blocks).collect();
    let total = analyze(&all);
    let sections: Vec<SectionReport> = texts
        .into_iter()
        .map(|(id, title, blocks)| measure(id, title, &blocks, max_grade))
        .collect();
    let floors_hold = style.as_ref().is_none_or(|s| s.floor_broken.is_none());
    let ok = floors_hold && !sections.iter().any(|s| s.above_target);
    Report {
        checked,
        max_grade,
        ok,
        sections,
        total,
        style,
    }
}

fn measure(id: Option<String>, title: String, blocks: &[String], max: f64) -> SectionReport {
    let readability = analyze(blocks);
    SectionReport {
        id,
        title,
        above_target: readability.fk_grade > max,
        readability,
    }
}

/// The definition's large print, or the floor it breaks.
fn style_report(def: &Definition) -> StyleReport {
    match Style::from_definition(def, false) {
        Ok((style, warnings)) => StyleReport {
            floor_broken: None,
            used: Some(style_used(&style)),
            small_print_warnings: warnings,
        },
        Err(e) => StyleReport {
            floor_broken: Some(e.to_string()),
            used: None,
            small_print_warnings: Vec::new(),
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

/// `--max-grade`: a finite number.
fn parse_grade(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(g) if g.is_finite() => Ok(g),
        _ => Err(format!(
            "`{text}` is not a grade; write a number such as 7 or 8.5"
        )),
    }
}

// ---------------------------------------------------------------------------------------
// The human-readable report
// ---------------------------------------------------------------------------------------

/// The table, the details of sections above the target, the style, and the verdict.
fn render(report: &Report) -> String {
    let mut out = format!(
        "{}: {} sections, target Flesch-Kincaid grade {} or lower\n\n",
        report.checked,
        report.sections.len(),
        report.max_grade
    );
    out.push_str(&table(report));
    for s in report.sections.iter().filter(|s| s.above_target) {
        out.push_str(&above_target(s, report.max_grade));
    }
    if let Some(style) = &report.style {
        out.push('\n');
        out.push_str(&style_lines(style));
    }
    out.push('\n');
    out.push_str(&verdict(report));
    out
}

/// One line per section, then the pooled figures.
fn table(report: &Report) -> String {
    let width = report
        .sections
        .iter()
        .map(|s| shorten(s.name()).chars().count())
        .max()
        .unwrap_or(0)
        .max("all sections".len());
    let mut out = format!(
        "  {:width$}  {:>5}  {:>9}  {:>5}  {:>5}  {:>7}\n",
        "section", "words", "sentences", "FK", "SMOG", "longest"
    );
    for s in &report.sections {
        let mark = if s.above_target { '!' } else { ' ' };
        out.push_str(&row(mark, &shorten(s.name()), &s.readability, width));
    }
    out.push_str(&row(' ', "all sections", &report.total, width));
    out
}

fn row(mark: char, name: &str, r: &Readability, width: usize) -> String {
    format!(
        "{mark} {name:width$}  {:>5}  {:>9}  {:>5.1}  {:>5.1}  {:>7}\n",
        r.words, r.sentences, r.fk_grade, r.smog_grade, r.longest_sentence_words
    )
}

/// A name cut to [`NAME_WIDTH_MAX`] characters, with an ellipsis when cut.
fn shorten(name: &str) -> String {
    if name.chars().count() <= NAME_WIDTH_MAX {
        return name.to_string();
    }
    let kept: String = name.chars().take(NAME_WIDTH_MAX - 1).collect();
    format!("{kept}…")
}

/// Why a section is above the target: its longest sentence and hardest words.
fn above_target(s: &SectionReport, max: f64) -> String {
    let r = &s.readability;
    let mut out = format!(
        "\n{} \"{}\" is above grade {max} (Flesch-Kincaid {:.1}, SMOG {:.1})\n",
        s.id.as_ref().map_or("section", |_| "library section"),
        s.name(),
        r.fk_grade,
        r.smog_grade
    );
    out.push_str(&format!(
        "  longest sentence ({} words): {}\n",
        r.longest_sentence_words, r.longest_sentence
    ));
    if !r.hardest_words.is_empty() {
        out.push_str(&format!(
            "  hardest words: {}\n",
            r.hardest_words.join(", ")
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
    for w in &style.small_print_warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    out
}

fn verdict(report: &Report) -> String {
    let above = report.sections.iter().filter(|s| s.above_target).count();
    let broken = report
        .style
        .as_ref()
        .is_some_and(|s| s.floor_broken.is_some());
    match (above, broken) {
        (0, false) => format!(
            "ok: every section is at grade {} or lower{}\n",
            report.max_grade,
            if report.style.is_some() {
                " and the large-print floors hold"
            } else {
                ""
            }
        ),
        (0, true) => "FAILED: a large-print floor is broken\n".into(),
        (n, false) => format!("FAILED: {n} section(s) above grade {}\n", report.max_grade),
        (n, true) => format!(
            "FAILED: {n} section(s) above grade {} and a large-print floor is broken\n",
            report.max_grade
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_library_check_covers_the_warning_boxes_and_the_glossary() {
        let r = check_library(7.0).unwrap();
        let ids: Vec<Option<&str>> = r.sections.iter().map(|s| s.id.as_deref()).collect();
        assert!(ids.contains(&Some("warnings")), "{ids:?}");
        assert!(ids.contains(&Some("glossary")), "{ids:?}");
    }

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
            7.0,
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
    fn grades_must_be_numbers() {
        assert_eq!(parse_grade("8.5"), Ok(8.5));
        assert!(parse_grade("nan").is_err());
        assert!(parse_grade("seven").is_err());
    }

    #[test]
    fn long_names_are_shortened() {
        let long = "a".repeat(60);
        assert_eq!(shorten(&long).chars().count(), NAME_WIDTH_MAX);
        assert_eq!(shorten("short"), "short");
    }
}
