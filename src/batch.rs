//! Batch generation (being written).
use std::process::ExitCode;

/// Arguments of `handout batch`.
#[derive(Debug, Clone, clap::Args)]
pub struct BatchArgs {
    /// The manifest: CSV (one row per handout) or TOML (a list of entries).
    pub manifest: std::path::PathBuf,
}

pub fn run(_args: &BatchArgs) -> Result<ExitCode, String> {
    Err("batch is not built yet".into())
}
