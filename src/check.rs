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
//! sentences and syllables exactly as the audit tool does. A Spanish section (a Spanish
//! handout, or `--library --lang es`) is graded with the Spanish scores instead
//! (Fernández-Huerta and INFLESZ, see [`spanish`]).

mod spanish;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use crate::definition::Definition;
use crate::document::Block;
use crate::library::{Library, LibrarySection, Shelf};
use crate::readability::{analyze, Language, Readability, SpanishReadability};
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
    /// The lowest Fernández-Huerta score a Spanish section may have.
    #[arg(long, value_name = "SCORE", default_value_t = spanish::DEFAULT_MIN_FERNANDEZ_HUERTA, value_parser = parse_grade)]
    pub min_fernandez_huerta: f64,
    /// The lowest INFLESZ (Szigriszt-Pazos) score a Spanish section may have.
    #[arg(long, value_name = "SCORE", default_value_t = spanish::DEFAULT_MIN_INFLESZ, value_parser = parse_grade)]
    pub min_inflesz: f64,
    /// With --library: the language of the library to check ("en", or "es" for the Spanish
    /// sections written so far).
    #[arg(long, value_name = "LANG", default_value = "en", requires = "library")]
    pub lang: String,
    /// Print a machine-readable JSON report on standard output instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Set from the global `--quiet`: print the report only when the check fails.
    #[arg(skip)]
    pub quiet: bool,
}

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
            min_fernandez_huerta: spanish::DEFAULT_MIN_FERNANDEZ_HUERTA,
            min_inflesz: spanish::DEFAULT_MIN_INFLESZ,
        }
    }
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
    pub spanish_targets: Option<spanish::SpanishTargets>,
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

/// Runs `handout check`: prints the report and returns exit code 1 when it is not ok.
pub fn run(args: &CheckArgs) -> Result<ExitCode, String> {
    let targets = Targets {
        max_grade: args.max_grade,
        min_fernandez_huerta: args.min_fernandez_huerta,
        min_inflesz: args.min_inflesz,
    };
    let report = match (&args.definition, args.library) {
        (_, true) => check_library_in(&args.lang, targets)?,
        (Some(path), false) => check_definition_with(path, targets)?,
        (None, false) => return Err("name a definition to check, or use --library".into()),
    };
    let text = if args.quiet && report.ok && !args.json {
        String::new()
    } else if args.json {
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

/// Warnings for the sections written in the definition itself (library sections are kept at
/// the target by the project's tests) that read above the default target grade.
pub fn custom_section_warnings(def: &Definition, library: &Library) -> Vec<String> {
    let Ok((doc, _)) = resolve::resolve(def, library, def.style.booklet) else {
        return Vec::new();
    };
    doc.sections
        .iter()
        .filter(|s| s.id.is_none())
        .filter_map(|s| {
            let grade = analyze(&resolve::section_text(s)).fk_grade;
            (grade > DEFAULT_MAX_GRADE).then(|| {
                format!(
                    "{}: the section \"{}\" reads at grade {grade:.1}, above the target of {DEFAULT_MAX_GRADE}\n  help: run `handout check {}` to see its longest sentence and hardest words",
                    def.path.display(),
                    s.title,
                    def.path.display()
                )
            })
        })
        .collect()
}

/// Checks every section a definition resolves to, and its style.
///
/// An error in the definition itself (TOML, unknown section, ...) is `Err` with the message
/// `handout build` prints; a broken large-print floor is part of the report.
pub fn check_definition(path: &Path, max_grade: f64) -> Result<Report, String> {
    check_definition_with(path, Targets::grade(max_grade))
}

/// [`check_definition`] with every target given; the definition's language picks the rules.
pub fn check_definition_with(path: &Path, targets: Targets) -> Result<Report, String> {
    let library = embedded_library()?;
    let def = Definition::load(path).map_err(|e| e.to_string())?;
    let (doc, notes) =
        resolve::resolve(&def, &library, def.style.booklet).map_err(|e| e.to_string())?;
    let texts = doc
        .sections
        .iter()
        .map(|s| (s.id.clone(), s.title.clone(), resolve::section_text(s)))
        .collect();
    let mut style = style_report(&def);
    style.content_warnings = notes.warnings;
    Ok(report(
        path.display().to_string(),
        (Language::of(&def.language), targets),
        texts,
        Some(style),
    ))
}

/// Checks every section of the built-in library as a generic handout (no patient, no clinic)
/// prints it: every `::: when` block kept, placeholders filled with generic words, key points
/// included; and the warning boxes and glossary, which are library text too.
pub fn check_library(max_grade: f64) -> Result<Report, String> {
    check_library_in("en", Targets::grade(max_grade))
}

/// [`check_library`] for the library in `lang` ("en", "es").
pub fn check_library_in(lang: &str, targets: Targets) -> Result<Report, String> {
    let library = embedded_library()?;
    let shelf = library
        .shelf(lang)
        .ok_or_else(|| format!("the library is not written in `{lang}`; use --lang en or es"))?;
    let folder = match shelf.language {
        "en" => String::new(),
        l => format!("{l}/"),
    };
    let mut texts = shelf
        .sections
        .iter()
        .map(|s| Ok((Some(s.id.clone()), s.title.clone(), library_text(shelf, s)?)))
        .collect::<Result<Vec<_>, String>>()?;
    texts.push((
        Some("warnings".into()),
        format!("Warning boxes ({folder}warnings.toml)"),
        shelf.warnings.text_blocks(),
    ));
    texts.push((
        Some("glossary".into()),
        format!("Glossary ({folder}glossary.toml)"),
        shelf.glossary.iter().map(|t| t.means.clone()).collect(),
    ));
    let checked = match shelf.language {
        "en" => "library".to_string(),
        l => format!("library ({l})"),
    };
    Ok(report(
        checked,
        (Language::of(shelf.language), targets),
        texts,
        None,
    ))
}

fn embedded_library() -> Result<Library, String> {
    Library::embedded().map_err(|e| crate::Error::from(e).to_string())
}

/// The text blocks of a library section (its title first), as a generic handout with every
/// other section present prints it.
fn library_text(shelf: Shelf, section: &LibrarySection) -> Result<Vec<String>, String> {
    let damaged = |m: String| format!("handouts/library/{}: {m}", section.file);
    let all: Vec<(String, String)> = shelf
        .sections
        .iter()
        .map(|s| (s.id.clone(), s.title.clone()))
        .collect();
    let when = resolve::When {
        treatments: &[],
        cancer: None,
        tailored: false,
        sections: &all,
    };
    let mut blocks = resolve::filter_when(section.blocks.clone(), &when);
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
    fill.blocks(&mut blocks)
        .map_err(|p| damaged(format!("unknown placeholder `{{{p}}}`")))?;
    let mut out = vec![section.title.clone()];
    out.extend(section.key_points.iter().cloned());
    blocks.iter().for_each(|b: &Block| b.text_blocks(&mut out));
    Ok(out)
}

/// Measures each section, pools them all, and decides whether the check passed.
fn report(
    checked: String,
    (language, targets): (Language, Targets),
    texts: Vec<(Option<String>, String, Vec<String>)>,
    style: Option<StyleReport>,
) -> Report {
    let max_grade = targets.max_grade;
    let all: Vec<&String> = texts.iter().flat_map(|(_, _, blocks)| blocks).collect();
    let total = analyze(&all);
    let total_spanish =
        (language == Language::Spanish).then(|| crate::readability::spanish::analyze(&all));
    let sections: Vec<SectionReport> = texts
        .into_iter()
        .map(|(id, title, blocks)| match language {
            Language::Spanish => spanish::measure(id, title, &blocks, targets),
            Language::English => measure(id, title, &blocks, max_grade),
        })
        .collect();
    let floors_hold = style.as_ref().is_none_or(|s| s.floor_broken.is_none());
    let ok = floors_hold && !sections.iter().any(|s| s.above_target);
    Report {
        checked,
        max_grade,
        language: language.code().to_string(),
        spanish_targets: (language == Language::Spanish).then_some(spanish::SpanishTargets {
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

fn measure(id: Option<String>, title: String, blocks: &[String], max: f64) -> SectionReport {
    let readability = analyze(blocks);
    SectionReport {
        id,
        title,
        language: "en".into(),
        above_target: readability.fk_grade > max,
        readability,
        spanish: None,
    }
}

/// The definition's large print, or the floor it breaks.
fn style_report(def: &Definition) -> StyleReport {
    match Style::from_definition(def, false) {
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
    if let Some(targets) = &report.spanish_targets {
        return spanish::render(report, targets);
    }
    let n = report.sections.len();
    let mut out = format!(
        "{}: {n} section{}, target Flesch-Kincaid grade {} or lower\n\n",
        report.checked,
        if n == 1 { "" } else { "s" },
        report.max_grade
    );
    out.push_str(&table(report));
    out.push_str(COLUMNS_EXPLAINED);
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

/// The table's columns in plain words, printed under it.
const COLUMNS_EXPLAINED: &str = "\nFK: Flesch-Kincaid school grade; SMOG: grade from long words; longest: words in the longest sentence; !: above the target.\n";

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
    for w in style
        .small_print_warnings
        .iter()
        .chain(&style.content_warnings)
    {
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
    let small_print = report
        .style
        .as_ref()
        .is_some_and(|s| !s.small_print_warnings.is_empty());
    match (above, broken) {
        (0, false) => format!(
            "ok: every section is at grade {} or lower{}\n",
            report.max_grade,
            match (&report.style, small_print) {
                (None, _) => "",
                (Some(_), false) => " and the large-print floors hold",
                (Some(_), true) =>
                    "; the print is below the large-print floors, as `allow_small_print = true` allows",
            }
        ),
        (0, true) => "FAILED: a large-print floor is broken\n".into(),
        (n, false) => format!(
            "FAILED: {n} {} above grade {}\n",
            sections_word(n),
            report.max_grade
        ),
        (n, true) => format!(
            "FAILED: {n} {} above grade {} and a large-print floor is broken\n",
            sections_word(n),
            report.max_grade
        ),
    }
}

fn sections_word(n: usize) -> &'static str {
    if n == 1 {
        "section"
    } else {
        "sections"
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
