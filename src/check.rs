//! `handout check` (being written).
use std::process::ExitCode;

/// Arguments of `handout check`.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// The handout definition to check.
    pub definition: Option<std::path::PathBuf>,
}

pub fn run(_args: &CheckArgs) -> Result<ExitCode, String> {
    Err("check is not built yet".into())
}
