//! The command line's definition: every sub-command, argument and help text, in one place so
//! that the binary, the shell completions and the man page (doc/handout.1) all come from it.

use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

/// What `handout --help` ends with: examples and the exit codes.
const AFTER_HELP: &str = "\
Examples:
  handout build handouts/examples/bone-health-basics.toml
  handout build handouts/examples/tailored-maria.toml -o maria.pdf
  handout build handouts/examples/bone-health-basics.toml --booklet --date 2026-11-23
  handout sections
  handout sections --lang es
  handout presets
  handout treatments
  handout check --library
  handout batch handouts/examples/batch.csv --template handouts/examples/batch-template.toml -o out/

Exit status: 0 success; 1 a problem with the input or the build (the message says what and where);
2 a usage error (an unknown option, a missing argument).";

#[derive(Debug, Parser)]
#[command(
    name = "handout",
    version,
    about = "Large-print, tailored patient-education handouts and booklets (tagged PDF) for people living with bone metastases.",
    after_help = AFTER_HELP
)]
pub struct Cli {
    /// Print only warnings and errors (no notes, no "wrote ..." lines, no progress).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build a handout (or booklet) PDF from a definition.
    Build(BuildArgs),
    /// List the library's sections: id, title and summary.
    Sections(ListArgs),
    /// List the presets: name, summary and the sections each one prints.
    Presets(ListArgs),
    /// List the treatment and cancer-type ids a definition may name, and the sections each
    /// turns on.
    Treatments(ListArgs),
    /// Check reading grade and large-print floors of a definition's sections, or of the library.
    Check(crate::check::CheckArgs),
    /// Build many tailored handouts from one manifest (CSV or TOML), in parallel.
    Batch(crate::batch::BatchArgs),
    /// Serve the web form for clinic staff and the HTTP API (POST /api/build) on this computer.
    Serve(crate::serve::ServeArgs),
    /// Print a shell completion script (bash, zsh, fish or powershell) on standard output.
    #[command(
        after_help = "Install, for example:\n  handout completions bash > ~/.local/share/bash-completion/completions/handout\n  handout completions zsh > ~/.zfunc/_handout\n  handout completions fish > ~/.config/fish/completions/handout.fish"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Arguments of `handout build`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "\
Output names: a handout goes to NAME.pdf beside NAME.toml; a booklet to NAME-booklet.pdf (the
reading copy) and NAME-booklet-print.pdf (the copy to print and fold). With -o X.pdf a booklet
writes X.pdf and X-print.pdf. -o - writes to standard output (not to a terminal); a booklet then
needs --copy reading or --copy print.")]
pub struct BuildArgs {
    /// The handout definition (TOML).
    pub definition: PathBuf,
    /// Output file, ending in .pdf [default: NAME.pdf, or NAME-booklet.pdf, beside the
    /// definition]; a folder puts the default name in it; `-` for standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Make a booklet: half-letter (A5) pages, cover, contents, and an imposed print copy.
    #[arg(long)]
    pub booklet: bool,
    /// Which copy of a booklet to write [default: both].
    #[arg(long, value_enum, value_name = "COPY")]
    pub copy: Option<Copy>,
    /// The date printed on a booklet's cover (YYYY-MM-DD); overrides the definition's `date`.
    #[arg(long)]
    pub date: Option<String>,
}

/// One of a booklet's two PDFs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Copy {
    /// The reading copy: pages in order, tagged for screen readers.
    Reading,
    /// The print copy: pages imposed two to a sheet, to print double-sided and fold.
    Print,
}

/// Arguments of the listing sub-commands.
#[derive(Debug, Clone, clap::Args)]
pub struct ListArgs {
    /// Print JSON on standard output instead of the table.
    #[arg(long)]
    pub json: bool,
    /// The library's language: "en", or "es" for the sections written in Spanish so far and
    /// the presets' Spanish summaries (ids are the same in every language).
    #[arg(long, value_name = "LANG", default_value = "en")]
    pub lang: String,
}

/// The clap command, for completions and the man page.
pub fn command() -> clap::Command {
    Cli::command()
}

/// The man pages (file name, roff text): `handout.1` and one `handout-SUB.1` per sub-command,
/// generated from the same definitions as `--help` (doc/ holds them; a test keeps them current).
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    let mut cmd = command();
    cmd.build();
    let mut pages = vec![("handout.1".to_string(), render_man(cmd.clone()))];
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("handout-{}", sub.get_name());
        let page = sub.clone().name(name.clone()).bin_name(name.clone());
        pages.push((format!("{name}.1"), render_man(page)));
    }
    pages
}

fn render_man(cmd: clap::Command) -> Vec<u8> {
    let mut out = Vec::new();
    // writing to a Vec cannot fail
    let _ = clap_mangen::Man::new(cmd).render(&mut out);
    out
}

/// Writes the completion script for `shell` to `out`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn std::io::Write) {
    clap_complete::generate(shell, &mut command(), "handout", out);
}
