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
//! (Fernández-Huerta and INFLESZ).
//!
//! The jobs are apart: [`measure`] grades the sections and the large print, [`report`] holds
//! what was found (the `--json` shape), [`render`] words it as a table for either language;
//! this module reads the arguments and gathers the sections' text.

mod measure;
mod render;
mod report;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::definition::{Definition, Request};
use crate::document::Block;
use crate::library::{Library, LibrarySection, Shelf};
use crate::readability::{analyze, Language};
use crate::resolve;

use measure::{report, style_report, SectionText};
use render::render;
pub use report::{
    Margins, Report, SectionReport, SpanishTargets, StyleReport, StyleUsed, Targets,
    DEFAULT_MIN_FERNANDEZ_HUERTA, DEFAULT_MIN_INFLESZ,
};

/// The highest Flesch-Kincaid grade a section may have unless `--max-grade` says otherwise.
pub const DEFAULT_MAX_GRADE: f64 = 7.0;

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
    #[arg(long, value_name = "SCORE", default_value_t = DEFAULT_MIN_FERNANDEZ_HUERTA, value_parser = parse_grade)]
    pub min_fernandez_huerta: f64,
    /// The lowest INFLESZ (Szigriszt-Pazos) score a Spanish section may have.
    #[arg(long, value_name = "SCORE", default_value_t = DEFAULT_MIN_INFLESZ, value_parser = parse_grade)]
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
        report.to_json()?
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
pub fn custom_section_warnings(req: &Request, library: &Library) -> Vec<String> {
    let Ok((doc, _)) = resolve::resolve(req, library, req.style.booklet) else {
        return Vec::new();
    };
    let file = req.file();
    doc.sections
        .iter()
        .filter(|s| s.id.is_none())
        .filter_map(|s| {
            let grade = analyze(&resolve::section_text(s)).fk_grade;
            (grade > DEFAULT_MAX_GRADE).then(|| {
                format!(
                    "{}: the section \"{}\" reads at grade {grade:.1}, above the target of {DEFAULT_MAX_GRADE}\n  help: run `handout check {}` to see its longest sentence and hardest words",
                    file, s.title, file
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
    // a broken large-print floor is part of the report, so the rest is checked without it
    let req = def.check_content().map_err(|e| e.to_string())?;
    let (doc, notes) =
        resolve::resolve(&req, &library, req.style.booklet).map_err(|e| e.to_string())?;
    let texts = doc
        .sections
        .iter()
        .map(|s| (s.id.clone(), s.title.clone(), resolve::section_text(s)))
        .collect();
    let mut style = style_report(&def);
    style.content_warnings = notes.warnings;
    Ok(report(
        path.display().to_string(),
        (Language::of(&req.language), targets),
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
        .collect::<Result<Vec<SectionText>, String>>()?;
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

/// `--max-grade`: a finite number.
fn parse_grade(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(g) if g.is_finite() => Ok(g),
        _ => Err(format!(
            "`{text}` is not a grade; write a number such as 7 or 8.5"
        )),
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
    fn grades_must_be_numbers() {
        assert_eq!(parse_grade("8.5"), Ok(8.5));
        assert!(parse_grade("nan").is_err());
        assert!(parse_grade("seven").is_err());
    }

    #[test]
    fn the_spanish_library_meets_its_targets() {
        let r = check_library_in("es", Targets::grade(7.0)).unwrap();
        assert!(r.sections.len() >= 3, "{:?}", r.sections.len());
        for s in &r.sections {
            let sp = s.spanish.as_ref().unwrap();
            assert!(!s.above_target, "{}: {sp:?}", s.name());
        }
        assert!(r.ok);
    }
}
