//! What a batch tells its user: each failed row as `file:line (row, patient, output): reason`
//! with its help, the one-line summary, and the `--json` summary. The messages of the row errors
//! are made here, once.

use std::path::Path;

use super::manifest::{Manifest, Row};
use super::run::Tally;
use super::template::RowError;
use super::BatchArgs;

/// A row that failed.
#[derive(Debug)]
pub struct Failure {
    /// 1-based row number.
    pub row: usize,
    pub line: usize,
    /// The output file it would have made, where known.
    pub file: Option<String>,
    pub error: RowError,
    /// The row as read (its label names the patient).
    source_row: Row,
}

impl Failure {
    pub fn new(row: Row, file: Option<String>, error: RowError) -> Failure {
        Failure {
            row: row.index + 1,
            line: row.line,
            file,
            error,
            source_row: row,
        }
    }

    /// "m.csv:3 (row 2, patient B2, B2-x.pdf): reason", and a help line where there is one.
    pub fn message(&self, manifest: &Manifest) -> String {
        let mut line = format!(
            "{}: {}",
            manifest.row_label(&self.source_row, self.file.as_deref()),
            self.error
        );
        if let Some(h) = self.error.help() {
            line.push_str(&format!("\n  help: {h}"));
        }
        line
    }
}

/// The run's facts the summary reports.
pub struct Summary<'a> {
    pub manifest: &'a Path,
    pub pattern: &'a str,
    pub rows_total: usize,
    pub selected: usize,
    pub threads: usize,
    pub seconds: f64,
}

/// Prints the warnings, the summary line (unless quiet) and the JSON summary (with `--json`).
pub fn print(args: &BatchArgs, summary: &Summary, tally: &Tally) {
    for w in &tally.warnings {
        eprintln!("warning: {}", crate::files::terminal_safe(w, true));
    }
    if !args.quiet {
        eprintln!("{}", summary_line(args, summary, tally));
    }
    if args.json {
        println!("{:#}", json(args, summary, tally));
    }
}

fn summary_line(args: &BatchArgs, s: &Summary, tally: &Tally) -> String {
    let shard_note = match args.shard {
        Some(k) => format!(" (shard {k}: {} of {} rows)", s.selected, s.rows_total),
        None => String::new(),
    };
    let clean_note = if tally.cleaned > 0 {
        format!(
            "; removed {} partial file(s) left by a killed run",
            tally.cleaned
        )
    } else {
        String::new()
    };
    format!(
        "batch: {} written, {} failed, {} skipped in {:.2} s ({:.0} handouts/s, {} thread{}){shard_note}{clean_note} -> {}",
        tally.written,
        tally.failures.len(),
        tally.skipped,
        s.seconds,
        tally.written as f64 / s.seconds.max(1e-9),
        s.threads,
        if s.threads == 1 { "" } else { "s" },
        args.out_dir.display()
    )
}

fn json(args: &BatchArgs, s: &Summary, tally: &Tally) -> serde_json::Value {
    serde_json::json!({
        "manifest": s.manifest.display().to_string(),
        "output_dir": args.out_dir.display().to_string(),
        "pattern": s.pattern,
        "rows": s.rows_total,
        "shard": args.shard.map(|k| serde_json::json!({"k": k.k, "n": k.n})),
        "selected": s.selected,
        "written": tally.written,
        "failed": tally.failures.len(),
        "skipped": tally.skipped,
        "stale_partials_removed": tally.cleaned,
        "threads": s.threads,
        "seconds": (s.seconds * 1000.0).round() / 1000.0,
        "failures": tally.failures.iter().map(|f| serde_json::json!({
            "row": f.row,
            "line": f.line,
            "file": f.file,
            "reason": f.error.to_string(),
            "help": f.error.help(),
        })).collect::<Vec<_>>(),
    })
}
