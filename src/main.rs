//! The `handout` command: argument parsing, exit codes, and printing each error once.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use handout::definition::Definition;
use handout::{BuildOptions, Engine};

#[derive(Parser)]
#[command(
    name = "handout",
    version,
    about = "Large-print, tailored patient-education handouts and booklets (tagged PDF) for people living with bone metastases.",
    after_help = "Examples:\n  handout build handouts/examples/bone-health-basics.toml\n  handout build handouts/examples/tailored-maria.toml -o maria.pdf\n  handout build handouts/examples/bone-health-basics.toml --booklet --date 2026-11-23\n  handout sections\n  handout check --library\n  handout batch handouts/examples/batch.csv --template handouts/examples/batch-template.toml -o out/"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build a handout (or booklet) PDF from a definition.
    Build {
        /// The handout definition (TOML).
        definition: PathBuf,
        /// Output file (default: the definition's name with .pdf, beside it; `-` for stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Make a booklet: half-letter (A5) pages, cover, contents, and an imposed print copy.
        #[arg(long)]
        booklet: bool,
        /// The date printed on a booklet's cover (YYYY-MM-DD); overrides the definition's `date`.
        #[arg(long)]
        date: Option<String>,
    },
    /// List the library's sections: id, title and summary.
    Sections,
    /// Check reading grade and large-print floors of a definition's sections, or of the library.
    Check(handout::check::CheckArgs),
    /// Build many tailored handouts from one manifest (CSV or TOML), in parallel.
    Batch(handout::batch::BatchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {}", terminal_safe(&message));
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Build {
            definition,
            output,
            booklet,
            date,
        } => build(&definition, output, booklet, date),
        Command::Sections => sections(),
        Command::Check(args) => handout::check::run(&args),
        Command::Batch(args) => handout::batch::run(&args),
    }
}

/// Messages quote what the user wrote: escape control characters before they reach a terminal.
fn terminal_safe(message: &str) -> String {
    handout::files::terminal_safe(message, true)
}

fn engine() -> Result<Engine, String> {
    Engine::new().map_err(|e| e.to_string())
}

fn build(
    definition: &Path,
    output: Option<PathBuf>,
    booklet: bool,
    date: Option<String>,
) -> Result<ExitCode, String> {
    if let Some(d) = &date {
        if !handout::definition::is_iso_date(d) {
            return Err(format!(
                "--date {d}: write the date as YYYY-MM-DD, for example --date 2026-11-23"
            ));
        }
    }
    let engine = engine()?;
    let def = Definition::load(definition).map_err(|e| e.to_string())?;
    let out = output.unwrap_or_else(|| definition.with_extension("pdf"));
    if out.as_os_str() != "-" {
        // Before building: an output that is one of the inputs is refused straight away.
        for target in [out.clone(), print_copy_path(&out)] {
            handout::output::refuse_inputs_of(&def, &target).map_err(|e| e.to_string())?;
        }
    }
    let built = engine
        .build(&def, &BuildOptions { booklet, date })
        .map_err(|e| e.to_string())?;
    for w in &built.warnings {
        eprintln!("warning: {}", terminal_safe(w));
    }
    for n in &built.notes {
        eprintln!("note: {}", terminal_safe(n));
    }
    if out.as_os_str() == "-" {
        std::io::stdout()
            .write_all(&built.pdf)
            .map_err(|e| format!("cannot write to standard output: {e}"))?;
        return Ok(ExitCode::SUCCESS);
    }
    handout::output::write_atomic(&out, &built.pdf).map_err(|e| e.to_string())?;
    eprintln!(
        "wrote {} ({} pages)",
        terminal_safe(&out.display().to_string()),
        built.pages
    );
    if let Some(print) = &built.print_pdf {
        let print_path = print_copy_path(&out);
        handout::output::write_atomic(&print_path, print).map_err(|e| e.to_string())?;
        eprintln!(
            "wrote {} (print copy: print double-sided, flip on the SHORT edge, fold in half)",
            print_path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `x.pdf` → `x-print.pdf`.
fn print_copy_path(out: &Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "booklet".into());
    out.with_file_name(format!("{stem}-print.pdf"))
}

fn sections() -> Result<ExitCode, String> {
    let engine = engine()?;
    let mut out = std::io::stdout().lock();
    let width = engine.library.ids().map(str::len).max().unwrap_or(0);
    for s in &engine.library.sections {
        let cond = if s.when_treatments.is_empty() {
            String::new()
        } else {
            format!("  [only for: {}]", s.when_treatments.join(", "))
        };
        writeln!(out, "{:width$}  {}: {}{cond}", s.id, s.title, s.summary)
            .map_err(|e| e.to_string())?;
    }
    Ok(ExitCode::SUCCESS)
}
