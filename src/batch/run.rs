//! Building a planned batch: the manifest read a second time, one row at a time, this shard's
//! rows built on a rayon pool with one shared [`Engine`], each PDF written atomically as soon as
//! it is made (one flush at the end), a progress bar on a terminal, and each failed row reported
//! as it happens.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::output::{flush_folder, write_atomic_unsynced};
use crate::{BuildOptions, Engine};

use super::manifest::{Manifest, ManifestError, Row};
use super::pattern::{print_name, Pattern};
use super::plan::Plan;
use super::report::Failure;
use super::template::{RowError, Template, TemplateError};
use super::BatchArgs;

/// How many rows a batch builds between evictions of memoized PDF resources.
const TRIM_EVERY_ROWS: usize = 256;

/// Why a planned batch cannot start or finish.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{}: cannot create the output folder: {source}", path.display())]
    OutDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: cannot create the folder: {source}", path.display())]
    EmitDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot start {threads} threads: {source}")]
    Threads {
        threads: usize,
        source: rayon::ThreadPoolBuildError,
    },
    #[error(transparent)]
    Manifest(#[from] ManifestError),
}

/// What a run did.
pub struct Tally {
    pub written: usize,
    pub skipped: usize,
    /// In row order.
    pub failures: Vec<Failure>,
    /// The builds' warnings, each once.
    pub warnings: BTreeSet<String>,
    /// Stale temporary files removed.
    pub cleaned: usize,
    /// The manifest stopped being readable part way (the rows before were built).
    pub read_error: Option<ManifestError>,
}

/// One row to build.
struct Job<'a> {
    row: Row,
    template: Result<&'a Template, TemplateError>,
    /// The output file name, or the placeholder that has no value.
    name: Result<String, &'static str>,
}

enum Outcome {
    /// Written, with the build's warnings.
    Written(Vec<String>),
    Skipped,
}

/// Creates the output folders, removes stale temporary files, then builds this shard's rows.
pub fn execute(
    args: &BatchArgs,
    manifest: &Manifest,
    pattern: &Pattern,
    engine: &Engine,
    plan: &Plan,
    threads: usize,
) -> Result<Tally, RunError> {
    let cleaned = prepare_folders(args, plan)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|source| RunError::Threads { threads, source })?;
    let progress = progress_bar(args, plan.selected);
    let say = |line: &str| {
        let line = crate::files::terminal_safe(line, true);
        if progress.is_hidden() {
            eprintln!("{line}");
        } else {
            progress.suspend(|| eprintln!("{line}"));
        }
    };
    let written = AtomicUsize::new(0);
    let skipped = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let failures: Mutex<Vec<Failure>> = Mutex::new(Vec::new());
    let warnings: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let read_error: Mutex<Option<ManifestError>> = Mutex::new(None);
    let options = BuildOptions::default();
    let jobs = manifest
        .rows()?
        .filter_map(|item| match item {
            Ok(row) => args
                .shard
                .is_none_or(|s| s.contains(row.index))
                .then_some(row),
            Err(e) => {
                if let Ok(mut r) = read_error.lock() {
                    *r = Some(e);
                }
                None
            }
        })
        .map(|row| {
            let (template, name) = plan.job_for(manifest, pattern, &row);
            Job {
                row,
                template,
                name,
            }
        });
    pool.install(|| {
        jobs.par_bridge().for_each(|job| {
            match build_row(&job, engine, &options, args) {
                Ok(Outcome::Written(w)) => {
                    written.fetch_add(1, Ordering::Relaxed);
                    if !w.is_empty() {
                        if let Ok(mut all) = warnings.lock() {
                            all.extend(w);
                        }
                    }
                }
                Ok(Outcome::Skipped) => {
                    skipped.fetch_add(1, Ordering::Relaxed);
                }
                Err(error) => {
                    let failure = Failure::new(job.row, job.name.ok(), error);
                    say(&failure.message(manifest));
                    if let Ok(mut f) = failures.lock() {
                        f.push(failure);
                        progress.set_message(format!("{} failed", f.len()));
                    }
                }
            }
            progress.inc(1);
            if done.fetch_add(1, Ordering::Relaxed) % TRIM_EVERY_ROWS == TRIM_EVERY_ROWS - 1 {
                engine.trim_caches();
            }
        })
    });
    progress.finish_and_clear();
    // each file was renamed into place whole; one flush makes the batch durable
    if let Err(e) = flush_folders(args) {
        say(&format!("warning: {e}"));
    }
    let mut failures = failures.into_inner().unwrap_or_default();
    failures.sort_by_key(|f| f.row);
    Ok(Tally {
        written: written.into_inner(),
        skipped: skipped.into_inner(),
        failures,
        warnings: warnings.into_inner().unwrap_or_default(),
        cleaned,
        read_error: read_error.into_inner().unwrap_or_default(),
    })
}

/// Creates the output folders and removes this shard's stale temporary files (how many).
fn prepare_folders(args: &BatchArgs, plan: &Plan) -> Result<usize, RunError> {
    std::fs::create_dir_all(&args.out_dir).map_err(|source| RunError::OutDir {
        path: args.out_dir.clone(),
        source,
    })?;
    if let Some(d) = &args.emit_definitions {
        std::fs::create_dir_all(d).map_err(|source| RunError::EmitDir {
            path: d.clone(),
            source,
        })?;
    }
    let cleaned = plan
        .to_clean
        .iter()
        .filter(|p| std::fs::remove_file(p).is_ok())
        .count();
    Ok(cleaned)
}

/// Flushes the output folder (and the definitions folder) to disk once.
fn flush_folders(args: &BatchArgs) -> Result<(), crate::output::WriteError> {
    if let Some(dir) = &args.emit_definitions {
        let _ = flush_folder(dir);
    }
    flush_folder(&args.out_dir)
}

/// A progress bar on a terminal (unless `--quiet`), else a hidden one.
fn progress_bar(args: &BatchArgs, rows: usize) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() || args.quiet {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::new(rows as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} handouts  {elapsed} elapsed, eta {eta}  {msg}",
    ) {
        pb.set_style(style);
    }
    pb
}

/// Builds and writes one row.
fn build_row(
    job: &Job,
    engine: &Engine,
    options: &BuildOptions,
    args: &BatchArgs,
) -> Result<Outcome, RowError> {
    let row = &job.row;
    if row.blank {
        return Ok(Outcome::Skipped);
    }
    if let Some(p) = &row.problem {
        return Err(RowError::Problem(p.clone()));
    }
    let template = job
        .template
        .as_ref()
        .map_err(|e| RowError::Template(e.clone()))?;
    let name = job.name.as_ref().map_err(|f| RowError::NoValue(f))?;
    let out = args.out_dir.join(name);
    if args.skip_existing && out.exists() {
        return Ok(Outcome::Skipped);
    }
    let def = template.definition_for(row)?;
    if let Some(dir) = &args.emit_definitions {
        let stem = name
            .strip_suffix(".pdf")
            .or_else(|| name.strip_suffix(".PDF"))
            .unwrap_or(name);
        let text = toml::to_string(&def).map_err(RowError::Emit)?;
        write_atomic_unsynced(&dir.join(format!("{stem}.toml")), text.as_bytes())
            .map_err(RowError::Write)?;
    }
    let built = engine
        .build_definition(&def, options)
        .map_err(|e| RowError::from_build(e, template, &def).in_row(row))?;
    write_atomic_unsynced(&out, &built.pdf).map_err(RowError::Write)?;
    if let Some(print) = &built.print_pdf {
        write_atomic_unsynced(&args.out_dir.join(print_name(name)), print)
            .map_err(RowError::Write)?;
    }
    Ok(Outcome::Written(built.warnings))
}
