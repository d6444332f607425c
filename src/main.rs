//! The `handout` command: runs the sub-command clap parsed (see `handout::cli`), keeps the exit
//! codes (0 success, 1 an input or build problem, 2 a usage error) and prints each error once.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use handout::cli::{BuildArgs, Cli, Command, Copy, ListArgs};
use handout::definition::Definition;
use handout::{catalog, BuildOptions, Engine};

/// Transparent huge pages off for this process: the allocator's fresh memory was faulted in 2 MB
/// at a time, and zeroing those pages cost a short build a few milliseconds of system time.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// See Cargo.toml: the CLI and the server allocate a great deal, in several threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    no_huge_pages();
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
    let quiet = cli.quiet;
    match cli.command {
        Command::Build(args) => build(&args, quiet),
        Command::Sections(args) => list(&args, Listing::Sections),
        Command::Presets(args) => list(&args, Listing::Presets),
        Command::Treatments(args) => list(&args, Listing::Treatments),
        Command::Check(mut args) => {
            args.quiet = quiet;
            handout::check::run(&args)
        }
        Command::Batch(mut args) => {
            args.quiet = quiet;
            handout::batch::run(&args).map_err(|e| e.to_string())
        }
        Command::Serve(args) => handout::serve::run(&args),
        Command::Completions { shell } => {
            handout::cli::completions(shell, &mut std::io::stdout().lock());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A usage error: printed the way clap prints its own, exit code 2.
fn usage_error(sub_command: &str, message: &str) -> ! {
    let mut cmd = handout::cli::command();
    cmd.build();
    let mut sub = cmd.find_subcommand_mut(sub_command).cloned().unwrap_or(cmd);
    sub.error(clap::error::ErrorKind::ArgumentConflict, message)
        .exit()
}

/// Messages quote what the user wrote: escape control characters before they reach a terminal.
fn terminal_safe(message: &str) -> String {
    handout::files::terminal_safe(message, true)
}

fn engine() -> Result<Engine, String> {
    Engine::new().map_err(|e| e.to_string())
}

fn build(args: &BuildArgs, quiet: bool) -> Result<ExitCode, String> {
    if let Some(d) = &args.date {
        if !handout::definition::is_iso_date(d) {
            return Err(format!(
                "--date {d}: write the date as YYYY-MM-DD, for example --date 2026-11-23"
            ));
        }
    }
    let to_stdout = args.output.as_deref() == Some(Path::new("-"));
    if to_stdout && std::io::stdout().is_terminal() {
        return Err("-o -: a PDF is not written to a terminal; redirect it (`-o - > file.pdf`), pipe it, or give -o FILE.pdf".into());
    }
    let engine = engine()?;
    let def = Definition::load(&args.definition).map_err(|e| e.to_string())?;
    // a problem in the definition is reported after the usage and output checks, as a build's
    let checked = def.check();
    let booklet = args.booklet || checked.as_ref().is_ok_and(|req| req.style.booklet);
    match (booklet, args.copy, to_stdout) {
        (false, Some(_), _) => usage_error("build", "--copy chooses a booklet's copy; add --booklet, or leave --copy out"),
        (true, None, true) => usage_error("build", "a booklet has two copies and standard output takes one: add --copy reading or --copy print"),
        _ => {}
    }
    let options = BuildOptions {
        booklet: args.booklet,
        date: args.date.clone(),
    };
    if !to_stdout {
        // Before building: an output that is one of the inputs is refused straight away.
        let names =
            handout::output::output_names(&args.definition, args.output.as_deref(), booklet);
        for target in std::iter::once(&names.main).chain(names.print.as_ref()) {
            handout::output::refuse_inputs_of(&def, target).map_err(|e| e.to_string())?;
        }
    }
    let req = checked.map_err(|e| e.to_string())?;
    let built = engine.build(&req, &options).map_err(|e| e.to_string())?;
    for w in &built.warnings {
        eprintln!("warning: {}", terminal_safe(w));
    }
    for w in handout::check::custom_section_warnings(&req, &engine.library) {
        eprintln!("warning: {}", terminal_safe(&w));
    }
    if !quiet {
        for n in &built.notes {
            eprintln!("note: {}", terminal_safe(n));
        }
    }
    let print = built.print_pdf.as_deref();
    if to_stdout {
        let bytes = match (args.copy, print) {
            (Some(Copy::Print), Some(p)) => p,
            _ => &built.pdf,
        };
        std::io::stdout()
            .write_all(bytes)
            .and_then(|()| std::io::stdout().flush())
            .map_err(|e| format!("cannot write to standard output: {e}"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let names =
        handout::output::output_names(&args.definition, args.output.as_deref(), print.is_some());
    if let (Some(n), false) = (&names.note, quiet) {
        eprintln!("note: {n}");
    }
    if args.copy != Some(Copy::Print) {
        handout::output::write_atomic(&names.main, &built.pdf).map_err(|e| e.to_string())?;
        if !quiet {
            let shown = terminal_safe(&names.main.display().to_string());
            eprintln!("wrote {shown} ({} pages)", built.pages);
        }
    }
    if let (Some(bytes), Some(path)) = (print, &names.print) {
        if args.copy != Some(Copy::Reading) {
            handout::output::write_atomic(path, bytes).map_err(|e| e.to_string())?;
            if !quiet {
                eprintln!(
                    "wrote {} (print copy: print double-sided, flip on the SHORT edge, fold in half)",
                    path.display()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

enum Listing {
    Sections,
    Presets,
    Treatments,
}

fn list(args: &ListArgs, what: Listing) -> Result<ExitCode, String> {
    let engine = engine()?;
    let lib = &engine.library;
    let shelf = lib.shelf(&args.lang).ok_or_else(|| {
        format!(
            "the library is not written in `{}`; use --lang {}",
            args.lang,
            std::iter::once("en")
                .chain(lib.translations.iter().map(|t| t.language))
                .collect::<Vec<_>>()
                .join(" or --lang ")
        )
    })?;
    let json = |v: serde_json::Result<String>| v.map(|t| t + "\n").map_err(|e| e.to_string());
    let text = match (what, args.json) {
        (Listing::Sections, false) => catalog::sections_text_in(shelf),
        (Listing::Presets, false) => catalog::presets_text_in(lib, shelf),
        (Listing::Treatments, false) => catalog::treatments_text(lib),
        (Listing::Sections, true) => {
            json(serde_json::to_string_pretty(&catalog::sections_in(shelf)))?
        }
        (Listing::Presets, true) => json(serde_json::to_string_pretty(&catalog::presets_in(
            lib, shelf,
        )))?,
        (Listing::Treatments, true) => {
            json(serde_json::to_string_pretty(&catalog::conditions(lib)))?
        }
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| format!("cannot write to standard output: {e}"))?;
    Ok(ExitCode::SUCCESS)
}
