//! `handout batch`: many tailored handouts from one manifest.
//!
//! A clinic rarely needs one handout; it needs one per patient on tomorrow's list. This module
//! exists so that a spreadsheet (CSV) or a TOML list of patients, plus one ordinary definition
//! file used as a template, becomes one PDF per row, built on every core, without the clinic
//! writing a definition per patient.
//!
//! The rules it keeps:
//!
//! * Everything that can be checked before building is checked before anything is written: the
//!   manifest's columns, the file-name pattern, every row's file name (unsafe characters,
//!   clashes — across the whole manifest, so every shard refuses the same manifests).
//! * A row is built exactly as `handout build` would build its definition: the template is parsed
//!   and checked once, and the row's values are laid onto it as an [`Overlay`]
//!   (`crate::overlay`). `--emit-definitions DIR` writes that definition as TOML, so anyone can
//!   check a batch file against a single build.
//! * Fonts, the library and the shaping cache live in one [`Engine`], shared by reference by the
//!   threads; each PDF is written (atomically, [`write_atomic_unsynced`]; one flush to disk at the
//!   end makes the whole batch durable) as soon as it is made and then
//!   dropped. A CSV manifest is read twice, a row at a time (once to plan, once to build), and
//!   the clash check keeps a 64-bit fingerprint per name, so memory stays flat however long the
//!   manifest is (about 22 MB for a million rows). A TOML manifest is read whole.
//! * A bad row is reported by its file:line (as an editor counts lines), row number, patient id
//!   and output file, with its reason, and the batch goes on; the exit code is non-zero if any
//!   row failed.
//! * `--shard K/N` builds the rows whose 0-based index `i` has `i % N == K - 1`, so N machines
//!   can share one manifest with no coordination.
//!
//! The parts: [`manifest`] (CSV and TOML rows), [`pattern`] (file names and their safety),
//! [`template`] (row definitions and row errors), [`plan`] (templates, names, clashes, shards,
//! stale files), [`run`] (the parallel build) and [`report`] (what the user is told). Each layer
//! has its own error enum; the message is made from it once, where it is printed.
//!
//! [`Overlay`]: crate::overlay::Overlay

pub mod manifest;
pub mod pattern;
pub mod plan;
pub mod report;
pub mod run;
pub mod template;
#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use crate::Engine;

pub use manifest::{Manifest, ManifestError, Row, COLUMNS};
pub use pattern::{check_file_name, Pattern, PatternError, PATTERN_FIELDS};
pub use plan::{PlanError, Shard};
pub use run::RunError;
pub use template::{RowError, Template, TemplateError};

/// The file-name pattern used when neither `--pattern` nor the manifest gives one.
pub const DEFAULT_PATTERN: &str = "{patient.id}-{template}.pdf";

/// Arguments of `handout batch`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "\
Manifest columns (CSV header, or keys of a TOML [[entry]]):
  patient.id, patient.name, patient.treatments (separated by ';' in CSV), patient.cancer,
  patient.language, clinic.name, clinic.phone, clinic.after_hours, clinic.logo,
  clinic.logo_alt, template
An empty cell keeps the template's value. A template named in the manifest is taken relative to
the manifest; a logo is taken relative to the template.

Languages: a row's patient.language (\"es\", \"en\") overrides the template's `language`, so
one run makes each patient's handout in their own language. When the template NAME.toml has a
twin NAME.LANG.toml beside it (batch-template.es.toml), a row in LANG uses the twin, which
gives the title and subtitle in that language.

File-name pattern placeholders:
  {patient.id} {patient.name} {patient.cancer} {patient.language} {clinic.name} {template}
  {row}

Sharding: --shard K/N builds the rows whose 0-based index i has i % N == K-1, so N machines
(a Kubernetes Indexed Job, a Slurm job array) can split one manifest. Names are checked over
the whole manifest in every shard.")]
pub struct BatchArgs {
    /// The manifest: CSV (one row per handout) or TOML (a list of [[entry]] tables).
    pub manifest: PathBuf,
    /// The output folder (created if missing).
    #[arg(
        short = 'o',
        long = "out-dir",
        value_name = "OUT_DIR",
        default_value = "out"
    )]
    pub out_dir: PathBuf,
    /// The definition used as a template for rows without a `template` column.
    #[arg(long, value_name = "DEFINITION")]
    pub template: Option<PathBuf>,
    /// The output file-name pattern [default: the manifest's `output`, else
    /// "{patient.id}-{template}.pdf"].
    #[arg(long, value_name = "PATTERN")]
    pub pattern: Option<String>,
    /// Build only shard K of N (1-based K): the rows whose 0-based index i has i % N == K-1.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Worker threads [default: one per core].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Leave rows whose output file already exists (to finish a killed batch).
    #[arg(long)]
    pub skip_existing: bool,
    /// Also write each row's definition (the exact text built, logo paths made absolute) to DIR
    /// as <output name>.toml; `handout build` on it gives the same PDF, byte for byte.
    #[arg(long, value_name = "DIR")]
    pub emit_definitions: Option<PathBuf>,
    /// Print a machine-readable summary (JSON) on standard output.
    #[arg(long)]
    pub json: bool,
    /// Set from the global `--quiet`: no progress bar and no summary line.
    #[arg(skip)]
    pub quiet: bool,
}

// ---------------------------------------------------------------------------------------------
// Manifest

/// Why a batch stopped (a failed row is not one: it is reported and the batch goes on).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("--threads must be at least 1")]
    NoThreads,
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error(transparent)]
    Pattern(#[from] PatternError),
    #[error("{0}")]
    Engine(crate::Error),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Run(#[from] RunError),
    #[error("the manifest could not be read to the end: {0}")]
    ReadToEnd(ManifestError),
}

/// Runs `handout batch`: plans over the whole manifest (templates, names), then builds this
/// shard's rows in parallel, reading the manifest a second time.
pub fn run(args: &BatchArgs) -> Result<ExitCode, BatchError> {
    let start = Instant::now();
    let threads = match args.threads {
        Some(0) => return Err(BatchError::NoThreads),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let manifest = Manifest::load(&args.manifest)?;
    let pattern_text = args
        .pattern
        .clone()
        .or_else(|| manifest.pattern.clone())
        .unwrap_or_else(|| DEFAULT_PATTERN.to_string());
    let pattern = Pattern::parse(&pattern_text)?;
    let engine = Engine::new().map_err(BatchError::Engine)?;
    let plan = plan::plan(args, &manifest, &pattern, &engine)?;
    let mut tally = run::execute(args, &manifest, &pattern, &engine, &plan, threads)?;
    let summary = report::Summary {
        manifest: &manifest.path,
        pattern: pattern.as_str(),
        rows_total: plan.rows_total,
        selected: plan.selected,
        threads,
        seconds: start.elapsed().as_secs_f64(),
    };
    report::print(args, &summary, &tally);
    if let Some(e) = tally.read_error.take() {
        return Err(BatchError::ReadToEnd(e));
    }
    Ok(if tally.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
